"""reno's configuration and note ids, as reno 4 reads them."""

from __future__ import annotations

import pytest

from policylint.conventions.reno import DEFAULT_SECTIONS, Reno, load, note_paths, unique_id
from policylint.facts.repo import Repo
from tests.helpers.repos import MakeRepo


@pytest.mark.parametrize(
    ("path", "uid"),
    [
        ("releasenotes/notes/fix-widgets-1234567890abcdef.yaml", "1234567890abcdef"),
        ("releasenotes/notes/1234567890abcdef-fix-widgets.yaml", "1234567890abcdef"),
        ("releasenotes/notes/short.yaml", "short"),
    ],
)
def test_the_note_id_is_the_last_or_first_16_characters(path: str, uid: str) -> None:
    assert unique_id(path) == uid


def test_without_a_configuration_reno_defaults_apply(make_repo: MakeRepo) -> None:
    assert load(Repo(make_repo({"README.md": "# x\n"}))) == Reno(
        "releasenotes/notes", DEFAULT_SECTIONS, "prelude"
    )


def test_an_empty_configuration_is_the_defaults_from_that_file(make_repo: MakeRepo) -> None:
    config = load(Repo(make_repo({"reno.yaml": "# nothing yet\n"})))
    assert config == Reno("releasenotes/notes", DEFAULT_SECTIONS, "prelude", "reno.yaml")


def test_the_notes_directory_is_relative_to_releasenotes(make_repo: MakeRepo) -> None:
    config = load(
        Repo(
            make_repo(
                {
                    "releasenotes/config.yaml": (
                        "notesdir: ./source/../notes2\nsections:\n  - [fixes, Bug Fixes, 1]\n"
                    )
                }
            )
        )
    )
    assert config == Reno("releasenotes/notes2", ("fixes",), "prelude", "releasenotes/config.yaml")


def test_notes_are_the_yaml_files_directly_in_the_directory(make_repo: MakeRepo) -> None:
    files = {
        "releasenotes/notes/a-1111111111111111.yaml": "fixes: [a]\n",
        "releasenotes/notes/b.yml": "fixes: [b]\n",
        "releasenotes/notes/.c-3333333333333333.yaml": "fixes: [c]\n",
        "releasenotes/notes/old/d-4444444444444444.yaml": "fixes: [d]\n",
    }
    repo = Repo(make_repo(files))
    assert note_paths(repo, load(repo)) == ["releasenotes/notes/a-1111111111111111.yaml"]
