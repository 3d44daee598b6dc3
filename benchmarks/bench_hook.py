"""Wall time of policylint's pre-commit hooks on a 5,000-file repository, through the real
pre-commit and directly, with baselines measured in the same run.

Builds a git repository of ``--files`` files with a policy (the built-in recommended pack, a
co-change rule, sign-off and Conventional Commits), installs this checkout's hooks the way a
user does (``repo:`` a snapshot of this working tree, ``language: python``: pre-commit builds
its environment with pip once, and that build is reported but not timed), then times,
interleaved so machine noise hits every command alike:

- baselines: ``python -c pass``, ``git status``, and ``pre-commit run`` of a hook that runs
  ``true`` (what pre-commit itself costs per hook stage);
- ``policylint check --staged`` and ``--commit-msg FILE`` run directly (console script);
- the ``policylint``, ``policylint-commit-msg`` and ``policylint-pre-push`` hooks through
  ``pre-commit run``;
- ``git commit`` with all hooks installed, and ``git commit --no-verify``.

    python benchmarks/bench_hook.py [--runs 11] [--files 5000] [--workdir DIR]

With ``--against REV``, only ``check --staged`` and ``check --commit-msg`` are timed (no
pre-commit), with this tree's code and with git revision REV's, started the same way
(``PYTHONPATH``, as ``bench_check.py --against`` does), interleaved in the same run, on a
staged change of code and its test: the ratio current / REV is what issue #12 bounds (1.35x
for judging the change against its base).

    python benchmarks/bench_hook.py --against HEAD~1 [--runs 31]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
POLICY = """\
extends: [builtin:recommended]
rules:
  tests-with-code:
    kind: co-change
    title: Code changes come with tests
    severity: error
    options: {if-changed: ["src/**"], require-changed: ["tests/**"]}
  dco:
    kind: sign-off
    title: Every commit is signed off (DCO)
    severity: error
  subjects:
    kind: commit-message
    title: Commit subjects are Conventional Commits headers
    severity: error
    options: {preset: conventional-commits}
"""
MESSAGE = "feat: change the code\n\nSigned-off-by: Bench <bench@example.org>\n"
HOOK_IDS = ("policylint", "policylint-commit-msg", "policylint-pre-push", "policylint-validate")


def git(repo: Path, *args: str, env: dict[str, str]) -> str:
    proc = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, check=True)
    return proc.stdout.decode()


def snapshot(target: Path, env: dict[str, str]) -> str:
    """This working tree (tracked and new files) committed to ``target``; its commit id."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard", env=env)
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    git(target, "init", "-q", env=env)
    git(target, "add", "-A", env=env)
    git(target, "commit", "-q", "--no-verify", "-m", "snapshot", env=env)
    return git(target, "rev-parse", "HEAD", env=env).strip()


def make_repo(repo: Path, count: int, config: str, env: dict[str, str]) -> None:
    """``count`` files in a nested tree, the policy and the pre-commit config, committed."""
    shutil.rmtree(repo, ignore_errors=True)
    for name in ("README.md", "LICENSE", "CONTRIBUTING.md", "SECURITY.md", "CODE_OF_CONDUCT.md"):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(f"# {name}\n")
    (repo / ".policylint.yaml").write_text(POLICY)
    (repo / ".pre-commit-config.yaml").write_text(config)
    for i in range(count - 7):
        top = ("src", "tests", "docs")[i % 3]
        path = repo / top / f"pkg{i % 20}" / f"mod{(i // 20) % 50}" / f"f{i}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"X = {i}\n")
    git(repo, "init", "-q", "-b", "main", env=env)
    git(repo, "add", "-A", env=env)
    git(repo, "commit", "-q", "-m", MESSAGE, env=env)


def stage_change(repo: Path, env: dict[str, str]) -> None:
    """A change the policy accepts: code with its test."""
    for name in ("src/pkg0/mod0/f0.py", "tests/pkg1/mod0/f1.py"):
        path = repo / name
        path.write_text(path.read_text() + "# more\n")
    git(repo, "add", "src", "tests", env=env)


def timed(command: list[str], repo: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=repo, env=env, capture_output=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        output = (proc.stdout + proc.stderr).decode("utf-8", "replace")
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}):\n{output}")
    return elapsed


def command_timer(command: list[str], repo: Path, env: dict[str, str]) -> Callable[[], float]:
    return lambda: timed(command, repo, env)


def commit_timer(repo: Path, env: dict[str, str], *flags: str) -> Callable[[], float]:
    """Times one ``git commit FLAGS`` of the staged change, then undoes it (untimed)."""

    def run() -> float:
        seconds = timed(["git", "commit", "-q", *flags, "-m", MESSAGE], repo, env)
        git(repo, "reset", "-q", "--soft", "HEAD~1", env=env)
        return seconds

    return run


def measure(runners: dict[str, Callable[[], float]], runs: int) -> dict[str, float]:
    """Median seconds of each runner; they take turns, after one warm-up round."""
    samples: dict[str, list[float]] = {name: [] for name in runners}
    for runner in runners.values():
        runner()
    for _ in range(runs):
        for name, runner in runners.items():
            samples[name].append(runner())
    return {name: statistics.median(values) for name, values in samples.items()}


def config_for(source: Path, rev: str) -> str:
    hooks = [{"id": hook_id} for hook_id in HOOK_IDS]
    noop: dict[str, object] = {"id": "noop", "name": "noop", "entry": "true", "language": "system"}
    noop |= {"pass_filenames": False, "always_run": True, "stages": ["manual"]}
    repos = [{"repo": str(source), "rev": rev, "hooks": hooks}, {"repo": "local", "hooks": [noop]}]
    return json.dumps({"repos": repos}, indent=1)


