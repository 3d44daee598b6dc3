"""The report of a test run: per test file, a table of its rules (expectations met and not
met), each mismatch with its case, where the case is written, what was expected and what
happened (the findings' messages, escaped: they quote repository text); as text or JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from policylint.display import display, inert, inert_json

if TYPE_CHECKING:
    from collections.abc import Sequence

    from policylint.policytest.run import FileRun, Judged

JSON_VERSION = 1


def render_text(runs: Sequence[FileRun]) -> str:
    """The whole report as text, ending with a one-line summary."""
    lines: list[str] = []
    for run in runs:
        lines += _file_lines(run)
        lines.append("")
    lines.append(_summary_line(runs))
    return "".join(inert(line) + "\n" for line in lines)  # no line starts a CI command


def _file_lines(run: FileRun) -> list[str]:
    tested = [rule for rule in run.rules if any(j.expectation.rule == rule for j in run.judged)]
    width = max([len(rule) for rule in tested] + [4])
    lines = [
        f"{display(run.spec.display)}: {display(run.spec.policy)}, {run.cases} case(s)",
        f"  {'RULE':<{width}}  PASSED  FAILED",
    ]
    for rule in tested:
        judged = [j for j in run.judged if j.expectation.rule == rule]
        failed = [j for j in judged if not j.ok]
        lines.append(f"  {rule:<{width}}  {len(judged) - len(failed):>6}  {len(failed):>6}")
        for mismatch in failed:
            lines += _mismatch_lines(mismatch)
    untested = [rule for rule in run.rules if rule not in tested]
    if untested:
        lines.append(f"  not tested here: {', '.join(untested)}")
    return lines


def _mismatch_lines(judged: Judged) -> list[str]:
    expectation = judged.expectation
    lines = [
        f"    FAILED {display(judged.case.name)!s} ({judged.case.origin})",
        f"      expected: {_expected(judged)} (line {expectation.origin.line})",
        f"      actual:   {judged.status}",
    ]
    lines += [f"        - {display(message)}" for message in judged.messages]
    if judged.missing:
        quoted = ", ".join(repr(display(text)) for text in judged.missing)
        lines.append(f"      no finding or reason contains: {quoted}")
    return lines


def _expected(judged: Judged) -> str:
    messages = judged.expectation.messages
    if not messages:
        return judged.expectation.status
    quoted = ", ".join(repr(display(text)) for text in messages)
    return f"{judged.expectation.status}, with a message containing {quoted}"


def _summary_line(runs: Sequence[FileRun]) -> str:
    counts = _counts(runs)
    return (
        f"{counts['files']} test file(s), {counts['cases']} case(s), "
        f"{counts['expectations']} expectation(s): {counts['passed']} passed, "
        f"{counts['failed']} failed"
    )


def _counts(runs: Sequence[FileRun]) -> dict[str, int]:
    judged = [j for run in runs for j in run.judged]
    failed = sum(1 for j in judged if not j.ok)
    return {
        "files": len(runs),
        "cases": sum(run.cases for run in runs),
        "expectations": len(judged),
        "passed": len(judged) - failed,
        "failed": failed,
    }


def render_json(runs: Sequence[FileRun]) -> str:
    """The report as a JSON document (``version`` 1; messages as they are, unescaped)."""
    document = {
        "version": JSON_VERSION,
        "files": [_file_json(run) for run in runs],
        "summary": _counts(runs),
    }
    return inert_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def _file_json(run: FileRun) -> dict[str, Any]:
    rules = []
    for rule in run.rules:
        judged = [j for j in run.judged if j.expectation.rule == rule]
        passed = sum(1 for j in judged if j.ok)
        rules.append({"id": rule, "passed": passed, "failed": len(judged) - passed})
    return {
        "path": run.spec.display,
        "policy": run.spec.policy,
        "cases": run.cases,
        "rules": rules,
        "mismatches": [_mismatch_json(j) for j in run.judged if not j.ok],
    }


def _mismatch_json(judged: Judged) -> dict[str, Any]:
    expectation = judged.expectation
    return {
        "case": judged.case.name,
        "location": str(judged.case.origin),
        "rule": expectation.rule,
        "expected": {"status": expectation.status, "messages": list(expectation.messages)},
        "actual": {"status": judged.status, "messages": list(judged.messages)},
        "missing": list(judged.missing),
    }
