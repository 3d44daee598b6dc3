"""A cache of cel-python's lark parser, so a process does not rebuild its LALR tables.

Building the parser costs about 100 ms per process; loading the saved one, under 10 ms. The
parser is saved with ``Lark.save`` (a pickle) in the policylint cache directory under a name
that hashes everything it depends on (lark, Python, cel-python's grammar and parser module),
written atomically and readable only by its owner. A file owned by someone else, writable by
others, from another version or unreadable is ignored: every failure falls back to building
the parser, silently.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import sys
from pathlib import Path
from typing import Any

from policylint.loading.cache import cache_dir

PROBE = 'a.b(1) + [2][0] == {"c": 3.0}["c"] ? r"x\\"" : b"y"'  # a loaded parser must parse this


def cache_key() -> str:
    """Changes whenever the saved parser might not match what cel-python would build (for its
    default, interpreted runner, the only one policylint uses)."""
    import celpy.celparser
    import lark

    module = Path(celpy.celparser.__file__)
    digest = hashlib.sha256(f"{lark.__version__}\0{sys.version_info[:2]}\0".encode())
    digest.update(module.read_bytes())
    digest.update((module.parent / "cel.lark").read_bytes())
    return digest.hexdigest()[:32]


def install() -> bool:
    """Give cel-python a cached parser if there is a usable one; True when it did."""
    from celpy.celparser import CELParser

    if CELParser.CEL_PARSER is not None:
        return True
    try:
        parser = _load(cache_dir() / f"cel-parser-{cache_key()}.pickle")
    except Exception:  # a bad cache only costs time
        return False
    if parser is not None:
        CELParser.CEL_PARSER = parser
    return parser is not None


def save() -> None:
    """Save cel-python's parser (once it is built) for the next process; failures are ignored."""
    from celpy.celparser import CELParser

    if CELParser.CEL_PARSER is None:
        return
    with contextlib.suppress(Exception):  # a cache that cannot be written only costs time
        _save(CELParser.CEL_PARSER, cache_dir() / f"cel-parser-{cache_key()}.pickle")


def _load(path: Path) -> Any:
    import lark

    with open(path, "rb") as handle:
        status = os.fstat(handle.fileno())
        if hasattr(os, "getuid") and (status.st_uid != os.getuid() or status.st_mode & 0o022):
            return None  # someone else could have written it: never unpickle that
        data = handle.read()
    header, _, body = data.partition(b"\n")
    if header != path.stem.encode():
        return None
    parser = lark.Lark.load(io.BytesIO(body))
    parser.parse(PROBE)
    return parser


def _save(parser: Any, path: Path) -> None:
    from policylint.atomicfile import write_atomically

    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    buffer = io.BytesIO()
    buffer.write(path.stem.encode() + b"\n")
    parser.save(buffer)
    write_atomically(path, buffer.getvalue(), private=True)  # a pickle: readable by us alone
