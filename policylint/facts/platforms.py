"""The CI platforms pull-request metadata is read from: one table, used both to tell whether a
run may have metadata at all (the hook path looks only at the marker variables, without
importing ``policylint.facts.pr`` or any reader) and to read it.

Adding a platform (Gitea, Forgejo, Bitbucket) is one reader module in ``policylint.facts.pr``
with ``detect(env) -> CiContext | None`` and one line here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from policylint.registry import Registry

if TYPE_CHECKING:
    from collections.abc import Mapping

    from policylint.facts.pr.records import CiContext

    class Reader(Protocol):
        """A platform's reader module."""

        def detect(self, env: Mapping[str, str]) -> CiContext | None: ...


class Platform:
    """A row of ``PLATFORMS``: the variable whose presence means the platform's CI may carry
    a pull request, and the reader module (in ``policylint.facts.pr``). A plain class, as
    ``CommandInfo``: the table is built on every run."""

    __slots__ = ("marker", "module")

    def __init__(self, marker: str, module: str) -> None:
        self.marker = marker
        self.module = module


PLATFORMS: dict[str, Platform] = {
    "github": Platform("GITHUB_EVENT_PATH", "github"),
    "gitlab": Platform("CI_MERGE_REQUEST_IID", "gitlab"),
}

READERS: Registry[Reader] = Registry("policylint.facts.pr", PLATFORMS, lambda row: row.module)


def may_have_metadata(env: Mapping[str, str]) -> bool:
    """Whether a platform's marker variable is set (no reader is imported)."""
    return any(env.get(platform.marker) for platform in PLATFORMS.values())


def detect(env: Mapping[str, str]) -> CiContext | None:
    """The CI context of the first platform whose marker is set and whose reader finds a pull
    (merge) request; None elsewhere (and for events that are not about one)."""
    for name, platform in PLATFORMS.items():
        if env.get(platform.marker):
            context = READERS.load(name).detect(env)
            if context is not None:
                return context
    return None
