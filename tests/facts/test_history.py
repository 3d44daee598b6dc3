"""History facts on real repositories whose commits carry chosen dates (built with git
fast-import): last changes under globs, distinct authors, shallow clones, and speed."""

from __future__ import annotations

import datetime
import os
import time
from pathlib import Path

import pytest

from policylint.facts import Facts
from policylint.facts.gathering import Request, gather
from policylint.facts.history import Author, History, HistoryError, pathspecs
from policylint.facts.repo import Repo
from policylint.globs import compile_globs
from tests.helpers.history import BOB, Commit, build, seconds, shallow_clone
from tests.helpers.repos import MakeRepo

SIMPLE = [
    Commit("2025-01-10", {"README.md": "# x\n", "docs/index.md": "a", "src/app.py": "1"}),
    Commit("2025-03-01", {"docs/index.md": "b"}, author=BOB),
    Commit("2025-06-01", {"src/app.py": "2", "src/lib/util.py": "u"}),
    Commit("2025-09-01", {"src/app.py": "3"}, author="Carol <CAROL@example.org>"),
    Commit("2025-10-01", {"src/lib/util.py": None}, author="Carol <carol@example.org>"),
]


@pytest.fixture
def simple(tmp_path: Path) -> History:
    return History(str(build(tmp_path / "simple", SIMPLE)))


def test_constructing_a_history_runs_no_git(tmp_path: Path):
    history = History(str(tmp_path / "does-not-exist"))
    assert history.root == str(tmp_path / "does-not-exist")
    with pytest.raises(HistoryError, match=r"^git log failed: fatal: cannot change to"):
        history.authors(0)


def test_log_lists_commits_newest_first_with_paths_for_path_queries(simple: History):
    entries = simple.log(seconds("2025-05-01"), ())
    assert [(e.time, e.name, e.email, e.paths) for e in entries] == [
        (seconds("2025-10-01"), "Carol", "carol@example.org", ("src/lib/util.py",)),
        (seconds("2025-09-01"), "Carol", "CAROL@example.org", ("src/app.py",)),
        (
            seconds("2025-06-01"),
            "Ada Lovelace",
            "ada@example.org",
            ("src/app.py", "src/lib/util.py"),
        ),
    ]
    assert all(len(e.commit) == 40 for e in entries)
    assert [e.paths for e in simple.log(seconds("2025-05-01"))] == [(), (), ()]


def test_the_log_is_read_once_per_question(simple: History):
    first = simple.log(0, ("docs",))
    assert simple.log(0, ("docs",)) is first
    assert len(first) == 2 and len(simple.log(0)) == 5


def test_last_changed_per_glob_set(simple: History):
    docs, code, util, none = (
        compile_globs(("docs/**",)),
        compile_globs(("src/**", "!src/lib/**")),
        compile_globs(("util.py",)),
        compile_globs(("nothing/**",)),
    )
    assert simple.last_changed((docs, code, util, none), 0) == (
        seconds("2025-03-01"),
        seconds("2025-09-01"),
        seconds("2025-10-01"),  # a deletion is a change
        None,
    )
    assert simple.last_changed((docs, code), seconds("2025-04-01")) == (None, seconds("2025-09-01"))


def test_pathspecs_are_the_globs_literal_directories():
    docs, code = compile_globs(("docs/**", "doc/*.rst")), compile_globs(("src/**/*.py",))
    assert pathspecs((docs, code)) == (":(literal)doc", ":(literal)docs", ":(literal)src")
    folded = compile_globs(("Docs/**",), ignore_case=True)
    assert pathspecs((folded,)) == (":(literal,icase)Docs",)
    assert pathspecs((docs, compile_globs(("*.md",)))) == ()  # anywhere: the whole tree


def test_authors_are_distinct_by_email_ignoring_case_latest_first(simple: History):
    assert simple.authors(0) == (
        Author("Carol", "carol@example.org", seconds("2025-10-01")),
        Author("Ada Lovelace", "ada@example.org", seconds("2025-06-01")),
        Author("Bob Example", "bob@example.org", seconds("2025-03-01")),
    )
    assert [a.email for a in simple.authors(seconds("2025-07-01"))] == ["carol@example.org"]


def test_mailmap_merges_identities(tmp_path: Path):
    root = build(
        tmp_path / "r",
        [
            Commit(
                "2025-01-01", {".mailmap": "Ada Lovelace <ada@example.org> <ada@old.example>\n"}
            ),
            Commit("2025-02-01", {"a": "1"}, author="A. L. <ada@old.example>"),
        ],
    )
    assert History(str(root)).authors(0) == (
        Author("Ada Lovelace", "ada@example.org", seconds("2025-02-01")),
    )


