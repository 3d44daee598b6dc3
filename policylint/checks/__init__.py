"""Check kinds: one module per kind, listed in the one table ``KINDS``, imported on first use.

A kind module has ``OPTIONS`` (the JSON Schema of its
options, from which ``schemas/policy.schema.json`` is generated), ``validate(options)`` for what a
schema cannot say (a regex that does not compile, a bad glob) and ``check(rule, facts)``, which
yields problems. Its docstring (What it checks / Why / Options / Example) is its documentation.
Optionally, ``evidence(rule, facts)`` says what satisfied a rule its check passed ("found
LICENSE.txt"), for JSON and ``--verbose``; the engine calls it only when a run asks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol

from policylint.registry import Registry

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.model import Observation, OptionError, Problem, Rule


class CheckKind(Protocol):
    OPTIONS: dict[str, Any]

    def validate(self, options: dict[str, Any]) -> list[OptionError]: ...

    def check(self, rule: Rule, facts: Facts) -> Iterable[Problem | Observation]: ...


# A list of globs, labels, strings or headings: at least one, none empty (kinds' OPTIONS).
NON_EMPTY_STRINGS: dict[str, Any] = {
    "type": "array",
    "minItems": 1,
    "items": {"type": "string", "minLength": 1},
}


class Example:
    """A rule's options, a case it passes and one it fails, and the finding of the failing one.
    A case is written as in a policy test (``files``, ``change``, ``commits``, ``history``,
    ``pr``, ``now``: see docs/policy-tests.md). A plain class, not a NamedTuple: every kind
    module builds its examples on import, on the hook path too (a NamedTuple class costs
    about 0.3 ms to create)."""

    __slots__ = ("fails", "message", "options", "passes")

    def __init__(
        self,
        *,
        options: dict[str, Any],
        passes: dict[str, Any],
        fails: dict[str, Any],
        message: str,
    ) -> None:
        self.options = options
        self.passes = passes
        self.fails = fails
        self.message = message


class Kind:
    """A row of ``KINDS``: the kind's module (in ``policylint.checks``) and the facts it reads.
    ``by_options``: the module's ``needs(options)`` decides instead (commit-message checking the
    PR title needs the PR). A plain class, not a NamedTuple: the table is built on every run."""

    __slots__ = ("by_options", "module", "needs")

    def __init__(self, module: str, needs: frozenset[str], by_options: bool = False) -> None:
        self.module = module
        self.needs = needs
        self.by_options = by_options

    def __repr__(self) -> str:
        return f"Kind({self.module!r}, {set(self.needs)!r}, by_options={self.by_options})"


_REPO, _CHANGE, _PR, _COMMITS = (frozenset({n}) for n in ("repo", "change", "pr", "commits"))

# The one table of check kinds. A kind's module is imported when a rule of it first runs: the
# hook path runs a pack of file rules and need not import all the kinds (about 5 ms), and a
# rule skipped for want of facts never imports its kind.
KINDS: dict[str, Kind] = {
    "file-exists": Kind("file_exists", _REPO),
    "file-content": Kind("file_content", _REPO),
    "expr": Kind("expr", _REPO),
    "co-change": Kind("co_change", _CHANGE),
    "pr-title": Kind("pr_title", _PR),
    "pr-body": Kind("pr_body", _PR),
    "pr-labels": Kind("pr_labels", _PR),
    "pr-size": Kind("pr_size", _CHANGE),
    "commit-message": Kind("commit_message", _COMMITS, by_options=True),
    "sign-off": Kind("sign_off", _COMMITS),
    "codeowners": Kind("codeowners", frozenset({"repo", "change"})),
    "patch-debt": Kind("patch_debt", _REPO),
    "history": Kind("history", frozenset({"repo", "history"})),
    "towncrier": Kind("towncrier", _CHANGE, by_options=True),
    "reno": Kind("reno", _CHANGE, by_options=True),
    "changesets": Kind("changesets", _CHANGE),
    "commitlint": Kind("commitlint", _COMMITS, by_options=True),
    "filled-in": Kind("filled_in", _REPO),
    "security-channel": Kind("security_channel", _REPO),
    "conduct-reporting": Kind("conduct_reporting", _REPO),
    "readme-prose": Kind("readme_prose", _REPO),
    "proposal-process": Kind("proposal_process", _REPO),
    "spdx-license": Kind("spdx_license", _REPO),
    "maintainer-count": Kind("maintainer_count", _REPO),
    "mentions": Kind("mentions", _REPO),
}

_MODULES: Registry[CheckKind] = Registry("policylint.checks", KINDS, lambda kind: kind.module)


def load_kind(name: str) -> CheckKind:
    """The module of kind ``name`` (imported on first use)."""
    return _MODULES.load(name)


def kind_needs(name: str, options: dict[str, Any]) -> frozenset[str]:
    """The facts a rule of kind ``name`` with ``options`` reads."""
    kind = KINDS[name]
    if not kind.by_options:
        return kind.needs
    decide: Any = getattr(load_kind(name), "needs")  # noqa: B009 - declared by ``by_options``
    return frozenset(decide(options))


def with_defaults(name: str, options: dict[str, Any]) -> dict[str, Any]:
    """``options`` with every option the kind's ``OPTIONS`` gives a ``default`` filled in (the
    loader calls this once, so a kind reads ``options["min-count"]``)."""
    import copy  # here: the loader calls this on a policy-cache miss only

    properties: dict[str, Any] = load_kind(name).OPTIONS.get("properties", {})
    filled = {
        key: copy.deepcopy(spec["default"])
        for key, spec in properties.items()
        if "default" in spec and key not in options
    }
    return {**options, **filled} if filled else dict(options)
