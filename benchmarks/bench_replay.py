"""Replay consecutive commits of a generated repository as pull requests: the gate's cost.

Generates (with ``git fast-import``, kept in a cache directory between runs) a repository of
``--count`` consecutive commits over a few hundred files: source and test changes, docs,
additions, deletions, renames, a binary file, sign-offs on some commits. Then, in this
process, reads every commit as a pull request against its parent —
``read_range(root, parent, commit)``: merge base, diff with line counts, commits with
trailers — and prints the median and 90th percentile per pull request, next to the cost of
spawning ``git rev-parse HEAD`` measured in the same run (interleaved, so machine noise
hits both alike). Then the whole gate per pull request: the facts plus the evaluation of
``GATE_POLICY`` (co-change, pr-size, commit-message, sign-off, pr-title, codeowners), the
policy loaded once as a CI job loads it. Target (issue #3): median <= 30 ms per PR.

    python benchmarks/bench_replay.py [--count 1000] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from policylint.engine import evaluate
from policylint.facts import Facts
from policylint.facts.change import read_range
from policylint.facts.pr import PullRequest
from policylint.facts.repo import Repo
from policylint.git import run_git
from policylint.loading import load_policy
from policylint.model import Policy

GATE_POLICY = """\
apiVersion: policylint/v1
rules:
  tests-with-code:
    {kind: co-change, title: Tests with code, severity: error,
     options: {if-changed: ["src/**"], require-changed: ["tests/**"]}}
  docs-with-api:
    {kind: co-change, title: Docs with API, severity: warning,
     options: {if-changed: ["src/api/**"], require-changed: ["docs/**"]}}
  size:
    {kind: pr-size, title: Small PRs, severity: warning, options: {max-files: 20, max-lines: 400}}
  subjects:
    {kind: commit-message, title: Subjects, severity: warning, options: {max-subject-length: 72}}
  dco: {kind: sign-off, title: DCO, severity: error}
  title: {kind: pr-title, title: Title, severity: note, options: {max-length: 72}}
  owners: {kind: codeowners, title: Owners, severity: note}
"""

FILES = 300  # files in the first commit
SIGN_OFF = "Signed-off-by: Bench Author <bench@example.org>"


def blob(text: str) -> bytes:
    data = text.encode()
    return b"data %d\n%s\n" % (len(data), data)


def commit_header(number: int, message: str) -> bytes:
    stamp = f"{1_700_000_000 + number * 60} +0000"
    who = "Bench Author <bench@example.org>"
    head = (
        f"commit refs/heads/main\nmark :{number}\nauthor {who} {stamp}\ncommitter {who} {stamp}\n"
    )
    parent = f"from :{number - 1}\n" if number > 1 else ""
    return head.encode() + blob(message) + parent.encode()


def initial_files() -> dict[str, str]:
    files = {"README.md": "# bench\n", "assets/logo.png": "\0PNG"}
    for i in range(FILES):
        area = ("src/pkg{}/mod{}.py", "tests/pkg{}/test_mod{}.py", "docs/pkg{}/page{}.md")[i % 3]
        files[area.format(i % 10, i)] = "".join(f"line {n}\n" for n in range(40))
    return files


def change_set(rng: random.Random, files: dict[str, str], number: int) -> list[bytes]:
    """One commit's file commands: modify a few files, sometimes add, delete or rename."""
    commands: list[bytes] = []
    paths = sorted(files)
    for path in rng.sample(paths, rng.randint(1, 6)):
        lines = files[path].splitlines(keepends=True)
        lines[rng.randrange(len(lines))] = f"edited in {number}\n"
        files[path] = "".join(lines) + f"added in {number}\n" * rng.randint(0, 3)
        commands.append(f"M 100644 inline {path}\n".encode() + blob(files[path]))
    roll = rng.random()
    if roll < 0.15:
        path = f"src/pkg{number % 10}/new{number}.py"
        files[path] = f"NEW = {number}\n"
        commands.append(f"M 100644 inline {path}\n".encode() + blob(files[path]))
    elif roll < 0.2:
        path = rng.choice([p for p in paths if p.endswith(".py")])
        commands.append(f"D {path}\n".encode())
        del files[path]
    elif roll < 0.25:
        path = rng.choice([p for p in paths if p.endswith(".md")])
        target = path.replace(".md", f"-r{number}.md")
        commands.append(f"R {path} {target}\n".encode())
        files[target] = files.pop(path)
    return commands


