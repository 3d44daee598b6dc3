"""The gate run of each release-note and commit pack, timed against the tool the project
already runs, on the same pull request of a real history, in the same run (interleaved, so
machine noise hits both alike). Target (issue #14): policylint at most 0.5x the peer.

Each pair: ``policylint check CHECKOUT --base BASE -c CONFIG`` (CONFIG extends the one pack;
the policy cache warm, as on a CI runner's second job or a developer's machine) against

- ``towncrier check --compare-with BASE`` (release-notes-towncrier, e.g. pip),
- ``reno lint`` (release-notes-reno, e.g. tenacity),
- ``changeset status --since BASE`` (release-notes-changesets, e.g. changesets),
- ``commitlint --from BASE --to HEAD`` with config-conventional (conventional-commits, e.g. vite),
- node running the DCO app's ``lib/dco.js`` on the change's commits (dco): the app itself runs
  on GitHub's side, so this is the cheapest it can be.

The peers are installed by the replay scripts (same ``--venv``/``--npm-dir`` defaults).

    python benchmarks/bench_peers.py --towncrier /tmp/m/pip --reno /tmp/m/tenacity \\
        --changesets /tmp/m/changesets --commitlint /tmp/m/vite --dco /tmp/m/containerd \\
        --dco-app /tmp/m/dco-app --runs 11
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from replay_support import changes, checkout, clone, git, scratch_dir

# The console script, as CI and pre-commit run it (``python -m`` adds runpy's import).
DCO_SCRIPT = r"""
const {execFileSync} = require('child_process');
const dco = require('./dco.js');
const format = '--format=%H%x00%P%x00%an%x00%ae%x00%cn%x00%ce%x00%B';
const log = execFileSync('git', ['log', '-z', format, process.argv[2] + '..HEAD'],
                         {encoding: 'utf8'}).split('\0');
const commits = [];
for (let i = 0; i + 7 <= log.length; i += 7) {
  const [sha, parents, an, ae, cn, ce, message] = log.slice(i, i + 7);
  commits.push({sha, parents: parents.split(' ').filter(Boolean).map(p => ({sha: p})),
                author: {login: an, type: 'User'},
                commit: {message, author: {name: an, email: ae},
                         committer: {name: cn, email: ce}, verification: {verified: false}}});
}
dco(commits, async () => true, 'u', {individual: false, thirdParty: false})
  .then(f => process.exit(f.length ? 1 : 0));
"""
POLICYLINT = [str(Path(sys.executable).with_name("policylint"))]


# Bytecode as an installed package has it (pip compiles it at install time, as it did the
# peers'); PYTHONDONTWRITEBYTECODE would make every policylint run compile its sources.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, capture_output=True, env=ENV)
    return time.perf_counter() - start


def pair(name: str, peer: list[str], work: Path, base: str, config: Path, runs: int) -> None:
    ours = [
        *POLICYLINT,
        "check",
        str(work),
        "--base",
        base,
        "-c",
        str(config),
        "--no-ci",
        "--format",
        "json",
    ]
    timed(ours, work)  # fill the policy cache
    theirs, mine = [], []
    for _ in range(runs):
        theirs.append(timed(peer, work))
        mine.append(timed(ours, work))
    a, b = statistics.median(theirs), statistics.median(mine)
    print(
        f"| {name} | {' '.join(Path(peer[0]).name for _ in [0])} {' '.join(peer[1:3])} | "
        f"{a * 1000:.0f} ms | {b * 1000:.0f} ms | {b / a:.2f}x |"
    )
    sys.stdout.flush()


def config_for(pack: str, scratch: Path) -> Path:
    path = scratch / f"bench-{pack}.yaml"
    path.write_text(f"extends: [builtin:{pack}]\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for option in ("towncrier", "reno", "changesets", "commitlint", "dco", "dco-app"):
        parser.add_argument(f"--{option}", help="a local mirror")
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--scratch")
    parser.add_argument("--towncrier-venv", default="/tmp/policylint-peers/towncrier")
    parser.add_argument("--reno-venv", default="/tmp/policylint-peers/reno")
    parser.add_argument("--npm-dir", default="/tmp/policylint-peers/commitlint")
    parser.add_argument("--dco-npm-dir", default="/tmp/policylint-peers/dco")
    args = parser.parse_args()
    scratch = scratch_dir(args.scratch) / "bench"
    scratch.mkdir(exist_ok=True)
    print("| pack | peer | peer | policylint | ratio |\n|---|---|---:|---:|---:|")
    if args.towncrier:
        work = clone(args.towncrier, scratch)
        change = changes(work, 1, ref="origin/HEAD")[0]
        checkout(work, change.head)
        peer = [
            str(Path(args.towncrier_venv) / "bin" / "towncrier"),
            "check",
            "--compare-with",
            change.base,
        ]
        pair(
            "release-notes-towncrier",
            peer,
            work,
            change.base,
            config_for("release-notes-towncrier", scratch),
            args.runs,
        )
    if args.reno:
        work = clone(args.reno, scratch)
        change = changes(work, 1, ref="origin/HEAD")[0]
        checkout(work, change.head)
        peer = [str(Path(args.reno_venv) / "bin" / "reno"), "lint"]
        pair(
            "release-notes-reno",
            peer,
            work,
            change.base,
            config_for("release-notes-reno", scratch),
            args.runs,
        )
    if args.changesets:
        work = clone(args.changesets, scratch)
        change = changes(work, 1, ref="origin/HEAD")[0]
        checkout(work, change.head)
        cli = Path(args.npm_dir) / "node_modules" / "@changesets" / "cli" / "bin.js"
        peer = ["node", str(cli), "status", f"--since={change.base}"]
        pair(
            "release-notes-changesets",
            peer,
            work,
            change.base,
            config_for("release-notes-changesets", scratch),
            args.runs,
        )
    if args.commitlint:
        work = clone(args.commitlint, scratch)
        change = changes(work, 1, ref="origin/HEAD")[0]
        checkout(work, change.head)
        (work / ".commitlintrc.json").write_text(
            json.dumps({"extends": ["@commitlint/config-conventional"]})
        )
        git(work, "add", ".commitlintrc.json")
        git(
            work,
            "-c",
            "user.name=b",
            "-c",
            "user.email=b@example.org",
            "commit",
            "-q",
            "-m",
            "chore: lint commits",
        )
        rc = Path(args.npm_dir) / "configs" / "bench" / ".commitlintrc.json"
        rc.parent.mkdir(parents=True, exist_ok=True)
        rc.write_text(json.dumps({"extends": ["@commitlint/config-conventional"]}))
        cli = Path(args.npm_dir) / "node_modules" / "@commitlint" / "cli" / "cli.js"
        peer = ["node", str(cli), "--config", str(rc), "--from", change.base, "--to", "HEAD"]
        pair(
            "conventional-commits",
            peer,
            work,
            change.base,
            config_for("conventional-commits", scratch),
            args.runs,
        )
    if args.dco and args.dco_app:
        work = clone(args.dco, scratch)
        change = changes(work, 1, ref="origin/HEAD")[0]
        checkout(work, change.head)
        npm = Path(args.dco_npm_dir)
        script = npm / "bench-dco.cjs"
        script.write_text(DCO_SCRIPT)
        peer = ["node", str(script), change.base]
        pair("dco", peer, work, change.base, config_for("dco", scratch), args.runs)


if __name__ == "__main__":
    main()
