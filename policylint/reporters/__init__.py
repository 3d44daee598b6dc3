"""Reporters: pure functions from a ``Result`` to text, listed in one table.

Each format is a module with ``render(result, *, color=False, **options) -> str``, imported on
first use (the hook path pays only for the one format it renders); adding a format is one
module and one line in ``REPORTERS`` and touches no engine code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from policylint.registry import Registry

if TYPE_CHECKING:
    from policylint.model import Result


class Reporter(Protocol):
    """A format's module."""

    def render(self, result: Result, *, color: bool = False, **options: Any) -> str: ...


REPORTERS: Registry[Reporter] = Registry(
    "policylint.reporters",
    {
        "text": "text",
        "json": "json",
        "sarif": "sarif",
        "github": "github",
        "gitlab": "gitlab",
        "markdown": "markdown",
    },
)


def render(name: str, result: Result, **options: Any) -> str:
    """``result`` in the format ``name`` (a key of ``REPORTERS``)."""
    return REPORTERS.load(name).render(result, **options)
