"""The real console script, as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

# The console script of the environment running the tests.
POLICYLINT = Path(sys.executable).parent / "policylint"


def run_policylint(
    *args: str,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    input: str | None = None,
    timeout: float | None = None,
    stdout: int | IO[Any] | None = subprocess.PIPE,
) -> subprocess.CompletedProcess[str]:
    """The real console script with ``args``; its output captured as text (``stdout``: a file
    or descriptor to write it to instead)."""
    return subprocess.run(
        [str(POLICYLINT), *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env=env,
        input=input,
        timeout=timeout,
        check=False,
    )
