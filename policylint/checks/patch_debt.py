"""patch-debt: carried patches say where they went upstream and by when they must be dropped.

What it checks
    The header of every patch matching ``globs`` (the part before the diff: before the first
    line starting with ``---``, ``diff ``, ``Index:``, ``+++ `` or ``@@ ``; fields may be
    commented out with ``#`` as dpatch does; field names ignore case). A patch must:

    - say where it stands upstream, in one of two conventions. DEP-3 (Debian): ``Forwarded:``
      with a URL (any value but ``no`` and ``not-needed``), ``Bug:`` (without ``Forwarded:``, DEP-3
      reads it as forwarded), ``Applied-Upstream:``, or ``Origin: upstream, ...`` /
      ``Origin: backport, ...`` (taken from upstream). ``Bug-<Vendor>:`` and ``Origin:
      vendor``/``other`` say where a patch comes from, not where it went, and do not count.
      Yocto: ``Upstream-Status:`` with ``Submitted [where]``, ``Backport [version]``,
      ``Accepted`` (older layers), ``Denied [reason]``, ``Inactive-Upstream [lastcommit: when]``
      or ``Inappropriate [reason]`` (a reason is required). When a patch has an
      ``Upstream-Status:`` line, it decides.
    - not merely be waiting to be sent: ``Forwarded: no`` and ``Upstream-Status: Pending``
      declare the work not done, and are findings unless ``allow-pending`` is true. (DEP-3's
      ``no`` means "not forwarded yet"; ``not-needed`` means "never meant for upstream".)
    - carry a drop-by date, ``Drop-By: YYYY-MM-DD`` (the field is ``drop-by-field``;
      ``Remove-By:`` is read as a synonym), unless it is permanent by definition:
      ``Forwarded: not-needed``, ``Upstream-Status: Inappropriate [...]`` or
      ``Inactive-Upstream`` have no upstream to wait for. A date that is not a date, or one
      before today (UTC), is a finding: ``overdue since 2026-03-01 (265 days)``.

    With ``deprecations``, source files are searched for deprecations that declare their
    removal: one whose date has passed, or whose version is at or below ``current-version``, is
    a finding at its line.

Why
    A patch carried downstream is a debt: every upgrade must rebase it, and only the people who
    wrote it know why it exists. Upstream first — send it, record where, set a date to drop
    it — is how distributions and layers with thousands of patches stay maintainable. The same
    holds for deprecated code whose announced removal keeps slipping.

Options
    - ``globs`` (list of globs, default ``patches/**/*.patch``, ``patches/**/*.diff``,
      ``debian/patches/**`` without ``debian/patches/series`` and ``00list``): the patches.
      ``[]`` checks no patches (for a rule about deprecations only).
    - ``require-drop-by`` (bool, default true): a patch needs a drop-by date.
    - ``drop-by-field`` (string, default ``Drop-By``): the name of the drop-by field.
    - ``allow-pending`` (bool, default false): accept ``Forwarded: no`` and
      ``Upstream-Status: Pending``.
    - ``deprecations`` (mapping): ``globs`` (required) the source files to search; ``pattern``
      a regular expression with a named group ``date`` (``YYYY-MM-DD``) and/or ``version``
      (dotted numbers), searched with ``^``/``$`` at every line; the default finds
      ``DEPRECATED: remove in 3.0``, ``deprecated(since="1.2", removal="2.0")``,
      ``removed_in="2.0"``, ``@deprecated ... will be removed in version 4`` and
      ``# deprecated: remove after 2026-06-01`` (``deprecat`` then, within 200 characters on
      the line, ``remove``/``removal``/``drop``/``delete`` and the date or version).
      ``current-version`` (string such as ``2.1`` or ``v2.1.0rc1``: the leading numbers count,
      compared part by part, ``2`` equals ``2.0``); without it, versions are not judged.
      At most 20,000 files are searched; binary files and files over 1 MiB are skipped.

    A patch file that cannot be read (binary, a link out of the checkout) is a finding.

Example
    ```yaml
    carried-patches-documented:
      kind: patch-debt
      title: Carried patches say where they went upstream and when they are dropped
      severity: error
      options:
        globs: ["patches/**/*.patch", "debian/patches/*", "!debian/patches/series"]
        deprecations:
          globs: ["src/**/*.py"]
          current-version: "2.1"
    ```
    A passing patch header:
    ```
    Description: Fix the build with GCC 14
    Forwarded: https://github.com/example/project/pull/123
    Drop-By: 2026-12-31
    ```
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from policylint.globs import compile_globs, pattern_errors
from policylint.model import OptionError, Problem
from policylint.text import one_line

if TYPE_CHECKING:
    import datetime

    from policylint.facts import Facts
    from policylint.facts.repo import Repo
    from policylint.model import Rule

NAME = "patch-debt"
NEEDS = frozenset({"repo"})
DEFAULT_GLOBS = (
    "patches/**/*.patch",
    "patches/**/*.diff",
    "debian/patches/**",
    "!debian/patches/series",
    "!debian/patches/00list",
)
HEADER_BYTES = 64 * 1024  # a header longer than this is not read to its end
MAX_SOURCE_FILES = 20_000
# Lines where the diff starts: the header ends before the first of them.
DIFF_STARTS = ("---", "diff ", "Index:", "+++ ", "@@ ")
TAKEN = ("upstream", "backport")  # Origin: keywords of patches taken from upstream
YOCTO_STATUSES = (
    "Pending, Submitted [where], Backport [version], Denied [reason], "
    "Inactive-Upstream [lastcommit: when], Inappropriate [reason]"
)
DEFAULT_DEPRECATION = (
    r"(?i)deprecat.{0,200}?\b(?:remov(?:e|ed|al)|drop(?:ped)?|delet(?:e|ed|ion))"
    r"(?:[ \t_-]*(?:in|by|after|on|at|from|with|version|date))?[ \t=:\"'(]*"
    r"(?:version[ \t]+|v(?=\d))?(?:(?P<date>\d{4}-\d{1,2}-\d{1,2})|(?P<version>\d+(?:\.\d+)*)\b)"
)
_GLOBS = {"type": "array", "items": {"type": "string", "minLength": 1}}
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "globs": {
            **_GLOBS,
            "default": list(DEFAULT_GLOBS),
            "description": "The carried patches; [] checks none.",
        },
        "require-drop-by": {"type": "boolean", "default": True},
        "drop-by-field": {
            "type": "string",
            "pattern": "^[A-Za-z][A-Za-z0-9-]*:?$",
            "default": "Drop-By",
            "description": "The header field holding the drop-by date (YYYY-MM-DD).",
        },
        "allow-pending": {
            "type": "boolean",
            "default": False,
            "description": "Accept Forwarded: no and Upstream-Status: Pending.",
        },
        "deprecations": {
            "type": "object",
            "additionalProperties": False,
            "required": ["globs"],
            "properties": {
                "globs": {**_GLOBS, "minItems": 1, "description": "Source files to search."},
                "pattern": {
                    "type": "string",
                    "minLength": 1,
                    "description": "A regular expression with named groups date and/or version.",
                },
                "current-version": {"type": "string", "pattern": r"^v?\d+(\.\d+)*"},
            },
        },
    },
}


class Field(NamedTuple):
    """A header field's value and its 1-based line."""

    value: str
    line: int


