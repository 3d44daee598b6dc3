"""changesets: changesets judged as ``changeset status`` judges them, configured from the
project's own ``.changeset/config.json``.

What it checks
    That a change which touches a package (a file under a workspace package's directory, or
    anywhere in a single-package repository, matching ``changedFilePatterns``) adds or edits
    a changeset, ``.changeset/<name>.md``, unless the package is ignored (``ignore``),
    private with ``privatePackages.version: false``, or has no version. Each changeset the
    change adds or edits must parse: front matter between ``---`` lines mapping package
    names of the workspace to ``major``, ``minor``, ``patch`` or ``none``, not mixing
    ignored packages with others. An empty changeset (``changeset add --empty``) counts.

    The workspace is read from ``package.json``'s ``workspaces`` (or
    ``pnpm-workspace.yaml``'s ``packages``), each package's name and version from its
    ``package.json``.

Why
    ``changeset status`` is what the Changesets bot and CI run; a policy that asks for a
    changeset where it does not (a private package, an ignored one) or accepts a changeset it
    rejects (a typo in a package name) is one a project cannot make required.

Options
    A changeset the change deletes is no changeset. Changesets the change does not touch
    are not parsed (``changeset status`` reads only new ones).

Example
    ```yaml
    release-note:
      kind: changesets
      title: Every change to a package adds a changeset
      severity: error
    ```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from policylint.checks import Example
from policylint.conventions.changesets import (
    changed_packages,
    front_matter_problem,
    is_changeset,
    load,
)
from policylint.conventions.config_files import ConfigProblem
from policylint.display import display
from policylint.model import OptionError, Problem

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.model import Rule

OPTIONS: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": {}}
_REPO = {
    ".changeset/config.json": "{}\n",
    "package.json": '{"name": "app", "version": "1.0.0"}\n',
}
EXAMPLES = (
    Example(
        options={},
        passes={
            "files": _REPO,
            "change": {
                "files": {"index.js": "x\n", ".changeset/a.md": '---\n"app": patch\n---\n\nFix.\n'}
            },
        },
        fails={"files": _REPO, "change": {"files": {"index.js": "x\n"}}},
        message=(
            "no changeset: the change touches app (.) but adds or edits no .changeset/*.md "
            "(run changeset add, or changeset add --empty for a change that releases nothing)"
        ),
    ),
)


def validate(options: dict[str, Any]) -> list[OptionError]:
    return []


def check(rule: Rule, facts: Facts) -> Iterator[Problem]:
    assert facts.change is not None  # the engine runs this kind only with a change
    try:
        config = load(facts.repo)
    except ConfigProblem as exc:
        yield Problem(exc.message, path=exc.path, line=exc.line)
        return
    present = [f.path for f in facts.change.files if f.status != "deleted"]
    changesets = [path for path in present if is_changeset(path)]
    for path in changesets:
        read = facts.repo.read_text(path)
        problem = read.note if read.text is None else front_matter_problem(config, path, read.text)
        if problem:
            yield Problem(display(problem), path=path)
    touched = changed_packages(config, [f.path for f in facts.change.files])
    if touched and not changesets:
        names = ", ".join(f"{p.name} ({p.directory or '.'})" for p in touched[:3])
        more = f" and {len(touched) - 3} more" if len(touched) > 3 else ""
        from policylint.checks.support.evidence import the_change

        yield Problem(
            f"no changeset: the change touches {display(names)}{more} but adds or edits no "
            ".changeset/*.md (run changeset add, or changeset add --empty for a change that "
            "releases nothing)",
            evidence=(the_change(facts.change.files),),
        )


def evidence(rule: Rule, facts: Facts) -> list[str]:
    """What satisfied the rule: the changesets the change adds or edits, or that it touches no
    package that needs one."""
    from policylint.checks.support.evidence import changed

    assert facts.change is not None
    files = [f for f in facts.change.files if f.status != "deleted" and is_changeset(f.path)]
    if files:
        return [f"changesets: {changed(files)}"]
    return ["the change touches no package that needs a changeset"]
