"""A commit's tree as a Repo (the base of a change), read from real git objects."""

from __future__ import annotations

import os
from pathlib import Path

from policylint.facts.repo import FileText, Repo
from policylint.facts.tree import TreeRepo
from policylint.git import ObjectReader
from policylint.globs import compile_globs
from tests.helpers.repos import MakeRepo, git

FILES = {
    "README.md": "# x\n",
    "docs/Governance.md": "# Governance\n",
    "docs/deep/a b.md": "text\n",
    "src/app.py": "x = 1\n",
    "bin.dat": b"\x00\x01binary",
}


def tree_of(repo: Path, rev: str = "HEAD", *, root: Path | None = None) -> TreeRepo:
    commit = git(repo, "rev-parse", rev).strip()
    return TreeRepo(Repo(root or repo), commit)


def test_the_tree_of_a_commit_not_the_work_tree(make_repo: MakeRepo) -> None:
    repo = make_repo(FILES)
    (repo / "README.md").write_text("changed in the work tree\n")
    (repo / "NEW.md").write_text("untracked\n")
    tree = tree_of(repo)
    try:
        assert tree.files == (
            "README.md",
            "bin.dat",
            "docs/Governance.md",
            "docs/deep/a b.md",
            "src/app.py",
        )
        assert tree.read_text("README.md") == FileText("# x\n")
        assert tree.has("docs/deep/a b.md") and not tree.has("docs") and not tree.has("NEW.md")
        assert tree.read_text("bin.dat").note == "bin.dat: a binary file, skipped"
        assert (
            tree.read_text("README.md", limit=2).note == "README.md: larger than 2 bytes, skipped"
        )
        assert tree.read_text("nope.md").note == (
            f"nope.md: cannot be read (not a regular file in commit {tree.commit[:12]})"
        )
    finally:
        tree.close()


def test_globs_read_only_the_trees_they_reach(make_repo: MakeRepo) -> None:
    repo = make_repo(FILES)
    tree = tree_of(repo)
    try:
        found = tree.glob(compile_globs(("governance*",), ignore_case=True), base="docs")
        assert found == ("docs/Governance.md",)
        assert "_listing" not in vars(tree)  # the whole tree was never listed
        assert tree.glob(compile_globs(("**/*.md",))) == (
            "README.md",
            "docs/Governance.md",
            "docs/deep/a b.md",
        )
    finally:
        tree.close()


def test_a_checked_root_below_the_top_sees_its_own_subtree(make_repo: MakeRepo) -> None:
    repo = make_repo({"top.md": "t\n", "sub/README.md": "# sub\n", "sub/d/x.md": "x\n"})
    tree = tree_of(repo, root=repo / "sub")
    try:
        assert tree.files == ("README.md", "d/x.md")
        assert tree.read_text("README.md") == FileText("# sub\n")
        assert not tree.present("top.md")
    finally:
        tree.close()


def test_links_are_followed_inside_the_tree_only(make_repo: MakeRepo) -> None:
    repo = make_repo({"docs/LICENSE.txt": "MIT\n", "README.md": "# x\n"})
    os.symlink("docs/LICENSE.txt", repo / "LICENSE")
    os.symlink("../../etc/passwd", repo / "escape")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "links")
    tree = tree_of(repo)
    try:
        assert tree.present("LICENSE") and tree.read_text("LICENSE") == FileText("MIT\n")
        assert not tree.present("escape")
        assert tree.read_start("LICENSE", 2) == b"MI"
    finally:
        tree.close()


def test_the_empty_tree_has_no_files(make_repo: MakeRepo) -> None:
    repo = make_repo(FILES)
    tree = TreeRepo(Repo(repo), "")
    assert tree.files == () and not tree.present("README.md")
    assert tree.glob(compile_globs(("readme*",))) == ()
    tree.close()


def test_the_object_reader_answers_missing_names_and_names_with_spaces(
    make_repo: MakeRepo,
) -> None:
    repo = make_repo(FILES)
    reader = ObjectReader(str(repo))
    try:
        assert reader.read("HEAD:no such file") is None
        assert reader.read("HEAD:docs/deep/a b.md") == ("blob", b"text\n")
        assert reader.read("HEAD:a\nb") is None
        assert reader.read("HEAD:README.md") == ("blob", b"# x\n")
    finally:
        reader.close()
    reader.close()  # closing twice is harmless
