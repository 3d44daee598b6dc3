"""Microsoft's SARIF validator (``@microsoft/sarif-multitool``, the rules of the SARIF spec and
GitHub's) reports no error and no warning on the SARIF of a check and of a pull-request gate.

The validator is a .NET program that npm installs; ``.ci/run`` installs it into
``.venv/npm`` (``npm install --prefix .venv/npm @microsoft/sarif-multitool``). Without it
the test is skipped, except in CI (``CI=true``), where it must run.
"""

from __future__ import annotations

import glob
import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers.cli import run_policylint
from tests.helpers.paths import ROOT
from tests.helpers.repos import MIT, MakeRepo, commit, git

INSTALL = "npm install --prefix .venv/npm @microsoft/sarif-multitool"
POLICY = """\
extends: [builtin:community-health]
exemptions:
  - rule: security-policy
    reason: Reports go through the foundation's process.
rules:
  readme-todo:
    kind: file-content
    title: The README has no TODO left
    severity: warning
    options: {globs: ["/README.md"], not-matches: ["TODO"]}
  tests-with-code:
    kind: co-change
    title: Code changes come with tests
    severity: error
    options: {if-changed: ["src/**"], require-changed: ["tests/**"]}
    skip: {labels: [no-tests-needed]}
"""


def multitool() -> str:
    """The validator's own executable (npm's wrapper runs it through a shell, which would split
    ``Sarif;Gh``), or a skip saying how to install it."""
    found = os.environ.get("SARIF_MULTITOOL") or next(
        iter(
            sorted(
                glob.glob(
                    str(
                        ROOT
                        / ".venv/npm/node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool*"
                    )
                )
            )
        ),
        None,
    )
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail(f"Microsoft's SARIF validator is missing in CI: {INSTALL}")
    pytest.skip(f"Microsoft's SARIF validator is not installed ({INSTALL})")


def problems(sarif: Path, tmp_path: Path) -> list[str]:
    """The validator's errors and warnings about ``sarif``, one line each."""
    out = tmp_path / f"{sarif.stem}.validation.sarif"
    env = {**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1"}
    proc = subprocess.run(
        [multitool(), "validate", "--rule-kind", "Sarif;Gh", "--output", str(out), str(sarif)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert out.exists(), proc.stdout + proc.stderr
    results = json.loads(out.read_text())["runs"][0].get("results", [])
    return [
        f"{r['ruleId']}: {r['message'].get('text') or r['message'].get('arguments')}"
        for r in results
        if r.get("level", "warning") in ("error", "warning")
    ]


def test_the_sarif_of_a_check_and_of_a_gate_run_are_valid(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    multitool()  # skip before building anything
    repo = make_repo(
        {
            ".policylint.yaml": POLICY,
            "README.md": "# app\n\nAn app that prints one number; TODO print two.\n",
            "LICENSE": MIT,
            "src/app.py": "x = 1\n",
        }
    )
    check = tmp_path / "check.sarif"
    assert run_policylint("check", "--sarif", str(check), cwd=repo).returncode == 0
    git(repo, "switch", "-q", "-c", "feature")
    commit(repo, {"src/app.py": "x = 2\n", "GOVERNANCE.md": "# Governance\n"}, "change x")
    gate = tmp_path / "gate.sarif"
    proc = run_policylint(
        "check", "--base", "main", "--title", "Change x", "--sarif", str(gate), cwd=repo
    )
    assert proc.returncode == 1
    states = {r.get("baselineState") for r in json.loads(gate.read_text())["runs"][0]["results"]}
    assert states == {"new", "unchanged", "absent"}
    assert problems(check, tmp_path) == []
    assert problems(gate, tmp_path) == []
