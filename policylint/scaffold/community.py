"""Which community files a checkout has, judged by the community-health pack's own rules.

The patterns are never copied here: they are the ``file-exists`` rules of the effective policy
(so a checkout's overrides count) and, for rules it lacks, of the built-in pack, looked for
exactly as ``policylint check`` looks for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from policylint.checks.file_exists import DEFAULT_DIRECTORIES, globset
from policylint.loading import load_policy
from policylint.resources import builtin_pack_path

if TYPE_CHECKING:
    from policylint.facts.repo import Repo
    from policylint.model import Policy, Rule

COMMUNITY_PACK = "community-health"
FILE_EXISTS = "file-exists"


class CommunityFile(NamedTuple):
    """A community-health rule and the files in the checkout that satisfy it, if any."""

    rule: Rule
    found: tuple[str, ...]


def builtin_pack(name: str, root: str) -> Policy | None:
    """The rules of built-in pack ``name`` alone, or None when this version has no such pack."""
    path = builtin_pack_path(name)
    return None if path is None else load_policy(path, root=root)


def community_rules(root: str, policy: Policy | None = None) -> list[Rule]:
    """The built-in community-health pack's ``file-exists`` rules in its order, each replaced
    by the rule of the same id in ``policy`` when that one is a ``file-exists`` rule too."""
    pack = builtin_pack(COMMUNITY_PACK, root)
    own = {r.id: r for r in (policy.rules if policy else ()) if r.kind == FILE_EXISTS}
    builtin = pack.rules if pack else ()
    return [own.get(rule.id, rule) for rule in builtin if rule.kind == FILE_EXISTS]


def community_files(repo: Repo, rules: list[Rule]) -> list[CommunityFile]:
    return [CommunityFile(rule, found_paths(rule, repo)) for rule in rules]


def found_paths(rule: Rule, repo: Repo) -> tuple[str, ...]:
    """The files that satisfy the ``file-exists`` ``rule`` in ``repo``, as its check finds them
    (without an organisation's defaults: those are no file of this checkout)."""
    globs = globset(rule.options)
    found: dict[str, None] = {}
    for directory in rule.options.get("directories", DEFAULT_DIRECTORIES):
        found.update(
            (path, None) for path in repo.glob(globs, base=directory) if repo.present(path)
        )
    return tuple(found)
