"""Generated documentation stays in sync with the code it is generated from."""

from __future__ import annotations

from policylint import docgen
from policylint.checks import KINDS
from tests.conftest import ROOT


def test_generated_docs_are_current() -> None:
    for relative, render in docgen.TARGETS.items():
        committed = (ROOT / relative).read_text(encoding="utf-8")
        assert committed == render(), f"{relative} is stale: run `python -m policylint.docgen`"


def test_every_kind_is_documented_with_all_sections() -> None:
    kinds = (ROOT / "docs" / "kinds.md").read_text(encoding="utf-8")
    for name, kind in KINDS.items():
        assert f"\n## {name}\n" in kinds
        for section in ("What it checks", "Why", "Options", "Example"):
            assert f"\n{section}\n" in (kind.__doc__ or ""), f"{name}: no {section!r} section"


def test_every_builtin_rule_is_documented() -> None:
    from policylint.loader import load_policy

    rules = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    policy = load_policy(None, root=ROOT, use_cache=False)
    for rule in policy.rules:
        assert f"\n### `{rule.id}`\n" in rules
        assert rule.description and rule.help, f"{rule.id}: needs a description and help"
