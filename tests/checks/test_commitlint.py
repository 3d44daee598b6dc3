"""The commitlint check kind: commit messages judged as commitlint judges them, from the
project's own commitlint configuration. (The parser and the preset's rules on their own are in
tests/conventions/test_commitlint.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policylint.checks import KINDS, commitlint, load_kind
from policylint.facts.commits import Commit
from policylint.model import Result
from tests.helpers.cli import run_policylint
from tests.helpers.kinds import documented_rule, run_check
from tests.helpers.repos import MakeRepo

SHA = "1" * 40
NAMED = f"commit {SHA[:12]}"
CONVENTIONAL = '{"extends": ["@commitlint/config-conventional"]}\n'
CASE = "subject must not be sentence-case, start-case, pascal-case, upper-case [subject-case]"
TYPES = "build, chore, ci, docs, feat, fix, perf, refactor, revert, style, test"

Found = list[tuple[str | None, int | None, str]]


def commit(message: str, *, sha: str = SHA, parents: tuple[str, ...] = ("0" * 40,)) -> Commit:
    """A commit of ``message``, split into subject and body as git's log reads it."""
    subject, _, rest = message.partition("\n")
    blank = rest == "" or rest.startswith("\n")
    body = rest[1:] if rest.startswith("\n") else rest
    ann = ("Ann", "ann@example.org")
    return Commit(sha, subject, body, *ann, *ann, parents, blank_second_line=blank)


def findings(result: Result) -> Found:
    return [(f.path, f.line, f.message) for f in result.findings]


def lint(root: Path, *messages: str | Commit, **options: object) -> Found:
    commits = [m if isinstance(m, Commit) else commit(m) for m in messages]
    return findings(run_check("commitlint", options, root=root, commits=commits))


def test_registered_and_needs_commits(make_repo: MakeRepo) -> None:
    assert load_kind("commitlint") is commitlint
    assert KINDS["commitlint"].needs == frozenset({"commits"})
    rule = documented_rule(commitlint, make_repo({"README.md": "# x\n"}))
    assert rule.options == {"max-subject-length": 72, "ignore-merges": True}


# --- where the configuration is read from ------------------------------------------------


@pytest.mark.parametrize(
    "files",
    [
        {".commitlintrc": CONVENTIONAL},
        {".commitlintrc": "extends:\n  - '@commitlint/config-conventional'\n"},
        {".commitlintrc.json": CONVENTIONAL},
        {".commitlintrc.yaml": "extends: '@commitlint/config-conventional'\n"},
        {".commitlintrc.yml": "extends: ['@commitlint/config-conventional']\n"},
        {"package.json": json.dumps({"name": "a", "commitlint": json.loads(CONVENTIONAL)})},
    ],
)
def test_every_configuration_file_commitlint_reads(
    make_repo: MakeRepo, files: dict[str, str]
) -> None:
    root = make_repo(files)
    assert lint(root, "feat(parser): accept empty files\n") == []
    # config-conventional's limits, not the 72 of the fallback: a 100-character header passes
    assert lint(root, "feat: " + "x" * 94 + "\n") == []
    assert lint(root, "feat: Accept Files\n") == [(None, None, f"{NAMED}: {CASE}")]


def test_package_json_comes_first_in_commitlints_order(make_repo: MakeRepo) -> None:
    package = {"name": "a", "commitlint": {"rules": {"header-max-length": [2, "always", 10]}}}
    root = make_repo({"package.json": json.dumps(package), ".commitlintrc.json": CONVENTIONAL})
    assert lint(root, "Anything at all here\n") == [
        (
            None,
            None,
            f"{NAMED}: header must not be longer than 10 characters, current length is 20 "
            "[header-max-length]",
        )
    ]


def test_a_package_json_without_the_key_is_passed_over(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "package.json": '{"name": "a"}\n',
            ".commitlintrc.yml": "extends: '@commitlint/config-conventional'\n",
        }
    )
    assert lint(root, "feat: Accept Files\n") == [(None, None, f"{NAMED}: {CASE}")]


