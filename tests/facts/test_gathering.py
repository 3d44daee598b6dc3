"""Only the facts a policy reads are gathered: a commit-message or sign-off run lists no
checkout and diffs nothing, while a bad range is still an error and a rule that may read
anything (``expr``, ``when``) gets everything."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from policylint.engine import facts_read
from policylint.model import Policy, Skip
from tests.helpers.cli import run_policylint
from tests.helpers.repos import MakeRepo, git
from tests.helpers.results import rule

SIGNED = "Add x\n\nSigned-off-by: Ada Lovelace <ada@example.org>\n"


def _git_commands(trace: Path) -> list[str]:
    """The git sub-commands a run started (GIT_TRACE), in order."""
    found = []
    for line in trace.read_text().splitlines():
        if "trace: built-in: git" in line:
            words = line.split("built-in: git ", 1)[1].split()
            found.append(next(w for w in words if not w.startswith(("-", "core.", "attr."))))
    return found


def _traced(repo: Path, *args: str) -> tuple[int, list[str]]:
    trace = repo.parent / "git-trace.txt"
    trace.unlink(missing_ok=True)
    env = {**os.environ, "GIT_TRACE": str(trace)}
    run = run_policylint("check", str(repo), "--no-ci", *args, env=env)
    assert run.returncode in (0, 1), run.stderr
    return run.returncode, _git_commands(trace) if trace.exists() else []


def _branch(make_repo: MakeRepo, policy: str) -> Path:
    repo = make_repo({"README.md": "# x\n", ".policylint.yaml": policy})
    git(repo, "checkout", "-q", "-b", "change")
    (repo / "app.py").write_text("x = 1\n")
    git(repo, "add", "app.py")
    git(repo, "commit", "-q", "-m", SIGNED)
    return repo


def test_a_sign_off_gate_reads_the_commits_and_nothing_else(make_repo: MakeRepo) -> None:
    repo = _branch(make_repo, "extends: [builtin:dco]\n")
    code, commands = _traced(repo, "--base", "main")
    assert code == 0
    assert "log" in commands
    assert "diff-tree" not in commands and "ls-files" not in commands


def test_a_commit_msg_run_of_commit_rules_lists_and_diffs_nothing(make_repo: MakeRepo) -> None:
    repo = make_repo({"README.md": "# x\n", ".policylint.yaml": "extends: [builtin:dco]\n"})
    message = repo.parent / "MSG"
    message.write_text(SIGNED)
    code, commands = _traced(repo, "--commit-msg", str(message))
    assert code == 0
    assert "ls-files" not in commands and "diff-index" not in commands
    message.write_text("Add x\n")  # no sign-off: still judged (the finding is anchored
    code, commands = _traced(repo, "--commit-msg", str(message))  # at a listed file)
    assert code == 1
    assert "diff-index" not in commands


def test_a_bad_base_is_an_error_whatever_the_policy_reads(make_repo: MakeRepo) -> None:
    repo = _branch(make_repo, "extends: [builtin:dco]\n")
    run = run_policylint("check", str(repo), "--no-ci", "--base", "no-such-branch")
    assert run.returncode == 2
    assert "no-such-branch" in run.stderr


def test_repository_rules_in_a_gate_read_the_change_for_the_comparison(
    make_repo: MakeRepo,
) -> None:
    repo = _branch(make_repo, "extends: [builtin:community-health]\n")
    _, commands = _traced(repo, "--base", "main")
    assert "diff-tree" in commands and "ls-files" in commands


def test_what_a_policy_reads() -> None:
    assert facts_read(Policy(("t",), (rule("readme"),))) == {"repo", "change"}
    signed = rule("signed", kind="sign-off", options={})
    assert facts_read(Policy(("t",), (signed,))) == {"commits"}
    notes = rule(
        "notes", kind="co-change", options={"if-changed": ["src/**"], "require": ["CHANGES"]}
    )
    assert facts_read(Policy(("t",), (notes,))) == {"change"}
    opted = notes._replace(skip=Skip(trailers=("No-Release-Note",)))
    assert facts_read(Policy(("t",), (opted,))) == {"change", "commits"}


@pytest.mark.parametrize(
    "anything",
    [rule("x", kind="expr", options={"assert": "true"}), rule("readme", when="true")],
    ids=["expr", "when"],
)
def test_a_rule_that_may_read_anything_gets_everything(anything: object) -> None:
    assert facts_read(Policy(("t",), (rule("readme"), anything))) is None  # type: ignore[arg-type]
