"""The codeowners check kind and the CODEOWNERS parser, on real repositories."""

from __future__ import annotations

import pytest

from policylint.checks import codeowners
from policylint.conventions.codeowners import (
    LineError,
    OwnerLine,
    find_codeowners,
    parse_codeowners,
    pattern_regex,
)
from policylint.facts.change import ChangedFile, read_range
from policylint.facts.repo import Repo
from policylint.model import OptionError, Result
from tests.helpers.kinds import run_check
from tests.helpers.repos import MakeRepo, git, write_files

# The rules of GitHub's "About code owners" example, one per kind of pattern.
EXAMPLE = """\
# default owners
*       @global-owner1 @global-owner2
*.js    @js-owner #an inline comment
*.go docs@example.com
*.txt @octo-org/octocats
/build/logs/ @doctocat
docs/*  docs@example.com
apps/ @octocat
/scripts/ @doctocat @octocat
**/logs @octocat
/apps/ @octocat
/apps/github
"""


def owners(text: str, path: str) -> tuple[str, ...] | None:
    line = parse_codeowners(text, "CODEOWNERS").owner_line(path)
    return None if line is None else line.owners


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("README.md", ("@global-owner1", "@global-owner2")),
        ("src/deep/main.js", ("@js-owner",)),
        ("cmd/main.go", ("docs@example.com",)),
        ("notes/a.txt", ("@octo-org/octocats",)),
        ("build/logs/today.log", ("@octocat",)),  # **/logs comes after /build/logs/
        ("docs/getting-started.md", ("docs@example.com",)),
        ("docs/build-app/troubleshooting.md", ("@global-owner1", "@global-owner2")),
        ("src/apps/x.py", ("@octocat",)),
        ("scripts/run.sh", ("@doctocat", "@octocat")),
        ("deeply/nested/logs/x", ("@octocat",)),
        ("apps/github/index.js", ()),  # matched by a line with no owner
        ("apps/main/index.js", ("@octocat",)),
    ],
)
def test_githubs_documented_example(path, expected):
    assert owners(EXAMPLE, path) == expected


@pytest.mark.parametrize(
    ("pattern", "matches", "misses"),
    [
        ("foo", ["foo", "foo/bar", "bar/foo", "bar/foo/baz"], ["foo.txt", "bar/foo.txt"]),
        ("/foo", ["foo", "foo/bar/baz"], ["bar/foo", "fool.txt"]),
        ("foo/", ["foo/bar", "bar/foo/baz"], ["foo", "bar/foo"]),
        ("/foo/", ["foo/bar/baz"], ["foo", "bar/foo/baz"]),
        ("foo/bar", ["foo/bar", "foo/bar/baz"], ["baz/foo/bar", "foo/bart"]),
        ("*", ["foo", "foo/bar/baz"], []),
        ("/*", ["foo", "bar.md"], ["foo/bar"]),
        ("f*", ["foo", "foo/bar", "bar/foo/baz"], ["bar/baz", "xfoo"]),
        ("foo/*", ["foo/bar"], ["foo", "foo/bar/baz", "bar/foo/baz"]),
        ("foo/*.txt", ["foo/bar.txt"], ["foo/bar/baz.txt", "qux/foo/bar.txt"]),
        ("foo/*/baz", ["foo/bar/baz", "foo/bar/baz/qux"], ["foo/baz"]),
        ("f?o", ["foo"], ["fo", "fooo"]),
        ("f\\*o", ["f*o"], ["foo"]),
        ("**/foo/bar", ["foo/bar", "qux/foo/bar/baz"], ["foo/baz/bar"]),
        ("foo/bar/**", ["foo/bar/baz", "foo/bar/baz/qux"], ["foo/bar", "qux/foo/bar/baz"]),
        ("foo/**/bar", ["foo/bar", "foo/qux/quux/bar/baz"], ["qux/foo/bar"]),
        ("foo/**/", ["foo/bar", "foo/bar/baz"], ["foo"]),
        ("path\\ with\\ spaces/", ["path with spaces/a"], ["path/a"]),
        ("README.md", ["README.md"], ["readme.md", "Readme.md"]),  # case-sensitive
        ("a+b(c).txt", ["a+b(c).txt"], ["aab(c).txt"]),  # no regex syntax leaks in
        ("lib/\\[x\\]", ["lib/[x]"], ["lib/x"]),  # an escaped bracket is a literal
    ],
)
def test_patterns(pattern, matches, misses):
    regex = pattern_regex(pattern)
    assert [path for path in matches + misses if regex.fullmatch(path)] == matches


