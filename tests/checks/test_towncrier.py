"""The towncrier check kind: news fragments judged as ``towncrier check`` judges them, from
the project's own ``towncrier.toml`` or ``pyproject.toml`` ``[tool.towncrier]``. (The reader's
own details are in tests/conventions/test_towncrier.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from policylint.checks import KINDS, load_kind, towncrier
from policylint.facts.change import ChangedFile
from policylint.model import Result
from tests.helpers.cli import run_policylint
from tests.helpers.kinds import documented_rule, run_check
from tests.helpers.repos import MakeRepo, commit, git

PYPROJECT = '[tool.towncrier]\ndirectory = "changes"\n'
DEFAULTS = "feature, bugfix, doc, removal, misc"
NO_FRAGMENT = (
    "no news fragment: the change ({files}) adds or edits no fragment in {where} of a type "
    "towncrier check counts ({types}), and does not change the news file {news}"
)


def no_fragment(
    files: str = "1 file", where: str = "changes/", types: str = DEFAULTS, news: str = "NEWS.rst"
) -> str:
    return NO_FRAGMENT.format(files=files, where=where, types=types, news=news)


def added(*paths: str) -> list[ChangedFile]:
    return [ChangedFile(path, "added") for path in paths]


def findings(result: Result) -> list[tuple[str | None, int | None, str]]:
    return [(f.path, f.line, f.message) for f in result.findings]


def fragment_check(
    root: Path, change: list[ChangedFile]
) -> list[tuple[str | None, int | None, str]]:
    return findings(run_check("towncrier", root=root, change=change))


def names_check(root: Path) -> list[tuple[str | None, int | None, str]]:
    return findings(run_check("towncrier", {"check": "names"}, root=root))


def test_registered_and_what_each_check_needs() -> None:
    assert load_kind("towncrier") is towncrier
    assert towncrier.needs({"check": "fragment"}) == frozenset({"change"})
    assert towncrier.needs({"check": "names"}) == frozenset({"repo"})
    assert KINDS["towncrier"].module == "towncrier"


def test_the_documented_example_loads(make_repo: MakeRepo) -> None:
    rule = documented_rule(towncrier, make_repo({"README.md": "# x\n"}))
    assert (rule.kind, rule.severity, rule.options) == ("towncrier", "error", {"check": "fragment"})


# --- check: fragment --------------------------------------------------------------------


def test_a_change_with_a_fragment_passes_and_one_without_fails(make_repo: MakeRepo) -> None:
    root = make_repo(
        {"pyproject.toml": PYPROJECT, "src/a.py": "x\n", "changes/12.bugfix.md": "Fixed.\n"}
    )
    assert fragment_check(root, added("src/a.py", "changes/12.bugfix.md")) == []
    assert fragment_check(root, added("src/a.py")) == [(None, None, no_fragment())]
    assert fragment_check(root, added("src/a.py", "src/b.py")) == [
        (None, None, no_fragment("2 files"))
    ]


def test_an_edited_fragment_counts_and_a_deleted_one_does_not(make_repo: MakeRepo) -> None:
    root = make_repo(
        {"pyproject.toml": PYPROJECT, "src/a.py": "x\n", "changes/12.bugfix.md": "Fixed.\n"}
    )
    edited = [ChangedFile("src/a.py", "modified"), ChangedFile("changes/12.bugfix.md", "modified")]
    assert fragment_check(root, edited) == []
    git(root, "rm", "-q", "changes/12.bugfix.md")
    git(root, "commit", "-q", "-m", "drop the fragment")
    deleted = [ChangedFile("src/a.py", "modified"), ChangedFile("changes/12.bugfix.md", "deleted")]
    assert fragment_check(root, deleted) == [(None, None, no_fragment("2 files"))]


def test_changing_the_news_file_is_a_release_and_an_empty_change_passes(
    make_repo: MakeRepo,
) -> None:
    pyproject = PYPROJECT + 'filename = "CHANGES.md"\n'
    root = make_repo({"pyproject.toml": pyproject, "src/a.py": "x\n", "CHANGES.md": "# 1.0\n"})
    release = [ChangedFile("CHANGES.md", "modified"), ChangedFile("src/a.py", "modified")]
    assert fragment_check(root, release) == []
    assert fragment_check(root, []) == []
    assert fragment_check(root, added("src/a.py")) == [(None, None, no_fragment(news="CHANGES.md"))]


def test_a_fragment_outside_the_fragment_directory_is_no_note(make_repo: MakeRepo) -> None:
    root = make_repo({"pyproject.toml": PYPROJECT, "news/12.bugfix.md": "Fixed.\n"})
    assert fragment_check(root, added("news/12.bugfix.md")) == [(None, None, no_fragment())]


def test_custom_types_and_their_check_flag(make_repo: MakeRepo) -> None:
    pyproject = (
        '[tool.towncrier]\ndirectory = "changes"\n'
        '[[tool.towncrier.type]]\ndirectory = "security"\nname = "Security"\nshowcontent = true\n'
        '[[tool.towncrier.type]]\ndirectory = "chore"\nname = "Chores"\ncheck = false\n'
    )
    root = make_repo(
        {
            "pyproject.toml": pyproject,
            "src/a.py": "x\n",
            "changes/1.security.md": "Escaped the thing.\n",
            "changes/2.chore.md": "Tidied.\n",
            "changes/3.bugfix.md": "Not a type of this project.\n",
        }
    )
    assert fragment_check(root, added("src/a.py", "changes/1.security.md")) == []
    unchecked = no_fragment("2 files", types="security") + (
        " (fragments of types with check = false do not count: changes/2.chore.md)"
    )
    assert fragment_check(root, added("src/a.py", "changes/2.chore.md")) == [
        (None, None, unchecked)
    ]
    assert fragment_check(root, added("src/a.py", "changes/3.bugfix.md")) == [
        (None, None, no_fragment("2 files", types="security"))
    ]


def test_fragment_tables_name_the_types(make_repo: MakeRepo) -> None:
    pyproject = (
        '[tool.towncrier]\ndirectory = "changes"\n'
        "[tool.towncrier.fragment.feature]\n"
        '[tool.towncrier.fragment.trivial]\ncheck = false\nname = "Trivial"\n'
    )
    root = make_repo(
        {"pyproject.toml": pyproject, "src/a.py": "x\n", "changes/+tidy.trivial": "x\n"}
    )
    assert fragment_check(root, added("src/a.py")) == [(None, None, no_fragment(types="feature"))]
    assert fragment_check(root, added("src/a.py", "changes/+tidy.trivial")) == [
        (
            None,
            None,
            no_fragment("2 files", types="feature")
            + " (fragments of types with check = false do not count: changes/+tidy.trivial)",
        )
    ]


def test_towncrier_toml_and_the_package_directory(make_repo: MakeRepo) -> None:
    towncrier_toml = '[tool.towncrier]\npackage = "pkg"\npackage_dir = "src"\n'
    root = make_repo(
        {
            "towncrier.toml": towncrier_toml,
            "src/pkg/core.py": "x\n",
            "src/pkg/newsfragments/+orphan.feature.rst": "New.\n",
        }
    )
    assert (
        fragment_check(root, added("src/pkg/core.py", "src/pkg/newsfragments/+orphan.feature.rst"))
        == []
    )
    assert fragment_check(root, added("src/pkg/core.py")) == [
        (None, None, no_fragment(where="src/pkg/newsfragments/"))
    ]


def test_the_package_defaults_to_the_project_name(make_repo: MakeRepo) -> None:
    pyproject = '[project]\nname = "widgets"\n\n[tool.towncrier]\n'
    root = make_repo({"pyproject.toml": pyproject, "widgets/a.py": "x\n"})
    assert fragment_check(root, added("widgets/a.py")) == [
        (None, None, no_fragment(where="widgets/newsfragments/"))
    ]


def test_sections_each_have_a_directory(make_repo: MakeRepo) -> None:
    pyproject = (
        '[tool.towncrier]\ndirectory = "changes"\n'
        '[[tool.towncrier.section]]\nname = ""\npath = ""\n'
        '[[tool.towncrier.section]]\nname = "Web"\npath = "web"\n'
    )
    root = make_repo(
        {"pyproject.toml": pyproject, "web/a.js": "x\n", "changes/web/4.feature.md": "New.\n"}
    )
    assert fragment_check(root, added("web/a.js", "changes/web/4.feature.md")) == []
    assert fragment_check(root, added("web/a.js")) == [
        (None, None, no_fragment(where="changes/ or changes/web/"))
    ]


def test_without_a_configuration_towncrier_check_stops(make_repo: MakeRepo) -> None:
    root = make_repo({"src/a.py": "x\n", "pyproject.toml": '[project]\nname = "a"\n'})
    no_config = make_repo({"src/a.py": "x\n"})
    assert fragment_check(no_config, added("src/a.py")) == [(None, None, towncrier.NO_CONFIG)]
    assert towncrier.NO_CONFIG == (
        "no towncrier configuration: neither towncrier.toml nor pyproject.toml exists, so "
        "towncrier check stops (add [tool.towncrier] to pyproject.toml)"
    )
    # A pyproject.toml without [tool.towncrier] is read as towncrier reads it: its defaults.
    assert fragment_check(root, added("src/a.py")) == [
        (None, None, no_fragment(where="a/newsfragments/"))
    ]


# --- check: names -----------------------------------------------------------------------


def test_every_entry_of_the_fragment_directory_is_a_fragment_or_ignored(
    make_repo: MakeRepo,
) -> None:
    root = make_repo(
        {
            "pyproject.toml": PYPROJECT + 'template = "changes/template.jinja"\n',
            "changes/12.bugfix.md": "Fixed.\n",
            "changes/0013.feature.2.rst": "More.\n",
            "changes/+tidy.misc": "Tidied.\n",
            "changes/.gitignore": "!.gitignore\n",
            "changes/README.rst": "Fragments go here.\n",
            "changes/template.jinja": "{{ x }}\n",
        }
    )
    assert names_check(root) == []


def test_each_invalid_entry_is_named(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "pyproject.toml": PYPROJECT,
            "changes/12.fix.md": "Wrong type.\n",
            "changes/README.txt": "Not one of the README names towncrier ignores.\n",
            "changes/.DS_Store": b"\x00\x01",
            "changes/12.bugfix.md": "Fine.\n",
        }
    )

    def invalid(path: str) -> tuple[str, None, str]:
        return (
            path,
            None,
            f"{path} is no valid news fragment name: not <issue>.<type>[.<counter>][.<ext>] "
            f"with a type of {DEFAULTS}, and not ignored",
        )

    assert names_check(root) == [
        invalid("changes/.DS_Store"),
        invalid("changes/12.fix.md"),
        invalid("changes/README.txt"),
    ]


def test_the_ignore_patterns_are_read(make_repo: MakeRepo) -> None:
    pyproject = PYPROJECT + 'ignore = ["*.txt", ".DS_Store"]\n'
    root = make_repo(
        {
            "pyproject.toml": pyproject,
            "changes/README.TXT": "x\n",
            "changes/.DS_Store": b"\x00",
            "changes/notes.md": "x\n",
        }
    )
    assert [path for path, _, _ in names_check(root)] == ["changes/notes.md"]


def test_two_fragments_for_one_issue_and_type(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "pyproject.toml": PYPROJECT,
            "changes/12.bugfix.md": "Fixed.\n",
            "changes/012.bugfix.rst": "Fixed again.\n",
            "changes/12.bugfix.1.md": "A counter makes it another fragment.\n",
            "changes/+a.bugfix": "Orphans are numbered.\n",
            "changes/+b.bugfix": "So they never collide.\n",
        }
    )
    assert names_check(root) == [
        (
            "changes/12.bugfix.md",
            None,
            "changes/12.bugfix.md and changes/012.bugfix.rst are both fragments for the same "
            "issue and type (towncrier stops: multiple files for 12.bugfix)",
        )
    ]


def test_a_custom_orphan_prefix(make_repo: MakeRepo) -> None:
    pyproject = PYPROJECT + 'orphan_prefix = "~"\nissue_pattern = "\\\\d+"\n'
    root = make_repo(
        {
            "pyproject.toml": pyproject,
            "changes/~tidy.misc": "An orphan with the project's prefix.\n",
            "changes/+tidy.misc": "The default prefix is an issue here, and no number.\n",
            "changes/12.misc": "An issue.\n",
        }
    )
    assert names_check(root) == [
        (
            "changes/+tidy.misc",
            None,
            "changes/+tidy.misc: the issue '+tidy' does not match the configured "
            "issue_pattern '\\d+'",
        )
    ]


def test_issue_less_fragments_without_an_orphan_prefix(make_repo: MakeRepo) -> None:
    """With ``orphan_prefix = ""`` a name's first part is always the issue, whatever it is."""
    root = make_repo(
        {
            "pyproject.toml": PYPROJECT + 'orphan_prefix = ""\n',
            "changes/+tidy.misc": "x\n",
            "changes/tidy.misc": "x\n",
        }
    )
    assert names_check(root) == []


