"""``policylint explain``: the documentation of a rule (of the effective policy or of a
built-in pack) or of a check kind."""

from __future__ import annotations

import argparse

from policylint.checks import KINDS
from policylint.checks.support.kind_docs import kind_doc
from policylint.commands.options import (
    ROOT_HELP,
    add_policy_options,
    checkout_root,
    load_policy_for,
    write_stdout,
)
from policylint.display import display, inert
from policylint.errors import EXIT_OK, UsageError
from policylint.loading import load_pack
from policylint.model import Rule
from policylint.resources import builtin_packs


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", help="a rule id of the effective policy, or a check kind")
    parser.add_argument("--path", help="the checkout whose policy to read; " + ROOT_HELP[4:])
    add_policy_options(parser)


def run(args: argparse.Namespace) -> int:
    if args.name in KINDS:
        write_stdout(f"{args.name}\n\n{kind_doc(args.name)}\n")
        return EXIT_OK
    root = checkout_root(args.path)
    policy = load_policy_for(args, root)
    rule = next((r for r in policy.rules if r.id == args.name), None)
    note = ""
    if rule is None:
        rule = _builtin_rule(args.name, root)
        note = " (a built-in rule this checkout's policy does not use)"
    if rule is None:
        from policylint.suggest import nearest

        names = sorted(KINDS) + [r.id for r in policy.rules]
        guess = nearest(args.name, names)
        if guess is not None:
            raise UsageError(
                f"{args.name!r} is no rule or check kind here; did you mean {guess!r}?"
            )
        known = ", ".join(names)
        raise UsageError(
            f"{args.name!r} is neither a rule of the effective policy, a rule of a built-in pack "
            f"nor a check kind; known here: {known}"
        )
    parts = [
        f"{rule.id} ({rule.kind}, {rule.severity}): {rule.title}",
        f"defined at {rule.origin}{note}",
    ]
    parts += [text.strip() for text in (rule.description, rule.help) if text.strip()]
    if rule.tags:
        parts.append("tags: " + ", ".join(rule.tags))
    parts += [f"see: {ref}" for ref in rule.references]
    write_stdout("\n\n".join(_multiline(part) for part in parts) + "\n")
    return EXIT_OK


def _builtin_rule(rule_id: str, root: str) -> Rule | None:
    """The rule ``rule_id`` of the first built-in pack that defines it (``explain`` works for
    every built-in rule, used by this checkout or not)."""
    for name in builtin_packs():
        found = next((r for r in load_pack(name, root=root).rules if r.id == rule_id), None)
        if found is not None:
            return found
    return None


def _multiline(text: str) -> str:
    """Policy text shown line by line, each line with its control characters escaped."""
    return "\n".join(inert(display(line)) for line in text.split("\n"))
