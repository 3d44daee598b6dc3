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

if TYPE_CHECKING:
    from collections.abc import Callable

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
    ``directory``: where fragments go, when a configuration names it; ``history``: of the
    recent changes to code, (how many touched the notes, how many there were), when the
    history says (None: no git history, or a style history cannot show)."""

    style: str
    found: str
    directory: str | None = None
    history: tuple[int, int] | None = None


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
    tool_configs: tuple[str, ...] = ()  # release-note tools' configuration files present


def detect(repo: Repo) -> Layout:
    """Everything ``init`` wants to know about the checkout ``repo``."""
    finders = (_reno, _towncrier, _changesets, _fragments, _prow, _changelog)
    found = [notes for finder in finders if (notes := finder(repo)) is not None]
    changes = recent_code_changes(repo.root) if found else []
    return Layout(
        release_notes=tuple(_with_history(repo, notes, changes) for notes in found),
        commits=sample_commits(repo.root),
        codeowners=next((path for path in LOCATIONS if path in repo.file_set), None),
        patches=tuple(d + "/" for d in PATCH_DIRECTORIES if _patches_under(repo, d)),
        tool_configs=tuple(path for path in TOOL_CONFIG_FILES if _configures(repo, path)),
    )


TOOL_CONFIG_FILES = (
    *("towncrier.toml", "pyproject.toml", "releasenotes/config.yaml", "reno.yaml"),
    ".changeset/config.json",
)


def _configures(repo: Repo, path: str) -> bool:
    """Whether ``path`` is there (pyproject.toml only with a [tool.towncrier] table)."""
    if path not in repo.file_set:
        return False
    return path != "pyproject.toml" or bool(
        toml_table(os.path.join(repo.root, path), "tool.towncrier")
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


# --- how often recent changes to code touched the notes -------------------------------------
HISTORY_CHANGES = 60  # recent changes to code sampled
HISTORY_DEPTH = 400  # first-parent changes looked through to find them
HISTORY_MINIMUM = 3  # fewer changes to code say nothing either way
CODE_SUFFIXES = (
    *(".py", ".go", ".rs", ".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".java", ".kt"),
    *(".scala", ".rb", ".php", ".cs", ".swift", ".c", ".cc", ".cpp", ".h", ".hpp", ".ex"),
)
NOT_CODE = frozenset({"tests", "test", "testing", "docs", "doc", ".github", "examples"})


def recent_code_changes(root: str) -> list[list[str]]:
    """The files of each of the last HISTORY_CHANGES first-parent changes (a merge against its
    first parent: the whole pull request) that change code other than tests and docs."""
    try:
        proc = run_git(
            "-C",
            root,
            "-c",
            "core.quotePath=false",
            "log",
            "--first-parent",
            "-m",
            "--name-only",
            "--format=%x01%P",
            f"-n{HISTORY_DEPTH}",
            "HEAD",
            "--",
        )
    except FileNotFoundError:
        return []
    if proc.returncode != 0:
        return []
    changes = []
    for block in proc.stdout.decode("utf-8", "replace").split("\x01")[1:]:
        parents, _, names = block.partition("\n")
        files = [line for line in names.splitlines() if line]
        if parents.strip() and any(_is_code(path) for path in files):  # not the first import
            changes.append(files)
    return changes[:HISTORY_CHANGES]


def _is_code(path: str) -> bool:
    parts = path.split("/")
    return path.endswith(CODE_SUFFIXES) and not NOT_CODE.intersection(parts[:-1])


def _with_history(repo: Repo, notes: ReleaseNotes, changes: list[list[str]]) -> ReleaseNotes:
    touches = _note_paths(repo, notes)
    if touches is None or len(changes) < HISTORY_MINIMUM:
        return notes
    touched = sum(any(touches(path) for path in files) for files in changes)
    return notes._replace(history=(touched, len(changes)))


def _note_paths(repo: Repo, notes: ReleaseNotes) -> Callable[[str], bool] | None:
    """Whether a path is a note of ``notes``' style (None for styles history cannot show)."""
    if notes.style == "towncrier":
        return _towncrier_paths(repo)
    prefixes = {
        "reno": ("releasenotes/notes/",),
        "changesets": (".changeset/",),
        "fragments": ("changelogs/fragments/",),
    }
    if notes.style in prefixes:
        return lambda path: path.startswith(prefixes[notes.style])
    if notes.style == "changelog":
        return _is_changelog
    return None


def _is_changelog(path: str) -> bool:
    directory, _, name = path.rpartition("/")
    return directory.lower() in ("", "docs") and name.lower().partition(".")[0] in CHANGELOG_NAMES


def _towncrier_paths(repo: Repo) -> Callable[[str], bool]:
    from policylint.conventions.config_files import ConfigProblem
    from policylint.conventions.towncrier import load

    try:
        config = load(repo)
    except ConfigProblem:
        config = None
    if config is None:
        prefixes = tuple(f"{d}/" for d in TOWNCRIER_DIRECTORIES)
        return lambda path: path.startswith(prefixes) or "/newsfragments/" in path
    prefixes = tuple(f"{d}/" if d else "" for d in config.directories)
    return lambda path: path == config.news_file or path.startswith(prefixes)
