"""Replay commits of public histories: the DCO GitHub App's rules (its own ``lib/dco.js``, run
with node) against the ``dco`` pack, each commit judged as the only commit of a pull request.

The app's code comes from a local mirror of github.com/dcoapp/app (``--app``); its one
dependency, ``email-validator``, is installed with npm into ``--npm-dir``. The app asks GitHub
whether an author is a bot; the replay tells it so for authors named ``...[bot]``, which is what
git records for GitHub's bot accounts. Organisation members are required to sign off (the app's
default). Prints the agreement table and every disagreement.

    git clone --mirror https://github.com/dcoapp/app /tmp/m/dco-app
    git clone --mirror https://github.com/containerd/containerd /tmp/m/containerd   # and others
    python benchmarks/replay_dco.py --app /tmp/m/dco-app /tmp/m/containerd /tmp/m/cri-o --count 200
"""

from __future__ import annotations

import argparse
import json
import subprocess
import time
from pathlib import Path

from replay_support import Tally, clone, git, pack_policy, scratch_dir

from policylint.engine import evaluate
from policylint.facts import Facts
from policylint.facts.commits import LOG_FIELDS, commit_from_log
from policylint.facts.repo import Repo

RUN = r"""
const dco = require('./dco.js');
(async () => {
  const commits = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
  const out = [];
  for (const c of commits) {
    const failed = await dco([c], async () => true, 'https://example.org/pr/1',
                             {individual: false, thirdParty: false});
    out.push(failed.map(f => f.message));
  }
  process.stdout.write(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(2); });
"""


def peer(app: str, npm_dir: Path) -> Path:
    npm_dir.mkdir(parents=True, exist_ok=True)
    if not (npm_dir / "node_modules" / "email-validator").exists():
        subprocess.run(["npm", "init", "-y"], cwd=npm_dir, capture_output=True, check=True)
        subprocess.run(["npm", "install", "--silent", "email-validator@2"], cwd=npm_dir, check=True)
    (npm_dir / "dco.js").write_text(git(app, "show", "HEAD:lib/dco.js"))
    script = npm_dir / "run-dco.cjs"
    script.write_text(RUN)
    return script


def commits(work: Path, count: int) -> list[list[str]]:
    fmt = "--format=%H%x00%P%x00%an%x00%ae%x00%cn%x00%ce%x00%B"
    out = subprocess.run(
        ["git", "-C", str(work), "log", "-z", "--no-mailmap", fmt, f"-n{count}"],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "replace")
    fields = out.split("\0")
    return [fields[i : i + LOG_FIELDS] for i in range(0, len(fields) - 1, LOG_FIELDS)]


def as_api(fields: list[str]) -> dict[str, object]:
    """A commit as GitHub's pull-request commits API gives it to the app."""
    sha, parents, an, ae, cn, ce, message = fields
    bot = an.lower().endswith("[bot]")
    return {
        "sha": sha,
        "parents": [{"sha": p} for p in parents.split()],
        "author": {"login": an, "type": "Bot" if bot else "User"},
        "commit": {
            "message": message.rstrip("\n"),
            "author": {"name": an, "email": ae},
            "committer": {"name": cn, "email": ce},
            "verification": {"verified": False},
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mirrors", nargs="+")
    parser.add_argument("--app", required=True, help="a mirror of github.com/dcoapp/app")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--scratch")
    parser.add_argument("--npm-dir", default="/tmp/policylint-peers/dco")
    args = parser.parse_args()
    scratch = scratch_dir(args.scratch)
    script = peer(args.app, Path(args.npm_dir))
    policy = pack_policy("dco", scratch)
    tally = Tally("DCO app")
    for mirror in args.mirrors:
        work = clone(mirror, scratch)
        corpus = commits(work, args.count)
        corpus_file = Path(args.npm_dir) / "commits.json"  # node's stdin can refuse a large pipe
        corpus_file.write_text(json.dumps([as_api(c) for c in corpus]))
        proc = subprocess.run(
            ["node", str(script), str(corpus_file)],
            capture_output=True,
            text=True,
            cwd=args.npm_dir,
            check=True,
        )
        (scratch / "empty").mkdir(exist_ok=True)
        repo = Repo(str(scratch / "empty"))
        for fields, failed in zip(corpus, json.loads(proc.stdout), strict=True):
            commit = commit_from_log(fields)
            result = evaluate(policy, Facts(repo, commits=(commit,), now=time.time()))
            ours = [f.message for f in result.findings if f.rule == "dco"]
            who = f"{fields[2]} <{fields[3]}>"
            detail = f"{commit.subject[:80]!r} by {who}\n    app: {failed}\n    policylint: {ours}"
            tally.add(work.name, fields[0][:12], bool(failed), bool(ours), detail)
    tally.print()


if __name__ == "__main__":
    main()
