"""Commit messages parsed as commitlint 20 parses them (conventional-commits-parser with the
options of ``conventional-changelog-conventionalcommits``, or of the angular preset when the
configuration names none), and commitlint's default ignores. Every pattern is matched in
linear time: the messages are untrusted."""

import re
from functools import lru_cache
from typing import NamedTuple

ACTIONS = ("close", "closes", "closed", "fix", "fixes", "fixed", "resolve", "resolves", "resolved")
JS_LINE_BREAKS = "\n\r\u2028\u2029"
_NOT_BREAK = "[^\n\r\u2028\u2029]"


class Parsed(NamedTuple):
    """The fields commitlint's rules read (None where the parser sets null)."""

    raw: str
    header: str | None
    type: str | None
    scope: str | None
    subject: str | None
    body: str | None
    footer: str | None
    references: int


def js_length(text: str) -> int:
    """JavaScript's ``length``: UTF-16 code units."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def trim_newlines(text: str) -> str:
    return text.strip("\r\n") if text.strip("\r\n") else ""


def parse(message: str, *, conventional: bool = True) -> Parsed:
    """``message`` as commitlint's parser reads it (comments are not stripped: git has)."""
    lines = [
        line
        for line in re.split(r"\r?\n", trim_newlines(message))
        if not _gpg_line(line)  # the parser drops gpg's output lines
    ]
    header = lines[0] if lines and lines[0] else None
    separators = ("!: ", ": ") if conventional else (": ",)
    kind, scope, subject = header_fields(header, separators) if header else (None,) * 3
    body, footer, references = _body_and_footer(lines[1:], conventional)
    references += _count_references(header) if header else 0
    return Parsed(message, header, kind, scope, subject, body, footer, references)


def _gpg_line(line: str) -> bool:
    return line.lstrip(" \t\f\v").startswith("gpg:")


def header_fields(header: str, separators: tuple[str, ...]) -> tuple[str | None, ...]:
    """type, scope and subject of ``^(\\w*)(?:\\((.*)\\))?!?: (.*)$`` (angular: no ``!``),
    found without backtracking: the type is the longest run of word characters, the scope
    runs to the last ``)`` that a separator follows."""
    if any(char in header for char in JS_LINE_BREAKS[1:]):
        return None, None, None  # JavaScript's "." stops at \r, U+2028 and U+2029
    kind = re.match(r"[A-Za-z0-9_]*", header).group()  # type: ignore[union-attr]
    rest = header[len(kind) :]
    scope = None
    if rest.startswith("("):
        found = max((rest.rfind(")" + s), s) for s in separators)
        if found[0] < 0:
            return None, None, None
        scope, rest = rest[1 : found[0]], rest[found[0] + 1 :]
    separator = next((s for s in separators if rest.startswith(s)), None)
    if separator is None:
        return None, None, None
    return kind or None, scope or None, rest[len(separator) :] or None


@lru_cache(maxsize=2)
def _note(conventional: bool) -> re.Pattern[str]:
    keywords = "BREAKING CHANGE|BREAKING-CHANGE" if conventional else "BREAKING CHANGE"
    return re.compile(rf"[\s|*]*(?:{keywords})[:\s]+", re.IGNORECASE)


