"""towncrier's fragment names and configuration, as towncrier 26 reads them."""

from __future__ import annotations

import pytest

from policylint.conventions.config_files import ConfigProblem
from policylint.conventions.towncrier import DEFAULT_TYPES, fragment_type, load
from policylint.facts.repo import Repo
from tests.helpers.repos import MakeRepo


@pytest.mark.parametrize(
    ("name", "parsed"),
    [
        ("123.feature", ("123", "feature", 0)),
        ("0123.bugfix.2.md", ("123", "bugfix", 2)),
        ("fix-1.2.3.removal", ("fix-1.2.3", "removal", 0)),
        ("+tidy.misc.rst", ("+tidy", "misc", 0)),
        ("123.fix.md", None),
        (".DS_Store", None),
        ("README.txt", None),
    ],
)
def test_fragment_names(name: str, parsed: tuple[str, str, int] | None) -> None:
    assert fragment_type(name, DEFAULT_TYPES) == parsed


def test_the_configuration_of_pyproject_is_read(make_repo: MakeRepo) -> None:
    pyproject = (
        '[project]\nname = "pkg"\n\n'
        '[tool.towncrier]\npackage_dir = "src"\nfilename = "CHANGES.md"\n'
        "[tool.towncrier.fragment.feature]\n[tool.towncrier.fragment.chore]\ncheck = false\n"
    )
    config = load(Repo(make_repo({"pyproject.toml": pyproject})))
    assert config is not None
    assert config.directories == ("src/pkg/newsfragments",)
    assert config.types == {"chore": False, "feature": True}
    assert config.news_file == "CHANGES.md"


def test_towncrier_toml_wins_and_a_broken_file_is_a_problem_at_its_line(
    make_repo: MakeRepo,
) -> None:
    repo = Repo(
        make_repo(
            {
                "towncrier.toml": '[tool.towncrier]\ndirectory = "a"\n',
                "pyproject.toml": '[tool.towncrier]\ndirectory = "b"\n',
            }
        )
    )
    config = load(repo)
    assert config is not None and config.directories == ("a",)
    with pytest.raises(ConfigProblem) as raised:
        load(Repo(make_repo({"pyproject.toml": "[tool.towncrier]\nsinglefile = true\n"})))
    assert raised.value.message == (
        "pyproject.toml: `singlefile` is not a valid option; did you mean `single_file`?"
    )
    with pytest.raises(ConfigProblem) as broken:
        load(Repo(make_repo({"pyproject.toml": "[tool.towncrier]\ndirectory =\n"})))
    assert (broken.value.path, broken.value.line) == ("pyproject.toml", 2)
