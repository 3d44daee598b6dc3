"""Reading a project's own tool configuration (towncrier's TOML, reno's YAML, commitlint's and
Changesets' JSON) from the checkout, with problems as data: a broken configuration is a
finding at the file and line that is broken, never a crash of the rule.

A TOML file that parsed is kept in the cache directory (as the policy cache, keyed by the
SHA-256 of its text, stored with ``marshal``): a release-note gate on the same
``pyproject.toml`` then neither imports ``tomllib`` nor parses it again (about 4 ms of a
50 ms run). A table ``marshal`` cannot store (TOML dates) is simply not kept.
"""

from __future__ import annotations

import marshal
import os
import re
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from policylint.facts.repo import Repo

_TOML_AT = re.compile(r"\(at line (\d+), column \d+\)")


class ConfigProblem(Exception):
    """What is wrong with a project's configuration file, and where (``line`` may be None)."""

    def __init__(self, message: str, path: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message, self.path, self.line = message, path, line


def read_text(repo: Repo, path: str) -> str | None:
    """The text of ``path`` in the checkout, None when it is not a listed file; a file that
    cannot be read (binary, too large, a link out) is a ConfigProblem."""
    if not repo.has(path):
        return None
    read = repo.read_text(path)
    if read.text is None:
        raise ConfigProblem(read.note or f"{path}: cannot be read", path)
    return read.text


def read_toml(repo: Repo, path: str) -> dict[str, Any] | None:
    """``path`` parsed as TOML, None when absent."""
    text = read_text(repo, path)
    if text is None:
        return None
    entry = _toml_entry(text)
    cached = _cached_table(entry)
    if cached is not None:
        return cached
    parsed = _parse_toml(path, text)
    _keep_table(entry, parsed)
    return parsed


def _parse_toml(path: str, text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        parsed: dict[str, Any] = tomllib.loads(text)
        return parsed
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_AT.search(str(exc))
        message = _TOML_AT.sub("", str(exc)).strip()
        raise ConfigProblem(
            f"{path} is not valid TOML: {message}", path, int(found[1]) if found else None
        ) from None


def _toml_entry(text: str) -> str:
    from policylint.digest import sha256_hex
    from policylint.loading.cache import cache_dir_str

    key = sha256_hex(f"toml\0{sys.version_info[:2]}\0{text}".encode("utf-8", "surrogateescape"))
    return os.path.join(cache_dir_str(), f"toml-{key[:40]}.marshal")


def _cached_table(entry: str) -> dict[str, Any] | None:
    try:
        with open(entry, "rb") as stream:
            table = marshal.load(stream)
    except (OSError, EOFError, ValueError, TypeError):
        return None  # none yet, or unreadable: parsed again
    return table if isinstance(table, dict) else None


def _keep_table(entry: str, table: dict[str, Any]) -> None:
    from pathlib import Path

    from policylint.atomicfile import write_atomically

    try:
        data = marshal.dumps(table)
        os.makedirs(os.path.dirname(entry), exist_ok=True)
        write_atomically(Path(entry), data)
    except (OSError, ValueError):  # no cache directory, or a value marshal refuses (a date)
        pass


def read_json(repo: Repo, path: str) -> Any:
    """``path`` parsed as JSON, None when absent."""
    import json

    text = read_text(repo, path)
    if text is None:
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigProblem(f"{path} is not valid JSON: {exc.msg}", path, exc.lineno) from None


def table(value: Any, where: str, path: str) -> dict[str, Any]:
    """``value`` when it is a mapping (a TOML table, a JSON object), else a ConfigProblem."""
    if not isinstance(value, dict):
        raise ConfigProblem(f"{path}: {where} must be a table, not {type(value).__name__}", path)
    return value


def parse_yaml(path: str, text: str, *, mapping: bool = False) -> Any:
    """``text`` as plain data (None for an empty document); a ConfigProblem with the line of
    the first problem (syntax, duplicate keys, tags) otherwise."""
    from policylint.documents.compose import compose
    from policylint.documents.convert import Converter
    from policylint.documents.document import FatalProblem

    try:
        node, aliases = compose(text.removeprefix("\ufeff"))
        if node is None:
            return None
        converter = Converter(aliases)
        data = converter.convert(node, ())
    except FatalProblem as exc:
        raise ConfigProblem(
            f"{path}:{exc.position[0]}:{exc.position[1]}: {exc.message}", path, exc.position[0]
        ) from None
    if converter.problems:
        (line, column), _, message = converter.problems[0]
        raise ConfigProblem(f"{path}:{line}:{column}: {message}", path, line)
    if mapping and not isinstance(data, dict):
        raise ConfigProblem(f"{path}: the configuration must be a mapping", path)
    return data
