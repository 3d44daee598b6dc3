"""Where each rule is documented, and its readable name.

Built-in rules link to the project's published rule reference at the release's tag, so a
link in an old report still shows the rule as that release judged it; a policy's own rules
link to their ``help-uri`` when they declare one. SARIF's ``name`` is the rule id in
PascalCase (``tests-with-code`` -> ``TestsWithCode``), distinct from the ``id`` even when
case is ignored, as Microsoft's SARIF validator compares them (SARIF1001).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policylint.model import Rule

REPOSITORY = "https://github.com/policylint/policylint"
BUILTIN = "builtin:"


def schema_url() -> str:
    """The policy files' JSON Schema as published for this release (editors, SchemaStore)."""
    import policylint

    return f"https://raw.githubusercontent.com/policylint/policylint/v{policylint.__version__}/schemas/policy.schema.json"


def rule_anchor(pack: str, rule_id: str) -> str:
    """The anchor of a built-in rule in docs/rules.md (unique: a rule id may be in two packs)."""
    return f"{pack}-{rule_id}".lower().replace(".", "-")


def rule_url(rule: Rule) -> str | None:
    """The rule's documentation: its ``help-uri``, else the rule reference for a built-in rule,
    else None."""
    if rule.help_uri:
        return rule.help_uri
    if not rule.origin.path.startswith(BUILTIN):
        return None
    return builtin_rule_url(rule.origin.path.removeprefix(BUILTIN), rule.id)


def builtin_rule_url(pack: str, rule_id: str) -> str:
    """The rule ``rule_id`` of built-in ``pack`` in the rule reference of this release."""
    return f"{_docs()}rules.md#{rule_anchor(pack, rule_id)}"


def kind_url(kind: str) -> str:
    """The check kind ``kind`` in the kind reference of this release."""
    return f"{_docs()}kinds.md#{kind}"


def _docs() -> str:
    import policylint

    return f"{REPOSITORY}/blob/v{policylint.__version__}/docs/"


def readable_name(rule_id: str, kind: str) -> str:
    """``tests-with-code`` -> ``TestsWithCode``; a one-word id, which would differ from the id
    by case alone, takes its kind: ``readme`` (``file-exists``) -> ``ReadmeFileExists``."""
    name = _pascal(rule_id)
    if name.casefold() == rule_id.casefold():
        name += _pascal(kind) or "Rule"
    return name or "Rule"


def _pascal(text: str) -> str:
    parts = [part for part in text.replace(".", "-").replace("_", "-").split("-") if part]
    return "".join(part[:1].upper() + part[1:] for part in parts)
