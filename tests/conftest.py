"""Shared fixtures: real git repositories built in tmp_path, never mocks of git. Plain helpers
live in ``tests/helpers``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.repos import GIT_ENV, MakeRepo, repo_maker


@pytest.fixture
def make_repo(tmp_path: Path) -> MakeRepo:
    """``make_repo({"README.md": "# x"})`` -> a committed git repository with those files.
    ``use_git=False`` leaves a plain directory; ``name`` picks the directory name."""
    return repo_maker(tmp_path)


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
        "--update-golden",
        action="store_true",
        help="rewrite tests/reporters/golden/* from the output",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True under ``pytest --update-golden``: golden tests write their file instead of comparing."""
    return bool(request.config.getoption("--update-golden"))
