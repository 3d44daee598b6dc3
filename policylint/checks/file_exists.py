"""file-exists: one of several files exists.

What it checks
    That at least one file matching one of ``globs`` exists in one of ``directories`` (by
    default the repository root, ``.github/`` and ``docs/``, the places GitHub itself looks for
    community files). Matching ignores case unless ``case-sensitive`` is true, so ``readme*``
    finds ``README.md``, ``Readme.rst`` and ``readme``.

Why
    Community files that a newcomer cannot find might as well not exist. Checking the same
    places and spellings GitHub and CLOMonitor accept avoids false alarms on projects that
    keep, say, ``docs/CONTRIBUTING.rst``.

Options
    A pattern of ``globs`` is gitignore-style and relative to each directory:
    ``governance*`` or ``releasenotes/notes/*.yaml``. One starting with ``**/`` matches at any
    depth below the directory; one ending in ``/`` (``changelog.d/``) is a directory that holds
    at least one file. A name also matches a directory's contents (``license*`` finds
    ``LICENSES/MIT.txt``). A pattern starting with ``!`` excludes what the patterns before it
    matched (``["readme*", "!readme.md"]``: a README, but not ``README.md``); an exclusion
    cannot come first.

    Only a regular file inside the checkout counts: a matching link that leads nowhere or out
    of the checkout, a directory or a submodule does not.

    With ``policylint check --org-defaults DIR`` (a checkout of the organisation's ``.github``
    repository), a rule that finds nothing in the checkout passes when DIR holds, in the
    rule's directories, a file the patterns match that GitHub itself would fall back on: a
    community health file (``CODE_OF_CONDUCT``, ``CONTRIBUTING``, ``FUNDING``, ``GOVERNANCE``,
    ``SECURITY``, ``SUPPORT``, issue, pull-request and discussion templates) at DIR's root, in
    its ``.github/`` or in its ``docs/`` — never a README, a license, a maintainers list or a
    changelog.

Example
    ```yaml
    governance-file:
      kind: file-exists
      title: The project documents its governance
      severity: error
      options:
        globs: ["governance*"]
    ```
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from policylint.checks import NON_EMPTY_STRINGS, Example
from policylint.display import display
from policylint.globs import GlobSet, compile_globs, pattern_errors
from policylint.model import OptionError, Problem

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.facts.repo import Repo
    from policylint.model import Rule

DEFAULT_DIRECTORIES = ("", ".github", "docs")
EVIDENCE_SHOWN = 5  # files named as evidence; more are counted
_EXCLUSION_FIRST = (
    "an exclusion (!) removes what the patterns before it matched, and this one has none; "
    "start with the files to look for"
)
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["globs"],
    "properties": {
        "globs": {
            **NON_EMPTY_STRINGS,
            "description": "Globs relative to each directory; any match satisfies the rule.",
        },
        "directories": {
            "type": "array",
            "items": {"type": "string"},
            "default": list(DEFAULT_DIRECTORIES),
            "description": (
                'Where to look (literal paths); "" is the repository root. The default is the '
                "places GitHub looks for community files."
            ),
        },
        "case-sensitive": {
            "type": "boolean",
            "default": False,
            "description": "Match case; by default readme* finds README.md and Readme.rst.",
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
        options={"globs": ["governance*"]},
        passes={"files": {"README.md": "# app\n", "docs/GOVERNANCE.md": "# Governance\n"}},
        fails={"files": {"README.md": "# app\n"}},
        message="No file matching governance* in the repository root, .github/ or docs/",
    ),
)


def globset(options: dict[str, Any]) -> GlobSet:
    """The compiled patterns, anchored at whichever directory they are looked for in; a
    trailing ``/`` stays, so ``changelog.d/`` means a directory with a file in it."""
    anchored = tuple(_anchored(glob) for glob in options["globs"])
    return compile_globs(anchored, ignore_case=not options["case-sensitive"])


def _anchored(glob: str) -> str:
    """``readme*`` -> ``/readme*``; an exclusion keeps its ``!`` first: ``!/readme.md``."""
    pattern = glob.lstrip()  # leading whitespace is dropped anyway; keep it off the anchor
    if pattern.startswith("!"):
        return "!/" + pattern[1:].lstrip("/")
    return "/" + pattern.lstrip("/")


def validate(options: dict[str, Any]) -> list[OptionError]:
    globs = options["globs"]
    errors = [OptionError(("globs", i), msg) for i, msg in pattern_errors(globs)]
    if globs and globs[0].lstrip().startswith("!"):
        errors.append(OptionError(("globs", 0), _EXCLUSION_FIRST))
    errors += [
        OptionError(("directories", i), "a directory is a literal path, not a glob")
        for i, directory in enumerate(options.get("directories", ()))
        if any(c in directory for c in "*?[")
    ]
    return errors


def check(rule: Rule, facts: Facts) -> Iterator[Problem]:
    globs, repo = globset(rule.options), facts.repo
    directories = rule.options["directories"]
    not_counted: dict[str, None] = {}  # matches that are no regular file, in order, once
    for directory in directories:
        for path in repo.glob(globs, base=directory):
            if repo.present(path):
                return
            not_counted[path] = None
    if repo.org_defaults is not None and _in_org_defaults(repo.org_defaults, globs, directories):
        return
    yield Problem(rule.options.get("message") or _message(rule.options, list(not_counted)))


def evidence(rule: Rule, facts: Facts) -> list[str]:
    """What satisfied the rule: the files found (``found LICENSE.txt``), or the organisation's
    default that GitHub falls back on."""
    globs, repo, directories = globset(rule.options), facts.repo, rule.options["directories"]
    found = {p: None for d in directories for p in repo.glob(globs, base=d) if repo.present(p)}
    shown = [f"found {display(path)}" for path in list(found)[:EVIDENCE_SHOWN]]
    if len(found) > EVIDENCE_SHOWN:
        shown.append(f"and {len(found) - EVIDENCE_SHOWN} more")
    if not shown and repo.org_defaults is not None:
        from policylint.facts.org_defaults import default_file

        default = default_file(repo.org_defaults, globs, directories)
        shown = [f"found {display(default)} in the organisation's defaults"] if default else []
    return shown


def _in_org_defaults(org: Repo, globs: GlobSet, directories: Iterable[str]) -> bool:
    """Whether the organisation's defaults hold a community health file the rule accepts."""
    from policylint.facts.org_defaults import default_file

    return default_file(org, globs, directories) is not None


def _message(options: dict[str, Any], not_counted: list[str]) -> str:
    places = [
        f"{d.strip('/')}/" if d.strip("/") else "the repository root"
        for d in options["directories"]
    ]
    where = places[0] if len(places) == 1 else ", ".join(places[:-1]) + " or " + places[-1]
    message = f"No file matching {', '.join(options['globs'])} in {where}"
    if not not_counted:
        return message
    names = ", ".join(display(path) for path in not_counted[:3])
    more = f" and {len(not_counted) - 3} more" if len(not_counted) > 3 else ""
    return f"{message} ({names}{more}: not a regular file inside the checkout)"
