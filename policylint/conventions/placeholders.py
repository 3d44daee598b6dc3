"""Community files that say nothing: empty or whitespace-only text, and template placeholders
left in it.

A placeholder is text a template asks its user to replace: policylint's own ``[FILL IN: …]``
markers (what ``policylint fix`` writes), the Contributor Covenant's ``[INSERT CONTACT
METHOD]``, ``<your e-mail>``-style slots, choosealicense.com's ``[year] [fullname]``, and
lines that start with ``TODO`` or ``TBD`` (``TODO: pick a licence``). Fenced code blocks and
YAML front matter are not searched: an example of a template is no placeholder. Every pattern
runs in linear time (no nested repetition; classes exclude their own terminators).
"""

from __future__ import annotations

import re
from functools import lru_cache

EXCERPT = 80  # characters of a placeholder shown in a finding


class Placeholder:
    """A placeholder's 1-based line and its text as written, cut to EXCERPT characters."""

    __slots__ = ("line", "text")

    def __init__(self, line: int, text: str) -> None:
        self.line = line
        self.text = text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Placeholder) and (self.line, self.text) == (other.line, other.text)

    def __hash__(self) -> int:
        return hash((self.line, self.text))

    def __repr__(self) -> str:
        return f"Placeholder(line={self.line}, text={self.text!r})"


@lru_cache(maxsize=1)
def _placeholder() -> re.Pattern[str]:
    return re.compile(
        "|".join(
            (
                r"\[FILL IN:[^\]\n]*\]?",  # policylint fix's marker (may wrap: shown to the eol)
                r"\[INSERT\b[^\]\n]*\]",  # Contributor Covenant: [INSERT CONTACT METHOD]
                r"\[your [^\]\n]{1,60}\](?![(\[])",  # [your email address], not a link
                r"<(?:your|insert)\b[^<>\n]{0,60}>",  # <your e-mail>
                r"<(?:e-?mail(?: address)?|contact(?: e-?mail| method)?|project[ _-]?name)>",
                r"\[year\],? \[fullname\]",  # choosealicense.com's MIT and BSD templates
                # a line that is only TODO/TBD, or starts with TODO: (not "TODO vs FIXME")
                r"^[ \t]*(?:TODO|TBD|FIXME)(?:[ \t]*:[^\n]*|[ \t]*[.!]?[ \t]*)$",
            )
        ),
        re.IGNORECASE,
    )


def emptiness(text: str) -> str | None:
    """``"is empty"`` or ``"holds only whitespace"``; None for a file with text."""
    if not text:
        return "is empty"
    if not text.strip():
        return "holds only whitespace"
    return None


# What every built-in placeholder contains (lower-cased), and the capitals of a TODO line: a
# text with none of them has none, and no pattern is compiled for it (the hook's common case).
_MARKERS = ("[fill in", "[insert", "[your ", "<your", "<insert", "<e", "<contact", "<project",
            "[year]")  # fmt: skip
_CAPITALS = ("TODO", "TBD", "FIXME")


def first_placeholder(text: str, extra: tuple[str, ...] = ()) -> Placeholder | None:
    """The first placeholder outside code blocks (and any match of the ``extra`` patterns),
    by line; None when there is none."""
    if not extra and not _may_hold_one(text):
        return None
    from policylint.checks.support.markup import prose_lines

    patterns = (_placeholder(), *_compiled(extra))
    for number, line in enumerate(_without_literal_blocks(prose_lines(text)), start=1):
        if not line.strip():
            continue
        for pattern in patterns:
            found = pattern.search(line)
            if found is not None and _is_placeholder(found.group(0)):
                return Placeholder(number, _excerpt(found.group(0).strip()))
    return None


def _may_hold_one(text: str) -> bool:
    lowered = text.lower()
    return any(marker in lowered for marker in _MARKERS) or any(c in text for c in _CAPITALS)


def _excerpt(text: str) -> str:
    """The placeholder as shown: at most EXCERPT characters; a cut one (or a bracket that
    closes on a later line) ends in an ellipsis."""
    if len(text) > EXCERPT:
        return text[: EXCERPT - 1].rstrip() + "…"
    return text + "…" if text.startswith("[") and not text.endswith("]") else text


def _without_literal_blocks(lines: list[str]) -> list[str]:
    """``lines`` with reStructuredText literal blocks blanked: the indented lines after a
    ``.. code-block::`` (``code``, ``sourcecode``) directive or a paragraph ending in ``::``."""
    out: list[str] = []
    block_indent: int | None = None  # the introducing line's indent, while inside a block
    for line in lines:
        indent = len(line) - len(line.lstrip())
        if block_indent is not None and (not line.strip() or indent > block_indent):
            out.append("")
            continue
        block_indent = None
        stripped = line.strip()
        if stripped.endswith("::") or re.match(r"\.\. (?:code-block|code|sourcecode)::", stripped):
            block_indent = indent
        out.append(line)
    return out


def _is_placeholder(text: str) -> bool:
    """TODO/TBD lines count only in capitals (``Todo app`` in a README is a name)."""
    word = text.strip()[:4]
    return not word.upper().startswith(("TODO", "TBD", "FIXM")) or word.isupper()


@lru_cache(maxsize=64)
def _compiled(extra: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern, re.IGNORECASE) for pattern in extra)
