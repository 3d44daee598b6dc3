"""The markdown reporter: a step summary or PR comment no untrusted text can reshape."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from policylint.model import Baseline, Finding, Policy, Result, RuleOutcome
from policylint.reporters import REPORTERS
from policylint.reporters.markdown import LIMIT, cell
from tests.helpers.golden import assert_golden
from tests.helpers.results import HOSTILE_TITLE, golden_result, one_finding, rule, sample_result

render = REPORTERS.load("markdown").render
ZWSP = "\u200b"


def html(markdown: str) -> str:
    """CommonMark with GitHub's tables, as a stand-in for GitHub's renderer."""
    return str(MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown))


def test_golden(update_golden: bool) -> None:
    assert_golden("report.md", render(golden_result()), update_golden)


def test_heading_counts_and_table_of_the_sample() -> None:
    lines = render(sample_result()).split("\n")
    assert lines[:10] == [
        "## ❌ policylint: failed",
        "",
        "**failing: 1 error, 1 rule error** · not failing: 1 warning, 1 note · 2 rules passed · "
        "1 skipped · 1 exempted · fails on error · "
        "policy: .policylint.yaml, builtin:community-health",
        "",
        "| Rule | Severity | Location | Message |",
        "| --- | --- | --- | --- |",
        "| [governance-file](https://example.org/rules#governance-file) | error | *repository* | "
        "No file matching governance&#42;<br>**Fix:** Write GOVERNANCE.md: who decides, and how. |",
        "| broken-expr | rule error | *repository* | Rule error (policylint could not evaluate "
        "this rule): rule 'broken-expr' (expr) failed: ZeroDivisionError: division by zero |",
        "| readme-title | warning (not failing) | README.md:3 | README.md has no title |",
        "| docs-index | note (not failing) | docs/x y.md | docs/ has no index page |",
    ]


def test_skipped_rules_and_exempted_findings_in_details_with_their_reasons() -> None:
    text = render(sample_result())
    assert (
        "<details><summary>1 rule skipped</summary>\n\n| Rule | Why |\n| --- | --- |\n"
        "| release-note | needs change facts, which this run does not have |\n\n</details>\n"
    ) in text
    assert (
        "<details><summary>1 finding exempted</summary>\n\n"
        "| Rule | Location | Message | Reason |\n| --- | --- | --- | --- |\n"
        "| security-policy | *repository* | No file matching security&#42; | "
        "Reports go through the foundation's process. |\n\n</details>\n"
    ) in text


def test_a_passing_run() -> None:
    result = Result("/abs", Policy(("builtin:x",), (rule("a"),)), (), (RuleOutcome("a", "pass"),))
    assert render(result) == (
        "## ✅ policylint: passed\n\n"
        "nothing fails · 1 rule passed · 0 skipped · 0 exempted · fails on error · "
        "policy: builtin:x\n\nNo findings.\n\n"
    )


def test_a_run_that_passes_with_warnings_says_so_in_its_heading() -> None:
    finding = Finding("a", "warning", "fail", "w", "1" * 32)
    result = Result(
        "/abs", Policy(("builtin:x",), (rule("a", "warning"),)), (finding,),
        (RuleOutcome("a", "fail"),),
    )  # fmt: skip
    assert render(result).split("\n")[:3] == [
        "## ⚠️ policylint: passed, with findings that do not fail it",
        "",
        "nothing fails · not failing: 1 warning · 0 rules passed · 0 skipped · 0 exempted · "
        "fails on error · policy: builtin:x",
    ]


def test_baselined_findings_are_counted_not_listed() -> None:
    baseline = Baseline("policylint-baseline.json", 2, 1)
    findings = tuple(
        Finding("a", "error", "exempted", f"old {n}", f"{n}" * 32, exemption=baseline.reason)
        for n in range(2)
    )
    outcomes = (RuleOutcome("a", "pass", "2 finding(s) exempted"),)
    result = Result("/abs", Policy(("p",), (rule("a"),)), findings, outcomes, None, baseline)
    text = render(result)
    assert "\n2 findings baselined in policylint-baseline.json (not listed); 1 of its " in text
    assert "old 0" not in text and "exempted</summary>" not in text
    assert "· 2 exempted ·" in text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a|b", "a&#124;b"),
        ("`code`", "&#96;code&#96;"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("&amp; &#124;", f"&amp;amp; &amp;#{ZWSP}124;"),
        ("line\nbreak\r\nand\rcr", "line<br>break<br>and&#92;rcr"),
        ("# heading", f"#{ZWSP} heading"),
        ("*em* _em_ ~~s~~", "&#42;em&#42; &#95;em&#95; &#126;&#126;s&#126;&#126;"),
        ("[x](https://e.example)", "&#91;x&#93;(https://e.example)"),
        ("![i](https://e.example/i.png)", "&#33;&#91;i&#93;(https://e.example/i.png)"),
        ("@octocat and @org/team", f"@{ZWSP}octocat and @{ZWSP}org/team"),
        ("fixes #1", f"fixes #{ZWSP}1"),
        ("a\\|b", "a&#92;&#124;b"),
        ("$x^2$", "&#36;x^2&#36;"),
        ("\x1b[31mred\u202e\udcff", "&#92;x1b&#91;31mred&#92;u202e&#92;xff"),
    ],
)
def test_cells_are_inert(raw: str, shown: str) -> None:
    assert cell(raw) == shown


def test_hostile_text_renders_as_plain_table_cells() -> None:
    finding = Finding("r", "error", "fail", HOSTILE_TITLE, "a" * 32, "a|b`c`<i>.md", 2)
    page = html(render(one_finding(finding)))
    table = page[page.index("<table>") :]
    assert table.count("<td>") == 4  # one row of four cells: no pipe split a cell
    assert not re.search(r"<(a|img|em|strong|code|s|b|i|h\d)[ >]", table)
    assert "<br />" not in table and "<br>" in table  # ours, as raw inline HTML
    assert "@\u200boctocat" in table


def test_summary_is_capped_at_a_mebibyte_with_a_last_row_saying_how_many_are_not_shown() -> None:
    findings = tuple(
        Finding("r", "error", "fail", f"{n} " + "|" * 900, f"{n:032}", f"f{n:05}.md", 1)
        for n in range(1500)
    )
    result = Result("/abs", Policy((), (rule("r"),)), findings, (RuleOutcome("r", "fail"),))
    text = render(result)
    assert LIMIT - 6000 < len(text.encode("utf-8")) <= LIMIT
    rows = [line for line in text.split("\n") if line.startswith("| r | error |")]
    assert rows[-1].startswith(f"| r | error | f{len(rows) - 1:05}.md:1 | {len(rows) - 1} ")
    last = text.split("\n")[len(rows) + 6]
    assert (
        last == f"| … {1500 - len(rows)} more findings not shown (the report has them all) | | | |"
    )


def test_under_the_cap_nothing_is_cut_and_a_small_cap_is_exact() -> None:
    result = sample_result()
    full = render(result)
    assert "more findings not shown" not in full
    cut = render(result, limit=len(full.encode("utf-8")) - 1)
    assert "| … 1 more finding not shown (the report has them all) | | | |" in cut
    assert len(cut.encode("utf-8")) < len(full.encode("utf-8"))


def test_long_cells_are_shortened() -> None:
    assert cell("x" * 5000) == "x" * 999 + "…"
