"""``policylint fix``: missing community files created from templates, never overwritten."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from policylint.scaffold.project import heading_text, project_name
from policylint.scaffold.templates import TEMPLATES, placeholders
from tests.helpers.cli import run_policylint
from tests.helpers.repos import MakeRepo, git

BARE = {"README.md": "# demo\n", "LICENSE": "MIT\n"}
CREATED = (
    "CONTRIBUTING.md",
    "CODE_OF_CONDUCT.md",
    "SECURITY.md",
    "GOVERNANCE.md",
    "MAINTAINERS.md",
)
TO_FILL_IN = (
    "To fill in (marked [FILL IN: ...]):\n"
    "  {root}/CONTRIBUTING.md:9: how to install what a contributor needs and build the project\n"
    "  {root}/CONTRIBUTING.md:13: the command that runs the tests\n"
    "  {root}/CODE_OF_CONDUCT.md:12: the contact for conduct reports, for example "
    "conduct@example.org\n"
    "  {root}/CODE_OF_CONDUCT.md:18: who handles conduct reports, for example the maintainers "
    "listed in the maintainers file\n"
    "  {root}/SECURITY.md:8: its link; on GitHub, "
    "https://github.com/OWNER/REPOSITORY/security/advisories/new\n"
    "  {root}/SECURITY.md:10: a private address for security reports, for example "
    "security@example.org\n"
    "  {root}/MAINTAINERS.md:7: at least two maintainers in the table below so that the "
    "project never depends on one person\n"
)
COMMUNITY_RULES = (
    "contributing",
    "code-of-conduct",
    "security-policy",
    "governance",
    "maintainers",
)
CONTENT_RULES = (
    "contributing-process",
    "conduct-contact",
    "security-contact",
    "community-files-filled-in",
)
# What a maintainer writes in place of each [FILL IN: ...] marker, file by file, in order.
FILLED = {
    "CONTRIBUTING.md": ["```sh\nmake\n```", "```sh\nmake check\n```"],
    "CODE_OF_CONDUCT.md": ["conduct@demo.dev", "the maintainers"],
    "SECURITY.md": ["<https://github.com/demo/demo/security/advisories/new>", "security@demo.dev"],
    "MAINTAINERS.md": ["| Ada Lovelace | @ada | ada@demo.dev | core |\n"],
}
REVIEW_IN_GIT = (
    "Review the new files, fill in what is marked, then `git add` them: `policylint check` "
    "counts only files git tracks (or pass `--untracked`).\n"
)
LINK_ASTRAY = (
    "exists but is not counted (a link that leads out of the checkout or nowhere): "
    "replace it with a regular file\n"
)


def rule_statuses(repo: Path, *extra: str, untracked: bool = True) -> dict[str, str]:
    counted = ("--untracked",) if untracked else ()
    result = run_policylint("check", str(repo), *counted, "--format", "json", *extra)
    assert result.stderr == ""
    return {rule["id"]: rule["status"] for rule in json.loads(result.stdout)["rules"]}


def test_fix_on_a_bare_checkout_creates_every_file_and_the_rules_then_pass(
    make_repo: MakeRepo,
) -> None:
    repo = make_repo(BARE)
    before = rule_statuses(repo)
    assert [before[rule] for rule in COMMUNITY_RULES] == ["fail"] * 5
    result = run_policylint("fix", str(repo))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        "".join(f"Created {repo}/{name}\n" for name in CREATED)
        + TO_FILL_IN.format(root=repo)
        + REVIEW_IN_GIT
    )
    after = rule_statuses(repo)
    filled_in = dict.fromkeys(CONTENT_RULES, "fail")  # until the markers are filled in
    assert after == {**before, **dict.fromkeys(COMMUNITY_RULES, "pass"), **filled_in}


def test_the_content_rules_fail_on_the_lines_fix_lists_until_they_are_filled_in(
    make_repo: MakeRepo,
) -> None:
    repo = make_repo(BARE)
    listed = run_policylint("fix", str(repo)).stdout
    found = findings(repo, CONTENT_RULES)
    assert found == [
        ("CODE_OF_CONDUCT.md", 12, "conduct-contact",
         'still holds the template placeholder "[FILL IN: the contact for conduct reports, for '
         'example conduct@example.org]"'),
        ("CONTRIBUTING.md", 9, "contributing-process",
         'still holds the template placeholder "[FILL IN: how to install what a contributor '
         'needs and build the project]"'),
        ("MAINTAINERS.md", 7, "community-files-filled-in",
         'still holds the template placeholder "[FILL IN: at least two maintainers in the table '
         'below so that the project never…"'),
        ("SECURITY.md", 8, "security-contact",
         'still holds the template placeholder "[FILL IN: its link; on GitHub,…"'),
    ]  # fmt: skip
    for path, line, _, _ in found:  # each is a line fix told the user to fill in
        assert f"  {repo}/{path}:{line}: " in listed
    for name, answers in FILLED.items():
        path = repo / name
        text = path.read_text()
        for answer in answers:
            text = re.sub(r"\[FILL IN: [^\]]*\]\n?", answer, text, count=1)
        path.write_text(text)
    assert findings(repo, CONTENT_RULES) == []


def findings(repo: Path, rules: tuple[str, ...]) -> list[tuple[str, int, str, str]]:
    result = run_policylint("check", str(repo), "--untracked", "--format", "json")
    return sorted(
        (f["path"], f["line"], f["rule"], f["message"])
        for f in json.loads(result.stdout)["findings"]
        if f["rule"] in rules
    )


def test_the_new_files_count_for_check_once_git_add_ed_as_fix_says(make_repo: MakeRepo) -> None:
    repo = make_repo(BARE)
    assert run_policylint("init", str(repo)).returncode == 0
    assert run_policylint("fix", str(repo)).stdout.endswith(REVIEW_IN_GIT)
    statuses = rule_statuses(repo, untracked=False)
    assert [statuses[rule] for rule in COMMUNITY_RULES] == ["fail"] * 5  # untracked: not counted
    git(repo, "add", *CREATED)
    statuses = rule_statuses(repo, untracked=False)
    assert [statuses[rule] for rule in COMMUNITY_RULES] == ["pass"] * 5


def test_the_governance_pack_passes_on_the_files_fix_creates_once_filled_in(
    make_repo: MakeRepo,
) -> None:
    repo = make_repo({**BARE, ".policylint.yaml": "extends: [builtin:governance]\n"})
    assert run_policylint("fix", str(repo)).returncode == 0
    content_rules = ("governance-roles", "governance-decisions", "governance-becoming-maintainer")
    statuses = rule_statuses(repo)
    assert [statuses[rule] for rule in content_rules] == ["pass"] * 3
    assert statuses["maintainers-two-people"] == "fail"  # nobody is named until filled in
    maintainers = repo / "MAINTAINERS.md"
    rows = "| Ada Lovelace | @ada | ada@example.org | core |\n| Grace Hopper | @grace | | docs |\n"
    maintainers.write_text(maintainers.read_text().replace("| ----- |\n", "| ----- |\n" + rows))
    assert rule_statuses(repo)["maintainers-two-people"] == "pass"


def test_fix_never_overwrites_and_finds_files_where_the_pack_looks(make_repo: MakeRepo) -> None:
    existing = {
        "docs/contributing.rst": "Contributing\n============\n",
        ".github/security.md": "# Security\n",
        "code-of-conduct.md": "# Conduct\n",
        ".github/CODEOWNERS": "* @ada\n",
    }
    repo = make_repo({**BARE, **existing})
    result = run_policylint("fix", str(repo))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        f"Created {repo}/GOVERNANCE.md\n"
        f"Already present: {repo}/docs/contributing.rst, {repo}/code-of-conduct.md, "
        f"{repo}/.github/security.md, {repo}/.github/CODEOWNERS\n" + REVIEW_IN_GIT
    )
    for name, text in existing.items():
        assert (repo / name).read_text() == text
    governance = (repo / "GOVERNANCE.md").read_text()
    assert "[contributing guide](docs/contributing.rst)" in governance
    assert "[security policy](.github/security.md)" in governance


def test_nothing_to_do_says_so(make_repo: MakeRepo) -> None:
    repo = make_repo(BARE)
    assert run_policylint("fix", str(repo)).returncode == 0
    again = run_policylint("fix", str(repo))
    assert (again.returncode, again.stderr) == (0, "")
    assert again.stdout == (
        f"Already present: {', '.join(f'{repo}/{name}' for name in CREATED)}\nNothing to create.\n"
    )


def test_a_link_the_rule_does_not_count_is_named_and_never_overwritten(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    repo = make_repo(BARE)
    outside = tmp_path / "elsewhere.md"
    outside.write_text("# Contributing\n")
    os.symlink(outside, repo / "CONTRIBUTING.md")  # leads out of the checkout
    os.symlink("nowhere", repo / "SECURITY.md")  # leads nowhere
    git(repo, "add", "CONTRIBUTING.md", "SECURITY.md")
    assert [rule_statuses(repo)[rule] for rule in ("contributing", "security-policy")] == [
        "fail",
        "fail",
    ]
    result = run_policylint("fix", str(repo), "--only", "contributing,security-policy,governance")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        f"Created {repo}/GOVERNANCE.md\n"
        f"{repo}/CONTRIBUTING.md {LINK_ASTRAY}"
        f"{repo}/SECURITY.md {LINK_ASTRAY}" + REVIEW_IN_GIT
    )
    assert os.readlink(repo / "CONTRIBUTING.md") == str(outside)
    assert os.readlink(repo / "SECURITY.md") == "nowhere"
    assert outside.read_text() == "# Contributing\n"


def test_other_things_the_rule_does_not_count_are_named_too(make_repo: MakeRepo) -> None:
    repo = make_repo({**BARE, ".gitignore": "/GOVERNANCE.md\n"})
    (repo / "CONTRIBUTING.md").mkdir()
    (repo / "GOVERNANCE.md").write_text("# Governance\n")  # ignored: check never sees it
    result = run_policylint("fix", str(repo), "--only", "contributing", "--only", "governance")
    assert result.stdout == (
        f"{repo}/CONTRIBUTING.md exists but is not counted (not a regular file): replace it "
        "with a regular file\n"
        f"{repo}/GOVERNANCE.md exists but is not counted (git ignores it, or the policy's "
        "governance rule looks elsewhere)\n"
        "Nothing to create.\n"
    )
    assert (repo / "GOVERNANCE.md").read_text() == "# Governance\n"


def test_the_checkouts_own_policy_decides_what_counts(make_repo: MakeRepo) -> None:
    policy = (
        "extends: [builtin:recommended]\n"
        "rules:\n  contributing:\n    options: {globs: [hacking*]}\n"
    )
    repo = make_repo({**BARE, ".policylint.yaml": policy, "HACKING.rst": "Hacking\n"})
    result = run_policylint("fix", str(repo), "--only", "contributing")
    assert result.stdout == f"Already present: {repo}/HACKING.rst\nNothing to create.\n"
    assert not (repo / "CONTRIBUTING.md").exists()


def test_dry_run_shows_the_first_lines_and_writes_nothing(make_repo: MakeRepo) -> None:
    repo = make_repo(BARE, name="demo")
    result = run_policylint("fix", "--dry-run", "--only", "governance,maintainers", cwd=repo)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        "Would create GOVERNANCE.md\n"
        "    # demo governance\n"
        "\n"
        "    This document describes how demo is run: who takes part, who decides what, and how\n"
        "    someone takes on more responsibility. It changes through a pull request, like any "
        "other file,\n"
        "    with the agreement described under [Decision making](#decision-making).\n"
        "\n"
        "Would create MAINTAINERS.md\n"
        "    # Maintainers\n"
        "\n"
        "    The people who maintain demo are listed below: they review and merge pull requests\n"
        "    and triage issues; they handle security reports and cut releases. The "
        "[GOVERNANCE](GOVERNANCE.md)\n"
        "    document describes the role of a maintainer and how contributors become maintainers "
        "themselves.\n"
        "\n"
        "To fill in (marked [FILL IN: ...]):\n"
        "  MAINTAINERS.md:7: at least two maintainers in the table below so that the project "
        "never depends on one person\n"
        "Dry run: nothing was written.\n"
    )
    assert sorted(path.name for path in repo.iterdir()) == [".git", "LICENSE", "README.md"]


def test_an_invalid_policy_is_reported_and_nothing_is_written(make_repo: MakeRepo) -> None:
    repo = make_repo({**BARE, ".policylint.yaml": "rules: [\n"})
    result = run_policylint("fix", str(repo))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "policylint: .policylint.yaml:2:1: $: expected the node content, but found "
        "'<stream end>' (while parsing a flow node at line 2, column 1)\n"
    )
    assert not (repo / "GOVERNANCE.md").exists()


def test_a_plain_directory_is_fixed_too(make_repo: MakeRepo) -> None:
    repo = make_repo(BARE, use_git=False)
    result = run_policylint("fix", ".", "--only", "governance", cwd=repo)
    assert result.stdout == (
        "Created GOVERNANCE.md\nReview the new files, fill in what is marked, then commit them.\n"
    )


KNOWN_NAMES = "known names: contributing, code-of-conduct, security-policy, governance, maintainers"


@pytest.mark.parametrize(
    ("only", "error"),
    [
        (["readme"], f"fix --only: unknown name 'readme'; {KNOWN_NAMES}"),
        (
            ["readme,governance", "--only", "cla"],
            f"fix --only: unknown names 'readme', 'cla'; {KNOWN_NAMES}",
        ),
        ([","], f"fix --only: no name given; {KNOWN_NAMES}"),
    ],
)
def test_only_rejects_unknown_names_listing_the_known_ones(
    make_repo: MakeRepo, only: list[str], error: str
) -> None:
    repo = make_repo(BARE)
    result = run_policylint("fix", str(repo), "--only", *only)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", f"policylint: {error}\n")
    assert not (repo / "GOVERNANCE.md").exists()


@pytest.mark.parametrize(
    "only",
    [
        ["--only", "security-policy", "--only", "governance"],  # the rule ids init prints
        ["--only", "security,governance"],  # the old name of the security policy
        ["--only", " governance , security-policy,"],
    ],
)
def test_only_takes_rule_ids_repeated_or_comma_separated_before_the_path(
    make_repo: MakeRepo, only: list[str]
) -> None:
    repo = make_repo(BARE)
    result = run_policylint("fix", *only, str(repo))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith(f"Created {repo}/SECURITY.md\nCreated {repo}/GOVERNANCE.md\n")
    assert sorted(path.name for path in repo.iterdir()) == [
        ".git",
        "GOVERNANCE.md",
        "LICENSE",
        "README.md",
        "SECURITY.md",
    ]


def test_only_a_name_then_the_path_is_not_taken_for_a_name(make_repo: MakeRepo) -> None:
    repo = make_repo(BARE)
    result = run_policylint("fix", "--only", "governance", ".", cwd=repo)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "Created GOVERNANCE.md\n" + REVIEW_IN_GIT


def test_contributing_follows_the_checkouts_habits(make_repo: MakeRepo) -> None:
    towncrier = '[project]\nname = "acme-widgets"\n\n[tool.towncrier]\ndirectory = "changes"\n'
    repo = make_repo({**BARE, "pyproject.toml": towncrier})
    for subject in ("Add a widget", "Add another widget"):  # 2 of 3 commits signed off
        git(repo, "commit", "-q", "--allow-empty", "-s", "-m", subject)
    assert run_policylint("fix", str(repo), "--only", "contributing").returncode == 0
    text = (repo / "CONTRIBUTING.md").read_text()
    assert text.startswith("# Contributing to acme-widgets\n")
    assert "```sh\npython -m venv .venv\n. .venv/bin/activate\npython -m pip install -e .\n```" in (
        text
    )
    assert "## Running the tests\n\n```sh\npython -m pytest\n```\n" in text
    assert (
        "## Release notes\n\n"
        "Every change that users will notice comes with a news fragment in `changes/`, named "
        "after the\n"
        "issue or pull request and the type of change: `123.feature.md`, `456.bugfix.md`\n"
        "(`towncrier create` writes one). Write it for users: what changed for them.\n\n"
        "## Sign-off (Developer Certificate of Origin)\n"
    ) in text
    assert placeholders(text) == []


def test_contributing_without_habits_has_no_sign_off_and_asks_for_commands(
    make_repo: MakeRepo,
) -> None:
    repo = make_repo({**BARE, "go.mod": "module example.org/x\n"})
    assert run_policylint("fix", str(repo), "--only", "contributing").returncode == 0
    text = (repo / "CONTRIBUTING.md").read_text()
    assert "Sign-off" not in text
    assert "## Running the tests\n\n```sh\ngo test ./...\n```\n" in text
    assert "## Release notes\n\nSay in the pull request what changes for users" in text


def test_security_links_the_github_repository_private_reporting(make_repo: MakeRepo) -> None:
    repo = make_repo(BARE)
    git(repo, "remote", "add", "origin", "git@github.com:acme/widgets.git")
    assert run_policylint("fix", str(repo), "--only", "security-policy").returncode == 0
    text = (repo / "SECURITY.md").read_text()
    assert (
        "- through GitHub's private vulnerability reporting:\n"
        "  <https://github.com/acme/widgets/security/advisories/new>, or\n"
        "- by email to [FILL IN: a private address for security reports, for example "
        "security@example.org].\n"
    ) in text
    assert [mark.line for mark in placeholders(text)] == [10]


def test_the_maintainers_file_names_nobody_until_filled_in(make_repo: MakeRepo) -> None:
    from policylint.conventions.maintainers import listed_identities
    from policylint.facts.repo import Repo

    repo = make_repo(BARE)
    assert run_policylint("fix", str(repo), "--only", "maintainers").returncode == 0
    path = repo / "MAINTAINERS.md"
    assert listed_identities(Repo(repo, untracked=True), ("MAINTAINERS.md",)) == frozenset()
    rows = "| Ada Lovelace | @ada | ada@example.org | core |\n| Grace Hopper | @grace | | docs |\n"
    path.write_text(path.read_text().replace("| ----- |\n", "| ----- |\n" + rows))
    assert listed_identities(Repo(repo, untracked=True), ("MAINTAINERS.md",)) == {
        "ada lovelace",
        "@ada",
        "ada@example.org",
        "grace hopper",
        "@grace",
    }


def test_code_of_conduct_points_to_the_covenant_without_copying_it(make_repo: MakeRepo) -> None:
    repo = make_repo(BARE)
    assert run_policylint("fix", str(repo), "--only", "code-of-conduct").returncode == 0
    text = (repo / "CODE_OF_CONDUCT.md").read_text()
    assert "https://www.contributor-covenant.org/version/2/1/code_of_conduct/" in text
    assert "Our Pledge" not in text
    assert len(text) < 1500


def test_governance_covers_roles_decisions_and_maintainership(make_repo: MakeRepo) -> None:
    repo = make_repo(BARE)
    assert run_policylint("fix", str(repo), "--only", "governance").returncode == 0
    headings = [
        line for line in (repo / "GOVERNANCE.md").read_text().splitlines() if line[:1] == "#"
    ]
    assert headings == [
        f"# {repo.name} governance",
        "## Roles and responsibilities",
        "### Users",
        "### Contributors",
        "### Maintainers",
        "## Decision making",
        "## Becoming a maintainer",
        "## Stepping down",
        "## Code of conduct",
    ]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"pyproject.toml": '[project]\nname = "acme"\n'}, "acme"),
        ({"package.json": '{"name": "@acme/widgets"}'}, "@acme/widgets"),
        ({"package.json": "not json"}, "dirname"),
        ({"pyproject.toml": '[project]\nname = "<b>`x`</b>\\n# evil"\n'}, "b x /b evil"),
        ({}, "dirname"),
    ],
)
def test_project_name_comes_from_settings_or_the_directory(
    make_repo: MakeRepo, files: dict[str, str], expected: str
) -> None:
    repo = make_repo(files, name="dirname", use_git=False)
    assert project_name(str(repo)) == expected


def test_heading_text_keeps_nothing_that_starts_markdown() -> None:
    assert heading_text("x\n# y [z](javascript:1) *w* _v_") == "x y z javascript 1 w _v"
    assert heading_text("###") == ""
    assert heading_text("a" * 200) == "a" * 80


def test_every_template_fills_every_value_and_keeps_markers_findable() -> None:
    from policylint.scaffold.templates import fill

    values: dict[str, str] = {
        "project": "P",
        "setup": "S",
        "test": "T",
        "release_notes": "R",
        "signoff": "",
        "report_channel": "- C",
        **{f"link:{name}": t.path for t in TEMPLATES for name in t.names},
    }
    for template in TEMPLATES:
        text = fill(template, values)
        assert "{{" not in text and "}}" not in text
        assert "\n\n\n" not in text and text.endswith("\n") and not text.endswith("\n\n")
        assert all(mark.what and "\n" not in mark.what for mark in placeholders(text))
