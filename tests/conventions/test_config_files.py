"""Reading a project's tool configuration: a parsed TOML file is kept in the cache directory,
so the next run neither imports tomllib nor parses it again."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest

from policylint.conventions.config_files import ConfigProblem, read_toml
from policylint.facts.repo import Repo
from tests.helpers.repos import MakeRepo

PYPROJECT = '[tool.towncrier]\ndirectory = "news"\ntype = [{directory = "feature", name = "F"}]\n'

READ_TWICE = (
    "import sys\n"
    "from policylint.conventions.config_files import read_toml\n"
    "from policylint.facts.repo import Repo\n"
    "table = read_toml(Repo(sys.argv[1]), 'pyproject.toml')\n"
    "print(table['tool']['towncrier']['directory'], 'tomllib' in sys.modules)\n"
)


def _cache_entries() -> list[str]:
    return sorted(n for n in os.listdir(os.environ["POLICYLINT_CACHE_DIR"]) if "toml-" in n)


def test_a_parsed_file_is_read_from_the_cache_the_next_time(make_repo: MakeRepo) -> None:
    repo = make_repo({"pyproject.toml": PYPROJECT})
    runs = [
        subprocess.run(
            [sys.executable, "-c", READ_TWICE, str(repo)], capture_output=True, text=True
        )
        for _ in range(2)
    ]
    assert [run.stdout for run in runs] == ["news True\n", "news False\n"], runs[1].stderr
    assert len(_cache_entries()) == 1


def test_the_cached_table_is_the_parsed_one(make_repo: MakeRepo) -> None:
    repo = Repo(make_repo({"pyproject.toml": PYPROJECT}))
    first, second = read_toml(repo, "pyproject.toml"), read_toml(repo, "pyproject.toml")
    assert (
        first
        == second
        == {
            "tool": {
                "towncrier": {"directory": "news", "type": [{"directory": "feature", "name": "F"}]}
            }
        }
    )


def test_a_changed_file_is_parsed_again(make_repo: MakeRepo) -> None:
    root = make_repo({"pyproject.toml": PYPROJECT})
    assert read_toml(Repo(root), "pyproject.toml")["tool"]["towncrier"]["directory"] == "news"
    (root / "pyproject.toml").write_text(PYPROJECT.replace('"news"', '"changes"'))
    assert read_toml(Repo(root), "pyproject.toml")["tool"]["towncrier"]["directory"] == "changes"


def test_a_table_with_a_date_is_parsed_every_time(make_repo: MakeRepo) -> None:
    repo = Repo(make_repo({"pyproject.toml": "[project]\nreleased = 2026-12-05\n"}))
    for _ in range(2):
        assert read_toml(repo, "pyproject.toml") == {
            "project": {"released": datetime.date(2026, 12, 5)}
        }
    assert _cache_entries() == []  # marshal cannot keep a date: nothing stored


def test_a_corrupt_cache_entry_is_parsed_again(make_repo: MakeRepo) -> None:
    repo = Repo(make_repo({"pyproject.toml": PYPROJECT}))
    read_toml(repo, "pyproject.toml")
    (entry,) = _cache_entries()
    (Path(os.environ["POLICYLINT_CACHE_DIR"]) / entry).write_bytes(b"\x00garbage")
    assert read_toml(repo, "pyproject.toml")["tool"]["towncrier"]["directory"] == "news"


def test_invalid_toml_is_a_problem_every_time(make_repo: MakeRepo) -> None:
    repo = Repo(make_repo({"pyproject.toml": "[tool.towncrier\n"}))
    for _ in range(2):
        with pytest.raises(ConfigProblem) as caught:
            read_toml(repo, "pyproject.toml")
        assert (caught.value.path, caught.value.line) == ("pyproject.toml", 1)
    assert _cache_entries() == []
