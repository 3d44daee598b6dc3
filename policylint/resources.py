"""Where the shipped data lives: built-in packs (``policies/``) and schemas (``schemas/``).

The wheel carries them inside the package as ``policylint/_data/<name>`` (pyproject's
``force-include``); a checkout or editable install has them at the repository's top level.
Paths come from ``__file__`` rather than ``importlib.resources``, whose import costs about
17 ms, which the pre-commit hook path cannot spare.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def data_dir(name: str) -> Path:
    """The wheel's ``policylint/_data/<name>`` when it exists, else the repository's ``<name>``."""
    installed = os.path.join(PACKAGE_DIR, "_data", name)
    if os.path.isdir(installed):
        return Path(installed)
    return Path(os.path.dirname(PACKAGE_DIR), name)


def builtin_packs() -> list[str]:
    """Sorted names of the built-in packs (``builtin:NAME`` in ``extends``)."""
    directory = data_dir("policies")
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    return sorted(name[: -len(".yaml")] for name in names if name.endswith(".yaml"))


def builtin_pack_path(name: str) -> Path | None:
    """The file of built-in pack ``name``, or None when there is no such pack."""
    if name not in builtin_packs():
        return None
    return data_dir("policies") / f"{name}.yaml"
