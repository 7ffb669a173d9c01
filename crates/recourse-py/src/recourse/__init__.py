"""Recourse in Python: compile a supplier defect-claim policy, evaluate claims with it.

The evaluator is the Rust core built as a WebAssembly component (``recourse.wasm``, WIT world in
``crates/recourse-component/wit/``), run in-process by wasmtime. Decisions are the bytes the
CLI's ``recourse eval --json`` writes, parsed into dicts; amounts are decimal strings.

    >>> import recourse
    >>> policy = recourse.compile(open("policies/apparel-coats.policy").read())
    >>> decision = policy.evaluate(claim)          # dict or JSON text in, decision dict out
    >>> results = policy.evaluate_many(claims)     # one {"ok": ...} per claim, never raises per claim
"""

from __future__ import annotations

import datetime
import decimal
import json
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Mapping, NamedTuple, Optional, Tuple, Union

from . import _runtime

__all__ = [
    "Claim",
    "ClaimError",
    "Diagnostic",
    "Evaluated",
    "Policy",
    "PolicyError",
    "RecourseError",
    "VaryValue",
    "check",
    "compile",
    "format",
    "version",
]

#: A claim: a mapping (amounts as decimal strings, ``decimal.Decimal`` or ``float``) or JSON text.
Claim = Union[Mapping[str, Any], str, bytes]


@dataclass(frozen=True)
class Diagnostic:
    """A diagnostic of a policy source. Lines and columns are 1-based; ``column_utf16`` counts
    UTF-16 code units, as browser editors do; ``start`` and ``end`` are byte offsets (UTF-8)."""

    code: str
    severity: str
    message: str
    help: Optional[str]
    start: int
    end: int
    line: int
    column: int
    column_utf16: int
    end_line: int
    end_column: int
    end_column_utf16: int
    text: str

    def to_dict(self) -> Dict[str, Any]:
        """The diagnostic as ``diagnostics.schema.json`` shapes it (the CLI's and npm's JSON)."""
        d: Dict[str, Any] = {"code": self.code, "severity": self.severity, "message": self.message}
        if self.help is not None:
            d["help"] = self.help
        d["span"] = {"start": self.start, "end": self.end}
        for key in ("line", "column", "column_utf16", "end_line", "end_column", "end_column_utf16", "text"):
            d[key] = getattr(self, key)
        return d

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.severity}[{self.code}]: {self.message}"


class RecourseError(Exception):
    """Base class of the errors this package raises."""


