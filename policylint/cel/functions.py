"""CEL functions backed by repository facts, and safe replacements for two built-ins.

- ``exists(glob)`` / ``count(glob)``: whether any / how many checkout files match a glob or a
  list of globs (gitignore semantics as in ``policylint.globs``, case-sensitive, ``!`` excludes).
- ``read(path)``: a file's text, at most its first 64 Ki characters. A path that is not a file of
  the checkout's listing, a binary file, a file larger than 1 MiB or one that cannot be read
  reads as ``""``; bytes that are not UTF-8 read as U+FFFD.
- ``duration(text)``: cel-python's own uses a backtracking regex (``"a" * 30 + "!"`` takes a
  minute and a half, each two more characters four times as long) and accepts units CEL does
  not have; this one takes at most 64 characters of a strict ``[-+]`` number-unit sequence
  (units ``h``, ``m``, ``s``, ``ms``, ``us``, ``µs``, ``ns``).
- ``matches(text, regex)``: cel-python's RE2 matching (linear time), without RE2's logging to
  stderr on a bad pattern, which becomes an error value instead.
- ``+``: refuses to build a string, bytes or list longer than 1 Mi: ``x + x`` in a chain of
  ``map`` calls doubles a value each time and would exhaust memory well within the time budget.

A wrong argument type raises TypeError, which cel-python reports as ``no such overload`` at the
call; a bad value (an invalid glob, duration or regex) is returned as an error value whose
message names the function.
"""

from __future__ import annotations

import datetime
import operator
import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from policylint.cel.values import show, type_name
from policylint.globs import GlobError, GlobSet, compile_globs

if TYPE_CHECKING:
    from policylint.facts import Facts

READ_CAP = 64 * 1024  # characters read() returns at most
MAX_CONCATENATION = 1024 * 1024  # characters, bytes or items one "+" may produce
MAX_DURATION_LENGTH = 64
MAX_DURATION_SECONDS = 315_576_000_000  # CEL's range: about 10,000 years
_DURATION = re.compile(r"([-+]?)((?:\d+(?:\.\d+)?(?:ns|us|µs|ms|h|m|s))+)")
_DURATION_PART = re.compile(r"(\d+)(?:\.(\d+))?(ns|us|µs|ms|h|m|s)")
_NANOS = {
    "ns": 1,
    "us": 10**3,
    "µs": 10**3,
    "ms": 10**6,
    "s": 10**9,
    "m": 60 * 10**9,
    "h": 3600 * 10**9,
}

CelFunction = Callable[..., Any]


def exists_function(facts: Facts) -> CelFunction:
    from celpy import celtypes

    def exists(globs: Any) -> Any:
        found = _glob(facts, "exists", globs)
        return found if not isinstance(found, tuple) else celtypes.BoolType(bool(found))

    return exists


def count_function(facts: Facts) -> CelFunction:
    from celpy import celtypes

    def count(globs: Any) -> Any:
        found = _glob(facts, "count", globs)
        return found if not isinstance(found, tuple) else celtypes.IntType(len(found))

    return count


def _glob(facts: Facts, name: str, globs: Any) -> tuple[str, ...] | Exception:
    """The checkout files matching ``globs``, or an error value naming the function."""
    globset = glob_set(name, globs)
    return globset if isinstance(globset, Exception) else facts.repo.glob(globset)


def glob_set(name: str, globs: Any) -> GlobSet | Exception:
    """``globs`` (a glob or a list of globs) compiled, or an error value naming the function
    ``name``; TypeError (``no such overload``) for anything but strings."""
    from celpy.evaluation import CELEvalError

    patterns = (globs,) if isinstance(globs, str) else globs
    if not isinstance(patterns, list | tuple) or not all(isinstance(p, str) for p in patterns):
        raise TypeError(f"{name}() takes a glob or a list of globs, not {type_name(globs)}")
    try:
        return compile_globs(tuple(str(p) for p in patterns))
    except GlobError as exc:
        return CELEvalError(f"{name}(): {exc}")  # the message names the pattern


def read_function(facts: Facts) -> CelFunction:
    from celpy import celtypes

    def read(path: Any) -> Any:
        if not isinstance(path, str):
            raise TypeError(f"read() takes a path (string), not {type_name(path)}")
        return celtypes.StringType(_read(facts, str(path)))

    return read


def _read(facts: Facts, path: str) -> str:
    if not facts.repo.has(path):
        return ""
    text = facts.repo.read_text(path).text
    if text is None:
        return ""
    return text[:READ_CAP].encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def duration_function(facts: Facts) -> CelFunction:
    from celpy import celtypes
    from celpy.evaluation import CELEvalError

    def duration(text: Any) -> Any:
        if isinstance(text, datetime.timedelta):
            return celtypes.DurationType(text)
        if not isinstance(text, str):
            raise TypeError(f"duration() takes a string, not {type_name(text)}")
        parsed = parse_duration(str(text))
        if parsed is None:
            return CELEvalError(
                f"duration({show(str(text))}): not a duration; write numbers with units h, m, "
                "s, ms, us or ns, such as '90s' or '1h30m'"
            )
        return celtypes.DurationType(parsed)

    return duration


def parse_duration(text: str) -> datetime.timedelta | None:
    """``1h30m``, ``-1.5s``, ``250ms`` as a timedelta (microsecond precision), else None."""
    whole = _DURATION.fullmatch(text) if len(text) <= MAX_DURATION_LENGTH else None
    if whole is None:
        return None
    nanos = 0
    for digits, fraction, unit in _DURATION_PART.findall(whole.group(2)):
        scale = _NANOS[unit]
        nanos += int(digits) * scale + int(fraction or "0") * scale // 10 ** len(fraction)
    if nanos > MAX_DURATION_SECONDS * 10**9:
        return None
    sign = -1 if whole.group(1) == "-" else 1
    return datetime.timedelta(microseconds=sign * (nanos // 1000))


def matches_function(facts: Facts) -> CelFunction:
    from celpy import celtypes
    from celpy.evaluation import CELEvalError

    def matches(text: Any, pattern: Any) -> Any:
        if not isinstance(text, str) or not isinstance(pattern, str):
            raise TypeError("matches() takes a string and a regular expression (string)")
        try:
            regex = _re2(str(pattern))
        except Exception as exc:  # re2.error, whose text is bytes
            reason = exc.args[0] if exc.args else exc
            reason = reason.decode("utf-8", "replace") if isinstance(reason, bytes) else reason
            return CELEvalError(
                f"matches(): invalid regular expression {show(str(pattern))}: {reason}"
            )
        clean = str(text).encode("utf-8", "replace").decode("utf-8")  # RE2 takes valid UTF-8
        return celtypes.BoolType(regex.search(clean) is not None)

    return matches


def add(left: Any, right: Any) -> Any:
    """CEL's ``+`` (``_+_``) with a size limit; cel-python reports the ValueError at the ``+``."""
    sized = (str, bytes, list)
    if isinstance(left, sized) and isinstance(right, sized):
        size = len(left) + len(right)
        if size > MAX_CONCATENATION:
            unit = "characters" if isinstance(left, str) else "items"
            unit = "bytes" if isinstance(left, bytes) else unit
            limit = f"at most {MAX_CONCATENATION:,} are allowed"
            raise ValueError(f"'+' would make a {type_name(left)} of {size:,} {unit}; {limit}")
    return operator.add(left, right)


@lru_cache(maxsize=256)
def _re2(pattern: str) -> Any:
    import re2  # type: ignore[import-untyped]

    options = re2.Options()
    options.log_errors = False
    return re2.compile(pattern, options)
