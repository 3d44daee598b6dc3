"""The built-in packs ``policylint init`` chooses from, by what each is for.

Names are only referenced here; whether a pack exists is read from the shipped ``policies/``
directory at run time, so a choice whose pack this version does not ship is written as a
commented-out line rather than an ``extends`` entry that would not load.
"""

from __future__ import annotations

from policylint.resources import builtin_packs

RECOMMENDED = "recommended"
GOVERNANCE = "governance"
DCO = "dco"
CONVENTIONAL_COMMITS = "conventional-commits"
UPSTREAM_FIRST = "upstream-first"
# Release-note style (policylint.scaffold.detect) -> the pack that checks it.
RELEASE_NOTE_PACKS = {
    "reno": "release-notes-reno",
    "towncrier": "release-notes-towncrier",
    "changesets": "release-notes-changesets",
    "fragments": "release-notes-changelog",  # its rule counts changelogs/fragments/ too
    "prow": "release-notes-prow",
    "changelog": "release-notes-changelog",
}
STYLE_NAMES = {
    "reno": "reno-style release notes (a YAML note per change)",
    "towncrier": "towncrier news fragments (a fragment per change)",
    "changesets": "Changesets (a .changeset/*.md file per change)",
    "fragments": "Ansible-style changelog fragments (a YAML fragment per change)",
    "prow": "Kubernetes-style release-note blocks in the pull-request description",
    "changelog": "a changelog file that each change updates",
}


def available_packs() -> frozenset[str]:
    """The names of the packs this installation ships."""
    return frozenset(builtin_packs())


# The rule of each release-note pack that requires a note.
RELEASE_NOTE_RULE = "release-note"
