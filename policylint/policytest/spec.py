"""Test files (``*.test.yaml``) -> records, with every problem reported at once as
``file:line:col: $.json.path: message`` (the shape of policy problems).

A file is read by ``policylint.documents.yaml`` (duplicate keys, custom tags and oversized files are
refused), checked against ``schemas/policy-test.schema.json``, then case by case
(``policylint.policytest.cases``): paths, identities, dates, impossible changes, duplicate
names. Whether the policy exists and has the rules named in ``expect`` is checked by
``policylint.policytest.run``, which loads it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from policylint.documents.problems import Problems, Reading, Site
from policylint.errors import SpecError
from policylint.model import Location

if TYPE_CHECKING:
    from pathlib import Path

    from policylint.facts.pr import PullRequest
    from policylint.policytest.gitobjects import Identity

Status = Literal["pass", "fail", "skip", "error"]


class CommitSpec(NamedTuple):
    """One commit a case makes: files changed (None deletes), message, who, when."""

    files: dict[str, str | None]
    message: str
    author: Identity
    committer: Identity
    date: float | None = None  # seconds since the epoch; None: the case's now
    merge: bool = False  # a merge commit whose second parent is main's tip


class Expectation(NamedTuple):
    """What one rule should do in one case; ``origin`` is where ``expect`` names the rule."""

    rule: str
    status: Status
    messages: tuple[str, ...]
    origin: Location


class Case(NamedTuple):
    """One test case. ``commits`` is empty when the case has no change."""

    name: str
    origin: Location
    files: dict[str, str]
    expect: tuple[Expectation, ...]
    history: tuple[CommitSpec, ...] = ()
    commits: tuple[CommitSpec, ...] = ()
    pr: PullRequest | None = None
    now: float | None = None


class SpecFile(NamedTuple):
    """A test file: how it is shown, the policy as written (and where), its cases."""

    display: str
    policy: str
    policy_origin: Location
    cases: tuple[Case, ...]


def load_spec(path: Path, display: str) -> SpecFile:
    """The test file at ``path`` (``display`` names it in problems); raises ``SpecError``."""
    from policylint.documents.yaml import YamlError, read_document
    from policylint.policytest.cases import read_cases

    try:
        document = read_document(path, display)
    except YamlError as exc:
        raise SpecError(exc.problems) from None
    site = Reading(Site(display, document), Problems(SpecError))
    broken = _check_schema(site, document.data)
    cases: tuple[Case, ...] = ()
    tests = document.data.get("tests")
    if isinstance(tests, list):  # cases without schema problems are checked further
        cases = read_cases(site, tests, broken)
    site.problems.raise_any()
    policy = document.data["policy"]
    return SpecFile(display, policy, site.location(("policy",)), cases)


def _check_schema(site: Reading, data: Any) -> set[int]:
    """Adds the schema problems; the indexes of the cases that have some."""
    broken: set[int] = set()
    for problem in site.problems.add_schema(site.site, test_schema(), data):
        if problem.path[:1] == ("tests",) and len(problem.path) > 1:
            broken.add(int(problem.path[1]))
    return broken


@lru_cache(maxsize=1)
def test_schema() -> dict[str, Any]:
    """The JSON Schema of test files (``schemas/policy-test.schema.json``)."""
    from policylint.resources import data_dir

    path = data_dir("schemas") / "policy-test.schema.json"
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema
