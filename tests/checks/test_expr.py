"""The expr check kind: a CEL assertion, run through the engine on real repositories."""

from __future__ import annotations

import re
from typing import Any

import jsonschema
import pytest

from policylint import cel
from policylint.checks import KINDS, expr, load_kind
from policylint.facts import Facts
from policylint.facts.repo import Repo
from policylint.model import Location, OptionError, Problem, Result
from tests.helpers.kinds import kind_rule, run_check

POLICY = ".policylint.yaml"
ASSERT_AT = Location(POLICY, 14, 13)
# The rule as a policy file would hold it: its id, severity and the positions of its values.
DOCS = {
    "rule_id": "docs",
    "title": "Docs",
    "severity": "warning",
    "origin": Location(POLICY, 9, 3),
    "positions": {"options.assert": ASSERT_AT, "when": Location(POLICY, 11, 11)},
}
MESSAGE = "No docs/ directory"


def test_registered():
    assert KINDS["expr"].needs == frozenset({"repo"})
    assert not KINDS["expr"].by_options
    assert load_kind("expr") is expr


def test_a_true_assertion_passes(make_repo):
    options = {"assert": 'exists("docs/**")', "message": MESSAGE}
    result = run_check("expr", options, root=make_repo({"docs/index.md": "x"}), **DOCS)
    assert [(o.status, o.reason) for o in result.outcomes] == [("pass", None)]
    assert result.findings == ()


FALSE = 'assert exists("docs/**"): false'  # what a failing finding looked at


def test_a_false_assertion_is_a_finding_with_the_message_and_path(make_repo):
    root = make_repo({"README.md": "x"})
    options = {"assert": 'exists("docs/**")', "message": MESSAGE, "path": "README.md"}
    rule = kind_rule("expr", options, **DOCS)
    assert list(expr.check(rule, Facts(Repo(root)))) == [
        Problem("No docs/ directory", "README.md", evidence=(FALSE,))
    ]
    result = run_check("expr", options, root=root, **DOCS)
    assert [o.status for o in result.outcomes] == ["fail"]
    assert [(f.status, f.severity, f.message, f.path) for f in result.findings] == [
        ("fail", "warning", "No docs/ directory", "README.md")
    ]


def test_params_and_when_guard(make_repo):
    root = make_repo({"a.py": "", "b.py": ""})
    options = {"assert": 'count("*.py") <= params.most', "message": "Too many modules"}
    when = "repo.file_count > params.big"

    def with_params(params: dict[str, Any]) -> Result:
        return run_check("expr", options, root=root, params=params, when=when, **DOCS)

    assert with_params({"big": 5, "most": 1}).outcomes[0].status == "skipped"
    failed = with_params({"big": 1, "most": 1})
    assert [f.message for f in failed.findings] == ["Too many modules"]
    assert with_params({"big": 1, "most": 2}).outcomes[0].status == "pass"


def test_a_non_bool_assertion_is_an_error_of_the_rule(make_repo):
    root = make_repo({"README.md": "x"})
    options = {"assert": 'count("*.md")', "message": MESSAGE}
    with pytest.raises(cel.CelError) as caught:
        list(expr.check(kind_rule("expr", options, **DOCS), Facts(Repo(root))))
    message = f"{POLICY}:14:13: rule 'docs' options.assert: must be true or false, not int 1"
    assert str(caught.value) == message
    result = run_check("expr", options, root=root, **DOCS)
    assert [(o.status, o.reason) for o in result.outcomes] == [("error", message)]
    assert [(f.status, f.message) for f in result.findings] == [("error", message)]


def test_runtime_errors_become_error_findings_with_locations(make_repo):
    options = {"assert": "1 < 2 && params.nope", "message": MESSAGE}
    result = run_check("expr", options, root=make_repo({"README.md": "x"}), **DOCS)
    assert [(f.status, f.message) for f in result.findings] == [
        (
            "error",
            f"{POLICY}:14:13: rule 'docs' options.assert: line 1, column 10: "
            "no such member in mapping: 'nope'",
        )
    ]


