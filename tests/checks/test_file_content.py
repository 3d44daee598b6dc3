"""The file-content check kind, run through the engine on real repositories."""

from __future__ import annotations

import pytest

from policylint.checks import file_content
from policylint.model import OptionError, Result
from tests.helpers.kinds import run_check

CONTRIBUTING = """\
Contributing to Example
=======================

Thanks for helping! Open an issue first for larger changes.

Running the tests
-----------------

```console
$ nox -s tests
# Not a heading: inside a fenced block
- not a list entry
```

## **Sign-off** ##

Every commit carries `Signed-off-by:`.

### `Review` and [merging](https://example.org/review)

1. Two approvals
2) One maintainer
- squash
* rebase
+ merge
* * *
"""

Found = tuple[str | None, int | None, str]


def failures(result: Result) -> list[Found]:
    assert [o.status for o in result.outcomes] == ["fail" if result.findings else "pass"]
    assert all(f.status == "fail" for f in result.findings), result.findings
    return [(f.path, f.line, f.message) for f in result.findings]


@pytest.fixture
def project(make_repo):
    return make_repo({"CONTRIBUTING.md": CONTRIBUTING, "README.rst": "Example\n"})


def test_no_matching_file_fails_unless_missing_is_pass(project):
    assert failures(
        run_check(
            "file-content", {"globs": ["GOVERNANCE*", "docs/gov*"], "contains": ["x"]}, root=project
        )
    ) == [(None, None, "No file matching GOVERNANCE*, docs/gov*")]
    assert (
        failures(
            run_check(
                "file-content",
                {"globs": ["GOVERNANCE*"], "contains": ["x"], "missing": "pass"},
                root=project,
            )
        )
        == []
    )


def test_contains(project):
    assert (
        failures(
            run_check(
                "file-content",
                {"globs": ["contributing*"], "contains": ["open an ISSUE"]},
                root=project,
            )
        )
        == []
    )
    result = run_check(
        "file-content",
        {"globs": ["CONTRIBUTING.md"], "contains": ["Thanks", "Code of Conduct"]},
        root=project,
    )
    assert failures(result) == [("CONTRIBUTING.md", None, 'does not contain "Code of Conduct"')]


def test_contains_is_literal(project):
    result = run_check(
        "file-content",
        {"globs": ["CONTRIBUTING.md"], "contains": ["Signed-off-by.", "(tests"]},
        root=project,
    )
    assert failures(result) == [
        ("CONTRIBUTING.md", None, 'does not contain "Signed-off-by."'),
        ("CONTRIBUTING.md", None, 'does not contain "(tests"'),
    ]


def test_case_sensitive_applies_to_globs_and_comparisons(project):
    sensitive = {"case-sensitive": True}
    assert failures(
        run_check(
            "file-content",
            {"globs": ["contributing*"], "contains": ["x"], **sensitive},
            root=project,
        )
    ) == [(None, None, "No file matching contributing*")]
    result = run_check(
        "file-content",
        {"globs": ["CONTRIBUTING*"], "contains": ["open an ISSUE"], **sensitive},
        root=project,
    )
    assert failures(result) == [("CONTRIBUTING.md", None, 'does not contain "open an ISSUE"')]


def test_matches_is_multiline(project):
    assert (
        failures(
            run_check(
                "file-content",
                {"globs": ["CONTRIBUTING.md"], "matches": [r"^\$ nox -s \w+$"]},
                root=project,
            )
        )
        == []
    )
    result = run_check(
        "file-content",
        {"globs": ["CONTRIBUTING.md"], "matches": [r"^Thanks", r"^tox\b"]},
        root=project,
    )
    assert failures(result) == [("CONTRIBUTING.md", None, "does not match /^tox\\b/")]


def test_not_matches_passes_when_nothing_matches(project):
    result = run_check(
        "file-content",
        {"globs": ["CONTRIBUTING.md"], "not-matches": ["TODO", r"^\s*TBD"]},
        root=project,
    )
    assert failures(result) == []


def test_not_matches_points_at_the_first_match(project):
    result = run_check(
        "file-content",
        {"globs": ["CONTRIBUTING.md"], "not-matches": [r"approvals?", "TODO"]},
        root=project,
    )
    assert failures(result) == [
        ("CONTRIBUTING.md", 21, 'matches the forbidden pattern /approvals?/: "approvals"')
    ]


