"""policylint.facts.repo: listing a checkout, globbing it and reading its files safely."""

from __future__ import annotations

import os

import pytest

from policylint.display import printable
from policylint.errors import RepoError
from policylint.facts import repo as repo_module
from policylint.facts.repo import FileText, Repo
from policylint.git import start_git
from policylint.globs import compile_globs
from tests.helpers.repos import write_files

NON_UTF8 = os.fsdecode(b"caf\xe9.md")  # a Latin-1 name: "caf\udce9.md" in Python


def test_a_checkout_lists_what_git_tracks(make_repo):
    root = make_repo({".gitignore": "*.log\n", "README.md": "# x\n", "src/a.py": ""})
    write_files(root, {"new.txt": "untracked", "debug.log": "ignored"})
    repo = Repo(root)
    assert repo.is_git
    assert repo.files == (".gitignore", "README.md", "src/a.py")
    assert Repo(root, untracked=True).files == (".gitignore", "README.md", "new.txt", "src/a.py")


def test_staged_files_count_before_the_first_commit(make_repo):
    root = make_repo({"README.md": "x"}, commit=False)
    assert Repo(root).files == ("README.md",)


def test_a_plain_directory_is_walked_honouring_nested_gitignores(make_repo):
    root = make_repo(
        {
            ".gitignore": "build/\n*.log\n",
            "README.md": "",
            "build/out.txt": "",
            "app.log": "",
            "sub/.gitignore": "!keep.log\nlocal.txt\n",
            "sub/keep.log": "",
            "sub/other.log": "",
            "sub/local.txt": "",
            "sub/deeper/local.txt": "",
            "local.txt": "",
            ".hg/store": "",
        },
        use_git=False,
    )
    repo = Repo(root)
    assert not repo.is_git
    assert repo.files == (".gitignore", "README.md", "local.txt", "sub/.gitignore", "sub/keep.log")


def test_a_link_to_a_directory_is_listed_not_followed(make_repo):
    root = make_repo({"docs/a.md": ""}, use_git=False)
    (root / "alias").symlink_to("docs", target_is_directory=True)
    assert Repo(root).files == ("alias", "docs/a.md")


@pytest.mark.parametrize("use_git", [True, False])
def test_a_non_utf8_file_name_never_crashes_and_stays_readable(make_repo, use_git):
    root = make_repo({"README.md": "# x\n"}, use_git=use_git, commit=False)
    with open(os.path.join(os.fsencode(root), b"caf\xe9.md"), "wb") as handle:
        handle.write(b"# Caf\xe9\n")
    if use_git:
        from tests.helpers.repos import git

        git(root, "add", "-A")
    repo = Repo(root)
    assert repo.files == ("README.md", NON_UTF8)
    assert repo.glob(compile_globs(("*.md",))) == ("README.md", NON_UTF8)
    assert repo.read_text(NON_UTF8) == FileText(os.fsdecode(b"# Caf\xe9\n"))
    assert printable(NON_UTF8) == "caf\\xe9.md"


def test_read_text_returns_text_with_undecodable_bytes_kept(make_repo):
    root = make_repo({"a.md": "Grüße\n", "latin.txt": b"caf\xe9"})
    repo = Repo(root)
    assert repo.read_text("a.md") == FileText("Grüße\n")
    assert repo.read_text("latin.txt").text == "caf\udce9"


def test_read_text_refuses_binary_oversized_and_missing_files(make_repo):
    root = make_repo({"logo.png": b"\x89PNG\r\n\x1a\n\0\0", "big.md": "x" * 11, "d/x": ""})
    repo = Repo(root)
    assert repo.read_text("logo.png") == FileText(None, "logo.png: a binary file, skipped")
    assert repo.read_text("big.md", limit=10) == FileText(
        None, "big.md: larger than 10 bytes, skipped"
    )
    assert repo.read_text("big.md", limit=11) == FileText("x" * 11)
    assert repo.read_text("gone.md") == FileText(
        None, "gone.md: cannot be read (missing or a broken link)"
    )
    assert repo.read_text("d") == FileText(None, "d: not a regular file")


def test_read_text_never_follows_a_link_out_of_the_checkout(make_repo, tmp_path):
    (tmp_path / "secret.txt").write_text("outside", encoding="utf-8")
    root = make_repo({"README.md": "inside\n"})
    (root / "leak.md").symlink_to(tmp_path / "secret.txt")
    (root / "up.md").symlink_to("../secret.txt")
    (root / "alias.md").symlink_to("README.md")
    repo = Repo(root)
    assert repo.read_text("leak.md") == FileText(
        None, "leak.md: a link out of the checkout, not followed"
    )
    assert repo.read_text("up.md").note == "up.md: a link out of the checkout, not followed"
    assert repo.read_text("../secret.txt").note == (
        "../secret.txt: a link out of the checkout, not followed"
    )
    assert repo.read_text("alias.md") == FileText("inside\n")


def test_a_repo_must_be_a_directory(tmp_path):
    with pytest.raises(RepoError) as info:
        Repo(tmp_path / "nope")
    assert str(info.value) == f"{tmp_path / 'nope'}: not a directory"


