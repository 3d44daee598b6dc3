"""What a checkout says about itself: its name, its GitHub repository, its TOML settings.

All of it is untrusted text from the checkout: names are reduced to characters that are safe in
a Markdown heading and a YAML comment, and a malformed file is treated as absent.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

from policylint.documents.json_text import JsonProblem, parse_json
from policylint.git import run_git

READ_LIMIT = 1024 * 1024  # bytes of a settings file read at most
NAME_LIMIT = 80  # characters of a project name kept
NAME_PUNCTUATION = frozenset(" .-_+@/")
_GITHUB_REMOTE = re.compile(
    r"github\.com[:/]([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)/([A-Za-z0-9._-]+?)(?:\.git)?/?$"
)


def project_name(root: str) -> str:
    """The name for headings: ``[project] name`` of pyproject.toml, else ``name`` of
    package.json, else the directory's name, made safe; ``this project`` when none is left."""
    directory = os.path.basename(os.path.realpath(root))
    for candidate in (_pyproject_name(root), _package_json_name(root), directory):
        name = heading_text(candidate)
        if name:
            return name
    return "this project"


def heading_text(text: str | None) -> str:
    """``text`` with only letters, digits and ``.-_+@/`` kept (others become spaces), spaces
    collapsed, at most NAME_LIMIT characters: nothing in it can start Markdown or YAML syntax."""
    kept = "".join(c if c.isalnum() or c in NAME_PUNCTUATION else " " for c in text or "")
    return " ".join(kept.split())[:NAME_LIMIT].strip(" _")


def read_small(path: str) -> str | None:
    """A settings file's text, or None when it is missing, unreadable, too large or binary."""
    from policylint.readfile import read_regular

    try:
        data = read_regular(path, READ_LIMIT)
    except OSError:  # missing, unreadable, too large, or no regular file (a FIFO would block)
        return None
    if len(data) > READ_LIMIT or b"\0" in data:
        return None
    return data.decode("utf-8", "replace")


def toml_table(path: str, table: str) -> dict[str, Any]:
    """The table ``table`` (dotted: ``tool.towncrier``) of a TOML file; {} when absent or
    malformed. Python 3.10 has no tomllib: there, only ``key = "string"`` lines are read."""
    text = read_small(path)
    if text is None:
        return {}
    if sys.version_info >= (3, 11):
        import tomllib

        try:
            data: Any = tomllib.loads(text)
        except (ValueError, RecursionError):  # TOMLDecodeError is a ValueError
            return {}  # malformed, an integer too long to convert, or nested too deeply
        for key in table.split("."):
            data = data.get(key) if isinstance(data, dict) else None
        return data if isinstance(data, dict) else {}
    return _simple_table(text, table)


def _simple_table(text: str, table: str) -> dict[str, Any]:
    """``key = "value"`` lines of ``[table]``: enough for a name or a directory."""
    values: dict[str, Any] = {}
    inside = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            inside = stripped == f"[{table}]"
            continue
        found = re.match(r"""([A-Za-z0-9_-]+)\s*=\s*(["'])(.*?)\2\s*(#.*)?$""", stripped)
        if inside and found:
            values[found.group(1)] = found.group(3)
    return values


def _pyproject_name(root: str) -> str | None:
    name = toml_table(os.path.join(root, "pyproject.toml"), "project").get("name")
    return name if isinstance(name, str) else None


def _package_json_name(root: str) -> str | None:
    text = read_small(os.path.join(root, "package.json"))
    try:
        data = parse_json(text) if text is not None else None
    except JsonProblem:
        return None
    name = data.get("name") if isinstance(data, dict) else None
    return name if isinstance(name, str) else None


def github_repository(root: str) -> str | None:
    """``owner/name`` of the checkout's ``origin`` remote when it is on github.com, else None."""
    try:
        proc = run_git("-C", root, "remote", "get-url", "origin")
    except FileNotFoundError:
        return None
    url = proc.stdout.decode("utf-8", "replace").strip()
    found = _GITHUB_REMOTE.search(url) if proc.returncode == 0 else None
    if found is None or found.group(2) in (".", ".."):
        return None
    return f"{found.group(1)}/{found.group(2)}"
