"""Replay the release notes of projects that use reno: ``reno lint`` against the
``release-notes-reno`` pack's ``release-note-sections`` rule (a ``.policylint.yaml`` with
nothing but ``extends``), on the notes as they stood after each change that touched them.

``reno lint`` reads only the working tree (the notes and the configuration) but scans the
whole git history first (12 s on Keystone), so each state is replayed in a one-commit scratch
repository holding ``releasenotes/`` and ``reno.yaml`` as of that change: both tools read the
same files. ``--synthetic`` adds hand-written malformed and unusual notes (YAML errors, a list,
an empty note, duplicate ids, quoted keys, flow style, a custom section). Prints the agreement
table and every disagreement. reno is installed into a virtual environment of its own
(``--venv``) from PyPI on first use.

    git clone --mirror https://opendev.org/openstack/keystone /tmp/m/keystone   # and others
    python benchmarks/replay_reno.py /tmp/m/keystone /tmp/m/oslo.config --count 60 --synthetic
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

from replay_support import Tally, changes, clone, git, pack_policy, scratch_dir

from policylint.engine import evaluate
from policylint.facts import Facts
from policylint.facts.repo import Repo

SYNTHETIC = {
    "yaml-error": "fixes:\n  - [unclosed\n",
    "a-list": "- Fixed.\n",
    "empty": "",
    "comment-only": "# nothing\n",
    "unknown-section": "feature:\n  - Widgets.\n",
    "quoted-keys": "'features': ['A.']\n\"fixes\": B.\n",
    "flow-style": "{features: [A.], other: [B.]}\n",
    "prelude-string": "prelude: >\n  The release.\nfixes: [A.]\n",
    "tab-indent": "fixes:\n\t- A.\n",
    "two-documents": "fixes: [A.]\n---\nother: [B.]\n",
    "scalar": "just text\n",
    "bom": "\ufefffixes: [A.]\n",
}
# Notes reno lint passes with a warning that policylint fails, deliberately (docs/peers.md):
# reno's report drops or mangles them.
DIFFERENT = {
    "a-number-item": "fixes:\n  - 1.5\n",
    "an-empty-section": "fixes:\nother: [A.]\n",
    "a-mapping-prelude": "prelude:\n  a: b\n",
    "duplicate-keys": "fixes: [A.]\nfixes: [B.]\n",
}
CUSTOM = (
    "sections:\n  - [features, New Features]\n  - [features_core, Core Features]\n"
    "  - [fixes, Bug Fixes]\n  - [other, Other]\n"
)


def peer(venv: Path, spec: str) -> Path:
    exe = venv / "bin" / "reno"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", spec], check=True)
    return exe


def state(work: Path, sha: str, target: Path) -> None:
    """``releasenotes/`` and ``reno.yaml`` of ``sha``, committed alone in ``target``."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    paths = [p for p in ("releasenotes", "reno.yaml") if git(work, "ls-tree", sha, p).strip()]
    archive = subprocess.run(
        ["git", "-C", str(work), "archive", sha, *paths], capture_output=True, check=True
    )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    commit_all(target)
    # reno stops when the configuration's earliest_version names no tag: give the one-commit
    # repository that tag (the real history has it; lint does not read it otherwise)
    for config in (target / "releasenotes" / "config.yaml", target / "reno.yaml"):
        if config.exists():
            for line in config.read_text(errors="replace").splitlines():
                if line.startswith("earliest_version:"):
                    tag = line.split(":", 1)[1].strip().strip("'\"")
                    if tag:
                        git(target, "tag", "-f", tag)


def commit_all(target: Path) -> None:
    if not (target / ".git").exists():
        git(target, "init", "-q")
    git(target, "add", "-A")
    git(
        target,
        "-c",
        "user.name=r",
        "-c",
        "user.email=r@example.org",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "state",
    )


def judge(reno: Path, policy: object, target: Path) -> tuple[bool, str, bool, list[str]]:
    proc = subprocess.run([str(reno), "lint"], cwd=target, capture_output=True, text=True)
    said = [line for line in proc.stderr.splitlines() if line and not line.startswith(" ")]
    result = evaluate(policy, Facts(Repo(str(target)), now=time.time()))  # type: ignore[arg-type]
    rule = [f.message for f in result.findings if f.rule == "release-note-sections"]
    failed = any(
        o.rule == "release-note-sections" and o.status in ("fail", "error") for o in result.outcomes
    )
    return proc.returncode != 0, " | ".join(said[-2:]), failed, rule[:3]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mirrors", nargs="+")
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--synthetic", action="store_true")
    parser.add_argument("--scratch")
    parser.add_argument("--venv", default="/tmp/policylint-peers/reno")
    parser.add_argument("--reno", default="reno==4.1.0")
    args = parser.parse_args()
    scratch = scratch_dir(args.scratch)
    reno = peer(Path(args.venv), args.reno)
    policy = pack_policy("release-notes-reno", scratch)
    tally = Tally("reno lint")
    target = scratch / "reno-state"
    for mirror in args.mirrors:
        work = clone(mirror, scratch)
        for change in changes(work, args.count, paths=["releasenotes/notes"]):
            state(work, change.head, target)
            peer_failed, said, failed, ours = judge(reno, policy, target)
            detail = f"{change.label}\n    reno: {said}\n    policylint: {ours}"
            tally.add(work.name, change.head[:12], peer_failed, failed, detail)
    if args.synthetic:
        for name, text in SYNTHETIC.items():
            for config in ("", CUSTOM):
                shutil.rmtree(target, ignore_errors=True)
                notes = target / "releasenotes" / "notes"
                notes.mkdir(parents=True)
                (notes / "ok-0123456789abcdef.yaml").write_text("fixes: [Fine.]\n")
                (notes / f"{name}-fedcba9876543210.yaml").write_text(text)
                if config:
                    (target / "releasenotes" / "config.yaml").write_text(config)
                    (notes / "core-1111222233334444.yaml").write_text("features_core: [A.]\n")
                commit_all(target)
                peer_failed, said, failed, ours = judge(reno, policy, target)
                item = name + (" (custom sections)" if config else "")
                tally.add(
                    "synthetic", item, peer_failed, failed, f"reno: {said}\n    policylint: {ours}"
                )
        for name, text in DIFFERENT.items():
            shutil.rmtree(target, ignore_errors=True)
            notes = target / "releasenotes" / "notes"
            notes.mkdir(parents=True)
            (notes / f"{name}-fedcba9876543210.yaml").write_text(text)
            commit_all(target)
            peer_failed, said, failed, ours = judge(reno, policy, target)
            detail = f"reno: {said}\n    policylint: {ours}"
            tally.add("synthetic, documented differences", name, peer_failed, failed, detail)
        for dup in ("same-id",):
            shutil.rmtree(target, ignore_errors=True)
            notes = target / "releasenotes" / "notes"
            notes.mkdir(parents=True)
            (notes / "a-0123456789abcdef.yaml").write_text("fixes: [A.]\n")
            (notes / "b-0123456789abcdef.yaml").write_text("fixes: [B.]\n")
            commit_all(target)
            peer_failed, said, failed, ours = judge(reno, policy, target)
            tally.add(
                "synthetic", dup, peer_failed, failed, f"reno: {said}\n    policylint: {ours}"
            )
    tally.print()


if __name__ == "__main__":
    main()
