"""A user document read with positions: its plain data, where each value and key is written,
and the one shape of every problem in it, ``file:line:col: $.json.path: message``."""

import re
from typing import Any, NamedTuple

from policylint.readfile import MAX_POLICY_BYTES

MAX_BYTES = MAX_POLICY_BYTES
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
