"""recourse.spark in Spark local[2]: >= 10 000 generated claims with malformed ones mixed in must
give, row for row, the bytes `recourse batch` writes for the same file."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Iterator, List

import pytest

import recourse
from conftest import POLICY, native_tool

N = 12_000


@pytest.fixture(scope="module")
def spark() -> Iterator["object"]:
    os.environ["PYSPARK_PYTHON"] = sys.executable  # the workers must import this venv's recourse
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("recourse-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "1000")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def malformed(i: int, line: str) -> str:
    """Bad claims of every kind the reader meets: not JSON, not an object, wrong types, float noise."""
    claim = json.loads(line)
    kind = i % 6
    if kind == 0:
        return line[: len(line) // 2]
    if kind == 1:
        return "[1, 2, 3]"
    if kind == 2:
        del claim["as_of"]
    elif kind == 3:
        claim["order"]["unit_price"] = 0.1 + 0.2
    elif kind == 4:
        claim["affected_units"] = "many"
    else:
        claim["currency"] = "EUR"
    return json.dumps(claim)


@pytest.fixture(scope="module")
def claims_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    gen = native_tool("gen_claims")
    lines = subprocess.run([str(gen), str(N)], check=True, capture_output=True, text=True).stdout.splitlines()
    assert len(lines) == N
    # gen_claims puts an unknown defect code in one claim in a thousand; add 1 in 97 malformed.
    lines = [malformed(i, line) if i % 97 == 13 else line for i, line in enumerate(lines)]
    path = tmp_path_factory.mktemp("claims") / "claims.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_spark_equals_recourse_batch_byte_for_byte(spark: "object", claims_file: Path) -> None:
    from recourse.spark import evaluate_claims

    native = subprocess.run(
        [str(native_tool("recourse")), "batch", str(POLICY), str(claims_file)], capture_output=True, text=True
    )
    assert native.returncode == 1, native.stderr  # some claims failed, as meant
    expected: List[str] = native.stdout.splitlines()
    assert len(expected) == N

    texts = claims_file.read_text(encoding="utf-8").splitlines()
    df = spark.createDataFrame([(i + 1, t) for i, t in enumerate(texts)], "line long, claim string")  # type: ignore[attr-defined]
    # Shuffled over several partitions: rows must stay with their key.
    decided = evaluate_claims(df.repartition(5), POLICY.read_text(encoding="utf-8"), claim_col="claim")
    assert decided.columns == ["line", "claim", "ok", "recommended", "supplier_total", "response_due", "decision", "errors"]
    rows = sorted(decided.collect(), key=lambda r: r["line"])
    assert [r["line"] for r in rows] == list(range(1, N + 1))

    got = []
    for r in rows:
        if r["ok"]:
            assert r["errors"] is None
            got.append('{"line":%d,"ok":true,"decision":%s}' % (r["line"], r["decision"]))
        else:
            assert r["decision"] is None and r["recommended"] is None and r["supplier_total"] is None
            got.append('{"line":%d,"ok":false,"errors":%s}' % (r["line"], r["errors"]))
    mismatched = [i for i, (a, b) in enumerate(zip(got, expected)) if a != b]
    assert not mismatched, f"{len(mismatched)} rows differ, first: line {mismatched[0] + 1}\n{got[mismatched[0]][:300]}\n{expected[mismatched[0]][:300]}"

    failed = [r for r in rows if not r["ok"]]
    codes = {json.loads(r["errors"])[0]["code"] for r in failed}
    assert len(failed) >= N // 97 and {"E0301", "E0302", "E0303"} <= codes, codes

    # The derived columns say what the decision says, exactly.
    for r in rows[:500]:
        if not r["ok"]:
            continue
        d = json.loads(r["decision"])
        name = d["recommendation"].get("remedy")
        assert r["recommended"] == name
        total = next(x["supplier_total"] for x in d["remedies"] if x["name"] == name) if name else None
        assert r["supplier_total"] == (Decimal(total) if total is not None else None)
        due = next(x["due"] for x in d["deadlines"] if x["name"] == "response")
        assert r["response_due"] == datetime.date.fromisoformat(due)


def test_a_policy_without_a_response_deadline_gives_null_dates(spark: "object") -> None:
    from recourse.spark import evaluate_claims

    source = 'policy "Minimal" { currency USD }\nremedy refund "R.1 Refund" {\n  supplier pays claim.affected_units * order.unit_price as "Refund"\n}\n'
    claim = {
        "claim_id": "C-1", "as_of": "2026-03-06", "currency": "USD",
        "order": {"units": 10, "unit_price": "4.25", "delivered_on": "2026-03-02"},
        "affected_units": 3, "discovered_on": "2026-03-04", "notified_on": "2026-03-05",
    }
    df = spark.createDataFrame([("a", json.dumps(claim)), ("b", None)], "key string, c string")  # type: ignore[attr-defined]
    rows = {r["key"]: r for r in evaluate_claims(df, source, claim_col="c").collect()}
    assert (rows["a"]["ok"], rows["a"]["recommended"], rows["a"]["supplier_total"], rows["a"]["response_due"]) == (True, "refund", Decimal("12.75"), None)
    assert rows["b"]["ok"] is False and json.loads(rows["b"]["errors"])[0]["code"] == "E0301"


def test_a_bad_policy_fails_on_the_driver_before_any_job(spark: "object") -> None:
    from recourse.spark import evaluate_claims

    df = spark.createDataFrame([("{}",)], "claim string")  # type: ignore[attr-defined]
    with pytest.raises(recourse.PolicyError) as raised:
        evaluate_claims(df, "policy x")
    assert [d.code for d in raised.value.diagnostics] == ["E0001"]
    with pytest.raises(ValueError, match="no column"):
        evaluate_claims(df, POLICY.read_text(encoding="utf-8"), claim_col="nope")
