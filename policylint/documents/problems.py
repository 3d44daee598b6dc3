"""The one positioned-problem collector: every problem of a read, each formatted
``file:line:col: $.json.path: message``, raised at once as the reader's user error.

Policy files, pull-request JSON, baselines, policy test files and audit manifests all report
through it: a ``Site`` is a document being read (YAML ``Document`` or ``JsonText``), how
problems name it and its place in the load order; ``Problems`` collects, sorts (file order,
then line and column) and raises.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, Protocol, TypeVar

from policylint.documents.document import JsonPath, Position, format_problem
from policylint.documents.json_positions import locate
from policylint.documents.schema_errors import schema_problems
from policylint.errors import PolicyError, PolicylintError
from policylint.model import Location
from policylint.resources import data_dir

if TYPE_CHECKING:
    from policylint.documents.schema_errors import SchemaProblem


class Positioned(Protocol):
    """A document that knows where each value is written."""

    def position(self, path: JsonPath, *, at_key: bool = False) -> Position: ...


class JsonText:
    """A JSON document's text, for positions (the parsed data is kept by the reader)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def position(self, path: JsonPath, *, at_key: bool = False) -> Position:
        return locate(self.text, path, at_key)


Doc = TypeVar("Doc", bound=Positioned)


@dataclass(frozen=True)
class Site(Generic[Doc]):
    """A document being read: how problems name it, the document, its place in a load."""

    display: str
    document: Doc
    order: int = 0

    def location(self, path: JsonPath, *, at_key: bool = False) -> Location:
        """Where ``path`` is written, as reporters show it."""
        return Location(self.display, *self.document.position(path, at_key=at_key))


class Reading(NamedTuple):
    """One document being read and the problems of that read, for readers that pass a single
    value down their functions."""

    site: Site[Any]
    problems: Problems

    def add(self, path: JsonPath, message: str, *, at_key: bool = False) -> None:
        self.problems.add(self.site, path, message, at_key=at_key)

    def location(self, path: JsonPath, *, at_key: bool = False) -> Location:
        return self.site.location(path, at_key=at_key)


class Problems:
    """Problems as found; raised (``raise_any``) sorted by file order, line and column, each
    once, as ``error(lines)``."""

    def __init__(self, error: Callable[[list[str]], PolicylintError] = PolicyError) -> None:
        self.error = error
        self.entries: list[tuple[int, int, int, str]] = []  # file order, line, column, text

    def __bool__(self) -> bool:
        return bool(self.entries)

    def add(self, site: Site[Any], path: JsonPath, message: str, *, at_key: bool = False) -> None:
        """A problem at ``path`` of ``site``: at its key (``at_key``) or its value."""
        position = site.document.position(path, at_key=at_key)
        text = format_problem(site.display, position, path, message)
        self.entries.append((site.order, *position, text))

    def add_text(self, order: int, position: Position, text: str) -> None:
        """A problem already formatted, sorted as if at ``position`` of the ``order``-th file."""
        self.entries.append((order, *position, text))

    def add_schema(self, site: Site[Any], schema: dict[str, Any], data: Any) -> list[SchemaProblem]:
        """Every way ``data`` (the document's data) breaks ``schema``; returns them too."""
        found = schema_problems(data, schema)
        for problem in found:
            self.add(site, problem.path, problem.message, at_key=problem.at_key)
        return found

    def lines(self) -> list[str]:
        """The problems' lines, sorted, each once."""
        ordered = sorted(self.entries, key=lambda problem: problem[:3])
        return list(dict.fromkeys(text for *_, text in ordered))

    def raise_any(self) -> None:
        """Raises the reader's error with every problem, when there is one."""
        if self.entries:
            raise self.error(self.lines())


def load_schema(name: str) -> dict[str, Any]:
    """The JSON Schema ``schemas/NAME.schema.json`` shipped with policylint."""
    schema: dict[str, Any] = json.loads(
        (data_dir("schemas") / f"{name}.schema.json").read_text("utf-8")
    )
    return schema
