"""An organisation's default community health files, as GitHub falls back on them.

When a repository has no community health file of some type, GitHub shows the default its
organisation (or account) keeps in a public repository named ``.github``. ``policylint check
--org-defaults DIR`` does the same for ``file-exists`` rules: when a rule finds no file in the
checkout, a file of a checkout of that ``.github`` repository at DIR satisfies it when both

- the rule's patterns match it in one of the rule's directories (as in the checkout); and
- it is a community health file GitHub uses as a default, in one of the places GitHub reads
  them from (the root, ``.github/`` and ``docs/`` of that repository): ``CODE_OF_CONDUCT``,
  ``CONTRIBUTING``, ``FUNDING``, ``GOVERNANCE``, ``SECURITY``, ``SUPPORT``, ``ISSUE_TEMPLATE``
  or ``PULL_REQUEST_TEMPLATE`` (any extension; the name's case and ``-`` for ``_`` do not
  matter), or a file directly in an ``ISSUE_TEMPLATE/``, ``PULL_REQUEST_TEMPLATE/`` or
  ``DISCUSSION_TEMPLATE/`` directory there.

Anything else never comes from the defaults, as on GitHub: a README, a LICENSE (which must
ship with the code), a maintainers list, a changelog.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from policylint.facts.repo import Repo
    from policylint.globs import GlobSet

PLACES = ("", ".github", "docs")  # where GitHub reads defaults from, in the .github repository
COMMUNITY_FILES = frozenset(
    {
        "code_of_conduct",
        "contributing",
        "funding",
        "governance",
        "security",
        "support",
        "issue_template",
        "pull_request_template",
    }
)
TEMPLATE_DIRECTORIES = frozenset({"issue_template", "pull_request_template", "discussion_template"})


def _normalised(name: str) -> str:
    return name.lower().replace("-", "_")


def is_community_file(path: str) -> bool:
    """Whether GitHub uses ``path`` (relative to the ``.github`` repository) as a default."""
    parts = path.split("/")
    place = parts[0] if len(parts) > 1 and parts[0] in PLACES[1:] else ""
    rest = parts[1:] if place else parts
    if len(rest) == 1:
        return _normalised(rest[0]).partition(".")[0] in COMMUNITY_FILES
    return len(rest) == 2 and _normalised(rest[0]) in TEMPLATE_DIRECTORIES


def default_file(org: Repo, globs: GlobSet, directories: Iterable[str]) -> str | None:
    """The first community health file of ``org`` that ``globs`` match in one of
    ``directories`` (relative to ``org``'s root); None when there is none."""
    for directory in directories:
        for path in org.glob(globs, base=directory):
            if is_community_file(path) and org.present(path):
                return path
    return None
