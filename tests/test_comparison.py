"""A change is judged on what it introduces: pre-existing findings are one line, new ones fail.

Real git repositories, the real console script, and pull requests as GitHub Actions describes
them (an event file), so the base the repository rules also run on is the one CI gives.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.helpers.cli import run_policylint
from tests.helpers.repos import MakeRepo, commit, git

POLICY = """\
rules:
  license:
    kind: file-exists
    title: The project has a license file
    severity: error
    options: {globs: ["license*"]}
  governance:
    kind: file-exists
    title: Governance is written down
    severity: error
    options: {globs: ["governance*"]}
  tests-with-code:
    kind: co-change
    title: Code changes come with tests
    severity: error
    options: {if-changed: ["src/**"], require-changed: ["tests/**"]}
    skip: {labels: [no-tests-needed], markers: ["[skip tests]"], trailers: [No-Tests]}
"""
PROJECT = {
    ".policylint.yaml": POLICY,
    "README.md": "# p\n",
    "LICENSE": "MIT\n",
    "src/app.py": "x = 1\n",
    "tests/test_app.py": "def test(): pass\n",
}
PREEXISTING = (
    "1 pre-existing finding was already there before {change} (not listed, not "
    "failing it): `policylint check` lists them, as does --all-findings"
)


@pytest.fixture
def project(make_repo: MakeRepo) -> Path:
    """main lacks GOVERNANCE.md (an error); the branch `feature` starts from it."""
    repo = make_repo(PROJECT)
    git(repo, "switch", "-q", "-c", "feature")
    return repo


def pull_request(repo: Path, tmp_path: Path, *, title: str = "fix: change x") -> dict[str, str]:
    """The environment of a GitHub Actions pull_request run for ``feature`` into ``main``."""
    event = {
        "number": 7,
        "pull_request": {
            "number": 7,
            "title": title,
            "body": "Changes x.",
            "labels": [],
            "user": {"login": "ada", "type": "User"},
            "draft": False,
            "base": {"ref": "main", "sha": rev(repo, "main"), "repo": {"full_name": "o/p"}},
            "head": {"ref": "feature", "sha": rev(repo, "feature"), "repo": {"full_name": "o/p"}},
        },
    }
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "CI_"))}
    return {
        **clean,
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(path),
    }


def rev(repo: Path, name: str) -> str:
    return git(repo, "rev-parse", name).strip()


def sarif_results(text: str) -> list[tuple[str, str | None, str]]:
    results = json.loads(text)["runs"][0]["results"]
    return [(r["ruleId"], r.get("baselineState"), r["level"]) for r in results]


def test_a_pull_request_with_code_and_tests_passes_with_one_line(
    project: Path, tmp_path: Path
) -> None:
    commit(project, {"src/app.py": "x = 2\n", "tests/test_app.py": "# x\n"}, "fix: change x")
    env = pull_request(project, tmp_path)
    proc = run_policylint("check", cwd=project, env=env)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == (
        PREEXISTING.format(change="this pull request (into main)")
        + "\npassed: no findings; 1 pre-existing (not listed); 2 rules passed, 0 skipped, "
        "0 exempted (policy: .policylint.yaml)\n"
    )
    sarif = run_policylint("check", "-f", "sarif", cwd=project, env=env)
    assert sarif.returncode == 0
    assert sarif_results(sarif.stdout) == [("governance", "unchanged", "error")]


def test_a_pull_request_deleting_the_license_fails_on_license_alone(
    project: Path, tmp_path: Path
) -> None:
    git(project, "rm", "-q", "LICENSE")
    git(project, "commit", "-q", "-m", "chore: drop the license")
    env = pull_request(project, tmp_path, title="chore: drop the license")
    proc = run_policylint("check", cwd=project, env=env)
    assert (proc.returncode, proc.stderr) == (1, "")
    assert proc.stdout == (
        "repository\n"
        "  error license: No file matching license* in the repository root, .github/ or docs/\n"
        "\n"
        + PREEXISTING.format(change="this pull request (into main)")
        + "\nfailed: 1 error (license); 1 pre-existing (not listed); 1 rule passed, 0 skipped, "
        "0 exempted (policy: .policylint.yaml)\n"
    )
    sarif = run_policylint("check", "-f", "sarif", cwd=project, env=env)
    assert sarif.returncode == 1
    assert sarif_results(sarif.stdout) == [
        ("governance", "unchanged", "error"),
        ("license", "new", "error"),
    ]


def test_a_change_that_fixes_a_finding_reports_it_absent(project: Path, tmp_path: Path) -> None:
    commit(project, {"GOVERNANCE.md": "# Governance\n"}, "docs: governance")
    env = pull_request(project, tmp_path, title="docs: governance")
    proc = run_policylint("check", "-f", "json", cwd=project, env=env)
    assert proc.returncode == 0
    document = json.loads(proc.stdout)
    assert document["findings"] == []
    assert document["comparison"] == {
        "base": rev(project, "main"),
        "change": "this pull request (into main)",
        "absent": [
            {
                "rule": "governance",
                "severity": "error",
                "status": "fail",
                "message": "No file matching governance* in the repository root, .github/ or docs/",
                "path": None,
                "line": None,
                "fingerprint": document["comparison"]["absent"][0]["fingerprint"],
                "state": "absent",
                "blocking": False,
            }
        ],
    }
    assert document["summary"]["absent"] == 1
    sarif = json.loads(run_policylint("check", "-f", "sarif", cwd=project, env=env).stdout)
    (result,) = sarif["runs"][0]["results"]
    assert (result["ruleId"], result["baselineState"], result["kind"], result["level"]) == (
        "governance",
        "absent",
        "pass",
        "none",
    )


def test_all_findings_shows_and_counts_everything(project: Path) -> None:
    commit(project, {"src/app.py": "x = 2\n", "tests/test_app.py": "# x\n"}, "fix: change x")
    proc = run_policylint("check", "--base", "main", "--all-findings", cwd=project)
    assert proc.returncode == 1
    assert proc.stdout.startswith(
        "repository\n  error governance: No file matching governance* in the repository root, "
        ".github/ or docs/\n"
    )
    document = json.loads(
        run_policylint(
            "check", "--base", "main", "--all-findings", "-f", "json", cwd=project
        ).stdout
    )
    (finding,) = document["findings"]
    assert (finding["rule"], finding["state"], finding["blocking"]) == (
        "governance",
        "unchanged",
        True,
    )
    assert document["failed"] is True


def test_a_repository_scoped_rule_fails_whenever_it_fails(project: Path) -> None:
    scoped = POLICY.replace(
        '    options: {globs: ["governance*"]}\n',
        '    options: {globs: ["governance*"]}\n    scope: repository\n',
    )
    git(project, "switch", "-q", "main")
    commit(project, {".policylint.yaml": scoped}, "chore: governance gates every change")
    git(project, "switch", "-q", "feature")
    git(project, "reset", "-q", "--hard", "main")
    commit(project, {"src/app.py": "x = 2\n", "tests/test_app.py": "# x\n"}, "fix: change x")
    proc = run_policylint("check", "--base", "main", cwd=project)
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[:2] == [
        "repository",
        "  error governance: No file matching governance* in the repository root, "
        ".github/ or docs/",
    ]


def test_the_staged_change_is_judged_against_head(make_repo: MakeRepo) -> None:
    repo = make_repo(PROJECT)
    (repo / "src" / "app.py").write_text("x = 3\n")
    (repo / "tests" / "test_app.py").write_text("# more\n")
    git(repo, "add", "-A")
    passed = run_policylint("check", "--staged", cwd=repo)
    assert passed.returncode == 0, passed.stdout
    assert "1 pre-existing finding was already there before the staged change" in passed.stdout
    git(repo, "rm", "-q", "--cached", "LICENSE")
    (repo / "LICENSE").unlink()
    blocked = run_policylint("check", "--staged", cwd=repo)
    assert blocked.returncode == 1
    assert blocked.stdout.startswith(
        "repository\n  error license: No file matching license* in the repository root, "
        ".github/ or docs/\n"
    )


def test_before_the_first_commit_everything_is_new(make_repo: MakeRepo) -> None:
    repo = make_repo({**PROJECT, "src/app.py": "x = 1\n"}, commit=False)
    proc = run_policylint("check", "--staged", "-f", "json", cwd=repo)
    document = json.loads(proc.stdout)
    assert proc.returncode == 1
    assert [(f["rule"], f["state"]) for f in document["findings"]] == [("governance", "new")]
    assert document["comparison"]["base"] is None


def test_with_a_policy_ref_the_base_policy_judges_both_sides(project: Path) -> None:
    loosened = POLICY.replace('globs: ["license*"]', 'globs: ["nothing-matches*"]')
    git(project, "rm", "-q", "LICENSE")
    commit(project, {".policylint.yaml": loosened}, "chore: loosen the gate")
    own = run_policylint("check", "--base", "main", cwd=project)
    assert own.returncode == 0, own.stdout  # the branch's policy: its finding is pre-existing
    trusted = run_policylint("check", "--base", "main", "--policy-ref", "main", cwd=project)
    assert trusted.returncode == 1
    assert trusted.stdout.startswith(
        "repository\n  error license: No file matching license* in the repository root, "
        ".github/ or docs/\n"
    )


def test_a_baseline_still_works_alongside(project: Path) -> None:
    commit(project, {"src/app.py": "x = 2\n"}, "fix: change x")  # no test: a new finding
    assert run_policylint("check", "--write-baseline", "bl.json", cwd=project).returncode == 0
    proc = run_policylint("check", "--base", "main", "--baseline", "bl.json", cwd=project)
    assert proc.returncode == 1  # the co-change finding is not in a baseline of a plain check
    assert proc.stdout.splitlines()[:2] == [
        "src/app.py",
        "  error tests-with-code: src/app.py changed, but no file matching tests/** changed "
        "(1 required)",
    ]
    assert "1 finding baselined in bl.json (not listed)" in proc.stdout.splitlines()
