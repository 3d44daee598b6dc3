"""The reno check kind: a note per change, and every note as ``reno lint`` checks it, from the
project's own ``releasenotes/config.yaml`` or ``reno.yaml``. (The reader's own details are in
tests/conventions/test_reno.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from policylint.checks import load_kind, reno
from policylint.facts.change import ChangedFile
from policylint.model import Result
from tests.helpers.cli import run_policylint
from tests.helpers.kinds import documented_rule, run_check
from tests.helpers.repos import MakeRepo, commit, git

NOTES = "releasenotes/notes"
NOTE = f"{NOTES}/fix-widgets-1234567890abcdef.yaml"
DEFAULT_SECTIONS = (
    "prelude, features, issues, upgrade, deprecations, critical, security, fixes, other"
)

Found = list[tuple[str | None, int | None, str]]


def findings(result: Result) -> Found:
    return [(f.path, f.line, f.message) for f in result.findings]


def note_check(root: Path, change: list[ChangedFile], **options: object) -> Found:
    return findings(run_check("reno", options, root=root, change=change))


def notes_check(root: Path) -> Found:
    return findings(run_check("reno", {"check": "notes"}, root=root))


def no_note(first: str, more: int = 0, directory: str = f"{NOTES}/") -> str:
    others = f" and {more} more" if more else ""
    return (
        f"no release note: {first}{others} changed, but no note in {directory} was added or "
        "edited (create one with reno new <slug>)"
    )


def test_registered_and_what_each_check_needs() -> None:
    assert load_kind("reno") is reno
    assert reno.needs({"check": "note"}) == frozenset({"change"})
    assert reno.needs({"check": "notes"}) == frozenset({"repo"})


def test_the_documented_example_loads(make_repo: MakeRepo) -> None:
    rule = documented_rule(reno, make_repo({"README.md": "# x\n"}))
    assert rule.options == {"check": "note", "if-changed": ["*.py", "!**/tests/**"]}


# --- check: note ------------------------------------------------------------------------


def test_a_change_with_a_note_passes_and_one_without_fails(make_repo: MakeRepo) -> None:
    root = make_repo({"app/a.py": "x\n", NOTE: "fixes:\n  - Widgets.\n"})
    with_note = [ChangedFile("app/a.py", "modified"), ChangedFile(NOTE, "added")]
    assert note_check(root, with_note) == []
    assert note_check(root, [ChangedFile("app/a.py", "modified")]) == [
        (None, None, no_note("app/a.py"))
    ]
    three = [ChangedFile(f"app/{n}.py", "added") for n in "abc"]
    assert note_check(root, three) == [(None, None, no_note("app/a.py", 2))]


def test_an_edited_note_counts_and_a_deleted_one_does_not(make_repo: MakeRepo) -> None:
    root = make_repo({"app/a.py": "x\n", NOTE: "fixes:\n  - Widgets.\n"})
    edited = [ChangedFile("app/a.py", "modified"), ChangedFile(NOTE, "modified")]
    assert note_check(root, edited) == []
    deleted = [ChangedFile("app/a.py", "modified"), ChangedFile(NOTE, "deleted")]
    assert note_check(root, deleted) == [(None, None, no_note("app/a.py"))]


def test_only_files_matching_if_changed_need_a_note(make_repo: MakeRepo) -> None:
    root = make_repo({"app/a.py": "x\n", "app/tests/test_a.py": "x\n", "docs/a.md": "x\n"})
    options = {"if-changed": ["*.py", "!**/tests/**"]}
    untriggered = [
        ChangedFile("app/tests/test_a.py", "modified"),
        ChangedFile("docs/a.md", "added"),
    ]
    assert note_check(root, untriggered, **options) == []
    deleted = [ChangedFile("app/old.py", "deleted")]
    assert note_check(root, deleted, **options) == []  # a deleted file needs no note
    assert note_check(root, [ChangedFile("app/a.py", "modified")], **options) == [
        (None, None, no_note("app/a.py"))
    ]


def test_a_yaml_file_outside_the_notes_directory_is_no_note(make_repo: MakeRepo) -> None:
    root = make_repo({"app/a.py": "x\n", "releasenotes/x-1234567890abcdef.yaml": "fixes: [a]\n"})
    change = [
        ChangedFile("app/a.py", "added"),
        ChangedFile("releasenotes/x-1234567890abcdef.yaml", "added"),
    ]
    assert note_check(root, change) == [(None, None, no_note("app/a.py", 1))]
    readme = [ChangedFile("app/a.py", "added"), ChangedFile(f"{NOTES}/README.rst", "added")]
    assert note_check(root, readme) == [(None, None, no_note("app/a.py", 1))]


@pytest.mark.parametrize("config", ["releasenotes/config.yaml", "reno.yaml"])
def test_the_notes_directory_is_read_from_the_configuration(
    make_repo: MakeRepo, config: str
) -> None:
    root = make_repo({config: "notesdir: source/notes\n", "app/a.py": "x\n"})
    old_place = [ChangedFile("app/a.py", "added"), ChangedFile(NOTE, "added")]
    assert note_check(root, old_place) == [
        (None, None, no_note("app/a.py", 1, "releasenotes/source/notes/"))
    ]
    new_place = "releasenotes/source/notes/a-1234567890abcdef.yaml"
    assert (
        note_check(root, [ChangedFile("app/a.py", "added"), ChangedFile(new_place, "added")]) == []
    )


def test_releasenotes_config_yaml_wins_over_reno_yaml(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "releasenotes/config.yaml": "notesdir: first\n",
            "reno.yaml": "notesdir: second\n",
            "app/a.py": "x\n",
        }
    )
    assert note_check(root, [ChangedFile("app/a.py", "added")]) == [
        (None, None, no_note("app/a.py", directory="releasenotes/first/"))
    ]


# --- check: notes -----------------------------------------------------------------------


def test_valid_notes_pass(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            f"{NOTES}/a-1111111111111111.yaml": (
                "---\nprelude: >\n  A release.\nfeatures:\n  - |\n    New.\nfixes: Fixed.\n"
            ),
            f"{NOTES}/b-2222222222222222.yaml": '"fixes": ["Quoted keys, flow style."]\n',
            f"{NOTES}/.hidden-3333333333333333.yaml": "not: read\n",
            f"{NOTES}/README.rst": "Not a note.\n",
            f"{NOTES}/sub/c-4444444444444444.yaml": "nor: this\n",
        }
    )
    assert notes_check(root) == []


def test_each_problem_reno_lint_finds_is_one_finding_at_the_note(make_repo: MakeRepo) -> None:
    broken = f"{NOTES}/broken-1111111111111111.yaml"
    listed = f"{NOTES}/listed-2222222222222222.yaml"
    empty = f"{NOTES}/empty-3333333333333333.yaml"
    typo = f"{NOTES}/typo-4444444444444444.yaml"
    nested = f"{NOTES}/nested-5555555555555555.yaml"
    prelude = f"{NOTES}/prelude-6666666666666666.yaml"
    root = make_repo(
        {
            broken: "fixes:\n  - a\n - b\n",
            listed: "- fixes\n",
            empty: "",
            typo: "feature:\n  - New.\nfixes:\n  - Fine.\n",
            nested: "fixes:\n  - a: b\nother: 3\n",
            prelude: "prelude:\n  - A list.\n",
        }
    )
    assert notes_check(root) == [
        (
            broken,
            3,
            f"{broken}:3:2: expected <block end>, but found '<block sequence start>' (while "
            "parsing a block mapping at line 1, column 1)",
        ),
        (
            empty,
            1,
            f"{empty} is empty: a note is a mapping of sections to notes (a top-level key?)",
        ),
        (
            listed,
            1,
            f"{listed} is a list, not a mapping: a note is a mapping of sections to notes "
            "(a top-level key?)",
        ),
        (
            nested,
            None,
            f"{nested}: the fixes section is a list holding a mapping, not a string or a list "
            "of strings",
        ),
        (
            nested,
            None,
            f"{nested}: the other section is a int (3), not a string or a list of strings",
        ),
        (prelude, None, f"{prelude}: the prelude section is a list, not a single string"),
        (typo, None, f"{typo}: unknown section 'feature'; reno knows {DEFAULT_SECTIONS}"),
    ]


def test_two_notes_with_one_id(make_repo: MakeRepo) -> None:
    first = f"{NOTES}/fix-a-1234567890abcdef.yaml"
    second = f"{NOTES}/fix-b-1234567890abcdef.yaml"
    root = make_repo({first: "fixes: [a]\n", second: "fixes: [b]\n"})
    assert notes_check(root) == [
        (
            first,
            None,
            f"{first} and {second} share the note id '1234567890abcdef'; reno files them as one "
            "note (rename one with reno new)",
        )
    ]


def test_custom_sections_and_prelude_name(make_repo: MakeRepo) -> None:
    config = (
        "notesdir: notes\n"
        "prelude_section_name: release_summary\n"
        "sections:\n"
        "  - [features, New Features]\n"
        "  - [api, API changes, 2]\n"
    )
    ok = f"{NOTES}/ok-1111111111111111.yaml"
    old = f"{NOTES}/old-2222222222222222.yaml"
    root = make_repo(
        {
            "releasenotes/config.yaml": config,
            ok: "release_summary: Big.\napi:\n  - Moved.\n",
            old: "prelude: Old name.\nfixes: [x]\n",
        }
    )
    known = "release_summary, features, api"
    assert notes_check(root) == [
        (old, None, f"{old}: unknown section 'prelude'; reno knows {known}"),
        (old, None, f"{old}: unknown section 'fixes'; reno knows {known}"),
    ]


@pytest.mark.parametrize(
    ("config", "message", "line"),
    [
        ("notesdir: [a]\n", "reno.yaml: notesdir and prelude_section_name are strings", None),
        ("- notesdir\n", "reno.yaml: the configuration must be a mapping", None),
        ("sections: features\n", "reno.yaml: sections must be a list of [name, title] lists", None),
        (
            "sections:\n  - [features]\n",
            "reno.yaml: each entry of sections must be a list with 2 or 3 values, not ['features']",
            None,
        ),
        (
            "sections:\n  - [features, Features, 4]\n",
            "reno.yaml: the third value of ['features', 'Features', 4] in sections must be an "
            "integer between 1 and 3",
            None,
        ),
        (
            "notesdir: a\nnotesdir: b\n",
            "reno.yaml:2:1: duplicate key 'notesdir' (first defined on line 1)",
            2,
        ),
    ],
)
def test_a_configuration_reno_cannot_read_is_one_finding_at_it(
    make_repo: MakeRepo, config: str, message: str, line: int | None
) -> None:
    root = make_repo({"reno.yaml": config, "app/a.py": "x\n"})
    assert notes_check(root) == [("reno.yaml", line, message)]
    assert note_check(root, [ChangedFile("app/a.py", "added")]) == [("reno.yaml", line, message)]


# --- through the real console script ---------------------------------------------------


def gerrit_change(make_repo: MakeRepo, message: str, files: dict[str, str]) -> Path:
    root = make_repo(
        {".policylint.yaml": "extends: [builtin:release-notes-reno]\n", "README.md": "# a\n"}
    )
    git(root, "switch", "-q", "-c", "change")
    commit(root, files, message)
    return root


def test_the_pack_on_a_change_without_a_pull_request(make_repo: MakeRepo) -> None:
    root = gerrit_change(make_repo, "Add the widget API", {"widgets/api.py": "x = 1\n"})
    proc = run_policylint("check", "--base", "main", cwd=root)
    assert proc.returncode == 1, proc.stderr
    assert no_note("widgets/api.py") in proc.stdout
    noted = gerrit_change(
        make_repo,
        "Add the widget API",
        {"widgets/api.py": "x = 1\n", NOTE: "features:\n  - The widget API.\n"},
    )
    passed = run_policylint("check", "--base", "main", cwd=noted)
    assert (passed.returncode, passed.stderr) == (0, "")


@pytest.mark.parametrize(
    "message",
    [
        "Refactor the widget loop\n\nNo-Release-Note: nothing users can see",
        "Refactor the widget loop [skip release-note]",
    ],
)
def test_a_commit_opts_its_change_out(make_repo: MakeRepo, message: str) -> None:
    root = gerrit_change(make_repo, message, {"widgets/api.py": "x = 2\n"})
    proc = run_policylint("check", "--base", "main", cwd=root)
    assert (proc.returncode, proc.stderr) == (0, "")


def test_a_bad_glob_is_a_positioned_error(make_repo: MakeRepo) -> None:
    policy = (
        "rules:\n  note:\n    kind: reno\n    title: T\n    severity: error\n"
        "    options:\n      if-changed: ['[']\n"
    )
    root = make_repo({".policylint.yaml": policy})
    proc = run_policylint("check", cwd=root)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr.startswith("policylint: .policylint.yaml:7:20: ")
    assert "Traceback" not in proc.stderr
