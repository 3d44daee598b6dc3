"""ruamel.yaml nodes -> plain data, with the position of every value and key.

Only plain data passes: core-schema scalars, mappings with string keys, sequences. Duplicate
keys, merge keys and other tags are problems (all collected); an alias to its own anchor, and
more than ``MAX_ALIASES`` alias uses or ``MAX_NODES`` values once expanded, stop the reading.
"""

from __future__ import annotations

from typing import Any

from policylint.documents.compose import mark_position
from policylint.documents.document import (
    MAX_ALIASES,
    MAX_NODES,
    Document,
    FatalProblem,
    JsonPath,
    Position,
    Slot,
)

_CORE = "tag:yaml.org,2002:"


class Converter:
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
        if data is None and self.problems:  # a refused tag on the top level: say that
            return Document({}, self.positions, self.key_positions)
        if not isinstance(data, dict):
            message = f"the top level must be a mapping, not {_kind_of(data)}"
            raise FatalProblem(mark_position(node.start_mark), (), message)
        return Document(data, self.positions, self.key_positions)

    def convert(self, node: Any, path: JsonPath, slot: Slot = (0, 0)) -> Any:
        written = self._count(node, path, slot)
        self.positions[path] = mark_position(node.start_mark)
        tag, shape = _tag(node), _shape(node)
        misfit = _misfit(tag, shape)
        if misfit:
            self.problems.append((mark_position(node.start_mark), path, misfit))
            return None
        if shape != "scalar":
            return self._collection(node, path, shape == "mapping", written)
        return _SCALARS[tag[len(_CORE) :]](_scalar_text(node))

    def _collection(self, node: Any, path: JsonPath, mapping: bool, written: Position) -> Any:
        if id(node) in self.open:
            raise FatalProblem(written, path, "an alias refers to its own anchor")
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
        written = self.alias_positions.get(slot) or mark_position(node.start_mark)
        if self.aliases > MAX_ALIASES:
            message = (
                f"too many aliases: more than {MAX_ALIASES} uses (a 'billion laughs' document?)"
            )
            raise FatalProblem(written, path, message)
        if self.nodes > MAX_NODES:
            message = f"too many values: more than {MAX_NODES:,} after expanding aliases"
            raise FatalProblem(written, path, message)
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
                self.problems.append((mark_position(key_node.start_mark), entry, message))
                continue
            self.key_positions[entry] = mark_position(key_node.start_mark)
            out[key] = self.convert(value_node, entry, (id(node), index))
        return out

    def _key(self, node: Any, path: JsonPath) -> str | None:
        tag = _tag(node)
        if tag == _CORE + "merge":
            message = "merge keys ('<<') are not supported; repeat the keys or use an alias"
            self.problems.append((mark_position(node.start_mark), path, message))
            return None
        if not isinstance(node.value, str):
            message = "mapping keys must be plain strings, not collections"
            self.problems.append((mark_position(node.start_mark), path, message))
            return None
        if not tag.startswith(_CORE) or tag[len(_CORE) :] not in _SCALARS:
            self.problems.append((mark_position(node.start_mark), path, _refused_tag(tag)))
            return None
        return str(node.value)


def _shape(node: Any) -> str:
    """What the node is as written: a ``mapping``, a ``sequence`` or a ``scalar``."""
    shape: str = node.id
    return shape


# The shape each core tag fits; a tag written on another shape (``!!seq {a: b}``) is refused.
_FITS = {_CORE + "map": "mapping", _CORE + "seq": "sequence"}


def _misfit(tag: str, shape: str) -> str | None:
    """Why ``tag`` cannot stand on a node of ``shape``, or None."""
    scalar_tag = tag.startswith(_CORE) and tag[len(_CORE) :] in _SCALARS
    if not (scalar_tag or tag in _FITS):
        return _refused_tag(tag)
    fits = _FITS.get(tag, "scalar")
    if fits != shape:
        written = "!!" + tag[len(_CORE) :]
        return f"the tag {written!r} does not fit {_A[shape]}; remove the tag"
    return None


_A = {"mapping": "a mapping", "sequence": "a list", "scalar": "a scalar"}


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
    # Not its text: a file that is no policy (``--config /etc/passwd``) is not echoed.
    return "a list" if isinstance(value, list) else "a scalar"


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
