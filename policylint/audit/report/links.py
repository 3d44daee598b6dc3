"""Where a rule of an audited policy is documented: a built-in pack's rule in the rule
reference, any other rule by its check kind in the kind reference, both at this release's tag
(``policylint.links``). Only names policylint knows go into a URL (a built-in pack and rule
id, a kind of ``checks.KINDS``), percent-encoded: a rule id from a repository's own policy
never does."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from policylint.checks import KINDS
from policylint.links import builtin_rule_url, kind_url
from policylint.model import BUILTIN

if TYPE_CHECKING:
    from policylint.audit.store.history import RuleInfo


def rule_doc_url(rule_id: str, info: RuleInfo | None) -> str | None:
    """The documentation of ``rule_id`` as its policy defines it (``info``), if there is one."""
    if info is None:
        return None
    if info.origin.startswith(BUILTIN):
        pack = info.origin.removeprefix(BUILTIN).split(":", 1)[0]
        return builtin_rule_url(quote(pack, safe="-_."), quote(rule_id, safe="-_."))
    if info.kind in KINDS:
        return kind_url(info.kind)
    return None
