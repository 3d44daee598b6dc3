"""The co-change check kind, run through the engine with change facts on a real repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from policylint.checks import co_change
from policylint.errors import PolicyError
from policylint.facts.change import ChangedFile, read_range
from policylint.loading import load_policy
from policylint.model import OptionError, Result
from tests.helpers.kinds import run_check
from tests.helpers.repos import MakeRepo, git, write_files

TESTS = {"if-changed": ["src/**"], "require-changed": ["tests/**"]}
NOTES = {
    "if-changed": ["src/**"],
    "require-changed": ["releasenotes/notes/*.yaml"],
    "require-status": "added",
}


@pytest.fixture
def root(make_repo: MakeRepo) -> Path:
    app = "".join(f"line_{i} = {i}\n" for i in range(20))
    return make_repo({"README.md": "# x\n", "src/app.py": app, "tests/test_app.py": ""})


def failures(result: Result) -> list[tuple[str | None, str]]:
    assert [o.status for o in result.outcomes] == ["fail" if result.findings else "pass"]
    return [(f.path, f.message) for f in result.findings]


def modified(path: str) -> ChangedFile:
    return ChangedFile(path, "modified", None, 3, 1)


def added(path: str) -> ChangedFile:
    return ChangedFile(path, "added", None, 5, 0)


def deleted(path: str) -> ChangedFile:
    return ChangedFile(path, "deleted", None, 0, 9)


def test_a_trigger_with_its_companion_passes(root):
    assert (
        failures(
            run_check(
                "co-change",
                TESTS,
                root=root,
                change=[modified("src/app.py"), modified("tests/test_app.py")],
            )
        )
        == []
    )


def test_each_triggering_file_is_a_finding_at_that_file(root):
    files = [modified("README.md"), modified("src/app.py"), added("src/new.py")]
    assert failures(run_check("co-change", TESTS, root=root, change=files)) == [
        ("src/app.py", "src/app.py changed, but no file matching tests/** changed (1 required)"),
        ("src/new.py", "src/new.py changed, but no file matching tests/** changed (1 required)"),
    ]


def test_a_long_list_of_required_patterns_is_cut_in_messages(root):
    options = {
        "if-changed": ["src/**"],
        "require-changed": ["CHANGES*", "NEWS*", "HISTORY*", "docs/changes*", "news/*", "!x"],
    }
    assert failures(
        run_check("co-change", options, root=root, change=[modified("src/app.py")])
    ) == [
        (
            "src/app.py",
            "src/app.py changed, but no file matching CHANGES*, NEWS*, HISTORY*, docs/changes* "
            "or 1 more patterns changed (1 required)",
        )
    ]


def test_findings_are_keyed_by_path(root):
    one = run_check("co-change", TESTS, root=root, change=[modified("src/app.py")]).findings
    two = run_check(
        "co-change", TESTS, root=root, change=[modified("src/app.py"), modified("src/b.py")]
    ).findings
    assert one[0].fingerprint == two[0].fingerprint != two[1].fingerprint


def test_no_trigger_no_finding(root):
    assert failures(run_check("co-change", TESTS, root=root, change=[modified("README.md")])) == []
    assert failures(run_check("co-change", TESTS, root=root, change=[])) == []


def test_exclusions_in_if_changed(root):
    options = {**TESTS, "if-changed": ["src/**", "!src/**/_version.py"]}
    assert (
        failures(
            run_check("co-change", options, root=root, change=[modified("src/pkg/_version.py")])
        )
        == []
    )
    assert failures(
        run_check("co-change", options, root=root, change=[modified("src/pkg/core.py")])
    ) == [
        (
            "src/pkg/core.py",
            "src/pkg/core.py changed, but no file matching tests/** changed (1 required)",
        )
    ]


def test_exclusions_in_require_changed(root):
    options = {**TESTS, "require-changed": ["tests/**", "!tests/fixtures/**"]}
    files = [modified("src/app.py"), modified("tests/fixtures/data.json")]
    assert failures(run_check("co-change", options, root=root, change=files)) == [
        (
            "src/app.py",
            "src/app.py changed, but no file matching tests/**, !tests/fixtures/** changed "
            "(1 required)",
        )
    ]


def test_unless_changed_is_an_escape_hatch(root):
    options = {**TESTS, "unless-changed": [".no-tests"]}
    assert (
        failures(
            run_check(
                "co-change", options, root=root, change=[modified("src/app.py"), added(".no-tests")]
            )
        )
        == []
    )
    assert (
        len(run_check("co-change", options, root=root, change=[modified("src/app.py")]).findings)
        == 1
    )


def test_deleting_a_file_does_not_trigger_by_default(root):
    assert failures(run_check("co-change", TESTS, root=root, change=[deleted("src/old.py")])) == []
    assert failures(
        run_check(
            "co-change",
            {**TESTS, "ignore-deleted": False},
            root=root,
            change=[deleted("src/old.py")],
        )
    ) == [("src/old.py", "src/old.py changed, but no file matching tests/** changed (1 required)")]


def test_deleting_a_required_file_counts_as_a_change_to_it(root):
    files = [modified("src/app.py"), deleted("tests/test_old.py")]
    assert failures(run_check("co-change", TESTS, root=root, change=files)) == []


def test_a_rename_triggers_by_its_new_or_its_old_path(root):
    moved_out = ChangedFile("lib/app.py", "renamed", "src/app.py", 0, 0)
    moved_in = ChangedFile("src/app.py", "renamed", "lib/app.py", 2, 2)
    assert failures(run_check("co-change", TESTS, root=root, change=[moved_out, moved_in])) == [
        (
            "lib/app.py",
            "lib/app.py (renamed from src/app.py) changed, but no file matching tests/** "
            "changed (1 required)",
        ),
        (
            "src/app.py",
            "src/app.py (renamed from lib/app.py) changed, but no file matching tests/** "
            "changed (1 required)",
        ),
    ]


def test_a_renamed_test_counts(root):
    renamed_test = ChangedFile("tests/test_new.py", "renamed", "tests/test_app.py", 1, 1)
    assert (
        failures(
            run_check("co-change", TESTS, root=root, change=[modified("src/app.py"), renamed_test])
        )
        == []
    )


def test_a_file_in_both_sets_satisfies_its_own_rule(root):
    options = {"if-changed": ["*.py"], "require-changed": ["tests/**"]}
    assert (
        failures(run_check("co-change", options, root=root, change=[modified("tests/test_app.py")]))
        == []
    )


def test_require_status_added_wants_a_new_file(root):
    note = "releasenotes/notes/fix-1a2b.yaml"
    assert (
        failures(
            run_check("co-change", NOTES, root=root, change=[modified("src/app.py"), added(note)])
        )
        == []
    )
    copied = ChangedFile(note, "copied", "releasenotes/notes/old.yaml", 0, 0)
    assert (
        failures(run_check("co-change", NOTES, root=root, change=[modified("src/app.py"), copied]))
        == []
    )
    assert failures(
        run_check("co-change", NOTES, root=root, change=[modified("src/app.py"), modified(note)])
    ) == [
        (
            "src/app.py",
            "src/app.py changed, but no file matching releasenotes/notes/*.yaml was added "
            "(1 required; not added: releasenotes/notes/fix-1a2b.yaml (modified))",
        )
    ]


def test_require_status_added_lists_at_most_three_that_did_not_count(root):
    notes = [modified(f"releasenotes/notes/n{i}.yaml") for i in range(5)]
    renamed = ChangedFile("releasenotes/notes/r.yaml", "renamed", "releasenotes/notes/q.yaml")
    assert failures(
        run_check("co-change", NOTES, root=root, change=[modified("src/app.py"), renamed, *notes])
    ) == [
        (
            "src/app.py",
            "src/app.py changed, but no file matching releasenotes/notes/*.yaml was added "
            "(1 required; not added: releasenotes/notes/r.yaml (renamed), "
            "releasenotes/notes/n0.yaml (modified), releasenotes/notes/n1.yaml (modified) "
            "and 3 more)",
        )
    ]


def test_min_count(root):
    options = {**TESTS, "min-count": 2}
    files = [modified("src/app.py"), modified("tests/a.py"), added("tests/b.py")]
    assert failures(run_check("co-change", options, root=root, change=files)) == []
    assert failures(run_check("co-change", options, root=root, change=files[:2])) == [
        (
            "src/app.py",
            "src/app.py changed, but only 1 file matching tests/** changed (tests/a.py) "
            "(2 required)",
        )
    ]
    tests = [modified(f"tests/t{i}.py") for i in range(4)]
    assert failures(
        run_check(
            "co-change",
            {**TESTS, "min-count": 5},
            root=root,
            change=[modified("src/app.py"), *tests],
        )
    ) == [
        (
            "src/app.py",
            "src/app.py changed, but only 4 files matching tests/** changed "
            "(tests/t0.py, tests/t1.py, tests/t2.py and 1 more) (5 required)",
        )
    ]


def test_message_goes_before_the_detail(root):
    result = run_check(
        "co-change",
        {**TESTS, "message": "Add tests for your change"},
        root=root,
        change=[modified("src/app.py")],
    )
    assert failures(result) == [
        (
            "src/app.py",
            "Add tests for your change: src/app.py changed, but no file matching tests/** "
            "changed (1 required)",
        )
    ]


def test_untrusted_file_names_are_shown_safely(root):
    name = "src/\x1b[31mred\udcff.py"
    assert failures(run_check("co-change", TESTS, root=root, change=[added(name)])) == [
        (
            name,
            "src/\\x1b[31mred\\xff.py changed, but no file matching tests/** changed (1 required)",
        )
    ]


def test_validate():
    assert co_change.validate({**TESTS, "unless-changed": ["a", "!b"]}) == []
    options = {
        "if-changed": ["src/**", "src/[a"],
        "require-changed": ["!tests/x", "t\\"],
        "unless-changed": ["ok", "[z"],
    }
    assert co_change.validate(options) == [
        OptionError(
            ("if-changed", 1),
            "pattern 'src/[a': unclosed character class; write \\[ for a literal [",
        ),
        OptionError(
            ("require-changed", 1),
            "pattern 't\\\\': a pattern must not end with an unescaped backslash",
        ),
        OptionError(
            ("require-changed", 0),
            "an exclusion (!) removes what the patterns before it matched, and this one has "
            "none; start with the files to match",
        ),
        OptionError(
            ("unless-changed", 1),
            "pattern '[z': unclosed character class; write \\[ for a literal [",
        ),
    ]


def config_problems(root: Path, options: str) -> list[str]:
    """The loader's problems with one co-change rule whose ``options:`` block is ``options``."""
    (root / ".policylint.yaml").write_text(
        "rules:\n"
        "  tests:\n"
        "    kind: co-change\n"
        "    title: Tests with code\n"
        "    severity: error\n"
        "    options:\n" + options,
        encoding="utf-8",
    )
    with pytest.raises(PolicyError) as caught:
        load_policy(root / ".policylint.yaml", root=root, use_cache=False)
    return caught.value.problems