def test_merge_commits_count_as_authors_but_touch_no_files(tmp_path: Path):
    commits = [
        Commit("2025-01-01", {"a": "1"}),
        Commit("2025-02-01", {"b": "1"}, author=BOB),
        Commit("2025-03-01", {}, author="Maintainer <m@example.org>", merge=1),
    ]
    history = History(str(build(tmp_path / "r", commits)))
    assert history.authors(0)[0].email == "m@example.org"
    assert [e.paths for e in history.log(0, ())] == [(), ("b",), ("a",)]


def test_a_repository_without_commits_has_no_history(make_repo: MakeRepo):
    history = History(str(make_repo({})))
    assert history.authors(0) == ()
    assert history.last_changed((compile_globs(("*",)),), 0) == (None,)
    assert history.shallow == frozenset() and history.cut(0) is None


def test_names_are_relative_to_a_subdirectory_root(simple: History):
    sub = History(os.path.join(simple.root, "src"))
    assert [e.paths for e in sub.log(0, ())][:2] == [("lib/util.py",), ("app.py",)]
    assert sub.last_changed((compile_globs(("app.py",)),), 0) == (seconds("2025-09-01"),)


def test_odd_file_names_survive(make_repo: MakeRepo):
    name = "docs/a\nb \x1e\x1f\u00e9.md"
    history = History(str(make_repo({name: "x", "-z": "y"})))
    assert [e.paths for e in history.log(0, ())] == [("-z", name)]
    assert history.last_changed((compile_globs(("docs/**",)),), 0)[0] is not None


def test_a_complete_history_is_not_cut(simple: History):
    assert simple.shallow == frozenset()
    assert simple.cut(0) is None


def test_a_shallow_clone_is_cut_and_its_boundary_touches_nothing(tmp_path: Path):
    source = build(tmp_path / "source", SIMPLE)
    clone = History(str(shallow_clone(source, tmp_path / "clone", depth=2)))
    boundary = clone.log(0)[-1]
    assert clone.shallow == frozenset({boundary.commit})
    assert boundary.time == seconds("2025-09-01")
    assert clone.cut(0) == seconds("2025-09-01")
    assert clone.cut(seconds("2025-09-02")) is None  # the cut lies before the period
    docs, code = compile_globs(("docs/**",)), compile_globs(("src/**",))
    # The boundary commit lists every file as added; that is no change to the docs.
    assert clone.last_changed((docs, code), 0) == (None, seconds("2025-10-01"))


def test_gather_gives_history_for_a_git_checkout_only(make_repo: MakeRepo):
    root = make_repo({"README.md": "# x\n"})
    facts = gather(Repo(root), Request(detect_ci=False), {}, params={}, now=0.0)
    assert isinstance(facts.history, History) and facts.history.root == str(Repo(root).root)
    plain = make_repo({"README.md": "# x\n"}, use_git=False)
    assert gather(Repo(plain), Request(detect_ci=False), {}, params={}, now=0.0).history is None


def test_facts_without_history_say_how_to_get_it(make_repo: MakeRepo):
    facts = Facts(repo=Repo(make_repo({}, use_git=False)))
    assert facts.why_missing(frozenset({"repo", "history"})) == (
        "needs history facts, which this run does not have "
        "(history: a git checkout (history is read from git log))"
    )


def test_queries_stay_fast_on_a_few_thousand_commits(tmp_path: Path):
    areas = ("docs", "src/core", "src/cli", "tests", "tools")
    start = seconds("2020-01-01")
    commits = [  # one commit every 13 hours over six years, by 40 people
        Commit(
            datetime.datetime.fromtimestamp(start + n * 47_000, datetime.timezone.utc).isoformat(),
            {f"{areas[n % 5]}/f{n % 97}.txt": str(n), f"{areas[n * 7 % 5]}/g{n % 13}": str(n)},
            author=f"Dev {n % 40} <dev{n % 40}@example.org>",
        )
        for n in range(4000)
    ]
    history = History(str(build(tmp_path / "big", commits)))
    docs, code = compile_globs(("docs/**",)), compile_globs(("src/**",))
    begin = time.perf_counter()
    last = history.last_changed((docs, code), seconds("2024-01-01"))
    authors = history.authors(seconds("2025-01-01"))
    elapsed = time.perf_counter() - begin
    assert last[0] is not None and last[1] is not None and len(authors) == 40
    assert elapsed < 1.0, f"history queries took {elapsed:.2f} s"
