"""The commit being made, read in a real commit-msg hook and compared with the commit git then
records: message cleanup (editor or not, ``-v``, ``core.commentChar``, ``commit.cleanup``),
identities (``--author``), parents (first commit, merges)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from policylint.errors import RepoError
from policylint.facts.commits import Commit, read_commits
from policylint.facts.message import (
    MESSAGE_LIMIT,
    clean_message,
    commit_from_file,
    cut_at_scissors,
    strip_space,
)
from policylint.facts.ranges import ChangeError
from tests.helpers.repos import GIT_ENV, MakeRepo, git

SOB = "Signed-off-by: Ada Lovelace <ada@example.org>"
CUT = "# ------------------------ >8 ------------------------\n"

# Run by git as the commit-msg hook: the commit as policylint reads it, saved for the test.
CAPTURE = """\
import json, os, sys
from policylint.facts.message import commit_from_file
commit = commit_from_file(os.getcwd(), sys.argv[1], os.environ)
with open(os.path.join(".git", "captured.json"), "w", encoding="utf-8") as stream:
    json.dump(commit._asdict(), stream)
"""
# Run by git as the editor: the message in $MESSAGE above what git wrote (its comments).
EDITOR = """\
import os, sys
with open(sys.argv[1], encoding="utf-8") as stream:
    template = stream.read()
with open(sys.argv[1], "w", encoding="utf-8") as stream:
    stream.write(os.environ["MESSAGE"] + template)
"""


@pytest.fixture
def hooked(make_repo: MakeRepo, tmp_path: Path) -> Path:
    """A repository with one commit whose commit-msg hook captures policylint's reading."""
    repo = make_repo({"README.md": "# x\n"})
    scripts = tmp_path / "scripts"
    scripts.mkdir()
    (scripts / "capture.py").write_text(CAPTURE)
    (scripts / "editor.py").write_text(EDITOR)
    hook = repo / ".git" / "hooks" / "commit-msg"
    hook.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{scripts / "capture.py"}" "$1"\n')
    hook.chmod(0o755)
    return repo


def commit_with_hook(repo: Path, *args: str, message: str | None = None) -> tuple[Commit, Commit]:
    """Commit a change with ``git commit ARGS`` (the editor writes ``message`` when given); return
    (the commit the hook read, the commit git recorded)."""
    (repo / "file.txt").write_text(f"{len(list(repo.iterdir()))} {args}\n")
    git(repo, "add", "file.txt")
    env = {**os.environ, **GIT_ENV}
    if message is not None:
        env["GIT_EDITOR"] = f'"{sys.executable}" "{repo.parent / "scripts" / "editor.py"}"'
        env["MESSAGE"] = message
    subprocess.run(["git", "-C", str(repo), "commit", "-q", *args], env=env, check=True)
    return captured(repo), read_commits(str(repo), None, "HEAD")[0]


def captured(repo: Path) -> Commit:
    fields = json.loads((repo / ".git" / "captured.json").read_text(encoding="utf-8"))
    fields["parents"] = tuple(fields["parents"])
    fields["trailers"] = tuple(tuple(pair) for pair in fields["trailers"])
    return Commit(**fields)


def assert_same(seen: Commit, recorded: Commit) -> None:
    assert seen.sha == ""  # the commit does not exist yet
    assert seen._replace(sha=recorded.sha) == recorded


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(("-m", f"feat: add\n\nBody text.\n\n{SOB}"), None, id="-m with a sign-off"),
        pytest.param(("-m", "#123 fix the parser"), None, id="-m keeps a line starting with #"),
        pytest.param(("-m", "  subject  \n\n\n\nbody  \n\n"), None, id="-m whitespace tidied"),
        pytest.param((), f"fix: it\n\nWhy.\n\n{SOB}\n", id="editor: comments dropped"),
        pytest.param(("-v",), "fix: verbose\n\nBody.\n", id="editor -v: diff cut off"),
        pytest.param(("-e", "-m", "feat: x"), "docs: y\n", id="-e -m: editor used"),
        pytest.param(("-s", "-m", "fix: signed"), None, id="-s adds the sign-off"),
    ],
)
def test_the_hook_reads_the_message_git_records(
    hooked: Path, args: tuple[str, ...], message: str | None
) -> None:
    seen, recorded = commit_with_hook(hooked, *args, message=message)
    assert_same(seen, recorded)


AUTO = {"core.commentChar": "auto"}


