"""action.yml: its shape, no script injection, and its steps run as GitHub's runner runs them.

The runner is emulated just enough for this action: each step's ``env:`` is resolved from the
inputs, its ``run:`` script runs with ``bash --noprofile --norc -eo pipefail`` (GitHub's
``shell: bash``) in the workspace, with fresh GITHUB_OUTPUT and GITHUB_PATH files per step,
and the composite stops at the first failing step. policylint and git are the real ones.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.action import (
    ACTION,
    INPUT_EXPRESSION,
    MISSING_TESTS,
    load_action,
    pull_request_event,
    run_action,
    steps,
)
from tests.helpers.cli import run_policylint
from tests.helpers.paths import CHECK_SARIF, fixture_policy
from tests.helpers.repos import MakeRepo, commit, git

POLICY = fixture_policy("gate.yaml")


@pytest.fixture
def branch(make_repo: MakeRepo) -> Path:
    """main with the policy, and a branch `feature` that changes src/ without tests."""
    repo = make_repo(
        {".policylint.yaml": POLICY, "README.md": "# p\n", "src/app.py": "x = 1\n"}, name="app"
    )
    git(repo, "switch", "-q", "-c", "feature")
    commit(repo, {"src/app.py": "x = 2\n"}, "fix: change x")
    return repo


# The action's shape.


def test_action_is_a_composite_with_documented_inputs_and_outputs() -> None:
    action = load_action()
    assert action["name"] == "policylint"
    assert action["description"]
    assert action["runs"]["using"] == "composite"
    assert all(spec["description"] for spec in action["inputs"].values())
    assert all(spec["description"] for spec in action["outputs"].values())
    assert set(action["outputs"]) == {"exit-code", "sarif-file"}
    assert all(step["shell"] == "bash" for step in steps())


def test_no_expression_is_written_into_a_script() -> None:
    """Script injection: ``${{ }}`` in ``run:`` is pasted into the script before bash parses
    it. Every value goes through ``env:``, each a plain ``${{ inputs.NAME }}``."""
    for step in steps():
        assert "${{" not in step["run"], step["name"]
        for name, value in step.get("env", {}).items():
            assert INPUT_EXPRESSION.match(value), f"{step['name']}: {name}: {value}"


def test_every_input_is_used() -> None:
    text = ACTION.read_text(encoding="utf-8")
    for name in load_action()["inputs"]:
        assert f"inputs.{name} " in text, f"input {name!r} is never used"


# The steps, run.


def test_a_pull_request_without_tests_fails_with_annotations_sarif_and_summary(
    branch: Path,
) -> None:
    run = run_action(branch, pull_request_event(branch))
    assert run.returncode == 1, run.stderr
    assert run.outputs == {"exit-code": "1", "sarif-file": "policylint.sarif"}
    annotations = [line for line in run.stdout.splitlines() if line.startswith("::error ")]
    assert any("file=src/app.py" in line and MISSING_TESTS in line for line in annotations)
    assert "tests-with-code" in run.summary
    sarif = json.loads((branch / "policylint.sarif").read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["tests-with-code"]
    if CHECK_SARIF.exists():
        check = [sys.executable, str(CHECK_SARIF), str(branch / "policylint.sarif")]
        proc = subprocess.run([*check, "--root", str(branch)], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr


def test_a_pull_request_with_tests_passes(branch: Path) -> None:
    commit(branch, {"tests/test_app.py": "def test(): pass\n"}, "test: cover x")
    run = run_action(branch, pull_request_event(branch))
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.outputs == {"exit-code": "0", "sarif-file": "policylint.sarif"}
    assert not [line for line in run.stdout.splitlines() if line.startswith("::error ")]


def test_the_policy_comes_from_the_base_by_default(branch: Path) -> None:
    """A branch that turns the rule off in its own .policylint.yaml is still judged by it."""
    commit(branch, {".policylint.yaml": POLICY.replace("fail-on: warning", "fail-on: never")}, "x")
    assert run_action(branch, pull_request_event(branch)).returncode == 1
    proc = run_action(branch, pull_request_event(branch), policy_ref="HEAD")
    assert proc.returncode == 0, proc.stdout + proc.stderr  # the branch's own policy


def test_args_are_split_on_any_whitespace(branch: Path) -> None:
    run = run_action(branch, pull_request_event(branch), args="--fail-on\n  never ")
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.outputs["exit-code"] == "0"


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        (
            {"base": "$(touch pwned-base)"},
            "policylint: base '$(touch pwned-base)' is not a commit in this clone",
        ),
        (
            {"args": "--config $(touch${IFS}pwned-args)"},
            ":$(touch${IFS}pwned-args): no such policy file",
        ),
        ({"args": "--config *"}, ":*: no such policy file"),
        ({"fail_on": "`touch pwned-fail`"}, "invalid choice: '`touch pwned-fail`'"),
    ],
)
def test_inputs_are_arguments_never_code(
    branch: Path, inputs: dict[str, str], message: str
) -> None:
    """Values with shell syntax reach policylint as words: nothing runs, nothing globs."""
    run = run_action(branch, pull_request_event(branch), **inputs)
    assert not list(branch.parent.glob("**/pwned-*"))
    assert run.returncode == 2
    assert message in run.stderr


def write_baseline(repo: Path) -> str:
    """The baseline of the branch's findings (``--write-baseline`` against main)."""
    args = ["check", "--base", "main", "--write-baseline", "baseline.json"]
    proc = run_policylint(*args, cwd=repo)
    assert proc.returncode in (0, 1), proc.stderr
    text = (repo / "baseline.json").read_text(encoding="utf-8")
    (repo / "baseline.json").unlink()
    return text


