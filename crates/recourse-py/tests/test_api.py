"""The Python API over the component: errors with their codes, fields and positions, exact
amounts, batches that never fail, and the compiled-artifact cache."""

from __future__ import annotations

import copy
import json
import time
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List

import pytest

import recourse
from recourse import _runtime
from conftest import CLAIM, POLICY


@pytest.fixture(scope="module")
def policy() -> recourse.Policy:
    return recourse.compile(POLICY.read_text(encoding="utf-8"))


@pytest.fixture()
def claim() -> Dict[str, Any]:
    return json.loads(CLAIM.read_text(encoding="utf-8"))


def test_a_policy_with_errors_raises_with_every_diagnostic_and_utf16_columns() -> None:
    source = 'policy "Mäntel 🧥" { currency XYZ }\n'
    with pytest.raises(recourse.PolicyError) as raised:
        recourse.compile(source)
    [d] = raised.value.diagnostics
    assert (d.code, d.severity, d.text) == ("E0106", "error", "XYZ")
    prefix = source[: source.index("XYZ")]
    assert d.start == len(prefix.encode("utf-8"))
    assert d.column == len(prefix) + 1
    assert d.column_utf16 == len(prefix.encode("utf-16-le")) // 2 + 1
    assert d.column_utf16 == d.column + 1  # the emoji is two UTF-16 units
    assert d.to_dict()["span"] == {"start": d.start, "end": d.end}
    assert str(raised.value).startswith("1:")


def test_several_errors_are_all_reported() -> None:
    source = 'policy "P" { currency USD }\nremedy a "A" { when nope supplier pays USD 1.00 as "x" }\nremedy b "B" { when alsonot supplier pays USD 1.00 as "y" }\n'
    with pytest.raises(recourse.PolicyError) as raised:
        recourse.compile(source)
    assert [d.code for d in raised.value.diagnostics] == ["E0103", "E0103"]
    assert [d.line for d in raised.value.diagnostics] == [2, 3]


def test_evaluate_returns_the_decision_of_eval_json(policy: recourse.Policy, claim: Dict[str, Any]) -> None:
    d = policy.evaluate(claim)
    assert d["engine"] == recourse.version()
    assert d["claim_id"] == claim["claim_id"]
    assert d["recommendation"]["remedy"] == "replacement"
    assert policy.evaluate(json.dumps(claim)) == d
    assert policy.evaluate(json.dumps(claim).encode()) == d
    assert "trace" not in d and "trace" in policy.evaluate(claim, trace=True)


def test_float_noise_is_refused_with_the_cli_code_and_field(policy: recourse.Policy, claim: Dict[str, Any]) -> None:
    claim["order"]["unit_price"] = 0.1 + 0.2
    with pytest.raises(recourse.ClaimError) as raised:
        policy.evaluate(claim)
    e = raised.value
    assert (e.code, e.field) == ("E0301", "order.unit_price")
    assert "`0.30000000000000004` cannot be an exact amount" in e.message
    assert e.errors == [{"code": "E0301", "message": e.message, "field": "order.unit_price"}]


def test_decimal_and_float_amounts_are_read_exactly(policy: recourse.Policy, claim: Dict[str, Any]) -> None:
    as_string = copy.deepcopy(claim)
    as_string["order"]["unit_price"] = "12.30"
    as_decimal = copy.deepcopy(claim)
    as_decimal["order"]["unit_price"] = Decimal("12.30")
    as_float = copy.deepcopy(claim)
    as_float["order"]["unit_price"] = 12.3
    expected = policy.evaluate(as_string)
    assert policy.evaluate(as_decimal) == expected
    # 12.3 and 12.30 are the same amount; the decision prints the currency's places.
    assert policy.evaluate(as_float)["remedies"] == expected["remedies"]
    as_decimal["order"]["unit_price"] = Decimal("NaN")
    with pytest.raises(recourse.ClaimError, match="E0301: the claim is not JSON"):
        policy.evaluate(as_decimal)