def test_headings_of_markdown_and_setext(project):
    wanted = [
        "contributing to example",  # setext "=" underline
        "Running  the tests",  # setext "-" underline; inner whitespace does not matter
        "Sign-off",  # ATX with closing hashes and emphasis
        "Review and merging",  # backticks and a link
    ]
    assert (
        failures(
            run_check(
                "file-content", {"globs": ["CONTRIBUTING.md"], "headings": wanted}, root=project
            )
        )
        == []
    )


def test_missing_headings(project):
    headings = ["Not a heading: inside a fenced block", "/^code of/", "Sign-off"]
    result = run_check(
        "file-content", {"globs": ["CONTRIBUTING.md"], "headings": headings}, root=project
    )
    assert failures(result) == [
        ("CONTRIBUTING.md", None, 'no heading "Not a heading: inside a fenced block"'),
        ("CONTRIBUTING.md", None, "no heading matching /^code of/"),
    ]


def test_regex_headings_and_case(project):
    options = {"globs": ["CONTRIBUTING.md"], "headings": ["/^running (the )?tests$/", "sign-off"]}
    assert failures(run_check("file-content", options, root=project)) == []
    assert failures(
        run_check("file-content", {**options, "case-sensitive": True}, root=project)
    ) == [
        ("CONTRIBUTING.md", None, "no heading matching /^running (the )?tests$/"),
        ("CONTRIBUTING.md", None, 'no heading "sign-off"'),
    ]


def test_restructuredtext_titles(make_repo):
    text = "=========\n Example\n=========\n\nUsage\n-----\n\nToo short\n~~\n\nAPI\n^^^\n"
    root = make_repo({"docs/index.rst": text})
    assert (
        failures(
            run_check(
                "file-content",
                {"globs": ["*.rst"], "headings": ["example", "usage", "api"]},
                root=root,
            )
        )
        == []
    )
    assert failures(
        run_check("file-content", {"globs": ["*.rst"], "headings": ["Too short"]}, root=root)
    ) == [("docs/index.rst", None, 'no heading "Too short"')]


def test_front_matter_is_not_a_heading(make_repo):
    root = make_repo({"index.md": "---\ntitle: Home\n---\nIntro\n"})
    assert failures(
        run_check("file-content", {"globs": ["index.md"], "headings": ["title: Home"]}, root=root)
    ) == [("index.md", None, 'no heading "title: Home"')]


def test_min_list_entries(project):
    ok = run_check(
        "file-content", {"globs": ["CONTRIBUTING.md"], "min-list-entries": 5}, root=project
    )
    assert failures(ok) == []
    result = run_check(
        "file-content", {"globs": ["CONTRIBUTING.md"], "min-list-entries": 6}, root=project
    )
    assert failures(result) == [("CONTRIBUTING.md", None, "has 5 list entries, needs at least 6")]


def test_one_file_is_enough_unless_all_files(make_repo):
    root = make_repo({"a/OWNERS": "- alice\n- bob\n", "b/OWNERS": "- carol\n", "c/OWNERS": ""})
    options = {"globs": ["OWNERS"], "min-list-entries": 2}
    assert failures(run_check("file-content", options, root=root)) == []
    assert failures(run_check("file-content", {**options, "all-files": True}, root=root)) == [
        ("b/OWNERS", None, "has 1 list entries, needs at least 2"),
        ("c/OWNERS", None, "has 0 list entries, needs at least 2"),
    ]


def test_every_file_failing_reports_every_unmet_condition(make_repo):
    root = make_repo({"a/OWNERS": "- alice\n", "b/OWNERS": "carol\n"})
    result = run_check(
        "file-content", {"globs": ["OWNERS"], "contains": ["@"], "min-list-entries": 2}, root=root
    )
    assert failures(result) == [
        ("a/OWNERS", None, 'does not contain "@"'),
        ("a/OWNERS", None, "has 1 list entries, needs at least 2"),
        ("b/OWNERS", None, 'does not contain "@"'),
        ("b/OWNERS", None, "has 0 list entries, needs at least 2"),
    ]
    assert len({f.fingerprint for f in result.findings}) == 4


def test_message_is_a_prefix(project):
    result = run_check(
        "file-content",
        {"globs": ["CONTRIBUTING.md"], "contains": ["DCO"], "message": "Explain the DCO"},
        root=project,
    )
    assert failures(result) == [
        ("CONTRIBUTING.md", None, 'Explain the DCO: does not contain "DCO"')
    ]
    missing = run_check(
        "file-content",
        {"globs": ["DCO"], "contains": ["x"], "message": "Explain the DCO"},
        root=project,
    )
    assert failures(missing) == [(None, None, "Explain the DCO: No file matching DCO")]