@pytest.mark.parametrize(
    ("config", "args", "message"),
    [
        ({"core.commentChar": ";"}, ("-v",), "fix: x\n#kept\n; dropped\n"),
        (AUTO, ("-v",), "fix: x\n"),
        (AUTO, ("-e", "-m", "#1 fix: so git picks ;"), "#2 kept\n"),
        (AUTO, ("-v", "-e", "-m", "#1 fix\n;2\n@3"), "!4 kept\n"),
        ({"commit.cleanup": "whitespace"}, ("-v",), "fix: x\n"),
        ({"commit.cleanup": "verbatim"}, (), "fix: x  \n\n\n"),
        ({"commit.cleanup": "scissors"}, (), "fix: x\n# kept\n"),
        ({"commit.cleanup": "strip", **AUTO}, ("-v",), "fix: x\n"),
    ],
    ids=repr,
)
def test_comment_char_and_cleanup_settings_are_honoured(
    hooked: Path, config: dict[str, str], args: tuple[str, ...], message: str
) -> None:
    for key, value in config.items():
        git(hooked, "config", key, value)
    seen, recorded = commit_with_hook(hooked, *args, message=message)
    assert_same(seen, recorded)


def test_author_given_to_git_commit_is_the_author(hooked: Path) -> None:
    seen, recorded = commit_with_hook(
        hooked, "--author", "Grace Hopper <grace@example.org>", "-m", "x"
    )
    assert (seen.author_name, seen.author_email) == ("Grace Hopper", "grace@example.org")
    assert (seen.committer_name, seen.committer_email) == ("Ada Lovelace", "ada@example.org")
    assert_same(seen, recorded)


def test_first_commit_has_no_parents(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo({}, name="empty")
    message = tmp_path / "msg"
    message.write_text("feat: first\n")
    commit = commit_from_file(str(repo), str(message), {})
    ada = ("Ada Lovelace", "ada@example.org")
    assert commit == Commit("", "feat: first", "", *ada, *ada, parents=())


def test_a_merge_being_committed_has_both_parents(hooked: Path) -> None:
    git(hooked, "checkout", "-q", "-b", "topic")
    (hooked / "topic.txt").write_text("t\n")
    git(hooked, "add", "topic.txt")
    git(hooked, "commit", "-q", "-m", "topic")
    git(hooked, "checkout", "-q", "main")
    (hooked / "main.txt").write_text("m\n")
    git(hooked, "add", "main.txt")
    git(hooked, "commit", "-q", "--no-verify", "-m", "main")
    git(hooked, "merge", "-q", "--no-ff", "-m", "Merge topic", "topic")
    seen, recorded = captured(hooked), read_commits(str(hooked), None, "HEAD")[0]
    assert seen.is_merge
    assert_same(seen, recorded)


def test_an_unreadable_message_file_is_a_clear_error(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo({"README.md": "x"})
    missing = tmp_path / "nothing"
    with pytest.raises(RepoError) as caught:
        commit_from_file(str(repo), str(missing), {})
    assert (
        str(caught.value) == f"{missing}: cannot read the commit message: No such file or directory"
    )
    with pytest.raises(RepoError) as caught:
        commit_from_file(str(repo), str(tmp_path), {})
    assert str(caught.value) == f"{tmp_path}: cannot read the commit message: Is a directory"


def test_outside_a_git_checkout_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "msg").write_text("x\n")
    with pytest.raises(ChangeError) as caught:
        commit_from_file(str(tmp_path), str(tmp_path / "msg"), {})
    assert str(caught.value) == (
        f"{tmp_path}: not a git repository: a change can only be read from a git checkout "
        "(run policylint in a clone, or leave out the change options)"
    )


def test_undecodable_and_oversized_messages_are_read(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo({"README.md": "x"})
    message = tmp_path / "msg"
    message.write_bytes(b"fix: caf\xe9\n\n" + b"x" * (2 * MESSAGE_LIMIT))
    commit = commit_from_file(str(repo), str(message), {"GIT_EDITOR": ":"})
    assert commit.subject == "fix: caf\N{REPLACEMENT CHARACTER}"
    assert commit.body == "x" * (MESSAGE_LIMIT - len(b"fix: caf\xe9\n\n"))


def test_strip_space_is_gits_stripspace() -> None:
    text = "\n\n  \nsubject \t\n# comment\n\n\n\nbody\r\n#more\n\n"
    assert strip_space(text, "#") == "subject\n\nbody\n"
    assert strip_space(text, None) == "subject\n# comment\n\nbody\n#more\n"
    assert strip_space("# only comments\n", "#") == ""


def test_scissors_cut_only_at_a_whole_line() -> None:
    assert cut_at_scissors(f"fix\n{CUT}diff --git\n", "#") == "fix\n"
    assert cut_at_scissors(f"{CUT}fix\n", "#") == ""
    assert cut_at_scissors(f"fix {CUT}", "#") == f"fix {CUT}"
    assert cut_at_scissors(f"fix\n{CUT}".replace("#", ";"), ";") == "fix\n"


def test_without_an_editor_comments_stay_unless_strip_is_configured() -> None:
    text = "#42 fix\n# note\n"
    assert clean_message(text, "default", "#", editor_used=False) == "#42 fix\n# note\n"
    assert clean_message(text, "default", "#", editor_used=True) == ""
    assert clean_message(text, "strip", "#", editor_used=False) == ""
    assert clean_message(text + "\n\n", "verbatim", "#", editor_used=True) == text + "\n\n"
