"""Commit facts: the commits of a change (``git log base..head``), with their trailers parsed
as ``git interpret-trailers`` parses them.

All commits come from one ``git log -z`` whose fields are separated by NUL bytes (which no
name, e-mail or commit message holds). Messages, names and e-mails are decoded as UTF-8
(git re-encodes them so), an undecodable byte becoming U+FFFD.
"""

from typing import NamedTuple

from policylint.facts.ranges import (
    ChangeError,
    Range,
    check_revisions,
    checked,
    resolve_range,
    start_git_in,
)
from policylint.git import GitOutput, Started

LOG_FORMAT = "--format=%H%x00%P%x00%an%x00%ae%x00%cn%x00%ce%x00%B"
LOG_FIELDS = 7
# No signature check output, no .mailmap rewriting (sign-offs match the recorded identity).
LOG_OPTIONS = ("-z", "--no-show-signature", "--no-mailmap", "--encoding=UTF-8", LOG_FORMAT)
GIT_SPACE = " \t\n\r"  # git's isspace(): not \v or \f
SPACES = frozenset(GIT_SPACE)
TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
GENERATED_PREFIXES = ("Signed-off-by: ", "(cherry picked from commit ")
CUT_LINE = "# ------------------------ >8 ------------------------\n"


class Commit(NamedTuple):
    """One commit. ``trailers`` are (token, value) pairs in order, tokens as written."""

    sha: str
    subject: str
    body: str  # the message after the subject and its blank line ("" when there is none)
    author_name: str
    author_email: str
    committer_name: str
    committer_email: str
    parents: tuple[str, ...]
    trailers: tuple[tuple[str, str], ...] = ()
    # The message's second line is blank, or the message has one line (git's convention).
    blank_second_line: bool = True

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1

    @property
    def short(self) -> str:
        return self.sha[:12]

    @property
    def named(self) -> str:
        """How messages name it: ``commit 1a2b3c4d5e6f``, or ``the commit being made`` in the
        commit-msg hook, before it has an id."""
        return f"commit {self.short}" if self.sha else "the commit being made"


def read_commits(root: str, base: str | None, head: str) -> tuple[Commit, ...]:
    """The commits reachable from ``head`` and not from ``base`` (all of them when ``base``
    is None), newest first, in git log's order. ``base``/``head``: revisions, checked
    (``ranges.check_revisions``) or resolved commit ids."""
    return start_log(root, base, head).commits()


class StartedLog:
    """A ``git log`` of a range, started: ``commits()`` waits for it and parses them."""

    __slots__ = ("root", "spec", "started")

    def __init__(self, root: str, spec: str, started: Started) -> None:
        self.root, self.spec, self.started = root, spec, started

    def commits(self) -> tuple[Commit, ...]:
        return _parsed(self.root, self.spec, checked(self.root, self.started.wait()))


def read_range_commits(root: str, base: str | None, head: str) -> tuple[Commit, ...]:
    """The commits of the range ``base...head`` (``read_range``'s, without the diff)."""
    return start_range_log(root, base, head)[1].commits()


def start_range_log(root: str, base: str | None, head: str) -> tuple[Range, StartedLog]:
    """The range resolved, and its log: started at once by the names given, so git reads it
    while the range is resolved (a name that resolves to no commit, or to two refs, fails
    there: its log is dropped and the range's error raised)."""
    check_revisions(base, head)
    log = start_log(root, base, head)
    try:
        return resolve_range(root, base, head), log
    except BaseException:
        log.started.wait()  # reaped
        raise


def start_log(root: str, base: str | None, head: str) -> StartedLog:
    """``read_commits`` started: git reads the log while the caller goes on."""
    spec = head if base is None else f"{base}..{head}"
    return StartedLog(root, spec, start_git_in(root, "log", *LOG_OPTIONS, spec, "--"))


def _parsed(root: str, spec: str, proc: GitOutput) -> tuple[Commit, ...]:
    fields = proc.stdout.split(b"\0")
    if proc.returncode != 0 or len(fields) % LOG_FIELDS != 1:
        message = proc.stderr.decode("utf-8", "replace").strip() or "unexpected output"
        raise ChangeError(f"{root}: cannot read the commits {spec}: {message}")
    return tuple(
        commit_from_log([f.decode("utf-8", "replace") for f in fields[i : i + LOG_FIELDS]])
        for i in range(0, len(fields) - 1, LOG_FIELDS)
    )


def commit_from_log(fields: list[str]) -> Commit:
    """A Commit from LOG_FORMAT's fields: id, parents, author, committer, raw message."""
    sha, parents, author_name, author_email, committer_name, committer_email, message = fields
    subject, _, rest = message.partition("\n")
    second, _, after = rest.partition("\n")
    blank = not second.strip(GIT_SPACE)
    return Commit(
        sha=sha,
        subject=subject.rstrip("\r"),
        body=(after if blank else rest).rstrip("\r\n"),
        author_name=author_name,
        author_email=author_email,
        committer_name=committer_name,
        committer_email=committer_email,
        parents=tuple(parents.split()),
        trailers=parse_trailers(message, divider=False),
        blank_second_line=blank,
    )


