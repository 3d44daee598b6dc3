"""An audit row (schemas/audit-row.schema.json) as the records of the results database's
tables, and back: ``row_records`` and ``assemble`` are inverse, so a row read back is the row
written, key for key (``tests/audit/test_store.py`` proves it on real audits).

Fields the columns do not hold (a later policylint's, or the report's ``summary``) are kept as
JSON in an ``extra`` column and put back where they were: nothing of a row is lost.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, NamedTuple

from policylint.audit import ROW_VERSION
from policylint.audit.scores import score

Row = dict[str, Any]
Record = tuple[Any, ...]

REPOSITORY_COLUMNS = (
    "run_id, name, position, source, key, head, default_branch, org_defaults, status, error, "
    "seconds, policy_origin, policy_sources, policy_hash, fail_on, failed, tool_version, score, "
    "grade, extra"
)
OUTCOME_COLUMNS = "run_id, repository, position, rule, status, severity, title, reason, extra"
FINDING_COLUMNS = (
    "run_id, repository, position, rule, fingerprint, severity, status, path, line, message, "
    "exemption, extra"
)
EXEMPTION_COLUMNS = "run_id, repository, position, rule, reason, paths, expires, owner, location"
POLICY_RULE_COLUMNS = "policy_hash, rule, kind, title, severity, help, origin"

_ROW_KEYS = (
    "version", "key", "source", "name", "head", "policy", "status", "error", "seconds",
    "org_defaults", "report", "default_branch", "exemptions", "policy_rules",
)  # fmt: skip
_REPORT_KEYS = ("tool", "policy", "findings", "rules", "failed")
_OUTCOME_KEYS = ("id", "status", "severity", "title", "reason")
_FINDING_KEYS = ("rule", "fingerprint", "severity", "status", "path", "line", "message")


class Records(NamedTuple):
    """One repository's records, ready for ``executemany``."""

    repository: Record
    outcomes: list[Record]
    findings: list[Record]
    exemptions: list[Record]
    policy_rules: list[Record]
    tags: list[Record]


def row_records(run_id: int, position: int, row: Row) -> Records:
    name = row["name"]
    report = row.get("report") if isinstance(row.get("report"), dict) else None
    return Records(
        _repository(run_id, position, row, report),
        [_outcome(run_id, name, i, r) for i, r in enumerate((report or {}).get("rules", []))],
        [_finding(run_id, name, i, f) for i, f in enumerate((report or {}).get("findings", []))],
        [_exemption(run_id, name, i, e) for i, e in enumerate(row.get("exemptions") or [])],
        *_policy_rules(row),
    )


def _repository(run_id: int, position: int, row: Row, report: Row | None) -> Record:
    policy = row.get("policy")
    points = score(row)
    extra = {
        "row": {k: v for k, v in row.items() if k not in _ROW_KEYS},
        "report": {k: v for k, v in report.items() if k not in _REPORT_KEYS} if report else None,
    }
    return (
        run_id, row["name"], position, row["source"], row["key"], row.get("head"),
        row.get("default_branch"), row.get("org_defaults"), row["status"], row.get("error"),
        float(row.get("seconds") or 0.0),
        policy["origin"] if policy else None,
        _json(policy["sources"]) if policy else None,
        policy.get("hash") if policy else None,
        (report.get("policy") or {}).get("fail-on") if report else None,
        None if report is None else int(bool(report.get("failed"))),
        (report.get("tool") or {}).get("version") if report else None,
        points.points, points.grade, _json(extra),
    )  # fmt: skip


def _outcome(run_id: int, name: str, index: int, rule: Row) -> Record:
    extra = {k: v for k, v in rule.items() if k not in _OUTCOME_KEYS}
    return (
        run_id, name, index, rule["id"], rule["status"], rule.get("severity"),
        rule.get("title"), rule.get("reason"), _json(extra) if extra else None,
    )  # fmt: skip


def _finding(run_id: int, name: str, index: int, finding: Row) -> Record:
    exemption = finding.get("exemption")
    extra = {k: v for k, v in finding.items() if k not in _FINDING_KEYS}
    if isinstance(exemption, str) or exemption is None:
        extra.pop("exemption", None)
    else:  # a later policylint's exemption record: the reason in the column, all of it here
        exemption = exemption.get("reason") if isinstance(exemption, dict) else str(exemption)
    return (
        run_id, name, index, finding["rule"], finding["fingerprint"], finding["severity"],
        finding["status"], finding.get("path"), finding.get("line"), finding["message"],
        exemption, _json(extra) if extra else None,
    )  # fmt: skip


