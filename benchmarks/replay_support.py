"""What the replays share (benchmarks/replay_*.py): checkouts of local mirrors, the changes of a
history, policylint's verdict on one, and the agreement table with every disagreement.

A mirror is any git repository (a bare mirror, a clone): the replays clone it into a scratch
directory and never write to it. Obtain one with ``git clone --mirror https://github.com/O/R``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from policylint.engine import evaluate
from policylint.facts import Facts
from policylint.facts.change import read_range
from policylint.facts.repo import Repo
from policylint.loading import load_policy
from policylint.model import Policy

GIT_ENV = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0"}


def git(work: str | Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", "-C", str(work), *args], capture_output=True, text=True, env=GIT_ENV, check=True
    )
    return proc.stdout


def clone(mirror: str, scratch: Path) -> Path:
    """A working clone of ``mirror`` under ``scratch`` (objects shared, nothing copied)."""
    name = Path(mirror.rstrip("/")).parent.name if mirror.rstrip("/").endswith("/repo") else ""
    work = scratch / (name or Path(mirror).name).replace("+", "_")
    if not work.exists():
        subprocess.run(
            ["git", "clone", "-q", "--shared", "--no-checkout", mirror, str(work)],
            check=True,
            env=GIT_ENV,
        )
    return work


def checkout(work: Path, sha: str) -> None:
    git(work, "checkout", "-q", "-f", "--detach", sha)
    git(work, "clean", "-q", "-f", "-d", "-x")


class Change(NamedTuple):
    base: str
    head: str
    label: str  # the subject of the merge or commit


def changes(
    work: Path, count: int, *, ref: str = "HEAD", paths: Iterable[str] = ()
) -> list[Change]:
    """The newest ``count`` changes of ``ref``'s first-parent history: a merge is its second
    parent against its first (a merged pull request), another commit itself against its parent."""
    out = git(
        work, "log", "--first-parent", "--format=%H %P%x00%s", f"-n{count}", ref, "--", *paths
    )
    found = []
    for line in out.splitlines():
        ids, _, subject = line.partition("\0")
        sha, *parents = ids.split()
        if not parents:
            continue
        head = parents[1] if len(parents) > 1 else sha
        found.append(Change(parents[0], head, subject[:70]))
    return found


def pack_policy(pack: str, scratch: Path) -> Policy:
    """The built-in ``pack``, as a project whose .policylint.yaml only extends it loads it."""
    config = scratch / f"{pack}.policylint.yaml"
    config.write_text(f"extends: [builtin:{pack}]\n")
    return load_policy(str(config), root=str(scratch), use_cache=False)


def verdict(policy: Policy, work: Path, base: str, head: str) -> tuple[bool, list[str]]:
    """policylint's verdict on ``base...head`` at the checkout ``work`` (at ``head``): failed,
    and the messages of the failing findings and skipped rules."""
    change, commits = read_range(str(work), base, head)
    facts = Facts(Repo(str(work)), change=change, commits=commits, now=time.time())
    result = evaluate(policy, facts)
    messages = [f"{f.rule}: {f.message}" for f in result.findings if f.status != "exempted"]
    skipped = [f"{o.rule}: skipped: {o.reason}" for o in result.outcomes if o.status == "skipped"]
    return result.failed(), messages + skipped


class Tally:
    """Verdict pairs per project, printed as the agreement table and every disagreement."""

    def __init__(self, peer: str) -> None:
        self.peer = peer
        self.rows: dict[str, list[int]] = {}
        self.differences: list[str] = []

    def add(
        self, project: str, item: str, peer_failed: bool, ours_failed: bool, detail: str
    ) -> None:
        row = self.rows.setdefault(
            project, [0, 0, 0, 0, 0]
        )  # total, agree, peer only, ours only, peer fails
        row[0] += 1
        row[4] += peer_failed
        if peer_failed == ours_failed:
            row[1] += 1
            return
        row[2 if peer_failed else 3] += 1
        who = (
            f"{self.peer} fails, policylint passes"
            if peer_failed
            else f"policylint fails, {self.peer} passes"
        )
        self.differences.append(f"- {project} {item}: {who}\n    {detail.strip()}")

    def print(self) -> float:
        total = [sum(row[i] for row in self.rows.values()) for i in range(5)]
        peer = self.peer
        columns = ["project", "judged", f"{peer} fails", "agree", f"only {peer} fails"]
        print("\n| " + " | ".join([*columns, "only policylint fails"]) + " |")
        print("|---|---:|---:|---:|---:|---:|")
        for project, row in [*self.rows.items(), ("all", total)]:
            share = 100.0 * row[1] / row[0] if row[0] else 100.0
            cells = [project, row[0], row[4], f"{row[1]} ({share:.1f}%)", row[2], row[3]]
            print("| " + " | ".join(map(str, cells)) + " |")
        print(f"\n{len(self.differences)} disagreement(s)")
        for line in self.differences:
            print(line)
        sys.stdout.flush()
        return 100.0 * total[1] / total[0] if total[0] else 100.0


def scratch_dir(given: str | None) -> Path:
    path = Path(given) if given else Path(tempfile.gettempdir()) / "policylint-replays"
    path.mkdir(parents=True, exist_ok=True)
    return path
