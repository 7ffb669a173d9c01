"""The figures in the README: import time, per-call latency, and claims per second in Spark
local[2] beside `recourse batch` on the same file.

    cargo build --release -p recourse-cli --bins --example gen_claims
    PYSPARK_PYTHON=.venv/bin/python .venv/bin/python crates/recourse-py/bench/bench.py \
        target/release/recourse target/release/examples/gen_claims [N=100000]
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
POLICY = REPO / "policies" / "apparel-coats.policy"
CLAIM = REPO / "policies" / "apparel-coats.claim.json"


def import_time(cache_dir: str) -> float:
    code = "import time; t = time.perf_counter(); import recourse; print(time.perf_counter() - t)"
    env = dict(os.environ, RECOURSE_CACHE_DIR=cache_dir)
    return float(subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True).stdout)


def per_call(f, n: int) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    recourse_bin, gen = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
    with tempfile.TemporaryDirectory() as cache:
        cold = import_time(cache)
        warm = min(import_time(cache) for _ in range(5))
    print(f"import recourse: {warm * 1000:.0f} ms with the cached artifact, {cold:.1f} s the first time (compiling)")

    import recourse

    policy = recourse.compile(POLICY.read_text())
    text = CLAIM.read_text()
    claim = json.loads(text)
    print(f"compile (apparel-coats.policy): {per_call(lambda: recourse.compile(POLICY.read_text()).close(), 50) * 1e6:.0f} µs")
    print(f"evaluate(dict) -> dict: {per_call(lambda: policy.evaluate(claim), 2000) * 1e6:.0f} µs per call")
    print(f"evaluate_json(text) -> text: {per_call(lambda: policy.evaluate_json(text), 2000) * 1e6:.0f} µs per call")
    batch = [text] * 256
    print(f"evaluate_many_json(256 texts): {per_call(lambda: policy.evaluate_many_json(batch), 20) / 256 * 1e6:.0f} µs per claim")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "claims.jsonl"
        with open(path, "w") as out:
            subprocess.run([gen, str(n)], stdout=out, check=True)
        t = time.perf_counter()
        subprocess.run([recourse_bin, "batch", str(POLICY), str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        native = time.perf_counter() - t
        print(f"recourse batch: {n} claims in {native:.2f} s = {n / native:,.0f} claims/s (2 threads)")

        from pyspark.sql import SparkSession

        from recourse.spark import evaluate_claims

        spark = SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false").getOrCreate()
        spark.sparkContext.setLogLevel("ERROR")
        source = POLICY.read_text()
        for run in ("first (workers start, compile the policy)", "second (workers reused)"):
            df = spark.read.text(str(path)).withColumnRenamed("value", "claim")
            t = time.perf_counter()
            evaluate_claims(df, source).write.format("noop").mode("overwrite").save()
            took = time.perf_counter() - t
            print(f"Spark local[2], {run}: {n} claims in {took:.2f} s = {n / took:,.0f} claims/s")
        spark.stop()


if __name__ == "__main__":
    main()
