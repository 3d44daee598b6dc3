"""security-channel: the security policy names a private way to report a vulnerability.

What it checks
    That one of the security files the ``globs`` find (``SECURITY.md`` and friends, a
    Kubernetes-style ``SECURITY_CONTACTS``) names a private reporting channel:

    - an e-mail address (also spelled out, ``security at python dot org``; addresses at
      ``example.com``/``.org``/``.net`` reach nobody and do not count);
    - an ``https://`` link to a reporting form, security advisories or a security process
      (its address mentions security, vulnerabilities, disclosure, CVEs, advisories, a bug
      bounty, or a report, and is no public issue tracker, discussion or pull request):
      ``https://github.com/OWNER/REPO/security/advisories/new``, a
      foundation's ``SECURITY.md``, ``https://kubernetes.io/security/``;
    - GitHub private vulnerability reporting, named in words ("privately report", "report a
      vulnerability");
    - in a ``SECURITY_CONTACTS`` file: at least one contact (a line that is not a comment).

    Each file must also say something: an empty file, whitespace only or a template
    placeholder (``[FILL IN: ...]``, ``[INSERT ...]``, ``<your e-mail>``) fails with its line.

Why
    A security policy that names no private channel sends vulnerability reports to public
    issues — or nowhere. OpenSSF Scorecard's Security-Policy check scores what the file says,
    not that it exists.

Options
    When no file matches, the rule passes: presence is the job of a ``file-exists`` rule
    (``security-policy`` in ``community-health``). A finding about a missing channel points at
    the file's reporting heading, else its first line.

Example
    ```yaml
    security-contact:
      kind: security-channel
      title: The security policy names a private reporting channel
      severity: warning
    ```
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from policylint.checks import Example
from policylint.checks.support.community import (
    Text,
    heading_line,
    locate_options,
    located,
    read_filled,
    validate_locate,
)
from policylint.model import Problem

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.model import OptionError, Rule

OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": locate_options(["security*"], ["", ".github", "docs"]),
}
EXAMPLES = (
    Example(
        options={},
        passes={"files": {"SECURITY.md": "# Security\n\nReport privately: security@tokio.rs\n"}},
        fails={"files": {"SECURITY.md": "# Security\n\n## Reporting\n\nOpen an issue.\n"}},
        message=(
            "names no private channel for vulnerability reports (an e-mail address, an https:// "
            "link to a reporting form or security advisories, or GitHub private vulnerability "
            "reporting)"
        ),
    ),
)
NO_CHANNEL = EXAMPLES[0].message
NO_CONTACT = "lists no security contact (every line is a comment)"


@lru_cache(maxsize=1)
def _addresses() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """What the address of a security process, form or advisory page mentions, and the
    addresses of public trackers (compiled on first use: the hook path may not ask)."""
    process = re.compile(
        r"secur|vulnerab|disclos|cve|advisor|bug-?bount|hackerone\.com|bugcrowd\.com|huntr\."
        r"|report",
        re.IGNORECASE,
    )
    public = re.compile(r"/(?:issues|discussions|pulls?)(?:[/?#]|$)", re.IGNORECASE)
    return process, public


def validate(options: dict[str, Any]) -> list[OptionError]:
    return validate_locate(options)


def check(rule: Rule, facts: Facts) -> Iterator[Problem]:
    texts, problems = read_filled(facts.repo, located(facts.repo, rule.options), rule.options)
    yield from problems
    if not texts or any(names_channel(text) for text in texts):
        return
    from policylint.checks.support.evidence import files_read

    first = texts[0]
    looked_at = (files_read([text.path for text in texts]),)
    if _is_contacts_file(first.path):
        yield Problem(NO_CONTACT, first.path, 1, key=f"{first.path}:channel", evidence=looked_at)
        return
    line = heading_line(first.text, r"report|vulnerab|disclos|contact")
    yield Problem(NO_CHANNEL, first.path, line, key=f"{first.path}:channel", evidence=looked_at)


def evidence(rule: Rule, facts: Facts) -> list[str]:
    """What satisfied the rule: the private channel named, or that no security policy was
    found (a file-exists rule judges that)."""
    from policylint.checks.support.evidence import fragment, nothing_located

    texts, _ = read_filled(facts.repo, located(facts.repo, rule.options), rule.options)
    for text in texts:
        channel = private_channel(text)
        if channel is not None:
            return [fragment(text.path, text.text, channel)]
    return [nothing_located(rule.options["globs"], rule.options["directories"])]


def names_channel(file: Text) -> bool:
    """Whether the file names a private channel (see the module docstring)."""
    return private_channel(file) is not None


def private_channel(file: Text) -> str | None:
    """The private channel the file names first (a contact line, an address, the words of
    private vulnerability reporting, a link to a security process), or None."""
    from policylint.conventions.contacts import emails, private_reporting, urls

    if _is_contacts_file(file.path):
        lines = file.text.splitlines()
        return next(
            (ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")), None
        )
    found = emails(file.text) or private_reporting(file.text)
    if found:
        return found[0]
    return next((url for url in urls(file.text) if _is_process(url.partition("://")[2])), None)


def _is_process(address: str) -> bool:
    """A security process, form or advisory page; a public issue tracker is none."""
    process, public = _addresses()
    return process.search(address) is not None and public.search(address) is None


def _is_contacts_file(path: str) -> bool:
    name = path.rpartition("/")[2].lower().replace("-", "_")
    return name.partition(".")[0] == "security_contacts"
