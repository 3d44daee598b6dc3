"""The CI gate end to end: the real console script on real git branches, as CI runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.cli import run_policylint
from tests.helpers.paths import CHECK_SARIF, fixture_policy
from tests.helpers.repos import MakeRepo, commit, git

POLICY = fixture_policy("gate.yaml")


run = run_policylint


@pytest.fixture
def branch(make_repo: MakeRepo) -> Path:
    """main with the policy, and a branch `feature` that changes src/ without tests."""
    repo = make_repo({".policylint.yaml": POLICY, "README.md": "# p\n", "src/app.py": "x = 1\n"})
    git(repo, "switch", "-q", "-c", "feature")
    commit(repo, {"src/app.py": "x = 2\n"}, "fix: change x")
    return repo


def outcomes(proc: subprocess.CompletedProcess[str]) -> dict[str, str]:
    assert proc.stderr == "", proc.stderr
    return {rule["id"]: rule["status"] for rule in json.loads(proc.stdout)["rules"]}


def test_code_without_tests_fails_then_passes_with_a_test(branch: Path) -> None:
    failed = run("check", "--base", "main", "--format", "json", cwd=branch)
    assert failed.returncode == 1
    assert outcomes(failed) == {
        "tests-with-code": "fail", "signed-off": "pass", "title-style": "skipped",
    }  # fmt: skip
    finding = json.loads(failed.stdout)["findings"][0]
    assert (finding["path"], finding["message"]) == (
        "src/app.py",
        "src/app.py changed, but no file matching tests/** changed (1 required)",
    )
    commit(branch, {"tests/test_app.py": "def test(): pass\n"}, "test: cover x")
    passed = run("check", "--base", "main", "--format", "json", cwd=branch)
    assert passed.returncode == 0
    assert outcomes(passed)["tests-with-code"] == "pass"


def test_the_opt_out_label_skips_the_rule_and_says_so(branch: Path) -> None:
    args = ("check", "--base", "main", "--title", "fix: change x", "--label", "no-tests-needed")
    proc = run(*args, cwd=branch)
    assert proc.returncode == 0, proc.stdout
    assert "tests-with-code: opted out by the pull request's label 'no-tests-needed'" in proc.stdout
    proc = run(*args, "--format", "json", cwd=branch)
    assert outcomes(proc) == {
        "tests-with-code": "skipped", "signed-off": "pass", "title-style": "pass",
    }  # fmt: skip


def test_a_commit_trailer_opts_out(branch: Path) -> None:
    commit(branch, {"src/b.py": ""}, "refactor: move", "-m", "No-Tests: pure move")
    proc = run("check", "--base", "main", "--format", "json", cwd=branch)
    assert outcomes(proc)["tests-with-code"] == "skipped"


def test_without_a_change_the_change_rules_are_skipped_with_how_to_run_them(branch: Path) -> None:
    proc = run("check", cwd=branch)
    assert proc.returncode == 0
    assert (
        "tests-with-code: needs change facts, which this run does not have (change: --base REF, "
        "--staged or pull-request metadata)"
    ) in proc.stdout


def test_a_branch_cannot_turn_off_the_rule_that_judges_it(make_repo: MakeRepo) -> None:
    pack = POLICY.replace("fail-on: warning\n", "")
    repo = make_repo(
        {
            ".policylint.yaml": "apiVersion: policylint/v1\nextends: [./policy/gate.yaml]\n",
            "policy/gate.yaml": pack,
            "README.md": "# p\n",
        }
    )
    git(repo, "switch", "-q", "-c", "feature")
    weakened = "apiVersion: policylint/v1\nextends: [./policy/gate.yaml]\nrules:\n"
    weakened += "  tests-with-code: off\n"
    commit(repo, {"src/app.py": "x = 2\n", ".policylint.yaml": weakened}, "fix: x")
    own = run("check", "--base", "main", "--format", "json", cwd=repo)
    assert "tests-with-code" not in outcomes(own)  # the branch's own policy turned it off
    trusted = run("check", "--base", "main", "--policy-ref", "main", "--format", "json", cwd=repo)
    assert trusted.returncode == 1
    assert outcomes(trusted)["tests-with-code"] == "fail"
    assert json.loads(trusted.stdout)["policy"]["sources"] == [
        "main:.policylint.yaml",
        "main:policy/gate.yaml",
    ]


def test_a_shallow_clone_fails_closed_with_the_fix(branch: Path, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    subprocess.run(
        [
            "git",
            "clone",
            "-q",
            "--depth",
            "1",
            "--no-single-branch",
            f"file://{branch}",
            str(clone),
        ],
        check=True,
    )
    proc = run("check", "--base", "origin/main", cwd=clone)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == (
        "policylint: no merge base between 'origin/main' and 'HEAD' in this shallow clone: the "
        "history that joins them was not fetched. Fetch more of it with `git fetch "
        "--deepen=100` (repeat until a merge base is found) or all of it with `git fetch "
        "--unshallow`; in GitHub Actions, check out with actions/checkout and `fetch-depth: 0`\n"
    )


def test_a_github_pull_request_event_supplies_change_and_metadata(
    branch: Path, tmp_path: Path
) -> None:
    base, head = git(branch, "rev-parse", "main", "HEAD").split()
    event = {
        "number": 7,
        "pull_request": {
            "number": 7,
            "title": "Change x",
            "body": None,
            "draft": False,
            "labels": [{"name": "bug"}],
            "user": {"login": "ada", "type": "User"},
            "base": {"ref": "main", "sha": base, "repo": {"full_name": "o/p"}},
            "head": {"ref": "feature", "sha": head, "repo": {"full_name": "o/p"}},
        },
    }
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event))
    env = {
        **dict(__import__("os").environ),
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(path),
    }
    proc = run("check", "--format", "json", cwd=branch, env=env)
    assert proc.returncode == 1
    assert outcomes(proc) == {
        "tests-with-code": "fail", "signed-off": "pass", "title-style": "fail",
    }  # fmt: skip
    messages = [f["message"] for f in json.loads(proc.stdout)["findings"]]
    assert any("Change x" in message for message in messages)
    ignored = run("check", "--no-ci", "--format", "json", cwd=branch, env=env)
    assert outcomes(ignored)["title-style"] == "skipped"


def test_usage_mistakes_are_explained(branch: Path) -> None:
    proc = run("check", "--head", "HEAD", cwd=branch)
    assert (proc.returncode, proc.stderr) == (
        2,
        "policylint: --head needs --base: the change runs from the merge base with --base\n",
    )
    proc = run("check", "--body", "text", cwd=branch)
    assert (proc.returncode, proc.stderr) == (
        2,
        "policylint: --body, --label and --author describe a pull request: add --title\n",
    )


@pytest.mark.skipif(not CHECK_SARIF.exists(), reason="check-sarif not available")
def test_gate_sarif_passes_check_sarif(branch: Path, tmp_path: Path) -> None:
    out = tmp_path / "gate.sarif"
    proc = run(
        "check", "--base", "main", "--title", "Bad title", "--format", "sarif", "-o", str(out),
        cwd=branch,
    )  # fmt: skip
    assert proc.returncode == 1
    sarif = json.loads(out.read_text())
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
    }
    # The file that triggered the finding; a PR-level finding at the rule in the policy file.
    assert uris == {"src/app.py", ".policylint.yaml"}
    check = subprocess.run(
        [sys.executable, str(CHECK_SARIF), str(out), "--root", str(branch)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr


def test_one_run_prints_annotations_and_writes_sarif(branch: Path, tmp_path: Path) -> None:
    out = tmp_path / "gate.sarif"
    proc = run("check", "--base", "main", "--format", "github", "--sarif", str(out), cwd=branch)
    assert proc.returncode == 1
    assert "::error file=src/app.py,title=" in proc.stdout
    results = json.loads(out.read_text())["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["tests-with-code"]
    unwritable = run("check", "--sarif", str(tmp_path / "no" / "x.sarif"), cwd=branch)
    assert unwritable.returncode == 2
    assert "cannot write the report" in unwritable.stderr
    assert "passed" in unwritable.stdout  # the report itself was printed first
