"""The hooks of .pre-commit-hooks.yaml, run by the real pre-commit from real ``git commit`` and
``git push`` in temporary repositories.

Most tests install the manifest's hooks as they are written (entry, args, stages, files,
pass_filenames) but as ``repo: local`` hooks with ``language: system`` that run this venv's
``policylint``, so they run in about a second. One test installs them the way users do,
``repo:`` this checkout with ``language: python``: pre-commit builds its own environment with
pip (once per test session), which proves the manifest and the packaging work together.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.helpers.paths import ROOT, fixture_policy
from tests.helpers.repos import GIT_ENV, MakeRepo, git

POLICY = fixture_policy("tests-with-code.yaml")


BIN = Path(sys.executable).parent
HOOK_TYPES = ("pre-commit", "commit-msg", "pre-push")
Run = Callable[..., "subprocess.CompletedProcess[str]"]  # run(repo, *argv)
Hooked = Callable[..., Path]  # hooked(config=None, *, commit=True)
SIGN_OFF = "Signed-off-by: Ada Lovelace <ada@example.org>"

MISSING_TEST = (
    "error tests-with-code: src/app.py changed, but no file matching tests/** changed (1 required)"
)
MISSING_SIGN_OFF = f'the sign-off is missing: expected "{SIGN_OFF}"'


def manifest() -> list[dict[str, Any]]:
    hooks: list[dict[str, Any]] = YAML(typ="safe").load(ROOT / ".pre-commit-hooks.yaml")
    return hooks


def local_config(**overrides: dict[str, Any]) -> str:
    """A .pre-commit-config.yaml with every hook of the manifest as a local hook that runs this
    venv's policylint; ``overrides`` maps a hook id to keys that replace the manifest's."""
    hooks = []
    for hook in manifest():
        command, _, rest = hook["entry"].partition(" ")
        assert command == "policylint"
        local = {**hook, "language": "system", "entry": f"{BIN / 'policylint'} {rest}"}
        hooks.append({**local, **overrides.get(hook["id"], {})})
    return json.dumps({"repos": [{"repo": "local", "hooks": hooks}]}, indent=1)


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pre-commit's cache for this session: environments are built once, never in ~/.cache."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def run(pre_commit_home: Path) -> Run:
    """``run(repo, *argv)``: a command in ``repo`` with the tests' git identity; no variables
    of an outer git hook or pre-commit run leak in."""

    def run_in(repo: Path, *argv: str) -> subprocess.CompletedProcess[str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("PRE_COMMIT") and key not in ("GIT_DIR", "GIT_INDEX_FILE")
        }
        env.update(GIT_ENV, PRE_COMMIT_HOME=str(pre_commit_home))
        return subprocess.run(  # git shows hook output on stderr: read it all as stdout
            argv, cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )

    return run_in


def install_hooks(run: Run, repo: Path) -> None:
    types = [arg for hook_type in HOOK_TYPES for arg in ("--hook-type", hook_type)]
    proc = run(repo, sys.executable, "-m", "pre_commit", "install", *types)
    assert proc.returncode == 0, proc.stdout


@pytest.fixture
def hooked(make_repo: MakeRepo, run: Run) -> Hooked:
    """``hooked(config=..., commit=True)``: a repository with POLICY, the config, the hooks
    installed; with ``commit``, its files are in a first commit made without hooks."""

    def make(config: str | None = None, *, commit: bool = True) -> Path:
        files = {".policylint.yaml": POLICY, ".pre-commit-config.yaml": config or local_config()}
        repo = make_repo({**files, "README.md": "# app\n"}, commit=commit)
        install_hooks(run, repo)
        return repo

    return make


def head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").strip()


def add(repo: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
        git(repo, "add", name)


def status_line(name: str, status: str) -> str:
    """pre-commit's result line for a hook: the name, dots, the status (80 columns)."""
    return f"{name}{'.' * (79 - len(name) - len(status))}{status}"


def test_the_manifest_is_valid_for_pre_commit(run: Run) -> None:
    proc = run(
        ROOT, sys.executable, "-m", "pre_commit", "validate-manifest", ".pre-commit-hooks.yaml"
    )
    assert proc.returncode == 0, proc.stdout


