"""Changesets' file names, workspace globs and front matter, as @changesets/cli 2 reads them."""

from __future__ import annotations

import json

import pytest

from policylint.conventions.changesets import (
    Changesets,
    Package,
    changed_packages,
    front_matter_problem,
    is_changeset,
    load,
)
from policylint.facts.repo import Repo
from tests.helpers.repos import MakeRepo


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (".changeset/brave-lions-dance.md", True),
        (".changeset/README.md", False),
        (".changeset/readme.md", False),
        (".changeset/.draft.md", False),
        (".changeset/config.json", False),
        (".changeset/sub/a.md", False),
        ("docs/.changeset/a.md", False),
    ],
)
def test_what_is_a_changeset(path: str, expected: bool) -> None:
    assert is_changeset(path) is expected


@pytest.mark.parametrize(
    ("globs", "directory", "member"),
    [
        (["packages/*"], "packages/a", True),
        (["packages/*"], "packages/a/b", False),
        (["packages/**"], "packages/a/b", True),
        (["packages/*"], "packages/.hidden", False),
        (["./packages/*/"], "packages/a", True),
        (["packages/*", "!packages/a"], "packages/a", False),
        (["apps/*"], "packages/a", False),
    ],
)
def test_workspace_globs_as_micromatch_reads_them(
    make_repo: MakeRepo, globs: list[str], directory: str, member: bool
) -> None:
    files = {
        ".changeset/config.json": "{}\n",
        "package.json": json.dumps({"name": "root", "workspaces": globs}),
        f"{directory}/package.json": '{"name": "p", "version": "1.0.0"}\n',
    }
    config = load(Repo(make_repo(files)))
    assert config.packages == ((Package("p", directory, True),) if member else ())


def test_a_package_without_a_name_is_named_by_its_directory(make_repo: MakeRepo) -> None:
    files = {
        ".changeset/config.json": "{}\n",
        "package.json": '{"workspaces": ["libs/*"]}\n',
        "libs/x/package.json": '{"version": "1.0.0"}\n',
    }
    assert load(Repo(make_repo(files))).packages == (Package("libs/x", "libs/x", True),)


def test_changed_packages_match_the_changed_file_patterns() -> None:
    config = Changesets((Package("a", "a", True), Package("b", "b", True)), ("b",), ("**/*.js",))
    assert changed_packages(config, ["a/x.js", "b/y.js"]) == [Package("a", "a", True)]
    assert changed_packages(config, ["a/x.md", "c/y.js"]) == []


def test_front_matter_after_leading_blank_lines() -> None:
    config = Changesets((Package("app", "", True),), (), ("**",))
    assert front_matter_problem(config, "c.md", "\n---\napp: minor\n---\n\nNew.\n") is None
    assert front_matter_problem(config, "c.md", "---\n---\n") is None