@pytest.mark.parametrize(
    "name", ["commitlint.config.js", ".commitlintrc.ts", "commitlint.config.mjs"]
)
def test_a_javascript_configuration_says_how_to_proceed(make_repo: MakeRepo, name: str) -> None:
    root = make_repo({name: "export default {extends: ['@commitlint/config-conventional']};\n"})
    assert lint(root, "feat: a\n") == [
        (
            name,
            None,
            f"{name} is JavaScript or TypeScript, which policylint does not run: move the "
            "configuration to .commitlintrc.json or .commitlintrc.yaml (commitlint reads those "
            "too), or turn this rule off and keep running commitlint itself",
        )
    ]


# --- the preset and the configuration's own rules ----------------------------------------


def test_the_conventional_preset(make_repo: MakeRepo) -> None:
    root = make_repo({".commitlintrc.json": CONVENTIONAL})
    assert lint(root, "Fix: Parser.\n") == [
        (
            None,
            None,
            f"{NAMED}: {CASE}; subject may not end with full stop [subject-full-stop]; type "
            f"must be lower-case [type-case]; type must be one of [{TYPES}] [type-enum]",
        )
    ]
    assert lint(root, "add the parser\n") == [
        (
            None,
            None,
            f"{NAMED}: subject may not be empty [subject-empty]; type may not be empty "
            "[type-empty]",
        )
    ]
    assert lint(root, "feat: a\n\n" + "b" * 101 + "\n") == [
        (
            None,
            None,
            f"{NAMED}: body's lines must not be longer than 100 characters [body-max-line-length]",
        )
    ]
    # body-leading-blank is a warning in the preset: commitlint reports it and passes
    assert lint(root, "feat: a\nno blank line before the body\n") == []


def test_own_rules_on_top_of_the_preset(make_repo: MakeRepo) -> None:
    config = {
        "extends": ["@commitlint/config-conventional"],
        "rules": {
            "subject-case": [0],
            "scope-enum": [2, "always", ["api", "cli"]],
            "references-empty": [2, "never"],
            "body-leading-blank": [2, "always"],
            "header-max-length": [1, "always", 20],
        },
    }
    root = make_repo({".commitlintrc.json": json.dumps(config)})
    assert lint(root, "feat(api): Accept files\n\nCloses #12\n") == []
    assert lint(root, "feat(cli): accept files\n\nNo issue.\n") == [
        (None, None, f"{NAMED}: references may not be empty [references-empty]")
    ]
    assert lint(root, "feat(web): Accept files a long way\nBody.\n") == [
        (
            None,
            None,
            f"{NAMED}: body must have leading blank line [body-leading-blank]; scope must be "
            "one of [api, cli] [scope-enum]; references may not be empty [references-empty]",
        )
    ]


def test_rules_alone_without_the_preset(make_repo: MakeRepo) -> None:
    root = make_repo({".commitlintrc.yaml": "rules:\n  header-max-length: [2, always, 50]\n"})
    assert lint(root, "Any old subject. No type needed\n") == []
    assert lint(root, "x" * 51 + "\n") == [
        (
            None,
            None,
            f"{NAMED}: header must not be longer than 50 characters, current length is 51 "
            "[header-max-length]",
        )
    ]


def test_the_conventionalcommits_parser_preset_reads_a_bang(make_repo: MakeRepo) -> None:
    config = {
        "parserPreset": "conventional-changelog-conventionalcommits",
        "rules": {"type-empty": [2, "never"]},
    }
    root = make_repo({".commitlintrc.json": json.dumps(config)})
    assert lint(root, "feat(api)!: drop v1\n") == []


# --- commitlint's ignores and the kind's options -------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "fixup! Feat: Anything.\n",
        "squash! whatever\n",
        "amend! whatever\n",
        'Revert "Feat: Bad."\n',
        "v1.2.3\n",
        "Merge branch 'main' into feature\n",
    ],
)
@pytest.mark.parametrize("files", [{}, {".commitlintrc.json": CONVENTIONAL}])
def test_commitlints_default_ignores(
    make_repo: MakeRepo, files: dict[str, str], message: str
) -> None:
    assert lint(make_repo({"README.md": "# x\n", **files}), message) == []


