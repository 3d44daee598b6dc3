"""sign-off: every commit is signed off by its author (Developer Certificate of Origin).

What it checks
    That each commit of the change has a line ``Signed-off-by: Name <email>`` (anywhere in
    its message, token in any case) whose name and email both equal the author's, ignoring
    case — the rules of the DCO GitHub App (github.com/dcoapp/app), in its order:

    - no such line at all: the sign-off is missing;
    - the author's email is not a valid address (the app's ``email-validator`` rules:
      ``root@localhost`` is not);
    - no line names the author: expected this, but got that.

    Merge commits are skipped, and so are bots' commits — recognised by identity, never by
    a name anyone can give ``git config user.name``: an author email of GitHub's app form
    ``ID+name[bot]@users.noreply.github.com``, an author the ``bots`` option lists, or, when
    the pull-request metadata says its author's account is a bot (GitHub's ``user.type``),
    that account's commits (author name or noreply login equal to the pull request's author).
    A remediation commit of the
    same change, by the same author, with the line ``I, Name <email>, hereby add my
    Signed-off-by to this commit: <full sha>`` signs that commit off when
    ``allow-remediation`` is on, as the app's ``allowRemediationCommits`` does (off by
    default in both); it needs its own sign-off like any commit.

    Each failing commit is one finding that names the commit, the sign-off expected and
    the ones found, and how to fix it (``git commit --amend --signoff`` for the newest
    commit, ``git rebase HEAD~N --signoff`` for older ones, or a remediation commit).

Why
    The DCO is how many projects (the Linux kernel, CNCF projects, GitLab) record that a
    contributor has the right to submit a change. Checking it before merge, with the rules
    of the app maintainers already know, keeps a missing sign-off from turning into a
    history rewrite after the merge.

Options
    The defaults are the DCO app's: a sign-off naming the committer counts
    (``allow-committer: false`` asks for the author), remediation commits do not. Unlike the
    app, a sign-off must name one person: the app accepts the author's name with the
    committer's email. A third-party remediation commit says ``On behalf of
    Author <email>, I, Name <email>, hereby add my Signed-off-by to this commit: <full sha>``,
    from a commit whose author or committer is ``Name <email>``.

Example
    ```yaml
    dco:
      kind: sign-off
      title: Every commit is signed off (DCO)
      severity: error
      help: Sign off with `git commit -s`; fix earlier commits with `git rebase --signoff`.
    ```
"""

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from policylint.checks import Example
from policylint.conventions.dco import (
    REMEDIATION,
    Identity,
    author,
    committer,
    message,
    remediated,
    sign_offs,
)
from policylint.model import OptionError, Problem

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.facts.commits import Commit
    from policylint.model import Rule

OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "allow-committer": {
            "type": "boolean",
            "default": True,
            "description": (
                "A sign-off naming the committer counts too, as in the DCO app; false asks "
                "for the author's."
            ),
        },
        "allow-remediation": {
            "type": "boolean",
            "default": False,
            "description": (
                "Honour individual remediation commits (off by default, as the DCO app's "
                "allowRemediationCommits.individual)."
            ),
        },
        "bots": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": (
                "Bot authors whose commits need no sign-off: email addresses, or git author "
                "names written as Name <email> (compared ignoring case). GitHub Apps' "
                "ID+name[bot]@users.noreply.github.com addresses are always bots."
            ),
        },
        "allow-third-party-remediation": {
            "type": "boolean",
            "default": False,
            "description": (
                "Also honour remediation commits on behalf of the author (needs allow-remediation)."
            ),
        },
    },
}
EXAMPLES = (
    Example(
        options={"allow-remediation": False},
        passes={
            "change": {
                "message": "Add a\n\nSigned-off-by: Ada Lovelace <ada@example.org>\n",
                "author": "Ada Lovelace <ada@example.org>",
            }
        },
        fails={"change": {"message": "Add a\n", "author": "Ada Lovelace <ada@example.org>"}},
        message=(
            "commit 527082141cd3: the sign-off is missing: expected "
            '"Signed-off-by: Ada Lovelace <ada@example.org>"; '
            "to fix, run git commit --amend --signoff"
        ),
    ),
)
_EMAIL_FIX = "to fix, set a valid address with git config user.email and re-create the commit"


def validate(options: dict[str, Any]) -> list[OptionError]:
    # the options as written: the defaults (true, false) are not filled in yet
    if options.get("allow-third-party-remediation") and not options.get("allow-remediation"):
        reason = "third-party remediation needs allow-remediation: true (as in the DCO app)"
        return [OptionError(("allow-third-party-remediation",), reason)]
    return []


def check(rule: "Rule", facts: "Facts") -> Iterator[Problem]:
    assert facts.commits is not None  # the engine runs this kind only with commit facts
    commits, options = facts.commits, rule.options
    change = _Change(len(commits), remediated(commits, options), first_parent_depths(commits))
    bots = frozenset(identity.lower() for identity in options.get("bots", ()))
    for commit in commits:
        if not (commit.is_merge or is_bot(commit, bots, facts)):
            problem = _problem(commit, change, options)
            if problem:
                looked_at = (_examined(commits, bots, facts),)
                yield Problem(f"{commit.named}: {problem}", key=commit.sha, evidence=looked_at)


