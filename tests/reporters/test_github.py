"""The github reporter: workflow commands no file name, PR title or policy text can forge."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from policylint.model import Finding, Location, Policy, Result, RuleOutcome, Severity
from policylint.reporters import REPORTERS
from policylint.reporters.github import escape_data, escape_property, log_line
from tests.helpers.cli import run_policylint
from tests.helpers.golden import assert_golden
from tests.helpers.repos import MakeRepo
from tests.helpers.results import (
    HOSTILE_PATH,
    HOSTILE_TITLE,
    golden_result,
    rule,
    sample_result,
)

render = REPORTERS.load("github").render
GOVERNANCE_TITLE = "governance-file: Title of governance-file"


Command = tuple[str, dict[str, str], str]


def commands(output: str) -> list[Command]:
    """Every line the Actions runner would read as a command, decoded as the runner does
    (``ActionCommand.TryParseV2``); no line may hold the legacy ``##[`` form at all."""
    found: list[Command] = []
    for line in output.split("\n"):
        assert "##[" not in line, line
        stripped = line.lstrip()  # .NET TrimStart: Python strips a superset of its white space
        if not stripped.startswith("::"):
            continue
        end = stripped.find("::", 2)
        assert end > 0, f"a line starting with :: that is no command: {line!r}"
        name, _, listed = stripped[2:end].partition(" ")
        properties = {}
        for pair in filter(None, listed.strip().split(",")):
            key, _, value = pair.partition("=")
            properties[key] = unescape(value, "%0D", "%0A", "%3A", "%2C", "%25")
        found.append((name, properties, unescape(stripped[end + 2 :], "%0D", "%0A", "%25")))
    return found


def unescape(text: str, *codes: str) -> str:
    for code in codes:  # in the runner's order
        text = text.replace(code, chr(int(code[1:], 16)))
    return text


def test_golden(update_golden: bool) -> None:
    assert_golden("report.github.txt", render(golden_result()), update_golden)


def test_commands_of_the_golden_result_are_exactly_the_intended_ones() -> None:
    assert commands(render(golden_result())) == [
        (
            "notice",
            {
                "file": "\\x1b[31mfake\n[bold]x[/bold]-\\xff.md",
                "line": "2",
                "title": "names: Names are portable",
            },
            "name \\x1b[31mfake\n[bold]x[/bold]-\\xff.md is not portable\nFix: Rename it.",
        ),
        (
            "warning",
            {"file": "README.md", "line": "3", "title": "readme-title: The README has a title"},
            "README.md has no title",
        ),
        (
            "notice",
            {"file": "docs/x y.md", "title": "docs-index: Title of docs-index"},
            "docs/ has no index page",
        ),
        (
            "notice",
            {"file": HOSTILE_PATH, "line": "7", "title": "names: Names are portable"},
            "name has separators\nFix: Rename it.",
        ),
        (
            "error",
            {"file": ".policylint.yaml", "line": "5", "title": GOVERNANCE_TITLE},
            "No file matching governance*\nFix: Write GOVERNANCE.md: who decides, and how.\n"
            "Docs: https://example.org/rules#governance-file",
        ),
        (
            "error",
            {"title": "Rule error: broken-expr"},
            "Rule error (policylint could not evaluate this rule): rule 'broken-expr' (expr) "
            "failed: ZeroDivisionError: division by zero",
        ),
        (
            "warning",
            {"title": "pr-title: Titles: short, clear\\n::error::t"},
            "the title " + HOSTILE_TITLE.replace("##[", "#\\x23["),
        ),
        ("group", {}, "policylint findings"),
        ("endgroup", {}, ""),
    ]


def test_escaping_matches_actions_core() -> None:
    raw = "100% done\r\nnext: a,b"
    assert escape_data(raw) == "100%25 done%0D%0Anext: a,b"
    assert escape_property(raw) == "100%25 done%0D%0Anext%3A a%2Cb"
    assert escape_data("%0A") == "%250A"  # an encoded newline stays text
    assert escape_property("x::y") == "x%3A%3Ay"


def test_legacy_commands_are_defused_everywhere() -> None:
    assert escape_data("a ##[add-mask]b ###[x]") == "a #\\x23[add-mask]b ##\\x23[x]"
    assert log_line("see ##[set-output name=x]y") == "see #\\x23[set-output name=x]y"