def test_options_are_validated_at_their_positions(make_repo: MakeRepo):
    root = make_repo({}, use_git=False)
    options = (
        "      if-changed: ['src/**']\n"
        "      require-changed: [tests/**]\n"
        "      require-status: new\n"
        "      min-count: 0\n"
    )
    assert config_problems(root, options) == [
        ".policylint.yaml:9:23: $.rules.tests.options.require-status: must be one of: any, "
        "added (got 'new')",
        ".policylint.yaml:10:18: $.rules.tests.options.min-count: must be at least 1 (got 0)",
    ]
    options = "      if-changed: ['src/**', 'src/[']\n      require-changed: [tests/**]\n"
    assert config_problems(root, options) == [
        ".policylint.yaml:7:30: $.rules.tests.options.if-changed[1]: pattern 'src/[': "
        "unclosed character class; write \\[ for a literal [",
    ]


def test_end_to_end_on_a_branch_read_from_git(root):
    git(root, "switch", "-q", "-c", "feature")
    git(root, "mv", "src/app.py", "src/main.py")
    write_files(root, {"src/new.py": "", "docs/x.md": "x\n"})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "change code without tests")
    change, _ = read_range(str(root), "main", "feature")
    assert failures(run_check("co-change", TESTS, root=root, change=change)) == [
        (
            "src/main.py",
            "src/main.py (renamed from src/app.py) changed, but no file matching tests/** "
            "changed (1 required)",
        ),
        ("src/new.py", "src/new.py changed, but no file matching tests/** changed (1 required)"),
    ]
    write_files(root, {"tests/test_app.py": "def test(): pass\n"})
    git(root, "commit", "-q", "-am", "add a test")
    change, _ = read_range(str(root), "main", "feature")
    assert failures(run_check("co-change", TESTS, root=root, change=change)) == []
