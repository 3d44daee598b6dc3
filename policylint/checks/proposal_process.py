"""proposal-process: the contributing guide says how to propose a change.

What it checks
    That one of the contributing guides the ``globs`` find tells a newcomer how a change gets
    in: it matches one of the ``phrases`` (by default pull or merge requests, PRs, patches,
    Gerrit, code review, forking the repository, submitting a change), or it links to fuller
    contributing documentation — a link (absolute or relative) whose target matches one of
    the ``links`` (by default ``contributing``, ``development``, ``hacking``,
    ``getting-started``, ``workflow``): a short ``docs/contributing.rst`` pointing at the
    organisation's guide counts, as it does for a reader.

    Each guide must also say something: an empty file, whitespace only or a template
    placeholder (``[FILL IN: ...]``, a ``TODO`` line) fails with its line.

Why
    A contributing guide that never says how to propose a change leaves every first-time
    contributor to guess — and every maintainer to explain it again in review.

Options
    Phrases are regular expressions searched case-insensitively in the whole text; link
    patterns are searched in link targets. When no guide matches, the rule passes: presence
    is the job of a ``file-exists`` rule (``contributing``).

Example
    ```yaml
    contributing-process:
      kind: proposal-process
      title: The contributing guide says how to propose a change
      severity: warning
    ```
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from policylint.checks import Example
from policylint.checks.support.community import (
    Text,
    locate_options,
    located,
    read_filled,
    validate_locate,
)
from policylint.model import OptionError, Problem

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.model import Rule

PHRASES = [
    r"\bpull[- ]requests?\b",
    r"\bmerge[- ]requests?\b",
    r"\bPRs?\b",
    r"\bpatch(?:es)?\b",
    r"\bgerrit\b",
    r"\bcode[- ]review\b",
    r"\bfork(?:ing)? (?:the|this|our) (?:repo|repository|project)\b",
    r"\bsubmit(?:ting)? (?:a |an |your )?(?:change|contribution|fix)",
]
LINKS = [r"contribut", r"develop", r"hacking", r"getting[-_]?started", r"workflow"]
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        **locate_options(["contributing*", "contribute*", "hacking*"], ["", ".github", "docs"]),
        "phrases": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "default": PHRASES,
            "description": "Regular expressions, one of which names how to propose a change.",
        },
        "links": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "default": LINKS,
            "description": "Regular expressions matched against link targets: fuller docs.",
        },
    },
}
EXAMPLES = (
    Example(
        options={},
        passes={
            "files": {
                "CONTRIBUTING.md": (
                    "# Contributing\n\nFork the repository and open a pull request.\n"
                )
            }
        },
        fails={"files": {"CONTRIBUTING.md": "# Contributing\n\nThank you for your interest!\n"}},
        message=(
            "does not say how to propose a change (a pull or merge request, a patch, Gerrit) "
            "nor link to contributing documentation"
        ),
    ),
)
NO_PROCESS = EXAMPLES[0].message


def validate(options: dict[str, Any]) -> list[OptionError]:
    errors = validate_locate(options)
    for name in ("phrases", "links"):
        for index, pattern in enumerate(options.get(name, ())):
            try:
                re.compile(pattern)
            except re.error as exc:
                errors.append(OptionError((name, index), f"invalid regular expression: {exc}"))
    return errors


def check(rule: Rule, facts: Facts) -> Iterator[Problem]:
    texts, problems = read_filled(facts.repo, located(facts.repo, rule.options), rule.options)
    yield from problems
    if not texts or any(_proposal(rule.options, file) for file in texts):
        return
    from policylint.checks.support.evidence import files_read

    looked_at = (files_read([file.path for file in texts]),)
    yield Problem(NO_PROCESS, texts[0].path, 1, key=f"{texts[0].path}:process", evidence=looked_at)


def evidence(rule: Rule, facts: Facts) -> list[str]:
    """What satisfied the rule: the words or the link that say how to propose a change, or
    that no contributing guide was found (a file-exists rule judges that)."""
    from policylint.checks.support.evidence import fragment, nothing_located

    texts, _ = read_filled(facts.repo, located(facts.repo, rule.options), rule.options)
    for file in texts:
        found = _proposal(rule.options, file)
        if found is not None:
            return [fragment(file.path, file.text, found)]
    return [nothing_located(rule.options["globs"], rule.options["directories"])]


def _proposal(options: dict[str, Any], file: Text) -> str | None:
    """The first words naming how to propose a change, else the first link to fuller docs."""
    from policylint.conventions.contacts import link_targets, urls

    for pattern in _compiled(tuple(options["phrases"])):
        found = pattern.search(file.text)
        if found:
            return found.group(0)
    targets = [*link_targets(file.text), *urls(file.text)]
    links = _compiled(tuple(options["links"]))
    return next((t for t in targets if any(p.search(t) for p in links)), None)


@lru_cache(maxsize=16)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)
