"""Sample results and rules for the reporter tests: one of everything, hostile text."""

from __future__ import annotations

import json
from typing import Any

from policylint.checks import with_defaults
from policylint.model import Finding, Location, Policy, Result, Rule, RuleOutcome, Severity
from tests.helpers.paths import ROOT

SCHEMA = json.loads((ROOT / "schemas" / "result.schema.json").read_text(encoding="utf-8"))


def _closed(schema: Any) -> Any:
    """The schema with every object closed: what we emit must be exactly what it documents
    (the published schema stays open, so consumers' validation survives added fields)."""
    if isinstance(schema, dict):
        closed = {key: _closed(value) for key, value in schema.items()}
        if closed.get("type") == "object" and "properties" in closed:
            closed["additionalProperties"] = False
        return closed
    if isinstance(schema, list):
        return [_closed(item) for item in schema]
    return schema


STRICT = _closed(SCHEMA)


CONFIG = ".policylint.yaml"


EVIL = "\x1b[31mfake\n[bold]x[/bold]-\udcff.md"  # ANSI escape, newline, rich markup, bad byte


def rule(rule_id: str, severity: Severity = "error", **fields: Any) -> Rule:
    fields.setdefault("title", f"Title of {rule_id}")
    kind = fields.pop("kind", "file-exists")
    return Rule(
        rule_id,
        kind,
        severity=severity,
        options=with_defaults(kind, fields.pop("options", {})),  # as the loader fills them
        origin=Location("packs/test.yaml", 1, 1),
        **fields,
    )


def sample_result() -> Result:
    """One of everything: a file finding with and without a line, a repository-wide finding
    enabled in the config, an exempted one, a crashed rule, a skipped rule and passes."""
    rules = (
        rule(
            "governance-file",
            help="Write GOVERNANCE.md: who decides, and how.\n\nMore.",
            tags=("OSPS-GV-01.01",),
            help_uri="https://example.org/rules#governance-file",
            enabled_at=Location(CONFIG, 5, 3),
        ),
        rule(
            "readme-title",
            "warning",
            kind="file-content",
            title="The README has a title",
            description="A title tells readers what the project is.",
        ),
        rule("docs-index", "note", kind="file-content"),
        rule("security-policy", title="A security policy exists"),
        rule("broken-expr", kind="expr"),
        rule("release-note", "warning", kind="co-change"),
        rule("license-file"),
    )
    findings = (
        Finding("docs-index", "note", "fail", "docs/ has no index page", "f" * 32, "docs/x y.md"),
        Finding(
            "readme-title", "warning", "fail", "README.md has no title", "e" * 32, "README.md", 3
        ),
        Finding("governance-file", "error", "fail", "No file matching governance*", "d" * 32),
        Finding(
            "security-policy",
            "error",
            "exempted",
            "No file matching security*",
            "c" * 32,
            exemption="Reports go through the foundation's process.",
        ),
        Finding(
            "broken-expr",
            "error",
            "error",
            "rule 'broken-expr' (expr) failed: ZeroDivisionError: division by zero",
            "b" * 32,
        ),
    )
    outcomes = (
        RuleOutcome("governance-file", "fail"),
        RuleOutcome("readme-title", "fail"),
        RuleOutcome("docs-index", "fail"),
        RuleOutcome("security-policy", "pass", "1 finding(s) exempted"),
        RuleOutcome("broken-expr", "error", findings[-1].message),
        RuleOutcome("release-note", "skipped", "needs change facts, which this run does not have"),
        RuleOutcome("license-file", "pass"),
    )
    policy = Policy((CONFIG, "builtin:community-health"), rules, config_path=CONFIG)
    return Result("/home/someone/project", policy, findings, outcomes, anchor="README.md")


def one_finding(finding: Finding, **policy: Any) -> Result:
    rules = (rule(finding.rule, finding.severity),)
    outcome = RuleOutcome(finding.rule, "fail" if finding.status == "fail" else "pass")
    return Result("/abs", Policy(("builtin:x",), rules, **policy), (finding,), (outcome,))


HOSTILE_TITLE = (
    "fix: x\n::error::pwned %0A ::stop-commands::tok ##[add-mask]s ,line=1,title=t "
    "@octocat [x](https://e.example) ![i](https://e.example/i.png) <b>|`c`|</b> *b* #1"
)


HOSTILE_PATH = "src/a,line=1,title=x:y%0A.py"


def golden_result() -> Result:
    """The sample result plus a PR title, file names and a policy title that attack every
    format: a quoted PR title, a non-UTF-8 name with an ANSI escape, property separators."""
    base = sample_result()
    rules = (
        rule("pr-title", "warning", kind="pr-title", title="Titles: short, clear\n::error::t"),
        rule("names", "note", title="Names are portable", help="Rename it."),
    )
    findings = (
        Finding("pr-title", "warning", "fail", f"the title {HOSTILE_TITLE}", "a" * 32),
        Finding("names", "note", "fail", f"name {EVIL} is not portable", "9" * 32, EVIL, 2),
        Finding("names", "note", "fail", "name has separators", "8" * 32, HOSTILE_PATH, 7),
    )
    outcomes = (RuleOutcome("pr-title", "fail"), RuleOutcome("names", "fail"))
    policy = base.policy._replace(rules=base.policy.rules + rules)
    return base._replace(
        policy=policy, findings=base.findings + findings, outcomes=base.outcomes + outcomes
    )
