"""Replay commit messages of public histories: commitlint 20 with
``@commitlint/config-conventional`` against the ``conventional-commits`` pack's
``conventional-commits`` rule, under several styles of commitlint configuration.

commitlint runs in one node process per configuration (``@commitlint/load`` reads the
configuration from the directory as the CLI does, ``@commitlint/lint`` judges each message with
the CLI's options: the preset's parser options and the default ignores); policylint judges the
same message as the commit of a change, in a directory holding the same configuration file.
Prints the agreement table and every disagreement. commitlint is installed with npm into
``--npm-dir`` on first use.

    git clone --mirror https://github.com/vitejs/vite /tmp/m/vite   # and others
    python benchmarks/replay_commitlint.py /tmp/m/vite /tmp/m/commitlint --count 300
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
from policylint.facts.commits import commit_from_log
from policylint.facts.repo import Repo

PRESET = "@commitlint/config-conventional"
CONFIGS = {
    ".commitlintrc.json": {".commitlintrc.json": json.dumps({"extends": [PRESET]})},
    ".commitlintrc.yaml (rules overridden)": {
        ".commitlintrc.yaml": (
            f"extends:\n  - '{PRESET}'\nrules:\n"
            "  header-max-length: [2, always, 72]\n"
            "  subject-case: [0]\n"
            "  body-max-line-length: [1, always, 100]\n"
            "  type-enum: [2, always, [build, chore, ci, docs, feat, fix, perf, refactor, "
            "revert, style, test, deps, release, wip]]\n"
        )
    },
    "package.json#commitlint (scopes)": {
        "package.json": json.dumps(
            {
                "name": "x",
                "commitlint": {
                    "extends": PRESET,
                    "rules": {
                        "scope-case": [2, "always", "lower-case"],
                        "subject-empty": [1, "never"],
                    },
                },
            }
        )
    },
}
LINT = r"""
const load = require('@commitlint/load').default;
const lint = require('@commitlint/lint').default;
(async () => {
  const messages = JSON.parse(require('fs').readFileSync(process.argv[3], 'utf8'));
  const config = await load({}, {cwd: process.argv[2]});
  const opts = {parserOpts: config.parserPreset ? config.parserPreset.parserOpts : {},
                plugins: config.plugins, ignores: config.ignores,
                defaultIgnores: config.defaultIgnores};
  const out = [];
  for (const m of messages) {
    try {
      const r = await lint(m, config.rules, opts);
      out.push([r.valid, r.errors.map(e => e.name)]);
    } catch (e) {  // commitlint stops on this message: a failure, with its error
      out.push([false, ['crash: ' + String(e).split('\n')[0]]]);
    }
  }
  process.stdout.write(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(2); });
"""


def peer(npm_dir: Path) -> Path:
    if not (npm_dir / "node_modules" / "@commitlint" / "lint").exists():
        npm_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "init", "-y"], cwd=npm_dir, capture_output=True, check=True)
        subprocess.run(
            ["npm", "install", "--silent", "@commitlint/cli@20", f"{PRESET}@20"],
            cwd=npm_dir,
            check=True,
        )
    script = npm_dir / "lint-messages.cjs"
    script.write_text(LINT)
    return script


def messages(work: Path, count: int) -> list[str]:
    out = git(work, "log", "--no-merges", f"-n{count}", "--format=%B%x00")
    return [m.lstrip("\n") for m in out.split("\0") if m.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mirrors", nargs="+")
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--scratch")
    parser.add_argument("--npm-dir", default="/tmp/policylint-peers/commitlint")
    args = parser.parse_args()
    scratch = scratch_dir(args.scratch)
    script = peer(Path(args.npm_dir))
    policy = pack_policy("conventional-commits", scratch)
    corpus = [
        (clone(m, scratch).name, text)
        for m in args.mirrors
        for text in messages(clone(m, scratch), args.count)
    ]
    tally = Tally("commitlint")
    for style, files in CONFIGS.items():
        # inside the npm directory, so the preset resolves from the configuration's directory
        where = Path(args.npm_dir) / "configs" / str(list(CONFIGS).index(style))
        where.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (where / name).write_text(text)
        corpus_file = where / "messages.json"  # a file: node's stdin can refuse a large pipe
        corpus_file.write_text(json.dumps([t for _, t in corpus]))
        proc = subprocess.run(
            ["node", str(script), str(where), str(corpus_file)],
            capture_output=True,
            text=True,
            cwd=args.npm_dir,
            check=True,
        )
        verdicts = json.loads(proc.stdout)
        repo = Repo(str(where))
        for (project, text), (valid, errors) in zip(corpus, verdicts, strict=True):
            commit = commit_from_log(
                ["a" * 40, "b" * 40, "A", "a@example.org", "A", "a@example.org", text]
            )
            result = evaluate(policy, Facts(repo, commits=(commit,), now=time.time()))
            ours = [f.message for f in result.findings if f.rule == "conventional-commits"]
            detail = (
                f"{text.splitlines()[0][:90]!r}\n    commitlint: {errors}\n    policylint: {ours}"
            )
            tally.add(f"{project} / {style}", repr(text[:40]), not valid, bool(ours), detail)
    tally.print()


if __name__ == "__main__":
    main()