def test_evaluate_many_gives_one_result_per_claim_in_order(policy: recourse.Policy, claim: Dict[str, Any]) -> None:
    bad_code = copy.deepcopy(claim)
    bad_code["inspection"]["found"][0]["defect"] = "not_a_code"
    second = copy.deepcopy(claim)
    second["claim_id"] = "CLM-2"
    surrogate = {**claim, "claim_id": "\ud800"}
    results = policy.evaluate_many([claim, bad_code, "{not json", {"x": object()}, None, surrogate, b"\xff", second])
    assert [r["ok"] for r in results] == [True, False, False, False, False, False, False, True]
    assert [r["errors"][0]["code"] for r in results if not r["ok"]] == ["E0303"] + ["E0301"] * 5
    assert [r["errors"][0]["message"].split(":")[0] for r in results[3:7]] == [
        "the claim is not JSON", "invalid type", "the claim is not valid Unicode", "the claim is not UTF-8"]
    assert results[0]["decision"] == policy.evaluate(claim)
    assert results[7]["decision"]["claim_id"] == "CLM-2"
    with pytest.raises(recourse.ClaimError) as raised:
        policy.evaluate(bad_code)
    assert raised.value.errors == results[1]["errors"]
    assert policy.evaluate_many([]) == []
    rows = policy.evaluate_many_rows([claim, bad_code, None])
    assert [r[2:] for r in rows] == [("replacement", "8930.00", "2026-03-12"), (None, None, None), (None, None, None)]
    assert [(r.ok, r.json) for r in rows] == policy.evaluate_many_json([claim, bad_code, None])
    assert json.loads(rows[1].json) == results[1]["errors"]


def test_format_and_check() -> None:
    source = POLICY.read_text(encoding="utf-8")
    formatted = recourse.format(source)
    assert recourse.format(formatted) == formatted
    assert recourse.compile(formatted).describe() == recourse.compile(source).describe()
    with pytest.raises(recourse.PolicyError) as raised:
        recourse.format("policy x")
    assert [d.code for d in raised.value.diagnostics] == ["E0001"]
    assert [d.code for d in recourse.check("policy x")] == ["E0001"]
    unused = source + "\ninput never_read: bool = false\n"
    assert "W" in "".join(d.code[0] for d in recourse.check(unused))
    assert [d.code for d in recourse.compile(unused).warnings] == [d.code for d in recourse.check(unused)]


def test_describe_packet_closeout_log_scorecard(policy: recourse.Policy, claim: Dict[str, Any]) -> None:
    info = policy.describe()
    assert (info["currency"], info["minor_units"], info["response_deadline"]) == ("USD", 2, "response")
    packet = policy.packet(claim)
    assert set(packet) == {"packet", "markdown"} and packet["markdown"].startswith("#")
    closeout = policy.closeout(claim, "a worn zipper die")
    assert len(closeout["text"].strip().splitlines()) == 6
    log = policy.log([claim, claim])
    assert log["csv"].splitlines()[0].startswith("date,customer_reference,product,lot")
    bad = copy.deepcopy(claim)
    bad["currency"] = "EUR"
    with pytest.raises(recourse.ClaimError) as raised:
        policy.log([claim, bad])
    assert (raised.value.code, raised.value.field) == ("E0302", "currency")
    card = policy.scorecard({"claims": [claim, bad], "receipts": []})["scorecard"]
    assert card["claims"] == 1
    assert [e["error"]["code"] for e in card["errors"]] == ["E0302"]
    with pytest.raises(recourse.ClaimError) as raised:
        policy.scorecard({"claims": "x"})
    assert (raised.value.code, raised.value.field) == ("E0301", "claims")


def test_diff_raising_the_cap_to_70_percent(policy: recourse.Policy, claim: Dict[str, Any]) -> None:
    source = POLICY.read_text(encoding="utf-8")
    capped = copy.deepcopy(claim)
    capped.update({"claim_id": "CAPPED", "affected_units": 5000})
    capped["order"]["value"] = "50000.00"
    capped["facts"]["stock_critical"] = False
    with recourse.compile(source.replace("at most 55% of order.value", "at most 70% of order.value")) as cap70:
        report = policy.diff(cap70, [capped, claim, "{ not json"], top=2)
    assert [(c["kind"], c["name"], c["change"]) for c in report["clauses"]] == [("cap", "Q.7 Limitation", "changed")]
    assert [(c["line"], c["status"]) for c in report["claims"]] == [(1, "changed"), (3, "failed")]
    total = report["claims"][0]["changes"]["recommended_supplier_total"]
    assert (total["old"], total["new"], total["change"]) == ("27500.00", "35000.00", "7500.00")
    assert report["claims"][1]["old_error"]["code"] == "E0301"
    summary = report["summary"]
    assert (summary["claims"], summary["changed"], summary["unchanged"], summary["failed"]) == (3, 1, 1, 1)
    assert Decimal(summary["supplier_change"]) == Decimal("7500.00")
    same = recourse.compile("# reformatted\n" + source.replace("\n  ", "\n    "))
    assert policy.diff(same, [claim])["clauses"] == []


