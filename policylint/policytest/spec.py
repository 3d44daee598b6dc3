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
from typing import TYPE_CHECKING, Any

from policylint.documents.document import YamlError
from policylint.documents.problems import Problems, Reading, Site
from policylint.documents.yaml import read_document
from policylint.errors import SpecError
from policylint.policytest.cases import read_cases
from policylint.policytest.records import Case, SpecFile
from policylint.resources import data_dir

if TYPE_CHECKING:
    from pathlib import Path


def load_spec(path: Path, display: str) -> SpecFile:
    """The test file at ``path`` (``display`` names it in problems); raises ``SpecError``."""
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
    path = data_dir("schemas") / "policy-test.schema.json"
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema
