"""codeowners: CODEOWNERS is valid and every changed file has an owner.

What it checks
    That the repository's CODEOWNERS file (the first of ``.github/CODEOWNERS``, ``CODEOWNERS``
    and ``docs/CODEOWNERS``, as GitHub picks it) has no invalid line, and that every file the
    change adds, modifies or renames has a code owner under it. Each invalid line is a finding
    at that line; each file without an owner is a finding at that file, saying whether no line
    matches it or the deciding line names no owner.

    Lines are read with GitHub's rules: the last matching line wins; a pattern with no owners
    takes ownership away; owners are ``@user``, ``@org/team-name`` or email addresses; paths
    are case-sensitive; ``docs/*`` owns the files directly in ``docs/``, ``docs/`` everything
    below it. Negation (``!``), character ranges (``[ ]``) and escaping a leading ``#`` do not
    work, so such a line is invalid; GitHub skips invalid lines. Whether an owner exists and
    may write to the repository only GitHub can tell; this check works offline.

Why
    A file nobody owns is a file nobody is asked to review. CODEOWNERS spreads review work
    to the people who know each part of the code, and an invalid line silently drops an
    owner: GitHub skips it and requests nobody.

Options
    The file is read from the checkout, as the change leaves it, so a change that adds a
    directory can give it an owner in the same change — except with ``--policy-ref``: then
    it is read from that trusted revision, as GitHub reads the base branch's CODEOWNERS, so a
    pull request cannot add ``* @anyone`` and own itself. Deleted files need no owner, and
    with no changed file to check, a missing CODEOWNERS is not reported either.

Example
    ```yaml
    owned-changes:
      kind: codeowners
      title: Every changed file has a code owner
      severity: warning
      options:
        paths: ["src/**", "!src/**/generated/**"]
    ```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from policylint.checks import NON_EMPTY_STRINGS, Example
from policylint.conventions.codeowners import (
    LOCATIONS,
    SIZE_LIMIT,
    AtRef,
    Codeowners,
    codeowners_at,
    find_codeowners,
    parse_codeowners,
)
from policylint.display import display
from policylint.globs import compile_globs, pattern_errors
from policylint.model import OptionError, Problem

if TYPE_CHECKING:
    from policylint.facts import Facts
    from policylint.model import Rule

_EXCLUSION_FIRST = (
    "an exclusion (!) removes what the patterns before it matched, and this one has none; "
    "start with the files that need an owner"
)
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "paths": {
            **NON_EMPTY_STRINGS,
            "description": (
                "Globs of the changed files that need an owner (gitignore-style, relative to "
                "the root; ! excludes); by default every changed file."
            ),
        },
        "message": {
            "type": "string",
            "minLength": 1,
            "description": (
                "Put before the message of each finding about a missing owner or a missing "
                "CODEOWNERS file, as message: detail."
            ),
        },
    },
}
EXAMPLES = (
    Example(
        options={"paths": ["src/**"]},
        passes={
            "files": {".github/CODEOWNERS": "/src/ @example/core\n"},
            "change": {"files": {"src/app.py": "x = 2\n"}},
        },
        fails={
            "files": {".github/CODEOWNERS": "/docs/ @example/docs\n"},
            "change": {"files": {"src/app.py": "x = 2\n"}},
        },
        message="src/app.py has no code owner: no line of .github/CODEOWNERS matches it",
    ),
)


def validate(options: dict[str, Any]) -> list[OptionError]:
    paths = options.get("paths", [])
    errors = [OptionError(("paths", i), message) for i, message in pattern_errors(paths)]
    if paths and paths[0].lstrip().startswith("!"):
        errors.append(OptionError(("paths", 0), _EXCLUSION_FIRST))
    return errors


def check(rule: Rule, facts: Facts) -> Iterator[Problem]:
    needing = _needing_owner(rule.options, facts)
    found = _read(facts)
    if found is None:
        if needing:
            yield Problem(_message(rule.options, _no_file(len(needing)), sentence=True))
        return
    location, text, note = found
    if text is None:
        yield Problem(f"{display(location)} cannot be used: {note}", path=location)
        return
    codeowners = parse_codeowners(text, location)
    yield from _invalid_lines(codeowners)
    for path in needing:
        why = _unowned(codeowners, path)
        if why is not None:
            looked_at = (_read_from(location, facts),)
            yield Problem(_message(rule.options, why), path=path, key=path, evidence=looked_at)


def evidence(rule: Rule, facts: Facts) -> list[str]:
    """What satisfied the rule: the line that names each changed file's owners, or that no
    changed file needs one."""
    needing = _needing_owner(rule.options, facts)
    found = _read(facts)
    if not needing or found is None or found.text is None:
        globs = rule.options.get("paths")
        return [f"no changed file matches {display(', '.join(globs))}" if globs else _NO_FILES]
    codeowners = parse_codeowners(found.text, found.path)
    shown = [_owned(codeowners, path) for path in needing[:3]]
    more = [f"and {len(needing) - 3} more files with owners"] if len(needing) > 3 else []
    return [*shown, *more, _read_from(found.path, facts)]


_NO_FILES = "the change adds or modifies no file"


def _owned(codeowners: Codeowners, path: str) -> str:
    """``src/app.py: line 1 (/src/) names @example/core``."""
    from policylint.checks.support.evidence import listed

    line = codeowners.owner_line(path)
    assert line is not None
    owners = listed([display(owner) for owner in line.owners])
    return f"{display(path)}: line {line.line} ({display(line.pattern)}) names {owners}"


def _read_from(location: str, facts: Facts) -> str:
    """Which CODEOWNERS file decided, and from where."""
    if facts.trusted_ref is not None:
        return f"read {display(location)} at {display(facts.trusted_ref)} (the trusted ref)"
    return f"read {display(location)} in the checkout"


def _read(facts: Facts) -> AtRef | None:
    """The CODEOWNERS file that decides: at the trusted ref with ``--policy-ref`` (a change
    must not name its own owners, and GitHub reads the base branch's file), else in the
    checkout."""
    if facts.trusted_ref is not None:
        return codeowners_at(facts.repo.root, facts.trusted_ref)
    location = find_codeowners(facts.repo)
    if location is None:
        return None
    read = facts.repo.read_text(location, limit=SIZE_LIMIT)
    return AtRef(location, read.text, (read.note or "").removeprefix(f"{location}: "))


def _needing_owner(options: dict[str, Any], facts: Facts) -> list[str]:
    assert facts.change is not None  # the engine runs this kind only with a change
    paths = [f.path for f in facts.change.files if f.status != "deleted"]
    if "paths" in options:
        globs = compile_globs(tuple(options["paths"]))
        paths = [path for path in paths if globs.match(path)]
    return paths


def _no_file(count: int) -> str:
    files = "changed file has" if count == 1 else f"{count} changed files have"
    where = ", ".join(LOCATIONS[:-1]) + " or " + LOCATIONS[-1]
    return f"no CODEOWNERS file (looked for {where}), so the {files} no code owner"


def _invalid_lines(codeowners: Codeowners) -> Iterator[Problem]:
    where = display(codeowners.path)
    for error in codeowners.errors:
        message = f"{where} line {error.line} is invalid and has no effect: {error.reason}"
        key = f"{codeowners.path}\0{error.text}"  # stable when lines above move
        yield Problem(message, path=codeowners.path, line=error.line, key=key)


def _unowned(codeowners: Codeowners, path: str) -> str | None:
    """Why ``path`` has no owner, or None when it has one."""
    line = codeowners.owner_line(path)
    if line is not None and line.owners:
        return None
    where, name = display(codeowners.path), display(path)
    if line is None:
        return f"{name} has no code owner: no line of {where} matches it"
    pattern = display(line.pattern)
    return f"{name} has no code owner: line {line.line} of {where} ({pattern}) names none"


def _message(options: dict[str, Any], detail: str, *, sentence: bool = False) -> str:
    """``message: detail`` with the message option; else the detail, as a sentence if asked
    (never a file name with a changed case)."""
    if "message" in options:
        return f"{options['message']}: {detail}"
    return detail[0].upper() + detail[1:] if sentence else detail