def test_the_names_check_needs_no_change(make_repo: MakeRepo) -> None:
    root = make_repo({"pyproject.toml": PYPROJECT, "changes/x.md": "x\n"})
    result = run_check("towncrier", {"check": "names"}, root=root)
    assert [o.status for o in result.outcomes] == ["fail"]


# --- a configuration towncrier refuses --------------------------------------------------


@pytest.mark.parametrize(
    ("files", "where"),
    [
        (
            {"pyproject.toml": '[tool.towncrier]\ndirectory = "a"\ndirectory = "b"\n'},
            ("pyproject.toml", 3),
        ),
        (
            {"towncrier.toml": '[tool.towncrier]\ntemplate = "towncrier:nope"\n'},
            ("towncrier.toml", None),
        ),
        (
            {"pyproject.toml": '[tool.towncrier]\ntemplate = "changes/t.j2"\n'},
            ("pyproject.toml", None),
        ),
        ({"pyproject.toml": "[tool.towncrier]\ndirectory = 3\n"}, ("pyproject.toml", None)),
        ({"pyproject.toml": "[tool.towncrier]\ntype = 3\n"}, ("pyproject.toml", None)),
        ({"pyproject.toml": "[tool]\ntowncrier = 3\n"}, ("pyproject.toml", None)),
        (
            {"pyproject.toml": PYPROJECT + 'issue_pattern = "(["\n', "changes/1.misc": ""},
            ("pyproject.toml", None),
        ),
    ],
)
def test_a_broken_configuration_is_one_finding_at_the_file(
    make_repo: MakeRepo, files: dict[str, str], where: tuple[str, int | None]
) -> None:
    root = make_repo({**files, "src/a.py": "x\n"})
    for result in (
        run_check("towncrier", root=root, change=added("src/a.py")),
        run_check("towncrier", {"check": "names"}, root=root),
    ):
        (found,) = findings(result)
        assert found[:2] == where


def test_the_messages_of_a_broken_configuration(make_repo: MakeRepo) -> None:
    def message(files: dict[str, str]) -> str:
        (found,) = names_check(make_repo({**files, "changes/1.misc": ""}))
        return found[2]

    assert message({"towncrier.toml": '[tool.towncrier]\ntemplate = "towncrier:nope"\n'}) == (
        "towncrier.toml: towncrier has no template named 'nope' (template = 'towncrier:nope')"
    )
    assert message({"pyproject.toml": '[tool.towncrier]\ntemplate = "t.j2"\n'}) == (
        "pyproject.toml: the template file 't.j2' does not exist"
    )
    assert message({"pyproject.toml": "[tool.towncrier]\ndirectory = 3\n"}) == (
        "pyproject.toml: `directory` must be a string"
    )
    assert message({"pyproject.toml": "[tool.towncrier]\nall_bullets = 1\n"}) == (
        "pyproject.toml: `all_bullets` must be boolean: false or true"
    )
    assert message({"pyproject.toml": '[tool.towncrier]\nignore = "*.txt"\n'}) == (
        "pyproject.toml: `ignore` must be an array of strings"
    )
    assert message({"pyproject.toml": '[[tool.towncrier.type]]\ndirectory = "x"\n'}) == (
        "pyproject.toml: every [[tool.towncrier.type]] needs a `name`"
    )
    assert message({"pyproject.toml": '[[tool.towncrier.section]]\nname = "x"\n'}) == (
        "pyproject.toml: every [[tool.towncrier.section]] needs a `path`"
    )
    assert message({"pyproject.toml": "[tool]\ntowncrier = 3\n"}) == (
        "pyproject.toml: [tool.towncrier] must be a table, not int"
    )
    assert (
        message(
            {"pyproject.toml": '[tool.towncrier]\ndirectory = "changes"\nissue_pattern = "(["\n'}
        )
        == "issue_pattern '([' cannot be used: unterminated character set at position 1"
    )
    lookahead = PYPROJECT + 'issue_pattern = "(?!0)\\\\d+"\n'
    assert message({"pyproject.toml": lookahead}) == (
        "issue_pattern '(?!0)\\\\d+' cannot be used: patterns run in linear time (RE2), which "
        "cannot use lookahead or lookbehind ((?=, (?!, (?<=, (?<!): match the surrounding text "
        "itself, or move a forbidden form to not-matches"
    )


