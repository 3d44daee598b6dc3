"""The hook managers people run besides pre-commit — prek and lefthook, both the real tools from
PyPI (the ``test`` extra) — block a commit that breaks a rule, let the fixed one through, and
honour the skip their own way (the line a blocked hook prints says how)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.paths import fixture_policy
from tests.helpers.repos import GIT_ENV, MakeRepo, git

BIN = Path(sys.executable).parent
POLICYLINT = BIN / "policylint"
POLICY = fixture_policy("tests-with-code.yaml")
MISSING_TEST = [
    "src/app.py",
    "error tests-with-code: src/app.py changed, but no file matching tests/** changed (1 required)",
]
SIGNED = "feat: add the app\n\nSigned-off-by: Ada Lovelace <ada@example.org>"
Run = Callable[..., "subprocess.CompletedProcess[str]"]

# prek reads pre-commit's configuration: the manifest's hooks, as local system hooks.
PREK_CONFIG = f"""\
repos:
  - repo: local
    hooks:
      - id: policylint
        name: policylint
        entry: {POLICYLINT} check --staged
        language: system
        stages: [pre-commit]
        pass_filenames: false
        always_run: true
      - id: policylint-commit-msg
        name: policylint (commit message)
        entry: {POLICYLINT} check
        args: [--commit-msg]
        language: system
        stages: [commit-msg]
"""
# lefthook: one command per stage, named as the pre-commit hooks are.
LEFTHOOK_CONFIG = f"""\
pre-commit:
  commands:
    policylint:
      run: {POLICYLINT} check --staged
commit-msg:
  commands:
    policylint-commit-msg:
      run: {POLICYLINT} check --commit-msg {{1}}
"""


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return found


@pytest.fixture
def run(tmp_path: Path) -> Run:
    """``run(repo, *argv, **env)``: the tests' git identity, this venv first on PATH (hook
    scripts look the managers up there), no variables of an outer hook run."""

    def run_in(repo: Path, *argv: str, **extra: str) -> subprocess.CompletedProcess[str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("PRE_COMMIT", "LEFTHOOK", "PREK"))
            and key not in ("GIT_DIR", "GIT_INDEX_FILE", "SKIP")
        }
        env.update(GIT_ENV, PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}")
        env.update(PREK_HOME=str(tmp_path / "prek-home"), **extra)
        return subprocess.run(
            argv, cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )

    return run_in


def add(repo: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
        git(repo, "add", name)


def head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").strip()


def blocks_then_allows(repo: Path, run: Run, skip: dict[str, str]) -> None:
    """A commit of code without its test is blocked; skipping the hook the manager's way lets it
    through only when asked; with the test added, the commit is made."""
    before = head(repo)
    add(repo, {"src/app.py": "print('hi')\n"})
    blocked = run(repo, "git", "commit", "-m", SIGNED)
    assert blocked.returncode != 0, blocked.stdout
    shown = [line.strip() for line in blocked.stdout.splitlines()]  # prek indents hook output
    assert MISSING_TEST[0] in shown
    assert shown[shown.index(MISSING_TEST[0]) + 1] == MISSING_TEST[1]
    assert head(repo) == before
    unsigned = run(repo, "git", "commit", "-m", "feat: add the app", **skip)
    assert unsigned.returncode != 0, unsigned.stdout  # the commit-msg hook still runs
    assert "error dco: " in unsigned.stdout
    assert "tests-with-code" not in unsigned.stdout  # the pre-commit hook was skipped
    add(repo, {"tests/test_app.py": "def test_app(): pass\n"})
    passed = run(repo, "git", "commit", "-m", SIGNED)
    assert passed.returncode == 0, passed.stdout
    assert head(repo) != before


def test_prek_blocks_then_allows_a_commit(make_repo: MakeRepo, run: Run) -> None:
    prek = tool("prek")
    repo = make_repo({".policylint.yaml": POLICY, ".pre-commit-config.yaml": PREK_CONFIG})
    installed = run(repo, prek, "install", "--hook-type", "pre-commit", "--hook-type", "commit-msg")
    assert installed.returncode == 0, installed.stdout
    blocks_then_allows(repo, run, {"SKIP": "policylint"})


def test_lefthook_blocks_then_allows_a_commit(make_repo: MakeRepo, run: Run) -> None:
    lefthook = tool("lefthook")
    repo = make_repo({".policylint.yaml": POLICY, "lefthook.yml": LEFTHOOK_CONFIG})
    installed = run(repo, lefthook, "install")
    assert installed.returncode == 0, installed.stdout
    blocks_then_allows(repo, run, {"LEFTHOOK_EXCLUDE": "policylint"})