class Standing(NamedTuple):
    """Where a patch stands upstream: ``upstream`` (sent or taken from there), ``permanent``
    (never meant for upstream), or a problem (``missing``, ``pending``, ``malformed``)."""

    state: str
    message: str = ""
    line: int = 1


def validate(options: dict[str, Any]) -> list[OptionError]:
    errors = [OptionError(("globs", i), msg) for i, msg in pattern_errors(options.get("globs", ()))]
    deprecations = options.get("deprecations")
    if deprecations is None:
        if options.get("globs") == []:
            errors.append(
                OptionError(("globs",), "no patches and no deprecations: nothing to check")
            )
        return errors
    errors += [
        OptionError(("deprecations", "globs", i), msg)
        for i, msg in pattern_errors(deprecations["globs"])
    ]
    return errors + _pattern_errors(deprecations.get("pattern"))


def _pattern_errors(pattern: str | None) -> list[OptionError]:
    if pattern is None:
        return []
    try:
        groups = re.compile(pattern).groupindex
    except re.error as exc:
        return [OptionError(("deprecations", "pattern"), f"not a regular expression: {exc}")]
    if "date" in groups or "version" in groups:
        return []
    message = "needs a named group (?P<date>...) or (?P<version>...) holding the removal"
    return [OptionError(("deprecations", "pattern"), message)]


