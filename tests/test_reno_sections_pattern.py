"""The reno pack's ``release-note-sections`` pattern: RE2 has no lookahead, so "a top-level
line that is no reno section" is written as the complement of the allowed lines, generated
here from the list of sections. The test proves the pack holds the generated pattern and that
it judges lines exactly as the lookahead form did (which ``re`` can still run, for the
comparison)."""

from __future__ import annotations

import random
import re
from pathlib import Path

from policylint.linear import compile_linear
from policylint.loading import load_pack

SECTIONS = (
    *("prelude", "features", "issues", "upgrade", "deprecations"),
    *("critical", "security", "fixes", "other"),
)
LOOKAHEAD = r"^(?!(?:" + "|".join(SECTIONS) + r")[ \t]*:|---|\.\.\.|#|-(?:[ \t]|$)|[ \t]|$)[^\n]+"
REST = r"[^\n]*"


def _after(prefix: str) -> str:
    """The bad endings of a line that starts with ``prefix`` (a prefix of some section)."""
    children = sorted({s[len(prefix)] for s in SECTIONS if s.startswith(prefix) and s != prefix})
    if prefix in SECTIONS:  # a section's name: bad unless [ \t]* and a colon follow
        alternatives = [r"[ \t]*(?:$|[^ \t:\n" + "".join(children) + "]" + REST + ")"]
    else:
        alternatives = ["$", r"[^\n" + "".join(children) + "]" + REST]
    alternatives += [f"{c}(?:{_after(prefix + c)})" for c in children]
    return "|".join(alternatives)


def complement() -> str:
    first = sorted({s[0] for s in SECTIONS})
    other = r"[^\n \t#.\-" + "".join(first) + "]" + REST
    dashes = r"-(?:[^ \t\n\-]" + REST + r"|-(?:$|[^\-\n]" + REST + "))"
    dots = r"\.(?:$|[^.\n]" + REST + r"|\.(?:$|[^.\n]" + REST + "))"
    words = [f"{c}(?:{_after(c)})" for c in first]
    return "^(?:" + "|".join([other, dashes, dots, *words]) + ")"


def test_the_pack_holds_the_generated_pattern(tmp_path: Path) -> None:
    rules = {rule.id: rule for rule in load_pack("release-notes-reno", root=tmp_path).rules}
    assert rules["release-note-sections"].options["not-matches"] == [complement()]


def test_the_complement_judges_lines_as_the_lookahead_did() -> None:
    old = re.compile(LOOKAHEAD, re.MULTILINE)
    new = compile_linear(complement(), multiline=True)
    alphabet = list("prelude features issues upgrade critical security fixes other:-.# \tZ")
    chance = random.Random(11)
    lines = ["", "---", "...", "- x", "-", "--", "fixes:", "fixes :", "fixesx:", "fixe", "x: 1"]
    for _ in range(20_000):
        section = chance.choice(SECTIONS)
        noise = "".join(chance.choice(alphabet) for _ in range(chance.randint(0, 6)))
        lines.append(section[: chance.randint(0, len(section))] + noise)
    for line in lines:
        assert bool(old.search(line)) == bool(new.search(line)), line
        found = new.search(line)
        assert found is None or found.group(0) == line  # the excerpt is the whole line
