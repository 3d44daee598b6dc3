"""The community-file templates (``templates/*.md``, shipped in the package) and how they are
filled in.

A template names its values ``{{project}}``, ``{{link:NAME}}`` (where another community file
is: the existing one, or the one ``fix`` creates) and ``{{setup}}``, ``{{test}}``,
``{{release_notes}}``, ``{{signoff}}``, ``{{report_channel}}`` (text chosen from what the
checkout does, ``policylint.scaffold.context``). What only the project can say is left as a
visible ``[FILL IN: what]`` marker, which ``fix`` lists for the user.
"""

import os
import re
from typing import NamedTuple

TEMPLATE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")
_VALUE = re.compile(r"\{\{([a-z_]+(?::[a-z-]+)?)\}\}")
_FILL_IN = re.compile(r"\[FILL IN: (.*?)\]", re.DOTALL)


class Template(NamedTuple):
    """A community file ``fix`` can create: the community-health rule whose absence it remedies
    (its id is the template's name for ``--only``, as ``init`` and ``check`` name it), the file
    it creates at the root, and older names ``--only`` still accepts."""

    rule: str
    path: str
    aliases: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.rule

    @property
    def names(self) -> tuple[str, ...]:
        """Every name that selects it, its own first: also what ``{{link:NAME}}`` may say."""
        return (self.rule, *self.aliases)


TEMPLATES = (
    Template("contributing", "CONTRIBUTING.md"),
    Template("code-of-conduct", "CODE_OF_CONDUCT.md"),
    Template("security-policy", "SECURITY.md", aliases=("security",)),
    Template("governance", "GOVERNANCE.md"),
    Template("maintainers", "MAINTAINERS.md"),
)
TEMPLATE_NAMES = tuple(template.name for template in TEMPLATES)
TEMPLATE_BY_NAME = {name: template for template in TEMPLATES for name in template.names}


class Placeholder(NamedTuple):
    """A ``[FILL IN: what]`` marker left in a file: its 1-based line and what to fill in."""

    line: int
    what: str


def fill(template: Template, values: dict[str, str]) -> str:
    """The template's text with every ``{{name}}`` replaced by ``values[name]``; a value that
    is empty leaves no run of blank lines behind."""
    with open(os.path.join(TEMPLATE_DIR, template.path), encoding="utf-8") as handle:
        text = handle.read()
    filled = _VALUE.sub(lambda found: values[found.group(1)], text)
    return re.sub(r"\n{3,}", "\n\n", filled).rstrip("\n") + "\n"


def placeholders(text: str) -> list[Placeholder]:
    """The ``[FILL IN: ...]`` markers in ``text``, in order, each on one line."""
    return [
        Placeholder(text.count("\n", 0, found.start()) + 1, " ".join(found.group(1).split()))
        for found in _FILL_IN.finditer(text)
    ]