@pytest.mark.parametrize(
    "line",
    [
        "::error::pwned",
        "  ::stop-commands::tok",
        "\u00a0::add-mask::s",
        "\u3000::endgroup::",
        "\t::error::tab",
        "\x85::error::nel",
    ],
)
def test_a_plain_line_never_starts_with_a_command(line: str) -> None:
    shown = log_line(line)
    assert not shown.lstrip().startswith("::")
    assert commands(shown) == []


def test_plain_lines_keep_ordinary_colons() -> None:
    assert log_line("  error r (line 2): a::b") == "  error r (line 2): a::b"
    assert log_line("::x") == "\\x3a:x"


ATTACKS = [
    ("\n::error::pwned", "\n::error::pwned"),
    ("%0A::error::pwned", "%0A::error::pwned"),
    ("::stop-commands::tok", "::stop-commands::tok"),
    ("::add-mask::secret", "::add-mask::secret"),
    ("a,line=1,title=evil", "a,line=1,title=evil"),
    ("x:y::z=w", "x:y::z=w"),
    ("::endgroup::", "::endgroup::"),
    ("\u00a0::warning::nbsp", "\u00a0::warning::nbsp"),
    ("\r\n::error::crlf", "\\r\n::error::crlf"),
    ("\u2028::error::ls", "\\u2028::error::ls"),
    ("\x85::error::nel", "\\x85::error::nel"),
    ("##[add-mask]x", "#\\x23[add-mask]x"),
    ("\udcff::error::bytes", "\\xff::error::bytes"),
]


def attacked(raw: str) -> Result:
    """``raw`` as a file name, in a message, a policy title, reasons and a policy source."""
    rules = (rule("r", title=f"T{raw}", help="Rename it."), rule("s"), rule("x"), rule("skip"))
    findings = (
        Finding("r", "error", "fail", f"bad name: {raw}", "a" * 32, raw, 3),
        Finding("s", "error", "exempted", raw, "b" * 32, raw, exemption=raw),
        Finding("x", "error", "fail", raw, "c" * 32),
    )
    outcomes = (
        RuleOutcome("r", "fail"),
        RuleOutcome("s", "pass"),
        RuleOutcome("x", "fail"),
        RuleOutcome("skip", "skipped", raw),
    )
    return Result("/abs", Policy((raw,), rules), findings, outcomes, anchor=raw)


@pytest.mark.parametrize(("raw", "decoded"), ATTACKS)
def test_untrusted_text_produces_no_workflow_command(raw: str, decoded: str) -> None:
    output = render(attacked(raw))
    one_line = decoded.replace("\n", "\\n")
    assert commands(output) == [
        (
            "error",
            {"file": decoded, "line": "3", "title": f"r: T{one_line}"},
            f"bad name: {decoded}\nFix: Rename it.",
        ),
        ("error", {"title": "x: Title of x"}, decoded),
        ("group", {}, "policylint findings"),
        ("endgroup", {}, ""),
    ]
    assert output.endswith("(policy: " + one_line + ")\n")


def findings_of(counts: dict[Severity, int]) -> Result:
    findings = tuple(
        Finding(severity, severity, "fail", f"{severity} {n}", f"{severity}{n}", f"f{n:02}.md", 1)
        for severity, count in counts.items()
        for n in range(count)
    )
    rules = tuple(rule(severity, severity) for severity in counts)
    outcomes = tuple(RuleOutcome(severity, "fail") for severity in counts)
    return Result("/abs", Policy(("builtin:x",), rules), findings, outcomes)


def levels(output: str) -> Counter[str]:
    return Counter(name for name, _, _ in commands(output) if name not in ("group", "endgroup"))


def test_at_most_ten_annotations_per_level_and_a_note_on_the_rest() -> None:
    output = render(findings_of({"error": 25, "warning": 12, "note": 3}))
    assert levels(output) == {"error": 10, "warning": 10, "notice": 4}
    assert commands(output)[-3] == (
        "notice",
        {},
        "17 more findings are not shown as annotations (GitHub shows 10 per level): "
        'see the "policylint findings" log group below or the step summary',
    )
    group = output.split("::group::policylint findings\n")[1].split("::endgroup::")[0]
    assert group.count("  error error ") == 25 and group.count("  note note ") == 3
    assert group.count("  warning warning ") == 12  # nothing is lost


