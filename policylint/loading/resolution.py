"""One load of a policy: its files read in ``extends`` order, depth first, each checked against
the policy schema and applied over the files it extends; then the effective policy checked and
turned into a ``Policy``, or every problem raised at once as a ``PolicyError``. Files come from
the working tree, or, given a ``Revision``, the config and its local packs from that git tree."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policylint.documents.document import Document, YamlError, format_problem
from policylint.documents.problems import Problems, Site
from policylint.documents.schema_errors import SchemaProblem, schema_problems
from policylint.documents.yaml import read_document
from policylint.loading.containment import linked_out_of_checkout, relative_path
from policylint.loading.extends import cycle_message, extends_target
from policylint.loading.overrides import EffectivePolicy
from policylint.loading.schema import document_schema
from policylint.loading.sources import ExtendsProblem, Source, builtin_source, identity
from policylint.loading.to_policy import build_policy
from policylint.loading.validate import Broken, check_effective_policy
from policylint.model import BUILTIN, DEFAULT_PACK, Location, Policy

if TYPE_CHECKING:
    from policylint.loading.revision import Revision


# Built-in packs as read once per process: an audit loads a repository's own policy, which
# extends them, for every such repository (parsing them again cost 150 ms each time).
_BUILTIN_DOCUMENTS: dict[str, Document] = {}
# Their schema problems (none, as shipped), found once per process too: checking a built-in
# pack against the schema again for each repository that extends it cost about 1 ms.
_BUILTIN_PROBLEMS: dict[str, list[SchemaProblem]] = {}


class Resolution:
    """One load: files in extends order, depth first; each file's own rules applied last."""

    def __init__(
        self,
        config: Path | None,
        root: Path,
        revision: Revision | None = None,
        pack: str = DEFAULT_PACK,
    ) -> None:
        self.config, self.given_root, self.root = config, root, Path(os.path.realpath(root))
        self.revision = revision
        self.pack = pack  # the built-in pack loaded when there is no config
        self.config_rel = (  # the checkout's config only: one read from a revision is not in it
            None if config is None or revision is not None else relative_path(config, self.root)
        )
        self.problems = Problems()
        self.files: list[tuple[str, str]] = []  # every file read: path, sha256 of its bytes
        # (files of a revision are not listed: its commit id, in the cache key, names them)
        self.sources: list[str] = []
        self.loaded: set[str] = set()
        self.effective = EffectivePolicy(self.problems)
        self.broken: Broken = set()  # (rule id, field) with schema problems
        self.root_site: Site[Document] | None = None

    def run(self) -> tuple[Policy, list[tuple[str, str]]]:
        """The policy and every file read (path, sha256); raises ``PolicyError``."""
        if self.revision is not None:
            source = self.revision.config_source(self.config)
            self.visit(source or builtin_source(self.pack), (), None)
        elif self.config is None:
            self.visit(builtin_source(self.pack), (), None)
        elif not self.config_leaves_root(self.config):
            self.visit(Source(self.config_rel or str(self.config), self.config), (), None)
        check_effective_policy(self.effective, self.broken, self.problems)
        self.check_not_empty()
        self.problems.raise_any()
        policy = build_policy(self.effective, self.sources, self.config_rel, self.root_site)
        return policy, self.files

    def check_not_empty(self) -> None:
        """A policy file that leaves no rule would check nothing and pass every time: the
        user who wrote ``fail-on: warning`` alone meant the default policy, stricter."""
        site = self.root_site
        if self.effective.rules or site is None or self.problems.entries:
            return
        self.problems.add(
            site,
            (),
            "the policy has no rules, so nothing would be checked: add `extends: "
            "[builtin:recommended]` (the default without a policy file) or define rules",
        )

    def config_leaves_root(self, config: Path) -> bool:
        """A config placed in the checkout must not link out of it; such a file is never read."""
        placed = linked_out_of_checkout(config, self.given_root, self.root)
        if placed is None:
            return False
        real = os.path.realpath(config)
        message = (
            f"a link to a file outside the checkout ({real}); policy files must live inside it"
        )
        self.problems.add_text(0, (1, 1), format_problem(placed, (1, 1), (), message))
        return True

    def visit(self, source: Source, chain: tuple[Source, ...], brought_by: Location | None) -> None:
        if identity(source) in self.loaded:
            return
        self.loaded.add(identity(source))
        site = self.read(source)
        if site is None:
            return
        self.root_site = self.root_site or site
        for index, entry in enumerate(_strings(site.document.data.get("extends"))):
            via = brought_by if chain else self.entry_location(site, index)
            self.extend(site, (*chain, source), index, entry, via)
        self.effective.apply(site, brought_by)

    def read(self, source: Source) -> Site[Document] | None:
        order = len(self.loaded)
        try:
            document = self.document(source)
        except YamlError as exc:
            for text in exc.problems:
                self.problems.add_text(order, (0, 0), text)
            return None
        self.sources.append(source.display)
        site = Site(source.display, document, order)
        self.check_schema(site)
        return site

    def document(self, source: Source) -> Document:
        if source.revision is not None:
            return source.revision.read_document(source)
        document = _BUILTIN_DOCUMENTS.get(source.display)
        if document is None:
            document = read_document(source.path, source.display)
            if source.display.startswith(BUILTIN):  # shipped with policylint: never changes
                _BUILTIN_DOCUMENTS[source.display] = document
        self.files.append((str(source.path), document.sha256))
        return document

    def check_schema(self, site: Site[Document]) -> None:
        builtin = _BUILTIN_DOCUMENTS.get(site.display) is site.document
        found = _BUILTIN_PROBLEMS.get(site.display) if builtin else None
        if found is None:
            found = schema_problems(site.document.data, document_schema())
            if builtin:
                _BUILTIN_PROBLEMS[site.display] = found
        for problem in found:
            self.problems.add(site, problem.path, problem.message, at_key=problem.at_key)
            if problem.path[:1] == ("rules",) and len(problem.path) > 2:
                self.broken.add(problem.path[1:3])

    def extend(
        self,
        site: Site[Document],
        chain: tuple[Source, ...],
        index: int,
        entry: str,
        via: Location | None,
    ) -> None:
        try:
            target = extends_target(chain[-1], entry, self.root)
        except ExtendsProblem as exc:
            self.problems.add(site, ("extends", index), exc.message)
            return
        cycle = cycle_message(chain, target)
        if cycle is not None:
            self.problems.add(site, ("extends", index), cycle)
            return
        self.visit(target, chain, via)

    def entry_location(self, site: Site[Document], index: int) -> Location | None:
        """Where the root config's ``extends`` entry is, when the config is in the checkout."""
        if self.config_rel is None:
            return None
        return Location(self.config_rel, *site.document.position(("extends", index)))


def _strings(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []
