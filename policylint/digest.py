"""SHA-256 without OpenSSL's start-up cost.

``import hashlib`` loads OpenSSL (about 7 ms here, half a bare interpreter start) just to
offer its constructors. CPython's own SHA-256 module gives identical digests at no import cost;
it is a private module (``_sha256`` up to 3.11, ``_sha2`` from 3.12), so hashlib is the fallback.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def _constructor() -> Callable[[bytes], Any]:
    for name in ("_sha2", "_sha256"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        constructor: Callable[[bytes], Any] = module.sha256
        return constructor
    from hashlib import sha256

    return sha256


_SHA256 = _constructor()


def sha256_hex(data: bytes) -> str:
    """The hexadecimal SHA-256 of ``data``, equal to ``hashlib.sha256(data).hexdigest()``."""
    return str(_SHA256(data).hexdigest())
