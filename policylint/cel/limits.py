"""Limits cel-python does not have, checked before and right after parsing.

The length and bracket-nesting checks run before lark sees the text, in time linear in its
length, so ``"(" * 10_000`` is refused in microseconds. The parse-tree depth check catches what
brackets do not: a chain of 300 ``+`` or ``!`` nests as deeply as 30 brackets, and cel-python
evaluates the tree recursively.
"""

from __future__ import annotations

import re
from typing import Any

MAX_LENGTH = 4096  # characters in one expression
MAX_NESTING = 32  # levels of ( [ {, the depth CEL implementations must support
# Levels of the parse tree; 32 nested lists reach about 365. cel-python needs about four
# Python frames per level, so evaluation raises the recursion limit to match (compiler.py).
MAX_TREE_DEPTH = 500
TIME_BUDGET = 1.0  # seconds one evaluation may take

_INTERESTING = re.compile(r"[(\[{)\]}\"'/]")
# Inside a literal: what may end it. A backslash escapes the next character even in raw
# strings, as cel-python's lexer does; single-quoted literals end at a line break.
_LITERAL_STOPS = {
    '"': re.compile(r'[\\"\n]'),
    "'": re.compile(r"[\\'\n]"),
    '"""': re.compile(r'[\\"]'),
    "'''": re.compile(r"[\\']"),
}


def position(text: str, offset: int) -> str:
    """``line L, column C`` (1-based) of an offset in ``text``."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def scan_error(text: str) -> str | None:
    """Why ``text`` is too long or its brackets nest too deeply, or None."""
    if len(text) > MAX_LENGTH:
        length = f"{len(text):,} characters long"
        return f"the expression is {length}; at most {MAX_LENGTH:,} are allowed"
    depth, pos = 0, 0
    while (match := _INTERESTING.search(text, pos)) is not None:
        char, pos = match.group(), match.end()
        if char in "([{":
            depth += 1
            if depth > MAX_NESTING:
                where = position(text, match.start())
                return f"{where}: brackets nest more than {MAX_NESTING} levels deep"
        elif char in ")]}":
            depth = max(depth - 1, 0)
        elif char == "/":
            if text.startswith("/", pos):  # a comment, to the end of the line
                newline = text.find("\n", pos)
                pos = len(text) if newline < 0 else newline
        else:
            pos = _literal_end(text, match.start())
    return None


def _literal_end(text: str, start: int) -> int:
    """Offset just after the string literal opening at ``start`` (or where it breaks off)."""
    quote = text[start]
    delimiter = quote * 3 if text.startswith(quote * 3, start) else quote
    stops = _LITERAL_STOPS[delimiter]
    pos = start + len(delimiter)
    while (match := stops.search(text, pos)) is not None:
        char, pos = match.group(), match.end()
        if char == "\\":
            pos += 1
        elif char == "\n" or text.startswith(delimiter, match.start()):
            return match.start() + (len(delimiter) if char != "\n" else 1)
    return len(text)


def tree_depth_error(tree: Any) -> str | None:
    """Why a parsed expression nests too deeply to evaluate, or None. Iterative: a deep tree
    must not overflow the stack here either."""
    from lark import Tree

    stack: list[tuple[Any, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_TREE_DEPTH:
            return (
                f"the expression nests more than {MAX_TREE_DEPTH} levels deep once parsed "
                "(long chains of operators or calls count as nesting); split it into rules "
                "or simplify it"
            )
        if isinstance(node, Tree):
            stack.extend((child, depth + 1) for child in node.children)
    return None
