"""Maintainers files (MAINTAINERS, CODEOWNERS, Kubernetes OWNERS, Markdown lists and tables):
the people they list, and whether a commit author is one of them.

A line yields every email address, every ``@login`` (not ``@org/team``, which cannot be
resolved) and every plain name of two to four words (a list item or table cell). An OWNERS
file yields the logins under ``approvers:`` and ``reviewers:``. Everything is compared
lower-cased.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from policylint.linear import compile_linear

if TYPE_CHECKING:
    from policylint.facts.history import Author
    from policylint.facts.repo import Repo
    from policylint.linear import LinearPattern


def listed_identities(repo: Repo, files: tuple[str, ...]) -> frozenset[str]:
    """Lower-cased emails, names and ``@logins`` of the people the files list."""
    found: set[str] = set()
    for path in files:
        text = repo.read_text(path).text or ""
        base = path.rpartition("/")[2].lower()
        lines = _owners_entries(text) if base == "owners" else text.splitlines()
        for line in lines:
            found.update(_identities(line, bare_login=base == "owners"))
    return frozenset(found)


def is_listed(author: Author, listed: frozenset[str]) -> bool:
    """Whether the author's email, name, or GitHub login (as a name or in a noreply address)
    is among the ``listed`` identities."""
    email, name = author.email.lower(), " ".join(author.name.lower().split())
    # Anchored, and [^@]+ cannot pass the @: linear in the (untrusted) address.
    noreply = re.fullmatch(r"(?:\d+\+)?([^@]+)@users\.noreply\.github\.com", email)
    candidates = (email, name, "@" + name, "@" + noreply[1] if noreply else "")
    return any(candidate in listed for candidate in candidates if candidate)


def _owners_entries(text: str) -> list[str]:
    """The list items under a Kubernetes OWNERS file's ``approvers:`` and ``reviewers:``."""
    entries, key = [], ""
    for line in text.splitlines():
        top = re.match(r"([A-Za-z_-]+):", line)
        key = top[1] if top else key
        item = re.match(r"\s*-\s*([\w.-]+)\s*(?:#.*)?$", line)
        if item and key in ("approvers", "reviewers"):
            entries.append(item[1])
    return entries


def _identities(line: str, *, bare_login: bool) -> Iterator[str]:
    if bare_login:
        yield "@" + line.lower()
        return
    for email in _email().findall(line):
        yield email.lower()
    for login in _login().findall(line):
        yield "@" + login.lower()
    for part in re.split(r"[|<>(),\[\]]", line):
        words = part.strip(" \t-*+#>`_").removeprefix("M:").strip()
        if _name().fullmatch(words):
            yield " ".join(words.lower().split())


def _email() -> LinearPattern:
    # By RE2: in ``re`` a long line without an @ made every position rescan the rest of it.
    # \pL and \pN keep \w's Unicode meaning (RE2's \w is ASCII).
    return compile_linear(r"[\pL\pN_.+-]+@[\pL\pN_-]+(?:\.[\pL\pN_-]+)+")


@lru_cache(maxsize=1)
def _login() -> re.Pattern[str]:
    # Linear in ``re``: after the fixed @, at most 39 characters are tried from any position
    # (RE2 cannot run the lookbehind and lookahead that keep emails and teams out).
    return re.compile(r"(?<![\w.+-])@([A-Za-z0-9][A-Za-z0-9-]{0,38})\b(?!/)")


@lru_cache(maxsize=1)
def _name() -> re.Pattern[str]:
    # Linear (``fullmatch``, anchored): words and the spaces between them share no character,
    # so a failed name is never split again another way.
    return re.compile(r"[^\W\d_][\w.'-]*(?:[ \t]+[^\W\d_][\w.'-]*){1,3}")
