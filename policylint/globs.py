"""Glob patterns with gitignore ("gitwildmatch") semantics, compiled to one regular expression.

The semantics are git's (tests compare with ``git check-ignore`` and pathspec's
``GitIgnoreSpec`` on a corpus), but the translation is ours: importing pathspec costs about
40 ms, more than three bare interpreter starts, and glob matching sits on the pre-commit hook's
hot path. pathspec itself is still used where its import pays off: walking a directory that is
not a git checkout (``.gitignore``).

- ``*`` and ``?`` never cross ``/``; ``[a-z]``, ``[!a-z]`` are character classes (never
  matching ``/``); ``\\`` escapes, inside classes too. An unclosed ``[`` is an error.
- ``**`` as a whole segment matches any number of directories (``a/**/b``, ``**/b``, ``a/**``).
- A pattern with no ``/`` but a trailing one matches at any depth (``*.py``, ``CHANGELOG*``);
  a pattern with a ``/`` at its start or middle is relative to the root.
- A trailing ``/`` matches only what is inside the directory; a name also matches the contents
  of a directory of that name (``docs`` matches ``docs/index.md``). ``**/`` is any directory.
- ``!pattern`` in a list excludes what earlier patterns included; the last match wins, and
  excluding a directory excludes everything in it (unlike git, where ``a/**`` then ``!a/b/``
  still matches ``a/b/c``).
- Surrounding whitespace is dropped (git keeps leading spaces), except a trailing ``\\ ``.

Matching is linear in the path (see ``translate``): a repository names its files, and a name
must not be able to stall a rule.
"""

import itertools
import re
import sys
from functools import lru_cache
from typing import NamedTuple


class GlobError(ValueError):
    """A pattern that cannot be compiled, with the reason."""


def _translate_segment(seg: str, *, classes: bool = True, linear: bool = False) -> str:
    """One segment (no ``/``) to regex. Without ``classes`` (CODEOWNERS, whose patterns are
    checked beforehand) ``[`` is a literal and a dangling ``\\`` is dropped, not an error.
    ``linear``: a segment with several ``*`` places each part between two of them at its
    first fit, for good (``_atomic``), so ``*a*a*a*b`` never tries every split of a name."""
    chunks: list[list[str]] = [[]]  # the fixed-width parts between the stars
    i, n = 0, len(seg)
    while i < n:
        c = seg[i]
        i += 1
        if c == "*":
            while i < n and seg[i] == "*":
                i += 1
            chunks.append([])
        elif c == "?":
            chunks[-1].append("[^/]")
        elif c == "\\":
            if i < n:
                chunks[-1].append(re.escape(seg[i]))
            elif classes:
                raise GlobError("a pattern must not end with an unescaped backslash")
            i += 1
        elif c == "[" and classes:
            end = _class_end(seg, i)
            if end < 0:
                raise GlobError("unclosed character class; write \\[ for a literal [")
            chunks[-1].append(_translate_class(seg[i:end]))
            i = end + 1
        else:
            chunks[-1].append(re.escape(c))
    parts = ["".join(chunk) for chunk in chunks]
    if not linear or len(parts) <= 2:  # one star: backtracking over it is linear
        return "[^/]*".join(parts)
    # A fixed-width part at its leftmost fit leaves every later part the most room, so the
    # first fit of each middle part is as good as any: nothing is tried twice.
    middle = "".join(_atomic(f"[^/]*?{part}") for part in parts[1:-1])
    return f"{parts[0]}{middle}[^/]*{parts[-1]}"


def _atomic(regex: str) -> str:
    """``regex`` as an atomic group: its first match is kept, never backtracked into."""
    if sys.version_info >= (3, 11):
        return f"(?>{regex})"
    name = f"_a{next(_ATOMIC_NAMES)}"  # pragma: no cover - Python 3.10: the classic emulation
    return f"(?=(?P<{name}>{regex}))(?P={name})"  # pragma: no cover


