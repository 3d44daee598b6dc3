"""What a checkout already does: its release-note style, how its commits are written, its
CODEOWNERS and its carried patches. ``policylint init`` picks packs from this.

Release-note styles, preferred in this order when several are found (a fragment directory says
more about how changes are recorded than the changelog file the fragments are built into):

- reno: files under ``releasenotes/notes/``;
- towncrier: ``[tool.towncrier]`` in pyproject.toml or towncrier.toml (and its ``directory``),
  or files under ``newsfragments/`` or ``changelog.d/``;
- changesets: files under ``.changeset/``;
- fragments: Ansible-style ``changelogs/fragments/`` (or ``changelogs/config.yaml``);
- prow: an ``OWNERS`` file and a pull-request template with a ```` ```release-note ```` block;
- changelog: a CHANGELOG, CHANGES, HISTORY or NEWS file in the root or ``docs/``.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from policylint.conventions.codeowners import LOCATIONS
from policylint.facts.commits import LOG_FIELDS, LOG_OPTIONS, commit_from_log
from policylint.git import run_git
from policylint.scaffold.project import toml_table

if TYPE_CHECKING:
    from policylint.facts.commits import Commit
    from policylint.facts.repo import Repo

SAMPLE_SIZE = 50  # recent non-merge commits whose messages are sampled
CONVENTIONAL_TYPES = "feat|fix|docs|style|refactor|perf|test|build|ci|chore|revert|deps"
TOWNCRIER_DIRECTORIES = ("newsfragments", "changelog.d")
CHANGELOG_NAMES = ("changelog", "changes", "history", "news")
PATCH_DIRECTORIES = ("patches", "debian/patches")


class ReleaseNotes(NamedTuple):
    """A release-note style and what gave it away (``found``: a path or a setting);
    ``directory``: where fragments go, when a configuration names it."""

    style: str
    found: str
    directory: str | None = None


class CommitSample(NamedTuple):
    """How many recent non-merge commits were read, and how many of them follow a habit."""

    total: int = 0
    signed_off: int = 0
    conventional: int = 0

    def most(self, count: int) -> bool:
        """Whether ``count`` is more than half of the sample (never for an empty sample)."""
        return count * 2 > self.total > 0


class Layout(NamedTuple):
    release_notes: tuple[ReleaseNotes, ...]  # every style found, preferred first
    commits: CommitSample
    codeowners: str | None  # the CODEOWNERS file GitHub would use
    patches: tuple[str, ...]  # directories holding carried patches


def detect(repo: Repo) -> Layout:
    """Everything ``init`` wants to know about the checkout ``repo``."""
    finders = (_reno, _towncrier, _changesets, _fragments, _prow, _changelog)
    return Layout(
        release_notes=tuple(found for finder in finders if (found := finder(repo)) is not None),
        commits=sample_commits(repo.root),
        codeowners=next((path for path in LOCATIONS if path in repo.file_set), None),
        patches=tuple(d + "/" for d in PATCH_DIRECTORIES if _patches_under(repo, d)),
    )


def has_files_under(repo: Repo, directory: str) -> bool:
    """Whether any listed file lies below ``directory`` (a prefix search of the sorted list)."""
    prefix = directory.strip("/") + "/"
    index = bisect_left(repo.files, prefix)
    return index < len(repo.files) and repo.files[index].startswith(prefix)


def _reno(repo: Repo) -> ReleaseNotes | None:
    return (
        ReleaseNotes("reno", "releasenotes/notes/")
        if has_files_under(repo, "releasenotes/notes")
        else None
    )


def _towncrier(repo: Repo) -> ReleaseNotes | None:
    for name in ("towncrier.toml", "pyproject.toml"):
        settings = toml_table(os.path.join(repo.root, name), "tool.towncrier")
        if settings:
            directory = settings.get("directory")
            named = (
                directory.strip("/") + "/"
                if isinstance(directory, str) and directory.strip("/")
                else None
            )
            return ReleaseNotes("towncrier", f"[tool.towncrier] in {name}", named)
    found = next((d for d in TOWNCRIER_DIRECTORIES if has_files_under(repo, d)), None)
    return ReleaseNotes("towncrier", found + "/") if found else None


def _changesets(repo: Repo) -> ReleaseNotes | None:
    return (
        ReleaseNotes("changesets", ".changeset/") if has_files_under(repo, ".changeset") else None
    )


def _fragments(repo: Repo) -> ReleaseNotes | None:
    if has_files_under(repo, "changelogs/fragments"):
        return ReleaseNotes("fragments", "changelogs/fragments/")
    if "changelogs/config.yaml" in repo.file_set:
        return ReleaseNotes("fragments", "changelogs/config.yaml")
    return None


def _prow(repo: Repo) -> ReleaseNotes | None:
    if "OWNERS" not in repo.file_set:
        return None
    for path in _pull_request_templates(repo):
        text = repo.read_text(path).text or ""
        if "```release-note" in text:
            return ReleaseNotes("prow", f"OWNERS and a release-note block in {path}")
    return None


def _pull_request_templates(repo: Repo) -> list[str]:
    return [path for path in repo.files if _is_pull_request_template(path)]


def _is_pull_request_template(path: str) -> bool:
    """GitHub's places: ``pull_request_template*`` in the root, .github/ or docs/, or any file
    in .github/PULL_REQUEST_TEMPLATE/ (any case)."""
    directory, _, name = path.lower().rpartition("/")
    if directory == ".github/pull_request_template":
        return True
    return directory in ("", ".github", "docs") and name.startswith("pull_request_template")


def _changelog(repo: Repo) -> ReleaseNotes | None:
    for path in repo.files:
        directory, _, name = path.rpartition("/")
        stem = name.lower().partition(".")[0]
        if directory.lower() in ("", "docs") and stem in CHANGELOG_NAMES:
            return ReleaseNotes("changelog", path)
    return None


def _patches_under(repo: Repo, directory: str) -> bool:
    prefix = directory + "/"
    start = bisect_left(repo.files, prefix)
    for path in repo.files[start:]:
        if not path.startswith(prefix):
            return False
        if directory.startswith("debian/") or path.endswith((".patch", ".diff")):
            return True
    return False


def sample_commits(root: str, limit: int = SAMPLE_SIZE) -> CommitSample:
    """The habits of the last ``limit`` non-merge commits of HEAD; an empty sample when there
    is no git, no repository or no commit yet."""
    commits = _recent_commits(root, limit)
    return CommitSample(
        total=len(commits),
        signed_off=sum(_signed_off(commit) for commit in commits),
        conventional=sum(bool(_conventional().match(c.subject)) for c in commits),
    )


def _recent_commits(root: str, limit: int) -> list[Commit]:
    try:
        proc = run_git("-C", root, "log", f"-n{limit}", "--no-merges", *LOG_OPTIONS, "HEAD", "--")
    except FileNotFoundError:
        return []
    fields = proc.stdout.split(b"\0")
    if proc.returncode != 0 or len(fields) % LOG_FIELDS != 1:
        return []
    decoded = [field.decode("utf-8", "replace") for field in fields[:-1]]
    return [
        commit_from_log(decoded[i : i + LOG_FIELDS]) for i in range(0, len(decoded), LOG_FIELDS)
    ]


def _signed_off(commit: Commit) -> bool:
    return any(token.lower() == "signed-off-by" for token, _ in commit.trailers)


@lru_cache(maxsize=1)
def _conventional() -> re.Pattern[str]:
    """A Conventional Commits subject with one of the usual types: ``feat(api)!: add x``."""
    return re.compile(rf"(?:{CONVENTIONAL_TYPES})(?:\([^()\n]*\))?!?: \S")
