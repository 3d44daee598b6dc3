"""Running git without subprocess: output, errors, large output, no git at all."""

from __future__ import annotations

import os

import pytest

from policylint.git import run_git
from tests.helpers.repos import MakeRepo


def test_stdout_and_exit_code(make_repo: MakeRepo) -> None:
    repo = make_repo({"a.txt": "x\n", "b.txt": "y\n"})
    out = run_git("-C", str(repo), "ls-files", "-z")
    assert out == (0, b"a.txt\0b.txt\0", b"")


def test_stderr_and_failure(tmp_path: os.PathLike[str]) -> None:
    out = run_git("-C", str(tmp_path), "ls-files")
    assert out.returncode == 128
    assert out.stdout == b""
    assert b"not a git repository" in out.stderr


def test_output_larger_than_a_pipe_buffer(make_repo: MakeRepo) -> None:
    names = {f"dir{i // 100}/file-with-a-long-name-{i:05}.txt": "" for i in range(3000)}
    repo = make_repo(names)
    out = run_git("-C", str(repo), "ls-files", "-z")
    assert out.returncode == 0
    assert len(out.stdout) > 65536
    assert sorted(out.stdout.decode().split("\0")[:-1]) == sorted(names)


def test_no_git_on_the_path(monkeypatch: pytest.MonkeyPatch, tmp_path: os.PathLike[str]) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(FileNotFoundError):
        run_git("--version")


def test_without_git_a_checkout_is_walked(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch, tmp_path: os.PathLike[str]
) -> None:
    from pathlib import Path

    from policylint.facts.repo import Repo

    repo = make_repo({"README.md": "x", "build/out.o": "x", ".gitignore": "build/\n"})
    monkeypatch.setenv("PATH", str(Path(tmp_path) / "empty"))
    walked = Repo(repo)
    assert walked.files == (".gitignore", "README.md")
    assert walked.is_git is False
