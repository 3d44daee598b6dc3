"""filled-in: community files are not empty and hold no template placeholder.

What it checks
    That every file the ``globs`` find in ``directories`` (as ``file-exists`` finds them: any
    case, regular files inside the checkout) says something: a file that is empty, holds only
    whitespace, or still holds a template placeholder fails, with its path and the line of the
    placeholder. Placeholders are policylint's own ``[FILL IN: ...]`` markers (what
    ``policylint fix`` writes), the Contributor Covenant's ``[INSERT CONTACT METHOD]``,
    ``[your email address]``, ``<your e-mail>``, ``<email address>``, ``<project name>``,
    choosealicense.com's ``[year] [fullname]`` and lines that start with ``TODO``, ``TBD`` or
    ``FIXME`` in capitals; fenced code blocks and YAML front matter are not searched.

Why
    A file that exists but says nothing passes every presence check while helping nobody: an
    empty GOVERNANCE.md, a MAINTAINERS.md still asking for names, a changelog that is a
    heading and a TODO. A template is a start, not a community file.

Options
    When no file matches, the rule passes: presence is the job of a ``file-exists`` rule.
    ``placeholders`` adds regular expressions of the project's own template markers.

Example
    ```yaml
    governance-filled-in:
      kind: filled-in
      title: The governance document is filled in
      severity: warning
      options:
        globs: ["governance*"]
    ```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from policylint.checks import Example
from policylint.checks.support.community import (
    locate_options,
    located,
    read_filled,
    validate_locate,
)

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.model import OptionError, Problem, Rule

OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["globs"],
    "properties": locate_options(["governance*"], ["", ".github", "docs"]),
}
del OPTIONS["properties"]["globs"]["default"]
EXAMPLES = (
    Example(
        options={"globs": ["governance*"]},
        passes={"files": {"GOVERNANCE.md": "# Governance\n\nMaintainers decide by consensus.\n"}},
        fails={"files": {"GOVERNANCE.md": "# Governance\n\nTBD\n"}},
        message='still holds the template placeholder "TBD"',
    ),
)


def validate(options: dict[str, Any]) -> list[OptionError]:
    return validate_locate(options)


def check(rule: Rule, facts: Facts) -> Iterator[Problem]:
    _, problems = read_filled(facts.repo, located(facts.repo, rule.options), rule.options)
    yield from problems


def evidence(rule: Rule, facts: Facts) -> list[str]:
    """What satisfied the rule: the files that say something, or that none was found (a
    file-exists rule judges that)."""
    from policylint.checks.support.evidence import nothing_located, paths

    texts, _ = read_filled(facts.repo, located(facts.repo, rule.options), rule.options)
    if texts:
        return [f"filled in, no placeholder: {paths([text.path for text in texts])}"]
    return [nothing_located(rule.options["globs"], rule.options["directories"])]
