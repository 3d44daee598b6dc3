"""``bench_audit.py --scale N``: the audit with its results database at scale (see the docstring
of bench_audit.py). Kept apart so bench_audit.py stays what issue #6 measured."""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent
RUNS = 10


class Sampler:
    """Peak RSS of the audit's process and of each of ``extra()``'s processes (workers)."""

    def __init__(self, pid: int, extra: Callable[[], list[int]]) -> None:
        import psutil

        self.psutil, self.pid, self.extra = psutil, pid, extra
        self.parent, self.workers = 0, {}
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self.stopped.wait(0.05):
            with contextlib.suppress(self.psutil.Error):
                parent = self.psutil.Process(self.pid)
                self.parent = max(self.parent, parent.memory_info().rss)
                pids = [c.pid for c in parent.children() if "python" in c.name()]
                for pid in pids + self.extra():
                    with contextlib.suppress(self.psutil.Error):
                        rss = self.psutil.Process(pid).memory_info().rss
                        self.workers[pid] = max(self.workers.get(pid, 0), rss)

    def __enter__(self) -> Sampler:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self.thread.join()


def audit(directory: Path, db: Path | None, extra_args: list[str], *, env: dict[str, str],
          workers: Callable[[], list[int]] = list) -> dict[str, float]:  # fmt: skip
    """One ``python -m policylint.audit`` run; its numbers."""
    journal = db.with_suffix(".jsonl") if db else directory.parent / f"{directory.name}.jsonl"
    stale = [journal] + ([db, Path(f"{db}-wal"), Path(f"{db}-shm")] if db else [])
    for path in stale:
        if path.exists():
            path.unlink()
    cmd = [sys.executable, "-m", "policylint.audit", str(directory), "--no-progress"]
    cmd += ["--journal", str(journal), *extra_args] + (["--db", str(db)] if db else [])
    start, cpu_before = time.perf_counter(), cpu_seconds(workers())
    proc = subprocess.Popen(cmd, env=env, cwd=directory.parent, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)  # fmt: skip
    with Sampler(proc.pid, workers) as sampled:
        _, stderr = proc.communicate()
    seconds = time.perf_counter() - start
    cpu = cpu_seconds(workers()) - cpu_before
    if proc.returncode != 0:
        sys.exit(f"audit failed ({proc.returncode}): {stderr.decode()[-2000:]}")
    count = sum(1 for _ in journal.open("rb"))
    return {
        "count": count,
        "seconds": seconds,
        "cpu_ms": 1000 * cpu / max(count, 1),
        "parent_mib": sampled.parent / 2**20,
        "worker_mib": max(sampled.workers.values(), default=0) / 2**20,
        "db_mib": db.stat().st_size / 2**20 if db else 0.0,
    }


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of every child process waited for (the audit, its workers and their
    gits), and of ``pids`` (a Dask cluster's workers, which are not the audit's children)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = children.ru_utime + children.ru_stime
    if pids:
        import psutil

        for pid in pids:
            with contextlib.suppress(psutil.Error):
                times = psutil.Process(pid).cpu_times()
                total += times.user + times.system
    return total


@contextlib.contextmanager
def local_cluster(jobs: int) -> Iterator[tuple[str, Callable[[], list[int]]]]:
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:  # fmt: skip
        pids = list(client.run(os.getpid).values())
        yield cluster.scheduler_address, lambda: pids


def ten_runs(db: Path) -> None:
    """Nine more runs copied from the first, each with another tenth of its outcomes flipped."""
    connection = sqlite3.connect(db)
    tables = ("runs", "repositories", "rule_outcomes", "findings", "exemptions")
    columns = {t: [r[1] for r in connection.execute(f"PRAGMA table_info({t})")] for t in tables}
    for k in range(1, RUNS):
        run_columns = ", ".join(columns["runs"][1:])
        (run_id,) = connection.execute(
            f"INSERT INTO runs ({run_columns}) SELECT {run_columns} FROM runs WHERE id = 1 "
            "RETURNING id"
        ).fetchone()
        connection.execute(
            "UPDATE runs SET started_at = datetime(started_at, ?) WHERE id = ?",
            (f"+{7 * k} days", run_id),
        )
        for table in ("repositories", "findings", "exemptions"):
            rest = ", ".join(columns[table][1:])
            connection.execute(
                f"INSERT INTO {table} SELECT ?, {rest} FROM {table} WHERE run_id = 1", (run_id,)
            )
        flipped = (
            "CASE WHEN (position + length(repository) + ?) % 10 = 0 AND status IN ('pass', 'fail') "
            "THEN CASE status WHEN 'pass' THEN 'fail' ELSE 'pass' END ELSE status END"
        )
        rest = ", ".join(columns["rule_outcomes"][5:])
        connection.execute(
            f"INSERT INTO rule_outcomes SELECT ?, repository, position, rule, {flipped}, {rest} "
            "FROM rule_outcomes WHERE run_id = 1",
            (run_id, k),
        )
        connection.commit()
    connection.close()


