"""Positions in JSON text: where the value (or key) at a JSON path is written, for messages
that name ``file:line:col`` (``--pr-json`` files, baselines). The text is valid JSON already
parsed by ``json``; these walk it again with ``json``'s own scanner."""

from __future__ import annotations

JsonPath = tuple[str | int, ...]


def _members(text: str, index: int) -> list[tuple[str | int, int, int]]:
    """The members of the (valid) JSON object or array at ``text[index]``: key or index,
    where the member starts, where its value starts."""
    import json

    decode = json.JSONDecoder().raw_decode
    members: list[tuple[str | int, int, int]] = []
    is_object, position = text[index] == "{", _skip(text, index + 1)
    while text[position] not in "]}":
        start, key = position, len(members)
        if is_object:
            key, position = decode(text, position)
            position = _skip(text, _skip(text, position) + 1)  # past the colon
        members.append((key, start, position))
        position = _skip(text, decode(text, position)[1])
        if text[position] == ",":
            position = _skip(text, position + 1)
    return members


def _skip(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\n\r":
        index += 1
    return index


def locate(text: str, path: JsonPath, at_key: bool = False) -> tuple[int, int]:
    """1-based line and column of the value (or key) at ``path``: its last occurrence, the one
    json keeps; the deepest enclosing value when ``path`` leads nowhere."""
    index = _skip(text, 0)
    for depth, key in enumerate(path):
        if text[index] not in "{[":
            break
        found = [member for member in _members(text, index) if member[0] == key]
        if not found:
            break
        index = found[-1][1] if at_key and depth == len(path) - 1 else found[-1][2]
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def duplicate_keys(text: str) -> list[tuple[str, int]]:
    """Keys that the top-level object repeats (json keeps the last one silently), each with
    the line of its first occurrence."""
    index = _skip(text, 0)
    if not text.startswith("{", index):
        return []
    first: dict[str | int, int] = {}
    repeated: dict[str, int] = {}
    for key, start, _ in _members(text, index):
        if key in first:
            repeated[str(key)] = text.count("\n", 0, first[key]) + 1
        first.setdefault(key, start)
    return list(repeated.items())
