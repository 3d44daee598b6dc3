"""``policylint completion SHELL``: the shell completion script for bash, zsh or fish.

The script is generated from the whole argument parser by shtab, a static script that
completes sub-commands, options and their choices without running policylint at each TAB.
shtab is imported only here, never on the hook path.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import Any

from policylint.commands.options import write_stdout
from policylint.errors import EXIT_OK

SHELLS = ("bash", "zsh", "fish")
# Which arguments complete file and directory names, by metavar or destination.
FILE_NAMES = frozenset({"FILE", "PATH", "config", "output", "files"})
DIRECTORY_NAMES = frozenset({"DIR", "path"})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("shell", choices=SHELLS, help="the shell to print the script for")


def run(args: argparse.Namespace) -> int:
    import shtab

    parser: argparse.ArgumentParser = args.build_parser(None)  # every sub-command's options
    for action in _actions(parser):
        names = {action.metavar, action.dest}
        if names & FILE_NAMES:
            action.complete = shtab.FILE  # type: ignore[attr-defined]
        elif names & DIRECTORY_NAMES:
            action.complete = shtab.DIRECTORY  # type: ignore[attr-defined]
    write_stdout(shtab.complete(parser, shell=args.shell))
    return EXIT_OK


def _actions(parser: argparse.ArgumentParser) -> Iterator[argparse.Action]:
    """Every argument of ``parser`` and of its sub-commands."""
    for action in parser._actions:
        yield action
        choices: Any = action.choices
        if isinstance(action, argparse._SubParsersAction):
            for sub in choices.values():
                yield from _actions(sub)
