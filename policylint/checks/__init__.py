"""Check kinds: one module per kind, listed by name in `MODULES` and imported on first use.

A kind module has ``NAME``, ``NEEDS`` (the facts it reads), ``OPTIONS`` (the JSON Schema of its
options, from which ``schemas/policy.schema.json`` is generated), ``validate(options)`` for what a
schema cannot say (a regex that does not compile, a bad glob) and ``check(rule, facts)``, which
yields problems. Its docstring (What it checks / Why / Options / Example) is its documentation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableMapping
from importlib import import_module
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.model import OptionError, Problem, Rule


class CheckKind(Protocol):
    NAME: str
    NEEDS: frozenset[str]
    OPTIONS: dict[str, Any]

    def validate(self, options: dict[str, Any]) -> list[OptionError]: ...

    def check(self, rule: Rule, facts: Facts) -> Iterable[Problem]: ...


# Kind name -> module. A module is imported when its kind is first used: the hook path runs
# a pack of file rules and need not import the thirteen kinds (about 5 ms).
MODULES = {
    "file-exists": "file_exists",
    "file-content": "file_content",
    "expr": "expr",
    "co-change": "co_change",
    "pr-title": "pr_title",
    "pr-body": "pr_body",
    "pr-labels": "pr_labels",
    "pr-size": "pr_size",
    "commit-message": "commit_message",
    "sign-off": "sign_off",
    "codeowners": "codeowners",
    "patch-debt": "patch_debt",
    "history": "history",
}


# Kind name -> the facts it reads (each module's ``NEEDS``; a test keeps them equal), so a rule
# skipped for want of facts never imports its kind. A kind whose options decide what it reads
# has a ``needs(options)`` function and is listed in ``OPTION_NEEDS``.
NEEDS: dict[str, frozenset[str]] = {
    "file-exists": frozenset({"repo"}),
    "file-content": frozenset({"repo"}),
    "expr": frozenset({"repo"}),
    "co-change": frozenset({"change"}),
    "pr-title": frozenset({"pr"}),
    "pr-body": frozenset({"pr"}),
    "pr-labels": frozenset({"pr"}),
    "pr-size": frozenset({"change"}),
    "commit-message": frozenset({"commits"}),
    "sign-off": frozenset({"commits"}),
    "codeowners": frozenset({"repo", "change"}),
    "patch-debt": frozenset({"repo"}),
    "history": frozenset({"repo", "history"}),
}
OPTION_NEEDS = frozenset({"commit-message"})


class _Kinds(MutableMapping[str, CheckKind]):
    """``KINDS["file-exists"]`` is the kind's module, imported on first use. A kind can be
    registered (``KINDS[name] = module``) like in any dict."""

    def __init__(self) -> None:
        self._loaded: dict[str, CheckKind] = {}
        self._names = dict.fromkeys(MODULES)

    def __getitem__(self, name: str) -> CheckKind:
        if name not in self._loaded:
            module: CheckKind = import_module(f"policylint.checks.{MODULES[name]}")
            self._loaded[name] = module
        return self._loaded[name]

    def __setitem__(self, name: str, kind: CheckKind) -> None:
        self._names[name] = None
        self._loaded[name] = kind

    def __delitem__(self, name: str) -> None:
        del self._names[name]
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._names


KINDS: MutableMapping[str, CheckKind] = _Kinds()