def test_unreadable_files_are_findings_never_passes(make_repo, tmp_path):
    (tmp_path / "outside.md").write_text("Security contact: a@example.org\n", encoding="utf-8")
    root = make_repo({"SECURITY.md": b"\0binary"})
    (root / "docs").mkdir()
    (root / "docs" / "SECURITY.md").symlink_to(tmp_path / "outside.md")
    from tests.helpers.repos import git

    git(root, "add", "-A")
    result = run_check(
        "file-content", {"globs": ["SECURITY.md"], "contains": ["Security contact"]}, root=root
    )
    assert failures(result) == [
        ("SECURITY.md", None, "content not checked: SECURITY.md: a binary file, skipped"),
        (
            "docs/SECURITY.md",
            None,
            "content not checked: docs/SECURITY.md: a link out of the checkout, not followed",
        ),
    ]


def test_undecodable_content_is_checked(make_repo):
    root = make_repo({"NEWS": b"caf\xe9 1.0\n- fixed\n"})
    assert (
        failures(
            run_check("file-content", {"globs": ["NEWS"], "matches": ["caf.? 1\\.0"]}, root=root)
        )
        == []
    )
    result = run_check("file-content", {"globs": ["NEWS"], "not-matches": ["caf"]}, root=root)
    assert failures(result) == [("NEWS", 1, 'matches the forbidden pattern /caf/: "caf"')]


def test_validate():
    assert file_content.validate({"globs": ["README*"], "headings": ["/^usage$/", "API"]}) == []
    assert file_content.validate(
        {
            "globs": ["README[", "x"],
            "matches": ["ok", "(unclosed"],
            "not-matches": ["*"],
            "headings": ["/[/", "[plain text is no regex"],
        }
    ) == [
        OptionError(
            ("globs", 0), "pattern 'README[': unclosed character class; write \\[ for a literal ["
        ),
        OptionError(
            ("matches", 1),
            "invalid regular expression: missing ), unterminated subpattern at position 0",
        ),
        OptionError(
            ("not-matches", 0), "invalid regular expression: nothing to repeat at position 0"
        ),
        OptionError(
            ("headings", 0), "invalid regular expression: unterminated character set at position 0"
        ),
    ]
    assert file_content.validate({"globs": ["README*"]}) == [
        OptionError(
            (), "give at least one of contains, matches, not-matches, headings, min-list-entries"
        )
    ]


def test_the_documented_example_is_valid_and_works(make_repo):
    import inspect
    import textwrap

    import jsonschema
    from ruamel.yaml import YAML

    doc = inspect.cleandoc(file_content.__doc__ or "")
    example = textwrap.dedent(doc.split("```yaml\n", 1)[1].split("```", 1)[0])
    (rule,) = YAML(typ="safe").load(example).values()
    jsonschema.validate(rule["options"], file_content.OPTIONS)
    assert file_content.validate(rule["options"]) == []
    good = make_repo({"CONTRIBUTING.md": "# Contributing\n\n## Running tests\n\nnox\n"})
    assert failures(run_check("file-content", rule["options"], root=good)) == []
    bad = make_repo({"docs/contributing.rst": "Contributing\n============\n\nTODO\n"})
    assert failures(run_check("file-content", rule["options"], root=bad)) == [
        ("docs/contributing.rst", None, "no heading matching /^(running )?tests?$|^testing$/"),
        ("docs/contributing.rst", 4, 'matches the forbidden pattern /TODO|TBD/: "TODO"'),
    ]


def test_hostile_markup_is_parsed_in_linear_time(make_repo):
    """Files are untrusted: lines built to make a backtracking regex take minutes."""

    n = 200_000
    hostile = ["# x" + " " * n + "y", "# " + "[" * n, "# " + "[a](" * n, "# " + "<" * n]
    root = make_repo({f"doc{i}.md": text + "\n" for i, text in enumerate(hostile)})
    # Quadratic parsing took minutes here; benchmarks/bench_guards.py times it.
    result = run_check(
        "file-content", {"globs": ["*.md"], "headings": ["nope"], "all-files": True}, root=root
    )
    assert len(failures(result)) == 4