def test_parsing_comments_blank_lines_and_escaped_spaces():
    text = "\ufeff# comment\n\n   \n  # indented comment\r\n/a\\ b/ @x # trailing\r\n*.md\t@y\t@z\n"
    assert parse_codeowners(text, "CODEOWNERS").lines == (
        OwnerLine(5, "/a\\ b/", ("@x",)),
        OwnerLine(6, "*.md", ("@y", "@z")),
    )


def test_invalid_lines_are_reported_and_skipped():
    text = (
        "* @all\n"
        "!docs/ @nobody\n"
        "\\#notes @a\n"
        "src/*.[ch] @c-team\n"
        "src/*** @a\n"
        "/ @a\n"
        "x\\\n"
        "*.py bob @py @a/b/c me@example\n"
        "lib/\\[x\\] @ok @org/team_1 first.last+tag@example.co.uk @a-b_c\n"
        "@lonely @owners\n"
        "/@types/ @typing\n"
    )
    parsed = parse_codeowners(text, "CODEOWNERS")
    assert parsed.errors == (
        LineError(2, "!docs/ @nobody", "negation (!) does not work in CODEOWNERS"),
        LineError(3, "\\#notes @a", "escaping a leading # with \\ does not work in CODEOWNERS"),
        LineError(
            4,
            "src/*.[ch] @c-team",
            "character ranges ([ ]) do not work in CODEOWNERS; write each name out",
        ),
        LineError(5, "src/*** @a", "three asterisks in a row are not a valid pattern"),
        LineError(6, "/ @a", "the pattern / never matches anything; did you mean * ?"),
        LineError(7, "x\\", "the pattern ends with an unescaped backslash"),
        LineError(
            8,
            "*.py bob @py @a/b/c me@example",
            "invalid owner 'bob', '@a/b/c', 'me@example': write @user, @org/team-name or an "
            "email address",
        ),
        LineError(
            10,
            "@lonely @owners",
            "the line starts with an owner; write the pattern first (* for every file)",
        ),
    )
    assert [(line.line, line.pattern) for line in parsed.lines] == [
        (1, "*"),
        (9, "lib/\\[x\\]"),
        (11, "/@types/"),
    ]
    assert parsed.owner_line("a.py") == OwnerLine(1, "*", ("@all",))  # line 8 was skipped


def test_find_codeowners_in_githubs_order(make_repo: MakeRepo):
    every = {"CODEOWNERS": "", "docs/CODEOWNERS": "", ".github/CODEOWNERS": ""}
    assert find_codeowners(Repo(make_repo(every))) == ".github/CODEOWNERS"
    assert find_codeowners(Repo(make_repo({"CODEOWNERS": "", "docs/CODEOWNERS": ""}))) == (
        "CODEOWNERS"
    )
    assert find_codeowners(Repo(make_repo({"docs/CODEOWNERS": ""}))) == "docs/CODEOWNERS"
    lower = {"codeowners": "", "src/CODEOWNERS": "", ".github/CODEOWNERS.md": ""}
    assert find_codeowners(Repo(make_repo(lower))) is None


def failures(result: Result) -> list[tuple[str | None, int | None, str]]:
    assert [o.status for o in result.outcomes] == ["fail" if result.findings else "pass"]
    return [(f.path, f.line, f.message) for f in result.findings]


