"""``policylint init``: a .policylint.yaml that fits the checkout, validates, and runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import policylint
from policylint.facts.repo import Repo
from policylint.scaffold.detect import CommitSample, ReleaseNotes, detect, sample_commits
from policylint.scaffold.packs import RELEASE_NOTE_PACKS, available_packs
from tests.helpers.cli import run_policylint
from tests.helpers.repos import MakeRepo, git

BARE = {"README.md": "# demo\n"}
REVIEW_IN_GIT = (
    "Review it, then run `policylint check`: it counts only files git tracks, so `git add` the "
    "files you create (or pass `--untracked`).\n"
)
NOT_OVERWRITTEN = (
    "already exists; init never overwrites it without --force "
    "(--stdout prints the configuration it would write)"
)


def extends_line(pack: str) -> str:
    """How the config names ``pack``: enabled when this policylint ships it, else commented
    out (with a note in the comment above)."""
    if pack in available_packs():
        return f"  - builtin:{pack}"
    return f"  # - builtin:{pack}"


def prose(config: str) -> str:
    """The comments of a config as one line of text (they are wrapped at 99 columns)."""
    comments = [line.strip() for line in config.splitlines() if line.strip().startswith("# ")]
    return " ".join(line.removeprefix("# ") for line in comments)


def commit(repo: Path, subject: str, *, sign_off: bool = False) -> None:
    git(repo, "commit", "-q", "--allow-empty", *(["-s"] if sign_off else []), "-m", subject)


def test_init_on_a_bare_checkout_writes_a_config_that_validates_and_checks(
    make_repo: MakeRepo,
) -> None:
    repo = make_repo(BARE)
    result = run_policylint("init", str(repo))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        f"Wrote {repo}/.policylint.yaml: extends builtin:recommended.\n"
        "Missing community files: license, contributing, code-of-conduct, security-policy, "
        "governance, maintainers, changelog.\n"
        "`policylint fix` creates CONTRIBUTING.md, CODE_OF_CONDUCT.md, SECURITY.md, "
        "GOVERNANCE.md, MAINTAINERS.md from templates.\n" + REVIEW_IN_GIT
    )
    config = repo / ".policylint.yaml"
    valid = run_policylint("validate", str(config))
    assert (valid.returncode, valid.stdout, valid.stderr) == (0, "1 policy file(s) valid\n", "")
    checked = run_policylint("check", str(repo), "--format", "json")
    assert (checked.returncode, checked.stderr) == (1, "")  # no LICENSE: an error
    document = json.loads(checked.stdout)
    assert document["policy"]["sources"][:2] == [".policylint.yaml", "builtin:recommended"]
    statuses = {rule["id"]: rule["status"] for rule in document["rules"]}
    assert statuses["readme"] == "pass"
    assert statuses["license"] == "fail"


def test_outside_git_or_with_nothing_missing_init_says_nothing_of_git_add(
    make_repo: MakeRepo,
) -> None:
    plain = make_repo(BARE, use_git=False)
    result = run_policylint("init", str(plain))
    assert result.stdout.endswith("from templates.\nReview it, then run `policylint check`.\n")
    names = ("LICENSE", "CONTRIBUTING.md", "CODE_OF_CONDUCT.md", "SECURITY.md", "GOVERNANCE.md")
    complete = make_repo(
        {**BARE, "MAINTAINERS.md": "# M\n", "CHANGELOG.md": "# C\n", **dict.fromkeys(names, "x\n")}
    )
    result = run_policylint("init", str(complete))
    assert result.stdout == (
        f"Wrote {complete}/.policylint.yaml: extends builtin:recommended, "
        "builtin:release-notes-changelog, builtin:governance.\n"
        "Review it, then run `policylint check`.\n"
    )


def test_the_config_explains_its_choices_and_comments_out_examples(make_repo: MakeRepo) -> None:
    text = run_policylint("init", str(make_repo(BARE, name="my-lib")), "--stdout").stdout
    lines = text.splitlines()
    assert lines[:9] == [
        "# yaml-language-server: $schema=https://raw.githubusercontent.com/policylint/policylint/"
        f"v{policylint.__version__}/schemas/policy.schema.json",
        "# policylint configuration for my-lib, written by `policylint init`.",
        "# `policylint check` applies it; `policylint rules` lists the rules it enables and",
        "# `policylint explain RULE` tells why each one matters and how to pass it.",
        "apiVersion: policylint/v1",
        "",
        "extends:",
        "  # The default policy: the community files every project needs, and pull-request "
        "hygiene.",
        "  - builtin:recommended",
    ]
    assert "  # No carried patches (patches/, debian/patches/); if you carry some, enable:" in lines
    assert "  # - builtin:upstream-first" in lines
    assert "#   readme           found README.md" in lines
    assert "#   governance       missing" in lines
    assert lines[lines.index("fail-on: error") - 1] == (
        "# The lowest severity that makes `policylint check` fail: error, warning, note or never."
    )
    assert lines[-12:] == [
        "# rules:",
        "#   changelog:",
        "#     severity: error",
        "#   governance: off",
        "",
        "# A finding you accept, with the reason, until `expires` (YYYY-MM-DD) and who owns it.",
        "# It is still reported, as exempted; after the date it counts again.",
        "# exemptions:",
        "#   - rule: security-policy",
        "#     reason: Vulnerability reports go through the foundation's process (see README).",
        "#     expires: 2026-12-31",
        '#     owner: "@maintainer"',
    ]


def test_the_commented_examples_are_valid_once_uncommented(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    repo = make_repo(BARE)
    text = run_policylint("init", str(repo), "--stdout").stdout
    head, examples = text.split("fail-on: error\n", 1)
    yaml_lines = [line for line in examples.splitlines() if not line[2:3].isupper()]  # no prose
    uncommented = "\n".join(line.removeprefix("# ") for line in yaml_lines)
    assert uncommented.count("\n") == 10, uncommented
    (repo / ".policylint.yaml").write_text(head + uncommented)
    valid = run_policylint("validate", str(repo / ".policylint.yaml"))
    assert (valid.returncode, valid.stderr) == (0, "")


def test_init_never_overwrites_an_existing_config_without_force(make_repo: MakeRepo) -> None:
    repo = make_repo({**BARE, ".policylint.yml": "fail-on: never\n"})
    refused = run_policylint("init", str(repo))
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr == f"policylint: {repo}/.policylint.yml {NOT_OVERWRITTEN}\n"
    assert (repo / ".policylint.yml").read_text() == "fail-on: never\n"
    printed = run_policylint("init", str(repo), "--stdout")
    assert printed.returncode == 0
    assert printed.stdout.startswith("# yaml-language-server: $schema=https://")
    assert (repo / ".policylint.yml").read_text() == "fail-on: never\n"
    forced = run_policylint("init", str(repo), "--force")
    assert forced.returncode == 0, forced.stderr
    assert forced.stdout.startswith(f"Wrote {repo}/.policylint.yml: extends builtin:recommended.")
    assert (repo / ".policylint.yml").read_text() == printed.stdout
    assert not (repo / ".policylint.yaml").exists()  # the one config file, not a second


def test_init_defaults_to_the_work_tree_and_names_paths_relative_to_it(
    make_repo: MakeRepo,
) -> None:
    repo = make_repo({**BARE, "docs/guide.md": "# Guide\n"})
    result = run_policylint("init", cwd=repo / "docs")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Wrote ../.policylint.yaml: extends builtin:recommended.\n")
    assert (repo / ".policylint.yaml").is_file()
    again = run_policylint("init", cwd=repo)
    assert again.stderr == f"policylint: .policylint.yaml {NOT_OVERWRITTEN}\n"


def test_init_names_the_file_under_the_path_given(make_repo: MakeRepo) -> None:
    repo = make_repo(BARE, use_git=False)
    result = run_policylint("init", ".", cwd=repo)
    assert result.stdout.startswith("Wrote .policylint.yaml: extends builtin:recommended.\n")


def test_init_of_a_path_that_is_no_directory_is_a_usage_error(tmp_path: Path) -> None:
    result = run_policylint("init", str(tmp_path / "missing"))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"policylint: {tmp_path / 'missing'}: not a directory\n"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"releasenotes/notes/fix-1234.yaml": "fixes: [x]\n"}, ("reno", "releasenotes/notes/")),
        ({"newsfragments/12.bugfix.md": "Fixed.\n"}, ("towncrier", "newsfragments/")),
        ({"changelog.d/12.added.md": "Added.\n"}, ("towncrier", "changelog.d/")),
        ({".changeset/config.json": "{}\n"}, ("changesets", ".changeset/")),
        (
            {"changelogs/fragments/12-fix.yml": "bugfixes: [x]\n"},
            ("fragments", "changelogs/fragments/"),
        ),
        ({"changelogs/config.yaml": "title: x\n"}, ("fragments", "changelogs/config.yaml")),
        ({"CHANGES.rst": "1.0\n"}, ("changelog", "CHANGES.rst")),
        ({"docs/history.md": "# 1.0\n"}, ("changelog", "docs/history.md")),
        ({"NEWS": "1.0\n"}, ("changelog", "NEWS")),
    ],
)
def test_release_note_styles_are_recognised(
    make_repo: MakeRepo, files: dict[str, str], expected: tuple[str, str]
) -> None:
    layout = detect(Repo(make_repo({**BARE, **files})))
    assert layout.release_notes == (ReleaseNotes(*expected),)


def test_towncrier_settings_name_the_fragment_directory(make_repo: MakeRepo) -> None:
    pyproject = '[project]\nname = "x"\n\n[tool.towncrier]\ndirectory = "changes"  # here\n'
    layout = detect(Repo(make_repo({**BARE, "pyproject.toml": pyproject})))
    assert layout.release_notes == (
        ReleaseNotes("towncrier", "[tool.towncrier] in pyproject.toml", "changes/"),
    )
    broken = detect(Repo(make_repo({**BARE, "pyproject.toml": "[tool.towncrier\n"})))
    assert broken.release_notes == ()


def test_prow_style_needs_owners_and_a_release_note_block(make_repo: MakeRepo) -> None:
    template = "Fixes #\n\n```release-note\nNONE\n```\n"
    both = {**BARE, "OWNERS": "approvers: [ada]\n", ".github/PULL_REQUEST_TEMPLATE.md": template}
    assert detect(Repo(make_repo(both))).release_notes == (
        ReleaseNotes("prow", "OWNERS and a release-note block in .github/PULL_REQUEST_TEMPLATE.md"),
    )
    no_block = {**both, ".github/PULL_REQUEST_TEMPLATE.md": "Fixes #\n"}
    assert detect(Repo(make_repo(no_block))).release_notes == ()


def test_fragments_are_preferred_to_the_changelog_they_are_built_into(
    make_repo: MakeRepo,
) -> None:
    files = {**BARE, "NEWS.rst": "1.0\n", "newsfragments/.gitignore": "!.gitignore\n"}
    found = detect(Repo(make_repo(files))).release_notes
    assert [notes.style for notes in found] == ["towncrier", "changelog"]


def test_commit_habits_are_sampled_from_recent_non_merge_commits(make_repo: MakeRepo) -> None:
    repo = make_repo(BARE)  # "initial commit": neither signed off nor conventional
    commit(repo, "feat(api): add a thing", sign_off=True)
    commit(repo, "fix!: drop the old thing", sign_off=True)
    commit(repo, "Docs: not a conventional type")
    assert sample_commits(str(repo), limit=2) == CommitSample(2, 1, 1)  # the newest two
    git(repo, "checkout", "-q", "-b", "side")
    commit(repo, "chore: on a branch", sign_off=True)
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "-m", "Merge branch side", "side")
    assert sample_commits(str(repo)) == CommitSample(total=5, signed_off=3, conventional=3)
    assert sample_commits(str(make_repo({}))) == CommitSample(0, 0, 0)  # no commit yet
    assert sample_commits(str(make_repo(BARE, use_git=False))) == CommitSample(0, 0, 0)


def test_a_checkout_with_habits_gets_their_packs(make_repo: MakeRepo) -> None:
    repo = make_repo(
        {
            **BARE,
            "releasenotes/notes/first-abc.yaml": "features: [x]\n",
            "patches/0001-fix-build.patch": "Forwarded: no\n---\n",
            "GOVERNANCE.md": "# Governance\n",
        }
    )
    for number in range(3):
        commit(repo, f"feat: change {number}", sign_off=True)
    result = run_policylint("init", str(repo))
    assert result.returncode == 0, result.stderr
    text = (repo / ".policylint.yaml").read_text()
    lines = text.splitlines()
    for pack in ("release-notes-reno", "governance", "dco", "conventional-commits"):
        assert extends_line(pack) in lines
    explained = prose(text)
    for reason in (
        "Found releasenotes/notes/: reno-style release notes (a YAML note per change).",
        "Found GOVERNANCE.md: its roles, decision making and maintainers are checked.",
        "3 of 4 recent commits carry a Signed-off-by trailer: every commit must.",
        "3 of 4 recent commits follow Conventional Commits: every commit must.",
        "Found carried patches in patches/: each must say where it went upstream and when it "
        "is dropped.",
    ):
        assert reason in explained
    assert "  - builtin:upstream-first" in lines
    valid = run_policylint("validate", str(repo / ".policylint.yaml"))
    assert (valid.returncode, valid.stderr) == (0, "")
    checked = run_policylint("check", str(repo))
    assert checked.returncode in (0, 1)
    assert checked.stderr == ""


def test_a_codeowners_file_adds_a_rule_that_runs_on_changes(make_repo: MakeRepo) -> None:
    repo = make_repo({**BARE, ".github/CODEOWNERS": "* @ada\n"})
    text = run_policylint("init", str(repo), "--stdout").stdout
    assert (
        "rules:\n"
        "  # Found .github/CODEOWNERS: every file a change touches needs an owner in it.\n"
        "  changed-files-have-owners:\n"
        "    kind: codeowners\n"
        "    title: Every changed file has a code owner\n"
        "    severity: warning\n"
    ) in text
    (repo / ".policylint.yaml").write_text(text)
    checked = run_policylint("check", str(repo), "--format", "json")
    assert checked.stderr == ""
    outcomes = {rule["id"]: rule for rule in json.loads(checked.stdout)["rules"]}
    assert outcomes["changed-files-have-owners"]["status"] == "skipped"


def test_untrusted_file_names_stay_inside_comments(make_repo: MakeRepo) -> None:
    name = "CHANGES\nfail-on: never\n- builtin:evil.md"
    repo = make_repo({**BARE, name: "1.0\n"})
    text = run_policylint("init", str(repo), "--stdout").stdout
    escaped = "CHANGES\\nfail-on: never\\n- builtin:evil.md"
    assert f"#   changelog        found {escaped}" in text.splitlines()
    assert "fail-on: never" not in text.replace(escaped, "")
    (repo / ".policylint.yaml").write_text(text)
    valid = run_policylint("validate", str(repo / ".policylint.yaml"))
    assert (valid.returncode, valid.stderr) == (0, "")


@pytest.mark.parametrize("style", sorted(RELEASE_NOTE_PACKS))
def test_every_release_note_style_gives_a_config_that_loads(
    make_repo: MakeRepo, style: str
) -> None:
    files = {
        "reno": {"releasenotes/notes/a-1.yaml": "fixes: [x]\n"},
        "towncrier": {"pyproject.toml": '[tool.towncrier]\ndirectory = "changes"\n'},
        "changesets": {".changeset/brave-dogs.md": "---\n---\nx\n"},
        "fragments": {"changelogs/fragments/1-x.yml": "bugfixes: [x]\n"},
        "prow": {
            "OWNERS": "approvers: [ada]\n",
            "pull_request_template.md": "```release-note\n```\n",
        },
        "changelog": {"CHANGELOG.md": "# Changelog\n"},
    }[style]
    repo = make_repo({**BARE, **files})
    assert run_policylint("init", str(repo)).returncode == 0
    valid = run_policylint("validate", str(repo / ".policylint.yaml"))
    assert (valid.returncode, valid.stderr) == (0, "")
    assert extends_line(RELEASE_NOTE_PACKS[style]) in (
        (repo / ".policylint.yaml").read_text().splitlines()
    )
    checked = run_policylint("check", str(repo))
    assert (checked.returncode in (0, 1), checked.stderr) == (True, "")


def test_packs_this_policylint_lacks_are_noted_or_left_out() -> None:
    from policylint.scaffold.config_plan import Entry, plan_entries
    from policylint.scaffold.detect import Layout

    layout = Layout(
        release_notes=(ReleaseNotes("fragments", "changelogs/fragments/"),),
        commits=CommitSample(total=4, signed_off=3, conventional=1),
        codeowners=None,
        patches=(),
    )
    lacking = plan_entries(layout, [], frozenset({"recommended"}))
    assert lacking == [
        Entry(
            "recommended",
            "The default policy: the community files every project needs, and pull-request "
            "hygiene.",
            True,
        ),
        Entry(
            "release-notes-changelog",
            "Found changelogs/fragments/: Ansible-style changelog fragments (a YAML fragment per "
            "change). This policylint ships no such pack yet.",
            False,
        ),
        Entry(
            "dco",
            "3 of 4 recent commits carry a Signed-off-by trailer: every commit must. This "
            "policylint ships no such pack yet.",
            False,
        ),
    ]
    everything = frozenset(
        {"recommended", "release-notes-changelog", "dco", "conventional-commits", "governance"}
        | {"upstream-first"}
    )
    assert [(e.pack, e.enabled) for e in plan_entries(layout, [], everything)] == [
        ("recommended", True),
        ("release-notes-changelog", True),
        ("governance", False),
        ("dco", True),
        ("conventional-commits", False),
        ("upstream-first", False),
    ]


def test_the_towncrier_pack_reads_the_projects_configuration(make_repo: MakeRepo) -> None:
    pyproject = (
        '[tool.towncrier]\ndirectory = "changes"\n\n'
        '[[tool.towncrier.type]]\ndirectory = "security"\nname = "Security"\n'
    )
    repo = make_repo({**BARE, "pyproject.toml": pyproject, "src/app.py": "x = 1\n"})
    assert run_policylint("init", str(repo)).returncode == 0
    text = (repo / ".policylint.yaml").read_text()
    assert "params:" not in text
    assert "\nrules:" not in text
    assert (
        "Found [tool.towncrier] in pyproject.toml (fragments in changes/): towncrier news "
        "fragments (a fragment per change). The pack reads the project's own configuration in "
        "pyproject.toml."
    ) in prose(text)
    git(repo, "add", ".policylint.yaml")
    git(repo, "commit", "-q", "-m", "policy")
    git(repo, "checkout", "-q", "-b", "change")
    (repo / "src" / "app.py").write_text("x = 2\n")
    git(repo, "commit", "-q", "-am", "change x")
    without = rule_outcomes(repo, "--base", "main")
    assert without["release-note"] == "fail"
    (repo / "changes").mkdir()
    (repo / "changes" / "12.security.md").write_text("x is 2.\n")
    git(repo, "add", "changes")
    git(repo, "commit", "-q", "-m", "fragment")
    with_fragment = rule_outcomes(repo, "--base", "main")
    assert with_fragment["release-note"] == with_fragment["release-note-names"] == "pass"


def test_a_changelog_that_recent_code_changes_ignore_is_not_required(make_repo: MakeRepo) -> None:
    repo = make_repo({**BARE, "CHANGELOG.md": "# Changes\n", "src/app.py": "x = 0\n"})
    for number in range(1, 5):
        (repo / "src" / "app.py").write_text(f"x = {number}\n")
        git(repo, "commit", "-q", "-am", f"change x to {number}")
    text = run_policylint("init", str(repo), "--stdout").stdout
    assert (
        "Found CHANGELOG.md: a changelog file that each change updates. Only 0 of the last 4 "
        "changes to code touched the release notes, so the pack would fail most changes; to "
        "require notes from now on, enable:"
    ) in prose(text)
    assert "  # - builtin:release-notes-changelog\n" in text


def test_a_changelog_that_most_code_changes_update_is_required(make_repo: MakeRepo) -> None:
    repo = make_repo({**BARE, "CHANGELOG.md": "# Changes\n", "src/app.py": "x = 0\n"})
    for number in range(1, 4):
        (repo / "src" / "app.py").write_text(f"x = {number}\n")
        (repo / "CHANGELOG.md").write_text(f"# Changes\n\n- x is {number}\n")
        git(repo, "commit", "-q", "-am", f"change x to {number}")
    (repo / "src" / "app.py").write_text("x = 9\n")
    git(repo, "commit", "-q", "-am", "change x quietly")
    text = run_policylint("init", str(repo), "--stdout").stdout
    assert (
        "Found CHANGELOG.md: a changelog file that each change updates. 3 of the last 4 "
        "changes to code touched the release notes: every change must."
    ) in prose(text)
    assert "  - builtin:release-notes-changelog\n" in text


def rule_outcomes(repo: Path, *args: str) -> dict[str, str]:
    result = run_policylint("check", str(repo), "--format", "json", *args)
    assert result.stderr == ""
    return {rule["id"]: rule["status"] for rule in json.loads(result.stdout)["rules"]}


def test_the_docs_example_is_what_init_and_fix_print(make_repo: MakeRepo) -> None:
    import re

    from tests.helpers.paths import ROOT

    docs = (ROOT / "docs" / "init-and-fix.md").read_text(encoding="utf-8")
    example = re.search(r"```console\n(.*?)```", docs, re.DOTALL)
    assert example is not None
    pyproject = '[project]\nname = "example"\n\n[tool.towncrier]\ndirectory = "changes"\n'
    repo = make_repo(
        {
            "README.md": "# example\n",
            "LICENSE": "MIT\n",
            "pyproject.toml": pyproject,
            "changes/.gitkeep": "",
            "CHANGES.md": "# Changes\n",
        }
    )
    git(repo, "commit", "-q", "--amend", "-s", "-m", "Initial import")
    commit(repo, "Add the parser", sign_off=True)
    printed = [
        f"$ policylint {command}\n" + run_policylint(command, cwd=repo).stdout
        for command in ("init", "fix")
    ]
    assert example.group(1) == "\n".join(printed)


def test_init_writes_dated_exemptions_with_their_owner(make_repo: MakeRepo) -> None:
    import json

    from tests.helpers.cli import run_policylint

    repo = make_repo({"README.md": "# demo\n\nA demonstration project.\n"})
    args = ("--exempt", "governance", "--exempt", "maintainers", "--reason", "Being written: #12")
    proc = run_policylint("init", str(repo), *args, "--expires", "2099-03-31", "--owner", "@ada")
    assert (proc.returncode, proc.stderr) == (0, "")
    text = (repo / ".policylint.yaml").read_text()
    assert text.endswith(
        "exemptions:\n"
        "  - rule: governance\n"
        '    reason: "Being written: #12"\n'
        '    expires: "2099-03-31"\n'
        '    owner: "@ada"\n'
        "  - rule: maintainers\n"
        '    reason: "Being written: #12"\n'
        '    expires: "2099-03-31"\n'
        '    owner: "@ada"\n'
    )
    document = json.loads(run_policylint("check", str(repo), "--format", "json").stdout)
    assert [(e["rule"], e["expires"], e["owner"]) for e in document["exemptions"]] == [
        ("governance", "2099-03-31", "@ada"),
        ("maintainers", "2099-03-31", "@ada"),
    ]


def test_init_refuses_an_exemption_it_cannot_write_whole(make_repo: MakeRepo) -> None:
    from tests.helpers.cli import run_policylint

    repo = make_repo({"README.md": "# demo\n"})
    cases = [
        (("--exempt", "governance"), "--exempt needs --reason: every exemption says why"),
        (("--exempt", "governance", "--reason", "x", "--expires", "2026-02-30"),
         "--expires '2026-02-30': not a date (YYYY-MM-DD)"),
        (("--expires", "2026-03-31"),
         "--reason, --expires and --owner describe an exemption: add --exempt RULE"),
    ]  # fmt: skip
    for args, message in cases:
        proc = run_policylint("init", str(repo), *args)
        assert (proc.returncode, proc.stdout, proc.stderr) == (2, "", f"policylint: {message}\n")
        assert not (repo / ".policylint.yaml").exists()
