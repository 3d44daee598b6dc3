"""How many examples a fuzz test runs: its CI count, times ``POLICYLINT_FUZZ_FACTOR`` (default
50) under ``POLICYLINT_FUZZ=long``."""

from __future__ import annotations

import os


def examples(ci: int) -> int:
    if os.environ.get("POLICYLINT_FUZZ") != "long":
        return ci
    return ci * int(os.environ.get("POLICYLINT_FUZZ_FACTOR", "50"))
