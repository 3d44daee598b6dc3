"""``policylint fix [PATH]``: create the community files a checkout lacks from templates.

A file is missing when its community-health rule (the effective policy's, else the built-in
pack's) finds nothing anywhere it looks — root, ``.github/``, ``docs/``, any case, any
extension — and nothing exists at the path it would be created at: an existing file is never
overwritten. ``--dry-run`` shows what would be created. Exit code 0, also when there is
nothing to do; a configuration or environment problem exits 2 at the command line's boundary.
"""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING, NamedTuple

from policylint.cli import EXIT_OK, ROOT_HELP, checkout_root, write_stdout
from policylint.scaffold.templates import TEMPLATE_NAMES, TEMPLATES, Template, fill, placeholders
from policylint.text import display

if TYPE_CHECKING:
    from collections.abc import Callable

    from policylint.facts.repo import Repo
    from policylint.model import Policy

PREVIEW_LINES = 6  # lines of each file shown by --dry-run


class NewFile(NamedTuple):
    template: Template
    text: str


class FixPlan(NamedTuple):
    create: tuple[NewFile, ...]
    present: tuple[str, ...]  # existing files that make a template unneeded


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", help=ROOT_HELP)
    parser.add_argument(
        "--dry-run", action="store_true", help="print what would be created; write nothing"
    )
    parser.add_argument(
        "--only",
        nargs="+",
        action="extend",
        choices=TEMPLATE_NAMES,
        metavar="NAME",
        help=f"create only these files ({', '.join(TEMPLATE_NAMES)}); default: every missing one",
    )


def run(args: argparse.Namespace) -> int:
    root = checkout_root(args.path)
    chosen = [t for t in TEMPLATES if args.only is None or t.name in args.only]
    plan = plan_fix(root, chosen)
    shown = _shown_path(args.path, root)
    if not args.dry_run:
        _write(root, plan.create)
    write_stdout(report(plan, shown, dry_run=args.dry_run))
    return EXIT_OK


def plan_fix(root: str, chosen: list[Template]) -> FixPlan:
    """The files to create for ``chosen`` templates, filled in for this checkout, and the
    existing files that make the others unneeded."""
    from policylint.facts.repo import Repo

    repo = Repo(root, untracked=True)
    policy = _effective_policy(root)
    existing = _existing(repo, policy)
    values = _values(repo, policy, existing)
    return FixPlan(
        create=tuple(NewFile(t, fill(t, values)) for t in chosen if not existing[t.name]),
        present=tuple(existing[t.name][0] for t in chosen if existing[t.name]),
    )


def _existing(repo: Repo, policy: Policy | None) -> dict[str, tuple[str, ...]]:
    """Per template, the files that make it unneeded: what its rule finds, else whatever
    already exists at the path it would be written to (never overwritten)."""
    from policylint.scaffold.community import community_rules, found_paths

    rules = {rule.id: rule for rule in community_rules(repo.root, policy)}
    existing: dict[str, tuple[str, ...]] = {}
    for template in TEMPLATES:
        rule = rules.get(template.rule)
        found = found_paths(rule, repo) if rule is not None else ()
        if not found and os.path.lexists(os.path.join(repo.root, template.path)):
            found = (template.path,)
        existing[template.name] = found
    return existing


def _effective_policy(root: str) -> Policy | None:
    from policylint.loader import find_config, load_policy

    config = find_config(root)
    return None if config is None else load_policy(config, root=root)


def _values(
    repo: Repo, policy: Policy | None, existing: dict[str, tuple[str, ...]]
) -> dict[str, str]:
    from policylint.scaffold import context
    from policylint.scaffold.detect import detect
    from policylint.scaffold.project import github_repository, project_name

    layout = detect(repo)
    setup, test = context.commands(repo.root)
    dco = layout.commits.most(layout.commits.signed_off) or any(
        rule.kind == "sign-off" for rule in (policy.rules if policy else ())
    )
    values = {
        "project": project_name(repo.root),
        "setup": setup,
        "test": test,
        "release_notes": context.release_notes(next(iter(layout.release_notes), None)),
        "signoff": context.signoff(dco),
        "report_channel": context.report_channel(github_repository(repo.root)),
    }
    for template in TEMPLATES:
        target = next(iter(existing[template.name]), template.path)
        values[f"link:{template.name}"] = context.link(target)
    return values


def _write(root: str, files: tuple[NewFile, ...]) -> None:
    from pathlib import Path

    from policylint.atomicfile import write_atomically

    for new in files:
        write_atomically(Path(root, new.template.path), new.text.encode("utf-8"))


def _shown_path(given: str | None, root: str) -> str:
    """How to show paths of the checkout: under PATH as the user gave it, else relative to the
    current directory (the checkout is then the work tree around it)."""
    if given is not None:
        return given
    return os.path.relpath(root)


def report(plan: FixPlan, shown: str, *, dry_run: bool) -> str:
    def where(path: str) -> str:
        return display(os.path.normpath(os.path.join(shown, path)))

    lines: list[str] = []
    for new in plan.create:
        verb = "Would create" if dry_run else "Created"
        lines.append(f"{verb} {where(new.template.path)}")
        if dry_run:
            lines += [f"    {line}".rstrip() for line in new.text.splitlines()[:PREVIEW_LINES]]
    if plan.present:
        lines.append(f"Already present: {', '.join(where(path) for path in plan.present)}")
    lines += _to_fill_in(plan.create, where)
    if not plan.create:
        lines.append("Nothing to create.")
    elif dry_run:
        lines.append("Dry run: nothing was written.")
    else:
        lines.append("Review the new files, fill in what is marked, then commit them.")
    return "\n".join(lines) + "\n"


def _to_fill_in(files: tuple[NewFile, ...], where: Callable[[str], str]) -> list[str]:
    marked = [(new.template.path, mark) for new in files for mark in placeholders(new.text)]
    if not marked:
        return []
    lines = ["To fill in (marked [FILL IN: ...]):"]
    lines += [f"  {where(path)}:{mark.line}: {mark.what}" for path, mark in marked]
    return lines