def modified(path: str) -> ChangedFile:
    return ChangedFile(path, "modified", None, 1, 1)


def test_every_changed_file_owned_passes(make_repo: MakeRepo):
    root = make_repo({".github/CODEOWNERS": EXAMPLE})
    assert (
        failures(
            run_check(
                "codeowners", root=root, change=[modified("README.md"), modified("apps/main/x.py")]
            )
        )
        == []
    )


def test_unowned_files_are_findings_at_each_file(make_repo: MakeRepo):
    root = make_repo({"CODEOWNERS": "# owners\n/src/ @core\n/apps/ @octocat\n/apps/github\n"})
    files = [modified("src/a.py"), modified("README.md"), modified("apps/github/x.js")]
    assert failures(run_check("codeowners", root=root, change=files)) == [
        ("README.md", None, "README.md has no code owner: no line of CODEOWNERS matches it"),
        (
            "apps/github/x.js",
            None,
            "apps/github/x.js has no code owner: line 4 of CODEOWNERS (/apps/github) names none",
        ),
    ]


def test_invalid_lines_are_findings_at_their_line(make_repo: MakeRepo):
    root = make_repo({"docs/CODEOWNERS": "* @all\n\n!vendor/ @nobody\n*.[ch] @c\n"})
    assert failures(run_check("codeowners", root=root, change=[modified("a.c")])) == [
        (
            "docs/CODEOWNERS",
            3,
            "docs/CODEOWNERS line 3 is invalid and has no effect: negation (!) does not work "
            "in CODEOWNERS",
        ),
        (
            "docs/CODEOWNERS",
            4,
            "docs/CODEOWNERS line 4 is invalid and has no effect: character ranges ([ ]) do "
            "not work in CODEOWNERS; write each name out",
        ),
    ]


def test_invalid_line_fingerprints_survive_lines_moving(make_repo: MakeRepo):
    first = run_check(
        "codeowners", root=make_repo({"CODEOWNERS": "* @a\n!x @b\n"}), change=[modified("a")]
    ).findings
    moved = run_check(
        "codeowners", root=make_repo({"CODEOWNERS": "# new\n* @a\n!x @b\n"}), change=[modified("a")]
    ).findings
    assert first[0].line == 2 and moved[0].line == 3
    assert first[0].fingerprint == moved[0].fingerprint


def test_deleted_files_need_no_owner_and_renames_use_the_new_path(make_repo: MakeRepo):
    root = make_repo({"CODEOWNERS": "/src/ @core\n"})
    files = [
        ChangedFile("old/gone.py", "deleted", None, 0, 3),
        ChangedFile("src/moved.py", "renamed", "old/moved.py", 0, 0),
        ChangedFile("old/back.py", "renamed", "src/back.py", 0, 0),
    ]
    assert failures(run_check("codeowners", root=root, change=files)) == [
        ("old/back.py", None, "old/back.py has no code owner: no line of CODEOWNERS matches it")
    ]


def test_the_paths_option_limits_which_files_need_an_owner(make_repo: MakeRepo):
    root = make_repo({"CODEOWNERS": "/src/ @core\n"})
    files = [modified("docs/a.md"), modified("src/gen/x.py"), modified("lib/y.py")]
    assert (
        failures(
            run_check(
                "codeowners", {"paths": ["src/**", "lib/**", "!lib/y.py"]}, root=root, change=files
            )
        )
        == []
    )
    assert failures(run_check("codeowners", {"paths": ["lib/"]}, root=root, change=files)) == [
        ("lib/y.py", None, "lib/y.py has no code owner: no line of CODEOWNERS matches it")
    ]


