"""The example CI files users copy (docs/examples/): their shape, their safety, and their
commands run on real git repositories as the CI platform would run them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.helpers.action import MISSING_TESTS, evaluate, pull_request_event, run_action
from tests.helpers.paths import ROOT, fixture_policy
from tests.helpers.repos import MakeRepo, commit, git

POLICY = fixture_policy("gate.yaml")


EXAMPLES = ROOT / "docs" / "examples"
PULL_REQUEST = EXAMPLES / "github-pull-request.yml"
FORK_SAFE = EXAMPLES / "github-fork-safe.yml"
GITLAB = EXAMPLES / "gitlab-ci.yml"
GITHUB_EXAMPLES = (PULL_REQUEST, FORK_SAFE)
TYPES = ["opened", "edited", "synchronize", "reopened", "labeled", "unlabeled", "ready_for_review"]
ACTION = "policylint/policylint@"


def load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def workflow_steps(path: Path) -> list[dict[str, Any]]:
    (job,) = load(path)["jobs"].values()
    steps: list[dict[str, Any]] = job["steps"]
    return steps


def step_using(path: Path, action: str) -> dict[str, Any]:
    (step,) = [s for s in workflow_steps(path) if s.get("uses", "").startswith(action)]
    return step


def test_every_example_is_listed_and_parses() -> None:
    assert sorted(EXAMPLES.glob("*.yml")) == sorted([*GITHUB_EXAMPLES, GITLAB])
    for path in (*GITHUB_EXAMPLES, GITLAB):
        assert isinstance(load(path), dict), path


@pytest.mark.parametrize(
    ("path", "event"), [(PULL_REQUEST, "pull_request"), (FORK_SAFE, "pull_request_target")]
)
def test_label_and_description_edits_run_the_gate_again(path: Path, event: str) -> None:
    assert load(path)["on"] == {event: {"types": TYPES}}


@pytest.mark.parametrize("path", GITHUB_EXAMPLES)
def test_checkout_fetches_all_history_and_keeps_no_token(path: Path) -> None:
    checkout = step_using(path, "actions/checkout@")
    assert checkout["with"]["fetch-depth"] == 0
    assert checkout["with"]["persist-credentials"] is False


@pytest.mark.parametrize("path", GITHUB_EXAMPLES)
def test_no_expression_is_written_into_a_script(path: Path) -> None:
    for step in workflow_steps(path):
        assert "${{" not in step.get("run", ""), step


@pytest.mark.parametrize("path", GITHUB_EXAMPLES)
def test_the_policy_comes_from_the_base_commit(path: Path) -> None:
    inputs = step_using(path, ACTION)["with"]
    assert inputs["policy-ref"] == "${{ github.event.pull_request.base.sha }}"


def test_the_pull_request_gate_uploads_its_sarif_even_when_it_fails() -> None:
    assert load(PULL_REQUEST)["permissions"] == {"contents": "read", "security-events": "write"}
    sarif = step_using(PULL_REQUEST, ACTION)["with"]["sarif-file"]
    upload = step_using(PULL_REQUEST, "github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == sarif
    assert "!cancelled()" in upload["if"]
    assert f"hashFiles('{sarif}')" in upload["if"]


def test_the_fork_safe_gate_never_puts_pull_request_files_on_disk() -> None:
    """pull_request_target holds secrets: nothing of the pull request may be checked out,
    installed or run. Its commits are fetched as objects; policylint comes from the action."""
    assert load(FORK_SAFE)["permissions"] == {"contents": "read"}
    for step in workflow_steps(FORK_SAFE):
        assert "ref" not in step.get("with", {}), step  # checkout: the base branch
        uses = step.get("uses", "")
        assert not uses.startswith("."), step  # no local action: it could be the PR's
        for word in ("checkout", "switch", "worktree", "pip", "install", "make", "npm"):
            assert word not in step.get("run", ""), step
    inputs = step_using(FORK_SAFE, ACTION)["with"]
    assert inputs["base"] == "${{ github.event.pull_request.base.sha }}"
    assert inputs["head"] == "${{ github.event.pull_request.head.sha }}"


def test_the_gitlab_job_runs_on_merge_requests_with_all_history() -> None:
    (job,) = load(GITLAB).values()
    assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert job["variables"]["GIT_DEPTH"] == 0
    assert job["artifacts"] == {
        "when": "always", "reports": {"codequality": "gl-code-quality-report.json"},
    }  # fmt: skip
    check = job["script"][-1]
    assert "--format gitlab --output gl-code-quality-report.json" in check
    assert '--policy-ref "origin/${CI_MERGE_REQUEST_TARGET_BRANCH_NAME}"' in check


# The examples, run.


@pytest.fixture
def origin(make_repo: MakeRepo, tmp_path: Path) -> Path:
    """A bare origin: `main` with the policy; the pull request's commit (code without
    tests) on `feature` and on GitHub's `refs/pull/7/head`."""
    work = make_repo({".policylint.yaml": POLICY, "README.md": "# p\n", "src/app.py": "x = 1\n"})
    git(work, "switch", "-q", "-c", "feature")
    commit(work, {"src/app.py": "x = 2\n"}, "fix: change x")
    bare = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(work), str(bare))
    git(bare, "update-ref", "refs/pull/7/head", "feature")
    return bare


