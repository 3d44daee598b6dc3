"""``policylint validate``: every problem of policy files, with file:line:col."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from policylint.commands.options import work_tree, write_error, write_stdout
from policylint.errors import EXIT_OK, EXIT_USAGE, UsageError
from policylint.loading import find_config, validate_files


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="*", type=Path, help="policy files (default: ./.policylint.yaml or .yml)"
    )


def run(args: argparse.Namespace) -> int:
    if args.files:
        files = args.files
    else:  # the checkout's policy file, from anywhere inside it (as check finds it)
        root = work_tree(os.getcwd())
        default = find_config(root)
        if default is None:
            raise UsageError(f"no .policylint.yaml or .policylint.yml in {root}")
        files = [Path(os.path.relpath(default))]
    for file in files:
        if file.is_dir():
            raise UsageError(f"{file}: a directory, not a policy file")
        if not file.is_file():
            raise UsageError(f"{file}: no such policy file")
    problems = validate_files(files)
    for problem in problems:
        write_error(problem)
    if problems:
        return EXIT_USAGE
    write_stdout(f"{len(files)} policy file(s) valid\n")
    return EXIT_OK
