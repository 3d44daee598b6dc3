"""Audit throughput and memory: ``policylint audit`` over 250, 500 and 1,000 generated repositories.

Generates (once, kept in a work directory between runs) 1,000 git repositories of varied size:
10 to 2,000 files each (log-uniform), some with the community files the default policy asks
for and some without, a few with a ``.policylint.yaml`` of their own. They are made from 40
distinct templates (``git init``/``add``/``commit`` each), copied with ``cp -a``: every copy is
a real checkout with its own ``.git``. Then, for each count, audits the first N with the
default policy and ``--jobs`` = the number of cores, as a user runs it (``python -m
policylint.audit``), and prints:

- repositories per second (wall time of the whole command: start-up, pool, journal, report);
- peak memory: the largest summed RSS of the audit and its worker processes (sampled every
  20 ms with psutil, when installed), and the largest single process so far
  (``getrusage(RUSAGE_CHILDREN).ru_maxrss``: a maximum over every run before it too).

Target (issue #6): >= 40 repositories/s on a 2-core machine; memory flat as the count grows.

    python benchmarks/bench_audit.py [--counts 250,500,1000] [--jobs N] [--workdir DIR]

With ``--scale N`` (issue #13) it measures the audit with its results database instead, over N
repositories: links to the 1,000 generated checkouts in turn (10,000 full copies would take
half an hour to make on a shared 2-core machine; the page cache holds them all either way):

- the local pool and a Dask ``LocalCluster`` (``--jobs`` single-threaded worker processes
  started here), each writing into a fresh SQLite database: repositories per second, the peak
  RSS of the audit's own process and of the largest worker, the database's size; the local
  pool at 1,000 repositories too, to show memory flat in the number of repositories;
- with ``--against REV``, the code of git revision REV (this repository's) auditing the same N
  repositories with the local pool in the same run (it has no database);
- the time ``policylint audit report --html`` takes on a database of 10 runs of N
  repositories: the first run audited, nine copied from it with SQL, each with a different
  tenth of its rule outcomes flipped, so trends and "since the last run" have work to do.

Targets (issue #13, a 2-core machine): >= 200 repositories/s with the local pool, memory flat,
the HTML report of 10 runs x 10,000 repositories in under 10 s.

    python benchmarks/bench_audit.py --scale 10000 [--against REV] [--jobs N] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}
TEMPLATES = 40
COMMUNITY = {
    "README.md": "# project\n",
    "LICENSE": "MIT\n",
    "CONTRIBUTING.md": "# Contributing\n",
    "CODE_OF_CONDUCT.md": "# Code of conduct\n",
    "SECURITY.md": "# Security\n",
    "GOVERNANCE.md": "# Governance\n",
    "MAINTAINERS": "Ada <ada@example.org>\nGrace <grace@example.org>\n",
    "CHANGELOG.md": "# Changelog\n",
}
OWN_POLICY = "extends: [builtin:recommended]\nrules:\n  changelog: {severity: warning}\n"


def make_template(root: Path, index: int, rng: random.Random) -> Path:
    """One repository: a log-uniform 10..2,000 files, a random share of community files."""
    repo = root / f"template{index:02d}"
    count = round(math.exp(rng.uniform(math.log(10), math.log(2000))))
    files = {name: text for name, text in COMMUNITY.items() if rng.random() < 0.6}
    if index % 8 == 0:
        files[".policylint.yaml"] = OWN_POLICY
    for number in range(max(count - len(files), 0)):
        top = "docs" if number % 10 == 0 else "src"
        files[f"{top}/pkg{number % 7}/mod{number // 50}/f{number}.py"] = f"X = {number}\n"
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    env = {**os.environ, **GIT_ENV}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "bench"]):
        subprocess.run(["git", "-C", str(repo), *args], check=True, env=env)
    return repo


def make_pool(workdir: Path, count: int) -> Path:
    """``count`` repositories in ``workdir/pool`` (reused when already complete)."""
    pool = workdir / "pool"
    done = workdir / f"pool-{count}.complete"
    if done.exists():
        return pool
    shutil.rmtree(workdir, ignore_errors=True)
    rng = random.Random(6)
    templates = [make_template(workdir / "templates", i, rng) for i in range(TEMPLATES)]
    pool.mkdir(parents=True)
    for number in range(count):
        subprocess.run(
            ["cp", "-a", str(templates[number % TEMPLATES]), str(pool / f"repo{number:04d}")],
            check=True,
        )
    done.touch()
    return pool


def subset(workdir: Path, pool: Path, count: int) -> Path:
    """A directory of links to the first ``count`` repositories of the pool."""
    directory = workdir / f"set-{count}"
    if not directory.exists():
        directory.mkdir()
        for name in sorted(os.listdir(pool))[:count]:
            (directory / name).symlink_to(pool / name)
    return directory


class PeakMemory:
    """The largest summed RSS of a process and its children (psutil, sampled)."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self.stopped = pid, 0, threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        try:
            import psutil
        except ImportError:
            return
        try:
            parent = psutil.Process(self.pid)
            while not self.stopped.wait(0.02):
                # The audit and its workers; not the short-lived gits the workers start, which
                # share the worker's pages until they exec (posix_spawn) and would be counted
                # twice.
                family = [parent, *parent.children(recursive=False)]
                self.peak = max(self.peak, sum(_rss(p) for p in family))
        except psutil.Error:
            return

    def __enter__(self) -> PeakMemory:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self.thread.join()


