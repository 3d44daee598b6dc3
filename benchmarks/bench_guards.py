"""Time how fast hostile input is refused: each case through the real ``policylint`` command.

The issue's promise: a billion-laughs YAML, a 50 MB file, a ``!!python/object`` tag and a CEL
expression nested 10,000 deep each get a clear error in under a second, exit 2. Also timed: a
file-content rule over Markdown lines built to make backtracking parsers take minutes.

    python benchmarks/bench_guards.py [--runs 5]
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

LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 10)}]\n"
    for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)
DEEP_CEL = (
    "rules:\n  r:\n    kind: expr\n    title: R\n    severity: error\n    options:\n"
    f"      assert: '{'(' * 10_000}true{')' * 10_000}'\n      message: m\n"
)
MARKUP = (
    "rules:\n  r:\n    kind: file-content\n    title: R\n    severity: error\n"
    "    options: {globs: ['*.md'], headings: [Nope], all-files: true}\n"
)
CASES = {
    "billion laughs": (LAUGHS, {}, 2),
    "50 MB policy file": (None, {}, 2),
    "!!python/object tag": ("rules: !!python/object/apply:os.system ['true']\n", {}, 2),
    "CEL nested 10,000 deep": (DEEP_CEL, {}, 2),
    "hostile Markdown, 4 x 200,000 chars": (
        MARKUP,
        {
            f"doc{i}.md": text + "\n"
            for i, text in enumerate(
                ["# x" + " " * 200_000 + "y", "# " + "[" * 200_000, "# " + "[a](" * 50_000]
            )
        },
        1,
    ),
}


def prepare(root: Path, name: str, policy: str | None, files: dict[str, str]) -> Path:
    repo = root / name.replace(" ", "-").replace("/", "-").replace("!", "")
    repo.mkdir()
    (repo / "README.md").write_text("# x\n")
    for file, text in files.items():
        (repo / file).write_text(text)
    config = repo / ".policylint.yaml"
    if policy is None:
        with config.open("wb") as stream:
            stream.truncate(50 * 1024 * 1024)
    else:
        config.write_text(policy)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    return repo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    script = Path(sys.executable).parent / "policylint"
    env = {**os.environ, "POLICYLINT_CACHE_DIR": tempfile.mkdtemp()}
    print(f"{'case':<38} {'exit':>4} {'median':>9}  first line of the message")
    with tempfile.TemporaryDirectory() as scratch:
        for name, (policy, files, expected) in CASES.items():
            repo = prepare(Path(scratch), name, policy, files)
            times, proc = [], None
            for _ in range(args.runs):
                start = time.perf_counter()
                proc = subprocess.run(
                    [str(script), "check", "--no-cache", str(repo)],
                    capture_output=True, text=True, env=env,
                )  # fmt: skip
                times.append(time.perf_counter() - start)
            assert proc is not None
            if proc.returncode != expected:
                raise SystemExit(f"{name}: exit {proc.returncode}, expected {expected}")
            first = (proc.stderr or proc.stdout).splitlines()[0][:90]
            median = statistics.median(times) * 1000
            print(f"{name:<38} {proc.returncode:>4} {median:>7.0f}ms  {first}")


if __name__ == "__main__":
    main()