def test_default_ignores_can_be_turned_off(make_repo: MakeRepo) -> None:
    config = {"extends": ["@commitlint/config-conventional"], "defaultIgnores": False}
    root = make_repo({".commitlintrc.json": json.dumps(config)})
    assert lint(root, "fixup! feat: a\n") == [
        (
            None,
            None,
            f"{NAMED}: subject may not be empty [subject-empty]; type may not be empty "
            "[type-empty]",
        )
    ]


def test_merges_are_skipped_unless_asked(make_repo: MakeRepo) -> None:
    root = make_repo({".commitlintrc.json": CONVENTIONAL})
    merge = commit("Merged the Thing.\n", parents=("0" * 40, "2" * 40))
    assert lint(root, merge) == []
    assert lint(root, merge, **{"ignore-merges": False}) == [
        (
            None,
            None,
            f"{NAMED}: subject may not be empty [subject-empty]; subject may not end with full "
            "stop [subject-full-stop]; type may not be empty [type-empty]",
        )
    ]


def test_an_empty_message_is_reported_as_empty(make_repo: MakeRepo) -> None:
    for files in ({}, {".commitlintrc.json": CONVENTIONAL}):
        assert lint(make_repo({"README.md": "# x\n", **files}), "\n") == [
            (None, None, f"{NAMED}: {commitlint.EMPTY}")
        ]
    assert commitlint.EMPTY == (
        "the commit message is empty (git aborts a commit whose message is empty or only comments)"
    )


def test_each_failing_commit_is_one_finding(make_repo: MakeRepo) -> None:
    root = make_repo({".commitlintrc.json": CONVENTIONAL})
    other = "2" * 40
    found = lint(root, commit("feat: fine\n"), commit("oops\n", sha=other), commit("Nope\n"))
    assert [message.split(":")[0] for _, _, message in found] == [f"commit {other[:12]}", NAMED]


# --- without a configuration: Conventional Commits 1.0.0 -------------------------------------


def test_without_a_configuration_conventional_commits_apply(make_repo: MakeRepo) -> None:
    root = make_repo({"README.md": "# x\n"})
    assert lint(root, "feat(parser)!: accept empty files\n\nWhy.\n") == []
    assert lint(root, "feat: Capitals are fine here\n") == []
    assert lint(root, "feat: " + "x" * 67 + "\n") == [
        (None, None, f'{NAMED}: subject "feat: {"x" * 67}" is 73 characters long, more than 72')
    ]
    assert lint(root, "feat: " + "x" * 67 + "\n", **{"max-subject-length": 80}) == []
    assert lint(root, "Add the parser\n") == [
        (
            None,
            None,
            f'{NAMED}: subject "Add the parser" does not follow Conventional Commits '
            '("type(scope)!: description", scope and "!" optional)',
        )
    ]
    assert lint(root, "feat: a\nno blank line\n") == [
        (
            None,
            None,
            f"{NAMED}: the second line is not blank (leave one empty line after the subject)",
        )
    ]