def test_the_note_on_the_rest_fits_among_ten_notices() -> None:
    output = render(findings_of({"note": 12}))
    assert levels(output) == {"notice": 10}
    assert commands(output)[9][2].startswith("3 more findings are not shown as annotations")


def test_exactly_ten_per_level_needs_no_note() -> None:
    output = render(findings_of({"error": 10, "warning": 10, "note": 10}))
    assert levels(output) == {"error": 10, "warning": 10, "notice": 10}


def test_one_more_finding_is_singular() -> None:
    output = render(findings_of({"warning": 11}))
    assert commands(output)[10][2].startswith("1 more finding is not shown as annotations")


def test_exempted_findings_are_listed_but_not_annotated() -> None:
    output = render(sample_result())
    assert "security-policy" not in "".join(str(c) for c in commands(output))
    assert "  exempted security-policy: No file matching security*\n" in output


def test_findings_without_a_file_are_placed_at_the_config_line_or_left_without_one() -> None:
    enabled = rule("a", enabled_at=Location(".policylint.yaml", 4, 3))
    findings = (
        Finding("a", "error", "fail", "m", "1" * 32),
        Finding("b", "error", "fail", "m", "2" * 32),
        Finding("b", "error", "fail", "m", "3" * 32, "LICENSE"),
    )
    policy = Policy((".policylint.yaml",), (enabled, rule("b")), config_path=".policylint.yaml")
    outcomes = (RuleOutcome("a", "fail"), RuleOutcome("b", "fail"))
    result = Result("/abs", policy, findings, outcomes, anchor="README.md")
    placed = [c[1] for c in commands(render(result))[:3]]
    assert placed == [
        {"file": "LICENSE", "title": "b: Title of b"},  # no line: the file as a whole
        {"file": ".policylint.yaml", "line": "4", "title": "a: Title of a"},
        {"title": "b: Title of b"},  # never README.md line 1: that is not where the cause is
    ]


def test_a_clean_run_is_an_empty_group_and_the_summary() -> None:
    result = Result("/abs", Policy(("builtin:x",), (rule("a"),)), (), (RuleOutcome("a", "pass"),))
    assert render(result) == (
        "::group::policylint findings\n::endgroup::\n"
        "passed: no findings; 1 rule passed, 0 skipped, 0 exempted (policy: builtin:x)\n"
    )


POLICY = """\
apiVersion: policylint/v1
rules:
  title-style:
    kind: pr-title
    title: "Titles: Conventional Commits"
    severity: warning
    options: {preset: conventional-commits}
  labelled:
    kind: pr-labels
    title: A release-note label
    severity: note
    options: {any-of: [release-note]}
  no-todo:
    kind: file-content
    title: No TODO in docs
    severity: error
    options: {globs: ["docs/*"], not-matches: ["TODO"], all-files: true}
"""


def test_check_with_github_format_end_to_end(make_repo: MakeRepo, tmp_path: Path) -> None:
    """The real console script: hostile PR title, label and file name forge no command, and
    the Markdown summary lands in $GITHUB_STEP_SUMMARY."""
    evil_file = "docs/x\n::error::pwned,line=1.md"
    repo = make_repo({".policylint.yaml": POLICY, "README.md": "# p\n", evil_file: "TODO\n"})
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    title = "x\n::error::pwned ##[add-mask]s %0A"
    argv = ["check", "--format", "github", "--no-ci", "--title", title]
    env = {"GITHUB_STEP_SUMMARY": str(summary), "PATH": "/usr/bin:/bin"}
    proc = run_policylint(*argv, "--label", "::stop-commands::tok", cwd=repo, env=env)
    assert proc.returncode == 1, proc.stderr
    assert [
        (name, props.get("file"), props.get("line")) for name, props, _ in commands(proc.stdout)
    ] == [
        ("error", evil_file, "1"),
        ("notice", ".policylint.yaml", "8"),
        ("warning", ".policylint.yaml", "3"),
        ("group", None, None),
        ("endgroup", None, None),
    ]
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("earlier step\n## ❌ policylint: failed\n")
    assert "| no-todo | error | docs/x<br>::error::pwned,line=1.md:1 |" in written
