"""``policylint rules``: the effective rules of a checkout, one line each."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from policylint.commands.options import (
    ROOT_HELP,
    add_policy_options,
    checkout_root,
    load_policy_for,
    write_stdout,
)
from policylint.display import display, inert
from policylint.errors import EXIT_OK

HEADINGS = ("ID", "SEVERITY", "KIND", "TITLE")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", help=ROOT_HELP)
    add_policy_options(parser)


def run(args: argparse.Namespace) -> int:
    policy = load_policy_for(args, checkout_root(args.path))
    rows = [HEADINGS] + [
        (display(rule.id), rule.severity, display(rule.kind), display(rule.title))
        for rule in policy.rules
    ]
    lines = table(rows)
    lines.append(f"{len(policy.rules)} rules from {', '.join(policy.sources)}")
    write_stdout("".join(inert(display(line)) + "\n" for line in lines))
    return EXIT_OK


def table(rows: Sequence[Sequence[str]]) -> list[str]:
    """``rows`` in columns as wide as their widest cell, two spaces apart; the last column is
    not padded."""
    widths = [max(len(cell) for cell in column) for column in zip(*rows, strict=True)]
    return ["  ".join([*map(str.ljust, row[:-1], widths), row[-1]]) for row in rows]