def test_a_closed_policy_refuses_calls() -> None:
    p = recourse.compile(POLICY.read_text(encoding="utf-8"))
    with p:
        assert p.title == "Outerwear Supply Agreement 2026, Schedule Q"
    with pytest.raises(ValueError, match="closed"):
        p.evaluate("{}")
    p.close()  # twice is fine


def test_the_compiled_component_is_cached_and_a_bad_cache_file_is_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECOURSE_CACHE_DIR", str(tmp_path))
    started = time.perf_counter()
    _runtime.Runtime()
    cold = time.perf_counter() - started
    [cached] = list(tmp_path.glob("recourse-*.cwasm"))
    started = time.perf_counter()
    rt = _runtime.Runtime()
    warm = time.perf_counter() - started
    assert rt.call("version") == recourse.version()
    assert warm < cold, (warm, cold)
    cached.write_bytes(b"not a compiled component")
    assert _runtime.Runtime().call("version") == recourse.version()
    assert cached.read_bytes() != b"not a compiled component"


def test_the_component_imports_only_what_std_links_and_no_clock_file_or_socket() -> None:
    rt = _runtime.runtime()
    imports = {name.split("@")[0] for name in rt.component.type.imports(rt.engine)}
    cli = {"environment", "exit", "stdin", "stdout", "stderr", "terminal-input", "terminal-output", "terminal-stdin", "terminal-stdout", "terminal-stderr"}
    assert imports == {"wasi:io/poll", "wasi:io/error", "wasi:io/streams", "wasi:random/insecure-seed"} | {f"wasi:cli/{c}" for c in cli}
    assert list(rt.component.type.exports(rt.engine)) == [_runtime.INTERFACE]


def test_policies_left_to_the_garbage_collector_never_deadlock_a_call(claim: Dict[str, Any]) -> None:
    """A cycle's finalizer runs when the collector does, which may be in the middle of a call."""
    import gc
    import threading

    source = POLICY.read_text(encoding="utf-8")
    done: List[int] = []

    def churn() -> None:
        old = gc.get_threshold()
        gc.set_threshold(1)  # collect at nearly every allocation, so inside calls too
        try:
            for i in range(60):
                p = recourse.compile(source)
                p.cycle = p  # type: ignore[attr-defined]  # only the collector frees it
                del p
                assert recourse.compile(source).evaluate(claim)["claim_id"] == claim["claim_id"]
                done.append(i)
        finally:
            gc.set_threshold(*old)

    worker = threading.Thread(target=churn, daemon=True)
    worker.start()
    worker.join(timeout=120)
    assert not worker.is_alive(), f"deadlocked after {len(done)} rounds"
    assert len(done) == 60
    gc.collect()
    recourse.version()  # drops what the collector queued
    assert _runtime.runtime()._deferred == []


