"""Change facts from real git repositories: statuses, renames, line counts, odd names, staged
changes, root pushes, and the fail-closed errors (shallow clones, unfetched bases)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import pytest

from policylint import git as git_module
from policylint.errors import RepoError
from policylint.facts import change as change_module
from policylint.facts import ranges
from policylint.facts.change import (
    Change,
    ChangedFile,
    ChangeError,
    pre_push_range,
    read_range,
    read_staged,
)
from tests.helpers.repos import MakeRepo, git

LINES = "".join(f"line {i}\n" for i in range(20))


def head(repo: Path, rev: str = "HEAD") -> str:
    return git(repo, "rev-parse", rev).strip()


def commit_all(repo: Path, message: str = "change") -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return head(repo)


def test_added_modified_deleted_renamed_binary(make_repo: MakeRepo) -> None:
    repo = make_repo(
        {"keep.txt": "a\nb\n", "gone.txt": "x\n", "old/name.py": LINES, "logo.png": b"\x89PNG\0"}
    )
    base = head(repo)
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "keep.txt").write_text("a\nB\nc\n")
    (repo / "gone.txt").unlink()
    (repo / "new").mkdir()
    (repo / "old/name.py").rename(repo / "new/name.py")
    (repo / "new/name.py").write_text(LINES + "one more\n")
    (repo / "logo.png").write_bytes(b"\x89PNG\0\1")
    (repo / "added.md").write_text("1\n2\n3\n")
    tip = commit_all(repo)
    change, commits = read_range(str(repo), "main", "feature")
    assert change == Change(
        base=base,
        head=tip,
        merge_base=base,
        files=(
            ChangedFile("added.md", "added", None, 3, 0),
            ChangedFile("gone.txt", "deleted", None, 0, 1),
            ChangedFile("keep.txt", "modified", None, 2, 1),
            ChangedFile("logo.png", "modified", None, None, None),
            ChangedFile("new/name.py", "renamed", "old/name.py", 1, 0),
        ),
        description="main...feature",
    )
    assert change.files[3].binary
    assert [c.sha for c in commits] == [tip]


def test_three_dot_diff_ignores_what_the_base_did_since(make_repo: MakeRepo) -> None:
    repo = make_repo({"README.md": "x\n"})
    fork_point = head(repo)
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "mine.txt").write_text("mine\n")
    commit_all(repo)
    git(repo, "checkout", "-q", "main")
    (repo / "theirs.txt").write_text("theirs\n")
    (repo / "README.md").write_text("changed on main\n")
    main = commit_all(repo)
    change, commits = read_range(str(repo), "main", "feature")
    assert [f.path for f in change.files] == ["mine.txt"]
    assert (change.base, change.merge_base) == (main, fork_point)
    assert [c.subject for c in commits] == ["change"]


def test_copies_when_asked(make_repo: MakeRepo) -> None:
    repo = make_repo({"src.txt": LINES})
    (repo / "src.txt").write_text(LINES + "edit\n")
    (repo / "copy.txt").write_text(LINES)
    commit_all(repo)
    change, _ = read_range(str(repo), "HEAD~1", "HEAD", find_copies=True)
    assert change.files == (
        ChangedFile("copy.txt", "copied", "src.txt", 0, 0),
        ChangedFile("src.txt", "modified", None, 1, 0),
    )
    plain, _ = read_range(str(repo), "HEAD~1", "HEAD")
    assert plain.files[0] == ChangedFile("copy.txt", "added", None, 20, 0)


def test_type_change(make_repo: MakeRepo) -> None:
    repo = make_repo({"a.txt": "a\n", "link": "not yet a link\n"})
    (repo / "link").unlink()
    os.symlink("a.txt", repo / "link")
    commit_all(repo)
    change, _ = read_range(str(repo), "HEAD~1", "HEAD")
    assert change.files == (ChangedFile("link", "type-changed", None, 1, 1),)


def test_non_utf8_and_odd_file_names(make_repo: MakeRepo) -> None:
    repo = make_repo({"README.md": "x\n"})
    latin1 = os.fsdecode(b"caf\xe9.txt")
    Path(repo, latin1).write_text("x\n")
    for name in (":colon.txt", "tab\tand\nnewline.txt", "space name.txt", "ünï.txt"):
        Path(repo, name).write_text("y\n")
    commit_all(repo)
    change, _ = read_range(str(repo), "HEAD~1", "HEAD")
    assert [f.path for f in change.files] == sorted(
        [":colon.txt", "caf\udce9.txt", "space name.txt", "tab\tand\nnewline.txt", "ünï.txt"]
    )
    assert {f.status for f in change.files} == {"added"}


def test_empty_change(make_repo: MakeRepo) -> None:
    repo = make_repo({"README.md": "x\n"})
    change, commits = read_range(str(repo), "HEAD", "HEAD")
    assert change.files == ()
    assert commits == ()
    assert change.base == change.head == change.merge_base == head(repo)


def test_root_push_adds_every_file(make_repo: MakeRepo) -> None:
    repo = make_repo({"README.md": "x\n", "src/a.py": "a\nb\n"})
    (repo / "README.md").write_text("x\ny\n")
    tip = commit_all(repo, "second")
    change, commits = read_range(str(repo), None, "HEAD")
    assert change == Change(
        base="",
        head=tip,
        merge_base="",
        files=(
            ChangedFile("README.md", "added", None, 2, 0),
            ChangedFile("src/a.py", "added", None, 2, 0),
        ),
        description="HEAD against the empty tree",
    )
    assert [c.subject for c in commits] == ["second", "initial commit"]
    assert commits[1].parents == ()


def test_three_git_processes_per_range(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo({"README.md": "x\n"})
    (repo / "a.txt").write_text("a\n")
    commit_all(repo)
    calls: list[str] = []
    real = git_module.start_git

    commands = {"rev-parse", "diff-tree", "log", "for-each-ref"}

    def counting(*args: str, env: Mapping[str, str] | None = None) -> git_module.Started:
        calls.append(next(arg for arg in args if arg in commands))
        return real(*args, env=env)

    # every git process starts in start_git (run_git is start_git(...).wait())
    monkeypatch.setattr(change_module, "start_git", counting)
    monkeypatch.setattr(ranges, "start_git", counting)
    monkeypatch.setattr(git_module, "start_git", counting)
    read_range(str(repo), "HEAD~1", "HEAD")  # the log starts first, while the range resolves
    assert calls == ["log", "rev-parse", "diff-tree"]
    calls.clear()  # a branch name is checked for ambiguity: one more process
    read_range(str(repo), "main~1", "main")
    assert calls == ["log", "rev-parse", "for-each-ref", "diff-tree"]


def test_user_configuration_does_not_change_the_facts(make_repo: MakeRepo) -> None:
    repo = make_repo({"old.txt": LINES})
    for key, value in {
        "diff.renames": "false",
        "diff.external": "false",
        "diff.noprefix": "true",
        "core.quotePath": "true",
        "log.decorate": "full",
        "log.showRoot": "false",
        "format.pretty": "oneline",
        "i18n.logOutputEncoding": "ISO-8859-1",
    }.items():
        git(repo, "config", key, value)
    git(repo, "mv", "old.txt", "nëw.txt")
    git(repo, "commit", "-q", "-m", "Renamé")
    change, (renamed,) = read_range(str(repo), "HEAD~1", "HEAD")
    assert change.files == (ChangedFile("nëw.txt", "renamed", "old.txt", 0, 0),)
    assert renamed.subject == "Renamé"


def test_staged_change(make_repo: MakeRepo) -> None:
    repo = make_repo({"README.md": "x\n", "old.txt": LINES})
    git(repo, "mv", "old.txt", "new.txt")
    (repo / "README.md").write_text("x\ny\n")
    (repo / "unstaged.txt").write_text("not added\n")
    git(repo, "add", "README.md")
    change = read_staged(str(repo))
    assert change == Change(
        base=head(repo),
        head="",
        merge_base=head(repo),
        files=(
            ChangedFile("README.md", "modified", None, 1, 0),
            ChangedFile("new.txt", "renamed", "old.txt", 0, 0),
        ),
        description="the staged change",
    )


def test_staged_before_the_first_commit(make_repo: MakeRepo) -> None:
    repo = make_repo({"a.txt": "a\n", "b.bin": b"\0\1"}, commit=False)
    change = read_staged(str(repo))
    assert change == Change(
        base="",
        head="",
        merge_base="",
        files=(
            ChangedFile("a.txt", "added", None, 1, 0),
            ChangedFile("b.bin", "added", None, None, None),
        ),
        description="the staged change",
    )


def test_sha256_repository(make_repo: MakeRepo) -> None:
    repo = make_repo({}, use_git=False)
    git(repo, "init", "-q", "--object-format=sha256")
    (repo / "a.txt").write_text("a\n")
    git(repo, "add", "a.txt")
    added = (ChangedFile("a.txt", "added", None, 1, 0),)
    assert read_staged(str(repo)).files == added  # diffed against SHA-256's empty tree
    tip = commit_all(repo)
    change, (only,) = read_range(str(repo), None, "HEAD")
    assert (change.head, change.files, only.sha) == (tip, added, tip)
    assert len(tip) == 64


def test_nothing_staged(make_repo: MakeRepo) -> None:
    repo = make_repo({"a.txt": "a\n"})
    assert read_staged(str(repo)).files == ()


def test_not_a_git_repository(make_repo: MakeRepo) -> None:
    plain = make_repo({"a.txt": "a\n"}, use_git=False)
    expected = (
        f"{plain}: not a git repository: a change can only be read from a git checkout "
        "(run policylint in a clone, or leave out the change options)"
    )
    for read in (lambda: read_range(str(plain), "main"), lambda: read_staged(str(plain))):
        with pytest.raises(ChangeError) as caught:
            read()
        assert str(caught.value) == expected
        assert isinstance(caught.value, RepoError)  # the CLI's exit 2


def test_unknown_head(make_repo: MakeRepo) -> None:
    repo = make_repo({"a.txt": "a\n"})
    with pytest.raises(ChangeError) as caught:
        read_range(str(repo), "main", "nope")
    assert str(caught.value) == (
        "head 'nope' is not a commit in this repository: check its name; if it was not "
        "fetched, fetch it with `git fetch origin +refs/heads/nope:refs/remotes/origin/nope`, "
        "then use origin/nope as the head"
    )


def test_no_commit_yet(make_repo: MakeRepo) -> None:
    repo = make_repo({"a.txt": "a\n"}, commit=False)
    with pytest.raises(ChangeError) as caught:
        read_range(str(repo), None, "HEAD")
    assert str(caught.value) == "HEAD is not a commit: the repository has no commit yet"


@pytest.mark.parametrize("bad", ["", "--output=x", "a..b", "main...HEAD"])
def test_options_and_ranges_are_refused(make_repo: MakeRepo, bad: str) -> None:
    repo = make_repo({"a.txt": "a\n"})
    with pytest.raises(ChangeError) as caught:
        read_range(str(repo), bad)
    assert str(caught.value) == (
        f"{bad!r} is not a git revision: give a branch, tag or commit id "
        "(such as origin/main or HEAD), not an option or a range"
    )


def test_unrelated_histories(make_repo: MakeRepo) -> None:
    repo = make_repo({"a.txt": "a\n"})
    git(repo, "checkout", "-q", "--orphan", "other")
    git(repo, "commit", "-q", "-m", "orphan")
    with pytest.raises(ChangeError) as caught:
        read_range(str(repo), "main", "other")
    assert str(caught.value) == (
        "'main' and 'other' have no common history (no merge base), so the change between "
        "them cannot be computed: give a base that 'other' was branched from"
    )


@pytest.fixture
def upstream(make_repo: MakeRepo) -> Path:
    """main with history, and a feature branch forked three commits back."""
    repo = make_repo({"README.md": "0\n"}, name="upstream")
    for i in range(1, 4):
        (repo / "README.md").write_text(f"{i}\n")
        commit_all(repo, f"main {i}")
    git(repo, "checkout", "-q", "-b", "feature", "HEAD~2")
    (repo / "feature.txt").write_text("f\n")
    commit_all(repo, "feature work")
    git(repo, "checkout", "-q", "main")
    return repo


def clone(upstream: Path, *args: str) -> Path:
    target = upstream.parent / "clone"
    git(upstream.parent, "clone", "-q", *args, f"file://{upstream}", str(target))
    return target


def test_base_not_fetched(upstream: Path) -> None:
    repo = clone(upstream, "--depth", "1", "--single-branch", "--branch", "feature")
    with pytest.raises(ChangeError) as caught:
        read_range(str(repo), "origin/main", "HEAD")
    assert str(caught.value) == (
        "base 'origin/main' is not a commit in this clone (not fetched?): fetch it with "
        "`git fetch origin +refs/heads/main:refs/remotes/origin/main`; in GitHub Actions, "
        "check out with actions/checkout and `fetch-depth: 0`"
    )
    with pytest.raises(ChangeError) as caught:
        read_range(str(repo), "main", "HEAD")
    assert str(caught.value) == (
        "base 'main' is not a commit in this clone (not fetched?): fetch it with "
        "`git fetch origin +refs/heads/main:refs/remotes/origin/main`, then use origin/main "
        "as the base; in GitHub Actions, check out with actions/checkout and `fetch-depth: 0`"
    )


def test_base_commit_id_not_fetched(upstream: Path) -> None:
    repo = clone(upstream, "--depth", "1", "--single-branch", "--branch", "feature")
    missing = head(upstream, "main")
    with pytest.raises(ChangeError) as caught:
        read_range(str(repo), missing, "HEAD")
    assert str(caught.value) == (
        f"base '{missing}' is not a commit in this clone (not fetched?): fetch it with "
        f"`git fetch origin {missing}`; in GitHub Actions, check out with actions/checkout "
        "and `fetch-depth: 0`"
    )


def test_shallow_clone_without_the_merge_base(upstream: Path) -> None:
    repo = clone(upstream, "--depth", "1", "--branch", "feature")
    git(repo, "fetch", "-q", "--depth", "1", "origin", "+refs/heads/main:refs/remotes/origin/main")
    with pytest.raises(ChangeError) as caught:
        read_range(str(repo), "origin/main", "HEAD")
    assert str(caught.value) == (
        "no merge base between 'origin/main' and 'HEAD' in this shallow clone: the history "
        "that joins them was not fetched. Fetch more of it with `git fetch --deepen=100` "
        "(repeat until a merge base is found) or all of it with `git fetch --unshallow`; "
        "in GitHub Actions, check out with actions/checkout and `fetch-depth: 0`"
    )
    git(repo, "fetch", "-q", "--deepen=3")  # the fix the message gives
    change, commits = read_range(str(repo), "origin/main", "HEAD")
    assert [f.path for f in change.files] == ["feature.txt"]
    assert [c.subject for c in commits] == ["feature work"]


ZEROS = "0" * 40


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"PRE_COMMIT_FROM_REF": "abc", "PRE_COMMIT_TO_REF": "def"}, ("abc", "def")),
        ({"PRE_COMMIT_FROM_REF": ZEROS, "PRE_COMMIT_TO_REF": "def"}, (None, "def")),
        ({"PRE_COMMIT_TO_REF": "def"}, (None, "def")),
        ({"PRE_COMMIT_FROM_REF": "abc", "PRE_COMMIT_TO_REF": ZEROS}, None),
        # pre-commit 2+ also sets the legacy names, swapped: the new ones win
        (
            {
                "PRE_COMMIT_FROM_REF": "abc",
                "PRE_COMMIT_TO_REF": "def",
                "PRE_COMMIT_ORIGIN": "abc",
                "PRE_COMMIT_SOURCE": "def",
            },
            ("abc", "def"),
        ),
        # pre-commit 1: SOURCE is the remote's commit, ORIGIN the pushed one
        ({"PRE_COMMIT_SOURCE": "abc", "PRE_COMMIT_ORIGIN": "def"}, ("abc", "def")),
        (
            {"PRE_COMMIT_LOCAL_BRANCH": "refs/heads/main", "PRE_COMMIT_REMOTE_BRANCH": "main"},
            (None, "refs/heads/main"),
        ),
        ({"PRE_COMMIT_FROM_REF": "abc"}, None),
        ({}, None),
    ],
)
def test_pre_push_range(env: dict[str, str], expected: tuple[str | None, str] | None) -> None:
    assert pre_push_range(env) == expected


def test_pre_push_range_reads_a_real_push(make_repo: MakeRepo) -> None:
    repo = make_repo({"README.md": "x\n"})
    pushed_from = head(repo)
    (repo / "a.txt").write_text("a\n")
    pushed_to = commit_all(repo, "pushed")
    env = {"PRE_COMMIT_FROM_REF": pushed_from, "PRE_COMMIT_TO_REF": pushed_to}
    change, commits = read_range(str(repo), *pre_push_range(env) or ("", ""))
    assert [f.path for f in change.files] == ["a.txt"]
    assert [c.subject for c in commits] == ["pushed"]
