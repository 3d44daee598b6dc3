"""Where things are: the checkout, the shared tools, the fixture files."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
CHECK_SARIF = SHARED / "tools" / "check-sarif"
FIXTURES = ROOT / "tests" / "fixtures"
GOLDEN = ROOT / "tests" / "reporters" / "golden"


def fixture_policy(name: str) -> str:
    """The text of ``tests/fixtures/policies/<name>``, a policy several tests share."""
    return (FIXTURES / "policies" / name).read_text(encoding="utf-8")