@lru_cache(maxsize=1)
def _actions() -> re.Pattern[str]:
    keywords = "|".join(ACTIONS)
    return re.compile(rf"({keywords})\s+({_NOT_BREAK}*?)(?=(?:{keywords})|\Z)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _url() -> re.Pattern[str]:
    return re.compile(r"\bhttps?://(?:www\.)?[-a-zA-Z0-9@:%_+.~#?&/=]+\b", re.ASCII)


def _body_and_footer(lines: list[str], conventional: bool) -> tuple[str | None, str | None, int]:
    """The body runs to the first line that is a note (``BREAKING CHANGE: ...``) or holds
    a reference (``Closes #12``); the footer is that line and every line after it."""
    body: str | None = None
    footer: str | None = None
    references = 0
    for line in lines:
        count = _count_references(line)
        references += count
        if footer is None and not count and not _note(conventional).match(line):
            body = _append(body, line)
        else:
            footer = _append(footer, line)
    return (
        (trim_newlines(body) if body else body),
        (trim_newlines(footer) if footer else footer),
        references,
    )


def _append(text: str | None, line: str) -> str:
    return f"{text}\n{line}" if text else line


def _count_references(line: str) -> int:
    """How many issue references (``#12``) the parser finds in ``line``: after an action
    keyword when the line has one, anywhere otherwise; none in a sentence with a URL."""
    found = list(_actions().finditer(line))
    sentences = [match.group(2) for match in found] if found else [line]
    return sum(_issues(sentence) for sentence in sentences if not _url().search(sentence))


def _issues(sentence: str) -> int:
    """``#`` then word characters or dashes, then a space, the end or one of ``,;)]``."""
    count, at = 0, sentence.find("#")
    while at >= 0:
        end = at + 1
        while end < len(sentence) and (
            sentence[end].isascii() and (sentence[end].isalnum() or sentence[end] in "_-")
        ):
            end += 1
        if end > at + 1 and (
            end == len(sentence) or sentence[end].isspace() or sentence[end] in ",;)]"
        ):
            count += 1
        at = sentence.find("#", end if end > at + 1 else at + 1)
    return count


# --- commitlint's default ignores (@commitlint/is-ignored) ---------------------------------
_SEMVER = re.compile(
    r"v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-(?:0|[1-9]\d*|\d*[a-zA-Z-][a-zA-Z0-9-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][a-zA-Z0-9-]*))*)?"
    r"(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?\Z",
    re.ASCII,
)


def ignored(message: str) -> bool:
    """Whether commitlint's default ignores skip ``message``: merges (``Merge pull request``,
    ``Merge branch``, ``Merge X into Y``, ``Merge tag`` on any line), reverts and reapplies,
    ``fixup!``/``squash!``/``amend!``, a semver release subject, ``Merged ... in(to)``,
    ``Merged PR x: y``, ``Merge remote-tracking branch``, ``Automatic merge``,
    ``Auto-merged X into Y``."""
    if any(_merge_line(line) for line in re.split("[\n\r\u2028\u2029]", message)):
        return True
    first = re.split("[\n\r\u2028\u2029]", message, maxsplit=1)[0]
    return message.startswith(_IGNORED_STARTS) or _release(first) or _merged(first)


_IGNORED_STARTS = (
    *("Revert ", "revert ", "Reapply ", "reapply ", "amend!", "fixup!", "squash!"),
    *("Merge remote-tracking branch", "Automatic merge"),
)


def _merged(first: str) -> bool:
    """``Merged X in(to) Y``, ``Merged PR x: y``, ``Auto-merged X into Y``."""
    if first.startswith("Merged "):
        rest = first[len("Merged ") :]
        return "in " in rest or "into " in rest or (rest.startswith("PR ") and ": " in rest[3:])
    return first.startswith("Auto-merged ") and " into " in first[len("Auto-merged ") :]


def _merge_line(line: str) -> bool:
    return line.startswith(("Merge pull request", "Merge branch ", "Merge tag ")) or (
        line.startswith("Merge ") and " into " in line[len("Merge ") - 1 :]
    )


def _release(first_line: str) -> bool:
    """``1.2.3``, ``v1.2.3`` or ``chore(release): 1.2.3 [skip ci]``, as semver.valid reads it."""
    stripped = re.sub(r"\Achore(\([^)]+\))?:", "", first_line)
    stripped = re.sub(r"\[(skip|ci)(-|\s)(ci|skip)\]", "", stripped, count=1, flags=re.I)
    stripped = re.sub(r"\((skip|ci)(-|\s)(ci|skip)\)", "", stripped, count=1, flags=re.I)
    stripped = stripped.strip()
    return len(stripped) <= 256 and _SEMVER.match(stripped) is not None
