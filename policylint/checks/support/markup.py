"""Markdown and reStructuredText structure, shared by file-content and pr-body: the prose
lines of a text (fenced code and front matter blanked), its heading texts and its list entries.
"""

import re
from functools import lru_cache
from typing import NamedTuple


class _Markup(NamedTuple):
    fence: re.Pattern[str]
    adornment: re.Pattern[str]
    thematic_break: re.Pattern[str]
    list_item: re.Pattern[str]
    inline: re.Pattern[str]


@lru_cache(maxsize=1)
def _markup() -> _Markup:
    """Compiled on first use, not at import: this module is on the pre-commit hook's path."""
    return _Markup(
        fence=re.compile(r" {0,3}(`{3,}|~{3,})"),
        adornment=re.compile(r" {0,3}([!-/:-@\[-`{-~])\1*[ \t]*"),
        thematic_break=re.compile(r" {0,3}([-*_])[ \t]*(?:\1[ \t]*){2,}"),
        list_item=re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\S"),
        # Classes exclude their own openers, so no input makes these scan quadratically.
        inline=re.compile(r"\[([^\[\]]*)\]\([^()]*\)|<[^<>]*>|\*\*|__|[*`]"),
    )


def prose_lines(text: str) -> list[str]:
    """The lines of ``text`` with fenced code blocks and YAML front matter blanked out."""
    lines, fence_start = text.splitlines(), _markup().fence
    fence = ""
    for i, line in enumerate(lines):
        opening = fence_start.match(line)
        if fence:
            closing = opening and opening.group(1).startswith(fence)
            if closing and not line.strip(fence[0] + " \t"):
                fence = ""
            lines[i] = ""
        elif opening:
            fence, lines[i] = opening.group(1), ""
    return _without_front_matter(lines)


def _without_front_matter(lines: list[str]) -> list[str]:
    if not lines or lines[0].rstrip() != "---":
        return lines
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            return [""] * (end + 1) + lines[end + 1 :]
    return lines


def headings(text: str) -> list[str]:
    """Heading texts, in order: Markdown ATX and setext, reStructuredText titles."""
    found: list[str] = []
    previous = ""
    for line in prose_lines(text):
        atx = _atx_heading(line)
        if atx is not None:
            found.append(atx)
        elif previous.strip() and _underlines(line, previous):
            found.append(previous)
        previous = "" if atx is not None else line
    return [name for name in map(_heading_text, found) if name]


def _atx_heading(line: str) -> str | None:
    """The text of a Markdown ``## ATX heading ##``, or None. Parsed by hand: a regular
    expression for the optional closing ``#`` characters backtracks quadratically."""
    stripped = line.lstrip(" ")
    level = len(stripped) - len(stripped.lstrip("#"))
    rest = stripped[level:]
    if len(line) - len(stripped) > 3 or not 1 <= level <= 6 or rest[:1] not in ("", " ", "\t"):
        return None
    rest = rest.strip(" \t")
    unclosed = rest.rstrip("#")
    return unclosed.rstrip(" \t") if unclosed[-1:] in ("", " ", "\t") else rest


def _underlines(line: str, title: str) -> bool:
    """``line`` is a setext underline or a reST adornment for the line before it."""
    adornment = _markup().adornment.fullmatch(line)
    if not adornment or _markup().adornment.fullmatch(title):
        return False
    if adornment.group(1) in "=-":
        return True  # Markdown setext: any length
    return len(line.strip()) >= len(title.strip())


def _heading_text(raw: str) -> str:
    plain = _markup().inline.sub(lambda m: m.group(1) or "", raw)
    return " ".join(plain.split())


def list_entries(text: str) -> int:
    """Bullet and numbered list items outside fenced code blocks."""
    markup = _markup()
    return sum(
        1
        for line in prose_lines(text)
        if markup.list_item.match(line) and not markup.thematic_break.fullmatch(line)
    )
