"""Replay merged pull requests of projects that use Changesets: ``changeset status --since
BASE`` against the ``release-notes-changesets`` pack (a ``.policylint.yaml`` with nothing but
``extends``).

For each of the newest ``--count`` changes of each mirror's first-parent history (a merge: its
second parent against its first; a squash: the commit against its parent), the checkout is put
at the change's head and both tools judge it against its base. Prints the agreement table and
every disagreement. @changesets/cli is installed with npm into ``--npm-dir`` on first use.

    git clone --mirror https://github.com/changesets/changesets /tmp/m/changesets
    python benchmarks/replay_changesets.py /tmp/m/changesets /tmp/m/action --count 120
"""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

from replay_support import Tally, changes, checkout, clone, pack_policy, scratch_dir, verdict


def peer(npm_dir: Path) -> Path:
    cli = npm_dir / "node_modules" / "@changesets" / "cli" / "bin.js"
    if not cli.exists():
        npm_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "init", "-y"], cwd=npm_dir, capture_output=True, check=True)
        subprocess.run(["npm", "install", "--silent", "@changesets/cli@2"], cwd=npm_dir, check=True)
    return cli


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mirrors", nargs="+")
    parser.add_argument("--count", type=int, default=120)
    parser.add_argument("--scratch")
    parser.add_argument("--npm-dir", default="/tmp/policylint-peers/changesets")
    args = parser.parse_args()
    scratch = scratch_dir(args.scratch)
    cli = peer(Path(args.npm_dir))
    policy = pack_policy("release-notes-changesets", scratch)
    tally = Tally("changeset status")
    for mirror in args.mirrors:
        work = clone(mirror, scratch)
        for change in changes(work, args.count):
            checkout(work, change.head)
            proc = subprocess.run(
                ["node", str(cli), "status", f"--since={change.base}"],
                cwd=work,
                capture_output=True,
                text=True,
            )
            failed, messages = verdict(policy, work, change.base, change.head)
            said = [line for line in (proc.stdout + proc.stderr).splitlines() if "error" in line][
                :2
            ]
            detail = f"{change.label}\n    changesets: {said}\n    policylint: {messages}"
            tally.add(work.name, change.head[:12], proc.returncode != 0, failed, detail)
    tally.print()


if __name__ == "__main__":
    main()
