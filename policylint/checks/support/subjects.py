"""Pull-request titles and commit subjects, shared by pr-title and commit-message: the
preset's and the length's problems, and the subject quoted for a message."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from policylint.checks.support.patterns import conventional_problem
from policylint.display import display


def quoted(text: str, limit: int = 120) -> str:
    """Untrusted text for a message: control characters escaped, spaces kept as they are
    (a double space may be the problem), at most ``limit`` characters."""
    shown = display(text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def header_problems(
    options: dict[str, Any], header: str, max_length: int | None
) -> Iterator[tuple[str, str]]:
    """(key, what is wrong) for the preset and the length of a title or commit subject."""
    if options.get("preset") == "conventional-commits":
        problem = conventional_problem(header, options["types"])
        if problem:
            yield "preset", problem
    if max_length is not None and len(header) > max_length:
        yield "max-length", f"is {len(header)} characters long, more than {max_length}"
