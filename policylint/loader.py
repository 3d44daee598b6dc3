"""Policy files -> a validated, resolved ``Policy``: structure, extends, overrides, positions.

Every problem of every file is collected and reported at once, each as
``file:line:col: $.json.path: message`` (``PolicyError``); a file is named ``builtin:NAME``,
by its path relative to the checked root when it lies inside, else by the path given. A valid
policy is cached (``policylint.cache``), so the hook path skips ruamel.yaml and jsonschema
(~100 ms of imports) while nothing changed; both are imported only on a cache miss.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from policylint.model import Exemption, FailOn, Location, Policy, Rule, Skip

if TYPE_CHECKING:
    from policylint.checks import CheckKind
    from policylint.yamlio import Document, JsonPath

CONFIG_NAMES = (".policylint.yaml", ".policylint.yml")
DEFAULT_PACK = "recommended"
BUILTIN = "builtin:"
NEW_RULE_FIELDS = ("kind", "title", "severity")


class PolicyError(Exception):
    """Invalid policy files; ``problems`` holds every problem, one formatted line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def find_config(root: Path) -> Path | None:
    """The repository's ``.policylint.yaml`` (or ``.yml``) at ``root``, if it has one."""
    for name in CONFIG_NAMES:
        if (root / name).is_file():
            return root / name
    return None


def load_policy(config: Path | None, *, root: Path, use_cache: bool = True) -> Policy:
    """The effective policy of ``config`` (None: the built-in ``recommended`` pack) for ``root``."""
    if not use_cache:
        return _Resolution(config, root).run()[0]
    from policylint import cache

    cached = cache.lookup(config, root)
    if cached is not None:
        return cached
    policy, files = _Resolution(config, root).run()
    cache.store(config, root, policy, files)
    return policy


def validate_files(paths: list[Path]) -> list[str]:
    """Every problem in each policy file (its ``extends`` resolved; files named relative to the
    working directory); [] when all are valid."""
    problems: list[str] = []
    for path in paths:
        try:
            _Resolution(path, Path.cwd()).run()
        except PolicyError as exc:
            problems.extend(exc.problems)
    return problems


class _Source(NamedTuple):
    # "builtin:NAME", the path relative to the root when inside it, else as given (or derived).
    display: str
    path: Path


class _Site(NamedTuple):
    """A loaded file: how problems name it, its document, its place in the load order."""

    display: str
    document: Document
    order: int


class _RuleState:
    """A rule while the extends chain is applied; ``sites`` says which file set what last."""

    def __init__(self, site: _Site, brought_by: Location | None) -> None:
        self.fields: dict[str, Any] = {}
        self.options: dict[str, Any] = {}
        self.sites: dict[str, _Site] = {"": site}  # "" is where the rule was defined
        self.brought_by = brought_by

    def update(self, site: _Site, value: dict[str, Any]) -> None:
        self.fields.update((k, v) for k, v in value.items() if k not in ("options", "kind"))
        self.fields.setdefault("kind", value.get("kind"))
        options = value.get("options")
        if isinstance(options, dict):
            self.options.update(options)
            self.sites.update({f"options.{key}": site for key in options})
        self.sites.update(dict.fromkeys(value, site))


