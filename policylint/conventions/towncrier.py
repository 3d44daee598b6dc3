"""towncrier's configuration and fragment names, read as towncrier 24-26 reads them:
``towncrier.toml`` (else ``pyproject.toml``) ``[tool.towncrier]``, its fragment directories
(``directory``, or ``package_dir``/``package``/``newsfragments``, per ``section``), fragment
types (``type`` array, ``fragment`` tables or the five defaults, each with its ``check``
flag), ``ignore``, ``orphan_prefix``, ``issue_pattern``, ``filename`` and ``template``. Used
by the towncrier kind (this module is not a kind)."""

from __future__ import annotations

import posixpath
import re
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any, NamedTuple
from weakref import WeakKeyDictionary

from policylint.conventions.config_files import ConfigProblem, read_toml, table

if TYPE_CHECKING:
    from policylint.facts.repo import Repo

CONFIG_FILES = ("towncrier.toml", "pyproject.toml")
DEFAULT_TYPES = dict.fromkeys(("feature", "bugfix", "doc", "removal", "misc"), True)
# Files towncrier never reads as fragments (compared lower-cased, as fnmatch patterns).
ALWAYS_IGNORED = (".gitignore", ".gitkeep", ".keep", "readme", "readme.md", "readme.rst")
# The templates towncrier itself ships (``towncrier:default`` and the like).
OWN_TEMPLATES = ("default", "hr-between-versions", "single-file-no-bullets")
_RESOURCE = re.compile(r"[-\w.]+:[-\w.]+\Z")
_BOOLEANS = ("single_file", "all_bullets", "create_eof_newline", "create_add_extension")


class Fragment(NamedTuple):
    """A valid fragment file: its path, type and the key towncrier files it under."""

    path: str
    category: str
    key: tuple[str, str, str, int]  # section, issue, type, counter


class Towncrier(NamedTuple):
    """What ``towncrier check`` reads from the configuration."""

    source: str  # the configuration file
    sections: tuple[tuple[str, str], ...]  # (section name, fragment directory)
    types: dict[str, bool]  # fragment type -> counts for towncrier check
    news_file: str
    ignore: tuple[str, ...]  # fnmatch patterns, lower case
    orphan_prefix: str
    issue_pattern: str

    @property
    def directories(self) -> tuple[str, ...]:
        return tuple(directory for _, directory in self.sections)


_LOADED: WeakKeyDictionary[Repo, Towncrier | None] = WeakKeyDictionary()


def load(repo: Repo) -> Towncrier | None:
    """The configuration of the checkout, None when it has neither file (read once per
    checkout: the fragment and the names rules both ask)."""
    if repo not in _LOADED:
        _LOADED[repo] = _load(repo)
    return _LOADED[repo]


def _load(repo: Repo) -> Towncrier | None:
    for name in CONFIG_FILES:
        document = read_toml(repo, name)
        if document is not None:
            project = read_toml(repo, "pyproject.toml") if name != "pyproject.toml" else document
            return _parsed(repo, name, document, project or {})
    return None


def _parsed(repo: Repo, source: str, document: dict[str, Any], project: Any) -> Towncrier:
    config = table(
        table(document.get("tool", {}), "[tool]", source).get("towncrier", {}),
        "[tool.towncrier]",
        source,
    )
    if config.get("singlefile"):
        raise ConfigProblem(
            f"{source}: `singlefile` is not a valid option; did you mean `single_file`?", source
        )
    for name in _BOOLEANS:
        if name in config and not isinstance(config[name], bool):
            raise ConfigProblem(f"{source}: `{name}` must be boolean: false or true", source)
    package = _string(config, "package", source) or _project_name(project)
    ignored = _ignored(repo, config, source)
    return Towncrier(
        source=source,
        sections=_sections(config, source, package),
        types=_types(config, source),
        news_file=_normal(_string(config, "filename", source) or "NEWS.rst"),
        ignore=ignored,
        orphan_prefix=str(config.get("orphan_prefix", "+")),
        issue_pattern=_string(config, "issue_pattern", source),
    )


def _string(config: dict[str, Any], key: str, source: str) -> str:
    value = config.get(key, "")
    if not isinstance(value, str):
        raise ConfigProblem(f"{source}: `{key}` must be a string", source)
    return value


def _project_name(project: Any) -> str:
    name = project.get("project", {}).get("name", "") if isinstance(project, dict) else ""
    return name if isinstance(name, str) else ""


def _normal(path: str) -> str:
    """A configured path as a repository path ("" for the root; ".." when it leaves it)."""
    normal = posixpath.normpath(path.replace("\\", "/")).lstrip("/")
    return "" if normal == "." else normal


def _sections(config: dict[str, Any], source: str, package: str) -> tuple[tuple[str, str], ...]:
    entries = config.get("section")
    if entries is None:
        pairs = [("", "")]
    else:
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise ConfigProblem(f"{source}: `section` must be an array of tables", source)
        if any(not isinstance(e.get("path"), str) for e in entries):
            raise ConfigProblem(
                f"{source}: every [[tool.towncrier.section]] needs a `path`", source
            )
        pairs = [(str(e.get("name", "")), e["path"]) for e in entries]
    directory = config.get("directory")
    if directory is not None and not isinstance(directory, str):
        raise ConfigProblem(f"{source}: `directory` must be a string", source)
    if directory is not None:
        return tuple((name, _normal(posixpath.join(directory, path))) for name, path in pairs)
    base = posixpath.join(_string(config, "package_dir", source) or ".", package)
    return tuple(
        (name, _normal(posixpath.join(base, path, "newsfragments"))) for name, path in pairs
    )


