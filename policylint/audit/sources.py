"""What to audit: command-line sources expanded into repositories (``Target``), each with a
display name unique in the audit.

A source is a git URL; a manifest file (text: one path or git URL a line, ``#`` comments; or
YAML: ``repositories: [{source, policy?, name?, org-defaults?, owner?}]``, paths relative to
the manifest); or a
directory, which is one repository when it is a checkout itself and otherwise a directory of
checkouts (each immediate subdirectory that is a git work tree or holds anything). A bare
repository (a server's ``app.git``: no work tree to read) is one repository, cloned into the
cache as its ``file://`` URL, whether given directly, in a manifest, or found in a directory.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from policylint.documents.document import YamlError
from policylint.documents.problems import Problems, Reading, Site
from policylint.documents.yaml import read_document
from policylint.errors import AuditError
from policylint.git import run_git
from policylint.readfile import read_regular

# https://, http://, ssh://, git://, file:// URLs, and scp-like ``user@host:path``.
MANIFEST_LIMIT = 64 * 1024 * 1024
_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|[\w.-]+@[\w.-]+:)", re.IGNORECASE)
_MANIFEST_KEYS = ("source", "policy", "name", "org-defaults", "owner")
# A git directory's HEAD: a symbolic ref, or a detached commit (SHA-1 or SHA-256).
_HEAD = re.compile(rb"ref: refs/\S+|[0-9a-f]{40}|[0-9a-f]{64}")


class Target(NamedTuple):
    """One repository to audit."""

    source: str  # as given: the command-line or manifest entry, or DIRECTORY/child
    name: str  # display name, unique in the audit
    location: str  # an absolute directory, or a git URL
    is_url: bool = False
    policy: str | None = None  # an imposed policy file (absolute), else the repository's own
    # The manifest's org-defaults checkout (absolute) and owner, when the entry names them.
    org_defaults: str | None = None
    owner: str | None = None


def is_git_url(text: str) -> bool:
    return _URL.match(text) is not None


def expand(sources: Iterable[str], *, policy: str | None = None) -> list[Target]:
    """Every repository named by ``sources``, once each, in order; ``policy`` is imposed on
    every repository whose manifest entry does not name its own. Raises AuditError."""
    found = [t for source in sources for t in _targets(source)]
    if policy is not None:
        found = [t if t.policy else t._replace(policy=policy) for t in found]
    return _unique_names(_distinct(found))


def _targets(source: str) -> list[Target]:
    if is_git_url(source):
        return [url_target(source, source)]
    if os.path.isfile(source):
        if source.endswith((".yaml", ".yml")):
            return yaml_manifest(source)
        return text_manifest(source)
    if os.path.isdir(source):
        return [local_target(path) for path in checkouts(source)]
    raise AuditError(f"{source}: no such directory, manifest file or git URL")


def url_target(source: str, url: str, *, name: str = "", policy: str | None = None) -> Target:
    return Target(source, name or url_name(url), url, True, policy)


def path_target(source: str, *, name: str = "", policy: str | None = None) -> Target:
    location = os.path.abspath(source)
    return Target(source, name or os.path.basename(location) or location, location, False, policy)


def local_target(source: str, *, name: str = "", policy: str | None = None) -> Target:
    """A directory: a checkout read in place, or a bare repository cloned as its ``file://``
    URL (``git ls-files`` lists nothing in a repository without a work tree)."""
    if is_bare_repository(source):
        url = "file://" + os.path.abspath(source)
        return url_target(source, url, name=name, policy=policy)
    return path_target(source, name=name, policy=policy)


def is_bare_repository(directory: str) -> bool:
    """Whether ``directory`` is a git directory itself (a bare repository, or a ``.git``): its
    ``objects/``, ``refs/`` and a ``HEAD`` file, as git tells one. Git is asked only when
    ``HEAD`` names neither a ref nor a commit."""
    head = os.path.join(directory, "HEAD")
    folders = (os.path.join(directory, name) for name in ("objects", "refs"))
    if not (os.path.isfile(head) and all(os.path.isdir(folder) for folder in folders)):
        return False
    try:
        with open(head, "rb") as stream:
            text = stream.read(200).strip()
    except OSError:
        return False
    return _HEAD.fullmatch(text) is not None or _git_says_bare(directory)


def _git_says_bare(directory: str) -> bool:
    proc = run_git("-C", directory, "rev-parse", "--is-bare-repository")
    return proc.returncode == 0 and proc.stdout.strip() == b"true"


def url_name(url: str) -> str:
    """``https://host/org/repo.git`` and ``git@host:org/repo`` -> ``repo``."""
    tail = re.split(r"[/:]", url.rstrip("/"))[-1]
    return tail.removesuffix(".git") or "repository"