class PolicyError(RecourseError):
    """The policy source has errors; ``diagnostics`` lists every one."""

    def __init__(self, diagnostics: List[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        first = str(diagnostics[0]) if diagnostics else "invalid policy"
        more = f" (and {len(diagnostics) - 1} more)" if len(diagnostics) > 1 else ""
        super().__init__(first + more)


class ClaimError(RecourseError):
    """A claim that cannot be read or evaluated. ``errors`` are the CLI's error objects
    (``code``, ``message``, and ``field``, ``clause`` or ``span`` when known); ``code``,
    ``message`` and ``field`` are the first one's."""

    def __init__(self, errors: List[Dict[str, Any]]) -> None:
        self.errors = errors
        first = errors[0] if errors else {}
        self.code: str = first.get("code", "E0000")
        self.message: str = first.get("message", "")
        self.field: Optional[str] = first.get("field")
        super().__init__(f"{self.code}: {self.message}")


def _field(record: Any, name: str) -> Any:
    """A field of a WIT record as wasmtime-py gives it (the WIT name, dashes included)."""
    return getattr(record, name)


def _diagnostic(record: Any) -> Diagnostic:
    return Diagnostic(
        code=_field(record, "code"),
        severity=_field(record, "severity"),
        message=_field(record, "message"),
        help=_field(record, "help"),
        start=_field(record, "start"),
        end=_field(record, "end"),
        line=_field(record, "line"),
        column=_field(record, "column"),
        column_utf16=_field(record, "column-utf16"),
        end_line=_field(record, "end-line"),
        end_column=_field(record, "end-column"),
        end_column_utf16=_field(record, "end-column-utf16"),
        text=_field(record, "text"),
    )


def _json_default(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise ValueError(f"the amount {value} is not a finite number")
        return "{:f}".format(value)  # exact, as a decimal string: "12.30" stays "12.30"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _invalid_claim(message: str) -> str:
    return json.dumps([{"code": "E0301", "message": message}], ensure_ascii=False, separators=(",", ":"))


def claim_text(claim: Any) -> Tuple[Optional[str], Optional[str]]:
    """``(text, None)``, or ``(None, errors_json)`` when the claim cannot be JSON. A float is
    written from its shortest repr, so ``0.1 + 0.2`` reaches the core as 0.30000000000000004,
    which it refuses; a ``Decimal`` goes as its exact decimal string."""
    if isinstance(claim, (bytes, bytearray)):
        try:
            return bytes(claim).decode("utf-8"), None
        except UnicodeDecodeError as e:
            return None, _invalid_claim(f"the claim is not UTF-8: {e}")
    if not isinstance(claim, str):
        try:
            claim = json.dumps(claim, default=_json_default, allow_nan=False, ensure_ascii=False, separators=(",", ":"))
        except (TypeError, ValueError, RecursionError) as e:
            return None, _invalid_claim(f"the claim is not JSON: {e}")
    try:
        claim.encode("utf-8")  # a lone surrogate cannot cross into the component
    except UnicodeEncodeError as e:
        return None, _invalid_claim(f"the claim is not valid Unicode: {e}")
    return claim, None


def _ok_or_err(result: Any) -> Tuple[bool, str]:
    """A WIT ``result<string, string>`` as ``(ok, text)``."""
    return result.tag == "ok", result.payload


def _value(result: Any) -> Dict[str, Any]:
    """The parsed value of a ``result<string, string>``, or :class:`ClaimError`."""
    ok, text = _ok_or_err(result)
    if not ok:
        raise ClaimError(json.loads(text))
    value: Dict[str, Any] = json.loads(text)
    return value


#: A value of a varied claim input (:meth:`Policy.flips`).
VaryValue = Union[int, str, decimal.Decimal, datetime.date, bool]


def _vary_text(value: Optional[VaryValue]) -> Optional[str]:
    """A bound of a range as the component reads it: exact text, never through a float."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, decimal.Decimal, datetime.date, str)):
        return str(value)
    raise TypeError(f"a range bound must be an int, a Decimal, a date, a bool or text, not {type(value).__name__}")


class Policy:
    """A compiled policy. Make one with :func:`compile`; evaluate many claims with it. ``close()``
    (or a ``with`` block) frees it in the component at once; otherwise it is freed when collected."""

    def __init__(self, handle: Any, rt: _runtime.Runtime) -> None:
        self._handle: Any = handle
        self._rt = rt

    def _call(self, method: str, *args: Any) -> Any:
        if self._handle is None:
            raise ValueError("the policy was closed")
        return self._rt.call(f"[method]policy.{method}", self._handle, *args)

    @property
    def title(self) -> str:
        """The policy's title, from its header."""
        return str(self._call("title"))

    @property
    def warnings(self) -> List[Diagnostic]:
        """The checker's warnings."""
        return [_diagnostic(d) for d in self._call("warnings")]

    def evaluate(self, claim: Claim, *, trace: bool = False) -> Dict[str, Any]:
        """The decision for a claim, as ``recourse eval --json`` gives it (its ``decision``).
        Raises :class:`ClaimError` for a claim that cannot be read or evaluated."""
        return _value(self._evaluate_text(claim, trace))

    def evaluate_json(self, claim: Claim, *, trace: bool = False) -> Tuple[bool, str]:
        """``(True, decision JSON)`` or ``(False, errors JSON)``: the component's bytes, unparsed."""
        return _ok_or_err(self._evaluate_text(claim, trace))

    def _evaluate_text(self, claim: Claim, trace: bool) -> Any:
        text, error = claim_text(claim)
        if text is None:
            return _Err(error or "[]")
        return self._call("evaluate", text, trace)

    def evaluate_many(self, claims: Iterable[Claim]) -> List[Dict[str, Any]]:
        """One result per claim, in order: ``{"ok": True, "decision": {...}}`` or
        ``{"ok": False, "errors": [...]}``. Never raises for a bad claim."""
        out: List[Dict[str, Any]] = []
        for ok, text in self.evaluate_many_json(claims):
            out.append({"ok": True, "decision": json.loads(text)} if ok else {"ok": False, "errors": json.loads(text)})
        return out

    def evaluate_many_json(self, claims: Iterable[Claim]) -> List[Tuple[bool, str]]:
        """Like :meth:`evaluate_many`, unparsed: ``(ok, decision or errors as JSON text)`` per
        claim, the bytes ``recourse batch`` writes for them. One call into the component."""
        return [(e.ok, e.json) for e in self.evaluate_many_rows(claims)]

    def evaluate_many_rows(self, claims: Iterable[Claim]) -> List["Evaluated"]:
        """One :class:`Evaluated` per claim, in order, with the figures a table shows beside the
        JSON text; what ``recourse.spark`` writes. One call into the component."""
        texts: List[Optional[str]] = []
        errors: List[Optional[str]] = []
        for claim in claims:
            text, error = claim_text(claim)
            texts.append(text)
            errors.append(error)
        columns = self._call("evaluate-many", [t for t in texts if t is not None])
        names = ("ok", "json", "recommended", "supplier-total", "response-due")
        rows = iter(zip(*(_field(columns, n) for n in names)))
        out: List[Evaluated] = []
        for text, error in zip(texts, errors):
            if text is None:
                out.append(Evaluated(False, error or "[]", None, None, None))
                continue
            ok, json_text, recommended, total, due = next(rows)
            out.append(Evaluated(ok, json_text, recommended or None, total or None, due or None))
        return out

    def describe(self) -> Dict[str, Any]:
        """What a claim form needs: currency, defects, inputs with defaults, remedies, deadlines."""
        info: Dict[str, Any] = json.loads(self._call("describe"))
        return info

    def packet(self, claim: Claim) -> Dict[str, Any]:
        """``{"packet": ..., "markdown": ...}``: the supplier claim packet, customers pseudonymised."""
        text, error = claim_text(claim)
        return _value(self._call("packet", text) if text is not None else _Err(error or "[]"))

    def closeout(self, claim: Claim, supplier_explanation: Optional[str] = None) -> Dict[str, Any]:
        """``{"closeout": ..., "text": ...}``: the six-line closeout note."""
        text, error = claim_text(claim)
        return _value(self._call("closeout", text, supplier_explanation) if text is not None else _Err(error or "[]"))

    def log(self, claims: Iterable[Claim]) -> Dict[str, Any]:
        """``{"rows": [...], "csv": ...}``: the defective log; the first bad claim raises."""
        texts = []
        for claim in claims:
            text, error = claim_text(claim)
            if text is None:
                raise ClaimError(json.loads(error or "[]"))
            texts.append(text)
        return _value(self._call("log", texts))

    def diff(self, newer: "Policy", claims: Iterable[Claim], top: int = 10) -> Dict[str, Any]:
        """The contract diff of this policy, the old version, against ``newer`` over ``claims``:
        ``{"old", "new", "clauses", "claims", "summary"}`` (diff.schema.json), what
        ``recourse diff --json`` writes, with the ``top`` largest changes. A claim that cannot be
        read is that claim's error in the report (``status`` ``"failed"``), never the call's."""
        if newer._handle is None:
            raise ValueError("the policy was closed")
        texts = []
        for claim in claims:
            text, _ = claim_text(claim)
            # A claim Python cannot write as JSON goes as empty text: the core reports it (E0301).
            texts.append(text if text is not None else "")
        report: Dict[str, Any] = json.loads(self._call("diff", newer._handle, texts, max(0, min(int(top), 2**32 - 1))))
        return report

    def scorecard(self, scorecard_input: Union[Mapping[str, Any], str]) -> Dict[str, Any]:
        """``{"scorecard": ...}`` over ``{"claims": [...], "receipts": [...]}``."""
        text, error = claim_text(scorecard_input)
        return _value(self._call("scorecard", text) if text is not None else _Err(error or "[]"))

    def flips(
        self,
        claim: Claim,
        vary: str,
        first: Optional["VaryValue"] = None,
        last: Optional["VaryValue"] = None,
    ) -> Dict[str, Any]:
        """The exact values of one claim input where the decision turns, as ``recourse flips
        --json`` gives them (without ``ok``): ``points`` (each with ``below``, ``above`` and the
        ``changes``, each with its clause) and the ``intervals`` between with their outcome.
        ``vary`` is the input's path (``"affected_units"``, ``"order.unit_price"``,
        ``"inspection.found[0].count"``, ``"notified_on"``, ``"facts.NAME"``); ``first`` and
        ``last`` bound the range (an int, a ``Decimal`` or decimal string, a ``date``, a bool;
        ``None`` for the input's natural range). Every value of the range is evaluated, so no flip
        is missed. Raises :class:`ClaimError` for a bad claim, variable (E0401) or a range of more
        than 100 000 values (E0402)."""
        text, error = claim_text(claim)
        if text is None:
            raise ClaimError(json.loads(error or "[]"))
        return _value(self._call("flips", text, vary, _vary_text(first), _vary_text(last)))

    def sweep(
        self,
        claim: Claim,
        vary: str,
        first: Optional["VaryValue"] = None,
        last: Optional["VaryValue"] = None,
        step: Optional["VaryValue"] = None,
    ) -> Dict[str, Any]:
        """The claim evaluated at every value of a range of one input, as columns with one entry
        per value, the npm package's ``sweep`` without ``ok``: ``vary``, ``values``,
        ``recommended``, ``remedies`` (per remedy ``available``, ``supplier_total``,
        ``buyer_pays``, ``buyer_net_recovery``, ``capped``), ``reported``, ``deadlines`` (``due``
        and ``status``), ``lot``, ``escalation``, ``flags`` and ``errors`` (a value whose
        evaluation failed has its error there and ``None`` elsewhere). ``vary`` as for
        :meth:`flips`; ``first``, ``last`` and ``step`` as there (``None``: the input's natural
        range and step: one unit, one cent, one day). At most 10 000 values. Raises
        :class:`ClaimError` for a bad claim, variable (E0401) or range (E0402)."""
        text, error = claim_text(claim)
        if text is None:
            raise ClaimError(json.loads(error or "[]"))
        return _value(self._call("sweep", text, vary, _vary_text(first), _vary_text(last), _vary_text(step)))

    def close(self) -> None:
        """Free the policy in the component now."""
        handle, self._handle = self._handle, None
        if handle is not None:
            self._rt.drop(handle)

    def __enter__(self) -> "Policy":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        handle, self._handle = getattr(self, "_handle", None), None
        if handle is not None:
            self._rt.drop_later(handle)


class Evaluated(NamedTuple):
    """A claim's result from :meth:`Policy.evaluate_many_rows`."""

    ok: bool
    #: The decision (when ``ok``) or the ``errors`` array, as JSON text (``recourse batch``'s bytes).
    json: str
    #: The recommended remedy's name.
    recommended: Optional[str]
    #: Its supplier total, a decimal string with the currency's places.
    supplier_total: Optional[str]
    #: The supplier-response deadline's date (ISO 8601), when the policy names one.
    response_due: Optional[str]


class _Err:
    """A failed result made on the Python side (a claim that is not JSON), shaped as the WIT one."""

    tag = "err"

    def __init__(self, payload: str) -> None:
        self.payload = payload


def _records_or_value(result: Any) -> Tuple[bool, Any]:
    """A WIT ``result<T, list<diagnostic>>`` where wasmtime-py returns the value untagged."""
    if isinstance(result, list):
        return False, [_diagnostic(d) for d in result]
    return True, result


def compile(source: str) -> Policy:  # noqa: A001 (the npm package's name)
    """Parse and check a policy; raises :class:`PolicyError` with every diagnostic."""
    if not isinstance(source, str):
        raise TypeError(f"compile takes the policy source as str, found {type(source).__name__}")
    rt = _runtime.runtime()
    ok, value = _records_or_value(rt.call("[static]policy.compile", source))
    if not ok:
        raise PolicyError(value)
    return Policy(value, rt)


def format(source: str) -> str:  # noqa: A001 (the npm package's name)
    """The source in the canonical layout, comments kept; raises :class:`PolicyError` on syntax
    errors."""
    ok, value = _records_or_value(_runtime.runtime().call("format", source))
    if not ok:
        raise PolicyError(value)
    return str(value)


def check(source: str) -> List[Diagnostic]:
    """Every diagnostic of a policy source (errors and warnings), sorted by position."""
    return [_diagnostic(d) for d in _runtime.runtime().call("check", source)]


def version() -> str:
    """The engine's name and version, as in every decision (``decision["engine"]``)."""
    return str(_runtime.runtime().call("version"))


def _loaded() -> _runtime.Runtime:
    """Load the component now (``import recourse`` does), so the first call pays nothing."""
    return _runtime.runtime()


_loaded()
