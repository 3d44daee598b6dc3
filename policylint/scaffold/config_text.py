"""The text of the ``.policylint.yaml`` that ``policylint init`` writes, from its ``Plan``:
each choice explained in a comment, suggestions commented out, and commented examples of an
override and an exemption.

Text from the checkout (paths, the project name) appears inside comments only, made safe with
``display`` (or ``heading_text``), so it can never change the YAML's structure. Release-note
packs read the project's own tool configuration, so nothing of it is restated here.
"""

from __future__ import annotations

import json
import textwrap
from typing import TYPE_CHECKING

from policylint.display import display
from policylint.scaffold.templates import TEMPLATES

if TYPE_CHECKING:
    from policylint.scaffold.community import CommunityFile
    from policylint.scaffold.config_plan import Plan, PlannedExemption

CODEOWNERS_RULE = "changed-files-have-owners"
COMMENT_WIDTH = 99
OVERRIDE = "Override a rule by its id: its severity, its options, or off."
OVERRIDE_EXAMPLE = ("changelog:", "  severity: error", "governance: off")


def render(plan: Plan) -> str:
    """The whole file."""
    from policylint.links import schema_url

    lines = [
        f"# yaml-language-server: $schema={schema_url()}",
        f"# policylint configuration for {plan.name}, written by `policylint init`.",
        "# `policylint check` applies it; `policylint rules` lists the rules it enables and",
        "# `policylint explain RULE` tells why each one matters and how to pass it.",
        "apiVersion: policylint/v1",
        "",
        "extends:",
    ]
    for entry in plan.entries:
        lines += _comment(entry.reason, "  ")
        lines.append(f"  {'' if entry.enabled else '# '}- builtin:{entry.pack}")
    lines += ["", *_community_lines(plan.community), ""]
    lines += [
        "# The lowest severity that makes `policylint check` fail: error, warning, note or never.",
        "fail-on: error",
        "",
        *_rules_lines(plan),
        "",
        *_exemption_lines(plan.exemptions),
    ]
    return "\n".join(lines) + "\n"


def _exemption_lines(planned: tuple[PlannedExemption, ...]) -> list[str]:
    """The exemptions asked for, each with its date and owner; else a commented example."""
    head = [
        "# A finding you accept, with the reason, until `expires` (YYYY-MM-DD) and who owns it.",
        "# It is still reported, as exempted; after the date it counts again.",
    ]
    if not planned:
        return [
            *head,
            "# exemptions:",
            "#   - rule: security-policy",
            "#     reason: Vulnerability reports go through the foundation's process (see README).",
            "#     expires: 2026-12-31",
            '#     owner: "@maintainer"',
        ]
    lines = [*head, "exemptions:"]
    for item in planned:
        lines += [f"  - rule: {item.rule}", f"    reason: {json.dumps(item.reason)}"]
        if item.expires is not None:
            lines.append(f'    expires: "{item.expires}"')
        if item.owner is not None:
            lines.append(f"    owner: {json.dumps(item.owner)}")
    return lines


def _comment(text: str, indent: str) -> list[str]:
    """``text`` as comment lines of at most COMMENT_WIDTH characters."""
    width = COMMENT_WIDTH - len(indent) - 2
    return [f"{indent}# {line}" for line in textwrap.wrap(text, width, break_on_hyphens=False)]


def _community_lines(community: tuple[CommunityFile, ...]) -> list[str]:
    if not community:
        return []
    width = max(len(item.rule.id) for item in community)
    lines = ["# Community files (builtin:recommended looks for them):"]
    for item in community:
        state = f"found {display(item.found[0])}" if item.found else "missing"
        lines.append(f"#   {item.rule.id:<{width}}  {state}")
    missing = {item.rule.id for item in community if not item.found}
    creatable = [t.path for t in TEMPLATES if t.rule in missing]
    if creatable:
        lines += _comment(f"`policylint fix` creates {', '.join(creatable)} from templates.", "")
    return lines


def _rules_lines(plan: Plan) -> list[str]:
    own = _codeowners_rule(plan.codeowners)
    if not own:
        return [f"# {OVERRIDE}", "# rules:", *(f"#   {line}" for line in OVERRIDE_EXAMPLE)]
    return ["rules:", *own, f"  # {OVERRIDE}", *(f"  # {line}" for line in OVERRIDE_EXAMPLE)]


def _codeowners_rule(codeowners: str | None) -> list[str]:
    if codeowners is None:
        return []
    return [
        f"  # Found {display(codeowners)}: every file a change touches needs an owner in it.",
        f"  {CODEOWNERS_RULE}:",
        "    kind: codeowners",
        "    title: Every changed file has a code owner",
        "    severity: warning",
    ]
