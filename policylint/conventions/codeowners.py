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

import os
import re
from typing import TYPE_CHECKING, NamedTuple

from policylint.errors import RepoError
from policylint.git import run_git
from policylint.globs import translate
from policylint.linear import compile_linear

if TYPE_CHECKING:
    from policylint.facts.repo import Repo
    from policylint.linear import LinearPattern

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


def find_codeowners(repo: "Repo") -> str | None:
    """The CODEOWNERS file GitHub would use in ``repo``'s file list, or None."""
    return next((path for path in LOCATIONS if repo.has(path)), None)


class AtRef(NamedTuple):
    """The CODEOWNERS file of a git revision: its path, and its text or why it cannot be used."""

    path: str
    text: str | None
    note: str = ""


def codeowners_at(root: str, ref: str) -> AtRef | None:
    """The CODEOWNERS file GitHub would use in revision ``ref`` (paths relative to ``root``,
    as in the checkout), or None when that revision has none."""
    output = run_git(
        "-C", root, "--literal-pathspecs", "ls-tree", "-l", "-z", ref, "--", *LOCATIONS
    )
    if output.returncode != 0:
        reason = os.fsdecode(output.stderr).strip() or f"git exit status {output.returncode}"
        raise RepoError(f"{root}: cannot list CODEOWNERS at {ref}: {reason}")
    entries: dict[str, tuple[str, str, str]] = {}
    for record in output.stdout.split(b"\0"):
        meta, _, name = record.partition(b"\t")
        if meta:
            mode, _, object_id, size = os.fsdecode(meta).split()
            entries[os.fsdecode(name)] = (mode, object_id, size)
    path = next((location for location in LOCATIONS if location in entries), None)
    if path is None:
        return None
    mode, object_id, size = entries[path]
    if mode not in ("100644", "100755"):
        return AtRef(path, None, f"not a regular file at {ref}")
    if int(size) > SIZE_LIMIT:
        return AtRef(path, None, f"larger than {SIZE_LIMIT} bytes at {ref}, not loaded")
    blob = run_git("-C", root, "cat-file", "blob", object_id)
    if blob.returncode != 0:
        return AtRef(path, None, f"cannot be read at {ref}")
    return AtRef(path, blob.stdout.decode("utf-8", "surrogateescape"))


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
    # Linear: each alternative takes at least one character and a word cannot fail to match
    # once started, so ``re`` never backtracks into it.
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
    if _unescaped_bracket(pattern):
        return "character ranges ([ ]) do not work in CODEOWNERS; write each name out"
    if "***" in pattern:
        return "three asterisks in a row are not a valid pattern"
    if pattern == "/":
        return "the pattern / never matches anything; did you mean * ?"
    if (len(pattern) - len(pattern.rstrip("\\"))) % 2:
        return "the pattern ends with an unescaped backslash"
    return None


def _unescaped_bracket(pattern: str) -> bool:
    """Whether ``pattern`` has a ``[`` no backslash escapes. A loop, not a regex: with
    lookbehind, a line of backslashes took time quadratic in its length."""
    index = 0
    while index < len(pattern):
        if pattern[index] == "[":
            return True
        index += 2 if pattern[index] == "\\" else 1
    return False


def _owners_error(owners: list[str]) -> str | None:
    bad = [owner for owner in owners if not _owner_form().fullmatch(owner)]
    if not bad:
        return None
    names = ", ".join(repr(owner) for owner in bad)
    return f"invalid owner {names}: write {OWNER_FORMS}"


def _owner_form() -> "LinearPattern":
    user = r"@[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?"
    team = r"@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?/[A-Za-z0-9_.-]+"
    email = r"[^@\s/]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    return compile_linear(f"{team}|{user}|{email}")


def pattern_regex(pattern: str) -> "LinearPattern":
    """The regular expression (for ``fullmatch``) of a valid CODEOWNERS pattern, run by RE2:
    the pattern and the paths come from the repository (and the pull request), and a pattern
    such as ``*a*a*a*a*a*a*b`` backtracks for a minute on a 100-character path in ``re``."""
    return compile_linear(translate(pattern, codeowners=True), dotall=True)
