"""Helpers for the check-kind tests: one rule of a kind evaluated against given facts."""

from __future__ import annotations

import inspect
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

from policylint.engine import evaluate
from policylint.facts import Facts
from policylint.facts.change import Change, ChangedFile
from policylint.loader import load_policy
from policylint.model import Location, Policy, Result, Rule

HERE = Location("t.yaml", 1, 1)


def evaluate_rule(
    kind: str,
    options: dict[str, Any],
    facts: Facts,
    *,
    rule_id: str = "r",
    title: str = "T",
    severity: str = "error",
) -> Result:
    """The result of a policy holding one rule of ``kind`` with ``options``."""
    rule = Rule(rule_id, kind, title, severity, options, HERE)  # type: ignore[arg-type]
    return evaluate(Policy(("t.yaml",), (rule,)), facts)


def change_of(files: list[ChangedFile] | Change) -> Change:
    """``files`` as the change of a branch (a Change passes through)."""
    if isinstance(files, Change):
        return files
    return Change("b" * 40, "h" * 40, "m" * 40, tuple(files), "main...HEAD")


def pr_level_messages(result: Result) -> list[str]:
    """The messages of findings that belong to the pull request or a commit, not a file; the
    rule's outcome agrees with them."""
    assert [o.status for o in result.outcomes] == ["fail" if result.findings else "pass"]
    assert all(f.path is None and f.line is None for f in result.findings)
    return [f.message for f in result.findings]


def documented_rule(kind: ModuleType, root: Path) -> Rule:
    """The rule of ``kind``'s documented example, loaded as a repository's policy."""
    example = inspect.cleandoc(kind.__doc__ or "").split("```yaml\n")[1].split("```")[0]
    config = root / ".policylint.yaml"
    config.write_text("rules:\n" + textwrap.indent(textwrap.dedent(example), "  "))
    (rule,) = load_policy(config, root=root, use_cache=False).rules
    return rule
