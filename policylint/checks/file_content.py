"""file-content: matching files contain, match or lack patterns, and have required sections.

What it checks
    The text of the files matching ``globs``: that it contains literal strings, matches regular
    expressions, does not match forbidden ones, has required section headings (Markdown and
    reStructuredText) and has at least a number of list entries.

Why
    A file that exists can still be empty or a template nobody filled in. A CONTRIBUTING guide
    without a section on how to run the tests, a MAINTAINERS file naming one person, a README
    still saying "TODO" leave the work on the few people who know what is missing.

Options
    Globs are gitignore-style patterns relative to the repository root: ``README*`` matches at
    any depth, ``/README*`` only at the root. Regular expressions are searched with ``^`` and
    ``$`` matching at every line. Markdown ATX (``## Usage``) and setext headings and
    reStructuredText titles (underlined, optionally overlined) count as headings; fenced code
    blocks and YAML front matter do not. Heading text is compared after trimming and dropping
    closing ``#`` characters, emphasis, backticks, links and HTML tags: ``## **Getting started**
    ##`` is ``Getting started``. List entries are ``-``, ``*``, ``+`` bullets and ``1.``, ``1)``
    numbered items outside fenced code blocks.

    A matching file that cannot be read (binary, larger than 1 MiB, a link out of the checkout)
    never meets the conditions; its finding says why it was not read.

Example
    ```yaml
    contributing-explains-testing:
      kind: file-content
      title: The contributing guide explains how to run the tests
      severity: warning
      options:
        globs: ["/CONTRIBUTING*", "/.github/CONTRIBUTING*", "/docs/contributing*"]
        headings: ["/^(running )?tests?$|^testing$/"]
        not-matches: ["TODO|TBD"]
    ```
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from policylint.checks import NON_EMPTY_STRINGS, Example
from policylint.checks.support.markup import headings, list_entries
from policylint.display import one_line
from policylint.globs import GlobSet, compile_globs, pattern_errors
from policylint.linear import compile_linear, regex_problem
from policylint.model import OptionError, Problem

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.facts.repo import Repo
    from policylint.linear import LinearPattern
    from policylint.model import Rule

CONDITIONS = ("contains", "matches", "not-matches", "headings", "min-list-entries")
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["globs"],
    "properties": {
        "globs": {**NON_EMPTY_STRINGS, "description": "Globs of the files to inspect."},
        "contains": {**NON_EMPTY_STRINGS, "description": "Literal strings that must all appear."},
        "matches": {
            **NON_EMPTY_STRINGS,
            "description": "Regular expressions that must each match somewhere.",
        },
        "not-matches": {
            **NON_EMPTY_STRINGS,
            "description": (
                "Regular expressions none of which may match; the finding points at the line "
                "of the first match."
            ),
        },
        "headings": {
            **NON_EMPTY_STRINGS,
            "description": (
                "Required section headings; an entry written /regex/ is searched for in each "
                "heading's text instead (anchor it with ^ and $)."
            ),
        },
        "min-list-entries": {
            "type": "integer",
            "minimum": 1,
            "description": "The fewest list items the file may have.",
        },
        "case-sensitive": {
            "type": "boolean",
            "default": False,
            "description": "For globs and every comparison above.",
        },
        "all-files": {
            "type": "boolean",
            "default": False,
            "description": (
                "Every matching file must meet the conditions; otherwise one that meets them "
                "all is enough."
            ),
        },
        "missing": {
            "enum": ["fail", "pass"],
            "default": "fail",
            "description": "The outcome when no file matches.",
        },
        "message": {
            "type": "string",
            "minLength": 1,
            "description": "Put before each finding's message, as message: detail.",
        },
    },
}
EXAMPLES = (
    Example(
        options={"globs": ["/CONTRIBUTING*"], "headings": ["Testing"]},
        passes={"files": {"CONTRIBUTING.md": "# Contributing\n\n## Testing\n\nRun nox.\n"}},
        fails={"files": {"CONTRIBUTING.md": "# Contributing\n\nTODO\n"}},
        message='no heading "Testing"',
    ),
)


def validate(options: dict[str, Any]) -> list[OptionError]:
    globs = options.get("globs", [])
    errors = [OptionError(("globs", i), msg) for i, msg in pattern_errors(globs)]
    if not any(name in options for name in CONDITIONS):
        errors.append(OptionError((), f"give at least one of {', '.join(CONDITIONS)}"))
    for name in ("matches", "not-matches", "headings"):
        for i, entry in enumerate(options.get(name, [])):
            error = _regex_error(name, entry)
            if error:
                errors.append(OptionError((name, i), f"invalid regular expression: {error}"))
    return errors


def _regex_error(option: str, entry: str) -> str | None:
    """Why ``entry`` of ``option`` cannot be used; plain heading names are no regexes."""
    if option == "headings" and not _is_regex_heading(entry):
        return None
    return regex_problem(entry[1:-1] if option == "headings" else entry)


def check(rule: Rule, facts: Facts) -> Iterator[Problem]:
    options = rule.options
    prefix = options.get("message")
    for problem in _problems(options, facts.repo):
        yield problem._replace(message=f"{prefix}: {problem.message}") if prefix else problem


def _problems(options: dict[str, Any], repo: Repo) -> Iterator[Problem]:
    paths = repo.glob(_globset(options))
    if not paths:
        if options["missing"] == "fail":
            yield Problem(f"No file matching {', '.join(options['globs'])}")
        return
    every = options["all-files"]
    failed: list[Problem] = []
    for path in paths:
        problems = list(_file_problems(options, repo, path))
        if not problems and not every:
            return  # one file meets every condition: enough
        failed.extend(problems)
    if every or len(paths) == 1:  # a finding at the one file says what was read
        yield from failed
        return
    from policylint.checks.support.evidence import files_read

    looked_at = (f"{files_read(paths)} (none meets every condition)",)
    yield from (problem._replace(evidence=looked_at) for problem in failed)


def evidence(rule: Rule, facts: Facts) -> list[str]:
    """What satisfied the rule: the file that meets every condition and the fragments that
    did (every file, with ``all-files``), or that no file matched (``missing: pass``)."""
    from policylint.checks.support.evidence import paths

    options, repo = rule.options, facts.repo
    found = repo.glob(_globset(options))
    if not found:
        return [f"no file matching {', '.join(options['globs'])} (missing: pass)"]
    if options["all-files"]:
        return [f"every file meets the conditions: {paths(found)}"]
    path = next(p for p in found if not any(_file_problems(options, repo, p)))
    return _satisfied(options, path, repo.read_text(path).text or "")


def _satisfied(options: dict[str, Any], path: str, text: str) -> list[str]:
    """What in ``text`` met each condition (at most five, then how many more)."""
    from policylint.checks.support.evidence import quoted
    from policylint.display import display

    ignore_case, where = _ignores_case(options), display(path)
    said: list[str] = []
    for option in ("contains", "matches"):
        entries = options.get(option, [])
        literal = option == "contains"
        patterns = tuple(re.escape(e) if literal else e for e in entries)
        for regex in _compiled(patterns, ignore_case):
            found = regex.search(text)
            if found:  # the whole line: a match of ^# says little on its own
                start = text.rfind("\n", 0, found.start()) + 1
                end = text.find("\n", found.end())
                line = text.count("\n", 0, start) + 1
                said.append(
                    f"{where} line {line}: {quoted(text[start : end if end >= 0 else None])}"
                )
    said += [f"{where}: no match of /{e}/" for e in options.get("not-matches", [])]
    said += [
        f"{where}: heading matching {display(e)}"
        if _is_regex_heading(e)
        else f'{where}: heading "{display(e)}"'
        for e in options.get("headings", [])
    ]
    if "min-list-entries" in options:
        said.append(f"{where}: {list_entries(text)} list entries")
    return said[:5] + ([f"and {len(said) - 5} more"] if len(said) > 5 else [])


def _globset(options: dict[str, Any]) -> GlobSet:
    ignore_case = not options["case-sensitive"]
    return compile_globs(tuple(options["globs"]), ignore_case=ignore_case)


def _file_problems(options: dict[str, Any], repo: Repo, path: str) -> Iterator[Problem]:
    content = repo.read_text(path)
    if content.text is None:
        yield Problem(f"content not checked: {content.note}", path, key=f"{path}:unreadable")
        return
    text, ignore_case = content.text, _ignores_case(options)
    yield from _absent("contains", options.get("contains", []), ignore_case, text, path)
    yield from _absent("matches", options.get("matches", []), ignore_case, text, path)
    yield from _forbidden(options.get("not-matches", []), ignore_case, text, path)
    yield from _missing_headings(options.get("headings", []), ignore_case, text, path)
    yield from _too_few_entries(options.get("min-list-entries"), text, path)


def _ignores_case(options: dict[str, Any]) -> bool:
    """Whether to ignore case (patterns are always multi-line: ``^`` and ``$`` at each line)."""
    return not options["case-sensitive"]


def _absent(
    option: str, entries: list[str], ignore_case: bool, text: str, path: str
) -> Iterator[Problem]:
    """A problem for each literal (``contains``) or regex (``matches``) not found in ``text``."""
    literal = option == "contains"
    patterns = tuple(re.escape(e) if literal else e for e in entries)
    for entry, regex in zip(entries, _compiled(patterns, ignore_case), strict=True):
        if not regex.search(text):
            message = f'does not contain "{entry}"' if literal else f"does not match /{entry}/"
            yield Problem(message, path, key=f"{path}:{option}:{entry}")


@lru_cache(maxsize=256)
def _compiled(patterns: tuple[str, ...], ignore_case: bool) -> tuple[LinearPattern, ...]:
    """Compiled once per process (a rule's patterns are checked against many files), by RE2:
    the files are the repository's, so matching must stay linear in their size."""
    return tuple(compile_linear(p, ignore_case=ignore_case, multiline=True) for p in patterns)


def _forbidden(patterns: list[str], ignore_case: bool, text: str, path: str) -> Iterator[Problem]:
    for pattern, regex in zip(patterns, _compiled(tuple(patterns), ignore_case), strict=True):
        found = regex.search(text)
        if found:
            line = text.count("\n", 0, found.start()) + 1
            excerpt = one_line(found.group(0), 80)
            shown = one_line(pattern, 80)  # a generated pattern can be kilobytes long
            message = f'matches the forbidden pattern /{shown}/: "{excerpt}"'
            yield Problem(message, path, line, key=f"{path}:not-matches:{pattern}")


def _missing_headings(
    wanted: list[str], ignore_case: bool, text: str, path: str
) -> Iterator[Problem]:
    if not wanted:
        return
    present = headings(text)
    for entry in wanted:
        if not _has_heading(entry, present, ignore_case):
            what = f"matching {entry}" if _is_regex_heading(entry) else f'"{entry}"'
            yield Problem(f"no heading {what}", path, key=f"{path}:heading:{entry}")


def _is_regex_heading(entry: str) -> bool:
    return len(entry) > 2 and entry.startswith("/") and entry.endswith("/")


def _has_heading(entry: str, present: list[str], ignore_case: bool) -> bool:
    if _is_regex_heading(entry):
        (regex,) = _compiled((entry[1:-1],), ignore_case)
        return any(regex.search(heading) for heading in present)
    name = " ".join(entry.split())
    if ignore_case:
        return name.casefold() in {heading.casefold() for heading in present}
    return name in present


def _too_few_entries(minimum: int | None, text: str, path: str) -> Iterator[Problem]:
    if minimum is None:
        return
    count = list_entries(text)
    if count < minimum:
        message = f"has {count} list entries, needs at least {minimum}"
        yield Problem(message, path, key=f"{path}:min-list-entries")
