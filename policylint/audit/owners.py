"""Each audited repository's own organisation defaults (its owner's ``.github`` repository).

``--org-defaults DIR`` names either one checkout of an organisation's ``.github`` repository,
used for every repository as before, or a directory of such checkouts, one per owner:
``DIR/<owner>/.github``. DIR is a directory of checkouts when it is no git work tree itself and
holds at least one ``<owner>/.github`` directory. A repository's owner is, in order: the
manifest entry's ``owner:``; the owner in its git URL (``https://github.com/OWNER/REPO``,
``git@host:OWNER/REPO.git``); the owner in its checkout's ``origin`` remote. Owners match
case-insensitively, as GitHub's do. A manifest entry's ``org-defaults:`` (a path) overrides all
of this for that repository. A repository whose owner has no checkout gets none: projects of
other organisations are never judged by one organisation's files.
"""

from __future__ import annotations

import os
import re

from policylint.audit.sources import Target
from policylint.git import run_git

DEFAULTS_REPOSITORY = ".github"
# scheme://[user@]host[:port]/path, user@host:path (scp-like), file:///path
_URL_PATH = re.compile(r"^(?:[a-z][a-z0-9+.-]*://[^/]*|[\w.-]+@[\w.-]+:)(?P<path>.*)$", re.I)


def org_defaults_for(given: str | None, target: Target, root: str) -> str | None:
    """The organisation defaults checkout for ``target`` (checked out at ``root``)."""
    if target.org_defaults is not None:
        return target.org_defaults
    if given is None or not is_owner_directory(given):
        return given
    owner = target.owner or owner_of(target.location if target.is_url else None, root)
    return None if owner is None else _checkout_of(given, owner)


def is_owner_directory(directory: str) -> bool:
    """Whether ``directory`` holds ``<owner>/.github`` checkouts rather than being one."""
    if os.path.exists(os.path.join(directory, ".git")):
        return False
    try:
        with os.scandir(directory) as entries:
            children = [e.path for e in entries if e.is_dir() and not e.name.startswith(".")]
    except OSError:
        return False
    return any(os.path.isdir(os.path.join(child, DEFAULTS_REPOSITORY)) for child in children)


def owner_of(url: str | None, root: str) -> str | None:
    """The owner in ``url``, else in the checkout's ``origin`` remote; None when neither says."""
    if url is not None:
        return owner_in_url(url)
    proc = run_git("-C", root, "remote", "get-url", "origin")
    if proc.returncode != 0:
        return None
    return owner_in_url(proc.stdout.decode("utf-8", "replace").strip())


def owner_in_url(url: str) -> str | None:
    """``https://github.com/OWNER/REPO(.git)`` -> ``OWNER`` (the path's second-to-last part)."""
    found = _URL_PATH.match(url.strip())
    path = found.group("path") if found else url
    parts = [part for part in path.rstrip("/").split("/") if part]
    return parts[-2] if len(parts) >= 2 else None


def _checkout_of(directory: str, owner: str) -> str | None:
    wanted = owner.lower()
    with os.scandir(directory) as entries:
        for entry in entries:
            candidate = os.path.join(entry.path, DEFAULTS_REPOSITORY)
            if entry.name.lower() == wanted and os.path.isdir(candidate):
                return candidate
    return None