def fast_import_stream(count: int) -> bytes:
    rng = random.Random(3)
    files = initial_files()
    first = [f"M 100644 inline {p}\n".encode() + blob(t) for p, t in sorted(files.items())]
    chunks = [commit_header(1, "Initial import\n") + b"".join(first)]
    for number in range(2, count + 2):
        kind = rng.choice(["feat", "fix", "docs", "test", "refactor"])
        message = f"{kind}: change {number}\n\nWhy change {number} is made.\n"
        if rng.random() < 0.6:
            message += f"\n{SIGN_OFF}\n"
        chunks.append(commit_header(number, message) + b"".join(change_set(rng, files, number)))
    return b"\n".join(chunks) + b"\n"


def make_repo(workdir: Path, count: int) -> Path:
    repo = workdir / f"replay-{count}"
    if (repo / ".git" / "bench-complete").exists():
        return repo
    shutil.rmtree(repo, ignore_errors=True)  # an interrupted earlier generation
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    subprocess.run(
        ["git", "-C", str(repo), "fast-import", "--quiet"],
        input=fast_import_stream(count),
        check=True,
    )
    subprocess.run(["git", "-C", str(repo), "reset", "-q", "--hard", "main"], check=True)
    (repo / ".git" / "bench-complete").touch()
    return repo


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="commits to replay")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "plbench")
    args = parser.parse_args()
    repo = make_repo(args.workdir, args.count)
    root = str(repo)
    log = run_git("-C", root, "rev-list", "--reverse", "main").stdout.decode().split()
    pairs = list(itertools.pairwise(log))[: args.count]
    read_range(root, pairs[0][0], pairs[0][1])  # warm-up: page cache, imports
    per_pr: list[float] = []
    spawn: list[float] = []
    files = commits = 0
    for parent, commit in pairs:
        spawn.append(timed(lambda: run_git("-C", root, "rev-parse", "HEAD")))
        start = time.perf_counter()
        change, read = read_range(root, parent, commit)
        per_pr.append(time.perf_counter() - start)
        files, commits = files + len(change.files), commits + len(read)
    median, p90, base = statistics.median(per_pr), percentile(per_pr, 0.9), statistics.median(spawn)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {len(pairs)} PRs replayed")
    count = len(pairs)
    print(f"  files changed per PR: {files / count:.1f}, commits per PR: {commits / count:.1f}")
    print(f"  read_range per PR     median {median * 1000:6.2f} ms   p90 {p90 * 1000:6.2f} ms")
    print(f"  git rev-parse spawn   median {base * 1000:6.2f} ms")
    print(
        f"  ratio                 {median / base:6.2f}x a bare git spawn (3 git processes per PR)"
    )
    policy = policy_for(args.workdir, root)
    gate = [gate_cost(root, policy, p, c) for p, c in pairs]
    g50, g90 = statistics.median(gate), percentile(gate, 0.9)
    print(f"  whole gate per PR     median {g50 * 1000:6.2f} ms   p90 {g90 * 1000:6.2f} ms")
    print(f"  ratio                 {g50 / base:6.2f}x a bare git spawn (target: median <= 30 ms)")


def policy_for(workdir: Path, root: str) -> Policy:
    config = workdir / "gate-policy.yaml"
    config.write_text(GATE_POLICY)
    return load_policy(str(config), root=root, use_cache=False)


def gate_cost(root: str, policy: Policy, parent: str, commit: str) -> float:
    """Seconds for one pull request: its facts and every rule of the gate policy."""
    start = time.perf_counter()
    change, commits = read_range(root, parent, commit)
    pr = PullRequest(commits[0].subject if commits else "", None)
    facts = Facts(repo=Repo(root), change=change, commits=commits, pr=pr, now=time.time())
    evaluate(policy, facts)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
