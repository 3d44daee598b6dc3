"""The cases of a test file, schema-valid data -> ``Case`` records, with what a schema cannot
check: repository paths, ``Name <email>`` identities, dates, changes that cannot be made
(deleting a missing file, a file where a directory is), duplicate names, ``change`` together
with ``commits``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policylint.facts.pr import PullRequest
from policylint.policytest import values
from policylint.policytest.records import Case, CommitSpec, Expectation

if TYPE_CHECKING:
    from policylint.documents.document import JsonPath
    from policylint.documents.problems import Reading as Site
    from policylint.facts.pr import PullRequest
    from policylint.policytest.gitobjects import Identity

DEFAULT_MESSAGE = "change\n"


def read_cases(site: Site, tests: list[Any], broken: set[int]) -> tuple[Case, ...]:
    """The cases of ``tests`` except those with schema problems (``broken`` indexes);
    problems are added to ``site`` (the caller raises them)."""
    _check_names(site, tests)
    return tuple(
        _case(site, ("tests", index), data)
        for index, data in enumerate(tests)
        if index not in broken
    )


def _check_names(site: Site, tests: list[Any]) -> None:
    first: dict[str, int] = {}
    for index, data in enumerate(tests):
        name = data.get("name") if isinstance(data, dict) else None
        if not isinstance(name, str):
            continue
        at: JsonPath = ("tests", index, "name")
        if name in first:
            site.add(at, f"duplicate test name {name!r} (first on line {first[name]})")
        first.setdefault(name, site.location(at).line)


def _case(site: Site, at: JsonPath, data: dict[str, Any]) -> Case:
    tree = values.Tree()
    files = data.get("files", {})
    _check_files(site, (*at, "files"), files, tree)
    history = tuple(
        _commit(site, (*at, "history", index), item, tree)
        for index, item in enumerate(data.get("history", []))
    )
    return Case(
        name=data["name"],
        origin=site.location(at),
        files=files,
        expect=_expectations(site, (*at, "expect"), data["expect"]),
        history=history,
        commits=_change(site, at, data, tree),
        pr=_pull_request(data["pr"]) if "pr" in data else None,
        now=_moment(site, (*at, "now"), data.get("now")),
    )


def _change(
    site: Site, at: JsonPath, data: dict[str, Any], tree: values.Tree
) -> tuple[CommitSpec, ...]:
    """The commits of the branch ``change``: ``change`` (one) or ``commits``."""
    single: tuple[CommitSpec, ...] = ()
    if "change" in data:
        single = (_commit(site, (*at, "change"), data["change"], tree.copy()),)
    several = tuple(
        _commit(site, (*at, "commits", index), item, tree, merge_allowed=True)
        for index, item in enumerate(data.get("commits", []))
    )
    if single and several:
        message = "give either change (one commit) or commits (several), not both"
        site.add((*at, "commits"), message, at_key=True)
    return single or several


def _check_files(site: Site, at: JsonPath, files: dict[str, str | None], tree: values.Tree) -> None:
    valid = {}
    for path, text in files.items():
        problem = values.path_problem(path)
        if problem is None:
            valid[path] = text
        else:
            site.add((*at, path), problem, at_key=True)
    for path, problem in tree.apply(valid).items():
        site.add((*at, path), problem, at_key=True)


def _commit(
    site: Site,
    at: JsonPath,
    data: dict[str, Any],
    tree: values.Tree,
    *,
    merge_allowed: bool = False,
) -> CommitSpec:
    files = data.get("files", {})
    _check_files(site, (*at, "files"), files, tree)
    author = _identity(site, (*at, "author"), data.get("author"))
    committer = author
    if "committer" in data:
        committer = _identity(site, (*at, "committer"), data["committer"])
    merge = data.get("merge", False)
    if merge and not merge_allowed:
        site.add((*at, "merge"), "merge is only allowed in commits", at_key=True)
    message = data.get("message", DEFAULT_MESSAGE)
    return CommitSpec(
        files,
        message if message.endswith("\n") else message + "\n",
        author,
        committer,
        _moment(site, (*at, "date"), data.get("date")),
        merge,
    )


def _identity(site: Site, at: JsonPath, text: str | None) -> Identity:
    if text is None:
        return values.DEFAULT_AUTHOR
    parsed = values.identity(text)
    if parsed is None:
        site.add(at, f"must be 'Name <email>' (got {text!r})")
        return values.DEFAULT_AUTHOR
    return parsed


def _moment(site: Site, at: JsonPath, text: str | None) -> float | None:
    if text is None:
        return None
    parsed = values.moment(text)
    if parsed is None:
        site.add(at, f"not a valid date or date and time (got {text!r}); e.g. 2026-11-01")
    return parsed


def _expectations(site: Site, at: JsonPath, expect: dict[str, Any]) -> tuple[Expectation, ...]:
    if not expect:
        site.add(at, "must name at least one rule and the outcome expected of it")
    out = []
    for rule, value in expect.items():
        entry = value if isinstance(value, dict) else {"status": value}
        message = entry.get("message", [])
        messages = (message,) if isinstance(message, str) else tuple(message)
        out.append(
            Expectation(rule, entry["status"], messages, site.location((*at, rule), at_key=True))
        )
    return tuple(out)


def _pull_request(data: dict[str, Any]) -> PullRequest:
    return PullRequest(
        title=data.get("title", ""),
        body=data.get("body") or None,  # as GitHub sends an empty description: null
        labels=tuple(data.get("labels", ())),
        author=data.get("author"),
        author_type=data.get("author_type"),
        draft=data.get("draft", False),
        base_ref=data.get("base_ref", "main"),
        head_ref=data.get("head_ref", "change"),
        fork=data.get("fork", False),
        number=data.get("number"),
        source="the test case's pr",
    )
