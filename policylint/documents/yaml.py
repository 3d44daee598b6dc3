"""Reading policy YAML as plain data, with the position of every value and safety limits.

ruamel.yaml composes the document into nodes (every node keeps its line and column;
``documents.compose``); ``documents.convert`` turns the nodes into plain dicts, lists
and scalars itself, so it can refuse what a policy file has no use for: duplicate keys, custom
tags (``!!python/object``, ``!foo``), alias expansion beyond a small bound (a "billion laughs"
document fails fast), deep nesting (ruamel's scanner is quadratic in flow nesting depth) and
files over 1 MiB (refused by ``stat``, unread). Both are imported inside functions: the check
path, served from the policy cache, never pays for ruamel.yaml's import (~30 ms).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple

MAX_BYTES = 1024 * 1024
MAX_ALIASES = 100
MAX_NODES = 100_000
MAX_DEPTH = 50

JsonPath = tuple[str | int, ...]
Position = tuple[int, int]
Slot = tuple[int, int]  # where a value sits: id of the parent node, index in its value list

_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")


class Document(NamedTuple):
    """A YAML mapping as plain data; 1-based positions of values and of mapping keys by path."""

    data: dict[str, Any]
    positions: dict[JsonPath, Position]
    key_positions: dict[JsonPath, Position]
    sha256: str = ""  # of the bytes read, when read from a file

    def position(self, path: JsonPath, *, at_key: bool = False) -> Position:
        """Where ``path`` is written: its key (``at_key``) or value; when it is not written, the
        key of its nearest written parent (``rules.x`` for a missing ``rules.x.options``)."""
        if at_key and path in self.key_positions:
            return self.key_positions[path]
        if path in self.positions:
            return self.positions[path]
        while path and path not in self.positions:
            path = path[:-1]
        return self.key_positions.get(path) or self.positions.get(path, (1, 1))


class YamlError(Exception):
    """A file that cannot be read as a policy document; ``problems`` are formatted lines."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class FatalProblem(Exception):
    """Stops reading at the first problem that makes the rest meaningless."""

    def __init__(self, position: Position, path: JsonPath, message: str) -> None:
        super().__init__(message)
        self.position, self.path, self.message = position, path, message


def json_path(path: JsonPath) -> str:
    """``("rules", "a.b", "options", "globs", 0)`` -> ``$.rules['a.b'].options.globs[0]``."""
    parts = ["$"]
    for part in path:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        elif _PLAIN_KEY.match(part):
            parts.append(f".{part}")
        else:
            parts.append("[" + repr(part) + "]")
    return "".join(parts)


def format_problem(display: str, position: Position, path: JsonPath, message: str) -> str:
    """The one shape of every policy problem: ``file:line:col: $.json.path: message``."""
    return f"{display}:{position[0]}:{position[1]}: {json_path(path)}: {message}"


def read_document(path: Path, display: str) -> Document:
    """The policy document in ``path``; ``display`` names the file in problems."""
    try:
        raw = _read_bytes(path)
    except FatalProblem as exc:
        raise YamlError([format_problem(display, exc.position, exc.path, exc.message)]) from None
    return document_from_bytes(raw, display)


def document_from_bytes(raw: bytes, display: str) -> Document:
    """The policy document in ``raw`` (a file's bytes, at most ``MAX_BYTES``); YamlError."""
    from policylint.digest import sha256_hex

    try:
        document = parse_document(_decode(raw), display)
    except FatalProblem as exc:
        raise YamlError([format_problem(display, exc.position, exc.path, exc.message)]) from None
    return document._replace(sha256=sha256_hex(raw))


def parse_document(text: str, display: str) -> Document:
    """The policy document in ``text`` (an empty text is an empty mapping)."""
    from policylint.documents.compose import compose
    from policylint.documents.convert import Converter

    try:
        node, alias_positions = compose(text.removeprefix("\ufeff"))
        converter = Converter(alias_positions)
        document = converter.document(node)
    except FatalProblem as exc:
        raise YamlError([format_problem(display, exc.position, exc.path, exc.message)]) from None
    if converter.problems:
        raise YamlError([format_problem(display, *problem) for problem in converter.problems])
    return document


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise FatalProblem((1, 1), (), too_large(size))
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise FatalProblem((1, 1), (), f"cannot read the file: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise FatalProblem((1, 1), (), too_large(len(raw)))
    return raw


def too_large(size: int) -> str:
    return f"the file is too large ({size:,} bytes); policy files are limited to {MAX_BYTES:,}"


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        bad = raw[exc.start : exc.start + 1].hex()
        raise FatalProblem((line, column), (), f"not valid UTF-8 (byte 0x{bad})") from None
