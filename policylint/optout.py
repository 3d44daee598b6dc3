"""Opt-outs: a rule's ``skip`` entries met by the pull request or its commits.

A label opts out when the pull request carries exactly that name; a marker when the title, the
body or the message of a commit of the change contains it (case-insensitively: ``[skip
changelog]`` and ``[Skip Changelog]`` are the same intent; commit messages serve workflows with
no pull request, such as Gerrit and patches by e-mail); a trailer when a commit of the change
has it — ``Skip-Changelog`` matches the token (any value), ``Skip-Changelog: docs only`` the
token and value. Tokens compare case-insensitively, as git compares them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policylint.display import one_line

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.model import Skip


def opt_out_reason(skip: Skip, facts: Facts) -> str | None:
    """Why the rule is skipped by one of its opt-outs, or None when none applies."""
    return _by_label(skip, facts) or _by_marker(skip, facts) or _by_trailer(skip, facts)


def _by_label(skip: Skip, facts: Facts) -> str | None:
    if facts.pr is None:
        return None
    label = next((label for label in skip.labels if label in facts.pr.labels), None)
    return None if label is None else f"opted out by the pull request's label {label!r}"


def _by_marker(skip: Skip, facts: Facts) -> str | None:
    places: list[tuple[str, str]] = []
    if facts.pr is not None:
        places += [
            ("the pull request's title", facts.pr.title),
            ("the pull request's description", facts.pr.body or ""),
        ]
    if skip.markers:
        places += [(c.named, f"{c.subject}\n{c.body}") for c in facts.commits or ()]
    for marker in skip.markers:
        for place, text in places:
            if marker.casefold() in text.casefold():
                return f"opted out by the marker {marker!r} in {place}"
    return None


def _by_trailer(skip: Skip, facts: Facts) -> str | None:
    for wanted in skip.trailers:
        token, _, value = wanted.partition(":")
        for commit in facts.commits or ():
            if any(_same(token, value, key, got) for key, got in commit.trailers):
                return f"opted out by the trailer {one_line(wanted)!r} in {commit.named}"
    return None


def _same(token: str, value: str, key: str, got: str) -> bool:
    if token.strip().casefold() != key.strip().casefold():
        return False
    return not value.strip() or value.strip() == got.strip()
