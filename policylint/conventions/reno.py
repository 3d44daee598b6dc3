"""reno's configuration and notes, read as reno 4 reads them: ``releasenotes/config.yaml``
(else ``reno.yaml``) for ``notesdir``, ``sections`` and ``prelude_section_name``; each note
``releasenotes/<notesdir>/*.yaml`` checked as ``reno lint`` checks it (YAML that parses, a
mapping, known sections, no two notes with one id), plus the value types reno's loader warns
about. Used by the reno kind (this module is not a kind)."""

import posixpath
from typing import TYPE_CHECKING, Any, NamedTuple

from policylint.conventions.config_files import ConfigProblem, parse_yaml, read_text

if TYPE_CHECKING:
    from policylint.facts.repo import Repo

RELEASE_NOTES = "releasenotes"
CONFIG_FILES = (f"{RELEASE_NOTES}/config.yaml", "reno.yaml")
DEFAULT_SECTIONS = (
    *("features", "issues", "upgrade", "deprecations"),
    *("critical", "security", "fixes", "other"),
)


class Reno(NamedTuple):
    notes: str  # the notes directory, repository-relative
    sections: tuple[str, ...]
    prelude: str
    source: str | None = None  # the configuration file, when there is one


class NoteProblem(NamedTuple):
    path: str
    line: int | None
    message: str


def load(repo: "Repo") -> Reno:
    """The configuration of the checkout (reno's defaults without a file)."""
    for name in CONFIG_FILES:
        text = read_text(repo, name)
        if text is not None:
            return _parsed(name, parse_yaml(name, text, mapping=True))
    return Reno(f"{RELEASE_NOTES}/notes", DEFAULT_SECTIONS, "prelude")


def _parsed(source: str, data: Any) -> Reno:
    data = data or {}
    notes = data.get("notesdir", "notes")
    prelude = data.get("prelude_section_name", "prelude")
    if not isinstance(notes, str) or not isinstance(prelude, str):
        raise ConfigProblem(f"{source}: notesdir and prelude_section_name are strings", source)
    sections = data.get("sections")
    names = DEFAULT_SECTIONS if sections is None else _section_names(source, sections)
    directory = posixpath.normpath(posixpath.join(RELEASE_NOTES, notes))
    return Reno(directory, names, prelude, source)


def _section_names(source: str, sections: Any) -> tuple[str, ...]:
    """The names of ``sections``: [name, title] or [name, title, level 1-3] each."""
    if not isinstance(sections, list):
        raise ConfigProblem(f"{source}: sections must be a list of [name, title] lists", source)
    names = []
    for entry in sections:
        if not isinstance(entry, list) or len(entry) not in (2, 3):
            raise ConfigProblem(
                f"{source}: each entry of sections must be a list with 2 or 3 "
                f"values, not {entry!r}",
                source,
            )
        level = entry[2] if len(entry) == 3 else 1
        if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 3:
            raise ConfigProblem(
                f"{source}: the third value of {entry!r} in sections must be an "
                "integer between 1 and 3",
                source,
            )
        names.append(str(entry[0]))
    return tuple(names)


def note_paths(repo: "Repo", config: Reno) -> list[str]:
    """The notes ``reno lint`` reads: ``*.yaml`` directly in the notes directory, not hidden."""
    files, _ = repo.entries(config.notes)
    return [path for path in files if _is_note(path)]


def _is_note(path: str) -> bool:
    name = posixpath.basename(path)
    return name.endswith(".yaml") and not name.startswith(".")


def unique_id(path: str) -> str:
    """reno's id of a note: the last 16 characters of its name, or the first 16 for the old
    style of names that start with the id."""
    root = posixpath.splitext(posixpath.basename(path))[0]
    found = root[-16:]
    return root[:16] if "-" in found else found


def lint(repo: "Repo", config: Reno, paths: list[str]) -> list[NoteProblem]:
    """What ``reno lint`` (and reno's loader) finds wrong in the notes at ``paths``."""
    problems: list[NoteProblem] = []
    ids: dict[str, list[str]] = {}
    for path in paths:
        ids.setdefault(unique_id(path), []).append(path)
        problems += _note_problems(repo, config, path)
    for uid, same in sorted(ids.items()):
        if len(same) > 1:
            message = (
                f"{same[0]} and {', '.join(same[1:])} share the note id {uid!r}; reno "
                "files them as one note (rename one with reno new)"
            )
            problems.append(NoteProblem(same[0], None, message))
    return problems


def _note_problems(repo: "Repo", config: Reno, path: str) -> list[NoteProblem]:
    read = repo.read_text(path)
    if read.text is None:
        return [NoteProblem(path, None, read.note or f"{path}: cannot be read")]
    try:
        data = parse_yaml(path, read.text)
    except ConfigProblem as exc:
        return [NoteProblem(path, exc.line, exc.message)]
    if not isinstance(data, dict):
        what = "is empty" if data is None else f"is {_kind(data)}, not a mapping"
        message = f"{path} {what}: a note is a mapping of sections to notes (a top-level key?)"
        return [NoteProblem(path, 1, message)]
    return [NoteProblem(path, None, f"{path}: {m}") for m in _section_problems(config, data)]


def _section_problems(config: Reno, data: dict[str, Any]) -> list[str]:
    known = (config.prelude, *config.sections)
    problems = []
    for name, value in data.items():
        if name not in known:
            problems.append(f"unknown section {name!r}; reno knows {', '.join(known)}")
        elif name == config.prelude and not isinstance(value, str):
            problems.append(f"the {name} section is {_kind(value)}, not a single string")
        elif not _strings(value):
            problems.append(
                f"the {name} section is {_kind(value)}, not a string or a list of strings"
            )
    return problems


def _strings(value: Any) -> bool:
    return isinstance(value, str) or (
        isinstance(value, list) and all(isinstance(item, str) for item in value)
    )


def _kind(value: Any) -> str:
    if isinstance(value, list):
        others = sorted({_kind(item) for item in value if not isinstance(item, str)})
        return f"a list holding {', '.join(others)}" if others else "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "empty"
    return f"a {type(value).__name__} ({value!r})"
