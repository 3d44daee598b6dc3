"""Time ``policylint check`` (default policy) against a bare interpreter start, side by side.

Generates git repositories of 5,000 and 100,000 files (kept in a cache directory between runs),
then times, in the same run and interleaved so machine noise hits both alike:

- ``python -c pass`` on the same interpreter (the baseline),
- ``python -c "import re, subprocess"``: the floor for any Python tool that runs git and
  matches patterns,
- ``policylint check REPO`` through the console script, warm policy cache (the hook's case),
- the same with ``--no-cache`` (the first run on a machine),

and prints the median wall time of each and its ratio to the baseline. Targets (issue #2):
5,000 files <= 2.5x the bare interpreter start; 100,000 files <= 1 s.

With ``--against REV``, the code of git revision REV (this repository's) is exported to the
work directory and timed in the same run, interleaved with the current code, both started the
same way (``python -c 'from policylint.cli import main ...'`` with the tree on ``PYTHONPATH``),
and the ratio current / REV is printed: the hook path may not get more than 5% slower.

    python benchmarks/bench_check.py [--runs 21] [--sizes 5000,100000] [--workdir DIR]
                                     [--against REV]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}


def make_repo(root: Path, count: int) -> Path:
    """A git repository with ``count`` files in a realistic tree (nested source and docs)."""
    repo = root / f"repo-{count}"
    if (repo / ".git" / "bench-complete").exists():
        return repo
    repo.mkdir(parents=True, exist_ok=True)
    (repo / "README.md").write_text("# bench\n")
    (repo / "LICENSE").write_text("MIT\n")
    for i in range(count - 2):
        top, mid = i % 20, (i // 20) % 50
        path = repo / ("docs" if top == 0 else "src") / f"pkg{top}" / f"mod{mid}" / f"f{i}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"X = {i}\n")
    env = {**os.environ, **GIT_ENV}
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env=env)
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(repo), "commit", "-qm", "bench"], check=True, env=env)
    (repo / ".git" / "bench-complete").touch()
    return repo


def wall(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    # Not from this checkout: `python -c` puts the working directory first on sys.path, so a
    # tree on PYTHONPATH would lose to the policylint/ here and --against would time this code
    # twice.
    proc = subprocess.run(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=tempfile.gettempdir()
    )
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode()}")
    return elapsed


def measure(commands: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, float]:
    """Median seconds per command; the commands take turns so noise spreads evenly."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for cmd in commands.values():  # warm-up: page cache, policy cache
        wall(cmd, env)
    for _ in range(runs):
        for name, cmd in commands.items():
            samples[name].append(wall(cmd, env))
    return {name: statistics.median(values) for name, values in samples.items()}


HERE = Path(__file__).resolve().parent.parent
RUN_CLI = "import sys; from policylint.cli import main; sys.exit(main())"


def export(revision: str, workdir: Path) -> Path:
    """The tree of ``revision`` (policylint/, policies/, schemas/) in a directory of its own."""
    commit = subprocess.run(
        ["git", "-C", str(HERE), "rev-parse", "--verify", f"{revision}^{{commit}}"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    target = workdir / f"tree-{commit[:12]}"
    if not (target / "policylint").is_dir():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "-C", str(HERE), "archive", commit, "policylint", "policies", "schemas"],
            capture_output=True, check=True,
        ).stdout  # fmt: skip
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def against(args: argparse.Namespace, env: dict[str, str]) -> None:
    """The current tree and REV's, started the same way, side by side."""
    old = export(args.against, args.workdir)
    print(f"current ({HERE}) against {args.against} ({old.name}), median of {args.runs} runs")
    print(f"{'files':>8}  {'command':<40} {'current':>9} {'REV':>9}  {'ratio':>6}")
    for size in (int(s) for s in args.sizes.split(",")):
        repo = str(make_repo(args.workdir, size))
        for label, extra in (("check (warm cache)", []), ("check --staged", ["--staged"])):
            commands = {
                tree: [sys.executable, "-c", RUN_CLI, "check", *extra, repo]
                for tree in (str(HERE), str(old))
            }
            # A policy cache of its own per tree: sharing one, each tree's run would replace the
            # other's entry (its code differs) and every "warm" run would load the YAML again.
            envs = {
                tree: {**env, "PYTHONPATH": tree, "POLICYLINT_CACHE_DIR": _cache_of(args, tree)}
                for tree in commands
            }
            medians = measure_each(commands, args.runs, envs)
            new, before = medians[str(HERE)], medians[str(old)]
            print(
                f"{size:>8}  {label:<40} {new * 1000:>7.1f}ms {before * 1000:>7.1f}ms"
                f"  {new / before:>6.3f}"
            )


def _cache_of(args: argparse.Namespace, tree: str) -> str:
    return str(args.workdir / f"cache-{Path(tree).name}")


def measure_each(
    commands: dict[str, list[str]], runs: int, envs: dict[str, dict[str, str]]
) -> dict[str, float]:
    """``measure`` with an environment per command."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for name, cmd in commands.items():
        wall(cmd, envs[name])
    for _ in range(runs):
        for name, cmd in commands.items():
            samples[name].append(wall(cmd, envs[name]))
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--sizes", default="5000,100000")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "plbench")
    parser.add_argument("--against", metavar="REV", help="also time the code of git revision REV")
    args = parser.parse_args()
    if args.against is not None:
        env = {**os.environ, "POLICYLINT_CACHE_DIR": str(args.workdir / "cache")}
        env.pop("NO_COLOR", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # both trees with bytecode, as installed
        against(args, env)
        return
    script = Path(sys.executable).parent / "policylint"
    if not script.exists():
        raise SystemExit(f"{script}: not found; install policylint into this interpreter's env")
    env = {**os.environ, "POLICYLINT_CACHE_DIR": str(args.workdir / "cache")}
    env.pop("NO_COLOR", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure an installed package: with bytecode
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, median of {args.runs} runs")
    print(f"{'files':>8}  {'command':<36} {'median':>9}  {'x baseline':>10}")
    for size in (int(s) for s in args.sizes.split(",")):
        repo = make_repo(args.workdir, size)
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            # What any Python tool that runs git and matches patterns pays before its own code.
            "python -c 'import re, subprocess'": [sys.executable, "-c", "import re, subprocess"],
            "policylint check (warm cache)": [str(script), "check", str(repo)],
            "policylint check --no-cache": [str(script), "check", "--no-cache", str(repo)],
        }
        medians = measure(commands, args.runs if size <= 10_000 else max(5, args.runs // 3), env)
        base = medians["python -c pass"]
        for name, seconds in medians.items():
            print(f"{size:>8}  {name:<36} {seconds * 1000:>7.1f}ms  {seconds / base:>9.2f}x")


if __name__ == "__main__":
    main()
