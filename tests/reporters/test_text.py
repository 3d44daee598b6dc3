"""The text reporter: grouped findings, fixes, skipped rules, summary; safe with hostile names."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from policylint.model import Finding, Policy, Result, RuleOutcome
from policylint.reporters import REPORTERS
from policylint.reporters.text import how_to_fix, summary
from tests.helpers.golden import assert_golden
from tests.helpers.results import EVIL, one_finding, rule, sample_result

render = REPORTERS.load("text").render
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_golden(update_golden: bool) -> None:
    assert_golden("report.txt", render(sample_result()), update_golden)


def test_blocking_findings_first_then_those_that_do_not_fail_the_run_by_file() -> None:
    lines = render(sample_result()).splitlines()
    headings = [line for line in lines if line and not line.startswith(" ")]
    assert headings[:6] == [
        "repository",
        "not failing the run (only error or above fails: fail-on)",
        "README.md",
        "docs/x y.md",
        "repository",
        "skipped",
    ]
    assert lines[:5] == [
        "repository",
        "  error governance-file: No file matching governance*",
        "    fix: Write GOVERNANCE.md: who decides, and how.",
        "  rule error broken-expr: rule 'broken-expr' (expr) failed: ZeroDivisionError: "
        "division by zero",
        "",
    ]
    advisory = lines.index("not failing the run (only error or above fails: fail-on)")
    assert lines[advisory + 7 : advisory + 11] == [
        "repository",
        "  exempted security-policy: No file matching security*",
        "    reason: Reports go through the foundation's process.",
        "",
    ]


def test_findings_without_a_file_are_headed_by_what_they_are_about() -> None:
    findings = (
        Finding("subject", "error", "fail", "bad subject", "1" * 32),
        Finding("governance", "error", "fail", "no GOVERNANCE.md", "2" * 32),
    )
    rules = (rule("subject", kind="commit-message"), rule("governance"))
    outcomes = (RuleOutcome("subject", "fail"), RuleOutcome("governance", "fail"))
    result = Result("/abs", Policy((), rules), findings, outcomes)
    assert render(result).splitlines()[:6] == [
        "commits",
        "  error subject: bad subject",
        "",
        "repository",
        "  error governance: no GOVERNANCE.md",
        "",
    ]


def test_findings_in_one_file_come_in_line_order_with_the_fix_once() -> None:
    findings = tuple(
        Finding("r", "error", "fail", f"at {n}", f"{n}" * 32, path, n)
        for n, path in ((9, "a.md"), (2, "a.md"), (4, "b.md"))
    )
    helped = rule("r", help="Fix r.\n\nMore detail.")
    result = Result("/abs", Policy((), (helped,)), findings, (RuleOutcome("r", "fail"),))
    assert render(result).splitlines()[:9] == [
        "a.md",
        "  error r (line 2): at 2",
        "    fix: Fix r.",
        "  error r (line 9): at 9",
        "",
        "b.md",
        "  error r (line 4): at 4",
        "    fix: Fix r.",
        "",
    ]
    bare = result._replace(policy=Policy((), (rule("r"),)))  # no help: no "fix:" line
    assert "fix:" not in render(bare)


def test_skipped_rules_one_line_each_with_the_reason() -> None:
    text = render(sample_result())
    assert "\nskipped\n  release-note: needs change facts, which this run does not have\n\n" in text


def test_summary_line() -> None:
    assert render(sample_result()).splitlines()[-1] == (
        "failed: 1 error, 1 rule error (governance-file, broken-expr); 1 warning, 1 note not "
        "failing; 2 rules passed, 1 skipped, 1 exempted "
        "(policy: .policylint.yaml, builtin:community-health)"
    )
    clean = Result("/abs", Policy((), ()), (), (RuleOutcome("a", "pass"),))
    assert summary(clean) == (
        "passed: no findings; 1 rule passed, 0 skipped, 0 exempted (policy: none)"
    )
    warned = Result(
        "/abs",
        Policy((), (rule("a", "warning"), rule("b", "note"))),
        (
            Finding("a", "warning", "fail", "w", "1" * 32),
            Finding("b", "note", "fail", "n", "2" * 32),
        ),
        (RuleOutcome("a", "fail"), RuleOutcome("b", "fail")),
    )
    assert summary(warned) == (
        "passed: 1 warning, 1 note (not failing); 0 rules passed, 0 skipped, 0 exempted "
        "(policy: none)"
    )
    assert render(clean) == summary(clean) + "\n"


def test_how_to_fix_is_the_first_paragraph_of_help() -> None:
    helpful = rule("r", help="  Add a\n   GOVERNANCE.md.\n\nSecond paragraph.")
    assert how_to_fix(helpful) == "Add a GOVERNANCE.md."


def test_output_never_wraps() -> None:
    long = ("word " * 80).strip()
    result = one_finding(Finding("r", "error", "fail", long, "a" * 32))
    assert f"  error r: {long}\n" in render(result)
    assert f": {long}\n" in ANSI.sub("", render(result, color=True))


def test_hostile_names_are_escaped_in_plain_text() -> None:
    finding = Finding("r", "error", "fail", f"missing {EVIL}", "a" * 32, EVIL, 2)
    text = render(one_finding(finding))
    shown = "\\x1b[31mfake\\n[bold]x[/bold]-\\xff.md"
    assert text.splitlines()[:2] == [shown, f"  error r (line 2): missing {shown}"]
    assert "\x1b" not in text and "\udcff" not in text
    text.encode("utf-8")


def test_bidi_and_c1_controls_are_escaped() -> None:
    finding = Finding("r", "error", "fail", "a\u202eb\x9bc\rd", "a" * 32)
    assert "  error r: a\\u202eb\\x9bc\\rd\n" in render(one_finding(finding))


def test_color_output_is_the_plain_text_styled() -> None:
    result = sample_result()
    colored = render(result, color=True)
    assert "\x1b[1;31m" in colored  # failing summary in bold red
    assert ANSI.sub("", colored) == render(result)


def test_color_output_escapes_hostile_names_and_ignores_markup() -> None:
    finding = Finding("r", "error", "fail", f"missing {EVIL}", "a" * 32, EVIL, 2)
    colored = render(one_finding(finding), color=True)
    assert "\\x1b[31mfake\\n[bold]x[/bold]-\\xff.md" in colored
    assert "\x1b[31m" not in colored  # the name's escape sequence never reaches the terminal
    assert ANSI.sub("", colored) == render(one_finding(finding))


def test_color_output_does_not_depend_on_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = render(sample_result(), color=True)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "20")
    monkeypatch.setenv("TERM", "dumb")
    assert render(sample_result(), color=True) == expected


def test_plain_mode_imports_neither_rich_nor_other_formats() -> None:
    code = (
        "import sys\n"
        "from policylint.model import Policy, Result\n"
        "from policylint.reporters import REPORTERS\n"
        "assert 'policylint.reporters.text' not in sys.modules\n"
        "print(REPORTERS.load('text').render(Result('/r', Policy((), ()), (), ())), end='')\n"
        "print(sorted(m for m in sys.modules if m.startswith(('rich', 'policylint.reporters.'))))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout == (
        "passed: no findings; 0 rules passed, 0 skipped, 0 exempted (policy: none)\n"
        "['policylint.reporters.text', 'policylint.reporters.verdict']\n"
    )


def test_render_by_format_name() -> None:
    from policylint.reporters import render as render_named

    assert render_named("text", sample_result()) == render(sample_result())
    assert render_named("json", sample_result(), color=True).startswith('{\n  "version": 1,')


def test_no_line_can_be_read_as_a_ci_workflow_command() -> None:
    """The text format is what a plain `policylint check` step prints in a GitHub Actions log:
    a file named like a workflow command must not become one."""
    hostile = "::error file=README.md,line=1::Approved by the security team"
    findings = (
        Finding("r", "error", "fail", "msg ##[add-mask]x", "1" * 32, hostile, 1),
        Finding("r", "error", "fail", "other", "2" * 32, "  ::warning::x", 2),
    )
    result = Result("/abs", Policy((), (rule("r"),)), findings, (RuleOutcome("r", "fail"),))
    text = render(result)
    assert not any(line.lstrip().startswith("::") for line in text.splitlines())
    assert "##[" not in text
    assert "\\x3a:error file=README.md,line=1::Approved by the security team\n" in text
    coloured = re.sub(r"\x1b\[[0-9;]*m", "", render(result, color=True))
    assert not any(line.lstrip().startswith("::") for line in coloured.splitlines())
    assert "##[" not in coloured
