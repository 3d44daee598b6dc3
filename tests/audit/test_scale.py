"""``policylint audit`` over 1,000 generated repositories: every row as predicted, a sample of
rows equal to ``policylint check`` on the same repository, and the JSON report adding up.

The repositories are varied: community files present under different spellings and in the
places that count (root, ``docs/``, ``.github/``), in places that do not, ignored by
``.gitignore`` or not yet committed; a built-in policy, a repository's own (a rule off, a
severity changed, an exemption, a rule of its own) or an invalid one; git checkouts and plain
directories. They are made fast: one real git repository per shape, copied for each repository.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from tests.helpers.audit import Row, check_json, read_journal
from tests.helpers.cli import run_policylint
from tests.helpers.repos import MIT, git, write_files

SEED = 621  # a seed that makes every kind of repository (see assert_varied)
COUNT = 1_000
SHAPES = 40  # shapes with a valid policy (or none); the invalid ones come on top
SAMPLE = 25
PREFIXES = ("api", "Web", "lib", "tool", "infra")

# Rule id -> names that count for it (root, docs/, .github/; .gitlab/ for maintainers).
COMMUNITY: dict[str, tuple[str, ...]] = {
    "readme": ("README.md", "readme.rst", "Readme.txt", "README", "docs/README.md"),
    "license": ("LICENSE", "LICENSE.txt", "COPYING", "licence.md", ".github/LICENSE"),
    "contributing": (
        "CONTRIBUTING.md",
        "docs/contributing.rst",
        ".github/CONTRIBUTING.md",
        "HACKING",
    ),
    "code-of-conduct": ("CODE_OF_CONDUCT.md", ".github/code_of_conduct.md", "CONDUCT.md"),
    "security-policy": (
        "SECURITY.md",
        ".github/SECURITY.md",
        "docs/security.rst",
        "SECURITY_CONTACTS",
    ),
    "governance": ("GOVERNANCE.md", "docs/governance.md", ".github/Governance.rst"),
    "maintainers": ("MAINTAINERS", "OWNERS", ".github/CODEOWNERS", ".gitlab/CODEOWNERS"),
    "changelog": ("CHANGELOG.md", "CHANGES.rst", "HISTORY.md", "NEWS", "docs/release-notes.md"),
}
# Rule id -> names that look right but are not where the rule looks.
DECOYS: dict[str, tuple[str, ...]] = {
    "readme": ("src/README.md",),
    "license": ("examples/LICENSE", "vendor/lib/COPYING"),
    "security-policy": ("tests/SECURITY.md",),
    "governance": ("docs/dev/GOVERNANCE.md",),
    "changelog": ("lib/CHANGELOG.md",),
}
# What a present community file says: enough for the content rules, which then pass (they pass
# too when their file is missing: that is the presence rule's finding).
TEXT = {
    "readme": "# app\n\nA service that answers requests.\n",
    "license": MIT,
    "contributing": "# Contributing\n\nOpen a pull request.\n",
    "code-of-conduct": "# Code of Conduct\n\nReport problems to conduct@app.dev.\n",
    "security-policy": "security@app.dev\n",
    "governance": "# Governance\n\nMaintainers decide by consensus.\n",
    "maintainers": "* @ada\n",
    "changelog": "# Changelog\n",
}
CONTENT_RULES = (
    "readme-description",
    "license-identified",
    "contributing-process",
    "conduct-contact",
    "security-contact",
    "community-files-filled-in",
)
SEVERITY = {  # the others are warnings
    "readme": "error",
    "license": "error",
    "readme-description": "error",
    "license-identified": "error",
}
CHANGE_RULES = ("tests-with-code", "docs-updated", "pr-description", "change-size")  # skipped


class OwnPolicy(NamedTuple):
    """A valid ``.policylint.yaml`` and what it changes from the built-in policy."""

    text: str
    off: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    exempt: tuple[str, ...] = ()
    change_rules: bool = True  # it extends builtin:recommended (with the pr-hygiene rules)
    docs_index: bool = False  # it adds a rule of its own: docs/index.md exists


OWN_POLICIES = (
    OwnPolicy("extends: [builtin:recommended]\nrules:\n  changelog: off\n", off=("changelog",)),
    OwnPolicy(
        "extends: [builtin:recommended]\nrules:\n  governance: {severity: error}\n",
        severity=(("governance", "error"),),
    ),
    OwnPolicy(
        "extends: [builtin:community-health]\n"
        "rules:\n  maintainers: off\n  readme:\n    severity: note\n",
        off=("maintainers",),
        severity=(("readme", "note"),),
        change_rules=False,
    ),
    OwnPolicy(
        "extends: [builtin:recommended]\n"
        "exemptions:\n  - rule: license\n    reason: The foundation licenses it.\n",
        exempt=("license",),
    ),
    OwnPolicy(
        "extends: [builtin:recommended]\nrules:\n  docs-index:\n    kind: file-exists\n"
        "    title: The documentation has an index\n    severity: note\n"
        "    options: {globs: [index.md], directories: [docs]}\n",
        docs_index=True,
    ),
)
# An invalid .policylint.yaml -> the error row's reason (and whether the repository uses git).
INVALID_POLICIES = (
    (
        "rules:\n  governance: sometimes\n",
        ".policylint.yaml:2:15: $.rules.governance: must be 'off' or a mapping (got 'sometimes')",
        True,
    ),
    (
        "rules: [\n",
        ".policylint.yaml:2:1: $: expected the node content, but found '<stream end>' "
        "(while parsing a flow node at line 2, column 1)",
        False,
    ),
    (
        "fail-on: sometimes\n",
        ".policylint.yaml:1:10: $.fail-on: must be one of: error, warning, note, never "
        "(got 'sometimes')",
        True,
    ),
)
Prediction = dict[str, tuple[str, str]]  # rule id -> (status, severity)


class Shape(NamedTuple):
    """A template repository, and what an audit must say about each of its copies."""

    path: Path
    use_git: bool
    origin: str  # "builtin" or "repository"
    predicted: Prediction | None  # None: an error row
    error: str | None
    head: str | None


class Files(NamedTuple):
    committed: dict[str, str]
    uncommitted: dict[str, str]  # written after the commit: untracked (not ignored)
    passing: set[str]  # the rules these files satisfy


def community_files(rng: random.Random, *, use_git: bool) -> Files:
    files = Files({"src/main.py": "print('hi')\n"}, {}, set())
    ignored: list[str] = []
    for rule, names in COMMUNITY.items():
        roll, name = rng.random(), rng.choice(names)
        if roll < 0.5:
            files.committed[name] = TEXT[rule]
        elif roll < 0.6:
            files.uncommitted[name] = TEXT[rule]
        elif roll < 0.7:  # present but ignored (so never committed): it does not count
            files.committed[name] = TEXT[rule]
            ignored.append(f"/{name}")
        elif roll < 0.85 and rule in DECOYS:
            files.committed[rng.choice(DECOYS[rule])] = f"# not the {rule}\n"
        if roll < 0.5 or (roll < 0.6 and not use_git):  # git: only what is in the index
            files.passing.add(rule)
    if ignored:
        files.committed[".gitignore"] = "\n".join(ignored) + "\n"
    if rng.random() < 0.5:
        files.committed["docs/index.md"] = "# Documentation\n"
        files.passing.add("docs-index")
    return files


def predict(passing: set[str], own: OwnPolicy | None) -> Prediction:
    own = own or OwnPolicy("")
    rules = [r for r in COMMUNITY if r not in own.off]
    rules += list(CONTENT_RULES)
    rules += list(CHANGE_RULES) if own.change_rules else []
    rules += ["docs-index"] if own.docs_index else []
    severity = {**SEVERITY, **dict(own.severity), "docs-index": "note"}
    return {rule: (status(rule, passing, own), severity.get(rule, "warning")) for rule in rules}


def status(rule: str, passing: set[str], own: OwnPolicy) -> str:
    if rule in CHANGE_RULES:
        return "skipped"
    if rule in CONTENT_RULES:
        return "pass"
    return "pass" if rule in passing or rule in own.exempt else "fail"


def build(path: Path, files: Files, *, use_git: bool) -> str | None:
    """The template on disk; its HEAD commit (None: a plain directory). Few files to copy:
    no sample hooks, the objects in one pack."""
    write_files(path, files.committed)
    head = None
    if use_git:
        git(path, "init", "-q", "-b", "main", "--template=")
        git(path, "add", "-A")
        git(path, "commit", "-q", "-m", "initial commit")
        git(path, "repack", "-a", "-d", "-q")
        head = git(path, "rev-parse", "HEAD").strip()
    write_files(path, files.uncommitted)
    return head


def valid_shape(root: Path, index: int, rng: random.Random) -> Shape:
    """Every own policy in the first shapes, then at random; one shape in six is no git
    checkout (the first of them has a policy of its own)."""
    use_git, path = index % 6 != 4, root / f"shape{index:02d}"
    files = community_files(rng, use_git=use_git)
    own = None
    if index < len(OWN_POLICIES) or rng.random() < 0.3:
        own = OWN_POLICIES[index] if index < len(OWN_POLICIES) else rng.choice(OWN_POLICIES)
        files.committed[".policylint.yaml"] = own.text
    head = build(path, files, use_git=use_git)
    origin = "builtin" if own is None else "repository"
    return Shape(path, use_git, origin, predict(files.passing, own), None, head)


def invalid_shape(root: Path, index: int, rng: random.Random) -> Shape:
    text, reason, use_git = INVALID_POLICIES[index - SHAPES]
    files, path = community_files(rng, use_git=use_git), root / f"shape{index:02d}"
    files.committed[".policylint.yaml"] = text
    head = build(path, files, use_git=use_git)
    return Shape(path, use_git, "repository", None, reason, head)


def generate(tmp_path: Path, rng: random.Random) -> dict[str, Shape]:
    """COUNT repositories in tmp_path/org, each a copy of one shape (every shape used);
    repository name -> its shape. Invalid policies are rare: a few error rows."""
    templates = tmp_path / "templates"
    shapes = [valid_shape(templates, i, rng) for i in range(SHAPES)]
    shapes += [invalid_shape(templates, SHAPES + i, rng) for i in range(len(INVALID_POLICIES))]
    weights = [1.0] * SHAPES + [0.15] * len(INVALID_POLICIES)
    chosen = shapes + rng.choices(shapes, weights, k=COUNT - len(shapes))
    made = {}
    for number, shape in enumerate(chosen):
        name = f"{rng.choice(PREFIXES)}{rng.choice('-_.')}{number:04d}"
        # Hard links: git never writes a file in place (a lock file, then a rename), and an
        # audit writes nothing, so each copy is its own checkout, made in a fraction of the time.
        shutil.copytree(shape.path, tmp_path / "org" / name, symlinks=True, copy_function=os.link)
        made[name] = shape
    return made


def run_audit(tmp_path: Path) -> tuple[list[Row], dict[str, Any]]:
    journal, report = tmp_path / "audit.jsonl", tmp_path / "audit.json"
    argv = ["audit", str(tmp_path / "org"), "--journal", str(journal)]
    argv += ["--jobs", "2", "--no-progress", "--json", str(report)]
    proc = run_policylint(*argv)
    assert proc.returncode == 0, proc.stderr
    return read_journal(journal), json.loads(report.read_text("utf-8"))


def check_error(repo: Path) -> str:
    """What ``policylint check`` says about a repository it cannot evaluate."""
    proc = run_policylint("check", str(repo), "--format", "json", "--no-ci")
    assert (proc.returncode, proc.stdout) == (2, ""), proc.stderr
    return proc.stderr


def sample(repos: dict[str, Shape], rng: random.Random) -> list[str]:
    """SAMPLE repositories of as many shapes: one of each kind first (built-in policy, own
    policy, invalid policy, plain directory), then one of each further shape."""
    names = sorted(repos)
    rng.shuffle(names)
    picked: dict[Path, str] = {}  # shape -> the repository picked for it
    for kind in KINDS:
        name = next(n for n in names if kind(repos[n]) and repos[n].path not in picked)
        picked[repos[name].path] = name
    for name in names:
        if len(picked) < SAMPLE:
            picked.setdefault(repos[name].path, name)
    return list(picked.values())


KINDS: tuple[Callable[[Shape], bool], ...] = (
    lambda shape: shape.origin == "builtin",
    lambda shape: shape.origin == "repository" and shape.error is None,
    lambda shape: shape.error is not None,
    lambda shape: not shape.use_git,
)


def row_outcome(row: Row) -> tuple[Any, ...]:
    report = row["report"] or {"rules": []}
    rules = {r["id"]: (r["status"], r["severity"]) for r in report["rules"]}
    origin = row["policy"]["origin"] if row["policy"] else None
    return row["status"], row["error"], origin, row["head"], rules or None


def shape_outcome(shape: Shape) -> tuple[Any, ...]:
    status = "ok" if shape.error is None else "error"
    return status, shape.error, shape.origin, shape.head, shape.predicted


def recount(rows: list[Row]) -> dict[str, Counter[str]]:
    """Rule id -> how many repositories gave it each status (from the rows themselves), and
    in how many it passed thanks to an exemption."""
    counts: dict[str, Counter[str]] = {}
    for row in rows:
        report = row["report"] or {"rules": [], "findings": []}
        exempted = {f["rule"] for f in report["findings"] if f["status"] == "exempted"}
        for rule in report["rules"]:
            counted = counts.setdefault(rule["id"], Counter())
            counted[rule["status"]] += 1
            counted["exempted"] += rule["status"] == "pass" and rule["id"] in exempted
    return counts


@pytest.mark.slow
def test_an_audit_of_a_thousand_repositories_is_right_for_each(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    repos = generate(tmp_path, rng)
    rows, report = run_audit(tmp_path)
    assert_every_repository_once(rows, repos)
    named = {row["name"]: row for row in rows}
    for name, shape in repos.items():
        assert row_outcome(named[name]) == shape_outcome(shape), name
    assert_sample_says_what_check_says(tmp_path / "org", named, sample(repos, rng))
    assert_report_adds_up(report, rows, repos)
    assert_varied(repos, recount(rows))


def assert_every_repository_once(rows: list[Row], repos: dict[str, Shape]) -> None:
    assert len(rows) == COUNT
    assert sorted(Counter(row["name"] for row in rows).items()) == [(n, 1) for n in sorted(repos)]
    errors = {row["name"]: row["error"] for row in rows if row["status"] == "error"}
    assert errors == {name: s.error for name, s in repos.items() if s.error is not None}
    assert 5 <= len(errors) <= 40  # a few error rows among many reported repositories


def assert_sample_says_what_check_says(org: Path, named: dict[str, Row], picked: list[str]) -> None:
    assert len(picked) == SAMPLE
    with ThreadPoolExecutor(2) as pool:
        said = list(pool.map(lambda name: check_said(org / name, named[name]), picked))
    for name, document in zip(picked, said, strict=True):
        if named[name]["status"] == "error":
            assert document == f"policylint: {named[name]['error']}\n", name
        else:
            assert named[name]["report"] == document, name


def check_said(repo: Path, row: Row) -> Any:
    """What ``policylint check`` says about the repository of ``row``: its JSON document, or
    its error message (and exit code 2) when the audit could not evaluate it either."""
    return check_error(repo) if row["status"] == "error" else check_json(repo)


def assert_report_adds_up(report: dict[str, Any], rows: list[Row], repos: dict[str, Shape]) -> None:
    """The JSON report's totals and per-rule tallies, recounted from the rows."""
    summary, errors = report["summary"], sum(s.error is not None for s in repos.values())
    assert (summary["repositories"], summary["ok"] + summary["error"]) == (COUNT, COUNT)
    assert summary["error"] == errors
    origins = Counter(s.origin for s in repos.values())
    assert summary["policies"] == {**origins, "imposed": 0, "none": 0}
    assert [r["name"] for r in report["repositories"]] == sorted(repos)
    fields = ("pass", "fail", "skipped", "error", "exempted")
    tallies = {r["id"]: tuple(r[field] for field in fields) for r in report["rules"]}
    counts = recount(rows)
    assert tallies == {rule: tuple(c[field] for field in fields) for rule, c in counts.items()}
    assert counts["readme"]["pass"] + counts["readme"]["fail"] == COUNT - errors


def assert_varied(repos: dict[str, Shape], counts: dict[str, Counter[str]]) -> None:
    """What the seed made: every kind of repository, every rule both passing and failing."""
    kinds = Counter((s.origin, s.error is None, s.use_git) for s in repos.values())
    assert len(kinds) == 6, kinds  # built-in, own or invalid policy; git or not
    for rule in [*COMMUNITY, "docs-index"]:
        assert counts[rule]["pass"] and counts[rule]["fail"], rule
    assert counts["license"]["exempted"] > 0