def test_a_commit_that_breaks_a_rule_is_blocked_and_the_fixed_one_goes_through(
    hooked: Hooked, run: Run
) -> None:
    repo = hooked()
    before = head(repo)
    add(repo, {"src/app.py": "print('hi')\n"})
    blocked = run(repo, "git", "commit", "-s", "-m", "feat: add the app")
    assert blocked.returncode == 1
    assert status_line("policylint", "Failed") in blocked.stdout
    assert f"src/app.py\n  {MISSING_TEST}\n" in blocked.stdout
    assert head(repo) == before
    add(repo, {"tests/test_app.py": "def test_app(): pass\n"})
    passed = run(repo, "git", "commit", "-s", "-m", "feat: add the app")
    assert passed.returncode == 0, passed.stdout
    assert status_line("policylint", "Passed") in passed.stdout
    assert status_line("policylint (commit message)", "Passed") in passed.stdout
    assert status_line("policylint (validate policy files)", "(no files to check)Skipped") in (
        passed.stdout
    )
    assert git(repo, "log", "-1", "--format=%s%n%P").split() == [
        "feat:",
        "add",
        "the",
        "app",
        before,
    ]


def test_commit_msg_blocks_a_commit_without_sign_off_then_git_commit_s_passes(
    hooked: Hooked, run: Run
) -> None:
    repo = hooked()
    add(repo, {"README.md": "# app\n\nMore.\n"})
    blocked = run(repo, "git", "commit", "-m", "docs: say more")
    assert blocked.returncode == 1
    assert status_line("policylint", "Passed") in blocked.stdout  # the staged change is fine
    assert status_line("policylint (commit message)", "Failed") in blocked.stdout
    assert MISSING_SIGN_OFF in blocked.stdout
    assert "tests-with-code" not in blocked.stdout  # only the rules that read commits run
    passed = run(repo, "git", "commit", "-s", "-m", "docs: say more")
    assert passed.returncode == 0, passed.stdout
    assert git(repo, "log", "-1", "--format=%B") == f"docs: say more\n\n{SIGN_OFF}\n\n"


def test_commit_msg_reads_the_message_git_will_record(hooked: Hooked, run: Run) -> None:
    """The editor's message with comments (a first line "# a note" that would break the subject
    rule if it were read) and -v's diff below the scissors line: read as git records it."""
    repo = hooked()
    add(repo, {"README.md": "# app\n\nMore.\n"})
    editor = repo.parent / "editor.sh"
    message = f"# a note\\ndocs: say more\\n\\n{SIGN_OFF}\\n"
    editor.write_text(f'#!/bin/sh\nprintf "{message}" | cat - "$1" > "$1.new"\nmv "$1.new" "$1"\n')
    editor.chmod(0o755)
    git(repo, "config", "core.editor", str(editor))
    passed = run(repo, "git", "commit", "-v")
    assert passed.returncode == 0, passed.stdout
    assert git(repo, "log", "-1", "--format=%B") == f"docs: say more\n\n{SIGN_OFF}\n\n"


def test_options_given_in_args_go_before_the_message_file(hooked: Hooked, run: Run) -> None:
    """pre-commit appends the message file after the hook's args: --commit-msg ends them."""
    config = local_config(
        **{"policylint-commit-msg": {"args": ["--fail-on", "never", "--commit-msg"]}}
    )
    repo = hooked(config)
    add(repo, {"README.md": "# app\n\nMore.\n"})
    passed = run(repo, "git", "commit", "-m", "docs: say more")
    assert passed.returncode == 0, passed.stdout
    assert status_line("policylint (commit message)", "Passed") in passed.stdout


def test_args_without_commit_msg_last_stop_the_commit_with_a_clear_error(
    hooked: Hooked, run: Run
) -> None:
    repo = hooked(local_config(**{"policylint-commit-msg": {"args": ["--fail-on", "never"]}}))
    add(repo, {"README.md": "# app\n\nMore.\n"})
    blocked = run(repo, "git", "commit", "-s", "-m", "docs: say more")
    assert blocked.returncode == 1
    assert "- exit code: 2\n\npolicylint: .git/COMMIT_EDITMSG: not a directory\n" in blocked.stdout


def push_setup(hooked: Hooked, run: Run, root_message: str) -> tuple[Path, Path]:
    """A repository with no commit yet, a bare ``origin``, and a root commit made without
    hooks; returns (repo, remote)."""
    repo = hooked(commit=False)
    remote = repo.parent / f"{repo.name}-remote.git"
    git(repo.parent, "init", "-q", "--bare", remote.name)
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", root_message)
    return repo, remote


def test_the_first_push_of_a_root_commit_is_checked(hooked: Hooked, run: Run) -> None:
    repo, remote = push_setup(hooked, run, "initial commit")
    blocked = run(repo, "git", "push", "-q", "origin", "main")
    assert blocked.returncode == 1
    assert status_line("policylint (pushed commits)", "Failed") in blocked.stdout
    short = head(repo)[:12]
    assert f"error dco: commit {short}: {MISSING_SIGN_OFF}" in blocked.stdout
    assert f'error subjects: commit {short}: subject "initial commit" does not follow' in (
        blocked.stdout
    )
    assert git(remote, "branch", "--list") == ""
    git(repo, "commit", "-q", "--amend", "--no-verify", "-s", "-m", "feat: start")
    passed = run(repo, "git", "push", "-q", "origin", "main")
    assert passed.returncode == 0, passed.stdout
    assert git(remote, "rev-parse", "main") == git(repo, "rev-parse", "main")