def evidence(rule: "Rule", facts: "Facts") -> list[str]:
    """What satisfied the rule: each commit's sign-off (or its remediation), and the commits
    skipped as merges or bots."""
    from policylint.checks.support.evidence import commit_named, quoted

    assert facts.commits is not None
    commits, options = facts.commits, rule.options
    bots = frozenset(identity.lower() for identity in options.get("bots", ()))
    checked = [c for c in commits if not (c.is_merge or is_bot(c, bots, facts))]
    said = [_examined(commits, bots, facts)]
    for commit in checked[:3]:  # passed: signed off, or remediated by a later commit
        found = [s for s in sign_offs(message(commit)) if _signs(commit, s, options)]
        said.append(
            f"{commit_named(commit)}: {quoted(found[0].trailer) if found else 'remediated'}"
        )
    more = [f"and {len(checked) - 3} more"] if len(checked) > 3 else []
    return [*said, *more]


def _signs(commit: "Commit", sign_off: Identity, options: dict[str, Any]) -> bool:
    return any(wanted.matches(sign_off) for wanted in _wanted(commit, options))


def _examined(commits: "Sequence[Commit]", bots: frozenset[str], facts: "Facts") -> str:
    from policylint.checks.support.evidence import commits_examined

    merges = sum(1 for c in commits if c.is_merge)
    by_bots = sum(1 for c in commits if not c.is_merge and is_bot(c, bots, facts))
    return commits_examined(len(commits), {"merge": merges, "bot commit": by_bots})


class _Change(NamedTuple):
    size: int  # commits
    remediated: set[str]  # shas
    depths: dict[str, int]  # sha -> first parents from the newest commit


def _problem(commit: "Commit", change: _Change, options: dict[str, Any]) -> str | None:
    """What is wrong with the sign-off of ``commit`` and how to fix it, or None. The checks
    come in the app's order: missing, invalid author email, no matching identity."""
    found = sign_offs(message(commit))
    remedied = commit.sha in change.remediated
    expected = " or ".join(f'"{identity.trailer}"' for identity in _wanted(commit, options))
    if not found and not remedied:
        return f"the sign-off is missing: expected {expected}; {_fix(commit, change, options)}"
    email = commit.author_email or commit.committer_email
    if not valid_email(email):
        return f'"{email}" is not a valid email address; {_EMAIL_FIX}'
    if remedied or any(w.matches(got) for w in _wanted(commit, options) for got in found):
        return None
    got = ", ".join(f'"{sign_off.trailer}"' for sign_off in found)
    return f"expected {expected}, but got {got}; {_fix(commit, change, options)}"


def _wanted(commit: "Commit", options: dict[str, Any]) -> list[Identity]:
    wanted = [author(commit)]
    if options["allow-committer"] and not wanted[0].matches(committer(commit)):
        wanted.append(committer(commit))
    return wanted


def is_bot(commit: "Commit", bots: frozenset[str], facts: "Facts") -> bool:
    """A bot's commit: GitHub's app address, an identity the policy lists (``bots``,
    lower-cased), or the account of a pull request whose author the platform says is a bot.
    Never by name: ``git config user.name 'x[bot]'`` is anyone's to set."""
    name, email = commit.author_name.lower(), commit.author_email.lower()
    if _GITHUB_APP.fullmatch(email) or email in bots or f"{name} <{email}>" in bots:
        return True
    pr = facts.pr
    if pr is None or pr.author is None or (pr.author_type or "").lower() != "bot":
        return False
    login = pr.author.lower()
    noreply = _NOREPLY.fullmatch(email)
    return name == login or (noreply is not None and noreply[1] == login)


# Anchored, with classes that cannot pass "+" or "@": linear in the (untrusted) address.
_GITHUB_APP = re.compile(r"[0-9]+\+[^@+\s]+\[bot\]@users\.noreply\.github\.com")
_NOREPLY = re.compile(r"(?:[0-9]+\+)?([^@+\s]+)@users\.noreply\.github\.com")


def valid_email(email: str) -> bool:
    """email-validator's ``validate``: one @, a local part of at most 64 characters, a
    domain of at most 255 with labels of at most 63, and its pattern."""
    account, at, domain = email.partition("@")
    if not at or "@" in domain or len(account) > 64 or len(domain) > 255:
        return False
    if any(len(label) > 63 for label in domain.split(".")):
        return False
    return bool(_email_address().match(email))


@lru_cache(maxsize=1)
def _email_address() -> re.Pattern[str]:
    """The email-validator package's address pattern."""
    atext = r"[-!#$%&'*+/0-9=?A-Z^_a-z`{|}~]"
    email = rf"{atext}(\.?{atext})*@[a-zA-Z0-9](-*\.?[a-zA-Z0-9])*\.[a-zA-Z](-?[a-zA-Z0-9])+\Z"
    return re.compile(email)


def _fix(commit: "Commit", change: _Change, options: dict[str, Any]) -> str:
    if not commit.sha:  # the commit-msg hook: the commit is being made, nothing to amend
        return "to fix, commit again with git commit --signoff (-s)"
    depth = change.depths.get(commit.sha)
    if depth == 0:
        fix = "to fix, run git commit --amend --signoff"
    else:
        count = change.size if depth is None else depth + 1
        fix = f"to fix, run git rebase HEAD~{count} --signoff"
    if not options["allow-remediation"]:
        return fix
    who = author(commit)
    line = f"I, {who.name} <{who.email}>, {REMEDIATION}: {commit.sha}"
    return f'{fix}, or add a signed-off commit by {who.name} whose message says "{line}"'


def first_parent_depths(commits: "Sequence[Commit]") -> dict[str, int]:
    """sha -> how many first parents separate the newest commit from it (0: the newest),
    for the commits on the newest one's first-parent line."""
    parents = {parent for commit in commits for parent in commit.parents}
    by_sha = {commit.sha: commit for commit in commits}
    current = next((commit for commit in commits if commit.sha not in parents), None)
    depths: dict[str, int] = {}
    while current is not None and current.sha not in depths:
        depths[current.sha] = len(depths)
        current = by_sha.get(current.parents[0]) if current.parents else None
    return depths
