"""The audit's terminal summary, CSV and JSON reports, from rows built by really evaluating
small repositories (plus synthetic error rows, as the audit journal holds them).

``tests.helpers.audit_report.POLICY`` gives one rule of each kind of outcome: ``readme``
(error), ``license`` (warning, its finding exempted), ``docs-index`` (note), ``roadmap``
(skipped: its condition is false) and ``broken`` (warning; its expression errors). The row
helpers there are shared by the other audit tests.
"""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path
from typing import Any

import pytest

from policylint.audit.report import summary_table, write_outputs
from tests.helpers.audit_report import COMPLETE, audited, error_row, sample_rows
from tests.helpers.repos import MakeRepo


@pytest.fixture
def rows(make_repo: MakeRepo) -> list[dict[str, Any]]:
    return sample_rows(make_repo)


PLAIN = """\
Audit of org: 5 repositories, 3 audited, 2 errors
mean score 58.3 (grades: A 0, B 0, C 2, D 0, F 1)
policies: 3 their own, 1 imposed (.policylint.yaml)

Most in need of help
  score  grade  repository    failing rules
   25.0  F      org/bare      readme, broken, docs-index
   75.0  C      org/complete  broken
   75.0  C      org/imposed   broken

Pass rate per rule
  pass rate  passed  failed  errors  skipped  rule
        67%       2       1       0        0  readme: The project has a README
       100%       3       0       0        0  license: The project has a license
        67%       2       1       0        0  docs-index: The docs have an index
          -       0       0       0        3  roadmap: A roadmap is published
         0%       0       0       3        0  broken: A broken expression

Could not be audited
  repository   reason
  org/corrupt  not a git repository: .git/HEAD is missing
  org/timeout  stopped after 30 s, the time one repository may take
"""


def test_the_summary_table_in_plain_text(rows: list[dict[str, Any]]) -> None:
    assert summary_table(rows, title="Audit of org") == PLAIN


def test_the_summary_table_escapes_untrusted_text_in_both_modes(make_repo: MakeRepo) -> None:
    evil = "org/\x1b[2Jwipe[bold]x[/bold]\u202e"
    rows = [audited(make_repo, {}, name=evil), error_row("org/e", "bad\nline\x07")]
    for color in (False, True):
        text = summary_table(rows, color=color)
        assert "\x1b[2J" not in text and "\u202e" not in text and "\x07" not in text
        assert "org/\\x1b[2Jwipe[bold]x[/bold]\\u202e" in text
        assert "bad\\nline\\x07" in text
    assert "\x1b[" in summary_table(rows, color=True)  # styled: rich's own escapes
    assert "\x1b[" not in summary_table(rows, color=False)


def test_the_summary_of_an_empty_audit() -> None:
    assert summary_table([], title="Nothing") == (
        "Nothing: 0 repositories, 0 audited, 0 errors\n"
        "mean score - (grades: A 0, B 0, C 0, D 0, F 0)\n"
        "policies: 0 their own\n"
    )


def test_only_the_ten_neediest_and_ten_errors_are_listed(make_repo: MakeRepo) -> None:
    good = audited(make_repo, COMPLETE, name="x")
    rows = [{**good, "name": f"ok-{i:02}"} for i in range(12)]
    rows += [error_row(f"err-{i:02}", "gone") for i in range(12)]
    lines = summary_table(rows).splitlines()
    assert sum(line.startswith("   75.0  C      ok-") for line in lines) == 10
    assert sum(line.startswith("  err-") for line in lines) == 10
    assert "  (+2 more in the reports)" in lines


def _written(tmp_path: Path, rows: list[dict[str, Any]], kind: str) -> str:
    target = tmp_path / f"report.{kind}"
    write_outputs(rows, **{kind: str(target)}, title="Audit of org")
    return target.read_bytes().decode("utf-8")


