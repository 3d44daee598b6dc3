"""history: what the git history says about upkeep.

What it checks
    ``check: docs-freshness``: that documentation keeps up with the code. A finding when the
    latest commit touching ``code`` landed more than ``months`` months after the latest commit
    touching ``docs``: the documentation went untouched while the code kept changing. The
    history read goes back ``months`` + 24 months; code with no commit in that period is not
    judged, and documentation with none is reported as unchanged since the period's start.

    ``check: active-maintainers``: that at least ``min-people`` people committed in the last
    ``months`` months. ``people: authors`` counts distinct commit authors by email (ignoring
    case; ``.mailmap`` applies), without bots (a name or email ending in ``[bot]``).
    ``people: maintainers-file`` counts only the people the maintainers files list who
    authored a commit in the period. A person listed as ``Name <email>`` matches by email or
    name, a bare email by email, ``@login`` (CODEOWNERS, Markdown) or an ``approvers:`` /
    ``reviewers:`` entry of a Kubernetes ``OWNERS`` file matches an author named ``login`` or
    with the GitHub address ``[id+]login@users.noreply.github.com``, and a plain name (a list
    item or table cell of two to four words) matches by name, ignoring case. Teams
    (``@org/team``) cannot be resolved and do not count.

    Times are committer times (when a commit landed). Merge commits count as commits (merging
    is maintenance) but touch no files.

    A shallow clone's history is cut at its depth, and a rule may see too little of it. It
    never passes what it could not see: when what was read decides (enough people found; the
    documentation changed after the cut; the code changed more than ``months`` after it while
    the documentation did not), the rule decides; otherwise it fails. Every finding in a
    shallow clone says so, where its history starts and how to fetch the rest.

Why
    Maintenance is a shared responsibility only when several people actually share it: a
    project one person keeps alive stops when that person does. Documentation nobody touched
    while the code moved on misleads every new user and contributor.

Options
    ``months`` has no single default: it is the allowed lag for ``docs-freshness`` (default 6)
    and the period looked at for ``active-maintainers`` (default 12). ``docs`` and ``code`` are
    required for ``docs-freshness``; ``min-people``, ``people`` and ``maintainers-files`` apply
    to ``active-maintainers`` only.

Example
    ```yaml
    shared-maintenance:
      kind: history
      title: At least two maintainers were active in the last year
      severity: warning
      options: {check: active-maintainers, people: maintainers-file, min-people: 2}
    docs-keep-up:
      kind: history
      title: Documentation keeps up with the code
      severity: note
      options: {check: docs-freshness, docs: ["docs/**"], code: ["src/**"], months: 6}
    ```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from policylint.checks import NON_EMPTY_STRINGS, Example
from policylint.checks.support.dates import months_later, months_phrase, utc_day
from policylint.display import display, one_line
from policylint.globs import compile_globs, pattern_errors
from policylint.model import OptionError, Problem

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.facts.history import Author, History
    from policylint.facts.repo import Repo
    from policylint.model import Rule

LOOKBACK_MONTHS = 24  # read beyond docs-freshness's `months`, to date old documentation
DEFAULT_MAINTAINERS_FILES = (
    "/MAINTAINERS*",
    "/OWNERS",
    "/CODEOWNERS",
    "/.github/MAINTAINERS*",
    "/.github/CODEOWNERS",
    "/.gitlab/CODEOWNERS",
    "/docs/MAINTAINERS*",
    "/docs/CODEOWNERS",
)
# months has no schema default: it depends on check (a lag of 6, a period of 12)
MONTHS = {"docs-freshness": 6, "active-maintainers": 12}
UNSHALLOW = "fetch the full history (actions/checkout fetch-depth: 0, or git fetch --unshallow)"
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["check"],
    "properties": {
        "check": {
            "enum": ["docs-freshness", "active-maintainers"],
            "description": "What the history is asked.",
        },
        "docs": {
            **NON_EMPTY_STRINGS,
            "description": "Globs of the documentation (gitignore-style, case-sensitive).",
        },
        "code": {
            **NON_EMPTY_STRINGS,
            "description": "Globs of the code the documentation describes.",
        },
        "months": {
            "type": "integer",
            "minimum": 1,
            "description": "The allowed lag (docs-freshness, 6), or the period looked at (12).",
        },
        "min-people": {
            "type": "integer",
            "minimum": 1,
            "default": 2,
            "description": "The fewest people who must have committed in the period.",
        },
        "people": {
            "enum": ["authors", "maintainers-file"],
            "default": "authors",
            "description": (
                "Who counts: any commit author, or only the people the maintainers files list."
            ),
        },
        "maintainers-files": {
            **NON_EMPTY_STRINGS,
            "default": list(DEFAULT_MAINTAINERS_FILES),
            "description": (
                "Globs of the maintainers files (case-insensitive); every match is read, and "
                "none is a finding."
            ),
        },
    },
}
EXAMPLES = (
    Example(
        options={"check": "active-maintainers", "min-people": 2},
        passes={
            "history": [
                {"author": "Ada Lovelace <ada@example.org>", "date": "2025-11-01"},
                {"author": "Grace Hopper <grace@example.org>", "date": "2025-12-01"},
            ],
            "now": "2026-01-01",
        },
        fails={
            "history": [{"author": "Ada Lovelace <ada@example.org>", "date": "2025-11-01"}],
            "now": "2026-01-01",
        },
        message=(
            "Only 1 person committed in the last 12 months (Ada Lovelace); at least 2 should "
            "share the maintenance"
        ),
    ),
)
_ONLY = {
    "docs-freshness": ("docs", "code", "months"),
    "active-maintainers": ("months", "min-people", "people", "maintainers-files"),
}


def validate(options: dict[str, Any]) -> list[OptionError]:
    check = options["check"]
    errors = [
        OptionError((name,), f"not an option of check: {check}")
        for name in options
        if name != "check" and name not in _ONLY[check]
    ]
    if check == "docs-freshness" and not ("docs" in options and "code" in options):
        errors.append(OptionError((), "check: docs-freshness needs docs and code globs"))
    for name in ("docs", "code", "maintainers-files"):
        errors += [OptionError((name, i), m) for i, m in pattern_errors(options.get(name, ()))]
    return errors


def check(rule: Rule, facts: Facts) -> Iterator[Problem]:
    assert facts.history is not None  # the engine runs this kind only with history facts
    now = facts.now
    if rule.options["check"] == "docs-freshness":
        yield from _docs_freshness(facts.history, rule.options, now)
    else:
        yield from _active_maintainers(facts.repo, facts.history, rule.options, now)


# --- docs-freshness -------------------------------------------------------------------------


def _docs_freshness(history: History, options: dict[str, Any], now: float) -> Iterator[Problem]:
    months = options.get("months", MONTHS["docs-freshness"])
    since = int(months_later(now, -(months + LOOKBACK_MONTHS)))
    globsets = (compile_globs(tuple(options["docs"])), compile_globs(tuple(options["code"])))
    docs, code = history.last_changed(globsets, since)
    cut = history.cut(since)
    start = cut if cut is not None else since
    verdict = _freshness(docs, code, start, months)
    if verdict == "stale":
        yield Problem(_stale(options, months, docs, code or 0, start) + _shallow_note(cut))
    elif verdict == "unknown" and cut is not None:  # what the cut hides would decide
        what = "whether the documentation keeps up with the code"
        yield Problem(f"Cannot tell {what}: {_shallow(cut)}")


def _freshness(docs: int | None, code: int | None, start: int, months: int) -> str:
    """``fresh``, ``stale`` or ``unknown`` (both unchanged since ``start``, or only the code
    and not by more than ``months`` after it), from the latest changes seen since ``start``."""
    if code is None:
        return "fresh" if docs is not None else "unknown"
    if docs is not None:
        return "stale" if code > _later(docs, months) else "fresh"
    return "stale" if code > _later(start, months) else "unknown"


def _later(seconds: int, months: int) -> float:
    return months_later(seconds, months)


def _stale(options: dict[str, Any], months: int, docs: int | None, code: int, start: int) -> str:
    names = ", ".join(options["docs"]), ", ".join(options["code"])
    when = (
        f"last changed on {utc_day(docs)}"
        if docs is not None
        else f"not changed since {utc_day(start)}"
    )
    return (
        f"The documentation ({names[0]}) was {when}, but the code ({names[1]}) kept changing "
        f"until {utc_day(code)}: more than {months_phrase(months)} without a documentation update"
    )


# --- active-maintainers ---------------------------------------------------------------------


def _active_maintainers(
    repo: Repo, history: History, options: dict[str, Any], now: float
) -> Iterator[Problem]:
    months = options.get("months", MONTHS["active-maintainers"])
    minimum = options["min-people"]
    since = int(months_later(now, -months))
    active = [author for author in history.authors(since) if not _is_bot(author)]
    nouns = ("one", "person", "people")  # for none, one, several
    if options["people"] == "maintainers-file":
        globs = tuple(options["maintainers-files"])
        files = repo.glob(compile_globs(globs, ignore_case=True))
        if not files:
            yield Problem(f"No maintainers file matching {', '.join(globs)} to read")
            return
        everyone = active
        active, nouns = _maintainers(repo, files, active)
        if len(active) < minimum:
            message = _too_few(active, nouns, months, minimum)
            others = [author for author in everyone if author not in active]
            looked_at = (f"committed, not listed: {_names(others) or 'nobody'}",)
            yield Problem(message + _shallow_note(history.cut(since)), evidence=looked_at)
        return
    if len(active) < minimum:
        message = _too_few(active, nouns, months, minimum)
        yield Problem(message + _shallow_note(history.cut(since)))


def evidence(rule: Rule, facts: Facts) -> list[str]:
    """What satisfied the rule: when the documentation and the code last changed, or who
    committed in the period."""
    assert facts.history is not None
    options, now = rule.options, facts.now
    if options["check"] == "docs-freshness":
        return _freshness_evidence(facts.history, options, now)
    months = options.get("months", MONTHS["active-maintainers"])
    since = int(months_later(now, -months))
    active = [author for author in facts.history.authors(since) if not _is_bot(author)]
    who = "person" if len(active) == 1 else "people"
    if options["people"] == "maintainers-file":
        globs = compile_globs(tuple(options["maintainers-files"]), ignore_case=True)
        files = facts.repo.glob(globs)
        active, nouns = _maintainers(facts.repo, files, active)
        who = nouns[min(len(active), 2)]
    period = months_phrase(months)
    return [f"{len(active)} {who} committed in the last {period}: {_names(active)}"]


def _freshness_evidence(history: History, options: dict[str, Any], now: float) -> list[str]:
    months = options.get("months", MONTHS["docs-freshness"])
    since = int(months_later(now, -(months + LOOKBACK_MONTHS)))
    globsets = (compile_globs(tuple(options["docs"])), compile_globs(tuple(options["code"])))
    latest = history.last_changed(globsets, since)
    return [
        f"{what} ({', '.join(options[key])}) "
        + (
            f"last changed on {utc_day(when)}"
            if when is not None
            else f"not changed since {utc_day(since)}"
        )
        for what, key, when in zip(("documentation", "code"), ("docs", "code"), latest, strict=True)
    ]


def _names(authors: list[Author]) -> str:
    from policylint.checks.support.evidence import listed

    return listed([display(one_line(author.name, 60)) for author in authors], 5)


def _maintainers(
    repo: Repo, files: tuple[str, ...], active: list[Author]
) -> tuple[list[Author], tuple[str, str, str]]:
    """The ``active`` authors that the maintainers ``files`` list, and the nouns that name them
    (for none, one, several)."""
    from policylint.conventions.maintainers import is_listed, listed_identities

    listed = listed_identities(repo, files)
    where = f"listed in {', '.join(map(display, files))}"
    nouns = (f"maintainer {where}", f"maintainer {where}", f"maintainers {where}")
    return [author for author in active if is_listed(author, listed)], nouns


def _too_few(active: list[Author], nouns: tuple[str, str, str], months: int, minimum: int) -> str:
    count = f"Only {len(active)} {nouns[min(len(active), 2)]}" if active else f"No {nouns[0]}"
    names = f" ({', '.join(one_line(a.name, 60) for a in active[:5])})" if active else ""
    return (
        f"{count} committed in the last {months_phrase(months)}{names}; at least {minimum} should "
        "share the maintenance"
    )


def _is_bot(author: Author) -> bool:
    """``dependabot[bot]``, ``...[bot]@users.noreply.github.com``."""
    email = author.email.lower()
    return author.name.lower().endswith("[bot]") or email.endswith("[bot]") or "[bot]@" in email


# --- shallow clones -------------------------------------------------------------------------


def _shallow(cut: int) -> str:
    return f"the clone is shallow and its history starts on {utc_day(cut)}; {UNSHALLOW}"


def _shallow_note(cut: int | None) -> str:
    return "" if cut is None else f" ({_shallow(cut)})"
