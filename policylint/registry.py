"""The one lazy-registry idiom: a table of names to modules, each imported on first use.

Check kinds, reporters and sub-commands are each a module listed by name in one table; the
hook path imports only the few it uses. ``load(name)`` returns the module typed as the table's
Protocol: mypy cannot see through ``import_module``, so ``tests/test_registry.py`` imports every
entry of every table and checks it against its Protocol.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import import_module
from typing import Generic, TypeVar

Entry = TypeVar("Entry")


class Registry(Generic[Entry]):
    """``name -> module`` (a module of ``package``), imported once, when first loaded."""

    def __init__(self, package: str, modules: Mapping[str, str]) -> None:
        self.package = package
        self.modules = dict(modules)
        self._loaded: dict[str, Entry] = {}

    def load(self, name: str) -> Entry:
        """The module registered as ``name`` (KeyError for an unknown name)."""
        loaded = self._loaded.get(name)
        if loaded is None:
            loaded = import_module(f"{self.package}.{self.modules[name]}")  # type: ignore[assignment]
            self._loaded[name] = loaded  # type: ignore[assignment]
        return loaded  # type: ignore[return-value]

    def __contains__(self, name: object) -> bool:
        return name in self.modules

    def __iter__(self) -> Iterator[str]:
        return iter(self.modules)

    def __len__(self) -> int:
        return len(self.modules)
