"""readme-prose: the README says what the project is, beyond its title.

What it checks
    That a README the ``globs`` find has at least ``min-words`` words of prose besides its
    headings: what a reader learns before they scroll. Headings (the title included), fenced
    code, YAML front matter, HTML comments and tags, badges and images, link addresses and
    reStructuredText directives (``.. image::`` and their options) are not prose; the text of
    links and of HTML elements is (``<p><strong>HTTPX</strong> - A next-generation HTTP
    client</p>`` counts its words). A word is a run of letters.

    Each README must also say something: an empty file, whitespace only or a template
    placeholder (``[FILL IN: ...]``, a ``TODO`` line) fails with its line.

Why
    The README is the front door. A title and a row of badges tell a newcomer nothing; one
    sentence saying what the project does and for whom saves every reader a search.

Options
    When no README matches, the rule passes: presence is the job of a ``file-exists`` rule
    (``readme``). ``min-words`` is deliberately low: one real sentence passes.

Example
    ```yaml
    readme-description:
      kind: readme-prose
      title: The README says what the project is
      severity: error
      options:
        min-words: 3
    ```
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from policylint.checks import Example
from policylint.checks.support.community import (
    locate_options,
    located,
    read_filled,
    validate_locate,
)
from policylint.model import Problem

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.model import OptionError, Rule

OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        **locate_options(["readme*"], ["", ".github", "docs"]),
        "min-words": {
            "type": "integer",
            "minimum": 1,
            "default": 3,
            "description": "The fewest words of prose besides headings.",
        },
    },
}
EXAMPLES = (
    Example(
        options={},
        passes={"files": {"README.md": "# demo\n\nA library that does one thing well.\n"}},
        fails={"files": {"README.md": "# demo\n\n[![ci](https://ci.example/badge.svg)](x)\n"}},
        message="says nothing beyond its title: 0 words of prose, at least 3 wanted",
    ),
)


# Characters that may start markup to drop (images, links, tags, URLs, reST substitutions):
# a line without any is counted without compiling the pattern that drops it.
_MARKUP = ("[", "]", "<", "|", "http")
_ADORNMENT = set("=-~^#*+`:.'\"_")


@lru_cache(maxsize=1)
def _noise() -> re.Pattern[str]:
    """Images, link addresses (their text is kept), tags, bare URLs, reST |substitutions|."""
    return re.compile(r"!\[[^\[\]]*\]\([^()]*\)|\]\([^()]*\)|<[^<>]*>|https?://\S+|\|[^|\s]+\|")


@lru_cache(maxsize=1)
def _word() -> re.Pattern[str]:
    return re.compile(r"[^\W\d_]+")


def validate(options: dict[str, Any]) -> list[OptionError]:
    return validate_locate(options)


def check(rule: Rule, facts: Facts) -> Iterator[Problem]:
    texts, problems = read_filled(facts.repo, located(facts.repo, rule.options), rule.options)
    yield from problems
    wanted = rule.options["min-words"]
    counts = [(file.path, prose_words(file.text)) for file in texts]
    if not counts or any(count >= wanted for _, count in counts):
        return
    path, count = counts[0]
    message = f"says nothing beyond its title: {count} words of prose, at least {wanted} wanted"
    yield Problem(message, path, 1, key=f"{path}:description", evidence=(_counted(counts),))


def evidence(rule: Rule, facts: Facts) -> list[str]:
    """What satisfied the rule: the README and its words of prose, or that none was found (a
    file-exists rule judges that)."""
    from policylint.checks.support.evidence import nothing_located

    texts, _ = read_filled(facts.repo, located(facts.repo, rule.options), rule.options)
    for file in texts:
        count = prose_words(file.text)
        if count >= rule.options["min-words"]:
            return [_counted([(file.path, count)])]
    return [nothing_located(rule.options["globs"], rule.options["directories"])]


def _counted(counts: list[tuple[str, int]]) -> str:
    """``words of prose: README.md 0, docs/README.rst 2``."""
    from policylint.checks.support.evidence import listed
    from policylint.display import display

    return f"words of prose: {listed([f'{display(path)} {n}' for path, n in counts])}"


def prose_words(text: str) -> int:
    """Words of prose outside headings, code, comments, markup and directives."""
    lines = _prose_lines(text)
    count, comment, directive = 0, False, False
    for index, raw in enumerate(lines):
        line, comment = _outside_comment(raw, comment)
        directive = line.startswith("..") or (directive and line[:1] in (" ", "\t"))
        below = lines[index + 1] if index + 1 < len(lines) else ""
        if directive or not line.strip() or _is_heading(line, below) or _is_field(line):
            continue
        if any(mark in line for mark in _MARKUP):
            line = _noise().sub(" ", line)
        count += len(_word().findall(line))
    return count


def _prose_lines(text: str) -> list[str]:
    """The lines outside fenced code and front matter (the markup module only when there may
    be some: a README without either is the common case on the hook's path)."""
    if "```" not in text and "~~~" not in text and not text.startswith("---"):
        return text.splitlines()
    from policylint.checks.support.markup import prose_lines

    return prose_lines(text)


def _outside_comment(line: str, inside: bool) -> tuple[str, bool]:
    """The part of ``line`` outside an HTML comment, and whether one is open at its end."""
    kept = ""
    while True:
        if inside:
            end = line.find("-->")
            if end < 0:
                return kept, True
            line, inside = line[end + 3 :], False
        start = line.find("<!--")
        if start < 0:
            return kept + line, False
        kept, line, inside = kept + line[:start], line[start + 4 :], True


def _is_heading(line: str, below: str) -> bool:
    stripped = line.strip()
    if stripped.startswith("#") or _is_underline(line):
        return True
    return _is_underline(below) and len(below.strip()) >= min(3, len(stripped))


def _is_underline(line: str) -> bool:
    """A Markdown setext or reST adornment line: one punctuation character, three or more."""
    stripped = line.strip()
    return len(stripped) >= 3 and len(set(stripped)) == 1 and stripped[0] in _ADORNMENT


def _is_field(line: str) -> bool:
    """An indented reST field (``   :target: url``), a directive's option."""
    stripped = line.lstrip(" \t")
    return len(stripped) < len(line) and stripped.startswith(":") and ":" in stripped[1:]