# --- configurations policylint cannot apply --------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "line", "message"),
    [
        (
            ".commitlintrc.json",
            '{\n  "extends": [,]\n}\n',
            2,
            ".commitlintrc.json is not valid JSON: Expecting value",
        ),
        (
            ".commitlintrc",
            '{"rules": }\n',
            1,
            ".commitlintrc is not valid JSON: Expecting value",
        ),
        (
            ".commitlintrc.yaml",
            "rules:\n  a: 1\n  a: 2\n",
            3,
            ".commitlintrc.yaml:3:3: duplicate key 'a' (first defined on line 2)",
        ),
        (
            ".commitlintrc.yml",
            "- a\n",
            None,
            ".commitlintrc.yml: the configuration must be an object",
        ),
        (
            ".commitlintrc.json",
            '{"extends": ["@commitlint/config-angular"]}',
            None,
            ".commitlintrc.json: extends ['@commitlint/config-angular']; policylint applies only "
            "@commitlint/config-conventional (write the other configuration's rules into rules, "
            "or keep running commitlint itself)",
        ),
        (
            ".commitlintrc.json",
            '{"parserPreset": {"name": "angular"}}',
            None,
            ".commitlintrc.json: parserPreset 'angular' is not one policylint reads (it knows "
            "conventional-changelog-conventionalcommits)",
        ),
        (
            ".commitlintrc.json",
            '{"rules": []}',
            None,
            ".commitlintrc.json: rules must be an object",
        ),
        (
            ".commitlintrc.json",
            '{"rules": {"header-fancy": [2, "always"], "body-prose": [2, "always"]}}',
            None,
            ".commitlintrc.json: rules policylint does not implement: body-prose, header-fancy",
        ),
        (
            ".commitlintrc.json",
            '{"rules": {"type-case": 2}}',
            None,
            ".commitlintrc.json: rule type-case must be an array [level, when, value]",
        ),
        (
            ".commitlintrc.json",
            '{"rules": {"type-case": [3, "always", "lower-case"]}}',
            None,
            ".commitlintrc.json: rule type-case must be [level 0-2, when, value?]",
        ),
        (
            ".commitlintrc.json",
            '{"rules": {"type-case": [2, "sometimes", "lower-case"]}}',
            None,
            '.commitlintrc.json: the condition of rule type-case must be "always" or "never"',
        ),
        (
            ".commitlintrc.json",
            '{"rules": {"type-case": [2, "always", "loud-case"]}}',
            None,
            ".commitlintrc.json: rule type-case: unknown case 'loud-case'",
        ),
    ],
)
def test_a_configuration_it_cannot_apply_is_one_finding_at_the_file(
    make_repo: MakeRepo, name: str, text: str, line: int | None, message: str
) -> None:
    root = make_repo({name: text})
    assert lint(root, "feat: a\n", "fix: b\n") == [(name, line, message)]


# --- through the real console script ---------------------------------------------------


def test_the_commit_msg_hook_with_a_yaml_configuration(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = make_repo(
        {
            ".policylint.yaml": "extends: [builtin:conventional-commits]\n",
            ".commitlintrc.yaml": "extends: ['@commitlint/config-conventional']\n",
            "README.md": "# app\n",
        }
    )
    message = tmp_path / "COMMIT_EDITMSG"
    message.write_text("feat: " + "x" * 90 + "\n")  # over 72, within commitlint's 100
    passed = run_policylint("check", "--commit-msg", str(message), cwd=root)
    assert (passed.returncode, passed.stderr) == (0, "")
    message.write_text("# Please enter the commit message\n#\n")
    empty = run_policylint("check", "--commit-msg", str(message), cwd=root)
    assert empty.returncode == 1, empty.stderr
    assert f"the commit being made: {commitlint.EMPTY}" in empty.stdout
    assert "Traceback" not in empty.stderr


def test_an_unknown_option_is_a_positioned_error(make_repo: MakeRepo) -> None:
    policy = (
        "rules:\n  cc:\n    kind: commitlint\n    title: T\n    severity: error\n"
        "    options:\n      max-subject-length: 0\n"
    )
    root = make_repo({".policylint.yaml": policy})
    proc = run_policylint("check", cwd=root)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr.startswith("policylint: .policylint.yaml:7:27: ")
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("when", "message", "expected"),
    [
        ("never", "fix: a\n\nCloses #12\n", []),
        ("never", "fix: a\n", ["references may not be empty [references-empty]"]),
        ("always", "fix: a\n", []),
        ("always", "fix: a\n\nCloses #12\n", ["references must be empty [references-empty]"]),
    ],
)
def test_references_empty_both_ways(
    make_repo: MakeRepo, when: str, message: str, expected: list[str]
) -> None:
    """As @commitlint/rules' references-empty: "never" asks for a reference, "always" for none."""
    config = {"rules": {"references-empty": [2, when]}}
    root = make_repo({".commitlintrc.json": json.dumps(config)})
    assert lint(root, message) == [(None, None, f"{NAMED}: {m}") for m in expected]
