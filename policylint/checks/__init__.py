"""Check kinds: one module per kind, listed in a plain dict.

A kind module has ``NAME``, ``NEEDS`` (the facts it reads), ``OPTIONS`` (the JSON Schema of its
options, from which ``schemas/policy.schema.json`` is generated), ``validate(options)`` for what a
schema cannot say (a regex that does not compile, a bad glob) and ``check(rule, facts)``, which
yields problems. Its docstring (What it checks / Why / Options / Example) is its documentation.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol

from policylint.checks import (
    co_change,
    codeowners,
    commit_message,
    expr,
    file_content,
    file_exists,
    history,
    patch_debt,
    pr_body,
    pr_labels,
    pr_size,
    pr_title,
    sign_off,
)

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.model import OptionError, Problem, Rule


class CheckKind(Protocol):
    NAME: str
    NEEDS: frozenset[str]
    OPTIONS: dict[str, Any]

    def validate(self, options: dict[str, Any]) -> list[OptionError]: ...

    def check(self, rule: Rule, facts: Facts) -> Iterable[Problem]: ...


KINDS: dict[str, CheckKind] = {
    file_exists.NAME: file_exists,
    file_content.NAME: file_content,
    expr.NAME: expr,
    co_change.NAME: co_change,
    pr_title.NAME: pr_title,
    pr_body.NAME: pr_body,
    pr_labels.NAME: pr_labels,
    pr_size.NAME: pr_size,
    commit_message.NAME: commit_message,
    sign_off.NAME: sign_off,
    codeowners.NAME: codeowners,
    patch_debt.NAME: patch_debt,
    history.NAME: history,
}
