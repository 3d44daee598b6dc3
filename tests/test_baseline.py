"""Baselines: record today's findings, then fail only on new ones; stale entries are counted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from policylint import baseline
from policylint.errors import BaselineError
from policylint.model import Baseline, Finding, Policy, Result, RuleOutcome
from policylint.reporters import REPORTERS
from tests.helpers.cli import run_policylint
from tests.helpers.paths import CHECK_SARIF, ROOT
from tests.helpers.repos import MakeRepo, git
from tests.helpers.results import STRICT, rule

NAME = ".policylint-baseline.json"
POLICY = """\
rules:
  no-todo:
    kind: file-content
    title: Documents hold no TODO
    help: Finish the document, or track the work in an issue.
    severity: error
    options: {globs: ["*.md"], not-matches: [TODO], all-files: true}
  license-file:
    kind: file-exists
    title: A licence exists
    severity: error
    options: {globs: ["license*"]}
"""
# Three findings: a TODO in a.md and in b.md, no licence.
BACKLOG = {".policylint.yaml": POLICY, "README.md": "# x\n", "a.md": "TODO\n", "b.md": "ok\nTODO\n"}
SUMMARY = "({} baselined) (policy: .policylint.yaml)\n"
SCHEMA = json.loads((ROOT / "schemas" / "baseline.schema.json").read_text(encoding="utf-8"))


def fingerprints(repo: Path) -> dict[tuple[str, str | None], str]:
    """(rule, path) -> fingerprint, from the JSON report."""
    report = json.loads(run_policylint("check", "-f", "json", cwd=repo).stdout)
    return {(f["rule"], f["path"]): f["fingerprint"] for f in report["findings"]}


@pytest.fixture
def baselined(make_repo: MakeRepo) -> Path:
    """The backlog repository with its baseline written (and committed, as the docs say)."""
    repo = make_repo(BACKLOG)
    proc = run_policylint("check", "--write-baseline", NAME, cwd=repo)
    assert (proc.returncode, proc.stderr) == (0, f"policylint: 3 finding(s) recorded in {NAME}\n")
    assert proc.stdout == (
        f"3 findings baselined in {NAME} (not listed)\n"
        "passed: no findings; 2 rules passed, 0 skipped, 3 exempted " + SUMMARY.format(3)
    )
    git(repo, "add", NAME)
    git(repo, "commit", "-q", "-m", "Record the policy backlog")
    return repo


def commit(repo: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (repo / name).write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", "change")


# The command line, end to end.


def test_the_baseline_records_failing_findings_sorted_by_path(baselined: Path) -> None:
    known = fingerprints(baselined)
    todo = 'matches the forbidden pattern /TODO/: "TODO"'
    assert json.loads((baselined / NAME).read_text(encoding="utf-8")) == {
        "version": 1,
        "tool": "policylint",
        "findings": [
            {
                "fingerprint": known["no-todo", "a.md"],
                "rule": "no-todo",
                "path": "a.md",
                "message": todo,
            },
            {
                "fingerprint": known["no-todo", "b.md"],
                "rule": "no-todo",
                "path": "b.md",
                "message": todo,
            },
            {
                "fingerprint": known["license-file", None],
                "rule": "license-file",
                "path": None,
                "message": "No file matching license* in the repository root, .github/ or docs/",
            },
        ],
    }
    jsonschema.validate(json.loads((baselined / NAME).read_text()), SCHEMA)


def test_no_new_finding_passes_and_says_how_many_were_baselined(baselined: Path) -> None:
    proc = run_policylint("check", "--baseline", NAME, cwd=baselined)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == (
        f"3 findings baselined in {NAME} (not listed)\n"
        "passed: no findings; 2 rules passed, 0 skipped, 3 exempted " + SUMMARY.format(3)
    )


def test_a_new_finding_fails_alone(baselined: Path) -> None:
    commit(baselined, {"c.md": "# C\n\nTODO: write\n"})
    proc = run_policylint("check", "--baseline", NAME, cwd=baselined)
    assert proc.returncode == 1
    assert proc.stdout == (
        "c.md\n"
        '  error no-todo (line 3): matches the forbidden pattern /TODO/: "TODO"\n'
        "    fix: Finish the document, or track the work in an issue.\n"
        "\n"
        f"3 findings baselined in {NAME} (not listed)\n"
        "failed: 1 error (no-todo); 1 rule passed, 0 skipped, 3 exempted " + SUMMARY.format(3)
    )


def test_with_a_policy_ref_the_baseline_is_read_from_that_commit(baselined: Path) -> None:
    git(baselined, "switch", "-q", "-c", "feature")
    commit(baselined, {"c.md": "TODO\n"})
    assert run_policylint("check", "--write-baseline", NAME, cwd=baselined).returncode == 0
    commit(baselined, {})  # the branch's baseline now accepts its own new finding
    own = run_policylint("check", "--baseline", NAME, cwd=baselined)
    assert own.returncode == 0
    trusted = run_policylint("check", "--baseline", NAME, "--policy-ref", "main", cwd=baselined)
    assert trusted.returncode == 1
    assert "c.md\n  error no-todo (line 1)" in trusted.stdout
    assert f"3 findings baselined in main:{NAME} (not listed)\n" in trusted.stdout
    missing = run_policylint(
        "check", "--baseline", "nope.json", "--policy-ref", "main", cwd=baselined
    )
    assert (missing.returncode, missing.stderr) == (
        2,
        "policylint: main:nope.json: cannot read the baseline from the policy ref: no such file "
        f"in main (commit {git(baselined, 'rev-parse', 'main').strip()[:12]})\n",
    )


def test_moving_a_finding_within_its_file_keeps_it_baselined(baselined: Path) -> None:
    before = fingerprints(baselined)
    commit(baselined, {"b.md": "# B\n\nmore text\nok\nTODO\n"})
    assert fingerprints(baselined) == before
    assert run_policylint("check", "--baseline", NAME, cwd=baselined).returncode == 0


def test_a_fixed_finding_leaves_a_stale_entry_until_the_baseline_is_regenerated(
    baselined: Path,
) -> None:
    commit(baselined, {"a.md": "done\n"})
    proc = run_policylint("check", "--baseline", NAME, cwd=baselined)
    assert proc.returncode == 0
    assert proc.stdout == (
        f"2 findings baselined in {NAME} (not listed); 1 of its entries no longer occurs "
        f"(regenerate it with --write-baseline {NAME} to drop them)\n"
        "passed: no findings; 2 rules passed, 0 skipped, 2 exempted " + SUMMARY.format(2)
    )
    assert run_policylint("check", "--write-baseline", NAME, cwd=baselined).returncode == 0
    assert len(json.loads((baselined / NAME).read_text())["findings"]) == 2


def test_the_json_report_counts_baselined_and_stale(baselined: Path) -> None:
    commit(baselined, {"a.md": "done\n", "c.md": "TODO\n"})
    proc = run_policylint("check", "--baseline", NAME, "-f", "json", cwd=baselined)
    assert proc.returncode == 1
    document = json.loads(proc.stdout)
    jsonschema.validate(document, STRICT, cls=jsonschema.Draft202012Validator)
    assert document["summary"] == {
        "fail": 1,
        "pass": 1,
        "skipped": 0,
        "exempted": 2,
        "error": 0,
        "baselined": 2,
        "stale": 1,
    }
    statuses = [(f["path"], f["status"], f.get("exemption")) for f in document["findings"]]
    assert statuses == [
        ("b.md", "exempted", f"recorded in the baseline {NAME}"),
        ("c.md", "fail", None),
        (None, "exempted", f"recorded in the baseline {NAME}"),
    ]


@pytest.mark.skipif(not CHECK_SARIF.exists(), reason="../shared/tools/check-sarif not present")
def test_sarif_marks_baselined_findings_suppressed(baselined: Path, tmp_path: Path) -> None:
    commit(baselined, {"c.md": "TODO\n"})
    out = tmp_path / "out.sarif"
    proc = run_policylint(
        "check", "--baseline", NAME, "-f", "sarif", "-o", str(out), "-q", cwd=baselined
    )
    assert (proc.returncode, proc.stderr) == (1, "")
    assert proc.stdout == (  # --quiet: only what fails the run
        "c.md\n"
        '  error no-todo (line 1): matches the forbidden pattern /TODO/: "TODO"\n'
        "    fix: Finish the document, or track the work in an issue.\n"
        "\n"
        "failed: 1 error (no-todo); 1 rule passed, 0 skipped, 3 exempted (3 baselined) "
        "(policy: .policylint.yaml)\n"
    )
    results = json.loads(out.read_text())["runs"][0]["results"]
    suppressed = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r.get("suppressions")
        for r in results
    }
    justification = [{"kind": "external", "justification": f"recorded in the baseline {NAME}"}]
    assert suppressed == {
        "a.md": justification,
        "b.md": justification,
        "c.md": None,
        ".policylint.yaml": justification,
    }
    check = subprocess.run(
        [sys.executable, str(CHECK_SARIF), str(out), "--root", str(baselined)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout
    assert check.stdout.endswith(f"{out}: 0 problems, 4 results\n")


# Bad baseline files: exit 2, with the position.


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('{\n  "version": 1,\n  "findings": [}\n', "3:16: invalid JSON: Expecting value"),
        (
            '{"version": 1, "tool": "policylint", "findings": [\n<<<<<<< HEAD\n',
            "2:1: invalid JSON: Expecting value (an unresolved merge conflict: regenerate the "
            "file with --write-baseline)",
        ),
        (
            '{"version": 1, "tool": "policylint",\n "findings": [{"fingerprint": 7,'
            ' "rule": "r", "path": null, "message": ""}]}\n',
            "2:31: $.findings[0].fingerprint: must be a string (got 7)",
        ),
    ],
)
def test_an_invalid_baseline_is_a_usage_error_with_its_position(
    make_repo: MakeRepo, text: str, error: str
) -> None:
    repo = make_repo({**BACKLOG, NAME: text})
    proc = run_policylint("check", "--baseline", NAME, cwd=repo)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == f"policylint: {NAME}:{error}\n"


def test_a_missing_baseline_says_how_to_write_one(make_repo: MakeRepo) -> None:
    repo = make_repo(BACKLOG)
    proc = run_policylint("check", "--baseline", "nope.json", cwd=repo)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        "policylint: nope.json: the baseline file does not exist "
        "(write one with --write-baseline nope.json)\n"
    )


def test_every_schema_problem_is_reported_in_file_order(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text(
        '{\n  "version": 2,\n  "tool": "policylint",\n  "findings": [\n'
        '    {"fingerprint": "", "rule": "r", "message": "m"}\n  ]\n}\n'
    )
    with pytest.raises(BaselineError) as caught:
        baseline.read(str(path))
    assert caught.value.problems == [
        f"{path}:2:14: $.version: must be 1 (got 2)",
        f"{path}:5:5: $.findings[0]: missing required key 'path'",
        f"{path}:5:21: $.findings[0].fingerprint: must not be empty",
    ]


# The module, on results built by hand.


def finding(rule_id: str, status: Any, key: str, path: str | None = None) -> Finding:
    exemption = "accepted" if status == "exempted" else None
    return Finding(
        rule_id, "error", status, f"{rule_id} at {path}", key * 32, path, None, exemption
    )


def result_of(root: Path, *findings: Finding, outcomes: tuple[RuleOutcome, ...] = ()) -> Result:
    rules = tuple(rule(r) for r in dict.fromkeys(f.rule for f in findings))
    outcomes = outcomes or tuple(RuleOutcome(r.id, "fail") for r in rules)
    return Result(str(root), Policy(("builtin:x",), rules), findings, outcomes)


def baseline_file(root: Path, *entries: tuple[str, str]) -> str:
    """A baseline of (fingerprint key, rule) entries in ``root``; its path."""
    findings = [
        {"fingerprint": key * 32, "rule": rule_id, "path": None, "message": ""}
        for key, rule_id in entries
    ]
    path = root / "bl.json"
    path.write_text(json.dumps({"version": 1, "tool": "policylint", "findings": findings}))
    return str(path)


def test_rule_errors_and_exempted_findings_are_never_recorded_nor_accepted(
    tmp_path: Path,
) -> None:
    mixed = result_of(
        tmp_path,
        finding("a", "fail", "1", "z.md"),
        finding("b", "exempted", "2", "y.md"),
        finding("c", "error", "3"),
    )
    path = tmp_path / "written.json"
    assert baseline.write(str(path), mixed) == 1
    assert [e["fingerprint"] for e in json.loads(path.read_text())["findings"]] == ["1" * 32]
    applied = baseline.apply(mixed, baseline_file(tmp_path, ("1", "a"), ("2", "b"), ("3", "c")))
    assert [(f.status, f.exemption) for f in applied.findings] == [
        ("exempted", "recorded in the baseline bl.json"),
        ("exempted", "accepted"),
        ("error", None),
    ]
    assert applied.baseline == Baseline("bl.json", 1, 0)
    assert applied.failed()  # the rule error still fails the run


def test_entries_of_rules_that_did_not_run_are_not_stale(tmp_path: Path) -> None:
    path = baseline_file(tmp_path, ("1", "ran"), ("2", "skipped"), ("3", "crashed"), ("4", "gone"))
    outcomes = (
        RuleOutcome("ran", "pass"),
        RuleOutcome("skipped", "skipped", "no change"),
        RuleOutcome("crashed", "error", "boom"),
    )
    applied = baseline.apply(result_of(tmp_path, outcomes=outcomes), path)
    assert applied.baseline == Baseline("bl.json", 0, 1)


def test_a_rule_whose_findings_are_all_baselined_passes(tmp_path: Path) -> None:
    both = result_of(
        tmp_path,
        finding("a", "fail", "1", "x"),
        finding("a", "fail", "2", "y"),
        finding("b", "fail", "3", "z"),
    )
    applied = baseline.apply(both, baseline_file(tmp_path, ("1", "a"), ("2", "a")))
    assert applied.outcomes == (
        RuleOutcome("a", "pass", "2 finding(s) exempted"),
        RuleOutcome("b", "fail"),
    )
    assert applied.failed()


def test_text_report_lists_only_what_the_baseline_did_not_accept(tmp_path: Path) -> None:
    result = result_of(
        tmp_path,
        finding("a", "fail", "1", "x.md"),
        finding("b", "exempted", "2", "y.md"),
        outcomes=(RuleOutcome("a", "fail"), RuleOutcome("b", "pass", "1 finding(s) exempted")),
    )
    applied = baseline.apply(result, baseline_file(tmp_path, ("1", "a"), ("9", "a")))
    assert REPORTERS.load("text").render(applied) == (
        "not failing the run (exempted)\n"
        "y.md\n"
        "  exempted b: b at y.md\n"
        "    reason: accepted\n"
        "\n"
        "1 finding baselined in bl.json (not listed); 1 of its entries no longer occurs "
        "(regenerate it with --write-baseline bl.json to drop them)\n"
        "passed: no findings; 2 rules passed, 0 skipped, 2 exempted (1 baselined) "
        "(policy: builtin:x)\n"
    )


def test_undecodable_paths_are_written_as_valid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    baseline.write(str(path), result_of(tmp_path, finding("a", "fail", "1", "b\udcffd.md")))
    entry = json.loads(path.read_bytes().decode("utf-8"))["findings"][0]
    assert entry["path"] == "b\\xffd.md"


def test_an_unwritable_baseline_is_a_usage_error(tmp_path: Path) -> None:
    target = tmp_path / "no" / "dir" / "bl.json"
    with pytest.raises(BaselineError) as caught:
        baseline.write(str(target), result_of(tmp_path))
    assert caught.value.problems == [
        f"{target}: cannot write the baseline: No such file or directory"
    ]


def test_the_baseline_is_shown_relative_to_the_root_when_inside_it(tmp_path: Path) -> None:
    inside = tmp_path / "ci" / "baseline.json"
    assert baseline.shown_path(str(inside), str(tmp_path)) == "ci/baseline.json"
    outside = tmp_path.parent / "elsewhere.json"
    assert baseline.shown_path(str(outside), str(tmp_path)) == str(outside)


VALID = {
    "version": 1,
    "tool": "policylint",
    "findings": [{"fingerprint": "f", "rule": "r", "path": None, "message": "m"}],
}


@pytest.mark.parametrize(
    "document",
    [
        VALID,
        {**VALID, "findings": [], "later": True},
        {**VALID, "version": 1.0},
        [],
        {**VALID, "version": True},
        {**VALID, "version": 2},
        {**VALID, "tool": "other"},
        {"version": 1, "tool": "policylint"},
        {**VALID, "findings": {}},
        {**VALID, "findings": [[]]},
        {**VALID, "findings": [{"fingerprint": "f", "rule": "r", "message": "m"}]},
        {**VALID, "findings": [{"fingerprint": "f", "rule": "", "path": "p", "message": "m"}]},
        {**VALID, "findings": [{"fingerprint": "f", "rule": "r", "path": 1, "message": "m"}]},
        {**VALID, "findings": [{"fingerprint": "f", "rule": "r", "path": "p", "message": None}]},
    ],
)
def test_the_fast_check_agrees_with_the_schema(document: Any) -> None:
    valid = jsonschema.Draft202012Validator(SCHEMA).is_valid(document)
    assert baseline.well_formed(document) is valid
