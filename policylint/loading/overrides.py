"""Applying policy files in ``extends`` order: a later file overrides what earlier ones set.

A rule's fields and options are overridden one by one, so an override is one line; ``off``
turns a rule off (its exemptions lapse); a new rule needs a kind, a title and a severity, and
a rule's kind cannot change. ``fail-on`` is replaced, ``params`` merged, exemptions gathered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from policylint.documents.document import Document
    from policylint.documents.problems import Problems, Site
    from policylint.model import FailOn, Location

NEW_RULE_FIELDS = ("kind", "title", "severity")


class RuleState:
    """A rule while the extends chain is applied; ``sites`` says which file set what last."""

    def __init__(self, site: Site[Document], brought_by: Location | None) -> None:
        self.fields: dict[str, Any] = {}
        self.options: dict[str, Any] = {}
        self.sites: dict[str, Site[Document]] = {"": site}  # "" is where the rule was defined
        self.brought_by = brought_by

    def update(self, site: Site[Document], value: dict[str, Any]) -> None:
        self.fields.update((k, v) for k, v in value.items() if k not in ("options", "kind"))
        self.fields.setdefault("kind", value.get("kind"))
        options = value.get("options")
        if isinstance(options, dict):
            self.options.update(options)
            self.sites.update({f"options.{key}": site for key in options})
        self.sites.update(dict.fromkeys(value, site))


class EffectivePolicy:
    """The policy as the files applied so far make it; rules in the order they were defined."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        self.rules: dict[str, RuleState] = {}
        self.turned_off: set[str] = set()  # defined, then turned off: their exemptions lapse
        self.fail_on: FailOn = "error"
        self.expiry_notice_days = 14
        self.params: dict[str, Any] = {}
        self.exemptions: list[tuple[Site[Document], int, dict[str, Any]]] = []

    def apply(self, site: Site[Document], brought_by: Location | None) -> None:
        """Applies one file; ``brought_by`` is the root config's extends entry that led to it."""
        data = site.document.data
        if data.get("fail-on") in ("error", "warning", "note", "never"):
            self.fail_on = data["fail-on"]
        if isinstance(data.get("params"), dict):
            self.params.update(data["params"])
        notice = data.get("exemption-notice-days")
        if isinstance(notice, int) and not isinstance(notice, bool) and notice >= 0:
            self.expiry_notice_days = notice
        rules = data.get("rules")
        for rule_id, value in rules.items() if isinstance(rules, dict) else ():
            self.apply_rule(site, rule_id, value, brought_by)
        exemptions = data.get("exemptions")
        for index, item in enumerate(exemptions if isinstance(exemptions, list) else ()):
            if isinstance(item, dict):
                self.exemptions.append((site, index, item))

    def apply_rule(
        self, site: Site[Document], rule_id: str, value: Any, brought_by: Location | None
    ) -> None:
        state = self.rules.get(rule_id)
        if value == "off":
            self.turn_off(site, rule_id)
        elif isinstance(value, dict) and state is None:
            self.define(site, rule_id, value, brought_by)
        elif isinstance(value, dict) and state is not None:
            self.check_kind_change(site, rule_id, state, value)
            state.update(site, value)

    def turn_off(self, site: Site[Document], rule_id: str) -> None:
        if self.rules.pop(rule_id, None) is not None:
            self.turned_off.add(rule_id)
        else:
            message = f"rule {rule_id!r} is turned off, but no extended pack defines it"
            self.problems.add(site, ("rules", rule_id), message, at_key=True)

    def define(
        self, site: Site[Document], rule_id: str, value: dict[str, Any], brought_by: Location | None
    ) -> None:
        missing = [field for field in NEW_RULE_FIELDS if field not in value]
        if missing:
            needs = ", ".join(repr(field) for field in missing)
            message = f"new rule {rule_id!r} needs {needs} (no extended pack defines it)"
            self.problems.add(site, ("rules", rule_id), message, at_key=True)
        self.rules[rule_id] = state = RuleState(site, brought_by)
        state.update(site, value)

    def check_kind_change(
        self, site: Site[Document], rule_id: str, state: RuleState, value: dict[str, Any]
    ) -> None:
        old, new = state.fields.get("kind"), value.get("kind", state.fields.get("kind"))
        if isinstance(old, str) and isinstance(new, str) and new != old:
            message = (
                f"cannot change the kind of rule {rule_id!r} from {old!r} to {new!r}; "
                "turn the rule off and define a new id"
            )
            self.problems.add(site, ("rules", rule_id, "kind"), message)