def check(rule: Rule, facts: Facts) -> Iterator[Problem]:
    options, today = rule.options, _today(facts.now)
    globs = compile_globs(tuple(options.get("globs", DEFAULT_GLOBS)))
    for path in facts.repo.glob(globs):
        yield from _patch_problems(facts.repo, path, options, today)
    if "deprecations" in options:
        yield from _deprecations(facts.repo, options["deprecations"], today)


# --- patches ------------------------------------------------------------------------------


def _patch_problems(
    repo: Repo, path: str, options: dict[str, Any], today: datetime.date
) -> Iterator[Problem]:
    header, unread = _header(repo, path)
    if unread:
        yield Problem(f"Patch header not read: {unread}", path, key=f"{path}:unreadable")
        return
    fields = header_fields(header)
    standing = upstream_standing(fields)
    if standing.state in ("missing", "malformed") or (
        standing.state == "pending" and not options.get("allow-pending", False)
    ):
        yield Problem(standing.message, path, standing.line, key=f"{path}:upstream")
    yield from _drop_by(path, fields, options, today, permanent=standing.state == "permanent")


def _header(repo: Repo, path: str) -> tuple[str, str | None]:
    """The patch's first ``HEADER_BYTES`` as text, or why they were not read."""
    import os

    if not repo.present(path):
        return "", "not a regular file inside the checkout (a broken link or one leading out)"
    try:
        with open(os.path.join(repo.root, path), "rb") as handle:
            data = handle.read(HEADER_BYTES)
    except OSError as exc:
        return "", f"cannot be read ({exc.strerror})"
    if b"\0" in data:
        return "", "a binary file"
    return data.decode("utf-8", "surrogateescape"), None


def header_fields(text: str) -> dict[str, Field]:
    """The ``Name: value`` fields before the diff, keyed by lower-cased name; the first of
    each name counts. A leading ``#`` (dpatch) is dropped."""
    fields: dict[str, Field] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw.startswith(DIFF_STARTS):
            break
        match = _field_line().match(raw)
        if match:
            fields.setdefault(match[1].lower(), Field(match[2].strip(), number))
    return fields


@lru_cache(maxsize=1)
def _field_line() -> re.Pattern[str]:
    return re.compile(r"(?:#+[ \t]?)?([A-Za-z][A-Za-z0-9-]*):[ \t]*(.*)")


def upstream_standing(fields: dict[str, Field]) -> Standing:
    """What the header says about upstream; ``Upstream-Status:`` decides when present."""
    status = fields.get("upstream-status")
    return _yocto(status) if status is not None else _dep3(fields)


def _yocto(status: Field) -> Standing:
    match = re.match(r"([A-Za-z-]+)\s*(?:\[(.*?)\])?", status.value)
    word = match[1].lower() if match else ""
    if word in ("submitted", "backport", "accepted", "denied"):
        return Standing("upstream")
    if word == "inactive-upstream" or (
        word == "inappropriate" and match and (match[2] or "").strip()
    ):
        return Standing("permanent")
    shown = one_line(status.value, 80)
    if word == "pending":
        message = (
            "Upstream-Status: Pending: the patch has not been sent upstream; send it and write "
            "Submitted [where], or Inappropriate [reason] if it is not meant for upstream"
        )
        return Standing("pending", message, status.line)
    if word == "inappropriate":
        message = "Upstream-Status: Inappropriate needs a reason: Inappropriate [oe specific]"
        return Standing("malformed", message, status.line)
    message = f"Upstream-Status: {shown!r} is not one of {YOCTO_STATUSES}"
    return Standing("malformed", message, status.line)


def _dep3(fields: dict[str, Field]) -> Standing:
    origin = fields.get("origin")
    taken = origin is not None and origin.value.split(",")[0].strip().lower() in TAKEN
    if taken or "applied-upstream" in fields:
        return Standing("upstream")  # it comes from upstream: nothing to send
    forwarded = fields.get("forwarded")
    value = forwarded.value.lower() if forwarded else ""
    if value == "not-needed":
        return Standing("permanent")
    if forwarded is not None and value == "no":
        message = (
            "Forwarded: no: the patch has not been sent upstream; send it and record where "
            "(Forwarded: <url>), or write Forwarded: not-needed if it is not meant for upstream"
        )
        return Standing("pending", message, forwarded.line)
    if value or "bug" in fields:  # DEP-3: without Forwarded:, a Bug: means it was forwarded
        return Standing("upstream")
    message = (
        "The patch does not say where it went upstream: add Forwarded: <url> or Bug: <url> "
        "(DEP-3; Forwarded: not-needed if it is not meant for upstream) or Upstream-Status: "
        "(Yocto)"
    )
    return Standing("missing", message)


