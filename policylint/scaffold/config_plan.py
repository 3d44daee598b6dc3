"""What ``policylint init`` puts in a ``.policylint.yaml``: the packs to extend, chosen from
what the checkout does, each with the reason; suggestions for what it does not do; and the
settings a detected layout needs (towncrier's fragment directory, a CODEOWNERS rule).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from policylint.display import display
from policylint.scaffold import packs

if TYPE_CHECKING:
    from policylint.scaffold.community import CommunityFile
    from policylint.scaffold.detect import CommitSample, Layout, ReleaseNotes

# The tool configuration each release-note pack reads, where the project has one.
TOOL_CONFIGS = {
    "towncrier": ("towncrier.toml", "pyproject.toml"),
    "reno": ("releasenotes/config.yaml", "reno.yaml"),
    "changesets": (".changeset/config.json",),
}


class Entry(NamedTuple):
    """One ``extends`` line: the pack, why (a comment), and whether it is on or suggested."""

    pack: str
    reason: str
    enabled: bool


class Plan(NamedTuple):
    name: str
    entries: tuple[Entry, ...]
    community: tuple[CommunityFile, ...]
    codeowners: str | None  # a CODEOWNERS file no chosen pack checks: a rule is added for it
    exemptions: tuple[PlannedExemption, ...] = ()  # asked for with init --exempt


class PlannedExemption(NamedTuple):
    """An exemption ``init --exempt`` writes: every one has the ``expires`` and ``owner`` the
    command line gave, so a dated exemption is never written without its date."""

    rule: str
    reason: str
    expires: str | None = None
    owner: str | None = None


def plan_entries(
    layout: Layout, community: list[CommunityFile], available: frozenset[str]
) -> list[Entry]:
    """The packs to extend, in order, each enabled only when its pack ships with policylint."""
    recommended = "The default policy: the community files every project needs, and "
    entries = [Entry(packs.RECOMMENDED, recommended + "pull-request hygiene.", True)]
    entries += _release_notes(layout.release_notes, available, configs=layout.tool_configs)
    entries += [
        _governance(community),
        _commit_habit(
            packs.DCO, "carry a Signed-off-by trailer", layout.commits.signed_off, layout.commits
        ),
        _commit_habit(
            packs.CONVENTIONAL_COMMITS,
            "follow Conventional Commits",
            layout.commits.conventional,
            layout.commits,
        ),
        _patches(layout.patches),
    ]
    return [shipped for entry in entries if (shipped := _shipped(entry, available))]


def _shipped(entry: Entry, available: frozenset[str]) -> Entry | None:
    """``entry`` when its pack ships; else a detected one commented out with a note, and a
    mere suggestion left out (enabling it would make the file fail to load)."""
    if entry.pack in available:
        return entry
    if not entry.enabled:
        return None
    return Entry(entry.pack, f"{entry.reason} This policylint ships no such pack yet.", False)


def _release_notes(
    found: tuple[ReleaseNotes, ...], available: frozenset[str], *, configs: tuple[str, ...] = ()
) -> list[Entry]:
    if not found:
        shipped = [p for p in packs.RELEASE_NOTE_PACKS.values() if p in available]
        reason = "No release-note convention found; to require one, enable the pack of your style:"
        return [Entry(pack, reason if i == 0 else "", False) for i, pack in enumerate(shipped)]
    chosen = packs.RELEASE_NOTE_PACKS[found[0].style]
    entries = [_chosen(chosen, found[0], configs)]
    for other in found[1:]:
        pack = packs.RELEASE_NOTE_PACKS[other.style]
        reason = _found(other) + " One release-note pack is enough; this one was not chosen."
        entries += [Entry(pack, reason, False)] if pack != chosen else []
    return entries


def _chosen(pack: str, notes: ReleaseNotes, configs: tuple[str, ...]) -> Entry:
    """The detected style's pack, enabled when at least half of the recent changes to code
    touched the notes (or history cannot tell), with the ratio and the configuration it reads."""
    reason = _found(notes)
    config = next((c for c in TOOL_CONFIGS.get(notes.style, ()) if c in configs), None)
    if config is not None:
        reason += f" The pack reads the project's own configuration in {config}."
    if notes.history is None:
        return Entry(pack, reason, True)
    touched, total = notes.history
    share = f"{touched} of the last {total} changes to code touched the release notes"
    if touched * 2 >= total:
        return Entry(pack, f"{reason} {share}: every change must.", True)
    return Entry(
        pack,
        f"{reason} Only {share}, so the pack would fail most changes; to "
        "require notes from now on, enable:",
        False,
    )


def _found(notes: ReleaseNotes) -> str:
    where = f" (fragments in {display(notes.directory)})" if notes.directory else ""
    return f"Found {display(notes.found)}{where}: {packs.STYLE_NAMES[notes.style]}."


def _governance(community: list[CommunityFile]) -> Entry:
    found = next((c.found for c in community if c.rule.id == "governance"), ())
    if found:
        reason = (
            f"Found {display(found[0])}: its roles, decision making and maintainers are checked."
        )
        return Entry(packs.GOVERNANCE, reason, True)
    reason = (
        "No governance document: `policylint fix` writes a GOVERNANCE.md to start from; "
        "then enable:"
    )
    return Entry(packs.GOVERNANCE, reason, False)


def _commit_habit(pack: str, habit: str, count: int, sample: CommitSample) -> Entry:
    if sample.total == 0:
        return Entry(pack, f"No commit history to sample; to require that commits {habit}:", False)
    share = f"{count} of {sample.total} recent commits {habit}"
    if sample.most(count):
        return Entry(pack, f"{share}: every commit must.", True)
    return Entry(pack, f"{share}; to require it of every commit:", False)


def _patches(directories: tuple[str, ...]) -> Entry:
    if directories:
        found = " and ".join(display(d) for d in directories)
        reason = (
            f"Found carried patches in {found}: each must say where it went upstream and when "
            "it is dropped."
        )
        return Entry(packs.UPSTREAM_FIRST, reason, True)
    reason = "No carried patches (patches/, debian/patches/); if you carry some, enable:"
    return Entry(packs.UPSTREAM_FIRST, reason, False)
