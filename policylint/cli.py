"""The command line: the table of sub-commands, the one error boundary and the exit codes.

Each sub-command is a module of ``policylint.commands`` with ``add_arguments(parser)`` and
``run(args) -> int``, listed once in ``COMMANDS``; only the one being run is imported (the
hook runs ``check`` on every commit). Exit codes: 0 no finding at or above ``fail-on``; 1
findings at or above it; 2 a usage, configuration or environment error (the message says what
and where); 3 an internal error (a bug: the traceback is printed, please report it).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NamedTuple, Protocol

from policylint import __version__
from policylint.commands.options import Parser, flush_stdout, write_error
from policylint.errors import EXIT_INTERNAL, EXIT_USAGE, PolicylintError
from policylint.registry import Registry


class Command(Protocol):
    """A sub-command module."""

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


class CommandInfo(NamedTuple):
    """A row of ``COMMANDS``: the module (in ``policylint.commands``), the one-line help and
    the description ``--help`` shows."""

    module: str
    help: str
    description: str = ""


COMMANDS: dict[str, CommandInfo] = {
    "check": CommandInfo(
        "check",
        "evaluate the policy on a checkout (and a change)",
        "Evaluate the effective policy (.policylint.yaml at the checkout root, or the "
        "built-in 'recommended' pack) on a checkout, and on a change when there is one, and "
        "report the findings.",
    ),
    "validate": CommandInfo(
        "validate",
        "validate policy files",
        "Validate policy files and report every problem with file:line:col.",
    ),
    "rules": CommandInfo("rules", "list the effective rules of a checkout"),
    "explain": CommandInfo("explain", "show the documentation of a rule or check kind"),
    "schema": CommandInfo("schema", "print the JSON Schema of policy files (for editors)"),
    "test": CommandInfo(
        "test",
        "run policy unit tests (*.test.yaml)",
        "Run policy unit tests: build each case's repository, evaluate the policy and compare "
        "every rule's outcome with the expected one. Exit codes: 0 all hold, 1 a mismatch, 2 "
        "invalid test files or no test ran.",
    ),
    "audit": CommandInfo(
        "audit",
        "evaluate many repositories and report on all of them",
        "Audit many repositories (directories of checkouts, manifests, git URLs) and write a "
        "summary, CSV, JSON, a self-contained HTML report and SARIF per repository.",
    ),
    "init": CommandInfo(
        "init",
        "write a .policylint.yaml that fits the checkout",
        "Write a commented .policylint.yaml whose packs fit what the checkout already does "
        "(release-note style, sign-offs, Conventional Commits, carried patches, governance). "
        "Never overwrites an existing one without --force.",
    ),
    "fix": CommandInfo(
        "fix",
        "create missing community files from templates",
        "Create the community files the checkout lacks (CONTRIBUTING, CODE_OF_CONDUCT, "
        "SECURITY, GOVERNANCE, MAINTAINERS) from templates, and list what is left to fill in. "
        "Never overwrites an existing file.",
    ),
}

MODULES: Registry[Command] = Registry("policylint.commands", COMMANDS, lambda info: info.module)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    try:
        parser = build_parser(next((a for a in arguments if not a.startswith("-")), None))
        args = parser.parse_args(arguments)
        if not hasattr(args, "run"):
            parser.print_help()
            return EXIT_USAGE
        code: int = args.run(args)
        flush_stdout()  # a write error is reported here, not lost at the interpreter's exit
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the one error boundary
        return report_error(exc)
    return code


def report_error(exc: Exception) -> int:
    """A user error's problems (exit 2), or a bug's traceback (exit 3)."""
    if isinstance(exc, PolicylintError):
        for problem in exc.problems:
            write_error(problem)
        return EXIT_USAGE
    if isinstance(exc, OSError) and exc.filename is not None:
        write_error(f"{exc.filename}: {exc.strerror}")
        return EXIT_USAGE
    import traceback

    traceback.print_exc()
    write_error(
        f"policylint {__version__}: internal error (a bug); please report it with the above."
    )
    return EXIT_INTERNAL


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``command`` known, only that sub-command's module is imported
    and its options built (argparse costs about 1 ms a sub-command)."""
    parser = Parser(
        prog="policylint",
        description="Policy-as-code linter for contribution workflows.",
        epilog="Exit codes: 0 pass, 1 findings at or above fail-on, 2 usage or configuration "
        "error, 3 internal error.",
    )
    parser.add_argument("--version", action="version", version=f"policylint {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser)
    for name, info in COMMANDS.items():
        if command in (None, name) or command not in COMMANDS:
            module = MODULES.load(name)
            described = info.description or None
            command_parser = sub.add_parser(name, help=info.help, description=described)
            module.add_arguments(command_parser)
            command_parser.set_defaults(run=module.run)
    return parser
