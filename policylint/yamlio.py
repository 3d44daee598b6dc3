"""Reading policy YAML as plain data, with the position of every value and safety limits.

ruamel.yaml composes the document into nodes (every node keeps its line and column); this
module turns the nodes into plain dicts, lists and scalars itself, so it can refuse what a
policy file has no use for: duplicate keys, custom tags (``!!python/object``, ``!foo``), alias
expansion beyond a small bound (a "billion laughs" document fails fast), deep nesting (ruamel's
scanner is quadratic in flow nesting depth) and files over 1 MiB (refused by ``stat``, unread).
ruamel.yaml is imported inside functions: the check path, served from the policy cache, never
pays for its import (~30 ms).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple

from policylint.text import shown

MAX_BYTES = 1024 * 1024
MAX_ALIASES = 100
MAX_NODES = 100_000
MAX_DEPTH = 50

JsonPath = tuple[str | int, ...]
Position = tuple[int, int]
Slot = tuple[int, int]  # where a value sits: id of the parent node, index in its value list

_CORE = "tag:yaml.org,2002:"
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


class _Abort(Exception):
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
    from policylint.digest import sha256_hex

    try:
        raw = _read_bytes(path)
        document = parse_document(_decode(raw), display)
    except _Abort as exc:
        raise YamlError([format_problem(display, exc.position, exc.path, exc.message)]) from None
    return document._replace(sha256=sha256_hex(raw))


def parse_document(text: str, display: str) -> Document:
    """The policy document in ``text`` (an empty text is an empty mapping)."""
    try:
        node, alias_positions = _compose(text.removeprefix("\ufeff"))
        converter = _Converter(alias_positions)
        document = converter.document(node)
    except _Abort as exc:
        raise YamlError([format_problem(display, exc.position, exc.path, exc.message)]) from None
    if converter.problems:
        raise YamlError([format_problem(display, *problem) for problem in converter.problems])
    return document


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _Abort((1, 1), (), _too_large(size))
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _Abort((1, 1), (), f"cannot read the file: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise _Abort((1, 1), (), _too_large(len(raw)))
    return raw


def _too_large(size: int) -> str:
    return f"the file is too large ({size:,} bytes); policy files are limited to {MAX_BYTES:,}"


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        bad = raw[exc.start : exc.start + 1].hex()
        raise _Abort((line, column), (), f"not valid UTF-8 (byte 0x{bad})") from None


def _compose(text: str) -> tuple[Any, dict[Slot, Position]]:
    """The document's root node, and where each alias use is written (by its slot)."""
    import warnings

    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. ReusedAnchorWarning: harmless here
            yaml = _yaml()
            return yaml.compose(text), yaml.composer.alias_positions
    except MarkedYAMLError as exc:
        raise _Abort(_mark(exc.problem_mark), (), _syntax_message(exc)) from None
    except ReaderError as exc:
        raise _Abort(_offset_position(text, exc.position), (), _reader_message(exc)) from None
    except YAMLError as exc:  # any other ruamel error, without a position
        raise _Abort((1, 1), (), str(exc).splitlines()[0] if str(exc) else "invalid YAML") from None
    except RecursionError:
        raise _Abort((1, 1), (), f"nesting deeper than {MAX_DEPTH} levels") from None


def _syntax_message(exc: Any) -> str:
    problem = str(exc.problem or "invalid YAML")
    if exc.context and exc.context_mark is not None:
        line, column = _mark(exc.context_mark)
        return f"{problem} ({exc.context} at line {line}, column {column})"
    return f"{problem} ({exc.context})" if exc.context else problem


def _reader_message(exc: Any) -> str:
    code = exc.character if isinstance(exc.character, int) else ord(exc.character)
    return f"unacceptable character #x{code:04x}: {exc.reason}"


