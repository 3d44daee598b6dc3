"""``policylint test [PATH...]``: run policy unit tests (docs/policy-tests.md).

Exit codes: 0 every expectation holds; 1 an expectation does not; 2 a test file (or the policy
it names) is invalid — every problem is reported, with file:line:col, and nothing runs — or
no test ran at all (no test file found, or ``-k`` selected no case): never a silent pass.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from policylint.commands.options import checkout_root, write_error, write_stdout
from policylint.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE, SpecError, UsageError
from policylint.git import isolated
from policylint.policytest.report import render_json, render_text
from policylint.policytest.run import load_test_policy, run_file
from policylint.policytest.spec import load_spec

if TYPE_CHECKING:
    from policylint.model import Policy
    from policylint.policytest.records import Case, SpecFile
    from policylint.policytest.run import FileRun

DEFAULT_DIRECTORIES = (".policylint/tests", "policies/tests")
SUFFIXES = (".test.yaml", ".test.yml")


class Loaded(NamedTuple):
    """A valid test file, its policy and the cases selected to run."""

    spec: SpecFile
    policy: Policy
    cases: tuple[Case, ...]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="test files, or directories searched for *.test.yaml (default: .policylint/tests "
        "and policies/tests of the checkout around the current directory)",
    )
    parser.add_argument(
        "-k",
        dest="select",
        metavar="SUBSTRING",
        help="run only the cases whose name contains SUBSTRING (ignoring case)",
    )
    parser.add_argument("-f", "--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    files = find_test_files(args.paths)
    with isolated(), _workdir() as workdir:
        loaded, problems = _load_all(files, workdir, args.select)
        if problems:
            return _invalid(problems)
        if not any(item.cases for item in loaded):
            raise UsageError(_nothing_selected(loaded, args.select))
        runs = _run_all(loaded, workdir)
    write_stdout(_render(args.format, runs))
    return EXIT_FAILED if any(not j.ok for r in runs for j in r.judged) else EXIT_OK


def find_test_files(paths: list[str]) -> list[tuple[Path, str]]:
    """Test files (path, how to show it) in ``paths``, or the default directories; raises
    ``UsageError`` for a missing path and when there is no test file at all."""
    if not paths:
        root = checkout_root(None)
        places = [os.path.join(root, d) for d in DEFAULT_DIRECTORIES]
        searched = [_shown(place) for place in places]
        found = [f for place in places if os.path.isdir(place) for f in _search(place)]
    else:
        missing = [path for path in paths if not os.path.exists(path)]
        if missing:
            raise UsageError(f"no such file or directory: {', '.join(missing)}")
        searched = paths
        found = [f for path in paths for f in (_search(path) if os.path.isdir(path) else [path])]
    if not found:
        raise UsageError(f"no test files (*.test.yaml) in {' or '.join(searched)}: no test ran")
    unique = {os.path.realpath(f): f for f in reversed(found)}  # the first spelling wins
    return [(Path(f), _shown(f)) for f in reversed(unique.values())]


def _search(directory: str) -> list[str]:
    found = []
    for parent, subdirs, names in os.walk(directory):
        subdirs[:] = sorted(d for d in subdirs if d != ".git")
        found += [os.path.join(parent, n) for n in sorted(names) if n.endswith(SUFFIXES)]
    return found


def _shown(path: str) -> str:
    """``path`` relative to the current directory when it lies below it."""
    relative = os.path.relpath(os.path.abspath(path))
    return path if relative.startswith("..") else relative


def _workdir() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="policylint-test-")


def _load_all(
    files: list[tuple[Path, str]], workdir: str, select: str | None
) -> tuple[list[Loaded], list[str]]:
    """Every file loaded (its policy too) with its selected cases, or every problem."""
    loaded, problems = [], []
    for path, shown in files:
        try:
            spec = load_spec(path, shown)
            policy = load_test_policy(spec, path, workdir)
        except SpecError as exc:
            problems += exc.problems
            continue
        wanted = (select or "").casefold()
        cases = tuple(case for case in spec.cases if wanted in case.name.casefold())
        loaded.append(Loaded(spec, policy, cases))
    return loaded, problems


def _invalid(problems: list[str]) -> int:
    for problem in problems:
        write_error(problem)
    sys.stderr.write("policylint: invalid test files: no test ran\n")
    return EXIT_USAGE


def _nothing_selected(loaded: list[Loaded], select: str | None) -> str:
    total = sum(len(item.spec.cases) for item in loaded)
    return (
        f"no test ran: -k {select!r} matches none of the {total} case(s) in {len(loaded)} file(s)"
    )


def _run_all(loaded: list[Loaded], workdir: str) -> list[FileRun]:
    now = time.time()
    return [
        run_file(item.spec, item.policy, item.cases, workdir, now) for item in loaded if item.cases
    ]


def _render(name: str, runs: list[FileRun]) -> str:
    return render_json(runs) if name == "json" else render_text(runs)
