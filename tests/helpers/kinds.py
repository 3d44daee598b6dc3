"""The one way the check-kind tests run a kind: ``run_check(kind, options, **facts)`` evaluates
a policy of one rule of ``kind`` whose options are filled as the loader fills them."""

from __future__ import annotations

import inspect
import sys
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from policylint import checks
from policylint.checks import with_defaults
from policylint.engine import evaluate
from policylint.facts import Facts
from policylint.facts.change import Change, ChangedFile
from policylint.facts.commits import Commit
from policylint.facts.history import History
from policylint.facts.pr import PullRequest
from policylint.facts.repo import Repo
from policylint.loading import load_policy
from policylint.model import Location, Policy, Problem, Result, Rule, Severity

HERE = Location("t.yaml", 1, 1)


def kind_rule(
    kind: str,
    options: Mapping[str, Any] | None = None,
    *,
    rule_id: str = "r",
    title: str = "T",
    severity: Severity = "error",
    when: str | None = None,
    origin: Location = HERE,
    positions: dict[str, Location] | None = None,
) -> Rule:
    """A rule of ``kind`` with ``options`` and their schema defaults, as the loader makes it."""
    filled = with_defaults(kind, dict(options or {}))
    return Rule(
        rule_id, kind, title, severity, filled, origin, when=when, positions=positions or {}
    )


def run_check(
    kind: str,
    options: Mapping[str, Any] | None = None,
    *,
    root: Path,
    change: Sequence[ChangedFile] | Change | None = None,
    pr: PullRequest | None = None,
    commits: Sequence[Commit] | None = None,
    history: bool = False,
    now: float = 0.0,
    params: dict[str, Any] | None = None,
    evidence: bool = False,
    **rule: Any,
) -> Result:
    """The result of a policy holding one rule of ``kind`` with ``options`` (a plain dict, keys
    as a policy spells them: ``{"max-length": 72}``) on the checkout at ``root``. The facts a
    run has: ``change`` (changed files, or a Change), ``pr``, ``commits``, ``history`` (True:
    the history of ``root``), ``now`` (seconds since the epoch) and ``params``; ``evidence``
    asks for it as JSON and ``--verbose`` do (``evaluate(..., evidence=True)``). ``rule`` passes
    ``rule_id``, ``title``, ``severity``, ``when``, ``origin`` or ``positions`` to the rule."""
    repo = Repo(root)
    facts = Facts(
        repo,
        params=params or {},
        now=now,
        change=None if change is None else change_of(change),
        commits=None if commits is None else tuple(commits),
        pr=pr,
        history=History(str(repo.root)) if history else None,
    )
    policy_rule = kind_rule(kind, options, **rule)
    policy = Policy((policy_rule.origin.path,), (policy_rule,))
    return evaluate(policy, facts, evidence=evidence)


def change_of(files: Sequence[ChangedFile] | Change) -> Change:
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


def fake_kind(
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    check: Callable[[Rule, Facts], Iterable[Problem]],
    needs: frozenset[str] = frozenset({"repo"}),
) -> None:
    """Register kind ``name`` (a row of ``KINDS`` and its module) for one test."""
    module_name = name.replace("-", "_")
    module = ModuleType(f"policylint.checks.{module_name}")
    module.OPTIONS = {}  # type: ignore[attr-defined]
    module.validate = lambda options: []  # type: ignore[attr-defined]
    module.check = check  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setitem(checks.KINDS, name, checks.Kind(module_name, needs))
