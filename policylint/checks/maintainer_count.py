"""maintainer-count: the maintainers files name at least a number of distinct people.

What it checks
    That the maintainers files (the literal paths of ``files``, plus those of the policy
    ``params`` named by ``files-params``) together name at least ``min-people`` distinct people.
    A person is an entry — a list item, a table row, a ``Name <email>`` line, an entry under a
    Kubernetes ``OWNERS`` file's ``approvers:``, ``reviewers:`` or ``maintainers:`` — and
    entries that share an email address, an ``@login`` or a name are one person, so someone
    listed twice (as approver and reviewer, or in two files) counts once. In ``CODEOWNERS``
    every ``@login`` and email on a line is a person. Teams (``@org/team``), headings,
    comments, table headers, and the people of emeritus, former or alumni sections (and OWNERS
    ``emeritus_*`` keys) do not count.

Why
    A project one person maintains stops when that person does. Counting lines with handles
    counts one person listed twice twice; counting people tells how many can merge a fix,
    cut a release or answer a security report.

Options
    The finding names the people found (at most five) and where the first file is.

Example
    ```yaml
    maintainers-two-people:
      kind: maintainer-count
      title: The maintainers list names at least two people
      severity: warning
      options:
        files: [MAINTAINERS.md, OWNERS, CODEOWNERS, .github/CODEOWNERS]
        min-people: 2
    ```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from policylint.checks import Example
from policylint.conventions.maintainers import people
from policylint.display import display
from policylint.model import OptionError, Problem

if TYPE_CHECKING:
    from policylint.conventions.maintainers import Person
    from policylint.facts import Facts
    from policylint.model import Rule

OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "files": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "default": [],
            "description": "Maintainers files, literal paths from the root, in order.",
        },
        "files-params": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "default": [],
            "description": (
                "Names of policy params that hold more such paths (a project overrides the "
                "list once for every rule that reads it)."
            ),
        },
        "min-people": {
            "type": "integer",
            "minimum": 1,
            "default": 2,
            "description": "The fewest distinct people the files must name.",
        },
        "message": {
            "type": "string",
            "minLength": 1,
            "description": "The finding's message instead of the generated one.",
        },
    },
}
EXAMPLES = (
    Example(
        options={"files": ["OWNERS"]},
        passes={"files": {"OWNERS": "approvers:\n  - ada\n  - grace\nreviewers:\n  - ada\n"}},
        fails={"files": {"OWNERS": "approvers:\n  - ada\nreviewers:\n  - ada\n"}},
        message="the maintainers files (OWNERS) name 1 person (@ada); at least 2 wanted",
    ),
)


def validate(options: dict[str, Any]) -> list[OptionError]:
    if not options.get("files") and not options.get("files-params"):
        return [OptionError((), "give files or files-params")]
    return []


def listed_files(options: dict[str, Any], params: dict[str, Any]) -> list[str]:
    """``files`` then each named param's paths, each once (a param that is no list of strings
    adds nothing)."""
    paths = list(options["files"])
    for name in options["files-params"]:
        value = params.get(name)
        if isinstance(value, list):
            paths += [p for p in value if isinstance(p, str)]
    return list(dict.fromkeys(p.strip("/") for p in paths))


def check(rule: Rule, facts: Facts) -> Iterator[Problem]:
    repo, options = facts.repo, rule.options
    listed = listed_files(options, facts.params)
    present = [p for p in listed if repo.has(p) and repo.present(p)]
    found = people(repo, tuple(present))
    wanted = options["min-people"]
    if len(found) >= wanted:
        return
    generated = _finding(listed, present, found, wanted)
    if options.get("message"):  # the generated message says what was read
        yield Problem(options["message"], evidence=(generated.message,))
        return
    yield generated


def evidence(rule: Rule, facts: Facts) -> list[str]:
    """What satisfied the rule: the files read and the people they name."""
    repo, options = facts.repo, rule.options
    listed = listed_files(options, facts.params)
    present = tuple(p for p in listed if repo.has(p) and repo.present(p))
    found = people(repo, present)
    names = ", ".join(display(person.shown) for person in found[:5])
    more = f" and {len(found) - 5} more" if len(found) > 5 else ""
    files = ", ".join(display(p) for p in present)
    count = "1 person" if len(found) == 1 else f"{len(found)} people"
    return [f"{files} name {count}: {names}{more}"]


def _finding(listed: list[str], present: list[str], found: list[Person], wanted: int) -> Problem:
    if not present:
        shown = ", ".join(display(p) for p in listed[:3])
        more = f" and {len(listed) - 3} more" if len(listed) > 3 else ""
        return Problem(f"no maintainers file ({shown}{more}); at least {wanted} people wanted")
    names = ", ".join(display(person.shown) for person in found[:5])
    more = f" and {len(found) - 5} more" if len(found) > 5 else ""
    count = f"{len(found)} person" if len(found) == 1 else f"{len(found)} people"
    who = f" ({names}{more})" if found else ""
    files = ", ".join(display(p) for p in present)
    message = f"the maintainers files ({files}) name {count}{who}; at least {wanted} wanted"
    return Problem(message, present[0], 1, key="people")
