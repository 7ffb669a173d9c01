"""Evaluating a DataFrame of claims with Apache Spark.

    from recourse.spark import evaluate_claims
    decided = evaluate_claims(df, open("policies/apparel-coats.policy").read(), claim_col="claim")

Each Python worker compiles the policy once (cached by the source's hash for the life of the
worker) and evaluates its partitions through ``mapInArrow`` in Arrow batches, ``BATCH`` claims per
call into the component. A bad claim is a row with ``ok = false`` and its ``errors``; no row is
dropped, added or reordered within its partition.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Optional, Tuple

import recourse

if TYPE_CHECKING:  # pyspark and pyarrow are needed on the workers, not to import this module
    import pyarrow  # type: ignore[import-untyped]
    from pyspark.sql import DataFrame

__all__ = ["evaluate_claims", "OUTPUT_COLUMNS", "BATCH"]

#: The columns added to the input's, in order.
OUTPUT_COLUMNS = ("ok", "recommended", "supplier_total", "response_due", "decision", "errors")

#: Claims per call into the component (one call costs tens of microseconds in wasmtime-py).
BATCH = 256

_policies: Dict[str, Tuple[recourse.Policy, int]] = {}


def _compiled(source: str) -> Tuple[recourse.Policy, int]:
    """The policy and its currency's decimal places, compiled once per worker process."""
    key = hashlib.sha256(source.encode("utf-8")).hexdigest()
    hit = _policies.get(key)
    if hit is None:
        policy = recourse.compile(source)
        hit = (policy, int(policy.describe()["minor_units"]))
        _policies[key] = hit
    return hit


def _row(e: recourse.Evaluated) -> Tuple[Any, ...]:
    if not e.ok:
        return (False, None, None, None, None, e.json)
    total = decimal.Decimal(e.supplier_total) if e.supplier_total is not None else None
    due = datetime.date.fromisoformat(e.response_due) if e.response_due is not None else None
    return (True, e.recommended, total, due, e.json, None)


def _evaluate_batches(
    batches: Iterator["pyarrow.RecordBatch"], source: str, claim_col: str, schema: "pyarrow.Schema"
) -> Iterator["pyarrow.RecordBatch"]:
    import pyarrow as pa

    policy, _ = _compiled(source)
    added = [schema.field(name) for name in OUTPUT_COLUMNS]
    for batch in batches:
        claims: List[Optional[str]] = batch.column(claim_col).to_pylist()
        rows: List[Tuple[Any, ...]] = []
        for start in range(0, len(claims), BATCH):
            chunk = ["null" if c is None else c for c in claims[start : start + BATCH]]
            rows.extend(_row(e) for e in policy.evaluate_many_rows(chunk))
        columns = list(batch.columns)
        for i, field in enumerate(added):
            columns.append(pa.array([r[i] for r in rows], type=field.type))
        yield pa.RecordBatch.from_arrays(columns, schema=schema)


def evaluate_claims(df: "DataFrame", policy_source: str, claim_col: str = "claim") -> "DataFrame":
    """The input rows plus ``ok``, ``recommended`` (the recommended remedy's name),
    ``supplier_total`` (its supplier total, an exact decimal with the currency's places),
    ``response_due`` (the supplier-response deadline's date, null when the policy has none),
    ``decision`` (JSON text, as ``recourse batch`` writes it) and ``errors`` (JSON text).

    ``claim_col`` holds each claim as JSON text; a struct or map column is turned into JSON text
    with ``to_json`` first. Raises :class:`recourse.PolicyError` at once (on the driver) for a
    policy with errors.
    """
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    _, places = _compiled(policy_source)  # fail on the driver, before any task
    if claim_col not in df.columns:
        raise ValueError(f"no column `{claim_col}` in {df.columns}")
    clash = [c for c in OUTPUT_COLUMNS if c in df.columns]
    if clash:
        raise ValueError(f"the input already has the output column(s) {clash}")
    if not isinstance(df.schema[claim_col].dataType, T.StringType):
        df = df.withColumn(claim_col, F.to_json(F.col(claim_col)))
    out = T.StructType(
        list(df.schema.fields)
        + [
            T.StructField("ok", T.BooleanType(), False),
            T.StructField("recommended", T.StringType(), True),
            T.StructField("supplier_total", T.DecimalType(38, places), True),
            T.StructField("response_due", T.DateType(), True),
            T.StructField("decision", T.StringType(), True),
            T.StructField("errors", T.StringType(), True),
        ]
    )
    from pyspark.sql.pandas.types import to_arrow_schema

    arrow_schema = to_arrow_schema(out)

    def run(batches: Iterator["pyarrow.RecordBatch"]) -> Iterator["pyarrow.RecordBatch"]:
        return _evaluate_batches(batches, policy_source, claim_col, arrow_schema)

    return df.mapInArrow(run, out)
