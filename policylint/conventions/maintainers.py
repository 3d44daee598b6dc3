"""Maintainers files (MAINTAINERS, CODEOWNERS, Kubernetes OWNERS, Markdown lists and tables):
the people they list, and whether a commit author is one of them.

A line yields every email address, every ``@login`` (not ``@org/team``, which cannot be
resolved) and every plain name of two to four words (a list item or table cell). An OWNERS
file yields the logins under ``approvers:`` and ``reviewers:``. Everything is compared
lower-cased.
"""

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from policylint.facts.history import Author
    from policylint.facts.repo import Repo


def listed_identities(repo: "Repo", files: tuple[str, ...]) -> frozenset[str]:
    """Lower-cased emails, names and ``@logins`` of the people the files list."""
    found: set[str] = set()
    for path in files:
        text = repo.read_text(path).text or ""
        base = path.rpartition("/")[2].lower()
        lines = _owners_entries(text) if base == "owners" else text.splitlines()
        for line in lines:
            found.update(_identities(line, bare_login=base == "owners"))
    return frozenset(found)


def is_listed(author: "Author", listed: frozenset[str]) -> bool:
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


@lru_cache(maxsize=1)
def _email() -> re.Pattern[str]:
    # Linear in ``re``: a match starts only where a token starts (the lookbehind), so a long
    # line without an @ is scanned once, not again from every position (as contacts.py's).
    return re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@lru_cache(maxsize=1)
def _login() -> re.Pattern[str]:
    # Linear in ``re``: after the fixed @, at most 39 characters are tried from any position
    # (RE2 cannot run the lookbehind and lookahead that keep emails and teams out).
    return re.compile(r"(?<![\w.+-])@([A-Za-z0-9][A-Za-z0-9-]{0,38})(?![\w/-])")


@lru_cache(maxsize=1)
def _profile() -> re.Pattern[str]:
    # Linear in ``re``: a fixed prefix, then at most 39 characters and one lookahead.
    return re.compile(r"https://github\.com/([A-Za-z0-9][A-Za-z0-9-]{0,38})/?(?![\w/.-])")


@lru_cache(maxsize=1)
def _name() -> re.Pattern[str]:
    # Linear (``fullmatch``, anchored): words and the spaces between them share no character,
    # so a failed name is never split again another way.
    return re.compile(r"[^\W\d_][\w.'-]*(?:[ \t]+[^\W\d_][\w.'-]*){1,3}")


class Person(NamedTuple):
    """One person a maintainers file lists: every identity written for them (lower-cased
    emails, ``@logins``, names) and where they are first listed."""

    identities: frozenset[str]
    path: str
    line: int

    @property
    def shown(self) -> str:
        """How a finding names them: a login, else an email, else a name."""
        ordered = sorted(self.identities, key=lambda i: (not i.startswith("@"), "@" not in i, i))
        return ordered[0]


# Sections and OWNERS keys of people who no longer maintain the project.
_FORMER = re.compile(r"emeritus|former|alumni|past|retired|inactive|thanks", re.IGNORECASE)
_OWNERS_KEYS = ("approvers", "reviewers", "maintainers")


def people(repo: "Repo", files: tuple[str, ...]) -> list[Person]:
    """The distinct people the files list, in order of appearance. An entry is a line (a list
    item, table row, ``Name <email>`` line, OWNERS entry); entries that share an email, a login
    or a name are one person, so someone listed twice counts once. In CODEOWNERS every
    ``@login`` and email is a person (one line names several owners); teams never count.
    Headings, comments and emeritus/former sections (and OWNERS ``emeritus_*`` keys) do not."""
    merged: list[Person] = []
    for path in files:
        text = repo.read_text(path).text or ""
        base = path.rpartition("/")[2].lower()
        for line, identities in _entries(text, base):
            merged = _merge(merged, Person(frozenset(identities), path, line))
    return merged


def _entries(text: str, base: str) -> list[tuple[int, set[str]]]:
    if base == "owners":
        return [(n, {"@" + login.lower()}) for n, login in _owners_logins(text)]
    found: list[tuple[int, set[str]]] = []
    former = False
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        heading = _heading(line, lines[number] if number < len(lines) else "")
        if heading is not None:
            former = _FORMER.search(heading) is not None
            continue
        if former or line.lstrip().startswith("#") or _is_table_rule(lines, number):
            continue
        if base == "codeowners":
            found += [(number, {identity}) for identity in _contacts(line)]
        else:
            identities = _person_on(line)
            if identities:
                found.append((number, identities))
    return found


def _heading(line: str, following: str) -> str | None:
    """The text of a Markdown ATX heading, or of a line underlined by ``===``/``---``."""
    if re.match(r" {0,3}#{1,6}(?:[ \t]|$)", line):
        return line.strip().strip("#").strip()
    if line.strip() and re.fullmatch(r" {0,3}(?:=+|-{2,})[ \t]*", following):
        return line.strip()
    return None


def _is_table_rule(lines: list[str], number: int) -> bool:
    """A table's ``|---|`` line, or the header row above one."""
    line = lines[number - 1]
    below = lines[number] if number < len(lines) else ""
    rule = re.compile(r"[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*")
    return bool(rule.fullmatch(line)) or ("|" in line and bool(rule.fullmatch(below)))


def _contacts(line: str) -> set[str]:
    """Emails, ``@logins`` and GitHub profile links (``https://github.com/login``)."""
    found = {email.lower() for email in _email().findall(line)}
    found.update("@" + login.lower() for login in _login().findall(line))
    found.update("@" + login.lower() for login in _profile().findall(line))
    return found


def _person_on(line: str) -> set[str]:
    """The identities of the one person an entry names: its emails, logins and profile
    links, and the name it starts with when the line is a list item or table row (prose is
    not a name; ``, Google LLC`` after the person is their employer, not their name)."""
    found = _contacts(line)
    entry = re.match(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+|[ \t]*\|", line) is not None
    if found or entry:
        first = next((p for p in re.split(r"[|<>(),\[\]]", line) if p.strip(" \t-*+#>`_")), "")
        found.update(n for n in _identities(first, bare_login=False) if "@" not in n)
    if not found and re.fullmatch(r"[ \t]*[A-Za-z0-9][\w.-]*[ \t]*", line) and entry:
        found.add("@" + line.strip().lower())
    return found


def _owners_logins(text: str) -> list[tuple[int, str]]:
    """Kubernetes OWNERS: the entries under ``approvers:``, ``reviewers:`` and
    ``maintainers:`` (not ``emeritus_approvers:``, ``triage:``), with their lines."""
    entries, key = [], ""
    for number, line in enumerate(text.splitlines(), start=1):
        top = re.match(r"([A-Za-z_-]+):", line)
        key = top[1] if top else key
        item = re.match(r"\s*-\s*([\w.-]+)\s*(?:#.*)?$", line)
        if item and key in _OWNERS_KEYS:
            entries.append((number, item[1]))
    return entries


def _merge(people: list[Person], new: Person) -> list[Person]:
    """``people`` with ``new`` added, or joined to everyone it shares an identity with."""
    same = [p for p in people if p.identities & new.identities]
    if not same:
        return [*people, new]
    first = same[0]
    joined = first._replace(
        identities=frozenset().union(new.identities, *(p.identities for p in same))
    )
    return [joined if p is first else p for p in people if p is first or p not in same]
