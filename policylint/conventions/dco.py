"""Developer Certificate of Origin sign-offs, read from commit messages as the DCO GitHub App
(github.com/dcoapp/app) reads them: ``Signed-off-by:`` lines and remediation commits. Used by
the sign-off kind (this module is not a kind).
"""

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from policylint.checks.support.patterns import greedy_split

if TYPE_CHECKING:
    from policylint.facts.commits import Commit

REMEDIATION = "hereby add my Signed-off-by to this commit"


class Identity(NamedTuple):
    """A person as a sign-off line or a commit names them."""

    name: str
    email: str

    def matches(self, other: "Identity") -> bool:
        """Name and email equal ignoring case, as the app compares them."""
        return (self.name.lower(), self.email.lower()) == (other.name.lower(), other.email.lower())

    @property
    def trailer(self) -> str:
        return f"Signed-off-by: {self.name} <{self.email}>"


def author(commit: "Commit") -> Identity:
    return Identity(commit.author_name, commit.author_email)


def committer(commit: "Commit") -> Identity:
    return Identity(commit.committer_name, commit.committer_email)


def message(commit: "Commit") -> str:
    """The commit's whole message, as the app reads it."""
    if not commit.body:
        return commit.subject
    return commit.subject + ("\n\n" if commit.blank_second_line else "\n") + commit.body


# --- the app's regular expressions, matched without backtracking ---------------------------
# Each is "^prefix(.*)sep(.*)...$" over one line, ignoring case; greedy_split finds the same
# groups in linear time (the messages are untrusted). JavaScript's lines also end at \r,
# U+2028 and U+2029.
_SIGN_OFF = ("signed-off-by: ", (" <",))
_INDIVIDUAL = ("i, ", (" <", f">, {REMEDIATION}: "))
_THIRD_PARTY = ("on behalf of ", (" <", ">, I, ", " <", f">, {REMEDIATION}: "))


@lru_cache(maxsize=1)
def _line_breaks() -> re.Pattern[str]:
    return re.compile("[\n\r\u2028\u2029]")


def _matches(text: str, form: tuple[str, tuple[str, ...]]) -> Iterator[list[str]]:
    """The groups of each line of ``text`` that has the ``form`` (a prefix, then groups
    separated by the separators), ignoring case."""
    prefix, separators = form
    for line in _line_breaks().split(text):
        if line[: len(prefix)].lower() == prefix:
            groups = greedy_split(line[len(prefix) :], separators)
            if groups:
                yield groups


def sign_offs(text: str) -> list[Identity]:
    """``^Signed-off-by: (.*) <(.*)>\\s*$``: the identity of each sign-off line."""
    found = []
    for name, rest in _matches(text, _SIGN_OFF):
        email = rest.rstrip()
        if email.endswith(">"):
            found.append(Identity(name, email[:-1]))
    return found


def remediated(commits: "Sequence[Commit]", options: dict[str, Any]) -> set[str]:
    """The shas that remediation commits of the change sign off for their authors."""
    if not options.get("allow-remediation", False):
        return set()
    third_party = options.get("allow-third-party-remediation", False)
    authors = {commit.sha: author(commit) for commit in commits}
    found: set[str] = set()
    for other in commits:
        text = message(other)
        if REMEDIATION.lower() in text.lower():
            found.update(_remediates(other, text, authors))
            if third_party:
                found.update(_remediates_for(other, text, authors))
    return found


def _remediates(other: "Commit", text: str, authors: dict[str, Identity]) -> Iterator[str]:
    """Shas ``other`` signs off with "I, Author <email>, hereby add ...: sha", where it and
    the commit with that sha have that author."""
    for name, email, sha in _matches(text, _INDIVIDUAL):
        target = authors.get(sha.rstrip())
        if target and target.matches(author(other)) and target.matches(Identity(name, email)):
            yield sha.rstrip()


def _remediates_for(other: "Commit", text: str, authors: dict[str, Identity]) -> Iterator[str]:
    """Shas ``other`` signs off with "On behalf of Author <email>, I, Name <email>, hereby
    add ...: sha", where Name is ``other``'s author or committer."""
    people = (author(other), committer(other))
    for name, email, declarant, address, sha in _matches(text, _THIRD_PARTY):
        target, by = authors.get(sha.rstrip()), Identity(declarant, address)
        if target and target.matches(Identity(name, email)) and any(map(by.matches, people)):
            yield sha.rstrip()
