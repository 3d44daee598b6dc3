"""Every problem of one load, each formatted ``file:line:col: $.json.path: message``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from policylint.documents.yaml import format_problem
from policylint.errors import PolicyError

if TYPE_CHECKING:
    from policylint.documents.yaml import JsonPath, Position
    from policylint.loading.sources import Site


class Problems:
    """Problems as found; reported in load order of their files, then by line and column."""

    def __init__(self) -> None:
        self.entries: list[tuple[int, int, int, str]] = []  # file order, line, column, text

    def add(self, site: Site, path: JsonPath, message: str, *, at_key: bool = False) -> None:
        """A problem at ``path`` of a loaded file: at its key (``at_key``) or its value."""
        position = site.document.position(path, at_key=at_key)
        text = format_problem(site.display, position, path, message)
        self.entries.append((site.order, *position, text))

    def add_text(self, order: int, position: Position, text: str) -> None:
        """A problem already formatted, sorted as if at ``position`` of the ``order``-th file."""
        self.entries.append((order, *position, text))

    def raise_any(self) -> None:
        """Raises ``PolicyError`` with every problem, sorted, when there is one."""
        if self.entries:
            self.entries.sort(key=lambda problem: problem[:3])
            raise PolicyError([text for *_, text in self.entries])
