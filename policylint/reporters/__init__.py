"""Reporters: pure functions from a ``Result`` to text, listed in a plain dict.

Each format is a module with ``render(result, *, color=False, **options) -> str``. The modules
are imported on first use, so the hook path pays only for the one format it renders; adding a
format is one module and one line in ``_MODULES`` and touches no engine code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from policylint.text import printable

Render = Callable[..., str]

_MODULES = {
    "text": "policylint.reporters.text",
    "json": "policylint.reporters.json",
    "sarif": "policylint.reporters.sarif",
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


# Characters that move the cursor, start escape sequences or reorder text on a terminal or a
# web page (C0, DEL, C1, bidi controls, line separators): shown as visible escapes instead.
_CONTROLS: dict[int, str] = {
    **{c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))},
    **{c: f"\\u{c:04x}" for c in (0x061C, 0x200E, 0x200F, *range(0x2028, 0x202F))},
    **{c: f"\\u{c:04x}" for c in range(0x2066, 0x206A)},
    0x09: "\\t",
    0x0A: "\\n",
    0x0D: "\\r",
}


def encodable(text: str) -> str:
    """``text`` with undecodable bytes (surrogate escapes) shown as ``\\xNN``, so that it always
    encodes as UTF-8. Never raises."""
    try:
        return printable(text)
    except UnicodeError:  # a lone surrogate that no file name decoding produces
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def display(text: str) -> str:
    """Untrusted ``text`` made safe to show on one line: undecodable bytes as ``\\xNN``, control
    characters (ANSI escapes, newlines, bidi overrides) as visible escapes. Never raises."""
    return encodable(text).translate(_CONTROLS)