_ATOMIC_NAMES = itertools.count()


def _class_end(seg: str, start: int) -> int:
    """Index of the ``]`` that closes a class opened just before ``start``, or -1."""
    j = start + (seg[start : start + 1] in ("!", "^"))
    j += seg[j : j + 1] == "]"  # a "]" first in the class is a member
    while j < len(seg):
        if seg[j] == "]":
            return j
        j += 2 if seg[j] == "\\" else 1
    return -1


def _translate_class(body: str) -> str:
    """``[...]`` body to a regex class; members are escaped so no regex syntax leaks in."""
    negated = body[:1] in ("!", "^")
    members: list[str] = []
    i = int(negated)
    while i < len(body):
        escaped = body[i] == "\\"
        i += escaped
        members.append("-" if body[i] == "-" and not escaped else re.escape(body[i]))
        i += 1
    return f"[^/{''.join(members)}]" if negated else f"[{''.join(members)}]"


def _segments(pattern: str, codeowners: bool = False) -> list[str]:
    segs = pattern.split("/")
    if segs[0] == "":
        segs = segs[1:]  # "/foo": anchored at the root
    elif (len(segs) == 1 or (len(segs) == 2 and segs[1] == "")) and segs[0] != "**":
        segs.insert(0, "**")  # no slash inside: matches at any depth
    if len(segs) > 1 and segs[-1] == "":
        # "dir/": everything inside it; "a/**/" is "a/**/*/", a directory below a/ (as git),
        # but everything below a/ in CODEOWNERS.
        segs[-1:] = ["*", "**"] if segs[-2] == "**" and not codeowners else ["**"]
    # Consecutive "**" segments mean the same as one.
    return [s for i, s in enumerate(segs) if not (s == "**" and i > 0 and segs[i - 1] == "**")]


def translate(pattern: str, *, codeowners: bool = False) -> str:
    """The regular expression (for ``fullmatch``) of one positive pattern.

    ``codeowners`` selects GitHub's CODEOWNERS dialect (see policylint.conventions.codeowners): no
    character classes, ``a/**/`` is ``a/**``, and a last lone ``*`` matches one level only.

    Matching takes time linear in the path: a path is a repository's to choose, a pattern the
    policy's. Python's ``re`` backtracks, so ``**/a/**/a/**/b`` would try every way to share
    the directories among the ``**``, and ``*a*a*a*b`` every way to split a name: the
    directories between two ``**`` and the parts between two ``*`` are placed at their first
    fit for good instead (an atomic group), which finds a match whenever there is one (a
    leftmost fit leaves everything after it the most room). The CODEOWNERS dialect runs on
    RE2, linear by construction, which has no atomic groups."""
    segs = _segments(pattern, codeowners)
    classes, linear = not codeowners, not codeowners
    out: list[str] = []
    need_slash = False
    last_double = max((i for i, seg in enumerate(segs) if seg == "**"), default=-1)
    i = 0
    while i < len(segs):
        seg, sep = segs[i], "/" if need_slash else ""
        if seg == "**" and i == len(segs) - 1:
            out.append(f"{sep}.+")
            need_slash = False
        elif seg == "**" and linear and i < last_double:
            # the directories up to the next "**", at their first fit
            following = segs.index("**", i + 1)
            group = "/".join(_translate_segment(s, linear=True) for s in segs[i + 1 : following])
            out.append(sep + _atomic(f"(?:.+?/)??{group}(?=/)"))
            i, need_slash = following, True
            continue
        elif seg == "**":
            out.append(f"{sep}(?:.+/)?")
            need_slash = False
        else:
            out.append(sep + _translate_segment(seg, classes=classes, linear=linear))
            need_slash = True
        i += 1
    if need_slash and not (codeowners and segs[-1] == "*"):
        out.append("(?:/.+)?")  # a name matches a directory's contents too
    return "".join(out)


