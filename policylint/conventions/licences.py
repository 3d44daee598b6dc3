"""Licence texts identified as SPDX licences by askalono (its Python bindings, ``pyaskalono``).

askalono compares a text with the SPDX licence list it embeds and answers the closest licence
and a score (Sørensen-Dice over word bigrams, 0 to 1). A text scoring at least
``THRESHOLD`` is that licence; below it, it is not recognised and the closest match is told.

The detector is imported only when a licence rule runs, and one identification costs about
140 ms (askalono loads its licence store each time), so answers are kept in the cache directory
(``$POLICYLINT_CACHE_DIR`` and its fallbacks, as the policy cache) keyed by the SHA-256 of the
text: the pre-commit hook reads a small file instead of asking again (an entry records the
detector's version; clear the cache directory after upgrading it). Without the detector
(Python 3.10, or a platform without a wheel), ``identify`` says so.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING

from policylint.digest import sha256_hex

if TYPE_CHECKING:
    import re

THRESHOLD = 0.8  # askalono's own command line reports matches from 0.8 up
CLOSE = 0.5  # the least score at which an unrecognised text is told its closest licence
MAX_SECTIONS = 8  # sections of a compound file tried, at about 140 ms each (on a cache miss)
MIN_SECTION_WORDS = 60  # shorter parts are notices, not licences
DETECTOR = "askalono"
INSTALL = "pip install pyaskalono (wheels for CPython 3.11 and later)"


class Identified:
    """What the detector made of a text: the closest SPDX id and its score; ``spdx`` is None
    when none scored ``THRESHOLD`` (``closest`` then says what came nearest) or when there is
    no detector (``unavailable`` says why)."""

    __slots__ = ("closest", "score", "spdx", "unavailable")

    def __init__(
        self,
        spdx: str | None,
        score: float,
        closest: str | None = None,
        unavailable: str | None = None,
    ) -> None:
        self.spdx, self.score, self.closest, self.unavailable = spdx, score, closest, unavailable

    def __repr__(self) -> str:
        return f"Identified({self.spdx!r}, {self.score}, {self.closest!r}, {self.unavailable!r})"


def identify(text: str) -> Identified:
    """The SPDX licence of ``text``: from the cache when it was asked before (the detector is
    then neither imported nor needed), else from askalono."""
    key = sha256_hex(f"{DETECTOR}\0{text}".encode("utf-8", "surrogateescape"))
    cached = _read_cached(key)
    if cached is not None:
        return cached
    try:
        found = _ask(text)
    except ImportError:
        return Identified(
            None, 0.0, unavailable=f"the licence detector is not installed ({INSTALL})"
        )
    _write_cached(key, found)
    return found


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pyaskalono")
    except PackageNotFoundError:
        return "unknown"


def _ask(text: str) -> Identified:
    """The whole text's licence; when it scores too low, the first section that is one (a
    file holding the project's licence and then the notices of bundled code, as jq's
    COPYING)."""
    whole = _ask_once(text)
    if whole.spdx is not None:
        return whole
    for section in _sections(text)[:MAX_SECTIONS]:
        found = _ask_once(section)
        if found.spdx is not None:
            return found
    return whole


def _ask_once(text: str) -> Identified:
    import askalono

    match = askalono.identify(text)
    name, score = _corrected(str(match.name), text), float(match.score)
    if score >= THRESHOLD:
        return Identified(name, score)
    # Below CLOSE the "closest" licence is noise (for a text sharing no word pair with any
    # licence, askalono answers an arbitrary one, differently from run to run): none is named.
    return Identified(None, score, closest=name if score >= CLOSE else None)


def _corrected(name: str, text: str) -> str:
    """askalono knows Apache-2.0 only with its appendix ("How to apply..."): the text without
    it comes closest to Pixar (Apache-2.0 with another trademark clause). A text that never
    names Pixar and calls itself the Apache License 2.0 is Apache-2.0."""
    if name == "Pixar" and "pixar" not in text.lower() and _apache().search(text[:2000]):
        return "Apache-2.0"
    return name


def _sections(text: str) -> list[str]:
    """Parts of the text separated by two or more blank lines or a rule (``----``), each of
    at least MIN_SECTION_WORDS words."""
    import re

    parts = re.split(r"\n[ \t]*\n[ \t]*\n|\n[ \t]*[-=*_]{4,}[ \t]*\n", text)
    return [part for part in parts if len(part.split()) >= MIN_SECTION_WORDS]


def _entry(key: str) -> str:
    from policylint.loading.cache import cache_dir_str

    return os.path.join(cache_dir_str(), f"licence-{key[:40]}.txt")


def _read_cached(key: str) -> Identified | None:
    try:
        with open(_entry(key), encoding="utf-8") as stream:
            spdx, score, closest, _ = stream.read().split("\t")
    except (OSError, ValueError):
        return None
    return Identified(spdx or None, float(score), closest or None)


def _write_cached(key: str, found: Identified) -> None:
    from pathlib import Path

    from policylint.atomicfile import write_atomically

    line = f"{found.spdx or ''}\t{found.score:.4f}\t{found.closest or ''}\t{_version()}"
    path = Path(_entry(key))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, line.encode("utf-8"))
    except OSError:
        pass  # a cache that cannot be written costs time, never a result


@lru_cache(maxsize=1)
def _apache() -> re.Pattern[str]:
    """``Apache License`` and ``Version 2.0`` in a text's opening lines."""
    import re

    return re.compile(r"Apache License\W+Version 2\.0", re.IGNORECASE)