GLOBS = [
    ("docs/*.md",),
    ("/docs/**",),
    ("docs/api/",),
    ("Docs/API/*.md",),
    ("*.md",),
    ("/README*", "/.github/README*"),
    ("src/pkg/**/*.py", "!src/pkg/vendor/**"),
    ("src/*/vendor/",),
    ("nothing/here/*",),
    ("/readme*",),
    ("/LICENSE*", "/licenses/"),
    ("/docs/readme*", "!/docs/readme/old*"),
    ("/api/*.md",),
]


@pytest.mark.parametrize("ignore_case", [False, True])
def test_glob_prunes_by_prefix_yet_finds_what_a_full_scan_finds(make_repo, ignore_case):
    names = [
        "README.md", ".github/README.md", "docs/index.md", "docs/api/x.md", "docs/api/deep/y.md",
        "Docs/API/z.md", "DOCS/other.md", "docsx/a.md", "src/pkg/a.py", "src/pkg/sub/b.py",
        "src/pkg/vendor/c.py", "src/other/vendor/d.c", "src/Pkg/e.py", "readme-dir/x.md",
        "docs/readme/y.md", "docs/readme/old.md", "LICENSES/MIT.txt", "licenses.txt",
    ]  # fmt: skip
    repo = Repo(make_repo(dict.fromkeys(names, "")))
    for patterns in GLOBS:
        globs = compile_globs(patterns, ignore_case=ignore_case)
        assert repo.glob(globs) == tuple(p for p in repo.files if globs.match(p)), patterns
        for base in ("docs", "Docs", ".github", "src/pkg", "nothing"):
            full_scan = tuple(
                p
                for p in repo.files
                if _under(p, base, ignore_case) and globs.match(p[len(base) + 1 :])
            )
            assert repo.glob(globs, base=base) == full_scan, (patterns, base)
    some = compile_globs(("docs/api/",), ignore_case=ignore_case)
    expected = ["Docs/API/z.md"] if ignore_case else []
    assert list(repo.glob(some)) == [*expected, "docs/api/deep/y.md", "docs/api/x.md"]


def _under(path, base, ignore_case):
    prefix = base + "/"
    return path[: len(prefix)].lower() == prefix.lower() if ignore_case else path.startswith(prefix)


def test_present_is_true_only_for_regular_files_inside_the_checkout(make_repo, tmp_path):
    (tmp_path / "outside.txt").write_text("x", encoding="utf-8")
    root = make_repo({"README.md": "x", "src/a.py": ""})
    (root / "dangling").symlink_to("/nonexistent")
    (root / "leak").symlink_to(tmp_path / "outside.txt")
    (root / "up").symlink_to("../outside.txt")
    (root / "alias").symlink_to("src/a.py")
    (root / "srcdir").symlink_to("src")
    repo = Repo(root)
    present = {p: repo.present(p) for p in ("README.md", "src/a.py", "alias", "srcdir/a.py")}
    assert present == {"README.md": True, "src/a.py": True, "alias": True, "srcdir/a.py": True}
    absent = ("dangling", "leak", "up", "srcdir", "src", "missing.md", "../outside.txt")
    assert [p for p in absent if repo.present(p)] == []


def test_present_looks_at_each_path_once(make_repo):
    root = make_repo({"README.md": "x"})
    repo = Repo(root)
    assert repo.present("README.md")
    (root / "README.md").unlink()
    assert repo.present("README.md")  # the answer of the run's first look, kept for the run
    assert not Repo(root).present("README.md")


def test_a_failed_listing_is_not_retried(make_repo, monkeypatch):
    root = make_repo({"README.md": "x"})
    (root / ".git" / "index").write_bytes(b"garbage")
    calls = []
    monkeypatch.setattr(repo_module, "start_git", lambda *a: calls.append(a) or start_git(*a))
    repo = Repo(root)
    failure = f"{root}: git ls-files failed: fatal: .git/index: index file smaller than expected"
    reads = (lambda: repo.files, lambda: repo.file_set, lambda: repo.is_git, lambda: repo.files)
    for read in reads:
        with pytest.raises(RepoError) as caught:
            read()
        assert str(caught.value) == failure
    assert len(calls) == 1


def test_a_prefetched_listing_is_the_listing_and_runs_git_once(make_repo, monkeypatch):
    root = make_repo({"README.md": "x", "src/a.py": "a = 1\n"})
    calls = []
    monkeypatch.setattr(repo_module, "start_git", lambda *a: calls.append(a) or start_git(*a))
    repo = Repo(root)
    repo.prefetch()
    repo.prefetch()  # once is enough: the second call starts nothing
    assert len(calls) == 1
    assert repo.files == ("README.md", "src/a.py")
    assert repo.is_git
    repo.prefetch()  # already listed: nothing more
    assert len(calls) == 1


def test_a_prefetched_listing_that_fails_says_why(make_repo):
    root = make_repo({"README.md": "x"})
    (root / ".git" / "index").write_bytes(b"garbage")
    repo = Repo(root)
    repo.prefetch()
    with pytest.raises(RepoError) as caught:
        _ = repo.files
    assert str(caught.value) == (
        f"{root}: git ls-files failed: fatal: .git/index: index file smaller than expected"
    )


def test_a_prefetched_directory_outside_git_is_walked(tmp_path):
    (tmp_path / "README.md").write_text("x")
    repo = Repo(tmp_path)
    repo.prefetch()
    assert repo.files == ("README.md",)
    assert not repo.is_git
