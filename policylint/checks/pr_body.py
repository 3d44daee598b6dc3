"""pr-body: the pull request's description says enough, in the sections the project asks for.

What it checks
    The description (body) of the pull (merge) request: that it is at least ``min-length``
    characters long, has each of ``required-sections`` with something written in it, and,
    with ``release-note: true``, carries a release note the way Kubernetes' Prow reads it.
    A missing description (GitHub sends ``null``) counts as empty.

Why
    Pull request templates are full of ``<!-- -->`` instructions and empty headings that
    nobody filled in. Reviewers then reconstruct the motivation from the diff, and the
    release manager writes every release note alone, weeks later.

Options
    A section heading is a Markdown heading of the description (``## Testing``, or a setext
    heading underlined with ``=`` or ``-``), compared ignoring case, surrounding space, a
    trailing colon and inline markup; something other than whitespace and HTML comments must
    follow it before the next heading of the same or a higher level (a sub-heading alone is not
    content). Headings inside fenced code blocks do not count.

    A release note is found as Prow's ``release-note`` plugin finds it: the text between
    ```` ```release-note ```` (or ```` ``` ```` right after a ``Release note**:`` line) and the
    next ```` ``` ````. A missing block and an empty one are findings; ``NONE`` or ``NO`` (any
    case, with punctuation around it) says the change needs no note. As in Prow, a missing or
    empty block is accepted when the pull request has the ``release-note-none`` label, and
    ``NONE`` is not accepted when it has ``kind/deprecation``.

    When GitLab truncated the description (``CI_MERGE_REQUEST_DESCRIPTION`` is cut short),
    a finding says so: the full description may meet the requirement.

Example
    ```yaml
    pr-description:
      kind: pr-body
      title: The description explains the change and carries a release note
      severity: error
      options:
        min-length: 30
        required-sections: ["What this PR does", "Testing"]
        release-note: true
    ```
"""

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from policylint.checks import Example
from policylint.checks.support.markup import headings, prose_lines
from policylint.model import OptionError, Problem

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.facts.pr import PullRequest
    from policylint.model import Rule

CONDITIONS = ("min-length", "required-sections", "release-note")
# Prow's labels: one that accepts a missing note, one that refuses NONE.
NONE_LABEL = "release-note-none"
DEPRECATION_LABEL = "kind/deprecation"
_TRUNCATED = (
    " (GitLab truncated this description in CI_MERGE_REQUEST_DESCRIPTION; the full text may"
    " meet this: pass it with --pr-json)"
)
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "min-length": {
            "type": "integer",
            "minimum": 1,
            "description": (
                "The fewest characters the description may have, counted without HTML "
                "comments (one left open too) and with each run of whitespace as one space."
            ),
        },
        "required-sections": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string", "pattern": r"\S"},
            "description": "Heading texts the description must have, each with content.",
        },
        "release-note": {
            "type": "boolean",
            "default": False,
            "description": "The description holds a release note, as Prow reads it.",
        },
    },
}
EXAMPLES = (
    Example(
        options={"required-sections": ["Testing"]},
        passes={"pr": {"body": "Adds retries.\n\n## Testing\n\nUnit tests.\n"}},
        fails={"pr": {"body": "Adds retries.\n\n## Testing\n\n<!-- how? -->\n"}},
        message='the "Testing" section of the description is empty (HTML comments do not count)',
    ),
)


def validate(options: dict[str, Any]) -> list[OptionError]:
    if not any(options.get(name) for name in CONDITIONS):
        return [OptionError((), f"give at least one of {', '.join(CONDITIONS)}")]
    return []


def check(rule: "Rule", facts: "Facts") -> Iterator[Problem]:
    assert facts.pr is not None  # the engine runs this kind only with PR facts
    pr = facts.pr
    suffix = _TRUNCATED if pr.body_truncated else ""
    looked_at: tuple[str, ...] = ()
    for key, message in _problems(rule.options, pr):
        looked_at = looked_at or (_described(pr.body or ""),)
        yield Problem(message + suffix, key=f"body:{key}", evidence=looked_at)


def evidence(rule: "Rule", facts: "Facts") -> list[str]:
    """What satisfied the rule: the description's length, its sections, its release note."""
    from policylint.checks.support.evidence import listed, quoted

    assert facts.pr is not None
    options, body = rule.options, facts.pr.body or ""
    said = [_described(body)] if "min-length" in options else []
    if options.get("required-sections"):
        titles = [quoted(title) for title in options["required-sections"]]
        said.append(f"sections with content: {listed(titles, 5)}")
    if options["release-note"]:
        note = release_note(body)
        said.append(f"release note: {quoted(note)}" if note else f"the {NONE_LABEL} label")
    return said


def _described(body: str) -> str:
    """``the description: 42 characters without HTML comments; headings: Summary, Testing``."""
    from policylint.checks.support.evidence import listed, quoted

    text = without_comments(body)
    length = len(" ".join(text.split()))
    titles = [quoted(h.title) for h in markdown_headings(prose_lines(text))]
    shown = f"headings: {listed(titles, 5)}" if titles else "no headings"
    return f"the description: {length} characters without HTML comments; {shown}"


