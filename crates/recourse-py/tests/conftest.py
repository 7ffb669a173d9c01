"""Shared paths. The native CLI (for the byte-for-byte comparisons) is found through
RECOURSE_BIN, which .ci/test-python sets after building it; a test that needs it fails without it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
POLICY = REPO / "policies" / "apparel-coats.policy"
CLAIM = REPO / "policies" / "apparel-coats.claim.json"


def native_tool(name: str) -> Path:
    """A binary built by .ci/test-python (`recourse`, `gen_claims`); never skipped when missing."""
    env = {"recourse": "RECOURSE_BIN", "gen_claims": "RECOURSE_GEN_CLAIMS"}[name]
    path = os.environ.get(env)
    if not path or not Path(path).is_file():
        pytest.fail(f"{env} must name the built `{name}` binary (.ci/test-python sets it); found {path!r}")
    return Path(path)


_skipped: list = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A skipped test is a failed run: these tests never skip silently."""
    if _skipped and session.exitstatus == 0:
        print(f"\nerror: {len(_skipped)} test(s) skipped: {', '.join(_skipped)}")
        session.exitstatus = 1
