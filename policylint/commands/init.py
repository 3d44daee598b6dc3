"""``policylint init [PATH]``: write a ``.policylint.yaml`` that fits the checkout.

The packs it extends follow what the checkout already does (``policylint.scaffold.detect``):
its release-note style, signed-off or Conventional Commits history, carried patches, written
governance. An existing ``.policylint.yaml`` (or ``.yml``) is never overwritten without
``--force``: that is a usage error (exit 2). ``--stdout`` prints the file instead.
"""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from policylint.atomicfile import write_atomically
from policylint.commands.options import ROOT_HELP, checkout_root, write_stdout
from policylint.display import display
from policylint.errors import EXIT_OK, UsageError
from policylint.facts.repo import Repo
from policylint.loading import find_config
from policylint.loading.schema import RULE_ID
from policylint.scaffold import packs
from policylint.scaffold.community import builtin_pack, community_files, community_rules
from policylint.scaffold.config_plan import Entry, Plan, PlannedExemption, plan_entries
from policylint.scaffold.config_text import render
from policylint.scaffold.detect import detect
from policylint.scaffold.project import project_name
from policylint.scaffold.templates import TEMPLATES

if TYPE_CHECKING:
    from policylint.facts.repo import Repo

CONFIG_NAME = ".policylint.yaml"
REVIEW = "Review it, then run `policylint check`."
REVIEW_IN_GIT = (
    "Review it, then run `policylint check`: it counts only files git tracks, so `git add` the "
    "files you create (or pass `--untracked`)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", help=ROOT_HELP)
    parser.add_argument(
        "--force", action="store_true", help="overwrite an existing .policylint.yaml (or .yml)"
    )
    parser.add_argument(
        "--stdout", action="store_true", help="print the configuration instead of writing it"
    )
    exempt = parser.add_argument_group("exemptions")
    exempt.add_argument(
        "--exempt",
        action="append",
        metavar="RULE",
        help="write an exemption for this rule (repeatable); needs --reason",
    )
    exempt.add_argument("--reason", help="why the exempted findings are accepted")
    exempt.add_argument(
        "--expires",
        metavar="YYYY-MM-DD",
        help="the last day every exemption written accepts findings",
    )
    exempt.add_argument("--owner", help="who answers for the exemptions written")


def run(args: argparse.Namespace) -> int:
    root = checkout_root(args.path)
    existing = find_config(root)
    target = existing or os.path.join(root, CONFIG_NAME)
    shown = display(os.path.normpath(target) if args.path is not None else os.path.relpath(target))
    if existing is not None and not (args.force or args.stdout):
        raise UsageError(
            f"{shown} already exists; init never overwrites it without --force "
            "(--stdout prints the configuration it would write)"
        )
    exemptions = planned_exemptions(args)
    repo = Repo(root, untracked=True)
    plan = plan_config(repo)._replace(exemptions=exemptions)
    text = render(plan)
    if args.stdout:
        write_stdout(text)
        return EXIT_OK

    write_atomically(Path(target), text.encode("utf-8"))
    write_stdout(summary(plan, shown, git=repo.is_git))
    return EXIT_OK


def planned_exemptions(args: argparse.Namespace) -> tuple[PlannedExemption, ...]:
    """The exemptions the command line asks for, each with the same ``--expires`` and
    ``--owner``; a usage error when they are incomplete or the date is no date."""
    rules = args.exempt or []
    if not rules:
        if args.reason or args.expires or args.owner:
            raise UsageError(
                "--reason, --expires and --owner describe an exemption: add --exempt RULE"
            )
        return ()
    if not (args.reason or "").strip():
        raise UsageError("--exempt needs --reason: every exemption says why")
    bad = [rule for rule in rules if not re.fullmatch(RULE_ID, rule)]
    if bad:
        raise UsageError(f"--exempt {bad[0]!r}: not a rule id")
    if args.expires is not None and not _is_date(args.expires):
        raise UsageError(f"--expires {args.expires!r}: not a date (YYYY-MM-DD)")
    return tuple(PlannedExemption(rule, args.reason, args.expires, args.owner) for rule in rules)


def _is_date(text: str) -> bool:
    import time

    try:
        time.strptime(text, "%Y-%m-%d")
    except ValueError:
        return False
    return re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) is not None


def plan_config(repo: Repo) -> Plan:
    """What the configuration of the checkout ``repo`` holds, from what it already does."""
    root = repo.root
    layout = detect(repo)
    community = community_files(repo, community_rules(root))
    entries = plan_entries(layout, community, packs.available_packs())
    codeowners = layout.codeowners
    if codeowners is not None and _checks_kind(entries, "codeowners", root):
        codeowners = None  # a chosen pack checks it already
    return Plan(project_name(root), tuple(entries), tuple(community), codeowners)


def _checks_kind(entries: list[Entry], kind: str, root: str) -> bool:
    """Whether a pack that ``entries`` enable has a rule of check kind ``kind``."""
    for entry in (e for e in entries if e.enabled):
        pack = builtin_pack(entry.pack, root)
        if pack is not None and any(rule.kind == kind for rule in pack.rules):
            return True
    return False


def summary(plan: Plan, shown: str, *, git: bool) -> str:
    """What ``init`` tells the user after writing the file; in a git work tree, that the
    files the user creates count once ``git add``-ed (``check`` counts only tracked files)."""
    extended = ", ".join(f"builtin:{entry.pack}" for entry in plan.entries if entry.enabled)
    lines = [f"Wrote {shown}: extends {extended}."]
    missing = [item.rule.id for item in plan.community if not item.found]
    if missing:
        lines.append(f"Missing community files: {', '.join(missing)}.")
    creatable = [t.path for t in TEMPLATES if t.rule in missing]
    if creatable:
        lines.append(f"`policylint fix` creates {', '.join(creatable)} from templates.")
    lines.append(REVIEW_IN_GIT if git and missing else REVIEW)
    return "\n".join(lines) + "\n"