def test_the_baseline_is_read_from_the_base_so_a_branch_cannot_extend_it(branch: Path) -> None:
    commit(branch, {"baseline.json": write_baseline(branch)}, "chore: accept my own finding")
    run = run_action(branch, pull_request_event(branch), baseline="baseline.json")
    assert run.returncode == 2
    assert run.outputs == {"exit-code": "2"}
    base = pull_request_event(branch)["pull_request"]["base"]["sha"]
    assert run.stderr == (
        f"policylint: {base}:baseline.json: cannot read the baseline from the policy ref: "
        f"no such file in {base}\n"
    )
    trusting_the_branch = run_action(
        branch, pull_request_event(branch), baseline="baseline.json", policy_ref=""
    )
    assert trusting_the_branch.returncode == 0, trusting_the_branch.stderr


def test_a_finding_the_base_baselined_does_not_fail(branch: Path) -> None:
    recorded = write_baseline(branch)
    git(branch, "switch", "-q", "main")
    commit(branch, {"baseline.json": recorded}, "chore: baseline")
    git(branch, "switch", "-q", "feature")
    git(branch, "rebase", "-q", "main")
    run = run_action(branch, pull_request_event(branch), baseline="baseline.json")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 exempted" in run.summary
    sarif = json.loads((branch / "policylint.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"][0]["suppressions"][0]["kind"] == "external"


def test_without_a_sarif_file_only_the_gate_runs(branch: Path) -> None:
    run = run_action(branch, pull_request_event(branch), sarif_file="")
    assert run.returncode == 1
    assert run.outputs == {"exit-code": "1"}
    assert not (branch / "policylint.sarif").exists()


def test_a_shallow_clone_stops_with_exit_2_and_says_so(branch: Path, tmp_path: Path) -> None:
    event = pull_request_event(branch)
    clone = tmp_path / "shallow"
    url = f"file://{branch}"
    git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "feature", url, str(clone))
    run = run_action(clone, event)
    assert run.returncode == 2
    assert run.outputs == {"exit-code": "2"}
    base = event["pull_request"]["base"]["sha"]
    assert f"policy ref '{base}' names no commit in .; fetch it first" in run.stderr
    assert (
        "::error title=policylint::policylint stopped with exit code 2: the log above says why "
        "(see Troubleshooting in policylint's docs/ci.md)"
    ) in run.stdout
    assert not (clone / "policylint.sarif").exists()


@pytest.mark.slow
def test_the_install_step_installs_this_checkout_and_puts_it_on_path(branch: Path) -> None:
    run = run_action(branch, pull_request_event(branch), install="true")
    (venv_bin,) = run.path
    assert Path(venv_bin).parent.name == "policylint-venv"
    assert Path(venv_bin, "policylint").is_file()
    assert run.returncode == 1, run.stderr
    assert "policylint 0.1.0" in run.stdout
    assert run.outputs["exit-code"] == "1"
