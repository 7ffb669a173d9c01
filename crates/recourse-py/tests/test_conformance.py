"""The cross-surface conformance corpus through the component: for every tests/conformance/<case>/
the result must equal expected.json byte for byte, the file the native side writes with
`recourse::api::evaluate_to_json` (crates/recourse/tests/conformance.rs); the npm package's
conformance test does the same (crates/recourse-wasm/js/test/conformance.test.mjs)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict

import pytest

import recourse
from conftest import REPO

CORPUS = REPO / "tests" / "conformance"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def policy_source(case: Path) -> str:
    inline = case / "policy.policy"
    if inline.exists():
        return inline.read_text(encoding="utf-8")
    ref = (case / "policy.ref").read_text(encoding="utf-8").strip()
    return (REPO / ref).read_text(encoding="utf-8")


def pretty(result: Dict[str, Any]) -> str:
    """What `serde_json::to_string_pretty` writes for these shapes (and JSON.stringify(r, null, 2))."""
    return json.dumps(result, indent=2, ensure_ascii=False) + "\n"


def compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def test_the_corpus_has_at_least_30_cases() -> None:
    assert len(CASES) >= 30, CASES


@pytest.mark.parametrize("name", CASES)
def test_conformance(name: str) -> None:
    case = CORPUS / name
    expected_text = (case / "expected.json").read_text(encoding="utf-8")
    expected = json.loads(expected_text)
    claim_text = (case / "claim.json").read_text(encoding="utf-8")
    try:
        policy = recourse.compile(policy_source(case))
    except recourse.PolicyError as e:
        assert pretty({"ok": False, "errors": [d.to_dict() for d in e.diagnostics]}) == expected_text
        return
    with policy:
        # The claim file's text as it is (what the CLI reads) ...
        ok, text = policy.evaluate_json(claim_text)
        # ... and as a dict (what a Python caller passes; floats from their shortest repr).
        ok2, text2 = policy.evaluate_json(json.loads(claim_text))
    assert (ok2, text2) == (ok, text)
    key = "decision" if ok else "errors"
    result = {"ok": ok, key: json.loads(text)}
    assert pretty(result) == expected_text
    # The component's own bytes are the compact form of the same value (what `recourse batch`
    # writes), not merely an equal value.
    assert text == compact(expected[key])