def _mark(mark: Any) -> Position:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _offset_position(text: str, offset: int) -> Position:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _yaml() -> Any:
    """A round-trip ruamel.yaml loader whose scanner refuses nesting deeper than MAX_DEPTH and
    whose composer remembers where aliases are written (its nodes keep only the anchor's)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.composer import Composer
    from ruamel.yaml.events import AliasEvent
    from ruamel.yaml.scanner import RoundTripScanner

    class BoundedScanner(RoundTripScanner):
        def fetch_flow_collection_start(self, token_class: Any, to_push: str) -> None:
            self._check_depth(self.flow_level + 1)
            super().fetch_flow_collection_start(token_class, to_push)

        def add_indent(self, column: int) -> bool:
            self._check_depth(len(self.indents) + 1)
            return bool(super().add_indent(column))

        def _check_depth(self, depth: int) -> None:
            if depth > MAX_DEPTH:
                message = f"nesting deeper than {MAX_DEPTH} levels"
                raise _Abort(_mark(self.reader.get_mark()), (), message)

    class AliasRecordingComposer(Composer):
        def __init__(self, loader: Any = None) -> None:
            super().__init__(loader)
            self.alias_positions: dict[Slot, Position] = {}

        def compose_node(self, parent: Any, index: Any) -> Any:
            # index is None for a mapping key; a value's slot is its place in parent.value.
            if index is not None and self.parser.check_event(AliasEvent):
                slot = (id(parent), len(parent.value))
                self.alias_positions[slot] = _mark(self.parser.peek_event().start_mark)
            return super().compose_node(parent, index)

    yaml = YAML(typ="rt")
    yaml.Scanner = BoundedScanner
    yaml.Composer = AliasRecordingComposer
    return yaml


class _Converter:
    """Nodes -> plain data, counting nodes and alias uses, collecting positions and problems."""

    def __init__(self, alias_positions: dict[Slot, Position]) -> None:
        self.positions: dict[JsonPath, Position] = {}
        self.key_positions: dict[JsonPath, Position] = {}
        self.problems: list[tuple[Position, JsonPath, str]] = []
        self.alias_positions = alias_positions
        self.slots: dict[int, Slot] = {}  # node -> the slot it was first met in
        self.open: set[int] = set()  # collections being converted: an alias to one recurses
        self.nodes = 0
        self.aliases = 0

    def document(self, node: Any) -> Document:
        if node is None:
            return Document({}, {(): (1, 1)}, {})
        data = self.convert(node, ())
        if not isinstance(data, dict):
            message = f"the top level must be a mapping, not {_kind_of(data)}"
            raise _Abort(_mark(node.start_mark), (), message)
        return Document(data, self.positions, self.key_positions)

    def convert(self, node: Any, path: JsonPath, slot: Slot = (0, 0)) -> Any:
        written = self._count(node, path, slot)
        self.positions[path] = _mark(node.start_mark)
        tag = _tag(node)
        if tag in (_CORE + "map", _CORE + "seq"):
            return self._collection(node, path, tag == _CORE + "map", written)
        if tag.startswith(_CORE) and tag[len(_CORE) :] in _SCALARS:
            return _SCALARS[tag[len(_CORE) :]](_scalar_text(node))
        self.problems.append((_mark(node.start_mark), path, _refused_tag(tag)))
        return None

    def _collection(self, node: Any, path: JsonPath, mapping: bool, written: Position) -> Any:
        if id(node) in self.open:
            raise _Abort(written, path, "an alias refers to its own anchor")
        self.open.add(id(node))
        if mapping:
            value: Any = self._mapping(node, path)
        else:
            items = enumerate(node.value)
            value = [self.convert(item, (*path, i), (id(node), i)) for i, item in items]
        self.open.discard(id(node))
        return value

    def _count(self, node: Any, path: JsonPath, slot: Slot) -> Position:
        """Counts values and alias uses: a node met in a slot other than where it was first
        met is an alias (its children, met again under it, are part of that one use).
        Returns where this use is written: the alias, or else the node itself."""
        self.nodes += 1
        if self.slots.setdefault(id(node), slot) != slot:
            self.aliases += 1
        written = self.alias_positions.get(slot) or _mark(node.start_mark)
        if self.aliases > MAX_ALIASES:
            message = (
                f"too many aliases: more than {MAX_ALIASES} uses (a 'billion laughs' document?)"
            )
            raise _Abort(written, path, message)
        if self.nodes > MAX_NODES:
            message = f"too many values: more than {MAX_NODES:,} after expanding aliases"
            raise _Abort(written, path, message)
        return written

    def _mapping(self, node: Any, path: JsonPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for index, (key_node, value_node) in enumerate(node.value):
            key = self._key(key_node, path)
            if key is None:
                continue
            entry = (*path, key)
            if key in out:
                first = self.key_positions[entry][0]
                message = f"duplicate key {key!r} (first defined on line {first})"
                self.problems.append((_mark(key_node.start_mark), entry, message))
                continue
            self.key_positions[entry] = _mark(key_node.start_mark)
            out[key] = self.convert(value_node, entry, (id(node), index))
        return out

    def _key(self, node: Any, path: JsonPath) -> str | None:
        tag = _tag(node)
        if tag == _CORE + "merge":
            message = "merge keys ('<<') are not supported; repeat the keys or use an alias"
            self.problems.append((_mark(node.start_mark), path, message))
            return None
        if not isinstance(node.value, str):
            message = "mapping keys must be plain strings, not collections"
            self.problems.append((_mark(node.start_mark), path, message))
            return None
        if not tag.startswith(_CORE) or tag[len(_CORE) :] not in _SCALARS:
            self.problems.append((_mark(node.start_mark), path, _refused_tag(tag)))
            return None
        return str(node.value)


def _scalar_text(node: Any) -> str:
    """The scalar's text; round-trip mode marks the folds of ``>`` scalars with ``\\a``."""
    text: str = node.value
    return text.replace("\a", "") if node.style == ">" else text


def _tag(node: Any) -> str:
    """The node's resolved tag (a str in ruamel.yaml 0.19, a Tag object in some 0.17/0.18)."""
    return str(getattr(node.tag, "value", node.tag))


def _refused_tag(tag: str) -> str:
    shown = "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag
    return f"the tag {shown!r} is not allowed; policy files hold plain data"


def _kind_of(value: Any) -> str:
    return "a list" if isinstance(value, list) else f"a scalar ({shown(value)})"


def _bool(text: str) -> bool:
    return text.lower() in ("true", "yes", "on", "y")


def _int(text: str) -> int | str:
    digits = text.replace("_", "")
    try:
        if digits.lstrip("+-")[:2].lower() in ("0x", "0o", "0b"):
            return int(digits, 0)
        return int(digits, 10)
    except ValueError:
        return text


def _float(text: str) -> float | str:
    lowered = text.lower().replace("_", "")
    if lowered.lstrip("+-") in (".inf", ".nan"):
        lowered = lowered.replace(".", "")
    try:
        return float(lowered)
    except ValueError:
        return text


_SCALARS: dict[str, Any] = {
    "str": str,
    "null": lambda _text: None,
    "bool": _bool,
    "int": _int,
    "float": _float,
    # Dates stay the text they were written as: policies compare them as strings.
    "timestamp": str,
}
