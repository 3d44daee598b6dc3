"""Standard output that cannot be written (a pipe closed early, a full disk) is a usage error
with a message (exit 2), never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers.cli import run_policylint
from tests.helpers.repos import MakeRepo

FULL = "policylint: cannot write to standard output: No space left on device\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args", [("rules",), ("check",), ("check", "--format", "json"), ("--help",), ("schema",)]
)
def test_a_full_disk(make_repo: MakeRepo, args: tuple[str, ...]) -> None:
    repo = make_repo({"README.md": "# x\n"})
    with open("/dev/full", "w") as full:
        proc = run_policylint(*args, cwd=repo, stdout=full)
    assert (proc.returncode, proc.stderr) == (2, FULL)


def test_a_pipe_closed_before_the_report_is_written(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo({"README.md": "# x\n"})
    read_end, write_end = os.pipe()
    os.close(read_end)  # as `policylint check | head -1` once head has exited
    try:
        proc = run_policylint("check", cwd=repo, stdout=write_end)
    finally:
        os.close(write_end)
    assert (proc.returncode, proc.stderr) == (
        2,
        "policylint: cannot write to standard output: Broken pipe\n",
    )