def _types(config: dict[str, Any], source: str) -> dict[str, bool]:
    """Fragment type -> its ``check`` flag: ``fragment`` tables win over the ``type`` array,
    which wins over towncrier's five defaults."""
    fragments, array = config.get("fragment", {}), config.get("type", [])
    if fragments:
        fragments = table(fragments, "[tool.towncrier.fragment]", source)
        return {
            name: bool(
                table(options, f"[tool.towncrier.fragment.{name}]", source).get("check", True)
            )
            for name, options in sorted(fragments.items())
        }
    if array:
        if not isinstance(array, list) or not all(isinstance(t, dict) for t in array):
            raise ConfigProblem(f"{source}: `type` must be an array of tables", source)
        types = {}
        for entry in array:
            if not isinstance(entry.get("name"), str):
                raise ConfigProblem(
                    f"{source}: every [[tool.towncrier.type]] needs a `name`", source
                )
            directory = entry.get("directory", entry["name"].lower())
            types[str(directory)] = bool(entry.get("check", True))
        return types
    return dict(DEFAULT_TYPES)


def _ignored(repo: Repo, config: dict[str, Any], source: str) -> tuple[str, ...]:
    """towncrier's own file names, the template's file name and the ``ignore`` patterns; a
    template that does not exist is the configuration error towncrier stops with."""
    ignored = list(ALWAYS_IGNORED)
    template = config.get("template", "towncrier:default")
    if not isinstance(template, str):
        raise ConfigProblem(f"{source}: `template` must be a string", source)
    if _RESOURCE.match(template):
        package, resource = template.split(":", 1)
        name = resource.rsplit(".", 1)[0] if "." in resource else resource
        if package in ("towncrier", "towncrier.templates") and name not in OWN_TEMPLATES:
            raise ConfigProblem(
                f"{source}: towncrier has no template named {resource!r} (template = {template!r})",
                source,
            )
    else:
        path = _normal(template)
        if not repo.has(path):
            raise ConfigProblem(f"{source}: the template file {template!r} does not exist", source)
        ignored.append(posixpath.basename(template))
    patterns = config.get("ignore") or []
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise ConfigProblem(f"{source}: `ignore` must be an array of strings", source)
    return tuple(pattern.lower() for pattern in (*ignored, *patterns))


def fragment_type(basename: str, types: dict[str, bool]) -> tuple[str, str, int] | None:
    """(issue, type, counter) of a fragment name, as towncrier parses it; None when no part
    after the first is a type: the type is the last part that is one, the issue everything
    before it, the counter the part after it when that is a number."""
    parts = basename.split(".")
    for index in range(len(parts) - 1, 0, -1):
        if parts[index] in types:
            issue = ".".join(parts[:index]).strip()
            if issue.isdigit():
                issue = str(int(issue))
            after = parts[index + 1] if len(parts) > index + 1 else ""
            return issue, parts[index], int(after) if after.isdigit() else 0
    return None


def is_ignored(basename: str, config: Towncrier) -> bool:
    lowered = basename.lower()
    return any(fnmatchcase(lowered, pattern) for pattern in config.ignore)


def scan(repo: Repo, config: Towncrier) -> tuple[list[Fragment], list[tuple[str, str]]]:
    """The valid fragments in the fragment directories, and (path, what is wrong) for each
    other entry there that towncrier does not ignore."""
    fragments: list[Fragment] = []
    problems: list[tuple[str, str]] = []
    for section, directory in config.sections:
        if directory.startswith(".."):
            continue  # outside the checkout: nothing policylint can list
        orphans: dict[str, int] = {}
        seen: dict[tuple[str, str, str, int], str] = {}
        files, subdirs = repo.entries(directory)
        for path in sorted(files + subdirs):
            found = _fragment(path, section, config, orphans, problems)
            if found is None:
                continue
            if found.key in seen:
                problems.append(
                    (
                        path,
                        f"{path} and {seen[found.key]} are both fragments for the same "
                        "issue and type (towncrier stops: multiple files for "
                        f"{found.key[1]}.{found.key[2]})",
                    )
                )
                continue
            seen[found.key] = path
            fragments.append(found)
    return fragments, problems


def _fragment(
    path: str,
    section: str,
    config: Towncrier,
    orphans: dict[str, int],
    problems: list[tuple[str, str]],
) -> Fragment | None:
    basename = posixpath.basename(path)
    if is_ignored(basename, config):
        return None
    parsed = fragment_type(basename, config.types)
    if parsed is None:
        problems.append(
            (
                path,
                f"{path} is no valid news fragment name: not <issue>.<type>"
                f"[.<counter>][.<ext>] with a type of {', '.join(config.types)}, and "
                "not ignored",
            )
        )
        return None
    issue, category, counter = parsed
    if config.orphan_prefix and issue.startswith(config.orphan_prefix):
        issue, counter = "", orphans.get(category, 0)
        orphans[category] = counter + 1
    elif config.issue_pattern and issue and not _full_match(config.issue_pattern, issue):
        problems.append(
            (
                path,
                f"{path}: the issue {issue!r} does not match the configured "
                f"issue_pattern '{config.issue_pattern}'",
            )
        )
        return None
    return Fragment(path, category, (section, issue, category, counter))


def _full_match(pattern: str, text: str) -> bool:
    """The repository's pattern on its own file names, run in linear time (RE2): a pattern
    such as ``(a+)+b`` must not hang an audit of many repositories."""
    from policylint.linear import compile_linear, regex_problem

    problem = regex_problem(pattern)
    if problem is not None:
        raise ConfigProblem(
            f"issue_pattern {pattern!r} cannot be used: {problem}", "pyproject.toml"
        )
    return compile_linear(pattern).fullmatch(text) is not None
