"""What an expression sees of a change, its commits and its pull request: small precomputed
values (counts, not lists: a change can touch 100,000 files) and the functions ``changed(glob)``
and ``added(glob)``, which ask the change rather than hand CEL its file list.

- ``change``: ``{base, head, description, files, additions, deletions, added, modified,
  deleted, renamed}`` — commit ids, the range as messages name it, and counts (binary files
  count as files, not lines).
- ``commits``: ``{count, merges, authors}`` — authors is the number of distinct author emails.
- ``pr``: ``{title, body, labels, author, author_type, draft, fork, number, base_ref,
  head_ref}`` — a null body is ``""``; a value the platform did not give is ``null``.
- ``changed(glob)`` / ``added(glob)``: whether a file of the change (or, for ``changed``, a
  renamed file's old path) matches a glob or a list of globs; ``added`` counts added files only.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from policylint.cel.functions import CelFunction, glob_set
from policylint.cel.values import to_cel
from policylint.facts import MissingFacts

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.facts.change import Change

MAX_LABELS = 100  # a pull request carries a handful; a list for CEL stays small


def change_map(facts: Facts) -> Any:
    change = _change(facts)
    statuses = Counter(f.status for f in change.files)
    return to_cel(
        {
            "base": change.base,
            "head": change.head,
            "description": change.description,
            "files": len(change.files),
            "additions": sum(f.additions or 0 for f in change.files),
            "deletions": sum(f.deletions or 0 for f in change.files),
            **{status: statuses[status] for status in ("added", "modified", "deleted", "renamed")},
        }
    )


def commits_map(facts: Facts) -> Any:
    if facts.commits is None:
        raise MissingFacts(frozenset({"commits"}))
    commits = facts.commits
    return to_cel(
        {
            "count": len(commits),
            "merges": sum(1 for c in commits if c.is_merge),
            "authors": len({c.author_email.casefold() for c in commits}),
        }
    )


def pr_map(facts: Facts) -> Any:
    pr = facts.pr
    if pr is None:
        raise MissingFacts(frozenset({"pr"}))
    return to_cel(
        {
            "title": pr.title,
            "body": pr.body or "",
            "labels": list(pr.labels[:MAX_LABELS]),
            "author": pr.author,
            "author_type": pr.author_type,
            "draft": pr.draft,
            "fork": pr.fork,
            "number": pr.number,
            "base_ref": pr.base_ref,
            "head_ref": pr.head_ref,
        }
    )


def changed_function(facts: Facts) -> CelFunction:
    return _change_function(facts, "changed", added_only=False)


def added_function(facts: Facts) -> CelFunction:
    return _change_function(facts, "added", added_only=True)


def _change_function(facts: Facts, name: str, *, added_only: bool) -> CelFunction:
    from celpy import celtypes

    change = _change(facts)

    def function(globs: Any) -> Any:
        globset = glob_set(name, globs)
        if isinstance(globset, Exception):
            return globset
        files = change.matching(globset)
        return celtypes.BoolType(
            any(f.status == "added" for f in files) if added_only else bool(files)
        )

    return function


def _change(facts: Facts) -> Change:
    if facts.change is None:
        raise MissingFacts(frozenset({"change"}))
    return facts.change
