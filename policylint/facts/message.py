"""The commit being made, as the commit-msg hook sees it: its message file, cleaned up the way
``git commit`` will clean it, and the identities and parents git will give it.

git runs the commit-msg hook on the message file *before* it cleans the message up, so the file
may still hold git's comment lines and, with ``git commit -v``, a diff below the scissors line.
The cleanup follows git's ``commit.cleanup`` (``strip`` when the editor was used, else
``whitespace``; git tells a hook that no editor is used by setting ``GIT_EDITOR=:``). The
message is then parsed exactly as a commit read from ``git log`` is (``commit_from_log``), so
the hook and the CI gate judge the same text alike.

Two git calls: ``git var -l`` (author and committer as git will record them — ``git commit``
exports ``--author`` and an amended commit's author to its hooks — and the configuration:
``core.commentChar``, ``commit.cleanup``), and one ``rev-parse`` (HEAD, and where MERGE_HEAD
is). The commit has no id yet: its ``sha`` is "".
"""

import os
from typing import TYPE_CHECKING, NamedTuple

from policylint.errors import RepoError
from policylint.facts.commits import GIT_SPACE, Commit, commit_from_log
from policylint.facts.ranges import ChangeError, git_in
from policylint.facts.repo import READ_LIMIT

if TYPE_CHECKING:
    from collections.abc import Mapping

MESSAGE_LIMIT = READ_LIMIT  # bytes of a message file read at most
SCISSORS = " ------------------------ >8 ------------------------\n"  # after the comment char
AUTO_COMMENT_CHARS = "#;@!$%^&|:"  # what core.commentChar=auto chooses from, in git's order


class GitSettings(NamedTuple):
    """What ``git var -l`` tells about the commit being made."""

    author: tuple[str, str]  # (name, email)
    committer: tuple[str, str]
    comment: str  # core.commentChar: "#", another prefix, or "auto"
    cleanup: str  # commit.cleanup: "default", "strip", "whitespace", "verbatim", "scissors"


def commit_from_file(root: str, path: str, env: "Mapping[str, str]") -> Commit:
    """The commit being made in the checkout ``root``, its message read from ``path`` (relative
    to the working directory, as a command-line file is). RepoError when the file cannot be
    read; ChangeError (a RepoError) when git cannot tell the identities or HEAD."""
    text = read_message(path)
    settings = git_settings(root)
    editor_used = env.get("GIT_EDITOR") != ":"
    message = clean_message(text, settings.cleanup, settings.comment, editor_used=editor_used)
    fields = ["", " ".join(parents(root)), *settings.author, *settings.committer, message]
    return commit_from_log(fields)


def read_message(path: str) -> str:
    """The message file's text: UTF-8 (an undecodable byte becomes U+FFFD), capped."""
    try:
        with open(path, "rb") as stream:
            data = stream.read(MESSAGE_LIMIT)
    except OSError as exc:
        raise RepoError(f"{path}: cannot read the commit message: {exc.strerror}") from None
    return data.decode("utf-8", "replace")


def clean_message(text: str, cleanup: str, comment: str, *, editor_used: bool) -> str:
    """``text`` as git will record it (git's ``cleanup_message``): cut at the scissors line
    (``git commit -v`` puts the diff below it), then comment lines removed in ``strip`` mode and
    blank lines tidied in every mode but ``verbatim``."""
    prefix = auto_comment_prefix(text) if comment == "auto" else comment or "#"
    text = cut_at_scissors(text, prefix)
    mode = cleanup if cleanup in ("strip", "whitespace", "verbatim") else "default"
    if cleanup == "scissors" or (mode == "default" and not editor_used):
        mode = "whitespace"  # scissors mode keeps comments above the cut
    if mode == "verbatim":
        return text
    return strip_space(text, prefix if mode != "whitespace" else None)


def cut_at_scissors(text: str, prefix: str) -> str:
    """``text`` up to the scissors line (git's ``wt_status_locate_end``)."""
    line = prefix + SCISSORS
    if text.startswith(line):
        return ""
    at = text.find("\n" + line)
    return text if at < 0 else text[: at + 1]


def auto_comment_prefix(text: str) -> str:
    """The comment character git chose for ``core.commentChar=auto`` (one no line of the message
    starts with), seen from the file: the one the scissors line starts with, else the one the
    last line starts with (git's comment lines come last), else ``#``."""
    for char in AUTO_COMMENT_CHARS:
        if text.startswith(char + SCISSORS) or f"\n{char}{SCISSORS}" in text:
            return char
    last = text.rstrip(GIT_SPACE).rpartition("\n")[2][:1]
    return last if last and last in AUTO_COMMENT_CHARS else "#"


def strip_space(text: str, comment: str | None) -> str:
    """git's ``strbuf_stripspace``: lines starting with ``comment`` dropped (when given),
    trailing blanks cut, runs of blank lines made one, blank lines at both ends removed; every
    line ends with a newline."""
    lines: list[str] = []
    for raw in text.split("\n"):
        if comment is not None and raw.startswith(comment):
            continue
        line = raw.rstrip(GIT_SPACE)
        if line or (lines and lines[-1]):
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return "".join(line + "\n" for line in lines)


def git_settings(root: str) -> GitSettings:
    """Identities and settings from one ``git var -l`` (its configuration lines come first, its
    variables last: the last line with a name wins)."""
    proc = git_in(root, "var", "-l")
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip()
        raise ChangeError(f"{root}: cannot read the commit's author and committer: {message}")
    values: dict[str, str] = {}
    for line in proc.stdout.decode("utf-8", "replace").split("\n"):
        name, equals, value = line.partition("=")
        if equals:
            values[name] = value
    return GitSettings(
        author=ident(values.get("GIT_AUTHOR_IDENT", "")),
        committer=ident(values.get("GIT_COMMITTER_IDENT", "")),
        comment=_comment_setting(values.get("core.commentchar", "#")),
        cleanup=values.get("commit.cleanup", "default").lower(),
    )


def _comment_setting(value: str) -> str:
    return "auto" if value.lower() == "auto" else value


def ident(value: str) -> tuple[str, str]:
    """(name, email) of git's ``Name <email> timestamp zone``."""
    name, _, rest = value.partition("<")
    return name.strip(GIT_SPACE), rest.partition(">")[0]


def parents(root: str) -> tuple[str, ...]:
    """HEAD (none before the first commit), then the heads of a merge in progress."""
    proc = git_in(root, "rev-parse", "--git-path", "MERGE_HEAD", "--verify", "-q", "HEAD^{commit}")
    if proc.returncode not in (0, 1):
        message = proc.stderr.decode("utf-8", "replace").strip()
        raise ChangeError(f"{root}: cannot read HEAD: {message}")
    output = os.fsdecode(proc.stdout).rstrip("\n")
    merge_head, _, head = output.rpartition("\n") if proc.returncode == 0 else (output, "", "")
    return (head, *merged_heads(os.path.join(root, merge_head))) if head else ()


def merged_heads(path: str) -> tuple[str, ...]:
    """The commit ids in MERGE_HEAD (one a line; an octopus merge has several), or ()."""
    try:
        with open(path, encoding="ascii", errors="replace") as stream:
            return tuple(line.strip() for line in stream if line.strip())
    except OSError:  # no merge in progress
        return ()
