"""The sarif reporter: SARIF 2.1.0 that GitHub code scanning accepts, every result located."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import policylint
from policylint.engine import evaluate
from policylint.facts import Facts
from policylint.facts.repo import Repo
from policylint.model import Finding, Location, Policy, Result
from policylint.reporters import REPORTERS
from policylint.reporters.sarif import truncate, uri
from tests.helpers.golden import assert_golden
from tests.helpers.paths import CHECK_SARIF, SHARED
from tests.helpers.repos import MakeRepo
from tests.helpers.results import CONFIG, EVIL, one_finding, rule, sample_result

render = REPORTERS.load("sarif").render
SARIF_SCHEMA = SHARED / "sarif" / "sarif-schema-2.1.0.json"


def sarif(result: Result, **options: Any) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(render(result, **options))
    return log


def run_of(result: Result) -> dict[str, Any]:
    run: dict[str, Any] = sarif(result)["runs"][0]
    return run


def located(result: dict[str, Any]) -> tuple[str, int]:
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    return physical["artifactLocation"]["uri"], physical["region"]["startLine"]


def test_golden(monkeypatch: pytest.MonkeyPatch, update_golden: bool) -> None:
    monkeypatch.setattr(policylint, "__version__", "0.0.0-golden")
    assert_golden("report.sarif", render(sample_result()), update_golden)


def test_log_header_and_tool() -> None:
    log = sarif(sample_result())
    assert list(log) == ["$schema", "version", "runs"]
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    driver = log["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["informationUri"]) == (
        "policylint",
        "https://github.com/policylint/policylint",
    )
    assert "originalUriBaseIds" not in log["runs"][0]
    assert "/home/someone" not in render(sample_result())


def test_every_rule_of_the_policy_is_described_even_passing_and_skipped_ones() -> None:
    rules = run_of(sample_result())["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [
        "governance-file",
        "readme-title",
        "docs-index",
        "security-policy",
        "broken-expr",
        "release-note",
        "license-file",
    ]
    assert [r["name"] for r in rules] == [
        "GovernanceFile",
        "ReadmeTitle",
        "DocsIndex",
        "SecurityPolicy",
        "BrokenExpr",
        "ReleaseNote",
        "LicenseFile",
    ]
    assert rules[0] == {
        "helpUri": "https://example.org/rules#governance-file",
        "id": "governance-file",
        "name": "GovernanceFile",
        "shortDescription": {"text": "Title of governance-file"},
        "fullDescription": {"text": "Title of governance-file"},
        "help": {
            "text": "Write GOVERNANCE.md: who decides, and how.\n\nMore.",
            "markdown": "Write GOVERNANCE.md: who decides, and how.\n\nMore.",
        },
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["OSPS-GV-01.01", "policylint"]},
    }
    assert rules[1]["fullDescription"] == {"text": "A title tells readers what the project is."}
    assert rules[1]["help"]["text"] == "A title tells readers what the project is."


def test_results_point_at_their_rules_with_levels_and_fingerprints() -> None:
    run = run_of(sample_result())
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        assert result["partialFingerprints"]["primaryLocationLineHash"].endswith(":1")
    levels = [(r["ruleId"], r["level"]) for r in run["results"]]
    assert levels == [
        ("docs-index", "note"),
        ("readme-title", "warning"),
        ("governance-file", "error"),
        ("security-policy", "error"),
        ("broken-expr", "error"),
    ]


def test_file_findings_are_located_in_their_file() -> None:
    results = run_of(sample_result())["results"]
    assert located(results[1]) == ("README.md", 3)
    assert "properties" not in results[1]
    assert located(results[0]) == ("docs/x%20y.md", 1)
    assert results[0]["properties"] == {
        "path": "docs/x y.md",
        "line": None,
        "anchoredAt": "file-start",
    }


def test_repository_findings_are_anchored_at_the_config_line_that_enables_the_rule() -> None:
    results = run_of(sample_result())["results"]
    assert located(results[2]) == (CONFIG, 5)
    assert results[2]["properties"] == {"path": None, "line": None, "anchoredAt": "rule-config"}


def test_repository_findings_without_a_config_line_are_anchored_at_the_anchor_file() -> None:
    results = run_of(sample_result())["results"]
    assert located(results[3]) == ("README.md", 1)
    assert results[3]["properties"]["anchoredAt"] == "anchor-file"


def test_enabled_at_is_ignored_without_a_config_in_the_repository() -> None:
    result = sample_result()
    result = result._replace(policy=result.policy._replace(config_path=None))
    assert located(run_of(result)["results"][2]) == ("README.md", 1)


def test_without_an_anchor_file_the_config_file_anchors() -> None:
    finding = Finding("r", "error", "fail", "m", "a" * 32)
    result = one_finding(finding, config_path=CONFIG)
    only = run_of(result)["results"][0]
    assert located(only) == (CONFIG, 1)
    assert only["properties"]["anchoredAt"] == "config-file"


def test_with_no_file_at_all_findings_become_notifications() -> None:
    finding = Finding("r", "warning", "fail", "No README", "a" * 32)
    run = run_of(one_finding(finding))
    assert run["results"] == []
    assert run["invocations"] == [
        {
            "executionSuccessful": True,
            "toolExecutionNotifications": [
                {
                    "level": "warning",
                    "message": {"text": "No README"},
                    "associatedRule": {"id": "r", "index": 0},
                    "properties": {
                        "status": "fail",
                        "fingerprint": "a" * 32,
                        "path": None,
                        "line": None,
                    },
                }
            ],
        }
    ]


def test_exempted_findings_are_suppressed_not_lost() -> None:
    result = run_of(sample_result())["results"][3]
    assert result["suppressions"] == [
        {"kind": "external", "justification": "Reports go through the foundation's process."}
    ]
    assert all("suppressions" not in r for r in run_of(sample_result())["results"][:3])


def test_rule_errors_are_errors_with_a_clear_prefix() -> None:
    result = run_of(sample_result())["results"][4]
    assert result["level"] == "error"
    assert result["message"]["text"] == (
        "Rule error (policylint could not evaluate this rule): "
        "rule 'broken-expr' (expr) failed: ZeroDivisionError: division by zero"
    )


def test_a_finding_of_a_rule_missing_from_the_policy_still_gets_a_descriptor() -> None:
    finding = Finding("ghost", "note", "fail", "m", "a" * 32, "a.md", 2)
    result = Result("/abs", Policy((), ()), (finding,), ())
    run = run_of(result)
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["ghost"]
    assert run["results"][0]["ruleIndex"] == 0


def test_automation_category() -> None:
    assert run_of(sample_result())["automationDetails"] == {"id": "policylint/check/"}
    audit = sarif(sample_result(), category="policylint/audit")
    assert audit["runs"][0]["automationDetails"] == {"id": "policylint/audit/"}


def test_descriptions_are_cut_to_1024_utf16_units_and_help_is_never_empty() -> None:
    long = rule("r", description="x" * 5000, title="")
    descriptor = run_of(Result("/abs", Policy((), (long,)), (), ()))["tool"]["driver"]["rules"][0]
    assert descriptor["shortDescription"] == {"text": "r"}
    assert descriptor["fullDescription"]["text"] == "x" * 1023 + "…"
    assert descriptor["help"]["text"] == "x" * 5000
    emoji = truncate("😀" * 600)
    assert emoji == "😀" * 511 + "…" and len(emoji.encode("utf-16-le")) // 2 <= 1024
    assert truncate("short") == "short"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("docs/index.md", "docs/index.md"),
        ("docs/my file#1?.md", "docs/my%20file%231%3F.md"),
        ("a:b/c.md", "a%3Ab/c.md"),
        ("100%.md", "100%25.md"),
        ("b\udcffd.md", "b%FFd.md"),
        ("ünï.md", "%C3%BCn%C3%AF.md"),
        ("keep-(these)_~!$&'+,;=@.md", "keep-(these)_~!$&'+,;=@.md"),
    ],
)
def test_uris_are_percent_encoded_relative_references(path: str, expected: str) -> None:
    assert uri(path) == expected


def test_hostile_text_is_escaped() -> None:
    finding = Finding("r", "error", "fail", f"missing {EVIL}", "a" * 32, EVIL, 2)
    text = render(one_finding(finding))
    text.encode("utf-8")
    result = json.loads(text)["runs"][0]["results"][0]
    assert result["message"]["text"] == "missing \\x1b[31mfake\\n[bold]x[/bold]-\\xff.md"
    assert located(result) == ("%1B%5B31mfake%0A%5Bbold%5Dx%5B/bold%5D-%FF.md", 2)


def test_embedded_links_in_untrusted_text_are_defused() -> None:
    finding = Finding("r", "error", "fail", "see [here](https://evil.example) or [x\\](1)", "f")
    message = run_of(one_finding(finding, config_path=CONFIG))["results"][0]["message"]["text"]
    assert message == "see \\[here\\](https://evil.example) or \\[x\\\\\\](1)"


def test_output_validates_against_the_sarif_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"{SARIF_SCHEMA} not present")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    notification = one_finding(Finding("r", "warning", "fail", "No README", "a" * 32))
    for result in (sample_result(), notification):
        jsonschema.Draft4Validator(schema).validate(sarif(result))


# --- check-sarif on real repositories and real engine output ----------------------------------

POLICY_YAML = """\
rules:
  governance-file:
    severity: error
  readme-file:
    severity: warning
