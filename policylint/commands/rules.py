"""``policylint rules``: the effective rules of a checkout, one line each."""

from __future__ import annotations

import argparse

from policylint.commands.options import (
    ROOT_HELP,
    add_policy_options,
    checkout_root,
    load_policy_for,
    write_stdout,
)
from policylint.display import display, inert
from policylint.errors import EXIT_OK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", help=ROOT_HELP)
    add_policy_options(parser)


def run(args: argparse.Namespace) -> int:
    policy = load_policy_for(args, checkout_root(args.path))
    width = max((len(rule.id) for rule in policy.rules), default=2)
    lines = [f"{'ID':<{width}}  {'SEVERITY':<8}  {'KIND':<12}  TITLE"]
    for rule in policy.rules:
        lines.append(
            f"{rule.id:<{width}}  {rule.severity:<8}  {rule.kind:<12}  {display(rule.title)}"
        )
    lines.append(f"{len(policy.rules)} rules from {', '.join(policy.sources)}")
    write_stdout("".join(inert(display(line)) + "\n" for line in lines))
    return EXIT_OK