def _exemption(run_id: int, name: str, index: int, exemption: Row) -> Record:
    return (
        run_id, name, index, exemption["rule"], exemption["reason"],
        _json(exemption.get("paths") or []), exemption.get("expires"), exemption.get("owner"),
        exemption.get("location"),
    )  # fmt: skip


def _policy_rules(row: Row) -> tuple[list[Record], list[Record]]:
    digest = (row.get("policy") or {}).get("hash")
    rules = row.get("policy_rules") or []
    if not digest:
        return [], []
    described = [
        (digest, r["id"], r["kind"], r["title"], r["severity"], r.get("help") or "", r["origin"])
        for r in rules
    ]
    tags = [(digest, r["id"], tag) for r in rules for tag in dict.fromkeys(r.get("tags") or [])]
    return described, tags


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# Reading back: the database's records as the row they came from.


def assemble(
    repository: Sequence[Any],
    outcomes: Sequence[Sequence[Any]],
    findings: Sequence[Sequence[Any]],
    exemptions: Sequence[Sequence[Any]],
) -> Row:
    """The row of one repository's records (columns in the ``*_COLUMNS`` order, less
    ``run_id``, ``repository`` and ``position``)."""
    (name, _, source, key, head, default_branch, org_defaults, status, error, seconds) = repository[
        1:11
    ]
    origin, sources, digest, fail_on, failed, tool, _, _, extra_text = repository[11:20]
    extra = json.loads(extra_text) if extra_text else {"row": {}, "report": None}
    row: Row = {"version": ROW_VERSION, "key": key, "source": source, "name": name}
    row.update(head=head, policy=None, status=status, error=error, seconds=seconds)
    if origin is not None:
        row["policy"] = {"origin": origin, "sources": json.loads(sources), "hash": digest}
    row["org_defaults"] = org_defaults
    row["report"] = None
    if failed is not None:
        row["report"] = _report(extra["report"] or {}, tool, sources, fail_on, failed)
        row["report"]["findings"] = [_finding_entry(f) for f in findings]
        row["report"]["rules"] = [_outcome_entry(o) for o in outcomes]
        row["report"] = _ordered(row["report"])
    if default_branch is not None:
        row["default_branch"] = default_branch
    if exemptions:
        row["exemptions"] = [_exemption_entry(e) for e in exemptions]
    row.update(extra["row"])
    return row


_REPORT_ORDER = ("version", "tool", "root", "policy", "findings", "rules", "summary", "failed")


def _report(extra: Row, tool: str | None, sources: str, fail_on: str | None, failed: int) -> Row:
    report: Row = {**extra, "tool": {"name": "policylint", "version": tool}}
    report["policy"] = {"sources": json.loads(sources), "fail-on": fail_on}
    report["failed"] = bool(failed)
    return report


def _ordered(report: Row) -> Row:
    first = {k: report[k] for k in _REPORT_ORDER if k in report}
    return {**first, **report}


def _outcome_entry(record: Sequence[Any]) -> Row:
    rule, status, severity, title, reason, extra = record[3:9]
    entry: Row = {"id": rule, "status": status}
    if reason is not None:
        entry["reason"] = reason
    if severity is not None:
        entry["severity"] = severity
    if title is not None:
        entry["title"] = title
    if extra:
        entry.update(json.loads(extra))
    return entry


def _finding_entry(record: Sequence[Any]) -> Row:
    rule, fingerprint, severity, status, path, line, message, exemption, extra = record[3:12]
    entry: Row = {"rule": rule, "severity": severity, "status": status, "message": message}
    entry.update(path=path, line=line, fingerprint=fingerprint)
    if exemption is not None:
        entry["exemption"] = exemption
    if extra:
        entry.update(json.loads(extra))
    return entry


def _exemption_entry(record: Sequence[Any]) -> Row:
    rule, reason, paths, expires, owner, location = record[3:9]
    entry: Row = {"rule": rule, "reason": reason, "paths": json.loads(paths)}
    entry.update(expires=expires, owner=owner, location=location)
    return entry
