"""CEL (cel-python) for ``when`` guards and ``expr`` rules, with the limits it lacks.

What an expression sees
    ``repo`` (``root``, ``file_count``), ``params`` (the policy's), ``now`` (a timestamp fixed
    for the run) and the functions ``exists(glob)``, ``count(glob)``, ``read(path)``,
    ``duration(text)`` and ``matches(text, regex)`` (see ``policylint.cel.functions``); with a
    change, ``change``, ``commits``, ``pr``, ``changed(glob)`` and ``added(glob)`` (see
    ``policylint.cel.change``).

Limits
    At most 4,096 characters and 32 levels of brackets (checked before parsing, in linear
    time), 500 levels of parse tree, one second per evaluation (``policylint.budget``) and
    values of at most 1 Mi characters or items built with ``+``.

Cost
    ``celpy`` is imported only when an expression is compiled or evaluated, never by merely
    importing this package. Each distinct expression is parsed once per process; the parser
    itself is cached on disk (``policylint.cel.parser_cache``).

Every failure is a ``CelError`` whose message says where the expression is in the policy,
which rule and field it belongs to, and where in the expression the problem is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.model import Rule


class CelError(Exception):
    """A CEL expression that does not compile or fails to evaluate, for example
    ``.policylint.yaml:12:11: rule 'docs' when: line 1, column 5: undeclared reference to 'x'``.
    """


def syntax_error(expression: str) -> str | None:
    """Why ``expression`` does not compile (``line L, column C: ...`` where known), or None."""
    from policylint.cel import compiler

    found = compiler.compile_expression(expression)
    return found if isinstance(found, str) else None


def evaluate(rule: Rule, field: str, expression: str, facts: Facts) -> object:
    """The value of ``expression`` (``rule``'s ``field``: "when" or "options.assert") as plain
    Python; CelError when it does not compile or fails."""
    from policylint.cel.evaluation import EvaluationError, run

    try:
        return run(expression, facts)
    except EvaluationError as exc:
        raise CelError(f"{where(rule, field)}: {exc}") from exc


def condition(rule: Rule, field: str, expression: str, facts: Facts) -> bool:
    """Like ``evaluate``, for an expression that must be true or false."""
    from policylint.cel.values import show, type_name

    value = evaluate(rule, field, expression, facts)
    if not isinstance(value, bool):
        found = f"{type_name(value)} {show(value)}"
        raise CelError(f"{where(rule, field)}: must be true or false, not {found}")
    return value


def guard(rule: Rule, facts: Facts) -> bool:
    """Whether ``rule`` applies: its ``when`` expression, or True when it has none."""
    if rule.when is None:
        return True
    return condition(rule, "when", rule.when, facts)


def where(rule: Rule, field: str) -> str:
    """``file:line:col: rule 'id' field``: the expression's place in the policy."""
    location = rule.positions.get(field) or rule.origin
    return f"{location}: rule {rule.id!r} {field}"
