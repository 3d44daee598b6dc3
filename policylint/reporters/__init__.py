"""Reporters: pure functions from a ``Result`` to text, listed in a plain dict.

Each format is a module with ``render(result, *, color=False, **options) -> str``. The modules
are imported on first use, so the hook path pays only for the one format it renders; adding a
format is one module and one line in ``_MODULES`` and touches no engine code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Render = Callable[..., str]

_MODULES = {
    "text": "policylint.reporters.text",
    "json": "policylint.reporters.json",
    "sarif": "policylint.reporters.sarif",
    "github": "policylint.reporters.github",
    "gitlab": "policylint.reporters.gitlab",
    "markdown": "policylint.reporters.markdown",
}


def _lazy(module: str) -> Render:
    """A ``render`` that imports ``module`` when first called."""

    def render(result: Any, **options: Any) -> str:
        from importlib import import_module

        real: Render = import_module(module).render
        return real(result, **options)

    render.__qualname__ = render.__name__ = f"render_{module.rpartition('.')[2]}"
    return render


REPORTERS: dict[str, Render] = {name: _lazy(module) for name, module in _MODULES.items()}


def render(name: str, result: Any, **options: Any) -> str:
    """``result`` in the format ``name`` (a key of ``REPORTERS``)."""
    return REPORTERS[name](result, **options)
