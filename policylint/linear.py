"""Regular expressions applied to repository- or pull-request-controlled text, run by RE2 in
time linear in the text, whatever the pattern and the text.

Python's ``re`` backtracks: ``(a+)+b`` against forty ``a`` runs for minutes, and so can a
CODEOWNERS line, a MAINTAINERS line or a pull-request title against an innocent-looking
pattern. Every pattern a policy writes (``file-content``, ``pr-title``, ``pr-body``,
``commit-message``, ``patch-debt``'s deprecations) and every internal pattern applied to such
text (CODEOWNERS, maintainers) is compiled here instead.

RE2 refuses what it cannot run in linear time: backreferences (``\\1``), lookahead and
lookbehind (``(?=``, ``(?!``, ``(?<=``, ``(?<!``), atomic groups and possessive quantifiers.
``regex_problem`` says so in words a policy author can act on; the loader reports it at the
pattern's position. Python's ``\\Z`` is accepted (as RE2's ``\\z``). ``\\d``, ``\\w``, ``\\s``
and ``\\b`` are ASCII in RE2; ``\\pL`` or ``\\p{L}`` match any letter.

``re2`` (google-re2, a dependency of cel-python) costs about 7 ms to import, so it is imported
on the first compile: a hook run whose rules use no pattern never pays for it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Protocol

SYNTAX = "https://github.com/google/re2/wiki/Syntax"
_WHY = "patterns run in linear time (RE2), which cannot"
_REFUSED = (
    (("(?=", "(?!", "(?<=", "(?<!"), "use lookahead or lookbehind ((?=, (?!, (?<=, (?<!)"),
    (("\\1", "\\2", "\\3", "\\4", "\\5", "\\6", "\\7", "\\8", "\\9"), "use backreferences"),
    (("(?>", "++", "*+", "?+", "}+"), "use atomic groups or possessive quantifiers"),
)
_HINTS = {
    "use lookahead or lookbehind ((?=, (?!, (?<=, (?<!)": (
        "match the surrounding text itself, or move a forbidden form to not-matches"
    ),
    "use backreferences": "spell out the repeated text",
    "use atomic groups or possessive quantifiers": "drop them: RE2 never backtracks",
}


class Match(Protocol):
    """What callers use of a match (re2's and re's alike)."""

    def group(self, *names: int | str) -> Any: ...

    def start(self, group: int | str = 0) -> int: ...

    def end(self, group: int | str = 0) -> int: ...

    def groupdict(self) -> dict[str, str | None]: ...

    def __getitem__(self, group: int | str) -> Any: ...


class LinearPattern:
    """A compiled pattern; ``search``, ``match``, ``fullmatch``, ``finditer``, ``findall`` as
    ``re`` has them. Text that UTF-8 cannot encode (undecodable bytes kept as surrogate
    escapes) is matched with each lone surrogate read as ``?``: positions stay where they were."""

    __slots__ = ("_regex", "pattern")

    def __init__(self, regex: Any, pattern: str) -> None:
        self._regex, self.pattern = regex, pattern

    def search(self, text: str) -> Match | None:
        return self._call("search", text)  # type: ignore[no-any-return]

    def match(self, text: str) -> Match | None:
        return self._call("match", text)  # type: ignore[no-any-return]

    def fullmatch(self, text: str) -> Match | None:
        return self._call("fullmatch", text)  # type: ignore[no-any-return]

    def finditer(self, text: str) -> list[Match]:
        return list(self._call("finditer", text))

    def findall(self, text: str) -> list[Any]:
        return list(self._call("findall", text))

    @property
    def groupindex(self) -> dict[str, int]:
        return dict(self._regex.groupindex)

    def _call(self, method: str, text: str) -> Any:
        try:
            return _eager(getattr(self._regex, method)(text))
        except UnicodeEncodeError:
            return _eager(getattr(self._regex, method)(_encodable(text)))


def _eager(result: Any) -> Any:
    """finditer's generator encodes lazily: consume it here, where encoding errors are met."""
    return list(result) if hasattr(result, "__next__") else result


def _encodable(text: str) -> str:
    return text.encode("utf-8", "replace").decode("utf-8")


class RegexError(ValueError):
    """A pattern RE2 cannot compile; the message says why, in a policy author's words."""


def compile_linear(
    pattern: str, *, ignore_case: bool = False, multiline: bool = False, dotall: bool = False
) -> LinearPattern:
    """``pattern`` (Python syntax, as policies write it) compiled by RE2; ``RegexError``."""
    return _compiled(pattern, ignore_case, multiline, dotall)


def regex_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be used (in words for the policy's author), or None: Python's
    message (with its position) when it is no regular expression at all, else what RE2
    cannot run and what to write instead."""
    import re

    try:
        re.compile(pattern)
    except re.error as exc:
        return str(exc)
    except (RecursionError, OverflowError, ValueError):  # a pattern nested or sized absurdly
        return "too complex to compile"
    try:
        compile_linear(pattern)
    except RegexError as exc:
        return str(exc)
    return None


@lru_cache(maxsize=1024)
def _compiled(pattern: str, ignore_case: bool, multiline: bool, dotall: bool) -> LinearPattern:
    import re2  # type: ignore[import-untyped]

    options = re2.Options()
    options.log_errors = False  # RE2 would print each refusal on stderr
    options.case_sensitive = not ignore_case
    options.dot_nl = dotall
    flags = "(?m)" if multiline else ""
    try:
        return LinearPattern(re2.compile(flags + _to_re2(pattern), options), pattern)
    except re2.error as exc:
        raise RegexError(_explained(pattern, exc)) from None


def _to_re2(pattern: str) -> str:
    """Python's ``\\Z`` (end of text) as RE2 spells it, ``\\z``; nothing else changes."""
    if "\\Z" not in pattern:
        return pattern
    out, i = [], 0
    while i < len(pattern):
        pair = pattern[i : i + 2]
        out.append("\\z" if pair == "\\Z" else pair if pair[:1] == "\\" else pattern[i])
        i += 2 if pair[:1] == "\\" else 1
    return "".join(out)


def _explained(pattern: str, exc: Exception) -> str:
    detail = exc.args[0] if exc.args else exc
    text = detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)
    for forms, what in _REFUSED:
        if any(form in text for form in forms):
            return f"{_WHY} {what}: {_HINTS[what]}"
    return f"{text} (patterns use RE2 syntax: {SYNTAX})"