def _problems(options: dict[str, Any], pr: "PullRequest") -> Iterator[tuple[str, str]]:
    body = pr.body or ""
    if "min-length" in options:
        yield from _too_short(body, options["min-length"])
    yield from _missing_sections(body, options.get("required-sections", ()))
    if options["release-note"]:
        yield from _release_note_problems(body, pr.labels)


def _too_short(body: str, minimum: int) -> Iterator[tuple[str, str]]:
    length = len(" ".join(without_comments(body).split()))
    if not body.strip():
        yield "min-length", f"the pull request has no description; it needs {minimum} characters"
    elif length < minimum:
        counted = f"{length} characters without HTML comments"
        yield "min-length", f"the description has {counted}, fewer than {minimum}"


@lru_cache(maxsize=1)
def _comment() -> re.Pattern[str]:
    return re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)


def without_comments(text: str) -> str:
    """``text`` without HTML comments; one left open runs to the end, as GitHub shows it."""
    return _comment().sub("", text)


# --- sections ---------------------------------------------------------------------------------


class Heading(NamedTuple):
    title: str
    level: int
    start: int  # lines [start, end) of the text hold the heading
    end: int


def sections(text: str) -> dict[str, bool]:
    """Each heading's comparable title -> whether any section with it has content."""
    text = without_comments(text)
    found = markdown_headings(prose_lines(text))
    lines, taken = text.splitlines(), {i for h in found for i in range(h.start, h.end)}
    result: dict[str, bool] = {}
    for index, heading in enumerate(found):
        stop = next((h.start for h in found[index + 1 :] if h.level <= heading.level), len(lines))
        content = any(lines[i].strip() for i in range(heading.end, stop) if i not in taken)
        key = comparable(heading.title)
        result[key] = result.get(key, False) or content
    return result


def comparable(title: str) -> str:
    return " ".join(title.split()).removesuffix(":").rstrip().casefold()


def markdown_headings(prose: list[str]) -> list[Heading]:
    """ATX (``## Title``) and setext headings, in order; fenced code is already blanked."""
    found: list[Heading] = []
    for i, line in enumerate(prose):
        atx = headings(line) if line.lstrip(" ").startswith("#") else []
        if atx:
            stripped = line.lstrip(" ")
            level = len(stripped) - len(stripped.lstrip("#"))
            found.append(Heading(atx[0], level, i, i + 1))
        elif i and _setext(prose, i) and not (found and found[-1].end == i):
            title = headings(f"{prose[i - 1]}\n{line}")
            if title:
                level = 1 if line.strip()[0] == "=" else 2
                found.append(Heading(title[0], level, i - 1, i + 1))
    return found


@lru_cache(maxsize=1)
def _underline() -> re.Pattern[str]:
    return re.compile(r" {0,3}(?:=+|-+)[ \t]*")


def _setext(prose: list[str], i: int) -> bool:
    return bool(prose[i - 1].strip()) and bool(_underline().fullmatch(prose[i]))


def _missing_sections(body: str, required: list[str]) -> Iterator[tuple[str, str]]:
    if not required:
        return
    present = sections(body)
    for title in required:
        has_content = present.get(comparable(title))
        if has_content is None:
            yield f"section:{title}", f'the description has no "{title}" section'
        elif not has_content:
            message = f'the "{title}" section of the description is empty'
            yield f"section:{title}", message + " (HTML comments do not count)"


# --- release note, as Prow's release-note plugin reads it -------------------------------------


@lru_cache(maxsize=1)
def _prow() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Prow's ``noteMatcherRE`` and ``noneRe`` (sigs.k8s.io/prow pkg/plugins/releasenote),
    with Go's ASCII ``\\s`` and ``\\W`` spelled out."""
    space, fence = "[\t\n\f\r ]", "```"
    note = re.compile(
        rf"(?:Release note\*\*:{space}*(?:<!--[^<>]*-->{space}*)?{fence}(?:release-note)?"
        rf"|{fence}release-note)(.+?){fence}",
        re.DOTALL,
    )
    return note, re.compile(r"[^0-9A-Za-z_]*(?:none|no)[^0-9A-Za-z_]*", re.IGNORECASE)


def release_note(body: str) -> str | None:
    """The release note of ``body``, trimmed, or None when it has no block."""
    found = _prow()[0].search(body)
    return found.group(1).strip() if found else None


def _release_note_problems(body: str, labels: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    note = release_note(body)
    fill = "write the note in it, or NONE when the change needs none"
    if not note:
        if NONE_LABEL in labels and DEPRECATION_LABEL not in labels:
            return
        empty = "an empty release-note block"
        state = "no release-note block (```release-note ... ```)" if note is None else empty
        yield "release-note", f"the description has {state}; {fill}"
    elif _prow()[1].fullmatch(note) and DEPRECATION_LABEL in labels:
        message = f'the release note says "{note}", but a change labelled {DEPRECATION_LABEL}'
        yield "release-note", message + " needs a release note"