def parse_trailers(message: str, *, divider: bool = True) -> tuple[tuple[str, str], ...]:
    """The trailers of a commit message as ``git interpret-trailers --parse`` reads them,
    with git's default configuration (separator ":", no ``trailer.*`` settings).

    The trailer block is the message's last paragraph (never its first): it counts when all
    its lines are trailers (``Token: value``, the token made of letters, digits and "-"),
    or when at least one line is git-generated (``Signed-off-by: ``, ``(cherry picked from
    commit``) and at least a quarter of the lines are trailers. Lines that start with
    whitespace continue the previous trailer's value, folded to one space. Comment lines
    and a ``# --- >8 ---`` cut are ignored. ``divider``: a ``---`` line ends the message (a
    patch follows), as interpret-trailers has it; commits read from git use ``divider=False``
    as ``git log --format=%(trailers)`` does.
    """
    end = _end_of_message(message, divider=divider)
    start = _trailer_block_start(message, end)
    return tuple(_parse_block(message[start:end]))


def _next_line(text: str, at: int) -> int:
    newline = text.find("\n", at)
    return len(text) if newline < 0 else newline + 1


def _last_line(text: str, end: int) -> int:
    """Where the line before ``end`` starts (-1 at the start of the text)."""
    if end <= 1:
        return end - 1
    return text.rfind("\n", 0, end - 1) + 1


def _is_blank(text: str, at: int) -> bool:
    end = text.find("\n", at)
    return not text[at : len(text) if end < 0 else end].strip(GIT_SPACE)


def _end_of_message(text: str, *, divider: bool) -> int:
    """Where the log message ends: before a ``---`` divider, a cut line, trailing blank and
    comment lines and an old ``Conflicts:`` block (git's ``ignored_log_message_bytes``)."""
    end = len(text)
    at = 0
    while divider and at < len(text):
        if text.startswith("---", at) and text[at + 3 : at + 4] in SPACES:
            end = at
            break
        at = _next_line(text, at)
    cutoff = 0 if text.startswith(CUT_LINE) else text.find("\n" + CUT_LINE) + 1 or end
    cutoff = min(cutoff, end)
    return _ignored_tail_start(text, end, cutoff) or cutoff


def _ignored_tail_start(text: str, end: int, cutoff: int) -> int:
    """Where the trailing run of blank and comment lines starts; 0 when there is none (as in
    git, a run that starts the text counts as none)."""
    run_start, at, in_conflicts = 0, 0, False
    while at < cutoff:
        next_at = text.find("\n", at, end)
        next_at = end if next_at < 0 else next_at + 1
        if text[at] in "#\n":
            run_start = run_start or at
        elif text.startswith("Conflicts:\n", at):
            in_conflicts, run_start = True, run_start or at
        elif not (in_conflicts and text[at] == "\t"):
            run_start, in_conflicts = 0, False
        at = next_at
    return run_start


def _trailer_block_start(text: str, end: int) -> int:
    """Where the trailer block starts, ``end`` when there is none (git's find_trailer_start,
    with no configured trailers)."""
    title_end = 0
    while title_end < end and (text[title_end] == "#" or not _is_blank(text, title_end)):
        title_end = _next_line(text, title_end)
    only_blank, generated, trailers, others, continuations = True, False, 0, 0, 0
    at = _last_line(text, end)
    while at >= title_end:
        line_start, at = at, _last_line(text, at)
        if text[line_start] == "#":
            others, continuations = others + continuations, 0
        elif _is_blank(text, line_start):
            if only_blank:
                continue
            others += continuations
            if (generated and trailers * 3 >= others) or (trailers and not others):
                return _next_line(text, line_start)
            return end
        elif text.startswith(GENERATED_PREFIXES, line_start):
            only_blank, generated, trailers, continuations = False, True, trailers + 1, 0
        elif text[line_start] in SPACES:
            only_blank, continuations = False, continuations + 1
        elif _find_separator(text, line_start) >= 1:
            only_blank, trailers, continuations = False, trailers + 1, 0
        else:
            only_blank, others, continuations = False, others + 1 + continuations, 0
    return end


def _find_separator(text: str, start: int = 0) -> int:
    """The offset of the ":" ending a trailer's token in the line at ``start``, or -1. The
    token is letters, digits and "-", then optional blanks (git's find_separator)."""
    blanks = False
    for at in range(start, len(text)):
        char = text[at]
        if char == ":":
            return at - start
        if not blanks and char in TOKEN_CHARS:
            continue
        if at == start or char not in " \t":
            return -1
        blanks = True
    return -1


def _parse_block(block: str) -> list[tuple[str, str]]:
    """(token, value) pairs of a trailer block; continuation lines are joined first."""
    entries: list[str] = []
    joins = False  # whether the last entry is a trailer, which continuation lines extend
    for line in _split_lines(block):
        if joins and line[0] in SPACES:
            entries[-1] += line
            continue
        entries.append(line)
        joins = _find_separator(line) >= 1
    pairs = []
    for entry in entries:
        separator = _find_separator(entry)
        if separator >= 1 and entry[0] != "#":
            value = entry[separator + 1 :].strip(GIT_SPACE)
            pairs.append((entry[:separator].strip(GIT_SPACE), _unfold(value)))
    return pairs


def _split_lines(text: str) -> list[str]:
    """Lines with their newline kept (str.splitlines also splits at \r, \v, \x1c...)."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def _unfold(value: str) -> str:
    """A multi-line value on one line: each newline and the blanks after it become a space."""
    if "\n" not in value:
        return value
    out: list[str] = []
    at = 0
    while at < len(value):
        char = value[at]
        at += 1
        if char == "\n":
            while at < len(value) and value[at] in SPACES:
                at += 1
            char = " "
        out.append(char)
    return "".join(out).strip(GIT_SPACE)