def test_no_codeowners_file(make_repo: MakeRepo):
    root = make_repo({"README.md": "", "codeowners.txt": ""})
    where = ".github/CODEOWNERS, CODEOWNERS or docs/CODEOWNERS"
    assert failures(
        run_check("codeowners", root=root, change=[modified("a.py"), modified("b.py")])
    ) == [
        (
            None,
            None,
            f"No CODEOWNERS file (looked for {where}), so the 2 changed files have no code owner",
        )
    ]
    assert failures(
        run_check("codeowners", {"message": "Add owners"}, root=root, change=[modified("a.py")])
    ) == [
        (
            None,
            None,
            f"Add owners: no CODEOWNERS file (looked for {where}), so the changed file has no "
            "code owner",
        )
    ]
    assert (
        failures(
            run_check("codeowners", root=root, change=[ChangedFile("a.py", "deleted", None, 0, 1)])
        )
        == []
    )


def test_a_codeowners_file_larger_than_3_mb_is_not_used(make_repo: MakeRepo):
    root = make_repo({"CODEOWNERS": "* @all\n" + "# padding\n" * 320_000})
    assert failures(run_check("codeowners", root=root, change=[modified("a.py")])) == [
        (
            "CODEOWNERS",
            None,
            "CODEOWNERS cannot be used: larger than 3145728 bytes, skipped",
        )
    ]


def test_message_goes_before_missing_owner_findings(make_repo: MakeRepo):
    root = make_repo({"CODEOWNERS": "!x @a\n"})
    assert failures(
        run_check("codeowners", {"message": "Add an owner"}, root=root, change=[modified("a.py")])
    ) == [
        (
            "CODEOWNERS",
            1,
            "CODEOWNERS line 1 is invalid and has no effect: negation (!) does not work in "
            "CODEOWNERS",
        ),
        ("a.py", None, "Add an owner: a.py has no code owner: no line of CODEOWNERS matches it"),
    ]


def test_untrusted_file_names_are_shown_safely(make_repo: MakeRepo):
    root = make_repo({"CODEOWNERS": "/src/ @core\n"})
    name = "bad\x1b[2J\udcff.py"
    assert failures(run_check("codeowners", root=root, change=[modified(name)])) == [
        (name, None, "bad\\x1b[2J\\xff.py has no code owner: no line of CODEOWNERS matches it")
    ]


def test_validate():
    assert codeowners.validate({}) == []
    assert codeowners.validate({"paths": ["src/**", "!src/x"]}) == []
    assert codeowners.validate({"paths": ["!src/x", "a["]}) == [
        OptionError(
            ("paths", 1), "pattern 'a[': unclosed character class; write \\[ for a literal ["
        ),
        OptionError(
            ("paths", 0),
            "an exclusion (!) removes what the patterns before it matched, and this one has "
            "none; start with the files that need an owner",
        ),
    ]


def test_end_to_end_on_a_branch_read_from_git(make_repo: MakeRepo):
    owners = "/src/ @core\n/.github/ @admins\n"
    root = make_repo({".github/CODEOWNERS": owners, "src/a.py": "", "old.txt": "x\n"})
    git(root, "switch", "-q", "-c", "feature")
    write_files(root, {"src/b.py": "", "docs/new.md": "# new\n", "lib/caf\udce9.py": ""})
    git(root, "rm", "-q", "old.txt")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "add files")
    change, _ = read_range(str(root), "main", "feature")
    assert failures(run_check("codeowners", root=root, change=change)) == [
        (
            "docs/new.md",
            None,
            "docs/new.md has no code owner: no line of .github/CODEOWNERS matches it",
        ),
        (
            "lib/caf\udce9.py",
            None,
            "lib/caf\\xe9.py has no code owner: no line of .github/CODEOWNERS matches it",
        ),
    ]
    write_files(root, {".github/CODEOWNERS": owners + "* @maintainers\n/src/ @core\n"})
    git(root, "commit", "-q", "-am", "own everything")
    change, _ = read_range(str(root), "main", "feature")
    assert failures(run_check("codeowners", root=root, change=change)) == []