class _Resolution:
    """One load: files in extends order, depth first; each file's own rules applied last."""

    def __init__(self, config: Path | None, root: Path) -> None:
        self.config, self.given_root, self.root = config, root, Path(os.path.realpath(root))
        self.config_rel = _relative(config, self.root) if config is not None else None
        self.problems: list[tuple[int, int, int, str]] = []
        self.files: list[tuple[str, str]] = []  # every file read: path, sha256 of its bytes
        self.sources: list[str] = []
        self.loaded: set[str] = set()
        self.rules: dict[str, _RuleState] = {}
        self.turned_off: set[str] = set()  # defined, then turned off: their exemptions lapse
        self.fail_on: FailOn = "error"
        self.params: dict[str, Any] = {}
        self.exemptions: list[tuple[_Site, int, dict[str, Any]]] = []
        self.broken: set[tuple[str | int, ...]] = set()  # (rule id, field) with schema problems
        self.root_site: _Site | None = None

    def run(self) -> tuple[Policy, list[tuple[str, str]]]:
        if self.config is None:
            self.visit(_builtin(DEFAULT_PACK), (), None)
        elif not self.config_leaves_root(self.config):
            self.visit(_Source(self.config_rel or str(self.config), self.config), (), None)
        self.check_rules()
        self.check_exemptions()
        if self.problems:
            self.problems.sort(key=lambda problem: problem[:3])
            raise PolicyError([text for *_, text in self.problems])
        return self.policy(), self.files

    # Reading and extends.

    def config_leaves_root(self, config: Path) -> bool:
        """A config placed in the checkout must not link out of it; such a file is never read."""
        placed = _placed_relative(config, self.given_root, self.root)
        if placed is None or self.config_rel is not None:
            return False
        from policylint.yamlio import format_problem

        real = os.path.realpath(config)
        message = (
            f"a link to a file outside the checkout ({real}); policy files must live inside it"
        )
        self.problems.append((0, 1, 1, format_problem(placed, (1, 1), (), message)))
        return True

    def visit(
        self, source: _Source, chain: tuple[_Source, ...], brought_by: Location | None
    ) -> None:
        identity = os.path.realpath(source.path)
        if identity in self.loaded:
            return
        self.loaded.add(identity)
        site = self.read(source)
        if site is None:
            return
        self.root_site = self.root_site or site
        for index, entry in enumerate(_strings(site.document.data.get("extends"))):
            via = brought_by if chain else self.entry_location(site, index)
            self.extend(site, (*chain, source), index, entry, via)
        self.apply(site, brought_by)

    def read(self, source: _Source) -> _Site | None:
        from policylint.schema import document_schema, schema_problems
        from policylint.yamlio import YamlError, read_document

        order = len(self.loaded)
        try:
            document = read_document(source.path, source.display)
        except YamlError as exc:
            self.problems.extend((order, 0, 0, text) for text in exc.problems)
            return None
        self.files.append((str(source.path), document.sha256))
        self.sources.append(source.display)
        site = _Site(source.display, document, order)
        for problem in schema_problems(document.data, document_schema()):
            self.problem(site, problem.path, problem.message, at_key=problem.at_key)
            if problem.path[:1] == ("rules",) and len(problem.path) > 2:
                self.broken.add(problem.path[1:3])
        return site

    def extend(
        self, site: _Site, chain: tuple[_Source, ...], index: int, entry: str, via: Location | None
    ) -> None:
        target = self.target(site, chain[-1], index, entry)
        if target is None:
            return
        identity = os.path.realpath(target.path)
        seen = [os.path.realpath(source.path) for source in chain]
        if identity in seen:
            cycle = [source.display for source in chain[seen.index(identity) :]]
            message = "extends cycle: " + " -> ".join([*cycle, target.display])
            self.problem(site, ("extends", index), message)
            return
        self.visit(target, chain, via)

    def target(self, site: _Site, parent: _Source, index: int, entry: str) -> _Source | None:
        from policylint.resources import builtin_packs

        if entry.startswith(BUILTIN):
            if entry[len(BUILTIN) :] in builtin_packs():
                return _builtin(entry[len(BUILTIN) :])
            available = ", ".join(BUILTIN + name for name in builtin_packs())
            self.problem(
                site, ("extends", index), f"unknown pack {entry!r}; available: {available}"
            )
            return None
        path = parent.path.parent / entry
        if self.leaves_root(parent, path):
            message = f"extends {entry!r} leaves the checkout; local packs must live inside it"
            self.problem(site, ("extends", index), message)
            return None
        given = path if parent.display.startswith(BUILTIN) else Path(parent.display).parent / entry
        display = _relative(path, self.root) or os.path.normpath(given)
        if not path.is_file():
            self.problem(site, ("extends", index), f"no such file: {display}")
            return None
        return _Source(display, path)

    def leaves_root(self, parent: _Source, path: Path) -> bool:
        """Whether a local pack of a file in the checkout lies (or links) outside it."""
        if parent.display.startswith(BUILTIN) or _relative(parent.path, self.root) is None:
            return False
        return _relative(path, self.root) is None

    # Applying a file.

    def apply(self, site: _Site, brought_by: Location | None) -> None:
        data = site.document.data
        if data.get("fail-on") in ("error", "warning", "note", "never"):
            self.fail_on = data["fail-on"]
        if isinstance(data.get("params"), dict):
            self.params.update(data["params"])
        rules = data.get("rules")
        for rule_id, value in rules.items() if isinstance(rules, dict) else ():
            self.apply_rule(site, rule_id, value, brought_by)
        exemptions = data.get("exemptions")
        for index, item in enumerate(exemptions if isinstance(exemptions, list) else ()):
            if isinstance(item, dict):
                self.exemptions.append((site, index, item))

    def apply_rule(
        self, site: _Site, rule_id: str, value: Any, brought_by: Location | None
    ) -> None:
        state = self.rules.get(rule_id)
        if value == "off":
            if self.rules.pop(rule_id, None) is not None:
                self.turned_off.add(rule_id)
            else:
                message = f"rule {rule_id!r} is turned off, but no extended pack defines it"
                self.problem(site, ("rules", rule_id), message, at_key=True)
        elif isinstance(value, dict) and state is None:
            missing = [field for field in NEW_RULE_FIELDS if field not in value]
            if missing:
                needs = ", ".join(repr(field) for field in missing)
                message = f"new rule {rule_id!r} needs {needs} (no extended pack defines it)"
                self.problem(site, ("rules", rule_id), message, at_key=True)
            self.rules[rule_id] = state = _RuleState(site, brought_by)
            state.update(site, value)
        elif isinstance(value, dict) and state is not None:
            self.check_kind_change(site, rule_id, state, value)
            state.update(site, value)

    def check_kind_change(
        self, site: _Site, rule_id: str, state: _RuleState, value: dict[str, Any]
    ) -> None:
        old, new = state.fields.get("kind"), value.get("kind", state.fields.get("kind"))
        if isinstance(old, str) and isinstance(new, str) and new != old:
            message = (
                f"cannot change the kind of rule {rule_id!r} from {old!r} to {new!r}; "
                "turn the rule off and define a new id"
            )
            self.problem(site, ("rules", rule_id, "kind"), message)

    # Checks of the effective policy.

    def check_rules(self) -> None:
        from policylint.checks import KINDS

        for rule_id, state in self.rules.items():
            kind_name = state.fields.get("kind")
            if not isinstance(kind_name, str) or (rule_id, "kind") in self.broken:
                continue
            if kind_name not in KINDS:
                message = f"unknown kind {kind_name!r}; known kinds: {', '.join(sorted(KINDS))}"
                self.problem(state.sites["kind"], ("rules", rule_id, "kind"), message)
            elif (rule_id, "options") not in self.broken:
                self.check_options(rule_id, state, KINDS[kind_name])
            if isinstance(state.fields.get("when"), str) and (rule_id, "when") not in self.broken:
                self.check_when(rule_id, state)

    def check_options(self, rule_id: str, state: _RuleState, kind: CheckKind) -> None:
        from policylint.schema import schema_problems

        problems = schema_problems(state.options, kind.OPTIONS)
        for problem in problems:
            self.option_problem(rule_id, state, problem.path, problem.message, problem.at_key)
        if not problems:
            for error in kind.validate(state.options):
                self.option_problem(rule_id, state, error.path, error.message)

    def option_problem(
        self, rule_id: str, state: _RuleState, path: JsonPath, message: str, at_key: bool = False
    ) -> None:
        site = state.sites.get(f"options.{path[0]}") if path else None
        site = site or state.sites.get("options") or state.sites[""]
        self.problem(site, ("rules", rule_id, "options", *path), message, at_key=at_key)

    def check_when(self, rule_id: str, state: _RuleState) -> None:
        from policylint import cel

        error = cel.syntax_error(state.fields["when"])
        if error:
            message = f"invalid CEL expression: {error}"
            self.problem(state.sites["when"], ("rules", rule_id, "when"), message)

    def check_exemptions(self) -> None:
        from policylint.globs import pattern_errors

        for site, index, item in self.exemptions:
            rule, paths = item.get("rule"), item.get("paths")
            if isinstance(paths, list) and all(isinstance(path, str) for path in paths):
                for position, message in pattern_errors(paths):
                    self.problem(site, ("exemptions", index, "paths", position), message)
            if isinstance(rule, str) and rule not in self.rules and rule not in self.turned_off:
                message = f"exemption for rule {rule!r}, which the effective policy does not have"
                self.problem(site, ("exemptions", index, "rule"), message)

    # Results.

    def problem(self, site: _Site, path: JsonPath, message: str, *, at_key: bool = False) -> None:
        from policylint.yamlio import format_problem

        position = site.document.position(path, at_key=at_key)
        text = format_problem(site.display, position, path, message)
        self.problems.append((site.order, *position, text))

    def policy(self) -> Policy:
        rules = tuple(self.rule(rule_id, state) for rule_id, state in self.rules.items())
        exemptions = tuple(
            Exemption(
                item["rule"],
                item["reason"],
                _location(site, ("exemptions", index)),
                tuple(item.get("paths", ())),
            )
            for site, index, item in self.exemptions
            if item["rule"] in self.rules  # the others name rules turned off: they lapse
        )
        return Policy(
            tuple(self.sources), rules, self.fail_on, exemptions, self.config_rel, self.params
        )

    def rule(self, rule_id: str, state: _RuleState) -> Rule:
        fields, skip = state.fields, state.fields.get("skip", {})
        positions = {
            key: _location(site, ("rules", rule_id, *key.split(".", 1)))
            for key, site in state.sites.items()
            if key == "when" or key.startswith("options.")
        }
        return Rule(
            rule_id,
            fields["kind"],
            fields["title"],
            fields["severity"],
            dict(state.options),
            _location(state.sites[""], ("rules", rule_id), at_key=True),
            description=fields.get("description", ""),
            help=fields.get("help", ""),
            when=fields.get("when"),
            skip=Skip(*(tuple(skip.get(name, ())) for name in ("labels", "markers", "trailers"))),
            tags=tuple(fields.get("tags", ())),
            references=tuple(fields.get("references", ())),
            enabled_at=self.enabled_at(rule_id, state),
            positions=positions,
        )

    def enabled_at(self, rule_id: str, state: _RuleState) -> Location | None:
        if self.config_rel is None or self.root_site is None:
            return None
        if ("rules", rule_id) in self.root_site.document.key_positions:
            line, column = self.root_site.document.key_positions[("rules", rule_id)]
            return Location(self.config_rel, line, column)
        return state.brought_by

    def entry_location(self, site: _Site, index: int) -> Location | None:
        """Where the root config's ``extends`` entry is, when the config is in the checkout."""
        if self.config_rel is None:
            return None
        return Location(self.config_rel, *site.document.position(("extends", index)))


def _builtin(name: str) -> _Source:
    from policylint.resources import data_dir

    return _Source(BUILTIN + name, data_dir("policies") / f"{name}.yaml")


def _relative(path: Path, root: Path) -> str | None:
    """``path`` relative to ``root`` in POSIX form, or None when it lies outside."""
    try:
        return Path(os.path.realpath(path)).relative_to(root).as_posix()
    except ValueError:
        return None


def _placed_relative(path: Path, given_root: Path, root: Path) -> str | None:
    """Where ``path`` is written in the checkout (its own link not followed), or None."""
    spellings = (os.path.abspath(path), os.path.join(os.path.realpath(path.parent), path.name))
    for spelling in spellings:
        for base in (os.path.abspath(given_root), str(root)):
            if spelling.startswith(os.path.join(base, "")):
                return Path(spelling).relative_to(base).as_posix()
    return None


def _strings(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _location(site: _Site, path: JsonPath, *, at_key: bool = False) -> Location:
    return Location(site.display, *site.document.position(path, at_key=at_key))
