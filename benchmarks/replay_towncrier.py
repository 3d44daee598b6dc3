"""Replay merged pull requests of projects that use towncrier: ``towncrier check`` against the
``release-notes-towncrier`` pack (a ``.policylint.yaml`` with nothing but ``extends``).

For each of the newest ``--count`` changes of each mirror's first-parent history (a merge: its
second parent against its first; a squash: the commit against its parent), the checkout is put
at the change's head and both tools judge the change against its base. Prints the agreement
table and every disagreement. towncrier is installed into a virtual environment of its own
(``--venv``) from PyPI on first use.

    git clone --mirror https://github.com/pypa/pip /tmp/m/pip   # and attrs, pytest, ...
    python benchmarks/replay_towncrier.py /tmp/m/pip /tmp/m/attrs /tmp/m/pytest --count 100
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from replay_support import Tally, changes, checkout, clone, pack_policy, scratch_dir, verdict


def peer(venv: Path, spec: str) -> Path:
    """The towncrier executable of ``venv`` (created and installed when missing)."""
    exe = venv / "bin" / "towncrier"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", spec], check=True)
    return exe


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mirrors", nargs="+")
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--scratch")
    parser.add_argument("--venv", default="/tmp/policylint-peers/towncrier")
    parser.add_argument("--towncrier", default="towncrier==26.9.0")
    args = parser.parse_args()
    scratch = scratch_dir(args.scratch)
    towncrier = peer(Path(args.venv), args.towncrier)
    policy = pack_policy("release-notes-towncrier", scratch)
    tally = Tally("towncrier")
    for mirror in args.mirrors:
        work = clone(mirror, scratch)
        for change in changes(work, args.count):
            checkout(work, change.head)
            proc = subprocess.run(
                [str(towncrier), "check", "--compare-with", change.base],
                cwd=work,
                capture_output=True,
                text=True,
            )
            failed, messages = verdict(policy, work, change.base, change.head)
            peer_says = (proc.stdout + proc.stderr).strip().splitlines()[-1:]
            detail = f"{change.label}\n    towncrier: {peer_says}\n    policylint: {messages}"
            tally.add(work.name, change.head[:12], proc.returncode != 0, failed, detail)
    tally.print()


if __name__ == "__main__":
    main()
