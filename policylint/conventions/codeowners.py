"""CODEOWNERS files as GitHub reads them: where the file is, its lines, and who owns a path.

GitHub's rules (docs.github.com, "About code owners"), which differ from gitignore's:

- The file is the first of ``.github/CODEOWNERS``, ``CODEOWNERS``, ``docs/CODEOWNERS``; one
  over 3 MB is not loaded.
- A line is a pattern and zero or more owners (``@user``, ``@org/team``, an email address);
  ``#`` starts a comment at the start of a line or of a word. A pattern with no owners takes
  ownership away: the path is matched, and nobody owns it.
- The last matching line wins. Paths are compared case-sensitively.
- ``!`` negation, ``[ ]`` character ranges and escaping a leading ``#`` with ``\\`` do not
  work. GitHub skips an invalid line (and shows the error on the file's page); here such a
  line is invalid too, as is a line that starts with an owner instead of a pattern.
- ``\\`` escapes the next character, so ``path\\ with\\ spaces/`` is one pattern.
- Patterns are gitignore-style, except that a trailing lone ``*`` matches one level only:
  ``docs/*`` owns ``docs/a.md``, not ``docs/build/b.md``; ``apps/`` and ``**/logs`` own
  everything inside such a directory at any depth.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from policylint.globs import translate

if TYPE_CHECKING:
    from policylint.facts.repo import Repo

LOCATIONS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")
SIZE_LIMIT = 3 * 1024 * 1024  # GitHub does not load a larger file
OWNER_FORMS = "@user, @org/team-name or an email address"


class OwnerLine(NamedTuple):
    """One valid line: its 1-based number, pattern (as written) and owners (maybe none)."""

    line: int
    pattern: str
    owners: tuple[str, ...]


class LineError(NamedTuple):
    """A line GitHub reports as an error and skips: its number, text and what is wrong."""

    line: int
    text: str
    reason: str


class Codeowners(NamedTuple):
    path: str
    lines: tuple[OwnerLine, ...]
    errors: tuple[LineError, ...]

    def owner_line(self, path: str) -> OwnerLine | None:
        """The line that decides who owns ``path`` (the last match), or None when none does."""
        for line in reversed(self.lines):
            if pattern_regex(line.pattern).fullmatch(path):
                return line
        return None


def find_codeowners(repo: Repo) -> str | None:
    """The CODEOWNERS file GitHub would use in ``repo``'s file list, or None."""
    return next((path for path in LOCATIONS if repo.has(path)), None)


def parse_codeowners(text: str, path: str) -> Codeowners:
    lines: list[OwnerLine] = []
    errors: list[LineError] = []
    for number, raw in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        words = _words(raw)
        if not words:
            continue
        reason = _pattern_error(words[0]) or _owners_error(words[1:])
        if reason:
            errors.append(LineError(number, raw.strip(), reason))
        else:
            lines.append(OwnerLine(number, words[0], tuple(words[1:])))
    return Codeowners(path, tuple(lines), tuple(errors))


def _words(line: str) -> list[str]:
    """The line's words up to a comment; ``\\ `` keeps a space inside a pattern."""
    words: list[str] = []
    for word in re.findall(r"(?:\\.|\S)+", line):
        if word.startswith("#"):
            break
        words.append(word)
    return words


def _pattern_error(pattern: str) -> str | None:
    if _owner_form().fullmatch(pattern):
        return "the line starts with an owner; write the pattern first (* for every file)"
    if pattern.startswith("!"):
        return "negation (!) does not work in CODEOWNERS"
    if pattern.startswith("\\#"):
        return "escaping a leading # with \\ does not work in CODEOWNERS"
    if re.search(r"(?<!\\)(?:\\\\)*\[", pattern):
        return "character ranges ([ ]) do not work in CODEOWNERS; write each name out"
    if "***" in pattern:
        return "three asterisks in a row are not a valid pattern"
    if pattern == "/":
        return "the pattern / never matches anything; did you mean * ?"
    if (len(pattern) - len(pattern.rstrip("\\"))) % 2:
        return "the pattern ends with an unescaped backslash"
    return None


def _owners_error(owners: list[str]) -> str | None:
    bad = [owner for owner in owners if not _owner_form().fullmatch(owner)]
    if not bad:
        return None
    names = ", ".join(repr(owner) for owner in bad)
    return f"invalid owner {names}: write {OWNER_FORMS}"


@lru_cache(maxsize=1)
def _owner_form() -> re.Pattern[str]:
    user = r"@[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?"
    team = r"@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?/[A-Za-z0-9_.-]+"
    email = r"[^@\s/]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    return re.compile(f"{team}|{user}|{email}")


@lru_cache(maxsize=4096)
def pattern_regex(pattern: str) -> re.Pattern[str]:
    """The regular expression (for ``fullmatch``) of a valid CODEOWNERS pattern."""
    return re.compile(translate(pattern, codeowners=True), re.DOTALL)