def test_flips_name_the_exact_count_and_day_where_the_decision_turns(policy: recourse.Policy, claim: Dict[str, Any]) -> None:
    out = policy.flips(claim, "inspection.found[0].count", 0, 5)
    assert (out["method"], out["evaluated"], out["unit"]) == ("exhaustive", 6, "1")
    assert [(p["below"], p["above"]) for p in out["points"]] == [("0", "1")]
    rec = next(c for c in out["points"][0]["changes"] if c["kind"] == "recommended")
    assert (rec["before"], rec["after"]) == ("credit_offset", "replacement")
    lot = next(c for c in out["points"][0]["changes"] if c["kind"] == "lot")
    assert lot["clause"] == "Q.3 Acceptance sampling"
    assert [(i["from"], i["to"], i["outcome"]["recommended"]) for i in out["intervals"]] == [
        ("0", "0", "credit_offset"),
        ("1", "5", "replacement"),
    ]
    import datetime

    days = policy.flips(claim, "notified_on", datetime.date(2026, 2, 20), "2026-03-10")
    response = next(
        c for p in days["points"] if p["below"] == "2026-02-26" for c in p["changes"] if c.get("name") == "response"
    )
    assert (response["before"], response["after"], response["clause"]) == ("missed", "open", "Q.5.2 Supplier response")
    # Exact text both ways: a Decimal bound is not read through a float.
    cents = policy.flips(claim, "order.unit_price", Decimal("41.99"), Decimal("42.01"))
    assert (cents["from"], cents["to"], cents["evaluated"]) == ("41.99", "42.01", 3)
    with pytest.raises(recourse.ClaimError) as too_many:
        policy.flips(claim, "order.unit_price", 0, 5000)
    assert too_many.value.code == "E0402"
    with pytest.raises(recourse.ClaimError) as bad:
        policy.flips(claim, "claim_id")
    assert (bad.value.code, bad.value.field) == ("E0401", "vary")


def test_sweep_returns_the_columns_of_the_npm_sweep_with_exact_amounts(policy: recourse.Policy, claim: Dict[str, Any]) -> None:
    out = policy.sweep(claim, "affected_units", 2700, 2740, 20)
    assert list(out) == ["variable", "kind", "values", "recommended", "remedies", "reported", "deadlines", "lot", "escalation", "flags", "errors"]
    assert (out["variable"], out["kind"], out["values"]) == ("affected_units", "count", ["2700", "2720", "2740"])
    assert out["recommended"] == ["replacement"] * 3
    remedies = {r["name"]: r for r in out["remedies"]}
    assert list(remedies) == ["replacement", "price_reduction", "credit_offset", "return_to_origin", "qa_audit"]
    # 42.00 a coat plus 950.00 outbound freight; Q.7 caps the supplier at 55 % of 210,000.00.
    assert remedies["replacement"]["supplier_total"] == ["114350.00", "115190.00", "115500.00"]
    assert remedies["replacement"]["capped"] == [False, False, True]
    assert remedies["replacement"]["buyer_net_recovery"] == ["114000.00", "114840.00", "115150.00"]
    # Return to origin adds the 1,800.00 return freight, so its cap binds 20 coats earlier.
    assert remedies["return_to_origin"]["supplier_total"] == ["115200.00", "115500.00", "115500.00"]
    assert remedies["return_to_origin"]["capped"] == [False, True, True]
    assert remedies["price_reduction"]["available"] == [False, False, False]
    assert out["deadlines"][0] == {"name": "notice", "due": ["2026-03-12"] * 3, "status": ["met"] * 3}
    assert (out["lot"], out["escalation"], out["errors"]) == (["rejected"] * 3, ["pending"] * 3, [None] * 3)
    assert out["flags"] == [{"name": "recurring", "raised": [True, True, True]}]
    import datetime

    # Dates step by days; a notice after `as_of` (2026-03-06) is that value's error, the rest go on.
    days = policy.sweep(claim, "notified_on", datetime.date(2026, 3, 5), "2026-03-07", None)
    assert days["values"] == ["2026-03-05", "2026-03-06", "2026-03-07"]
    assert days["recommended"] == ["replacement", "replacement", None]
    assert [e and (e["code"], e["field"]) for e in days["errors"]] == [None, None, ("E0311", "notified_on")]
    cents = policy.sweep(claim, "order.unit_price", Decimal("41.99"), Decimal("42.01"), Decimal("0.01"))
    assert next(r for r in cents["remedies"] if r["name"] == "replacement")["supplier_total"] == ["8928.10", "8930.00", "8931.90"]
    with pytest.raises(recourse.ClaimError) as too_many:
        policy.sweep(claim, "affected_units", 0, 100000, 1)
    assert too_many.value.code == "E0402"
    with pytest.raises(recourse.ClaimError) as bad:
        policy.sweep(claim, "claim_id", 0, 1, 1)
    assert (bad.value.code, bad.value.field) == ("E0401", "vary")