def clone(origin: Path, target: Path, *options: str) -> Path:
    git(origin.parent, "clone", "-q", *options, f"file://{origin}", str(target))
    return target


def test_the_fork_safe_workflow_judges_the_pull_request_from_the_base_checkout(
    origin: Path, tmp_path: Path
) -> None:
    event = pull_request_event(origin, base="main", head="feature")
    head = event["pull_request"]["head"]["sha"]
    git(origin, "update-ref", "-d", "refs/heads/feature")  # it lives in a fork
    workspace = clone(origin, tmp_path / "workspace", "--branch", "main")  # as checkout does
    missing = ["git", "-C", str(workspace), "cat-file", "-e", f"{head}^{{commit}}"]
    assert subprocess.run(missing, capture_output=True).returncode != 0
    (fetch,) = [step for step in workflow_steps(FORK_SAFE) if "run" in step]
    env = {**os.environ, **{k: evaluate(v, event) for k, v in fetch["env"].items()}}
    script = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", fetch["run"]]
    subprocess.run(script, cwd=workspace, env=env, check=True, capture_output=True)
    inputs = {
        name.replace("-", "_"): evaluate(value, event)
        for name, value in step_using(FORK_SAFE, ACTION)["with"].items()
    }
    run = run_action(workspace, event, event_name="pull_request_target", **inputs)
    assert run.returncode == 1, run.stdout + run.stderr
    assert MISSING_TESTS in run.stdout
    assert (workspace / "src" / "app.py").read_text() == "x = 1\n"  # still the base's file
    assert git(workspace, "status", "--porcelain") == ""


def gitlab_env(origin: Path, workspace: Path) -> dict[str, str]:
    """What GitLab sets in a merge request pipeline (the variables policylint reads)."""
    main, head = (git(origin, "rev-parse", ref).strip() for ref in ("main", "feature"))
    (job,) = load(GITLAB).values()
    return {
        **os.environ,
        **{name: str(value) for name, value in job["variables"].items()},
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]),
        "CI": "true",
        "CI_PIPELINE_SOURCE": "merge_request_event",
        "CI_PROJECT_DIR": str(workspace),
        "CI_COMMIT_SHA": head,
        "CI_MERGE_REQUEST_IID": "7",
        "CI_MERGE_REQUEST_TITLE": "fix: change x",
        "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
        "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME": "feature",
        "CI_MERGE_REQUEST_DIFF_BASE_SHA": main,
        "GITLAB_USER_LOGIN": "ada",
    }


def test_the_gitlab_job_writes_a_code_quality_report(origin: Path, tmp_path: Path) -> None:
    # GitLab fetches only the merge request's branch and checks its commit out detached.
    workspace = clone(origin, tmp_path / "project", "--single-branch", "--branch", "feature")
    git(workspace, "checkout", "-q", "--detach")
    (job,) = load(GITLAB).values()
    lines = [line for line in job["script"] if not line.startswith("pip install ")]
    script = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", "\n".join(lines)]
    env = gitlab_env(origin, workspace)
    proc = subprocess.run(script, cwd=workspace, env=env, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert MISSING_TESTS in proc.stdout  # the text report, in the job log
    report = json.loads((workspace / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    paths = [(issue["check_name"], issue["location"]["path"]) for issue in report]
    assert ("tests-with-code", "src/app.py") in paths


# docs/ci.md, the guide to these files.

CI_DOC = ROOT / "docs" / "ci.md"


def anchor(heading: str) -> str:
    """GitHub's anchor for a Markdown heading."""
    text = heading.lstrip("#").strip().lower().replace("`", "")
    return "".join(c for c in text if c.isalnum() or c in "-_ ").replace(" ", "-")


def test_every_link_of_the_guide_leads_somewhere() -> None:
    text = CI_DOC.read_text(encoding="utf-8")
    anchors = {anchor(line) for line in text.splitlines() if line.startswith("#")}
    for target in re.findall(r"\]\(([^)]+)\)", text):
        if target.startswith("https://"):
            continue
        name, _, fragment = target.partition("#")
        assert not name or (CI_DOC.parent / name).exists(), f"docs/ci.md: {target}: no such file"
        if fragment and not name:
            assert fragment in anchors, f"docs/ci.md: {target}: no such heading"


def test_the_guide_names_every_example_and_every_action_input() -> None:
    text = CI_DOC.read_text(encoding="utf-8")
    for path in (*GITHUB_EXAMPLES, GITLAB):
        assert f"](examples/{path.name})" in text, path.name
    for name in load(ROOT / "action.yml")["inputs"]:
        assert f"\n| `{name}` | " in text, f"docs/ci.md: input {name!r} is not in the table"
