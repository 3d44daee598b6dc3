"""The GitHub Action (``action.yml``) run by an emulated runner: each step's ``env:`` resolved
from the inputs, its ``run:`` script run with ``bash --noprofile --norc -eo pipefail``, the
composite stopping at the first failing step. policylint and git are the real ones."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, NamedTuple

from ruamel.yaml import YAML

from tests.helpers.paths import ROOT
from tests.helpers.repos import git

ACTION = ROOT / "action.yml"


INPUT_EXPRESSION = re.compile(r"^\$\{\{ inputs\.([a-z-]+) \}\}$")


MISSING_TESTS = "src/app.py changed, but no file matching tests/** changed (1 required)"


def load_action() -> dict[str, Any]:
    action: dict[str, Any] = YAML(typ="safe").load(ACTION.read_text(encoding="utf-8"))
    return action


def steps() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = load_action()["runs"]["steps"]
    return found


class Run(NamedTuple):
    returncode: int
    stdout: str
    stderr: str
    outputs: dict[str, str]  # the composite's outputs
    summary: str  # what was appended to GITHUB_STEP_SUMMARY
    path: list[str]  # directories the steps added to PATH


def evaluate(value: str, event: dict[str, Any]) -> str:
    """A literal, or ``${{ github.event.a.b || github.event.c.d }}`` (as input defaults and
    ``with:`` values here are written) for ``event``."""
    match = re.fullmatch(r"\$\{\{ (.+) \}\}", value)
    if match is None:
        return value
    for operand in match.group(1).split(" || "):
        assert operand.startswith("github.event."), operand
        found: Any = event
        for key in operand.removeprefix("github.event.").split("."):
            found = found.get(key) if isinstance(found, dict) else None
        if found:
            return str(found)
    return ""


def step_env(step: dict[str, Any], inputs: dict[str, str]) -> dict[str, str]:
    env = {}
    for name, value in step.get("env", {}).items():
        match = INPUT_EXPRESSION.match(value)
        assert match is not None, f"{name}: {value!r} is not a plain ${{{{ inputs.NAME }}}}"
        env[name] = inputs[match.group(1)]
    return env


def runs(step: dict[str, Any], inputs: dict[str, str]) -> bool:
    condition = step.get("if")
    if condition is None:
        return True
    match = re.fullmatch(r"inputs\.([a-z-]+) == '(\w+)'", condition)
    assert match is not None, f"this emulation cannot evaluate if: {condition!r}"
    return inputs[match.group(1)] == match.group(2)


def read_outputs(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if line)


def resolve_inputs(event: dict[str, Any], given: dict[str, str]) -> dict[str, str]:
    """Every input's value: ``given`` (underscores for dashes), else its default; policylint
    is the test's own (``install: false``) unless given."""
    given = {"install": "false", **{k.replace("_", "-"): v for k, v in given.items()}}
    declared = load_action()["inputs"]
    assert set(given) <= set(declared), set(given) - set(declared)
    return {
        name: given.get(name, evaluate(spec["default"], event)) for name, spec in declared.items()
    }


def runner_env(workspace: Path, event: dict[str, Any], event_name: str) -> dict[str, str]:
    """The variables GitHub's runner sets for a composite action's steps (a fresh
    RUNNER_TEMP next to the workspace holds the event and the step summary)."""
    temp = Path(tempfile.mkdtemp(prefix="runner-", dir=workspace.parent))
    (temp / "event.json").write_text(json.dumps(event), encoding="utf-8")
    (temp / "summary.md").touch()
    return {
        **os.environ,
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": event_name,
        "GITHUB_EVENT_PATH": str(temp / "event.json"),
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_ACTION_PATH": str(ROOT),
        "GITHUB_STEP_SUMMARY": str(temp / "summary.md"),
        "RUNNER_TEMP": str(temp),
    }


def run_step(
    step: dict[str, Any], env: dict[str, str], path: list[str], workspace: Path
) -> tuple[subprocess.CompletedProcess[str], dict[str, str], list[str]]:
    """One step: its process, the outputs it set, and PATH entries it added (first)."""
    temp = Path(tempfile.mkdtemp(dir=env["RUNNER_TEMP"]))
    (temp / "step.sh").write_text(step["run"], encoding="utf-8")
    files = {"GITHUB_OUTPUT": temp / "output", "GITHUB_PATH": temp / "path"}
    for file in files.values():
        file.touch()
    env = {**env, **{name: str(file) for name, file in files.items()}}
    env["PATH"] = os.pathsep.join([*path, os.environ["PATH"]])
    proc = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(temp / "step.sh")],
        cwd=workspace, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    added = files["GITHUB_PATH"].read_text(encoding="utf-8").split()
    return proc, read_outputs(files["GITHUB_OUTPUT"]), added


def run_action(
    workspace: Path, event: dict[str, Any], *, event_name: str = "pull_request", **given: str
) -> Run:
    """Run the action's steps on ``workspace`` for ``event``, with the ``given`` inputs."""
    inputs = resolve_inputs(event, given)
    env = runner_env(workspace, event, event_name)
    path = [str(Path(sys.executable).parent)] if inputs["install"] == "false" else []
    outputs: dict[str, dict[str, str]] = {}
    procs: list[subprocess.CompletedProcess[str]] = []
    for step in (s for s in steps() if runs(s, inputs)):
        variables = {**env, **step_env(step, inputs)}
        proc, outputs[step.get("id", step["name"])], added = run_step(
            step, variables, path, workspace
        )
        procs.append(proc)
        path = added + path
        if proc.returncode != 0:
            break
    summary = Path(env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    stdout, stderr = ("".join(getattr(p, name) for p in procs) for name in ("stdout", "stderr"))
    return Run(procs[-1].returncode, stdout, stderr, composite_outputs(outputs), summary, path)


def composite_outputs(by_step: dict[str, dict[str, str]]) -> dict[str, str]:
    found = {}
    for name, spec in load_action()["outputs"].items():
        match = re.fullmatch(r"\$\{\{ steps\.([a-z-]+)\.outputs\.([a-z-]+) \}\}", spec["value"])
        assert match is not None, spec["value"]
        value = by_step.get(match.group(1), {}).get(match.group(2))
        if value is not None:
            found[name] = value
    return found


def pull_request_event(repo: Path, *, base: str = "main", head: str = "HEAD") -> dict[str, Any]:
    """A pull_request event as GitHub writes it (the fields policylint reads, and more)."""
    sha = {ref: git(repo, "rev-parse", ref).strip() for ref in (base, head)}
    repository = {"full_name": "octo/app", "fork": False}
    return {
        "action": "synchronize",
        "number": 7,
        "pull_request": {
            "number": 7,
            "title": "fix: change x",
            "body": "Changes x.",
            "draft": False,
            "labels": [{"name": "bug", "color": "d73a4a"}],
            "user": {"login": "ada", "type": "User"},
            "base": {"ref": "main", "sha": sha[base], "repo": repository},
            "head": {"ref": "feature", "sha": sha[head], "repo": repository},
        },
        "repository": repository,
    }
