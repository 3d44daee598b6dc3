"""YAML text -> ruamel.yaml nodes, nesting bounded, every syntax error given a position.

The round-trip loader is extended twice: its scanner refuses nesting deeper than
``MAX_DEPTH`` (ruamel's scanner is quadratic in flow nesting depth), and its composer remembers
where each alias is written (the nodes keep only their anchor's position). This module (and
ruamel.yaml with it) is imported by ``documents.yaml`` on a policy-cache miss only.
"""

from __future__ import annotations

import warnings
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.scanner import RoundTripScanner

from policylint.documents.document import MAX_DEPTH, MAX_NODES, FatalProblem, Position, Slot


def compose(text: str) -> tuple[Any, dict[Slot, Position]]:
    """The document's root node, and where each alias use is written (by its slot)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. ReusedAnchorWarning: harmless here
            yaml = _yaml()
            return yaml.compose(text), yaml.composer.alias_positions
    except MarkedYAMLError as exc:
        raise FatalProblem(mark_position(exc.problem_mark), (), _syntax_message(exc)) from None
    except ReaderError as exc:
        position = _offset_position(text, exc.position)
        raise FatalProblem(position, (), _reader_message(exc)) from None
    except YAMLError as exc:  # any other ruamel error, without a position
        message = str(exc).splitlines()[0] if str(exc) else "invalid YAML"
        raise FatalProblem((1, 1), (), message) from None
    except RecursionError:
        raise FatalProblem((1, 1), (), f"nesting deeper than {MAX_DEPTH} levels") from None


def mark_position(mark: Any) -> Position:
    """A ruamel.yaml mark (0-based) as a 1-based position; (1, 1) when there is none."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _syntax_message(exc: Any) -> str:
    problem = str(exc.problem or "invalid YAML")
    if exc.context and exc.context_mark is not None:
        line, column = mark_position(exc.context_mark)
        return f"{problem} ({exc.context} at line {line}, column {column})"
    return f"{problem} ({exc.context})" if exc.context else problem


def _reader_message(exc: Any) -> str:
    code = exc.character if isinstance(exc.character, int) else ord(exc.character)
    return f"unacceptable character #x{code:04x}: {exc.reason}"


def _offset_position(text: str, offset: int) -> Position:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


class BoundedScanner(RoundTripScanner):
    """ruamel's round-trip scanner, refusing nesting deeper than ``MAX_DEPTH``."""

    def fetch_flow_collection_start(self, token_class: Any, to_push: str) -> None:
        self._check_depth(self.flow_level + 1)
        super().fetch_flow_collection_start(token_class, to_push)

    def add_indent(self, column: int) -> bool:
        self._check_depth(len(self.indents) + 1)
        return bool(super().add_indent(column))

    def scan_flow_scalar_non_spaces(self, double: Any, start_mark: Any) -> Any:
        """ruamel's, refusing escapes of no character: ``\\U00110000`` (beyond Unicode; ruamel
        raises ValueError) and UTF-16 surrogates (``\\ud800``, which no text can encode)."""
        try:
            chunks = super().scan_flow_scalar_non_spaces(double, start_mark)
        except (ValueError, OverflowError):
            escape = "\\U" + self.reader.prefix(8)
            message = f"the escape {escape} is beyond the last Unicode character (\\U0010FFFF)"
            line, column = mark_position(self.reader.get_mark())
            raise FatalProblem((line, column - 2), (), message) from None  # at the backslash
        try:
            "".join(chunks).encode("utf-8")
        except UnicodeEncodeError as exc:
            code = ord(exc.object[exc.start])
            message = (
                f"the escape \\u{code:04x} is a UTF-16 surrogate, not a character; "
                "write the character itself, or escape it with \\U and eight hex digits"
            )
            raise FatalProblem(mark_position(start_mark), (), message) from None
        return chunks

    def _check_depth(self, depth: int) -> None:
        if depth > MAX_DEPTH:
            message = f"nesting deeper than {MAX_DEPTH} levels"
            raise FatalProblem(mark_position(self.reader.get_mark()), (), message)


class AliasRecordingComposer(Composer):
    """ruamel's composer, remembering where each alias is written (by its slot)."""

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self.alias_positions: dict[Slot, Position] = {}
        self.nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        # Counted as they are composed: an 800 KB flow list is refused after MAX_NODES values,
        # not once all of it is in memory.
        self.nodes += 1
        if self.nodes > MAX_NODES:
            where = mark_position(self.parser.peek_event().start_mark)
            raise FatalProblem(where, (), f"too many values: more than {MAX_NODES:,}")
        # index is None for a mapping key; a value's slot is its place in parent.value.
        if index is not None and self.parser.check_event(AliasEvent):
            slot = (id(parent), len(parent.value))
            self.alias_positions[slot] = mark_position(self.parser.peek_event().start_mark)
        return super().compose_node(parent, index)


def _yaml() -> Any:
    """A round-trip ruamel.yaml loader with the bounded scanner and the alias-recording
    composer."""
    yaml = YAML(typ="rt")
    yaml.Scanner = BoundedScanner
    yaml.Composer = AliasRecordingComposer
    return yaml