def test_validate_reports_syntax_errors_at_the_assert_option():
    assert expr.validate({"assert": 'exists("docs/**")', "message": "m"}) == []
    assert expr.validate({"assert": "exists(", "message": "m"}) == [
        OptionError(("assert",), "line 1, column 8: the expression ends too early")
    ]
    assert expr.validate({"assert": "(" * 40, "message": "m"}) == [
        OptionError(("assert",), "line 1, column 33: brackets nest more than 32 levels deep")
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"assert": "true"}, "'message' is a required property"),
        ({"message": "m"}, "'assert' is a required property"),
        ({"assert": "", "message": "m"}, "'' should be non-empty"),
        (
            {"assert": "true", "message": "m", "severity": "x"},
            "Additional properties are not allowed ('severity' was unexpected)",
        ),
    ],
)
def test_options_schema(options, message):
    errors = [e.message for e in jsonschema.Draft202012Validator(expr.OPTIONS).iter_errors(options)]
    assert errors == [message]


def test_docstring_sections_and_examples_compile():
    doc = expr.__doc__ or ""
    assert [s for s in ("What it checks", "Why", "Options", "Example") if f"\n{s}\n" in doc] == [
        "What it checks",
        "Why",
        "Options",
        "Example",
    ]
    expressions = re.findall(r"^\s+(?:when|assert): (.+)$", doc, re.MULTILINE)
    assert len(expressions) == 4
    for found in expressions:
        text = found[1:-1] if found.startswith("'") else found  # YAML single-quoted
        assert cel.syntax_error(text) is None, text


def test_docstring_examples_run(make_repo):
    root = make_repo({"CHANGELOG.md": "## 1.2.0\n", "docs/index.md": ""})
    changelog = {"assert": 'read("CHANGELOG.md").contains(params.version)', "message": MESSAGE}
    when = '"version" in params'

    def status(params: dict[str, Any]) -> str:
        result = run_check("expr", changelog, root=root, params=params, when=when, **DOCS)
        return result.outcomes[0].status

    assert status({"version": "1.2.0"}) == "pass"
    assert status({"version": "1.3.0"}) == "fail"
    assert status({}) == "skipped"


def test_a_path_that_does_not_exist_is_named_in_the_message_not_pointed_at(make_repo):
    root = make_repo({"README.md": "x"})
    options = {"assert": 'exists("docs/**")', "message": MESSAGE, "path": "CHANGELOG.md"}
    message = "No docs/ directory (CHANGELOG.md does not exist)"
    assert list(expr.check(kind_rule("expr", options, **DOCS), Facts(Repo(root)))) == [
        Problem(message, evidence=(FALSE,))
    ]
    result = run_check("expr", options, root=root, **DOCS)
    assert [(f.status, f.message, f.path, f.line) for f in result.findings] == [
        ("fail", message, None, None)
    ]
    assert result.anchor == "README.md"  # where reporters put a finding without a file


ABSOLUTE = "an absolute path; give it relative to the repository root, like docs/index.md"
OUTSIDE = "a '..' segment leads out of the repository; give the path from its root"
UNNORMALISED = "write the file's path without '.' or empty segments, like docs/index.md"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/etc/passwd", ABSOLUTE),
        ("../CHANGELOG.md", OUTSIDE),
        ("docs/../../x", OUTSIDE),
        ("./README.md", UNNORMALISED),
        ("docs//a.md", UNNORMALISED),
        ("docs/", UNNORMALISED),
    ],
)
def test_validate_requires_a_path_relative_to_the_root(path, message):
    options = {"assert": "true", "message": "m", "path": path}
    assert expr.validate(options) == [OptionError(("path",), message)]
    assert expr.validate({**options, "assert": "exists("}) == [
        OptionError(("assert",), "line 1, column 8: the expression ends too early"),
        OptionError(("path",), message),
    ]


def test_validate_accepts_paths_relative_to_the_root():
    for path in ("CHANGELOG.md", "docs/index.md", ".github/CODEOWNERS", "a..b/c..d"):
        assert expr.validate({"assert": "true", "message": "m", "path": path}) == []
