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

import os
from pathlib import Path

from policylint.documents.document import (
    MAX_BYTES,
    Document,
    FatalProblem,
    YamlError,
    format_problem,
)


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
    from policylint.readfile import FileTooLarge, read_regular

    try:
        raw = read_regular(os.fspath(path), MAX_BYTES)
    except FileTooLarge as exc:
        raise FatalProblem((1, 1), (), too_large(exc.size)) from None
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
