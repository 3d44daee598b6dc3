"""What the community-file content kinds share: finding the files as ``file-exists`` finds
them (globs in directories, case-insensitive, regular files inside the checkout), reading them,
and the findings every such file can have: empty, whitespace only, a template placeholder left
in it, unreadable."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from policylint.checks import NON_EMPTY_STRINGS
from policylint.conventions.placeholders import emptiness, first_placeholder
from policylint.globs import compile_globs, pattern_errors
from policylint.model import OptionError, Problem

if TYPE_CHECKING:
    from policylint.facts.repo import Repo


class Text:
    """A community file that says something: its path and text."""

    __slots__ = ("path", "text")

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text


def locate_options(globs: list[str], directories: list[str]) -> dict[str, Any]:
    """Schema properties of where a kind looks, with the kind's defaults."""
    return {
        "globs": {
            **NON_EMPTY_STRINGS,
            "default": globs,
            "description": "Globs relative to each directory, as file-exists takes them.",
        },
        "directories": {
            "type": "array",
            "items": {"type": "string"},
            "default": directories,
            "description": 'Where to look (literal paths); "" is the repository root.',
        },
        "placeholders": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "default": [],
            "description": (
                "More regular expressions that mark a template placeholder, besides the "
                "built-in ones ([FILL IN: ...], [INSERT ...], <your e-mail>, TODO/TBD lines)."
            ),
        },
    }


def validate_locate(options: dict[str, Any]) -> list[OptionError]:
    import re

    errors = [OptionError(("globs", i), msg) for i, msg in pattern_errors(options.get("globs", []))]
    for i, pattern in enumerate(options.get("placeholders", ())):
        try:
            re.compile(pattern)
        except re.error as exc:
            errors.append(OptionError(("placeholders", i), f"invalid regular expression: {exc}"))
    return errors


def located(repo: Repo, options: dict[str, Any]) -> list[str]:
    """The regular files the globs find, directory by directory, each once."""
    anchored = tuple("/" + glob.lstrip("/") for glob in options["globs"])
    globs = compile_globs(anchored, ignore_case=True)
    found: dict[str, None] = {}
    for directory in options["directories"]:
        found.update((p, None) for p in repo.glob(globs, base=directory) if repo.present(p))
    return list(found)


def read_filled(
    repo: Repo, paths: list[str], options: dict[str, Any]
) -> tuple[list[Text], list[Problem]]:
    """The files that say something, and a problem for each one that does not (empty,
    whitespace only, a placeholder left in it, unreadable)."""
    texts: list[Text] = []
    problems: list[Problem] = []
    for path in paths:
        problem = None
        content = repo.read_text(path)
        if content.text is None:
            problem = Problem(f"content not checked: {content.note}", path, key=f"{path}:unread")
        else:
            problem = next(unfilled(path, content.text, options), None)
        if problem is None and content.text is not None:
            texts.append(Text(path, content.text))
        elif problem is not None:
            problems.append(problem)
    return texts, problems


def unfilled(path: str, text: str, options: dict[str, Any]) -> Iterator[Problem]:
    """A problem when the file says nothing: empty, whitespace only, or a placeholder left."""
    empty = emptiness(text)
    if empty is not None:
        yield Problem(f"the file {empty}", path, 1, key=f"{path}:empty")
        return
    found = first_placeholder(text, tuple(options.get("placeholders", ())))
    if found is not None:
        message = f'still holds the template placeholder "{found.text}"'
        yield Problem(message, path, found.line, key=f"{path}:placeholder")


def heading_line(text: str, pattern: str) -> int:
    """The line of the first heading (Markdown ``#``, or a line underlined by ``=``, ``-``,
    ``~``) matching ``pattern`` (case-insensitive); 1 when none does: where a finding about
    what the file lacks points."""
    import re

    regex = re.compile(pattern, re.IGNORECASE)
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        below = lines[number] if number < len(lines) else ""
        underlined = bool(below) and set(below.strip()) <= set("=-~^") and len(below.strip()) > 2
        if (line.lstrip().startswith("#") or underlined) and regex.search(line):
            return number
    return 1
