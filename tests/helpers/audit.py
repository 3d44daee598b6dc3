"""``policylint audit`` run in this process on directories of real checkouts."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path
from typing import Any

from policylint.commands import audit as command
from tests.helpers.cli import run_policylint
from tests.helpers.repos import HEALTHY, MakeRepo, git, write_files

OWN_POLICY = """\
extends: [builtin:recommended]
rules:
  changelog: off
"""


Row = dict[str, Any]


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="policylint audit")
    command.add_arguments(parser)
    return parser.parse_args(list(argv))


def audit(journal: Path, *argv: str) -> tuple[int, list[Row]]:
    """Run the audit in this process (its workers are real processes); the exit code and the
    journal's rows."""
    code = command.run(parse(*argv, "--journal", str(journal), "--no-progress"))
    return code, read_journal(journal)


def read_journal(journal: Path) -> list[Row]:
    return [json.loads(line) for line in journal.read_text("utf-8").splitlines()]


def by_name(rows: list[Row]) -> dict[str, Row]:
    return {row["name"]: row for row in rows}


def check_json(repo: Path, *args: str) -> Any:
    """What ``policylint check --format json`` says about ``repo`` as a checkout (an audit
    evaluates checkouts: no pull request, even when it runs in a CI job)."""
    proc = run_policylint("check", str(repo), "--format", "json", "--no-ci", *args)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def org(make_repo: MakeRepo, base: Path) -> Path:
    """A directory of checkouts: healthy, bare (README only), own policy, and plain files."""
    make_repo(HEALTHY, name="org/healthy")
    make_repo({"README.md": "# bare\n"}, name="org/bare")
    make_repo({**HEALTHY, ".policylint.yaml": OWN_POLICY}, name="org/own")
    make_repo({"README.md": "# plain\n", "src/a.py": ""}, name="org/plain", use_git=False)
    (base / "org" / "empty").mkdir()  # holds nothing: not a repository
    return base / "org"


def add_files(repo: Path, files: dict[str, str]) -> None:
    write_files(repo, files)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "more")


def copies(templates: list[Path], into: Path, count: int) -> list[Path]:
    """``count`` copies of the templates in turn: many real checkouts, made fast."""
    made = []
    for number in range(count):
        target = into / f"repo{number:04d}"
        shutil.copytree(templates[number % len(templates)], target, symlinks=True)
        made.append(target)
    return made
