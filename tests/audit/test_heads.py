"""HEAD read from .git files agrees with git, and leaves every unusual case to git."""

from __future__ import annotations

import os
from pathlib import Path

from policylint.audit.heads import head_from_files
from policylint.audit.worker import default_branch, head_commit
from tests.helpers.repos import MakeRepo, git


def test_a_branch_s_loose_ref(make_repo: MakeRepo) -> None:
    repo = make_repo({"README.md": "# x\n"})
    assert head_from_files(str(repo)) == git(repo, "rev-parse", "HEAD").strip()
    assert default_branch(str(repo)) == "main"


def test_a_packed_ref(make_repo: MakeRepo) -> None:
    repo = make_repo({"README.md": "# x\n"})
    git(repo, "pack-refs", "--all")
    assert not (repo / ".git" / "refs" / "heads" / "main").exists()
    assert head_from_files(str(repo)) == git(repo, "rev-parse", "HEAD").strip()


def test_a_detached_head(make_repo: MakeRepo) -> None:
    repo = make_repo({"README.md": "# x\n"})
    sha = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "checkout", "-q", "--detach")
    assert head_from_files(str(repo)) == sha
    assert default_branch(str(repo)) is None


def test_unusual_cases_are_left_to_git(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo({"README.md": "# x\n"})
    git(repo, "worktree", "add", "-q", str(tmp_path / "wt"))
    assert head_from_files(str(tmp_path / "wt")) is None  # .git is a file
    assert head_commit(str(tmp_path / "wt")) == git(repo, "rev-parse", "HEAD").strip()
    unborn = tmp_path / "unborn"
    unborn.mkdir()
    git(unborn, "init", "-q", "-b", "main")
    assert head_from_files(str(unborn)) is None
    assert head_commit(str(unborn)) is None
    (repo / ".git" / "HEAD").unlink()
    os.mkfifo(repo / ".git" / "HEAD")  # reading would block: never opened for reading
    assert head_from_files(str(repo)) is None
    assert default_branch(str(repo)) is None
