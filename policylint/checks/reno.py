"""reno: release notes judged as reno judges them, configured from the project's own reno
configuration.

What it checks
    With ``check: note`` (the default), that a change touching files matching ``if-changed``
    adds or edits a note in reno's notes directory (``releasenotes/notes/`` unless the
    configuration's ``notesdir`` says otherwise); a note the change deletes is no note.

    With ``check: notes``, every note as ``reno lint`` checks it, each problem one finding at
    the note: the YAML parses, the note is a non-empty mapping, every top-level key is a
    section of the configuration (``sections``, or reno's defaults) or its prelude
    (``prelude_section_name``), and no two notes share an id (the last 16 characters of the
    name). Values must be a string or a list of strings (the prelude: a string), which
    reno's loader asks for too (it only warns, and the report comes out wrong).

    The configuration is ``releasenotes/config.yaml``, else ``reno.yaml``; a configuration
    reno cannot read is a finding at that file.

Why
    A note that reno cannot file (a typo in a section, a list where a string belongs) drops
    out of the release notes silently until release day; a note per change is what reviewers
    ask for in projects that use reno.

Options
    An edited note counts as the change's note whether or not it was released (policylint
    reads no tags). Where a change needs no note, the packs' opt-outs apply: a label, a
    marker in the title, description or a commit message, or a commit trailer.

Example
    ```yaml
    release-note:
      kind: reno
      title: Every change to the code adds a reno release note
      severity: error
      options:
        if-changed: ["*.py", "!**/tests/**"]
    ```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from policylint.checks import NON_EMPTY_STRINGS, Example
from policylint.conventions.config_files import ConfigProblem
from policylint.conventions.reno import Reno, lint, load, note_paths
from policylint.display import display
from policylint.globs import compile_globs, pattern_errors
from policylint.model import OptionError, Problem

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.facts.change import Change, ChangedFile
    from policylint.model import Rule

OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "check": {
            "enum": ["note", "notes"],
            "default": "note",
            "description": (
                "note: the change adds or edits a note (needs a change); notes: every note "
                "is valid, as reno lint checks (reads only the checkout)."
            ),
        },
        "if-changed": {
            **NON_EMPTY_STRINGS,
            "default": ["**"],
            "description": "Globs of the changed files that need a note (check: note).",
        },
    },
}
EXAMPLES = (
    Example(
        options={"check": "notes"},
        passes={"files": {"releasenotes/notes/fix-a-1234567890abcdef.yaml": "fixes:\n  - A.\n"}},
        fails={"files": {"releasenotes/notes/fix-a-1234567890abcdef.yaml": "fix:\n  - A.\n"}},
        message=(
            "releasenotes/notes/fix-a-1234567890abcdef.yaml: unknown section 'fix'; reno knows "
            "prelude, features, issues, upgrade, deprecations, critical, security, fixes, other"
        ),
    ),
)


def needs(options: dict[str, Any]) -> frozenset[str]:
    return frozenset({"repo"}) if options.get("check") == "notes" else frozenset({"change"})


def validate(options: dict[str, Any]) -> list[OptionError]:
    globs = options.get("if-changed", [])
    return [OptionError(("if-changed", i), msg) for i, msg in pattern_errors(globs)]


def check(rule: Rule, facts: Facts) -> Iterator[Problem]:
    try:
        config = load(facts.repo)
    except ConfigProblem as exc:
        yield Problem(exc.message, path=exc.path, line=exc.line)
        return
    if rule.options["check"] == "notes":
        for problem in lint(facts.repo, config, note_paths(facts.repo, config)):
            yield Problem(display(problem.message), path=problem.path, line=problem.line)
        return
    assert facts.change is not None  # needs() asked for a change
    yield from _note_problem(config, facts.change, rule.options)


def _note_problem(config: Reno, change: Change, options: dict[str, Any]) -> Iterator[Problem]:
    globs = compile_globs(tuple(options["if-changed"]))
    triggers = [f for f in change.matching(globs) if f.status != "deleted"]
    prefix = config.notes + "/"
    if not triggers or _notes(config, change):
        return
    from policylint.checks.support.evidence import the_change

    first = display(triggers[0].path)
    more = f" and {len(triggers) - 1} more" if len(triggers) > 1 else ""
    yield Problem(
        f"no release note: {first}{more} changed, but no note in {display(prefix)} was added "
        "or edited (create one with reno new <slug>)",
        evidence=(the_change(change.files),),
    )


def evidence(rule: Rule, facts: Facts) -> list[str]:
    """What satisfied the rule: the note the change adds or edits, or that no changed file
    needs one; with ``check: notes``, how many notes reno lint would pass."""
    from policylint.checks.support.evidence import changed

    config = load(facts.repo)
    if rule.options["check"] == "notes":
        count = len(note_paths(facts.repo, config))
        counted = "1 note" if count == 1 else f"{count} notes"
        return [f"{counted} in {display(config.notes)}/ as reno lint reads them"]
    assert facts.change is not None
    notes = _notes(config, facts.change)
    if notes:
        return [f"notes: {changed(notes)}"]
    return [f"no changed file matches {display(', '.join(rule.options['if-changed']))}"]


def _notes(config: Reno, change: Change) -> list[ChangedFile]:
    """The notes the change adds or edits (a deleted note is none)."""
    prefix = config.notes + "/"
    return [
        f
        for f in change.files
        if f.status != "deleted" and f.path.startswith(prefix) and f.path.endswith(".yaml")
    ]