def runners(repo: Path, env: dict[str, str], message: Path) -> dict[str, Callable[[], float]]:
    policylint = str(Path(sys.executable).parent / "policylint")
    pre_commit = [sys.executable, "-m", "pre_commit", "run"]
    head = git(repo, "rev-parse", "HEAD", env=env).strip()
    parent = git(repo, "rev-parse", "HEAD~1", env=env).strip()
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "git status": ["git", "status", "--short"],
        "pre-commit run (a hook running `true`)": [*pre_commit, "--hook-stage", "manual", "noop"],
        "policylint check --staged": [policylint, "check", "--staged"],
        "policylint check --commit-msg FILE": [policylint, "check", "--commit-msg", str(message)],
        "pre-commit run policylint": [*pre_commit, "policylint"],
        "pre-commit run policylint-commit-msg": [
            *pre_commit,
            "--hook-stage",
            "commit-msg",
            "--commit-msg-filename",
            str(message),
            "policylint-commit-msg",
        ],
        "pre-commit run policylint-pre-push (1 commit)": [
            *pre_commit,
            "--hook-stage",
            "pre-push",
            "--from-ref",
            parent,
            "--to-ref",
            head,
            "policylint-pre-push",
        ],
    }
    # The hook's policylint is another install: it gets its own policy cache (one entry per
    # checkout, keyed by the install, so two installs sharing a directory evict each other).
    direct = {**env, "POLICYLINT_CACHE_DIR": env["POLICYLINT_CACHE_DIR"] + "-direct"}
    timers = {
        name: command_timer(command, repo, direct if command[0] == policylint else env)
        for name, command in commands.items()
    }
    timers["git commit --no-verify"] = commit_timer(repo, env, "--no-verify")
    timers["git commit (all hooks)"] = commit_timer(repo, env)
    return timers


RUN_CLI = "import sys; from policylint.cli import main; sys.exit(main())"


def against(args: argparse.Namespace, env: dict[str, str]) -> None:
    """``check --staged`` and ``--commit-msg`` with this tree and REV's, side by side."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_check import export

    old = export(args.against, args.workdir)
    repo = args.workdir / f"repo-{args.files}-against"
    make_repo(repo, args.files, "repos: []\n", env)
    git(repo, "commit", "-q", "--no-verify", "--allow-empty", "-m", MESSAGE, env=env)
    stage_change(repo, env)
    message = args.workdir / "COMMIT_EDITMSG"
    message.write_text(MESSAGE)
    timers: dict[str, Callable[[], float]] = {}
    for label, extra in (
        ("check --staged", ["--staged"]),
        ("check --commit-msg", ["--commit-msg", str(message)]),
    ):
        for tree in (ROOT, old):
            tree_env = {
                **env,
                "PYTHONPATH": str(tree),
                "POLICYLINT_CACHE_DIR": f"{env['POLICYLINT_CACHE_DIR']}-{tree.name}",
            }
            timers[f"{label}|{tree}"] = command_timer(
                [sys.executable, "-c", RUN_CLI, "check", *extra], repo, tree_env
            )
    medians = measure(timers, args.runs)
    print(
        f"current ({ROOT}) against {args.against} ({old.name}), {args.files} files, "
        f"median of {args.runs} runs"
    )
    print(f"{'command':<24} {'current':>9} {'REV':>9}  {'ratio':>6}")
    for label in ("check --staged", "check --commit-msg"):
        new, before = medians[f"{label}|{ROOT}"], medians[f"{label}|{old}"]
        print(f"{label:<24} {new * 1000:>7.1f}ms {before * 1000:>7.1f}ms  {new / before:>6.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "plhook")
    parser.add_argument("--against", metavar="REV", help="time this tree's code against REV's")
    args = parser.parse_args()
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(args.workdir / "pre-commit-home")}
    env["POLICYLINT_CACHE_DIR"] = str(args.workdir / "cache")
    for key in ("NO_COLOR", "PYTHONDONTWRITEBYTECODE", "GIT_DIR", "GIT_INDEX_FILE"):
        env.pop(key, None)
    if args.against is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        against(args, env)
        return
    rev = snapshot(args.workdir / "source", env)
    repo = args.workdir / f"repo-{args.files}"
    make_repo(repo, args.files, config_for(args.workdir / "source", rev), env)
    types = [arg for kind in ("pre-commit", "commit-msg", "pre-push") for arg in ("-t", kind)]
    timed([sys.executable, "-m", "pre_commit", "install", *types], repo, env)
    start = time.perf_counter()
    timed([sys.executable, "-m", "pre_commit", "install-hooks"], repo, env)
    print(f"pre-commit environment built with pip in {time.perf_counter() - start:.1f}s (once)")
    git(repo, "commit", "-q", "--no-verify", "--allow-empty", "-m", MESSAGE, env=env)
    stage_change(repo, env)
    message = args.workdir / "COMMIT_EDITMSG"
    message.write_text(MESSAGE)
    medians = measure(runners(repo, env, message), args.runs)
    base = medians["python -c pass"]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {args.files} files, "
          f"median of {args.runs} runs")  # fmt: skip
    print(f"{'command':<46} {'median':>9}  {'x python -c pass':>16}")
    for name, seconds in medians.items():
        print(f"{name:<46} {seconds * 1000:>7.1f}ms  {seconds / base:>15.2f}x")


if __name__ == "__main__":
    main()