def test_csv_has_one_line_per_repository_and_a_column_per_rule(
    tmp_path: Path, rows: list[dict[str, Any]]
) -> None:
    text = _written(tmp_path, rows, "csv")
    assert text.splitlines(keepends=True)[0].endswith("\r\n")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == [
        *("name", "source", "head", "status", "score", "grade", "failing", "policy", "error"),
        *("licence", "exemptions"),
        *("readme", "license", "docs-index", "roadmap", "broken"),
    ]
    by_name = {line[0]: line for line in table[1:]}
    assert list(by_name) == [
        "org/bare",
        "org/complete",
        "org/corrupt",
        "org/imposed",
        "org/timeout",
    ]
    bare = by_name["org/bare"]
    assert bare[3:] == ["ok", "25.0", "F", "3", "repository", "", "", "license (no expiry)",
                        "fail", "pass", "fail", "skipped", "error"]  # fmt: skip
    assert len(bare[2]) == 40  # the HEAD commit
    assert by_name["org/imposed"][7] == "imposed"
    corrupt = by_name["org/corrupt"]
    reason = "not a git repository: .git/HEAD is missing"
    assert corrupt[2:] == ["", "error", "", "", "0", "", reason, "", "", "", "", "", "", ""]


@pytest.mark.parametrize(
    ("name", "cell"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("org/a=b", "org/a=b"),
    ],
)
def test_csv_cells_never_start_a_formula(tmp_path: Path, name: str, cell: str) -> None:
    rows = [error_row(name, f"{name} failed", source=name)]
    table = list(csv.reader(io.StringIO(_written(tmp_path, rows, "csv"))))
    assert table[1][0] == cell  # name
    assert table[1][1] == cell  # source
    assert table[1][8] == f"{cell} failed"  # error


def test_csv_neutralises_an_error_and_a_rule_id_that_start_a_formula(
    tmp_path: Path, make_repo: MakeRepo
) -> None:
    row = audited(make_repo, COMPLETE, name="org/x")
    row["report"]["rules"][0]["id"] = "=cmd|' /C calc'!A0"
    row["report"]["rules"][1]["details"] = {"spdx": "@SUM(A1)"}  # a tampered journal's
    row["report"]["exemptions"][0]["rule"] = "-2+3"
    rows = [row, error_row("org/e", "-1 exit status")]
    table = list(csv.reader(io.StringIO(_written(tmp_path, rows, "csv"))))
    assert table[0][11] == "'=cmd|' /C calc'!A0"
    assert table[2][9:11] == ["'@SUM(A1)", "'-2+3 (no expiry)"]
    assert table[1][:2] == ["org/e", "https://git.example.org/org/e.git"]
    assert table[1][8] == "'-1 exit status"


def test_the_json_report_aggregates_the_audit(tmp_path: Path, rows: list[dict[str, Any]]) -> None:
    report = json.loads(_written(tmp_path, rows, "json"))
    assert list(report) == [
        "version",
        "tool",
        "title",
        "summary",
        "scoring",
        "rules",
        "repositories",
    ]
    assert report["title"] == "Audit of org"
    assert report["summary"] == {
        "repositories": 5,
        "ok": 3,
        "error": 2,
        "graded": 3,
        "mean-score": 58.3,
        "grades": {"A": 0, "B": 0, "C": 2, "D": 0, "F": 1},
        "policies": {"repository": 3, "builtin": 0, "imposed": 1, "none": 1},
        "imposed-policy": [".policylint.yaml"],
    }
    assert report["scoring"]["weights"] == {"error": 3, "warning": 2, "note": 1}
    assert report["scoring"]["grades"] == {"A": 90.0, "B": 80.0, "C": 70.0, "D": 60.0, "F": 0.0}
    assert report["rules"][1] == {
        "id": "license",
        "title": "The project has a license",
        "severity": "warning",
        "pass": 3,
        "fail": 0,
        "error": 0,
        "skipped": 0,
        "exempted": 1,
        "pass-rate": 1.0,
    }
    assert [r["pass-rate"] for r in report["rules"]] == [0.6667, 1.0, 0.6667, None, 0.0]