"""


def engine_result(root: Path, *, config: bool) -> Result:
    """The engine's result for two file-exists rules, plus findings with paths (a kind that
    reports paths is not needed to prove where the reporter puts them)."""
    enabled_at = Location(CONFIG, 2, 3) if config else None
    rules = (
        rule("governance-file", options={"globs": ["governance*"]}, enabled_at=enabled_at),
        rule("readme-file", "warning", options={"globs": ["nothing-matches*"]}),
    )
    policy = Policy((CONFIG,), rules, config_path=CONFIG if config else None)
    result = evaluate(policy, Facts(repo=Repo(root)))
    extra = (
        Finding(
            "readme-file", "warning", "fail", "docs/guide.md is thin", "1" * 32, "docs/guide.md", 1
        ),
        Finding(
            "readme-file",
            "warning",
            "exempted",
            "README.md is thin",
            "2" * 32,
            "README.md",
            exemption="accepted",
        ),
    )
    return result._replace(findings=result.findings + extra)


def check_sarif(tmp_path: Path, root: Path, text: str) -> subprocess.CompletedProcess[str]:
    out = tmp_path / "report.sarif"
    out.write_text(text, encoding="utf-8")
    cmd = [sys.executable, str(CHECK_SARIF), str(out), "--root", str(root)]
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


@pytest.mark.skipif(not CHECK_SARIF.exists(), reason="check-sarif not available")
@pytest.mark.parametrize("config", [True, False])
def test_check_sarif_accepts_engine_output(
    make_repo: MakeRepo, tmp_path: Path, config: bool
) -> None:
    files = {"README.md": "# x\n", "docs/guide.md": "a\n"}
    if config:
        files[CONFIG] = POLICY_YAML
    root = make_repo(files)
    result = engine_result(root, config=config)
    run = run_of(result)
    assert len(run["results"]) == 4
    assert located(run["results"][0]) == ((CONFIG, 2) if config else ("README.md", 1))
    assert located(run["results"][2]) == ("docs/guide.md", 1)
    proc = check_sarif(tmp_path, root, render(result))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.endswith("0 problems, 4 results\n")


@pytest.mark.skipif(not CHECK_SARIF.exists(), reason="check-sarif not available")
def test_check_sarif_accepts_an_empty_repository(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = make_repo({})
    result = evaluate(
        Policy((), (rule("readme-file", options={"globs": ["readme*"]}),)), Facts(repo=Repo(root))
    )
    assert result.anchor is None
    text = render(result)
    assert json.loads(text)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    proc = check_sarif(tmp_path, root, text)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.endswith("0 problems, 0 results\n")


@pytest.mark.skipif(not CHECK_SARIF.exists(), reason="check-sarif not available")
def test_check_sarif_would_catch_a_missing_anchor(make_repo: MakeRepo, tmp_path: Path) -> None:
    """The check is not a tautology: a location that does not exist is reported."""
    root = make_repo({"README.md": "# x\n"})
    result = engine_result(root, config=True)  # the config line points at a file not written
    proc = check_sarif(tmp_path, root, render(result))
    assert proc.returncode == 1
    assert "'.policylint.yaml' does not exist under" in proc.stdout
