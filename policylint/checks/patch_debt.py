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
    The default ``deprecations.pattern`` finds ``DEPRECATED: remove in 3.0``,
    ``deprecated(since="1.2", removal="2.0")``, ``removed_in="2.0"``, ``@deprecated ... will
    be removed in version 4`` and ``# deprecated: remove after 2026-06-01`` (``deprecat`` then,
    within 200 characters on the line, ``remove``/``removal``/``drop``/``delete`` and the date or
    version). Versions compare their leading numbers part by part (``2`` equals ``2.0``); without
    ``current-version`` they are not judged. At most 20,000 files are searched; binary files and
    files over 1 MiB are skipped.

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

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from policylint.checks import Example
from policylint.checks.support.dates import days_phrase, parse_date, utc
from policylint.conventions.patch_headers import (
    Field,
    header_fields,
    read_header,
    upstream_standing,
)
from policylint.display import one_line
from policylint.globs import compile_globs, pattern_errors
from policylint.model import OptionError, Problem

if TYPE_CHECKING:
    import datetime

    from policylint.facts import Facts
    from policylint.facts.repo import Repo
    from policylint.model import Rule

DEFAULT_GLOBS = (
    "patches/**/*.patch",
    "patches/**/*.diff",
    "debian/patches/**",
    "!debian/patches/series",
    "!debian/patches/00list",
)
HEADER_BYTES = 64 * 1024  # a header longer than this is not read to its end
_GLOBS = {"type": "array", "items": {"type": "string", "minLength": 1}}
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "globs": {
            **_GLOBS,
            "default": list(DEFAULT_GLOBS),
            "description": "Globs of the carried patches; [] checks none (for deprecations only).",
        },
        "require-drop-by": {
            "type": "boolean",
            "default": True,
            "description": "A patch needs a drop-by date unless it is permanent by definition.",
        },
        "drop-by-field": {
            "type": "string",
            "pattern": "^[A-Za-z][A-Za-z0-9-]*:?$",
            "default": "Drop-By",
            "description": (
                "The header field holding the drop-by date (YYYY-MM-DD); Remove-By: is read "
                "as a synonym."
            ),
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
            "description": "Also search source files for deprecations whose removal is due.",
            "properties": {
                "globs": {**_GLOBS, "minItems": 1, "description": "Globs of the source files."},
                "pattern": {
                    "type": "string",
                    "minLength": 1,
                    "description": (
                        "A regular expression with a named group date (YYYY-MM-DD) and/or "
                        "version (dotted numbers), searched with ^ and $ at every line."
                    ),
                },
                "current-version": {
                    "type": "string",
                    "pattern": r"^v?\d+(\.\d+)*",
                    "description": (
                        "The version being developed (2.1 or v2.1.0rc1): a deprecation whose "
                        "removal version is at or below it is a finding."
                    ),
                },
            },
        },
    },
}
EXAMPLES = (
    Example(
        options={"globs": ["patches/*.patch"]},
        passes={
            "files": {
                "patches/gcc14.patch": (
                    "Description: Fix the build with GCC 14\n"
                    "Forwarded: https://github.com/example/project/pull/123\n"
                    "Drop-By: 2026-12-31\n---\n"
                )
            },
            "now": "2026-01-01",
        },
        fails={
            "files": {
                "patches/gcc14.patch": (
                    "Description: Fix the build with GCC 14\n"
                    "Forwarded: https://github.com/example/project/pull/123\n"
                    "Drop-By: 2025-12-01\n---\n"
                )
            },
            "now": "2026-01-01",
        },
        message="Overdue since 2025-12-01 (31 days): drop the patch, or set a new Drop-By: date",
    ),
)


def validate(options: dict[str, Any]) -> list[OptionError]:
    errors = [OptionError(("globs", i), msg) for i, msg in pattern_errors(options.get("globs", ()))]
    deprecations = options.get("deprecations")
    if deprecations is not None:
        from policylint.conventions.deprecations import deprecations_errors

        return errors + deprecations_errors(deprecations)
    if options.get("globs") == []:
        errors.append(OptionError(("globs",), "no patches and no deprecations: nothing to check"))
    return errors


