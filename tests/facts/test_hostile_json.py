"""Hostile JSON through the real command line: integers longer than Python converts and
nesting deeper than its stack end with a positioned problem (exit 2) in ``--pr-json``, the
GitHub event file and ``--baseline``, and in an audit journal being resumed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers.cli import run_policylint
from tests.helpers.repos import MakeRepo

LONG = "9" * 5000
DEEP = "[" * 100_000 + "]" * 100_000


def test_a_long_integer_in_pr_json(make_repo: MakeRepo) -> None:
    repo = make_repo({"README.md": "# x\n"})
    (repo / "pr.json").write_text('{"title": "x",\n "number": ' + LONG + "}\n")
    proc = run_policylint("check", "--pr-json", "pr.json", cwd=repo)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        "policylint: pr.json:2:12: an integer of 5,000 digits; at most 4,300 are read\n"
    )


def test_deep_nesting_in_pr_json_is_positioned(make_repo: MakeRepo) -> None:
    repo = make_repo({"README.md": "# x\n"})
    (repo / "pr.json").write_text('{"title": "x", "x": ' + DEEP + "}\n")
    proc = run_policylint("check", "--pr-json", "pr.json", cwd=repo)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        "policylint: pr.json:1:520: invalid JSON: nested deeper than 500 levels\n"
    )


def test_a_long_integer_in_the_github_event_file(make_repo: MakeRepo) -> None:
    repo = make_repo({"README.md": "# x\n"})
    event = repo / "event.json"
    event.write_text('{"pull_request": {"number": ' + LONG + "}}\n")
    env = {
        **os.environ,
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(event),
    }
    proc = run_policylint("check", cwd=repo, env=env)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        f"policylint: {event}:1:29: an integer of 5,000 digits; at most 4,300 are read\n"
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"version": ' + LONG + "}", "1:13: an integer of 5,000 digits; at most 4,300 are read"),
        (
            '{"version": 1,\n "x": ' + DEEP + "}",
            "2:506: invalid JSON: nested deeper than 500 levels",
        ),
    ],
)
def test_a_baseline_that_json_cannot_convert(make_repo: MakeRepo, text: str, problem: str) -> None:
    repo = make_repo({"README.md": "# x\n"})
    (repo / "b.json").write_text(text + "\n")
    proc = run_policylint("check", "--baseline", "b.json", cwd=repo)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == f"policylint: b.json:{problem}\n"


def test_resuming_a_journal_with_a_deeply_nested_line(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo({"README.md": "# x\n"}, name="one")
    journal = tmp_path / "audit.jsonl"
    journal.write_text('{"version": 1, "name": "one"}\n' + DEEP + "\n")
    proc = run_policylint(
        "audit", str(repo), "--journal", str(journal), "--resume", "--no-progress", cwd=tmp_path
    )
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == f"policylint: {journal}:2: not an audit journal row\n"


def test_a_base_that_cannot_be_used_is_named_where_it_is_written(make_repo: MakeRepo) -> None:
    repo = make_repo({"README.md": "# x\n"})
    (repo / "pr.json").write_text('{"title": "x",\n "base_ref": "-x"}\n')
    proc = run_policylint("check", "--pr-json", "pr.json", cwd=repo)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        "policylint: pr.json:2:14: $.base_ref: '-x' is not a git revision: give a branch, tag "
        "or commit id (such as origin/main or HEAD), not an option or a range\n"
    )
