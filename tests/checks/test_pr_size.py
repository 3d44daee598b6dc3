"""The pr-size check kind, run through the engine with change facts on a real repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from policylint.checks import pr_size
from policylint.facts.change import Change, ChangedFile, read_range
from policylint.model import OptionError, Result
from tests.helpers.kinds import run_check
from tests.helpers.repos import MakeRepo, git, write_files


@pytest.fixture
def root(make_repo: MakeRepo) -> Path:
    return make_repo({"README.md": "# x\n"})


def failures(result: Result) -> list[tuple[str | None, str]]:
    assert [o.status for o in result.outcomes] == ["fail" if result.findings else "pass"]
    return [(f.path, f.message) for f in result.findings]


def edits(count: int, lines: int = 10) -> list[ChangedFile]:
    return [ChangedFile(f"src/m{i}.py", "modified", None, lines, lines // 2) for i in range(count)]


def test_within_the_limits_passes(root):
    assert (
        failures(
            run_check("pr-size", {"max-files": 3, "max-lines": 45}, root=root, change=edits(3))
        )
        == []
    )


def test_too_many_files(root):
    assert failures(run_check("pr-size", {"max-files": 3}, root=root, change=edits(4))) == [
        (None, "The change touches 4 files, more than the limit of 3")
    ]


def test_too_many_lines(root):
    assert failures(run_check("pr-size", {"max-lines": 59}, root=root, change=edits(4))) == [
        (None, "The change has 60 changed lines (40 added, 20 deleted), more than the limit of 59")
    ]


def test_both_limits_are_separate_findings_with_stable_fingerprints(root):
    result = run_check("pr-size", {"max-files": 1, "max-lines": 1}, root=root, change=edits(4))
    assert [f.message for f in result.findings] == [
        "The change touches 4 files, more than the limit of 1",
        "The change has 60 changed lines (40 added, 20 deleted), more than the limit of 1",
    ]
    again = run_check("pr-size", {"max-files": 1, "max-lines": 1}, root=root, change=edits(9))
    assert [f.fingerprint for f in result.findings] == [f.fingerprint for f in again.findings]
    assert result.findings[0].fingerprint != result.findings[1].fingerprint


def test_deleted_and_renamed_files_count(root):
    files = [
        ChangedFile("old.py", "deleted", None, 0, 30),
        ChangedFile("new.py", "renamed", "was.py", 0, 0),
    ]
    assert failures(
        run_check("pr-size", {"max-files": 1, "max-lines": 29}, root=root, change=files)
    ) == [
        (None, "The change touches 2 files, more than the limit of 1"),
        (None, "The change has 30 changed lines (0 added, 30 deleted), more than the limit of 29"),
    ]


def test_lock_files_and_other_generated_files_do_not_count_by_default(root):
    generated = [
        ChangedFile(path, "modified", None, 5000, 4000)
        for path in (
            "package-lock.json",
            "web/yarn.lock",
            "poetry.lock",
            "Cargo.lock",
            "go.sum",
            "static/app.min.js",
            "ui/__snapshots__/button.test.js.snap",
            "ui/tests/__snapshots__/x.ambr",
        )
    ]
    files = [*edits(2), *generated]
    assert (
        failures(run_check("pr-size", {"max-files": 2, "max-lines": 30}, root=root, change=files))
        == []
    )
    assert failures(
        run_check("pr-size", {"max-files": 1, "max-lines": 29}, root=root, change=files)
    ) == [
        (
            None,
            "The change touches 2 files, more than the limit of 1 (not counted: 8 excluded files)",
        ),
        (
            None,
            "The change has 30 changed lines (20 added, 10 deleted), more than the limit of 29 "
            "(not counted: 8 excluded files)",
        ),
    ]


def test_exclude_replaces_the_default_list(root):
    files = [*edits(1), ChangedFile("go.sum", "modified", None, 100, 0)]
    assert failures(
        run_check("pr-size", {"max-lines": 20, "exclude": []}, root=root, change=files)
    ) == [
        (None, "The change has 115 changed lines (110 added, 5 deleted), more than the limit of 20")
    ]
    own = {"max-files": 1, "exclude": ["gen/**", "!gen/keep.py"]}
    generated = ChangedFile("gen/api.py", "added", None, 10, 0)
    kept = ChangedFile("gen/keep.py", "added", None, 10, 0)
    assert failures(run_check("pr-size", own, root=root, change=[*edits(1), generated])) == []
    assert failures(run_check("pr-size", own, root=root, change=[*edits(1), generated, kept])) == [
        (
            None,
            "The change touches 2 files, more than the limit of 1 (not counted: 1 excluded file)",
        )
    ]


def test_a_rename_out_of_an_excluded_directory_is_excluded(root):
    moved = ChangedFile("src/api.py", "renamed", "gen/api.py", 3, 3)
    assert (
        failures(
            run_check(
                "pr-size",
                {"max-files": 1, "exclude": ["gen/"]},
                root=root,
                change=[*edits(1), moved],
            )
        )
        == []
    )


def test_binary_files_count_as_files_not_lines(root):
    image = ChangedFile("logo.png", "added", None, None, None)
    assert failures(
        run_check(
            "pr-size", {"max-files": 1, "max-lines": 14}, root=root, change=[*edits(1), image]
        )
    ) == [
        (None, "The change touches 2 files, more than the limit of 1"),
        (
            None,
            "The change has 15 changed lines (10 added, 5 deleted), more than the limit of 14 "
            "(not counted: 1 binary file)",
        ),
    ]


def test_message_goes_before_the_detail(root):
    result = run_check(
        "pr-size", {"max-files": 1, "message": "Split large changes"}, root=root, change=edits(2)
    )
    assert failures(result) == [
        (None, "Split large changes: the change touches 2 files, more than the limit of 1")
    ]


def test_an_empty_change_passes(root):
    assert (
        failures(run_check("pr-size", {"max-files": 1, "max-lines": 1}, root=root, change=[])) == []
    )


def test_measure():
    change = Change("b", "h", "m", (*edits(2), ChangedFile("a.png", "added", None, None, None)), "")
    assert pr_size.measure(change, pr_size.DEFAULT_EXCLUDE) == pr_size.Size(3, 20, 10, 0, 1)
    assert pr_size.measure(change, ("*.py",)) == pr_size.Size(1, 0, 0, 2, 1)


def test_validate():
    assert pr_size.validate({"max-files": 5}) == []
    assert pr_size.validate({"max-lines": 5, "exclude": ["a", "b[", "!"]}) == [
        OptionError(
            ("exclude", 1), "pattern 'b[': unclosed character class; write \\[ for a literal ["
        ),
        OptionError(("exclude", 2), "pattern '!' matches nothing"),
    ]
    assert pr_size.validate({"exclude": []}) == [
        OptionError((), "set max-files, max-lines or both")
    ]


def test_end_to_end_on_a_branch_read_from_git(root):
    git(root, "switch", "-q", "-c", "feature")
    write_files(
        root,
        {
            "README.md": "# y\nmore\nand more\n",
            "logo.png": b"\x89PNG\r\n\x1a\n\0\0\0",
            "poetry.lock": "".join(f"pkg{i} = 1\n" for i in range(500)),
        },
    )
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "a change")
    change, _ = read_range(str(root), "main", "feature")
    assert (
        failures(run_check("pr-size", {"max-files": 2, "max-lines": 4}, root=root, change=change))
        == []
    )
    assert failures(
        run_check("pr-size", {"max-files": 1, "max-lines": 3}, root=root, change=change)
    ) == [
        (
            None,
            "The change touches 2 files, more than the limit of 1 (not counted: 1 excluded file)",
        ),
        (
            None,
            "The change has 4 changed lines (3 added, 1 deleted), more than the limit of 3 "
            "(not counted: 1 excluded file, 1 binary file)",
        ),
    ]
