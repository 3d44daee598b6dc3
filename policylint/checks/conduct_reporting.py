"""conduct-reporting: the code of conduct says how to report a problem.

What it checks
    That one of the files the ``globs`` find (``CODE_OF_CONDUCT.md`` and friends) says how to
    report a problem: it names an e-mail address (``example.com``/``.org``/``.net`` addresses
    do not count), or links to where reports go or to the code the project adopts — an
    ``https://`` link whose address mentions a code of conduct, reporting, incidents,
    moderation, enforcement, abuse or a form (``https://github.com/cncf/foundation/blob/main/
    code-of-conduct.md``, ``https://www.python.org/psf/conduct/``), or a link to the project's
    maintainers, owners or governance file. A short file that adopts a foundation's code by
    link and names a contact passes; so does one that only adopts it by link, since the
    foundation's code says how to report. Links to the Contributor Covenant's own site
    (``contributor-covenant.org``) are its attribution, not a contact, and do not count.

    Each file must also say something: an empty file, whitespace only, or a template
    placeholder (the Covenant's ``[INSERT CONTACT METHOD]``, ``[FILL IN: ...]``) fails with
    its line.

Why
    A code of conduct protects people only when someone who sees it broken knows whom to
    tell. The Contributor Covenant leaves the contact as a placeholder; a copy that never
    filled it in promises enforcement nobody can ask for.

Options
    When no file matches, the rule passes: presence is the job of a ``file-exists`` rule
    (``code-of-conduct``). A finding about a missing contact points at the file's reporting or
    enforcement heading, else its first line.

Example
    ```yaml
    conduct-contact:
      kind: conduct-reporting
      title: The code of conduct says how to report a problem
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
    "properties": locate_options(["code*of*conduct*", "conduct*"], ["", ".github", "docs"]),
}
EXAMPLES = (
    Example(
        options={},
        passes={
            "files": {
                "CODE_OF_CONDUCT.md": (
                    "# Code of Conduct\n\nWe follow the [CNCF Code of Conduct]"
                    "(https://github.com/cncf/foundation/blob/main/code-of-conduct.md).\n"
                    "Report violations to conduct@tokio.rs.\n"
                )
            }
        },
        fails={"files": {"CODE_OF_CONDUCT.md": "# Code of Conduct\n\nBe excellent.\n"}},
        message=(
            "says nowhere how to report a problem (an e-mail address, or a link to where "
            "reports go or to the foundation's code the project adopts)"
        ),
    ),
)
NO_CONTACT = EXAMPLES[0].message


@lru_cache(maxsize=1)
def _links() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Addresses of reporting places, attribution addresses, and people files."""
    return (
        re.compile(r"conduct|report|incident|moderat|enforce|abuse|forms", re.IGNORECASE),
        re.compile(r"contributor-covenant\.org|web\.archive\.org", re.IGNORECASE),
        re.compile(r"(?:^|/)(?:maintainers|owners|governance|team)", re.IGNORECASE),
    )


def validate(options: dict[str, Any]) -> list[OptionError]:
    return validate_locate(options)


def check(rule: Rule, facts: Facts) -> Iterator[Problem]:
    texts, problems = read_filled(facts.repo, located(facts.repo, rule.options), rule.options)
    yield from problems
    if not texts or any(says_how_to_report(text) for text in texts):
        return
    from policylint.checks.support.evidence import files_read

    first = texts[0]
    line = heading_line(first.text, r"report|enforce|contact")
    looked_at = (files_read([text.path for text in texts]),)
    yield Problem(NO_CONTACT, first.path, line, key=f"{first.path}:contact", evidence=looked_at)


def evidence(rule: Rule, facts: Facts) -> list[str]:
    """What satisfied the rule: the address or link that says where reports go, or that no
    code of conduct was found (a file-exists rule judges that)."""
    from policylint.checks.support.evidence import fragment, nothing_located

    texts, _ = read_filled(facts.repo, located(facts.repo, rule.options), rule.options)
    for text in texts:
        contact = reporting_contact(text)
        if contact is not None:
            return [fragment(text.path, text.text, contact)]
    return [nothing_located(rule.options["globs"], rule.options["directories"])]


def says_how_to_report(file: Text) -> bool:
    return reporting_contact(file) is not None


def reporting_contact(file: Text) -> str | None:
    """The first address or link of ``file`` that says where reports go, or None."""
    from policylint.conventions.contacts import emails, link_targets, urls

    found = emails(file.text)
    if found:
        return found[0]
    reporting, attribution, people = _links()
    for url in urls(file.text):
        address = url.partition("://")[2]
        if reporting.search(address) and not attribution.search(address):
            return url
    targets = link_targets(file.text)
    return next((t for t in targets if people.search(t) and "://" not in t), None)
