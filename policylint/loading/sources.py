"""Policy files as a load meets them: where each comes from and how problems name it.

A file is named ``builtin:NAME``, by its path relative to the checked root when it lies
inside, else by the path given (or derived from the file that extends it).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from policylint.loader import BUILTIN
from policylint.model import Location
from policylint.yamlio import Document, JsonPath


class Source(NamedTuple):
    """A policy file to read: how problems name it, and where it is."""

    display: str
    path: Path


class Site(NamedTuple):
    """A loaded file: how problems name it, its document, its place in the load order."""

    display: str
    document: Document
    order: int


def builtin_source(name: str) -> Source:
    """The built-in pack ``name`` (shipped in ``policies/``)."""
    from policylint.resources import data_dir

    return Source(BUILTIN + name, data_dir("policies") / f"{name}.yaml")


def location(site: Site, path: JsonPath, *, at_key: bool = False) -> Location:
    """Where ``path`` is written in a loaded file, as reporters show it."""
    return Location(site.display, *site.document.position(path, at_key=at_key))
