"""Evidence strings the kinds share: what satisfied a passing rule, what a failing one looked at.
Short, concrete and bounded (a few items, then how many more), untrusted text escaped. Kinds
import this module inside their ``evidence`` functions and failure branches only: the hook
path of a passing run never loads it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from policylint.display import display, one_line

if TYPE_CHECKING:
    from policylint.facts.change import ChangedFile
    from policylint.facts.commits import Commit

SHOWN = 3  # items named in one evidence string; more are counted


def listed(items: Sequence[str], shown: int = SHOWN) -> str:
    """``a, b, c and 2 more`` (the items already escaped)."""
    more = f" and {len(items) - shown} more" if len(items) > shown else ""
    return ", ".join(items[:shown]) + more


def paths(names: Sequence[str], shown: int = SHOWN) -> str:
    """File names, escaped, bounded."""
    return listed([display(name) for name in names], shown)


def changed(files: Sequence[ChangedFile], shown: int = SHOWN) -> str:
    """``a.py (added), b.py (modified) and 2 more``."""
    return listed([f"{display(f.path)} ({f.status})" for f in files], shown)


def the_change(files: Sequence[ChangedFile]) -> str:
    """What a change-based rule looked at: ``the change: a.py (added), b.py (modified)``."""
    return f"the change: {changed(files)}" if files else "the change: no files"


def places(directories: Sequence[str]) -> str:
    """``the repository root, .github/ or docs/``."""
    named = [f"{d.strip('/')}/" if d.strip("/") else "the repository root" for d in directories]
    if len(named) <= 1:
        return display("".join(named)) or "nowhere"
    return display(", ".join(named[:-1]) + " or " + named[-1])


def nothing_located(globs: Sequence[str], directories: Sequence[str]) -> str:
    """Why a community-content rule had nothing to judge (a file-exists rule judges absence)."""
    return f"no file matching {display(', '.join(globs))} in {places(directories)}"


def quoted(text: str, limit: int = 80) -> str:
    """Untrusted text in double quotes, escaped as messages escape it (a newline shows as
    ``\\n``), at most ``limit`` characters."""
    shown = display(text)
    return f'"{shown if len(shown) <= limit else shown[: limit - 1] + "…"}"'


def commit_named(commit: Commit) -> str:
    """``commit 1a2b3c4d5e6f "Fix the parser"``."""
    return f"{commit.named} {quoted(commit.subject, 60)}"


def commits_examined(examined: int, skipped: dict[str, int]) -> str:
    """``examined 3 commits (1 merge skipped)``."""
    noun = "commit" if examined == 1 else "commits"
    notes = [
        f"{count} {what}{'' if count == 1 else 's'} skipped"
        for what, count in skipped.items()
        if count
    ]
    return f"examined {examined} {noun}" + (f" ({', '.join(notes)})" if notes else "")


def fragment(path: str, text: str, found: str) -> str:
    """``SECURITY.md line 3: "security@tokio.rs"``: where ``found`` first occurs in ``text``
    (ignoring case: addresses are found lower-cased)."""
    at = text.lower().find(found.lower())
    line = f" line {text.count(chr(10), 0, at) + 1}" if at >= 0 else ""
    return f"{display(path)}{line}: {quoted(one_line(found))}"


def files_read(names: Sequence[str]) -> str:
    """``read SECURITY.md, docs/SECURITY.md``."""
    return f"read {paths(names)}"