def checkouts(directory: str) -> list[str]:
    """The repositories a directory source stands for, sorted by name."""
    if os.path.exists(os.path.join(directory, ".git")) or is_bare_repository(directory):
        return [directory]
    with os.scandir(directory) as entries:
        children = sorted(e.name for e in entries if e.is_dir() and not e.name.startswith("."))
    found = [path for path in (os.path.join(directory, c) for c in children) if _holds(path)]
    if found:
        return found
    if _holds(directory, files_only=True):  # one repository that is no git checkout
        return [directory]
    raise AuditError(f"{directory}: no repositories in this directory")


def _holds(directory: str, *, files_only: bool = False) -> bool:
    """Whether ``directory`` holds anything (a file, with ``files_only``)."""
    with os.scandir(directory) as entries:
        return any(not (files_only and entry.is_dir()) for entry in entries)


def text_manifest(manifest: str) -> list[Target]:
    """One path or git URL a line; blank lines and ``#`` comments are ignored."""
    try:
        lines = read_regular(manifest, MANIFEST_LIMIT).decode("utf-8").splitlines()
    except OSError as exc:
        raise AuditError(f"{manifest}: cannot read the manifest: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise AuditError(f"{manifest}: cannot read the manifest: {exc}") from None
    base = os.path.dirname(manifest)
    entries = [line.strip() for line in lines]
    targets = [_entry(base, entry) for entry in entries if entry and not entry.startswith("#")]
    if not targets:
        raise AuditError(f"{manifest}: the manifest lists no repositories")
    return targets


def _entry(base: str, entry: str, *, name: str = "", policy: str | None = None) -> Target:
    if is_git_url(entry):
        return url_target(entry, entry, name=name, policy=policy)
    source = os.path.normpath(os.path.join(base, os.path.expanduser(entry)))
    return local_target(source, name=name, policy=policy)


def yaml_manifest(manifest: str) -> list[Target]:
    """``repositories: [{source: URL-or-path, policy: FILE, name: NAME}]``; every problem is
    reported at once as ``file:line:col: $.path: message``."""
    try:
        document = read_document(Path(manifest), manifest)
    except YamlError as exc:
        raise AuditError(exc.problems) from None
    problems = Reading(Site(manifest, document), Problems(AuditError))
    items = document.data.get("repositories")
    if not isinstance(items, list) or not items:
        _add(problems, ("repositories",), "expected a non-empty list of repositories")
        problems.problems.raise_any()
        return []
    targets = list(_yaml_entries(manifest, items, problems))
    problems.problems.raise_any()
    return targets


def _yaml_entries(manifest: str, items: list[Any], problems: Reading) -> Iterator[Target]:
    base = os.path.dirname(manifest)
    for index, item in enumerate(items):
        at = ("repositories", index)
        if not isinstance(item, dict):
            _add(
                problems,
                at,
                "expected a mapping with 'source' (and 'policy', 'name', 'org-defaults', 'owner')",
            )
            continue
        for key in item:
            if key not in _MANIFEST_KEYS:
                _add(
                    problems,
                    (*at, key),
                    f"unknown key; expected one of {', '.join(_MANIFEST_KEYS)}",
                )
        values = {k: item.get(k) for k in _MANIFEST_KEYS}
        for key, value in values.items():
            if (value is not None or key == "source") and not (isinstance(value, str) and value):
                _add(problems, (*at, key), "expected a non-empty string")
        policy = values["policy"]
        if isinstance(policy, str) and policy:
            policy = os.path.abspath(os.path.join(base, os.path.expanduser(policy)))
            if not os.path.isfile(policy):
                _add(problems, (*at, "policy"), f"no such policy file: {values['policy']}")
        defaults = values["org-defaults"]
        if isinstance(defaults, str) and defaults:
            defaults = os.path.abspath(os.path.join(base, os.path.expanduser(defaults)))
            if not os.path.isdir(defaults):
                message = f"no such directory: {values['org-defaults']}"
                _add(problems, (*at, "org-defaults"), message)
        if all(isinstance(v, str) or v is None for v in values.values()) and values["source"]:
            target = _entry(base, values["source"], name=values["name"] or "", policy=policy)
            yield target._replace(org_defaults=defaults, owner=values["owner"])


def _add(reading: Reading, path: tuple[str | int, ...], message: str) -> None:
    """A manifest problem: at the key of a misspelt or misplaced entry, else at the value."""
    at_key = isinstance(path[-1], str) and path[-1] not in _MANIFEST_KEYS
    reading.add(path, message, at_key=at_key)


def _distinct(targets: list[Target]) -> list[Target]:
    """The first of targets that name the same repository with the same policy."""
    seen: set[tuple[str, str | None]] = set()
    kept = []
    for target in targets:
        identity = (target.location, target.policy)
        if identity not in seen:
            seen.add(identity)
            kept.append(target)
    return kept


def _unique_names(targets: list[Target]) -> list[Target]:
    """Names made unique in order: a later ``repo`` becomes ``repo-2``, ``repo-3``..."""
    taken: set[str] = set()
    named = []
    for target in targets:
        name, number = target.name, 1
        while name in taken:
            number += 1
            name = f"{target.name}-{number}"
        taken.add(name)
        named.append(target._replace(name=name))
    return named
