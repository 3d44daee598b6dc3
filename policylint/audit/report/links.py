"""Where a rule is documented: a built-in pack's rule in ``docs/rules.md``, any other rule by
its check kind in ``docs/kinds.md``, on the project's site. Only names policylint knows go
into a URL (a built-in rule's id, a kind of ``checks.KINDS``), percent-encoded: a rule id from
a repository's own policy never does."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from policylint.checks import KINDS
from policylint.loading.names import BUILTIN

if TYPE_CHECKING:
    from policylint.audit.store.history import RuleInfo

DOCS_URL = "https://github.com/policylint/policylint/blob/main/docs/"


def rule_doc_url(rule_id: str, info: RuleInfo | None) -> str | None:
    """The documentation of ``rule_id`` as its policy defines it (``info``), if there is one."""
    if info is None:
        return None
    if info.origin.startswith(BUILTIN):
        return f"{DOCS_URL}rules.md#{quote(rule_id.lower(), safe='-_')}"
    if info.kind in KINDS:
        return f"{DOCS_URL}kinds.md#{quote(info.kind, safe='-_')}"
    return None
