"""``policylint fix [PATH]``: create the community files a checkout lacks from templates.

A file is missing when its community-health rule (the effective policy's, else the built-in
pack's) finds nothing anywhere it looks — root, ``.github/``, ``docs/``, any case, any
extension — and nothing exists at the path it would be created at: an existing file is never
overwritten, and one the rule does not count (a broken link, say) is named as such.
``--dry-run`` shows what would be created. Exit code 0, also when there is nothing to do; an
unknown ``--only`` name, a configuration or environment problem exits 2 at the command line's
boundary.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from policylint.atomicfile import write_atomically
from policylint.commands.options import ROOT_HELP, checkout_root, write_stdout
from policylint.display import display
from policylint.errors import EXIT_OK, UsageError
from policylint.facts.repo import Repo
from policylint.loading import find_config, load_policy
from policylint.scaffold import context
from policylint.scaffold.community import community_rules, found_paths
from policylint.scaffold.detect import detect
from policylint.scaffold.project import github_repository, project_name
from policylint.scaffold.templates import (
    TEMPLATE_BY_NAME,
    TEMPLATE_NAMES,
    TEMPLATES,
    Template,
    fill,
    placeholders,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from policylint.facts.repo import Repo
    from policylint.model import Policy

PREVIEW_LINES = 6  # lines of each file shown by --dry-run
REVIEW = "Review the new files, fill in what is marked, then commit them."
REVIEW_IN_GIT = (
    "Review the new files, fill in what is marked, then `git add` them: `policylint check` "
    "counts only files git tracks (or pass `--untracked`)."
)
REPLACE_IT = "replace it with a regular file"


class NewFile(NamedTuple):
    template: Template
    text: str


class NotCounted(NamedTuple):
    """Something at the path a template would be written to that its rule does not count:
    never overwritten, but no community file either."""

    path: str
    why: str
    remedy: str = ""

    def sentence(self, shown: str) -> str:
        remedy = f": {self.remedy}" if self.remedy else ""
        return f"{shown} exists but is not counted ({self.why}){remedy}"


class FixPlan(NamedTuple):
    create: tuple[NewFile, ...]
    present: tuple[str, ...]  # existing files that make a template unneeded
    not_counted: tuple[NotCounted, ...] = ()
    git: bool = False  # the checkout is a git work tree: `check` counts tracked files only


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", help=ROOT_HELP)
    parser.add_argument(
        "--dry-run", action="store_true", help="print what would be created; write nothing"
    )
    parser.add_argument(
        "--only",
        action="extend",
        type=_names,
        metavar="NAME",
        help=f"create only this file; repeat it or separate names with commas "
        f"({', '.join(TEMPLATE_NAMES)}); default: every missing one",
    )


def _names(text: str) -> list[str]:
    """The names of one ``--only``: ``governance,maintainers`` is two."""
    return [name.strip() for name in text.split(",") if name.strip()]


def run(args: argparse.Namespace) -> int:
    chosen = chosen_templates(args.only)
    root = checkout_root(args.path)
    plan = plan_fix(root, chosen)
    shown = _shown_path(args.path, root)
    if not args.dry_run:
        _write(root, plan.create)
    write_stdout(report(plan, shown, dry_run=args.dry_run))
    return EXIT_OK


def chosen_templates(names: list[str] | None) -> list[Template]:
    """The templates ``--only`` names (None: all), in their usual order; an unknown name is a
    usage error that lists the known ones."""
    if names is None:
        return list(TEMPLATES)
    known = f"known names: {', '.join(TEMPLATE_NAMES)}"
    unknown = [name for name in names if name not in TEMPLATE_BY_NAME]
    if unknown:
        listed = ", ".join(repr(name) for name in unknown)
        raise UsageError(f"fix --only: unknown name{'s' * (len(unknown) > 1)} {listed}; {known}")
    if not names:
        raise UsageError(f"fix --only: no name given; {known}")
    wanted = {TEMPLATE_BY_NAME[name] for name in names}
    return [template for template in TEMPLATES if template in wanted]


def plan_fix(root: str, chosen: list[Template]) -> FixPlan:
    """The files to create for ``chosen`` templates, filled in for this checkout, the existing
    files that make the others unneeded, and what blocks a template without counting."""
    repo = Repo(root, untracked=True)
    policy = _effective_policy(root)
    found = _found(repo, policy)
    values = _values(repo, policy, found)
    create: list[NewFile] = []
    not_counted: list[NotCounted] = []
    for template in (t for t in chosen if not found[t.name]):
        if os.path.lexists(os.path.join(repo.root, template.path)):  # never overwritten
            not_counted.append(_not_counted(repo, template))
        else:
            create.append(NewFile(template, fill(template, values)))
    present = tuple(found[t.name][0] for t in chosen if found[t.name])
    return FixPlan(tuple(create), present, tuple(not_counted), repo.is_git)


def _found(repo: Repo, policy: Policy | None) -> dict[str, tuple[str, ...]]:
    """Per template, the files its rule counts: those that make it unneeded."""
    rules = {rule.id: rule for rule in community_rules(repo.root, policy)}
    return {
        template.name: found_paths(rules[template.rule], repo) if template.rule in rules else ()
        for template in TEMPLATES
    }


def _not_counted(repo: Repo, template: Template) -> NotCounted:
    """What is at the template's path, which its rule does not count, and why."""
    path = os.path.join(repo.root, template.path)
    real = os.path.realpath(path)
    if not os.path.exists(path) or not real.startswith(os.path.join(repo.root, "")):
        why = "a link that leads out of the checkout or nowhere"
        return NotCounted(template.path, why, REPLACE_IT)
    if not os.path.isfile(real):
        return NotCounted(template.path, "not a regular file", REPLACE_IT)
    why = f"git ignores it, or the policy's {template.rule} rule looks elsewhere"
    return NotCounted(template.path, why)


def _effective_policy(root: str) -> Policy | None:
    config = find_config(root)
    return None if config is None else load_policy(config, root=root)


def _values(repo: Repo, policy: Policy | None, found: dict[str, tuple[str, ...]]) -> dict[str, str]:
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
        target = context.link(next(iter(found[template.name]), template.path))
        values.update((f"link:{name}", target) for name in template.names)
    return values


def _write(root: str, files: tuple[NewFile, ...]) -> None:
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
    lines += [item.sentence(where(item.path)) for item in plan.not_counted]
    lines += _to_fill_in(plan.create, where)
    if not plan.create:
        lines.append("Nothing to create.")
    elif dry_run:
        lines.append("Dry run: nothing was written.")
    else:
        lines.append(REVIEW_IN_GIT if plan.git else REVIEW)
    return "\n".join(lines) + "\n"


def _to_fill_in(files: tuple[NewFile, ...], where: Callable[[str], str]) -> list[str]:
    marked = [(new.template.path, mark) for new in files for mark in placeholders(new.text)]
    if not marked:
        return []
    lines = ["To fill in (marked [FILL IN: ...]):"]
    lines += [f"  {where(path)}:{mark.line}: {mark.what}" for path, mark in marked]
    return lines