def test_pre_push_blocks_a_range_with_a_bad_message_and_passes_a_good_one(
    hooked: Hooked, run: Run
) -> None:
    repo, remote = push_setup(hooked, run, "initial commit")
    assert run(repo, "git", "push", "-q", "--no-verify", "origin", "main").returncode == 0
    pushed = head(repo)  # breaks two rules, but it is on the remote already: not judged again
    git(repo, "checkout", "-q", "-b", "topic")
    add(repo, {"README.md": "# app\n\nMore.\n"})
    git(repo, "commit", "-q", "--no-verify", "-s", "-m", "more docs")
    bad = head(repo)[:12]
    add(repo, {"NOTES.md": "notes\n"})
    git(repo, "commit", "-q", "--no-verify", "-s", "-m", "docs: notes")
    blocked = run(repo, "git", "push", "-q", "origin", "topic")
    assert blocked.returncode == 1
    assert status_line("policylint (pushed commits)", "Failed") in blocked.stdout
    assert f'error subjects: commit {bad}: subject "more docs" does not follow' in blocked.stdout
    lines = blocked.stdout.splitlines()
    amend = "amend the commits (`git commit --amend`, `git rebase -i`) and push again"
    assert f"    or: {amend}" in lines
    assert (
        "failed: 1 error (subjects); 2 rules passed, 0 skipped, 0 exempted "
        "(policy: .policylint.yaml)" in lines
    )
    assert (
        "to push without this check: `SKIP=policylint-pre-push git push` (pre-commit, prek), "
        "`LEFTHOOK_EXCLUDE=policylint-pre-push git push` (lefthook), or `git push --no-verify`"
    ) in lines
    assert git(remote, "branch", "--list").split() == ["main"]
    git(repo, "reset", "-q", "--soft", pushed)
    git(repo, "commit", "-q", "--no-verify", "-s", "-m", "docs: more docs and notes")
    passed = run(repo, "git", "push", "-q", "origin", "topic")
    assert passed.returncode == 0, passed.stdout
    assert status_line("policylint (pushed commits)", "Passed") in passed.stdout
    assert git(remote, "rev-parse", "topic") == git(repo, "rev-parse", "topic")


@pytest.mark.parametrize("path", [".policylint.yaml", ".policylint/team.yml"])
def test_validate_rejects_a_broken_policy_file_with_its_position(
    hooked: Hooked, run: Run, path: str
) -> None:
    repo = hooked()
    add(repo, {path: "rules:\n  broken:\n    kind: no-such-kind\n    title: Broken\n"})
    blocked = run(repo, "git", "commit", "-s", "-m", "chore: policy")
    assert blocked.returncode == 1
    assert status_line("policylint (validate policy files)", "Failed") in blocked.stdout
    where = f"policylint: {path}:3:11: $.rules.broken.kind: unknown kind 'no-such-kind'; known"
    assert where in blocked.stdout


def snapshot_of_this_checkout(target: Path) -> str:
    """This checkout's working tree (tracked and new files, as they are now) committed to a new
    repository at ``target``; returns the commit id."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "surrogateescape")
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-q", "--no-verify", "-m", "snapshot")
    return head(target)


@pytest.mark.slow
def test_hooks_installed_from_this_repository_with_pip(
    hooked: Hooked, run: Run, tmp_path_factory: pytest.TempPathFactory
) -> None:
    source = tmp_path_factory.mktemp("policylint-source")
    rev = snapshot_of_this_checkout(source)
    ids = [hook["id"] for hook in manifest()]
    config = {"repos": [{"repo": str(source), "rev": rev, "hooks": [{"id": i} for i in ids]}]}
    repo = hooked(json.dumps(config))
    add(repo, {"src/app.py": "print('hi')\n"})
    blocked = run(repo, "git", "commit", "-m", "feat: add the app")
    assert blocked.returncode == 1, blocked.stdout
    assert MISSING_TEST in blocked.stdout
    add(repo, {"tests/test_app.py": "def test_app(): pass\n"})
    unsigned = run(repo, "git", "commit", "-m", "feat: add the app")
    assert unsigned.returncode == 1
    assert MISSING_SIGN_OFF in unsigned.stdout
    passed = run(repo, "git", "commit", "-s", "-m", "feat: add the app")
    assert passed.returncode == 0, passed.stdout
    for hook in ("policylint", "policylint (commit message)"):
        assert status_line(hook, "Passed") in passed.stdout