def render(db: Path, env: dict[str, str]) -> tuple[float, float]:
    page = db.with_suffix(".html")
    cmd = [sys.executable, "-m", "policylint", "audit", "report", "--db", str(db)]
    cmd += ["--runs", str(RUNS), "--html", str(page)]
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, cwd=db.parent)
    return time.perf_counter() - start, page.stat().st_size / 2**20


def export(revision: str, workdir: Path) -> Path:
    sys.path.insert(0, str(HERE / "benchmarks"))
    from bench_check import export as export_tree

    return export_tree(revision, workdir)


def line(label: str, result: dict[str, float]) -> None:
    rate = result["count"] / result["seconds"]
    print(f"{label:<34} {result['count']:>6.0f} {result['seconds']:>8.1f} {rate:>8.1f} "
          f"{result['cpu_ms']:>7.2f} {result['parent_mib']:>10.1f} {result['worker_mib']:>10.1f} "
          f"{result['db_mib']:>8.1f}", flush=True)  # fmt: skip


def growth(label: str, small: dict[str, float], large: dict[str, float]) -> None:
    """How the audit process's peak grows with the number of repositories."""
    per = (large["parent_mib"] - small["parent_mib"]) * 1024 / (large["count"] - small["count"])
    print(f"{label}: audit process peak {small['parent_mib']:.1f} MiB at {small['count']:,.0f}, "
          f"{large['parent_mib']:.1f} MiB at {large['count']:,.0f}: {per:.2f} KiB per repository",
          flush=True)  # fmt: skip


def links(workdir: Path, checkouts: Path, count: int) -> Path:
    """``count`` repositories: links to the distinct checkouts in turn, each its own name."""
    directory = workdir / f"links-{count}"
    names = sorted(os.listdir(checkouts))
    if not directory.exists():
        directory.mkdir(parents=True)
        for number in range(count):
            (directory / f"repo{number:05d}").symlink_to(checkouts / names[number % len(names)])
    return directory


def run_scale(args: argparse.Namespace, make_pool: Any, subset: Any, _: Any) -> None:
    workdir = args.workdir / "scale"
    started = time.perf_counter()
    checkouts = make_pool(args.workdir, min(1000, args.scale))
    pool = links(workdir, checkouts, args.scale)
    small_count = max(1, min(args.small, args.scale))
    small = links(workdir, checkouts, small_count)
    distinct = len(os.listdir(checkouts))
    seconds = time.perf_counter() - started
    print(f"{args.scale} repositories ({distinct} distinct checkouts) ready in {seconds:.1f} s; "
          f"{os.cpu_count()} cores, --jobs {args.jobs}")  # fmt: skip
    env = {**os.environ, "POLICYLINT_CACHE_DIR": str(workdir / "cache")}
    jobs = ["--jobs", str(args.jobs)]
    print(f"{'':<34} {'repos':>6} {'seconds':>8} {'repos/s':>8} {'CPU ms':>7} "
          f"{'audit MiB':>10} {'worker MiB':>10} {'db MiB':>8}")  # fmt: skip
    print(f"{'':<34} {'':>6} {'':>8} {'':>8} {'/repo':>7}")
    trees = [("current", env)]
    if args.against:
        tree = export(args.against, args.workdir)
        trees.append((args.against, {**env, "PYTHONPATH": str(tree)}))
    measured: dict[str, list[dict[str, float]]] = {label: [] for label, _ in trees}
    for directory, count in ((small, small_count), (pool, args.scale)):
        for label, tree_env in trees:  # paired: each scale with both trees, one after the other
            name = f"{label.replace('/', '_')}-{count}.db"
            result = audit(directory, workdir / name, jobs, env=tree_env)
            measured[label].append(result)
            line(f"{label} local pool, {count:,}", result)
    for label, results in measured.items():
        growth(label, *results)
    if not args.no_dask:
        with local_cluster(args.jobs) as (address, pids):
            dask = ["--executor", "dask", "--scheduler", address]
            line(f"dask LocalCluster, {args.scale:,}", audit(pool, workdir / "dask.db", dask,
                                                             env=env, workers=pids))  # fmt: skip
    if args.no_render:
        return
    local_db = workdir / f"current-{args.scale}.db"
    ten_runs(local_db)
    seconds, size = render(local_db, env)
    db_size = local_db.stat().st_size / 2**20
    print(f"HTML report of {RUNS} runs x {args.scale:,} repositories: {seconds:.1f} s "
          f"({size:.1f} MiB page; database {db_size:.0f} MiB)")  # fmt: skip
