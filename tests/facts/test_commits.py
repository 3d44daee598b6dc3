"""Commit facts from real git: fields, merges, encodings, and trailers parsed exactly as
``git interpret-trailers --parse`` parses them (a differential test against git itself)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from policylint.facts.change import read_range
from policylint.facts.commits import Commit, parse_trailers
from tests.helpers.repos import GIT_ENV, MakeRepo, git

SOB = "Signed-off-by: Ada Lovelace <ada@example.org>"

# Messages whose trailers git and policylint must read alike; each a trap for a parser.
MESSAGES = {
    "plain sign-off": f"Fix the parser\n\nMore words.\n\n{SOB}\n",
    "no body": "Fix the parser\n",
    "sign-off in the subject paragraph": f"Fix the parser\n{SOB}\n",
    "only a title and a trailer block": f"Fix it\n\n{SOB}\nReviewed-by: Bob <b@x.org>\n",
    "sign-off in the middle of the body": f"Fix\n\nBody.\n{SOB}\nmore body text\n\nEnd.\n",
    "continuation lines": "Fix\n\nBody.\n\nCo-authored-by: A\n  B <a@x>\n\tand tabs\nAcked-by: C\n",
    "continuation after a non-trailer": f"Fix\n\nBody.\n\n{SOB}\nnot a trailer\n  cont\n",
    "mixed, 25% trailers with a sign-off": f"Fix\n\nBody\n\n{SOB}\nx y\nz w\nv u\n",
    "mixed, under 25% trailers": f"Fix\n\nBody\n\n{SOB}\na b\nc d\ne f\ng h\n",
    "mixed without a git-generated trailer": "Fix\n\nBody\n\nKey: value\nsome words\n",
    "all custom trailers": "Fix\n\nBody\n\nChange-Id: I123\nBug: 42\nFixes: #7\n",
    "CRLF line ends": f"Fix\r\n\r\nBody\r\n\r\n{SOB}\r\nAcked-by: B <b@x>\r\n",
    "cherry picked line": f"Fix\n\nBody\n\n{SOB}\n(cherry picked from commit {'a' * 40})\n",
    "cherry picked line alone": f"Fix\n\nBody\n\n(cherry picked from commit {'b' * 40})\nx y\n",
    "keys with spaces": "Fix\n\nBody\n\nSigned off by: A\nSee also: B\n",
    "key with space before colon": "Fix\n\nBody\n\nKey : value\nOther\t: v2\n",
    "empty values": f"Fix\n\nBody\n\nReviewed-by:\nAcked-by:   \n{SOB}\n",
    "hash separator is not default": "Fix\n\nBody\n\nBug #123\nFixes #4\n",
    "url looks like a trailer": f"Fix\n\nBody\n\nhttp://example.org/x\n{SOB}\n",
    "comment lines": f"Fix\n\nBody\n\n{SOB}\n# a comment\n# Please enter the message\n",
    "comment inside the block": "Fix\n\nBody\n\nA: b\n# c\nC: d\n",
    "scissors": f"Fix\n\nBody\n\n{SOB}\n# {'-' * 24} >8 {'-' * 24}\nA: b\n",
    "scissors first": f"# {'-' * 24} >8 {'-' * 24}\nFix\n\n{SOB}\n",
    "patch divider": f"Fix\n\nBody\n\n{SOB}\n---\n a.txt | 2 +-\n\nNot-Trailer: x\n",
    "dashes not a divider": f"Fix\n\nBody\n---not a divider\n\n{SOB}\n",
    "divider at the very end": f"Fix\n\nBody\n\n{SOB}\n---",
    "trailing blank lines": f"Fix\n\nBody\n\n{SOB}\n\n\n   \n",
    "no trailing newline": f"Fix\n\nBody\n\n{SOB}",
    "whitespace-only line in block": f"Fix\n\nBody\n\n{SOB}\n   \nAcked-by: B\n",
    "conflicts block": f"Fix\n\nBody\n\n{SOB}\n\nConflicts:\n\ta.txt\n\tb.txt\n",
    "lowercase sign-off is not git-generated": "Fix\n\nBody\n\nsigned-off-by: a\nx y\nz\n",
    "unicode in values and keys": "Fix\n\nBody\n\nReviewed-by: Zoë <z@x>\nNäme: x\n",
    "vertical tab is not a blank": "Fix\n\nBody\n\nA: b\n\x0bC: d\n",
    "empty message": "",
    "only blank lines": "\n\n\n",
    "title is a trailer": f"{SOB}\n",
    "value with colons": "Fix\n\nBody\n\nLink: https://example.org/a:b\nTime: 12:30\n",
    "token with digits and dashes": "Fix\n\nBody\n\nX-Y-2: v\n-Lead: w\n2fa: x\n",
    "leading blank line then title": f"\nFix\n\n{SOB}\n",
    "comment inside title paragraph": f"# c\nFix\n# d\n\n{SOB}\n",
    "continuation folds blank-led lines": "Fix\n\nBody\n\nA: one\n \n  two\n",
}


def git_parse(message: str, *extra: str) -> str:
    env = {**os.environ, **GIT_ENV}
    proc = subprocess.run(
        ["git", "interpret-trailers", "--parse", *extra],
        input=message.encode(),
        capture_output=True,
        env=env,
        check=True,
    )
    return proc.stdout.decode()


def shown(trailers: tuple[tuple[str, str], ...]) -> str:
    return "".join(f"{token}: {value}\n" for token, value in trailers)


@pytest.mark.parametrize("name", list(MESSAGES))
def test_trailers_as_interpret_trailers_parses_them(name: str) -> None:
    message = MESSAGES[name]
    assert shown(parse_trailers(message)) == git_parse(message)
    assert shown(parse_trailers(message, divider=False)) == git_parse(message, "--no-divider")


def test_the_corpus_has_both_outcomes() -> None:
    with_trailers = [name for name, m in MESSAGES.items() if parse_trailers(m)]
    assert 10 < len(with_trailers) < len(MESSAGES) - 10


def test_trailer_examples() -> None:
    assert parse_trailers(MESSAGES["continuation lines"]) == (
        ("Co-authored-by", "A B <a@x> and tabs"),
        ("Acked-by", "C"),
    )
    assert parse_trailers(MESSAGES["empty values"]) == (
        ("Reviewed-by", ""),
        ("Acked-by", ""),
        ("Signed-off-by", "Ada Lovelace <ada@example.org>"),
    )
    assert parse_trailers(MESSAGES["sign-off in the middle of the body"]) == ()
    assert parse_trailers(MESSAGES["keys with spaces"]) == ()
    assert parse_trailers(MESSAGES["CRLF line ends"]) == (
        ("Signed-off-by", "Ada Lovelace <ada@example.org>"),
        ("Acked-by", "B <b@x>"),
    )


def commit(
    repo: Path, message: str, *, files: dict[str, str] | None = None, author: str = ""
) -> str:
    for name, content in (files or {"f.txt": message[:20]}).items():
        (repo / name).write_text(content, encoding="utf-8")
    git(repo, "add", "-A")
    options = [f"--author={author}"] if author else []
    git(repo, "commit", "-q", "--allow-empty", "--cleanup=verbatim", *options, "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


def test_commit_fields(make_repo: MakeRepo) -> None:
    repo = make_repo({"README.md": "x\n"})
    base = git(repo, "rev-parse", "HEAD").strip()
    message = f"feat: parse\n\nWhy it matters.\nSecond line.\n\n{SOB}\n"
    sha = commit(repo, message, author="Grace Hopper <Grace@Example.org>")
    _, commits = read_range(str(repo), base, "HEAD")
    assert commits == (
        Commit(
            sha=sha,
            subject="feat: parse",
            body=f"Why it matters.\nSecond line.\n\n{SOB}",
            author_name="Grace Hopper",
            author_email="Grace@Example.org",
            committer_name="Ada Lovelace",
            committer_email="ada@example.org",
            parents=(base,),
            trailers=(("Signed-off-by", "Ada Lovelace <ada@example.org>"),),
            blank_second_line=True,
        ),
    )
    assert not commits[0].is_merge
    assert commits[0].short == sha[:12]


def test_second_line_not_blank(make_repo: MakeRepo) -> None:
    repo = make_repo({"README.md": "x\n"})
    commit(repo, "subject\nsecond line\n\nthird\n")
    commit(repo, "one line only")
    _, commits = read_range(str(repo), "HEAD~2", "HEAD")
    assert [(c.subject, c.body, c.blank_second_line) for c in commits] == [
        ("one line only", "", True),
        ("subject", "second line\n\nthird", False),
    ]


def test_commits_newest_first_with_a_merge(make_repo: MakeRepo) -> None:
    repo = make_repo({"README.md": "x\n"})
    git(repo, "checkout", "-q", "-b", "feature")
    first = commit(repo, "one", files={"a.txt": "a\n"})
    git(repo, "checkout", "-q", "main")
    on_main = commit(repo, "main moves", files={"m.txt": "m\n"})
    git(repo, "checkout", "-q", "feature")
    git(repo, "merge", "-q", "--no-edit", "main")
    merge = git(repo, "rev-parse", "HEAD").strip()
    last = commit(repo, "two", files={"b.txt": "b\n"})
    change, commits = read_range(str(repo), "main", "feature")
    assert [c.sha for c in commits] == [last, merge, first]
    assert [c.is_merge for c in commits] == [False, True, False]
    assert commits[1].parents == (first, on_main)
    assert commits[1].subject == "Merge branch 'main' into feature"
    assert [f.path for f in change.files] == ["a.txt", "b.txt"]  # m.txt came from the base


def test_log_trailers_match_git_log(make_repo: MakeRepo) -> None:
    """Commits are read without the "---" divider, as ``%(trailers)`` reads them."""
    repo = make_repo({"README.md": "x\n"})
    message = f"Fix\n\nBody\n---\nnot a patch\n\n{SOB}\nAcked-by: A\n  folded\n"
    commit(repo, message)
    _, (read,) = read_range(str(repo), "HEAD~1", "HEAD")
    expected = git(repo, "log", "-1", "--format=%(trailers:only,unfold)").rstrip("\n") + "\n"
    assert shown(read.trailers) == expected
    assert read.trailers == (("Signed-off-by", SOB[15:]), ("Acked-by", "A folded"))
    assert parse_trailers(message) == ()  # with the divider, the block is cut off


def test_messages_in_another_encoding_are_read_as_utf8(make_repo: MakeRepo) -> None:
    repo = make_repo({"README.md": "x\n"})
    git(repo, "config", "i18n.commitEncoding", "ISO-8859-1")
    (repo / "msg").write_bytes("Caf\xe9 fix\n\nSigned-off-by: Zo\xeb <z@x>\n".encode("latin-1"))
    git(repo, "commit", "-q", "--allow-empty", "-F", "msg")
    _, (read,) = read_range(str(repo), "HEAD~1", "HEAD")
    assert read.subject == "Café fix"
    assert read.trailers == (("Signed-off-by", "Zoë <z@x>"),)


def test_undecodable_message_bytes_are_replaced(make_repo: MakeRepo) -> None:
    """``git commit`` repairs invalid UTF-8; a commit object written directly keeps it."""
    repo = make_repo({"README.md": "x\n"})
    tree, parent = git(repo, "rev-parse", "HEAD^{tree}", "HEAD").split()
    who = b"A <a@x> 1700000000 +0000"
    raw = b"tree %s\nparent %s\nauthor %s\ncommitter %s\n\nBad \xff byte\n" % (
        tree.encode(), parent.encode(), who, who,
    )  # fmt: skip
    made = subprocess.run(
        ["git", "-C", str(repo), "hash-object", "-t", "commit", "-w", "--stdin"],
        input=raw, capture_output=True, check=True,
    )  # fmt: skip
    git(repo, "update-ref", "HEAD", made.stdout.decode().strip())
    _, (read,) = read_range(str(repo), "HEAD~1", "HEAD")
    assert read.subject == "Bad \ufffd byte"
