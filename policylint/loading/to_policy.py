"""The effective policy as records (``Policy``, ``Rule``, ``Exemption``) with the locations
reporters show: where each rule was defined, where the root config enabled it, where its
``when`` and options were last set."""

from __future__ import annotations

from typing import TYPE_CHECKING

from policylint.checks import with_defaults
from policylint.model import Exemption, Location, Policy, Rule, Skip

if TYPE_CHECKING:
    from policylint.documents.document import Document
    from policylint.documents.problems import Site
    from policylint.loading.overrides import EffectivePolicy, RuleState


def build_policy(
    effective: EffectivePolicy,
    sources: list[str],
    config_rel: str | None,
    root_site: Site[Document] | None,
) -> Policy:
    """The ``Policy`` record; ``config_rel`` is the root config's path in the checkout (None:
    outside it, or no config), ``root_site`` the first file loaded."""
    rules = tuple(
        _rule(rule_id, state, _enabled_at(rule_id, state, config_rel, root_site))
        for rule_id, state in effective.rules.items()
    )
    return Policy(
        tuple(sources),
        rules,
        effective.fail_on,
        _exemptions(effective),
        config_rel,
        effective.params,
        expiry_notice_days=effective.expiry_notice_days,
    )


def _exemptions(effective: EffectivePolicy) -> tuple[Exemption, ...]:
    return tuple(
        Exemption(
            item["rule"],
            item["reason"],
            site.location(("exemptions", index)),
            tuple(item.get("paths", ())),
            item.get("expires"),
            item.get("owner"),
        )
        for site, index, item in effective.exemptions
        if item["rule"] in effective.rules  # the others name rules turned off: they lapse
    )


def _rule(rule_id: str, state: RuleState, enabled_at: Location | None) -> Rule:
    fields, skip = state.fields, state.fields.get("skip", {})
    return Rule(
        rule_id,
        fields["kind"],
        fields["title"],
        fields["severity"],
        with_defaults(fields["kind"], state.options),
        state.sites[""].location(("rules", rule_id), at_key=True),
        description=fields.get("description", ""),
        help=fields.get("help", ""),
        when=fields.get("when"),
        skip=Skip(*(tuple(skip.get(name, ())) for name in ("labels", "markers", "trailers"))),
        tags=tuple(fields.get("tags", ())),
        references=tuple(fields.get("references", ())),
        enabled_at=enabled_at,
        positions=_positions(rule_id, state),
        scope=fields.get("scope", "change"),
        help_uri=fields.get("help-uri"),
    )


def _positions(rule_id: str, state: RuleState) -> dict[str, Location]:
    """Where the rule's ``when`` and each option were last set, keyed ``when``, ``options.X``."""
    return {
        key: site.location(("rules", rule_id, *key.split(".", 1)))
        for key, site in state.sites.items()
        if key == "when" or key.startswith("options.")
    }


def _enabled_at(
    rule_id: str, state: RuleState, config_rel: str | None, root_site: Site[Document] | None
) -> Location | None:
    """The rule's key in the root config, else the extends entry that brought it."""
    if config_rel is None or root_site is None:
        return None
    if ("rules", rule_id) in root_site.document.key_positions:
        line, column = root_site.document.key_positions[("rules", rule_id)]
        return Location(config_rel, line, column)
    return state.brought_by
