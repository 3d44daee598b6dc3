"""Parsing CEL once per process: one cel-python ``Environment``, one program per expression."""

from __future__ import annotations

import sys
from typing import Any, NamedTuple

from policylint.cel import limits, parser_cache, references
from policylint.cel.limits import position


class Program(NamedTuple):
    """A parsed expression and the identifiers it mentions (so only those are computed)."""

    tree: Any  # lark.Tree
    names: frozenset[str]


# Expression -> its program, or why it does not compile. Policies hold tens of expressions;
# the bound only keeps a long audit of many repositories' own policies from growing forever.
_PROGRAMS: dict[str, Program | str] = {}
MAX_PROGRAMS = 1000
_ENVIRONMENT: list[Any] = []  # the one celpy.Environment, once built


def environment() -> Any:
    """The process's ``celpy.Environment``, its parser loaded from the cache when possible."""
    if not _ENVIRONMENT:
        import celpy

        cached = parser_cache.install()
        limit = sys.getrecursionlimit()
        built = celpy.Environment()
        sys.setrecursionlimit(limit)  # undo cel-python's global change (evaluation.py)
        if not cached:
            parser_cache.save()
        _ENVIRONMENT.append(built)
    return _ENVIRONMENT[0]


def compile_expression(text: str) -> Program | str:
    """The program of ``text`` or the reason it does not compile (``line L, column C: ...``)."""
    found = _PROGRAMS.get(text)
    if found is None:
        found = _compile(text)
        if len(_PROGRAMS) >= MAX_PROGRAMS:
            _PROGRAMS.clear()
        _PROGRAMS[text] = found
    return found


def _compile(text: str) -> Program | str:
    if not text.strip():
        return "the expression is empty"
    error = limits.scan_error(text)
    if error is not None:
        return error
    from celpy.celparser import CELParseError
    from lark import Token

    try:
        tree = environment().compile(text)
    except CELParseError as exc:
        return _parse_reason(text, exc)
    error = limits.tree_depth_error(tree) or references.reference_error(tree)
    if error is not None:
        return error
    names = tree.scan_values(lambda v: isinstance(v, Token) and v.type == "IDENT")
    return Program(tree, frozenset(str(name) for name in names))


def _parse_reason(text: str, exc: Exception) -> str:
    """``line L, column C: unexpected ...`` from lark's exception behind cel-python's."""
    from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedToken

    cause = exc.__context__
    if isinstance(cause, UnexpectedToken) and cause.token.type == "$END":
        return f"{_end(text)}: the expression ends too early"
    if isinstance(cause, UnexpectedToken):
        return f"line {cause.line}, column {cause.column}: unexpected {cause.token.value!r}"
    if isinstance(cause, UnexpectedCharacters):
        offset = cause.pos_in_stream or 0
        char = text[offset] if offset < len(text) else ""
        quote = char in ("'", '"')
        what = "unterminated string literal" if quote else f"unexpected character {char!r}"
        return f"line {cause.line}, column {cause.column}: {what}"
    if isinstance(cause, UnexpectedEOF):
        return f"{_end(text)}: the expression ends too early"
    return str(exc).splitlines()[0] if str(exc) else "invalid expression"


def _end(text: str) -> str:
    return position(text, len(text.rstrip()))