def _drop_by(
    path: str,
    fields: dict[str, Field],
    options: dict[str, Any],
    today: datetime.date,
    *,
    permanent: bool,
) -> Iterator[Problem]:
    name = options.get("drop-by-field", "Drop-By").rstrip(":")
    field = fields.get(name.lower()) or fields.get("remove-by")
    key = f"{path}:drop-by"
    if field is None:
        if options.get("require-drop-by", True) and not permanent:
            message = f"No {name}: date: say by when the patch must be dropped ({name}: YYYY-MM-DD)"
            yield Problem(message, path, 1, key=key)
        return
    due = _date(field.value.split()[0] if field.value.split() else "")
    if due is None:
        yield Problem(
            f"{name}: {one_line(field.value, 40)!r} is not a date (YYYY-MM-DD)",
            path,
            field.line,
            key=key,
        )
    elif due < today:
        overdue = f"Overdue since {due.isoformat()} ({_days(today - due)})"
        yield Problem(
            f"{overdue}: drop the patch, or set a new {name}: date", path, field.line, key=key
        )


# --- deprecations ---------------------------------------------------------------------------


def _deprecations(repo: Repo, options: dict[str, Any], today: datetime.date) -> Iterator[Problem]:
    pattern = _compiled(options.get("pattern", DEFAULT_DEPRECATION))
    current = options.get("current-version")
    prefilter = "pattern" not in options  # the default pattern needs the word "deprecat"
    for path in repo.glob(compile_globs(tuple(options["globs"])))[:MAX_SOURCE_FILES]:
        text = repo.read_text(path).text
        if text is None or (prefilter and _deprecat().search(text) is None):
            continue
        for match in pattern.finditer(text):
            message = _deprecation_message(match, current, today)
            if message:
                line = text.count("\n", 0, match.start()) + 1
                yield Problem(message, path, line, key=f"{path}:{one_line(match[0], 80)}")


@lru_cache(maxsize=32)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.MULTILINE)


@lru_cache(maxsize=1)
def _deprecat() -> re.Pattern[str]:
    return re.compile("deprecat", re.IGNORECASE)


def _deprecation_message(
    match: re.Match[str], current: str | None, today: datetime.date
) -> str | None:
    groups = match.groupdict()
    written, version = groups.get("date"), groups.get("version")
    due = _date(written) if written else None
    if written and due is None:
        return f"Deprecation removal date {one_line(written, 40)!r} is not a date (YYYY-MM-DD)"
    if due is not None and due < today:
        overdue = f"Deprecation overdue since {due.isoformat()} ({_days(today - due)})"
        return f"{overdue}: remove the deprecated code, or move its removal date"
    if version and current is not None and _version(version) <= _version(current):
        due_in = f"Deprecation due for removal in {version}; the current version is {current}"
        return f"{due_in}: remove the deprecated code, or move its removal to a later version"
    return None


# --- dates and versions ---------------------------------------------------------------------


def _today(now: float) -> datetime.date:
    import datetime

    return datetime.datetime.fromtimestamp(now, datetime.timezone.utc).date()


def _date(text: str) -> datetime.date | None:
    """``YYYY-MM-DD`` as a date; None when it is not one."""
    import datetime

    if not re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        return None
    try:
        return datetime.date(*map(int, text.split("-")))
    except ValueError:
        return None


def _days(delta: datetime.timedelta) -> str:
    return "1 day" if delta.days == 1 else f"{delta.days} days"


def _version(text: str) -> tuple[int, ...]:
    """The leading dotted numbers of a version, trailing zeros dropped: ``v2.1.0rc1`` -> (2, 1)."""
    match = re.match(r"v?(\d+(?:\.\d+)*)", text.strip())
    parts = [int(part) for part in match[1].split(".")] if match else [0]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)
