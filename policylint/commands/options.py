"""What the sub-commands share: the argument parser class, the policy options, the checkout
root, the policy they load and how they write to stdout and stderr."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from policylint.errors import OutputError, UsageError

if TYPE_CHECKING:
    from policylint.model import Policy

ROOT_HELP = "the checkout (default: the git work tree around the current directory, else .)"


class Formatter(argparse.HelpFormatter):
    """argparse's formatter without its ``shutil`` import (``shutil`` pulls in the compression
    modules: about 3 ms on every run, for a terminal width only ``--help`` needs)."""

    def __init__(self, prog: str) -> None:
        columns = os.environ.get("COLUMNS", "")
        try:
            width = int(columns) if columns.isdigit() else os.get_terminal_size().columns
        except OSError:  # not a terminal
            width = 80
        super().__init__(prog, width=max(width - 2, 40))


class Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)
        self.nested: dict[str, Callable[[argparse.ArgumentParser], None]] = {}

    def add_nested(
        self, name: str, add_arguments: Callable[[argparse.ArgumentParser], None]
    ) -> None:
        """A command of this command (``policylint audit report``), chosen when its name is
        the first argument; its own options are built only then."""
        self.nested[name] = add_arguments

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        given = list(sys.argv[1:] if args is None else args)
        if given and given[0] in self.nested:
            child = Parser(prog=f"{self.prog} {given[0]}")
            self.nested[given[0]](child)
            return child.parse_known_args(given[1:], namespace)
        return super().parse_known_args(given, namespace)

    def _print_message(self, message: str, file: Any = None) -> None:
        if file is None or file is sys.stdout:  # --help, --version: failures are OutputError
            if message:
                write_stdout(message)
            return
        super()._print_message(message, file)


def add_policy_options(parser: argparse.ArgumentParser) -> None:
    # Plain strings, not type=Path: pathlib costs about 3 ms, and ``check`` runs on every commit.
    parser.add_argument("-c", "--config", help="policy file (default: PATH/.policylint.yaml)")
    parser.add_argument(
        "--no-cache", action="store_true", help="re-read and re-validate the policy every time"
    )
    parser.add_argument(
        "--policy-ref",
        metavar="REF",
        help="read the policy (and the local packs it extends) from the git commit REF, never "
        "from the working tree, so a change cannot weaken the gate that judges it; -c is then "
        "a path inside REF",
    )


def load_policy_for(args: argparse.Namespace, root: str) -> Policy:
    from policylint.loading import find_config, load_policy

    if args.policy_ref is not None:  # the trusted policy: git objects at REF, never the work tree
        return load_policy(args.config, root=root, use_cache=not args.no_cache, ref=args.policy_ref)
    config = args.config if args.config is not None else find_config(root)
    if args.config is not None and not os.path.isfile(args.config):
        from pathlib import Path  # named as before, when argparse made it a Path: x/./y -> x/y

        raise UsageError(f"{Path(args.config)}: no such policy file")
    return load_policy(config, root=root, use_cache=not args.no_cache)


def checkout_root(path: str | None) -> str:
    """The checkout to check: ``path`` as given, or the git work tree around the current
    directory, so that ``policylint check`` in ``docs/`` checks the whole repository."""
    if path is None:
        return work_tree(os.getcwd())
    if not os.path.isdir(path):
        raise UsageError(f"{path}: not a directory")
    return path


def work_tree(here: str) -> str:
    """The nearest of ``here`` (absolute) and its parents that holds ``.git``, else ``here``."""
    directory = here
    while not os.path.exists(os.path.join(directory, ".git")):
        parent = os.path.dirname(directory)
        if parent == directory:
            return here
        directory = parent
    return directory


def write_stdout(text: str) -> None:
    """``text`` on stdout, now; ``OutputError`` when it cannot be written."""
    try:
        sys.stdout.buffer.write(text.encode("utf-8", "backslashreplace"))
    except OSError as exc:
        raise output_error(exc) from None
    flush_stdout()


def flush_stdout() -> None:
    """Writes what stdout holds; ``OutputError`` when it cannot be written."""
    try:
        sys.stdout.flush()
    except OSError as exc:
        raise output_error(exc) from None


def output_error(exc: OSError) -> OutputError:
    """The error to raise for ``exc`` met writing stdout. What stdout still holds is dropped
    (stdout now writes to the null device), so the interpreter's last flush cannot fail
    again on its way out."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):  # stdout closed or replaced: nothing to flush at exit
        pass
    return OutputError(f"cannot write to standard output: {exc.strerror or exc}")


def write_error(message: str) -> None:
    """``policylint: message`` on stderr, its control characters escaped."""
    from policylint.display import display, inert

    sys.stderr.write(inert(f"policylint: {display(message)}") + "\n")
