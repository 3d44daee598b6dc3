"""Time ``community-health`` + ``governance`` on a 5,000-file checkout with history, against
another revision's code in the same run.

The repository (kept in the work directory between runs) has 5,000 files, community files
that pass the packs' rules (README, LICENSE, CONTRIBUTING, CODE_OF_CONDUCT, SECURITY,
GOVERNANCE, MAINTAINERS, CHANGELOG) and 240 commits by four authors over the last two years
touching code and docs, so the history rules (``active-maintainers``, ``docs-fresh``) read real
``git log`` output. Its ``.policylint.yaml`` extends ``builtin:community-health`` and
``builtin:governance``. Each tree (the current one and REV's, exported as ``bench_check.py
--against`` does) runs ``policylint check`` with a warm policy cache of its own, interleaved, and
the median wall and CPU time (user + system, the git it runs included) of each and of a bare
interpreter start, and the ratios, are printed. Target (issue 15): at most 80 ms for the current
tree on the machine that measured ~290 ms before.

    python benchmarks/bench_governance.py [--against REV] [--runs 21] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import GIT_ENV, HERE, RUN_CLI, export

DAY = 86_400
AUTHORS = [
    ("Ada Lovelace", "ada@example.org"),
    ("Grace Hopper", "grace@example.org"),
    ("Alan Turing", "alan@example.org"),
    ("Edsger Dijkstra", "edsger@example.org"),
]
POLICY = "extends: [builtin:community-health, builtin:governance]\n"


def community_files() -> dict[str, str]:
    sys.path.insert(0, str(HERE))
    from tests.helpers.repos import HEALTHY

    governance = (
        "# Governance\n\n## Roles\n\nMaintainers review and merge changes and are responsible "
        "for releases.\n\n## Decisions\n\nDecisions are made by lazy consensus; failing that, "
        "by a majority vote of the maintainers.\n\n## Becoming a maintainer\n\nA contributor "
        "may be nominated by any maintainer.\n"
    )
    maintainers = "# Maintainers\n\n- Ada Lovelace (@ada)\n- Grace Hopper (@grace)\n"
    readme = HEALTHY["README.md"] + "\n## Roadmap\n\nSee the milestones.\n"
    return {**HEALTHY, "README.md": readme, "GOVERNANCE.md": governance,
            "MAINTAINERS.md": maintainers, ".policylint.yaml": POLICY}  # fmt: skip


def make_repo(root: Path, count: int = 5000, commits: int = 240) -> Path:
    repo = root / f"governance-{count}"
    if (repo / ".git" / "bench-complete").exists():
        return repo
    repo.mkdir(parents=True, exist_ok=True)
    for name, text in community_files().items():
        (repo / name).write_text(text, encoding="utf-8")
    for i in range(count - len(community_files())):
        top, mid = i % 20, (i // 20) % 50
        path = repo / ("docs" if top == 0 else "src") / f"pkg{top}" / f"mod{mid}" / f"f{i}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"X = {i}\n")
    env = {**os.environ, **GIT_ENV}
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env=env)
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True, env=env)
    start = int(time.time()) - 730 * DAY
    _commit(repo, env, AUTHORS[0], start, "initial")
    for n in range(1, commits):
        when = start + n * (730 * DAY // commits)
        target = repo / ("docs" if n % 5 == 0 else "src") / "pkg1" / "mod1" / f"c{n}.py"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"N = {n}\n")
        subprocess.run(["git", "-C", str(repo), "add", str(target)], check=True, env=env)
        _commit(repo, env, AUTHORS[n % len(AUTHORS)], when, f"change {n}")
    # packed, as every clone is: 5,000 loose objects would make each git log several times slower
    subprocess.run(["git", "-C", str(repo), "gc", "-q"], check=True, env=env)
    (repo / ".git" / "bench-complete").touch()
    return repo


def _commit(repo: Path, env: dict[str, str], author: tuple[str, str], when: int, msg: str) -> None:
    name, email = author
    dated = {**env, "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email,
             "GIT_AUTHOR_DATE": f"@{when}", "GIT_COMMITTER_DATE": f"@{when}"}  # fmt: skip
    subprocess.run(["git", "-C", str(repo), "commit", "-qm", msg], check=True, env=dated)


def wall(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time, and CPU time (user + system of the process and the git it runs): on a
    shared machine the second is the steadier measure."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(  # not from a checkout: `python -c` puts the cwd first on sys.path
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=tempfile.gettempdir()
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", metavar="REV", help="also time the code of revision REV")
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "plbench")
    args = parser.parse_args()
    repo = str(make_repo(args.workdir))
    trees = {"current": str(HERE)}
    if args.against:
        trees[args.against] = str(export(args.against, args.workdir))
    commands = {name: [sys.executable, "-c", RUN_CLI, "check", repo] for name in trees}
    commands["python -c pass"] = [sys.executable, "-c", "pass"]
    envs = {}
    for name in commands:
        cache = args.workdir / f"cache-governance-{name.replace('/', '_')}"
        envs[name] = {**os.environ, "PYTHONPATH": trees.get(name, ""),
                      "POLICYLINT_CACHE_DIR": str(cache)}  # fmt: skip
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for name, cmd in commands.items():  # warm-up: page cache, policy cache, bytecode
        wall(cmd, envs[name])
        wall(cmd, envs[name])
    for _ in range(args.runs):
        for name, cmd in commands.items():
            samples[name].append(wall(cmd, envs[name]))
    medians = {
        name: (statistics.median(w for w, _ in values), statistics.median(c for _, c in values))
        for name, values in samples.items()
    }
    bare = medians["python -c pass"]
    print(f"community-health + governance, 5,000 files, 240 commits; median of {args.runs} runs")
    print(f"  {'':<20} {'wall':>9} {'cpu':>9}")
    for name, (elapsed, cpu) in medians.items():
        print(
            f"  {name:<20} {elapsed * 1000:7.1f}ms {cpu * 1000:7.1f}ms"
            f"  ({elapsed / bare[0]:.1f}x a bare start, wall)"
        )
    if args.against:
        (new_wall, new_cpu), (old_wall, old_cpu) = medians["current"], medians[args.against]
        print(
            f"  current / {args.against}: wall {new_wall / old_wall:.3f}, "
            f"cpu {new_cpu / old_cpu:.3f}"
        )


if __name__ == "__main__":
    main()