def check(rule: Rule, facts: Facts) -> Iterator[Problem]:
    options, today = rule.options, utc(facts.now).date()
    globs = compile_globs(tuple(options["globs"]))
    for path in facts.repo.glob(globs):
        yield from _patch_problems(facts.repo, path, options, today)
    if "deprecations" in options:
        from policylint.conventions.deprecations import deprecation_problems

        yield from deprecation_problems(facts.repo, options["deprecations"], today)


def _patch_problems(
    repo: Repo, path: str, options: dict[str, Any], today: datetime.date
) -> Iterator[Problem]:
    header, unread = read_header(repo, path, HEADER_BYTES)
    if unread:
        yield Problem(f"Patch header not read: {unread}", path, key=f"{path}:unreadable")
        return
    fields = header_fields(header)
    standing = upstream_standing(fields)
    if standing.state in ("missing", "malformed") or (
        standing.state == "pending" and not options["allow-pending"]
    ):
        yield Problem(standing.message, path, standing.line, key=f"{path}:upstream")
    yield from _drop_by(path, fields, options, today, permanent=standing.state == "permanent")


def _drop_by(
    path: str,
    fields: dict[str, Field],
    options: dict[str, Any],
    today: datetime.date,
    *,
    permanent: bool,
) -> Iterator[Problem]:
    name = options["drop-by-field"].rstrip(":")
    field = fields.get(name.lower()) or fields.get("remove-by")
    key = f"{path}:drop-by"
    if field is None:
        if options["require-drop-by"] and not permanent:
            missing = f"No {name}: date: say by when the patch must be dropped ({name}: YYYY-MM-DD)"
            yield Problem(missing, path, 1, key=key)
        return
    wrong = _drop_by_problem(name, field.value, today)
    if wrong:
        yield Problem(wrong, path, field.line, key=key, evidence=(f"today: {today.isoformat()}",))


def evidence(rule: Rule, facts: Facts) -> list[str]:
    """What satisfied the rule: each patch's upstream standing and drop-by date, or that
    there is no patch; that no deprecation is due."""
    from policylint.checks.support.evidence import paths

    options = rule.options
    found = facts.repo.glob(compile_globs(tuple(options["globs"])))
    said = [_standing(facts.repo, path, options) for path in found[:3]]
    said += [f"and {len(found) - 3} more patches"] if len(found) > 3 else []
    if not found and options["globs"]:
        said.append(f"no patch matching {paths(options['globs'], 5)}")
    if "deprecations" in options:
        globs = paths(options["deprecations"]["globs"], 5)
        said.append(f"no deprecation due in files matching {globs}")
    return said


def _standing(repo: Repo, path: str, options: dict[str, Any]) -> str:
    """``patches/a.patch: upstream, Drop-By: 2026-12-31``."""
    from policylint.display import display

    fields = header_fields(read_header(repo, path, HEADER_BYTES)[0])
    name = options["drop-by-field"].rstrip(":")
    field = fields.get(name.lower()) or fields.get("remove-by")
    due = f", {name}: {one_line(field.value, 40)}" if field is not None else ""
    return display(f"{path}: {upstream_standing(fields).state}{due}")


def _drop_by_problem(name: str, value: str, today: datetime.date) -> str | None:
    """What is wrong with the drop-by date ``value``: not a date, or past; None when neither."""
    words = value.split()
    due = parse_date(words[0] if words else "")
    if due is None:
        return f"{name}: {one_line(value, 40)!r} is not a date (YYYY-MM-DD)"
    if due < today:
        overdue = f"Overdue since {due.isoformat()} ({days_phrase(today - due)})"
        return f"{overdue}: drop the patch, or set a new {name}: date"
    return None
