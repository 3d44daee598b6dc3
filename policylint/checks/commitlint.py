"""commitlint: commit messages judged as commitlint judges them, configured from the
project's own commitlint configuration.

What it checks
    Each commit of the change (merges skipped), with the project's commitlint configuration:
    ``package.json``'s ``commitlint`` key, ``.commitlintrc``, ``.commitlintrc.json``,
    ``.commitlintrc.yaml`` or ``.commitlintrc.yml``, in commitlint's order. When it extends
    ``@commitlint/config-conventional``, that preset's rules apply exactly (type enum and
    case, subject case and full stop, header length 100, body and footer lines of 100, a
    trimmed header), then the configuration's own ``rules`` (a level 0 turns one off). A
    message is parsed as commitlint parses it (the body ends where a ``BREAKING CHANGE``
    note or an issue reference such as ``Closes #12`` starts the footer), and commitlint's
    default ignores apply: merges, ``Revert``/``Reapply``, ``fixup!``/``squash!``/``amend!``
    (``git commit --fixup``), release subjects such as ``v1.2.3``, automatic merges. Only
    errors (level 2) fail, as in commitlint; warnings are not reported.

    Without a configuration, subjects follow Conventional Commits 1.0.0 with the types of
    config-conventional, within ``max-subject-length`` characters, a blank line after the
    subject (the commit-message kind's ``preset: conventional-commits``); ``fixup!`` and
    the other ignores still apply.

    A JavaScript or TypeScript configuration (``commitlint.config.js``) is one finding
    saying how to proceed: policylint never runs a repository's code.

Why
    A project that runs commitlint has said in its configuration what a good message is; a
    second linter with other limits blocks commits commitlint accepts (a 90-character
    header, a ``fixup!`` commit) and accepts ones it blocks (``Fix: Thing.``).

Options
    Each failing commit is one finding naming the commit and every rule it breaks, with the
    rule's name in brackets as commitlint prints it. An empty message (an aborted commit,
    or only comments) is reported as empty.

Example
    ```yaml
    conventional-commits:
      kind: commitlint
      title: Commit messages pass the project's commitlint rules
      severity: error
    ```
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from policylint.checks import Example
from policylint.checks.support.patterns import CONVENTIONAL_TYPES
from policylint.conventions.commitlint import Commitlint, load, problems
from policylint.conventions.commitlint_parse import ignored, parse
from policylint.conventions.config_files import ConfigProblem
from policylint.conventions.dco import message as full_message
from policylint.model import OptionError, Problem

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.facts.commits import Commit
    from policylint.model import Rule

OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "max-subject-length": {
            "type": "integer",
            "minimum": 1,
            "default": 72,
            "description": (
                "Without a commitlint configuration: the most characters a subject may have."
            ),
        },
        "ignore-merges": {
            "type": "boolean",
            "default": True,
            "description": "Merge commits are not checked; git or the forge writes their messages.",
        },
    },
}
_RC = {".commitlintrc.json": '{"extends": ["@commitlint/config-conventional"]}\n'}
EXAMPLES = (
    Example(
        options={},
        passes={"files": _RC, "change": {"message": "fix(parser): accept empty files\n"}},
        fails={"files": _RC, "change": {"message": "Fix: Parser.\n"}},
        message=(
            "commit 15dbb55d7317: subject must not be sentence-case, start-case, pascal-case, "
            "upper-case [subject-case]; subject may not end with full stop [subject-full-stop]; "
            "type must be lower-case [type-case]; type must be one of [build, chore, ci, docs, "
            "feat, fix, perf, refactor, revert, style, test] [type-enum]"
        ),
    ),
)
EMPTY = "the commit message is empty (git aborts a commit whose message is empty or only comments)"


def needs(options: dict[str, Any]) -> frozenset[str]:
    return frozenset({"commits"})


def validate(options: dict[str, Any]) -> list[OptionError]:
    return []


def check(rule: Rule, facts: Facts) -> Iterator[Problem]:
    assert facts.commits is not None  # the engine runs this kind only with commit facts
    try:
        config = load(facts.repo)
    except ConfigProblem as exc:
        yield Problem(exc.message, path=exc.path, line=exc.line)
        return
    for commit in facts.commits:
        if commit.is_merge and rule.options["ignore-merges"]:
            continue
        found = _commit_problems(config, rule.options, commit)
        if found:
            looked_at = (_rules(config), _examined(rule.options, facts.commits))
            yield Problem(f"{commit.named}: {'; '.join(found)}", key=commit.sha, evidence=looked_at)


def evidence(rule: Rule, facts: Facts) -> list[str]:
    """What satisfied the rule: the configuration that judged, and the commits it passed."""
    from policylint.checks.support.evidence import commit_named

    assert facts.commits is not None
    checked = [c for c in facts.commits if not (c.is_merge and rule.options["ignore-merges"])]
    shown = [commit_named(commit) for commit in checked[:3]]
    more = [f"and {len(checked) - 3} more"] if len(checked) > 3 else []
    return [_rules(load(facts.repo)), _examined(rule.options, facts.commits), *shown, *more]


def _rules(config: Commitlint | None) -> str:
    from policylint.display import display

    if config is None:
        return "no commitlint configuration: Conventional Commits 1.0.0"
    return f"rules from {display(config.source)}"


def _examined(options: dict[str, Any], commits: Sequence[Commit]) -> str:
    from policylint.checks.support.evidence import commits_examined

    merges = sum(1 for c in commits if c.is_merge) if options["ignore-merges"] else 0
    return commits_examined(len(commits), {"merge": merges})


def _commit_problems(
    config: Commitlint | None, options: dict[str, Any], commit: Commit
) -> list[str]:
    text = full_message(commit)
    if not text.strip():
        return [EMPTY]
    if (config is None or config.default_ignores) and ignored(text):
        return []
    if config is None:
        return _conventional(options, commit)
    return problems(config, parse(text, conventional=config.conventional))


def _conventional(options: dict[str, Any], commit: Commit) -> list[str]:
    """Conventional Commits 1.0.0, as the commit-message kind's preset checks it."""
    from policylint.checks.commit_message import commit_problems

    preset = {
        **options,
        "preset": "conventional-commits",
        "types": list(CONVENTIONAL_TYPES),
        "blank-second-line": True,
    }
    return commit_problems(preset, commit)
