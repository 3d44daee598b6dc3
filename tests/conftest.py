"""Shared fixtures: real git repositories built in tmp_path, never mocks of git."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CHECK_SARIF = SHARED / "tools" / "check-sarif"
# The console script of the environment running the tests: policylint as a user runs it.
POLICYLINT = Path(sys.executable).parent / "policylint"

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Ada Lovelace",
    "GIT_AUTHOR_EMAIL": "ada@example.org",
    "GIT_COMMITTER_NAME": "Ada Lovelace",
    "GIT_COMMITTER_EMAIL": "ada@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(repo: Path, *args: str) -> str:
    """Run real git in ``repo`` with a fixed identity; return its stdout."""
    env = {**os.environ, **GIT_ENV}
    proc = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True
    )
    return proc.stdout


def run_policylint(
    *args: str, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real console script with ``args``; its output captured as text."""
    return subprocess.run(
        [str(POLICYLINT), *args], capture_output=True, text=True, cwd=cwd, env=env, check=False
    )


def write_files(root: Path, files: Mapping[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


MakeRepo = Callable[..., Path]


@pytest.fixture
def make_repo(tmp_path: Path) -> MakeRepo:
    """``make_repo({"README.md": "# x"})`` -> a committed git repository with those files.
    ``git=False`` leaves a plain directory; ``name`` picks the directory name."""
    counter = iter(range(1000))

    def make(
        files: Mapping[str, str | bytes],
        *,
        name: str = "",
        commit: bool = True,
        use_git: bool = True,
    ) -> Path:
        root = tmp_path / (name or f"repo{next(counter)}")
        root.mkdir(parents=True)
        write_files(root, files)
        if use_git:
            git(root, "init", "-q", "-b", "main")
            if files:
                git(root, "add", "-A")
                if commit:
                    git(root, "commit", "-q", "-m", "initial commit")
        return root

    return make


@pytest.fixture(autouse=True)
def _isolated_env(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No user cache or colour settings leak into tests."""
    monkeypatch.setenv("POLICYLINT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite tests/golden/* from the output"
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True under ``pytest --update-golden``: golden tests write their file instead of comparing."""
    return bool(request.config.getoption("--update-golden"))
