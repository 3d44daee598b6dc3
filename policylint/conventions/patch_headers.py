"""Patch headers as DEP-3 (Debian) and Yocto write them: the fields before the diff, and what
they say about where a patch stands upstream.

The header ends before the first line starting with ``---``, ``diff ``, ``Index:``, ``+++ `` or
``@@ ``. A field is ``Name: value``, perhaps commented out with ``#`` as dpatch does; names
ignore case and the first of each name counts. When a header has ``Upstream-Status:`` (Yocto),
it decides; otherwise DEP-3's ``Origin:``, ``Applied-Upstream:``, ``Forwarded:`` and ``Bug:`` do.
"""

import re
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from policylint.display import one_line

if TYPE_CHECKING:
    from policylint.facts.repo import Repo

# Lines where the diff starts: the header ends before the first of them.
DIFF_STARTS = ("---", "diff ", "Index:", "+++ ", "@@ ")
TAKEN = ("upstream", "backport")  # Origin: keywords of patches taken from upstream
YOCTO_STATUSES = (
    "Pending, Submitted [where], Backport [version], Denied [reason], "
    "Inactive-Upstream [lastcommit: when], Inappropriate [reason]"
)
_YOCTO_PENDING = (
    "Upstream-Status: Pending: the patch has not been sent upstream; send it and write "
    "Submitted [where], or Inappropriate [reason] if it is not meant for upstream"
)
_YOCTO_NO_REASON = "Upstream-Status: Inappropriate needs a reason: Inappropriate [oe specific]"
_DEP3_PENDING = (
    "Forwarded: no: the patch has not been sent upstream; send it and record where "
    "(Forwarded: <url>), or write Forwarded: not-needed if it is not meant for upstream"
)
_DEP3_MISSING = (
    "The patch does not say where it went upstream: add Forwarded: <url> or Bug: <url> "
    "(DEP-3; Forwarded: not-needed if it is not meant for upstream) or Upstream-Status: "
    "(Yocto)"
)


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


def read_header(repo: "Repo", path: str, limit: int) -> tuple[str, str | None]:
    """The patch's first ``limit`` bytes as text, or why they were not read."""
    if not repo.present(path):
        return "", "not a regular file inside the checkout (a broken link or one leading out)"
    try:
        data = repo.read_start(path, limit)
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
    if word == "pending":
        return Standing("pending", _YOCTO_PENDING, status.line)
    if word == "inappropriate":
        return Standing("malformed", _YOCTO_NO_REASON, status.line)
    message = f"Upstream-Status: {one_line(status.value, 80)!r} is not one of {YOCTO_STATUSES}"
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
        return Standing("pending", _DEP3_PENDING, forwarded.line)
    if value or "bug" in fields:  # DEP-3: without Forwarded:, a Bug: means it was forwarded
        return Standing("upstream")
    return Standing("missing", _DEP3_MISSING)