def _rss(process: object) -> int:
    try:
        return int(process.memory_info().rss)  # type: ignore[attr-defined]
    except Exception:
        return 0


def audit(directory: Path, jobs: int, workdir: Path) -> dict[str, float]:
    journal = workdir / f"{directory.name}.jsonl"
    cmd = [sys.executable, "-m", "policylint.audit", str(directory), "--jobs", str(jobs)]
    cmd += ["--journal", str(journal), "--no-progress"]
    env = {**os.environ, "POLICYLINT_CACHE_DIR": str(workdir / "cache")}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with PeakMemory(proc.pid) as memory:
        _, stderr = proc.communicate()
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"audit failed ({proc.returncode}): {stderr.decode()}")
    rows = [json.loads(line) for line in journal.read_text().splitlines()]
    return {
        "count": len(rows),
        "errors": sum(row["status"] == "error" for row in rows),
        "seconds": seconds,
        "peak_tree_mib": memory.peak / 2**20,
        "max_process_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", default="250,500,1000")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir(), "bench-audit"))
    parser.add_argument("--scale", type=int, metavar="N", help="the database benchmark (#13)")
    parser.add_argument("--against", metavar="REV", help="with --scale: also audit with REV")
    parser.add_argument(
        "--small",
        type=int,
        default=2000,
        help="with --scale: the smaller count, for growth per repository",
    )
    parser.add_argument("--no-dask", action="store_true", help="with --scale: no Dask run")
    parser.add_argument("--no-render", action="store_true", help="with --scale: no report")
    args = parser.parse_args()
    if args.scale is not None:
        from bench_audit_db import run_scale

        run_scale(args, make_pool, subset, PeakMemory)
        return
    counts = [int(c) for c in args.counts.split(",")]
    started = time.perf_counter()
    pool = make_pool(args.workdir, max(counts))
    print(f"{max(counts)} repositories ready in {time.perf_counter() - started:.1f} s")
    print(f"{'repos':>6}  {'errors':>6}  {'seconds':>8}  {'repos/s':>8}  "
          f"{'peak RSS, all (MiB)':>20}  {'largest process (MiB)':>22}")  # fmt: skip
    for count in counts:
        result = audit(subset(args.workdir, pool, count), args.jobs, args.workdir)
        print(
            f"{result['count']:>6.0f}  {result['errors']:>6.0f}  {result['seconds']:>8.2f}  "
            f"{result['count'] / result['seconds']:>8.1f}  {result['peak_tree_mib']:>20.1f}  "
            f"{result['max_process_mib']:>22.1f}"
        )


if __name__ == "__main__":
    main()
