"""The one lazy-registry idiom: a table of names to modules, each imported on first use.

Check kinds, reporters, sub-commands and pull-request platforms are each a module listed by
name in one table; the hook path imports only the few it uses. A ``Registry`` reads its table
live (an entry added to the table, by a test for instance, is loadable at once). ``load(name)``
returns the module typed as the table's Protocol: mypy cannot see through ``import_module``,
so ``tests/test_registry.py`` imports every entry of every table and checks it against its
Protocol.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from importlib import import_module
from typing import Any, Generic, TypeVar

Entry = TypeVar("Entry")


class Registry(Generic[Entry]):
    """``name -> module`` of ``package``: ``table[name]`` is a module name, or a row whose
    ``module(row)`` is one; each module is imported once, when first loaded."""

    def __init__(
        self,
        package: str,
        table: Mapping[str, Any],
        module: Callable[[Any], str] = str,
    ) -> None:
        self.package = package
        self.table = table
        self._module = module
        self._loaded: dict[str, Entry] = {}

    def module_name(self, name: str) -> str:
        """The full name of the module registered as ``name`` (KeyError for an unknown name)."""
        return f"{self.package}.{self._module(self.table[name])}"

    def load(self, name: str) -> Entry:
        """The module registered as ``name`` (KeyError for an unknown name)."""
        module_name = self.module_name(name)
        loaded = self._loaded.get(module_name)
        if loaded is None:
            loaded = import_module(module_name)  # type: ignore[assignment]
            self._loaded[module_name] = loaded  # type: ignore[assignment]
        return loaded  # type: ignore[return-value]

    def __contains__(self, name: object) -> bool:
        return name in self.table

    def __iter__(self) -> Iterator[str]:
        return iter(self.table)

    def __len__(self) -> int:
        return len(self.table)
