"""Changesets' configuration, workspace and changeset files, read as ``changeset status``
(@changesets/cli 2) reads them: ``.changeset/config.json`` (``ignore``, ``privatePackages``,
``changedFilePatterns``), the workspace's packages (``package.json`` ``workspaces``, or
``pnpm-workspace.yaml``, else the root package alone) and each changeset's front matter.
Used by the changesets kind (this module is not a kind)."""

import posixpath
import re
from typing import TYPE_CHECKING, Any, NamedTuple

from policylint.conventions.config_files import ConfigProblem, parse_yaml, read_json, read_text

if TYPE_CHECKING:
    from policylint.facts.repo import Repo

CONFIG = ".changeset/config.json"
BUMPS = ("major", "minor", "patch", "none")
_FRONT_MATTER = re.compile(r"\s*---([\s\S]*?)\n\s*---(\s*(?:\n|$)[\s\S]*)")


class Package(NamedTuple):
    name: str
    directory: str  # "" for the root
    versioned: bool  # not private (or private packages are versioned), and has a version


class Changesets(NamedTuple):
    packages: tuple[Package, ...]
    ignore: tuple[str, ...]
    changed_patterns: tuple[str, ...]


def load(repo: "Repo") -> Changesets:
    config = read_json(repo, CONFIG)
    if config is None:
        raise ConfigProblem(f"there is no {CONFIG}: run changeset init", CONFIG)
    if not isinstance(config, dict):
        raise ConfigProblem(f"{CONFIG}: the configuration must be an object", CONFIG)
    private = config.get("privatePackages", {"version": True})
    version_private = private is not False and (
        not isinstance(private, dict) or private.get("version", True) is not False
    )
    ignore = config.get("ignore", [])
    patterns = config.get("changedFilePatterns", ["**"])
    if not _strings(ignore) or not _strings(patterns):
        raise ConfigProblem(
            f"{CONFIG}: ignore and changedFilePatterns are arrays of strings", CONFIG
        )
    return Changesets(tuple(_packages(repo, version_private)), tuple(ignore), tuple(patterns))


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _packages(repo: "Repo", version_private: bool) -> list[Package]:
    root = read_json(repo, "package.json")
    globs = _workspace_globs(repo, root)
    if not globs:
        return [_package(root, "", version_private)] if isinstance(root, dict) else []
    found = []
    for path in repo.files:
        if posixpath.basename(path) == "package.json" and "/" in path:
            directory = posixpath.dirname(path)
            if "node_modules" not in directory.split("/") and _in_workspace(directory, globs):
                found.append(_package(read_json(repo, path), directory, version_private))
    return found


def _workspace_globs(repo: "Repo", root: Any) -> list[str]:
    text = read_text(repo, "pnpm-workspace.yaml")
    if text is not None:
        data = parse_yaml("pnpm-workspace.yaml", text) or {}
        return (
            [g for g in data.get("packages", []) if isinstance(g, str)]
            if isinstance(data, dict)
            else []
        )
    workspaces = root.get("workspaces") if isinstance(root, dict) else None
    if isinstance(workspaces, dict):
        workspaces = workspaces.get("packages")
    return [g for g in workspaces if isinstance(g, str)] if isinstance(workspaces, list) else []


def _in_workspace(directory: str, globs: list[str]) -> bool:
    matched = False
    for glob in globs:
        negated = glob.startswith("!")
        if _glob_regex(glob.lstrip("!").strip("/").removeprefix("./")).fullmatch(directory):
            matched = not negated
    return matched


def _glob_regex(glob: str) -> re.Pattern[str]:
    """micromatch's reading of ``glob``: ``*`` within a segment, ``**`` across segments,
    neither matching a name that starts with a dot unless the pattern spells the dot."""
    parts, start = [], True
    for piece in re.split(r"(\*\*/?|\*|\?)", glob):
        if piece in ("**", "**/"):
            segment = r"(?!\.)[^/]+"
            parts.append(f"(?:{segment}/)*" if piece == "**/" else f"{segment}(?:/{segment})*")
        elif piece == "*":
            parts.append(r"(?!\.)[^/]*" if start else "[^/]*")
        elif piece == "?":
            parts.append("[^/]")
        else:
            parts.append(re.escape(piece))
        start = piece.endswith("/") if piece else start
    return re.compile("".join(parts))


def _package(data: Any, directory: str, version_private: bool) -> Package:
    data = data if isinstance(data, dict) else {}
    private = bool(data.get("private")) and not version_private
    name = data.get("name") if isinstance(data.get("name"), str) else directory
    return Package(str(name), directory, bool(data.get("version")) and not private)


def changed_packages(config: Changesets, paths: list[str]) -> list[Package]:
    """The versioned, not ignored packages with a changed file that matches
    ``changedFilePatterns``; a file belongs to the deepest package that holds it."""
    remaining = list(paths)
    changed = []
    for package in sorted(config.packages, key=lambda p: -len(p.directory)):
        prefix = package.directory + "/" if package.directory else ""
        mine = [path[len(prefix) :] for path in remaining if path.startswith(prefix)]
        remaining = [path for path in remaining if not path.startswith(prefix)]
        if mine and _any_match(mine, config.changed_patterns):
            changed.append(package)
    return [p for p in changed if p.versioned and p.name not in config.ignore]


def _any_match(paths: list[str], patterns: tuple[str, ...]) -> bool:
    positive = [_glob_regex(p) for p in patterns if not p.startswith("!")]
    negative = [_glob_regex(p[1:]) for p in patterns if p.startswith("!")]
    return any(
        any(r.fullmatch(path) for r in positive) and not any(r.fullmatch(path) for r in negative)
        for path in paths
    )


def is_changeset(path: str) -> bool:
    """A changeset file: ``.changeset/<name>.md``, not hidden, not the README."""
    directory, name = posixpath.split(path)
    return (
        directory == ".changeset"
        and name.endswith(".md")
        and not name.startswith(".")
        and name.lower() != "readme.md"
    )


def front_matter_problem(config: Changesets, path: str, text: str) -> str | None:
    """What ``changeset status`` finds wrong with the changeset in ``text``, or None."""
    if not text.strip():
        return f"{path} is empty: a changeset starts with front matter naming packages and bumps"
    found = _FRONT_MATTER.match(text)
    if not found:
        return (
            f'{path} has no front matter: a changeset starts with "---", package: bump lines, "---"'
        )
    try:
        releases = parse_yaml(path, found.group(1)) or {}
    except ConfigProblem as exc:
        return f"{path}: the front matter is not valid YAML: {exc.message}"
    if not isinstance(releases, dict):
        return f"{path}: the front matter must map package names to bump types"
    return _release_problem(config, path, releases)


def _release_problem(config: Changesets, path: str, releases: dict[str, Any]) -> str | None:
    known = {
        package.name
        for package in config.packages
        if package.directory or len(config.packages) == 1
    }
    ignored = [name for name in releases if name in config.ignore]
    for name, bump in releases.items():
        if bump not in BUMPS:
            return f"{path}: {name!r} has the bump {bump!r}; valid bumps are {', '.join(BUMPS)}"
        if name not in known:
            return f"{path} names the package {name!r}, which is not in the workspace"
    if ignored and len(ignored) != len(releases):
        mixed = ", ".join(ignored)
        return f"{path} mixes ignored packages ({mixed}) with others, which Changesets refuses"
    return None