def test_the_issue_pattern_runs_in_linear_time(make_repo: MakeRepo) -> None:
    """A repository's own pattern on its own file names: a backtracking engine would take
    hours over this name, which must not stall an audit of many repositories."""
    name = "changes/" + "a" * 40 + "!.misc"
    root = make_repo({"pyproject.toml": PYPROJECT + 'issue_pattern = "(a+)+"\n', name: "x\n"})
    assert names_check(root) == [
        (
            name,
            None,
            f"{name}: the issue '{'a' * 40}!' does not match the configured issue_pattern '(a+)+'",
        )
    ]


# --- through the real console script ---------------------------------------------------


def feature_branch(make_repo: MakeRepo, files: dict[str, str]) -> Path:
    root = make_repo(
        {
            ".policylint.yaml": "extends: [builtin:release-notes-towncrier]\n",
            "pyproject.toml": PYPROJECT + 'filename = "CHANGES.md"\n',
            "CHANGES.md": "# Changes\n",
            "README.md": "# app\n",
        }
    )
    git(root, "switch", "-q", "-c", "feature")
    commit(root, files, "Change the app")
    return root


def test_the_pack_on_a_pull_request(make_repo: MakeRepo) -> None:
    bare = feature_branch(make_repo, {"src/app.py": "x = 1\n"})
    failed = run_policylint("check", "--base", "main", "--format", "json", cwd=bare)
    assert failed.returncode == 1, failed.stderr
    assert (
        "no news fragment: the change (1 file) adds or edits no fragment in changes/ of a type "
        "towncrier check counts (feature, bugfix, doc, removal, misc), and does not change the "
        "news file CHANGES.md"
    ) in failed.stdout
    noted = feature_branch(
        make_repo, {"src/app.py": "x = 1\n", "changes/+app.feature.md": "An app.\n"}
    )
    passed = run_policylint("check", "--base", "main", cwd=noted)
    assert (passed.returncode, passed.stderr) == (0, "")


def test_the_commit_trailer_opts_a_change_out(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            ".policylint.yaml": "extends: [builtin:release-notes-towncrier]\n",
            "pyproject.toml": PYPROJECT,
            "README.md": "# app\n",
        }
    )
    git(root, "switch", "-q", "-c", "feature")
    commit(root, {"src/app.py": "x = 1\n"}, "Refactor\n\nNo-Release-Note: internal only")
    proc = run_policylint("check", "--base", "main", cwd=root)
    assert (proc.returncode, proc.stderr) == (0, "")


def test_an_unknown_option_value_is_a_positioned_error(make_repo: MakeRepo) -> None:
    policy = (
        "rules:\n  news:\n    kind: towncrier\n    title: T\n    severity: error\n"
        "    options:\n      check: name\n"
    )
    root = make_repo({".policylint.yaml": policy, "pyproject.toml": PYPROJECT})
    proc = run_policylint("check", cwd=root)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert proc.stderr == (
        "policylint: .policylint.yaml:7:14: $.rules.news.options.check: must be one of: "
        "fragment, names (got 'name')\n"
    )
