"""The audit's own process stays flat in the number of repositories (issue #13, "Scale").

The audit runs in a real subprocess (the real command, its real pool of workers) over N and
then 4N repositories, and reports its own peak resident memory (``VmHWM`` in
``/proc/self/status``, read as it exits: Linux only). A process that kept something per
repository — the rows, or an entry per repository for its summary (about 5 KiB each here
before this was fixed) — grows by that much times 3N between the two runs. What is left per
repository now is its target (the input) and the 8-byte offset of its journal line, about
0.4 KiB; at these small sizes SQLite's page cache (2 MiB at most) is still filling up too,
and the growth measured is about 1 KiB. The bound sits between the two with a margin of two
or more each way, and is about memory, never time.

The repositories are links to a few real checkouts, each link a repository of its own name
(as ``benchmarks/bench_audit.py --scale`` makes them): thousands of ``git init`` would take
minutes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.helpers.audit import OWN_POLICY
from tests.helpers.repos import HEALTHY, git, write_files

N = 600
BOUND_PER_REPOSITORY = 2560  # bytes of growth per repository allowed (it kept over 5 KiB)

# Runs the real command line in a process of its own, then writes its peak RSS in KiB: the
# kernel's VmHWM, which starts afresh at exec (``getrusage``'s ``ru_maxrss`` does not: it
# keeps the peak of the process that forked it, here pytest's).
WRAPPER = textwrap.dedent(
    """
    import atexit, sys

    def peak():
        with open("/proc/self/status") as status:
            found = [line.split()[1] for line in status if line.startswith("VmHWM:")]
        with open(sys.argv[1], "w") as out:
            out.write(found[0])

    atexit.register(peak)
    from policylint.cli import main

    sys.exit(main(sys.argv[2:]))
    """
)

SHAPES = (
    HEALTHY,
    {"README.md": "# tool\n\nA tool.\n"},
    {**HEALTHY, ".policylint.yaml": OWN_POLICY},
    {"src/main.py": "print('hello')\n", "docs/index.md": "# Docs\n"},
)


def checkouts(root: Path) -> list[Path]:
    made = []
    for index, files in enumerate(SHAPES):
        repo = root / f"shape{index}"
        repo.mkdir(parents=True)
        write_files(repo, files)
        git(repo, "init", "-q", "-b", "main")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "initial commit")
        made.append(repo)
    return made


def organisation(root: Path, shapes: list[Path], count: int) -> Path:
    directory = root / f"org-{count}"
    directory.mkdir()
    for number in range(count):
        (directory / f"repo{number:05d}").symlink_to(shapes[number % len(shapes)])
    return directory


def audit_peak(directory: Path, work: Path) -> int:
    """The audit process's peak RSS in bytes, auditing every repository of ``directory``."""
    peak = work / f"{directory.name}.peak"
    argv = ["audit", str(directory), "--jobs", "2", "--no-progress"]
    argv += ["--journal", str(work / f"{directory.name}.jsonl")]
    argv += ["--db", str(work / f"{directory.name}.db")]
    env = {**os.environ, "POLICYLINT_CACHE_DIR": str(work / "cache"), "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(peak), *argv],
        capture_output=True,
        text=True,
        env=env,
        cwd=work,
        check=False,
    )
    count = int(directory.name.split("-")[1])
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout.startswith(
        f"policylint audit: {count} repositories, {count} audited, 0 errors\n"
    )
    return int(peak.read_text()) * 1024


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_the_audit_process_does_not_grow_with_the_number_of_repositories(
    tmp_path: Path,
) -> None:
    shapes = checkouts(tmp_path / "checkouts")
    small = audit_peak(organisation(tmp_path, shapes, N), tmp_path)
    large = audit_peak(organisation(tmp_path, shapes, 4 * N), tmp_path)
    per_repository = (large - small) / (3 * N)
    assert per_repository < BOUND_PER_REPOSITORY, (
        f"the audit process grew by {per_repository:.0f} bytes per repository "
        f"({small / 2**20:.1f} MiB at {N}, {large / 2**20:.1f} MiB at {4 * N})"
    )
