"""towncrier: news fragments judged as ``towncrier check`` judges them, configured from the
project's own ``[tool.towncrier]``.

What it checks
    With ``check: fragment`` (the default), that a change adds or edits a news fragment of a
    type whose ``check`` flag is on, or changes the news file (``filename``, a release) —
    what ``towncrier check`` enforces. A fragment the change deletes is no note.

    With ``check: names``, that every entry of the fragment directories is a fragment
    towncrier accepts or a file it ignores: ``<issue>.<type>[.<counter>][.<ext>]`` with one of
    the project's types, ``<orphan prefix><name>.<type>`` for a change without an issue, an
    issue matching ``issue_pattern`` when one is set, no two fragments for the same issue,
    type and counter. Each other entry is one finding at its path: towncrier stops at it.

    The configuration is the project's own: ``towncrier.toml``, else ``pyproject.toml``'s
    ``[tool.towncrier]`` — ``directory`` (or ``package_dir``/``package``/``newsfragments``,
    ``package`` defaulting to ``[project] name``), ``section`` paths, ``type`` arrays or
    ``fragment`` tables (custom types and their ``check`` flag; else towncrier's five
    defaults), ``ignore`` patterns, the ``template`` file, ``orphan_prefix``,
    ``issue_pattern`` and ``filename``. A configuration towncrier refuses (invalid TOML, a
    template that does not exist, a misspelt option) is a finding at that file.

Why
    A project that uses towncrier already says in its configuration where fragments live
    and which types it has; a linter that asks for them again disagrees with the tool the
    first time someone adds a custom type. Judging exactly as ``towncrier check`` does makes
    the rule safe to require.

Options
    Files git does not track (an editor's ``.DS_Store``) are not seen: a CI checkout has none.
    A change with no changed file passes, as in towncrier.

Example
    ```yaml
    release-note:
      kind: towncrier
      title: Every change adds a towncrier news fragment
      severity: error
      skip: {labels: [no-release-note], trailers: [No-Release-Note]}
    ```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from policylint.checks import Example
from policylint.conventions.config_files import ConfigProblem
from policylint.conventions.towncrier import Towncrier, load, scan
from policylint.display import display
from policylint.model import OptionError, Problem

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.facts.change import Change
    from policylint.model import Rule

OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "check": {
            "enum": ["fragment", "names"],
            "default": "fragment",
            "description": (
                "fragment: the change carries a fragment or changes the news file (needs a "
                "change); names: every entry of the fragment directories is valid (reads only "
                "the checkout)."
            ),
        },
    },
}
_CONFIG = {"pyproject.toml": '[tool.towncrier]\ndirectory = "changes"\n'}
EXAMPLES = (
    Example(
        options={},
        passes={
            "files": _CONFIG,
            "change": {"files": {"src/a.py": "x\n", "changes/12.bugfix.md": "Fixed.\n"}},
        },
        fails={"files": _CONFIG, "change": {"files": {"src/a.py": "x\n"}}},
        message=(
            "no news fragment: the change (1 file) adds or edits no fragment in changes/ of a "
            "type towncrier check counts (feature, bugfix, doc, removal, misc), and does not "
            "change the news file NEWS.rst"
        ),
    ),
)
NO_CONFIG = (
    "no towncrier configuration: neither towncrier.toml nor pyproject.toml exists, so "
    "towncrier check stops (add [tool.towncrier] to pyproject.toml)"
)


def needs(options: dict[str, Any]) -> frozenset[str]:
    """A change for the fragment check; the checkout alone for the names."""
    return frozenset({"repo"}) if options.get("check") == "names" else frozenset({"change"})


def validate(options: dict[str, Any]) -> list[OptionError]:
    return []


def check(rule: Rule, facts: Facts) -> Iterator[Problem]:
    try:
        config = load(facts.repo)
    except ConfigProblem as exc:
        yield Problem(exc.message, path=exc.path, line=exc.line)
        return
    if config is None:
        yield Problem(NO_CONFIG)
        return
    try:
        if rule.options["check"] == "names":
            for message, path in _name_problems(facts, config):
                yield Problem(message, path=path)
            return
        assert facts.change is not None  # needs() asked for a change
        yield from _fragment_problem(facts, config, facts.change)
    except ConfigProblem as exc:
        yield Problem(exc.message, path=config.source, line=exc.line)


def _name_problems(facts: Facts, config: Towncrier) -> Iterator[tuple[str, str]]:
    _, problems = scan(facts.repo, config)
    for path, message in problems:
        yield display(message), path


def _fragment_problem(facts: Facts, config: Towncrier, change: Change) -> Iterator[Problem]:
    changed = {changed.path for changed in change.files}
    if not changed or config.news_file in changed:
        return
    fragments, _ = scan(facts.repo, config)
    ours = [fragment for fragment in fragments if fragment.path in changed]
    if any(config.types[fragment.category] for fragment in ours):
        return
    where = _where(config)
    counted = ", ".join(name for name, counts in config.types.items() if counts)
    files = "1 file" if len(changed) == 1 else f"{len(changed)} files"
    message = (
        f"no news fragment: the change ({files}) adds or edits no fragment in {where} "
        f"of a type towncrier check counts ({display(counted)}), and does not change the news "
        f"file {display(config.news_file)}"
    )
    if ours:
        unchecked = ", ".join(display(fragment.path) for fragment in ours)
        message += f" (fragments of types with check = false do not count: {unchecked})"
    from policylint.checks.support.evidence import the_change

    looked_at = (the_change(change.files), f"configuration: {display(config.source)}")
    yield Problem(message, evidence=looked_at)


def evidence(rule: Rule, facts: Facts) -> list[str]:
    """What satisfied the rule: the fragments the change adds or edits, the news file it
    changes, or that it changes nothing; with ``check: names``, how many fragments passed."""
    from policylint.checks.support.evidence import paths

    config = load(facts.repo)
    assert config is not None  # the check passed
    fragments, _ = scan(facts.repo, config)
    source = f"configuration: {display(config.source)}"
    if rule.options["check"] == "names":
        count = "1 fragment" if len(fragments) == 1 else f"{len(fragments)} fragments"
        return [f"{count} with valid names in {_where(config)}", source]
    assert facts.change is not None
    changed = {f.path for f in facts.change.files}
    if not changed:
        return ["the change has no files"]
    if config.news_file in changed:
        return [f"the news file {display(config.news_file)} changed", source]
    ours = [f.path for f in fragments if f.path in changed and config.types[f.category]]
    return [f"fragments: {paths(ours)}", source]


def _where(config: Towncrier) -> str:
    return display(" or ".join(f"{d}/" if d else "the repository root" for d in config.directories))
