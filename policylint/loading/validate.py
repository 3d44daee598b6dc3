"""Checks of the effective policy, once every file is applied: each rule's kind is known, its
options valid for that kind, its ``when`` valid CEL; each exemption names a rule the policy
has (or had, before turning it off) and holds valid globs.

A field with schema problems (``broken``: rule id, field) is not checked again here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policylint import cel
from policylint.checks import KINDS, load_kind
from policylint.documents.schema_errors import schema_problems
from policylint.globs import pattern_errors
from policylint.suggest import nearest, unknown

if TYPE_CHECKING:
    from policylint.checks import CheckKind
    from policylint.documents.document import JsonPath
    from policylint.documents.problems import Problems
    from policylint.loading.overrides import EffectivePolicy, RuleState

Broken = set[tuple[str | int, ...]]


def check_effective_policy(policy: EffectivePolicy, broken: Broken, problems: Problems) -> None:
    """Adds every problem of the effective ``policy`` to ``problems``."""
    for rule_id, state in policy.rules.items():
        _check_rule(rule_id, state, broken, problems)
    _check_exemptions(policy, problems)


def _check_rule(rule_id: str, state: RuleState, broken: Broken, problems: Problems) -> None:
    kind_name = state.fields.get("kind")
    if not isinstance(kind_name, str) or (rule_id, "kind") in broken:
        return
    if kind_name not in KINDS:
        message = unknown("kind", kind_name, KINDS, known="known kinds")
        problems.add(state.sites["kind"], ("rules", rule_id, "kind"), message)
    elif (rule_id, "options") not in broken:
        _check_options(rule_id, state, load_kind(kind_name), problems)
    if isinstance(state.fields.get("when"), str) and (rule_id, "when") not in broken:
        _check_when(rule_id, state, problems)


def _check_options(rule_id: str, state: RuleState, kind: CheckKind, problems: Problems) -> None:
    found = schema_problems(state.options, kind.OPTIONS)
    for problem in found:
        _option_problem(
            rule_id, state, problems, problem.path, problem.message, at_key=problem.at_key
        )
    if not found:
        for error in kind.validate(state.options):
            _option_problem(rule_id, state, problems, error.path, error.message)


def _option_problem(
    rule_id: str,
    state: RuleState,
    problems: Problems,
    path: JsonPath,
    message: str,
    *,
    at_key: bool = False,
) -> None:
    """Reported in the file that last set the option (else the options, else the rule)."""
    site = state.sites.get(f"options.{path[0]}") if path else None
    site = site or state.sites.get("options") or state.sites[""]
    problems.add(site, ("rules", rule_id, "options", *path), message, at_key=at_key)


def _check_when(rule_id: str, state: RuleState, problems: Problems) -> None:
    error = cel.syntax_error(state.fields["when"])
    if error:
        message = f"invalid CEL expression: {error}"
        problems.add(state.sites["when"], ("rules", rule_id, "when"), message)


def _check_exemptions(policy: EffectivePolicy, problems: Problems) -> None:
    for site, index, item in policy.exemptions:
        rule, paths = item.get("rule"), item.get("paths")
        if isinstance(paths, list) and all(isinstance(path, str) for path in paths):
            for position, message in pattern_errors(paths):
                problems.add(site, ("exemptions", index, "paths", position), message)
        if isinstance(rule, str) and not (rule in policy.rules or rule in policy.turned_off):
            message = f"exemption for rule {rule!r}, which the effective policy does not have"
            guess = nearest(rule, policy.rules)
            message += f" (did you mean {guess!r}?)" if guess else ""
            problems.add(site, ("exemptions", index, "rule"), message)
        expires = item.get("expires")
        if isinstance(expires, str) and _looks_like_date(expires) and not _is_date(expires):
            message = f"{expires!r} is not a date (YYYY-MM-DD)"
            problems.add(site, ("exemptions", index, "expires"), message)


def _looks_like_date(text: str) -> bool:
    """Written ``NNNN-NN-NN`` (the schema reports any other shape)."""
    return len(text) == 10 and text[4] == text[7] == "-" and text.replace("-", "").isdigit()


def _is_date(text: str) -> bool:
    """Whether ``text`` is a real calendar date written ``YYYY-MM-DD``."""
    import time

    try:
        time.strptime(text, "%Y-%m-%d")
    except ValueError:
        return False
    return len(text) == 10