def test_the_json_report_lists_every_repository_by_name(
    tmp_path: Path, rows: list[dict[str, Any]]
) -> None:
    repositories = json.loads(_written(tmp_path, rows, "json"))["repositories"]
    assert [r["name"] for r in repositories] == [
        "org/bare", "org/complete", "org/corrupt", "org/imposed", "org/timeout"
    ]  # fmt: skip
    bare = repositories[0]
    assert list(bare) == ["name", "source", "head", "status", "error", "policy", "score",
                          "grade", "failing", "rules", "seconds", "licence",
                          "exemptions"]  # fmt: skip
    failing = ["readme", "broken", "docs-index"]
    assert (bare["score"], bare["grade"], bare["failing"]) == (25.0, "F", failing)
    assert bare["rules"] == {"readme": "fail", "license": "pass", "docs-index": "fail",
                             "roadmap": "skipped", "broken": "error"}  # fmt: skip
    timeout = repositories[4]
    assert (timeout["status"], timeout["score"], timeout["grade"]) == ("error", None, None)
    assert timeout["error"] == "stopped after 30 s, the time one repository may take"
    assert timeout["policy"] == {"origin": "repository", "sources": []}
    assert repositories[2]["policy"] is None  # org/corrupt: its policy was never read


def test_the_json_report_is_stable(tmp_path: Path, rows: list[dict[str, Any]]) -> None:
    assert _written(tmp_path, rows, "json") == _written(tmp_path, list(reversed(rows)), "json")


def test_outputs_are_written_atomically_and_a_failure_names_the_file(
    tmp_path: Path, rows: list[dict[str, Any]]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    html = out / "r.html"
    html.write_text("old", encoding="utf-8")
    write_outputs(rows, csv=None, json=None, html=str(html), title="t")
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in out.iterdir()) == ["r.html"]  # no temporary file left
    missing = tmp_path / "no" / "such" / "dir" / "r.csv"
    with pytest.raises(OSError, match="No such file or directory") as caught:
        write_outputs(rows, csv=str(missing), json=None, html=None, title="t")
    assert caught.value.filename == str(missing)


def test_the_summary_gathered_row_by_row_does_not_depend_on_their_order(
    make_repo: MakeRepo,
) -> None:
    """An audit feeds the summary rows in the order workers finish: what it lists (the ten
    lowest scores, the first ten errors by name, the soonest-lapsing exemptions) is the same
    as from the rows sorted, though it keeps only a few of them."""
    shapes = [
        audited(make_repo, files, name="x")
        for files in ({}, COMPLETE, {"README.md": "# x\n", "LICENSE": "MIT\n"})
    ]
    rows = [{**shapes[i % 3], "name": f"repo-{i:02}"} for i in range(30)]
    rows += [error_row(f"err-{i:02}", f"reason {i}") for i in range(25)]
    for i, row in enumerate(rows[:24]):
        lapsing = {"rule": "license", "state": "expired", "owner": f"@o{i}", "at": "p.yaml:3"}
        report = {**row["report"], "exemptions": [{**lapsing, "expires": f"2026-01-{i + 1:02}"}]}
        rows[i] = {**row, "report": report}
    shuffled = list(rows)
    random.Random(13).shuffle(shuffled)
    text = summary_table(iter(shuffled), title="Audit of org")
    assert text == summary_table(sorted(rows, key=lambda row: row["name"]), title="Audit of org")
    lines = text.splitlines()
    needy = [line.split()[2] for line in lines if line.startswith("   25.0  F      ")]
    assert needy == [f"repo-{i:02}" for i in range(0, 30, 3)]
    errors = [line.split()[0] for line in lines if line.startswith("  err-")]
    assert errors == [f"err-{i:02}" for i in range(10)]
    assert "  (+15 more in the reports)" in lines
    expiring = [line.split()[2] for line in lines if "  license  " in line]
    assert expiring == [f"2026-01-{i + 1:02}" for i in range(10)]
    assert "  (+14 more in the reports)" in lines
