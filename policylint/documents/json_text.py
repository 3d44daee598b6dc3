"""JSON text -> plain data, every way it can fail positioned: syntax errors (``json``'s own
line and column), nesting deeper than ``MAX_DEPTH`` (where it passes it: whatever the
interpreter's stack allows, deeper data would make a recursive reader of it fail later), and
integers longer than ``MAX_INTEGER_DIGITS`` digits (Python refuses to convert them, with no
position).

Pull-request JSON, GitHub event files, baselines and audit journal lines are read through
``parse_json``; ``json`` is imported inside it (the hook path reads none of them).
"""

from __future__ import annotations

import re
from typing import Any

MAX_INTEGER_DIGITS = 4300  # Python's own default limit for int(str)
MAX_DEPTH = 500

# A JSON string, or a bracket, or an integer (digits not part of a fraction or exponent).
# Linear: the alternatives start with different characters, and the string's body is a
# single-character class or one escaped character, so no input makes them backtrack.
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]|-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?')


class JsonProblem(Exception):
    """Why a JSON text cannot be read, and where (1-based line and column)."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(f"{line}:{column}: {message}")
        self.line, self.column, self.message = line, column, message


class _LongInteger(Exception):
    pass


def parse_json(text: str) -> Any:
    """The data of ``text``; ``JsonProblem`` with a position when it is not JSON that can be
    read."""
    import json

    if text.count("[") + text.count("{") > MAX_DEPTH:  # C-fast: most documents stop here
        _refuse_deep(text, _too_deep(text))
    try:
        return json.loads(text, parse_int=_integer)
    except json.JSONDecodeError as exc:
        raise JsonProblem(exc.lineno, exc.colno, f"invalid JSON: {exc.msg}") from None
    except _LongInteger:
        offset, digits = _long_integer(text)
        message = f"an integer of {digits:,} digits; at most {MAX_INTEGER_DIGITS:,} are read"
        raise JsonProblem(*_position(text, offset), message) from None
    except RecursionError:  # a stack lower than MAX_DEPTH needs
        _refuse_deep(text, _too_deep(text) or 0)
        raise


def _refuse_deep(text: str, offset: int | None) -> None:
    if offset is not None:
        message = f"invalid JSON: nested deeper than {MAX_DEPTH} levels"
        raise JsonProblem(*_position(text, offset), message) from None


def decode_json_bytes(raw: bytes) -> str:
    """``raw`` as UTF-8 text (a byte order mark dropped); ``JsonProblem`` at the first byte
    that is not UTF-8."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8-sig", "replace")) + 1
        message = f"not UTF-8 text (byte 0x{raw[exc.start : exc.start + 1].hex()})"
        raise JsonProblem(line, column, message) from None


def _integer(digits: str) -> int:
    if len(digits) > MAX_INTEGER_DIGITS:
        raise _LongInteger
    return int(digits)


def _long_integer(text: str) -> tuple[int, int]:
    """Where the first integer over the limit starts, and its digit count."""
    for token in _TOKENS.finditer(text):
        body = token.group().lstrip("-")
        if body.isascii() and body.isdigit() and len(body) > MAX_INTEGER_DIGITS:
            return token.start(), len(body)
    return 0, 0  # not reached: json found one


def _too_deep(text: str) -> int | None:
    """Where the nesting first passes ``MAX_DEPTH`` (None when it does not)."""
    depth = 0
    for token in _TOKENS.finditer(text):
        kind = token.group()[0]
        if kind in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return token.start()
        elif kind in "]}":
            depth -= 1
    return None


def _position(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1