class Scope(NamedTuple):
    """Where a pattern's matches can lie: under the literal ``directory``; when ``single``,
    only directly in it or inside a subdirectory whose own name the pattern matches."""

    directory: str
    single: bool


def scope(pattern: str) -> Scope:
    """``docs/*.md`` -> Scope("docs", True); ``docs/**/x`` -> Scope("docs", False)."""
    segs = _segments(pattern)
    literal: list[str] = []
    for seg in segs[:-1]:
        if seg == "**" or any(c in seg for c in "*?[\\"):
            break
        literal.append(seg)
    single = len(literal) == len(segs) - 1 and segs[-1] != "**"
    return Scope("/".join(literal), single)


class GlobSet(NamedTuple):
    """An ordered list of patterns (``!`` excludes) compiled for ``fullmatch`` on paths."""

    patterns: tuple[str, ...]
    ignore_case: bool
    regex: re.Pattern[str]
    # Where the positive patterns' matches can lie; (Scope("", False),) means anywhere.
    scopes: tuple[Scope, ...]

    def match(self, path: str) -> bool:
        return self.regex.fullmatch(path) is not None


def _clean(patterns: tuple[str, ...]) -> list[tuple[bool, str]]:
    out: list[tuple[bool, str]] = []
    for raw in patterns:
        pattern = _trimmed(raw)
        if not pattern:
            raise GlobError("empty pattern")
        negated = pattern.startswith("!")
        if negated:
            pattern = pattern[1:]
        if pattern.startswith(("\\!", "\\#")):
            pattern = pattern[1:]
        if not pattern or pattern in ("/", "!"):
            raise GlobError(f"pattern {raw!r} matches nothing")
        out.append((negated, pattern))
    return out


def _trimmed(raw: str) -> str:
    """``raw`` without surrounding whitespace, but keeping a trailing one escaped by ``\\``
    (git keeps leading spaces too; in a policy file they are a typo far more often)."""
    pattern = raw.strip()
    backslashes = len(pattern) - len(pattern.rstrip("\\"))
    if backslashes % 2 and len(raw.rstrip()) < len(raw):
        pattern += raw[len(raw.rstrip())]
    return pattern


@lru_cache(maxsize=512)
def compile_globs(patterns: tuple[str, ...], *, ignore_case: bool = False) -> GlobSet:
    """Compile patterns once per process; raises GlobError naming the bad pattern."""
    parts: list[tuple[bool, str]] = _clean(patterns)
    regex = ""
    for negated, pattern in parts:
        try:
            body = translate(pattern)
        except GlobError as exc:
            raise GlobError(f"pattern {pattern!r}: {exc}") from None
        # The last matching pattern wins, so an exclusion guards everything before it.
        regex = f"(?!(?:{body})\\Z)(?:{regex})" if negated and regex else regex
        if not negated:
            regex = f"{regex}|{body}" if regex else body
    if not regex:
        regex = "(?!)"  # only exclusions: nothing is included
    try:
        compiled = re.compile(regex, re.IGNORECASE | re.DOTALL if ignore_case else re.DOTALL)
    except re.error as exc:
        raise GlobError(f"invalid pattern in {list(patterns)!r}: {exc}") from None
    positives = [p for negated, p in parts if not negated]
    scopes = tuple(sorted({scope(p) for p in positives}))
    if Scope("", False) in scopes:
        scopes = (Scope("", False),)
    return GlobSet(patterns, ignore_case, compiled, scopes)


def pattern_errors(patterns: list[str] | tuple[str, ...]) -> list[tuple[int, str]]:
    """``(index, message)`` for each pattern that does not compile on its own."""
    errors: list[tuple[int, str]] = []
    for index, pattern in enumerate(patterns):
        try:
            compile_globs((pattern,))
        except GlobError as exc:
            errors.append((index, str(exc)))
    return errors
