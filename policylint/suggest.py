""" "Did you mean": the nearest valid name to a mistyped one (rule ids, kinds, keys, packs,
sub-commands), so a message names the one the user meant instead of listing them all."""

from __future__ import annotations

from collections.abc import Iterable

CUTOFF = 0.75  # difflib's similarity ratio a suggestion needs


def nearest(word: str, choices: Iterable[str]) -> str | None:
    """The valid name closest to ``word``, or None when none is close."""
    import difflib

    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=CUTOFF)
    return found[0] if found else None


def unknown(what: str, word: str, choices: Iterable[str], *, known: str = "expected one of") -> str:
    """``unknown kind 'file-exist'; did you mean 'file-exists'?``, else the valid names."""
    listed = sorted(set(choices))
    guess = nearest(word, listed)
    if guess is not None:
        return f"unknown {what} {word!r}; did you mean {guess!r}?"
    return f"unknown {what} {word!r}; {known}: {', '.join(listed)}"
