"""The JSON report: the whole audit in one versioned document, keys in a fixed order.

``summary`` (totals, mean score, grade counts, policy origins), ``scoring`` (the weights and
grade thresholds used), ``rules`` (per-rule counts and pass rate) and ``repositories`` (sorted by
name: status, error, policy, score, grade, failing rules and each rule's status). Written with
the same conventions as ``policylint check --format json`` (indented by two, valid UTF-8).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import policylint
from policylint.audit.scores import GRADES, WEIGHTS
from policylint.reporters.json import dump

if TYPE_CHECKING:
    from policylint.audit.report.aggregate import Aggregate, RepoEntry, RuleTally
    from policylint.audit.report.history import History
    from policylint.audit.store import Run

VERSION = 1


def render(agg: Aggregate, *, title: str, history: History | None = None) -> str:
    found = document(agg, title=title)
    if history is not None:
        found.update(history_fields(history))
    return dump(found)


def history_fields(history: History) -> dict[str, Any]:
    """From the results database: the run, what changed since the one before, the trends."""
    changes = history.changes
    return {
        "generated": history.generated,
        "run": _run(history.run),
        "since-last-run": {
            "previous-run": history.previous.id if history.previous else None,
            "regressions": [change._asdict() for change in changes.regressions],
            "fixes": [change._asdict() for change in changes.fixes],
            "new": list(changes.new),
            "vanished": list(changes.vanished),
        },
        "trend": {
            "runs": [
                {**_run(run), "mean-score": mean}
                for run, mean in zip(history.runs, history.means, strict=True)
            ],
            "rules": {rule: list(rates) for rule, rates in history.rule_rates.items()},
        },
    }


def _run(run: Run) -> dict[str, Any]:
    return {
        "id": run.id,
        "started": run.started_at,
        "finished": run.finished_at,
        "tool-version": run.tool_version,
        "policy": run.policy,
    }


def document(agg: Aggregate, *, title: str) -> dict[str, Any]:
    return {
        "version": VERSION,
        "tool": {"name": "policylint", "version": policylint.__version__},
        "title": title,
        "summary": _summary(agg),
        "scoring": {
            "weights": dict(WEIGHTS),
            "grades": dict(GRADES),
            "rule-error": "counts as a failure",
            "skipped": "not counted",
        },
        "rules": [_rule(tally) for tally in agg.rules],
        "repositories": [_repository(entry) for entry in agg.repositories],
    }


def _summary(agg: Aggregate) -> dict[str, Any]:
    return {
        "repositories": len(agg.repositories),
        "ok": len(agg.ok),
        "error": len(agg.errors),
        "graded": len(agg.graded),
        "mean-score": agg.mean_score(),
        "grades": dict(agg.grades()),
        "policies": agg.origins(),
        "imposed-policy": list(agg.imposed_sources()),
    }


def _rule(tally: RuleTally) -> dict[str, Any]:
    rate = tally.rate
    return {
        "id": tally.id,
        "title": tally.title,
        "severity": tally.severity,
        "pass": tally.passed,
        "fail": tally.failed,
        "error": tally.errors,
        "skipped": tally.skipped,
        "exempted": tally.exempted,
        "pass-rate": None if rate is None else round(rate, 4),
    }


def _policy(entry: RepoEntry) -> dict[str, Any] | None:
    if entry.origin == "none":
        return None
    return {"origin": entry.origin, "sources": list(entry.sources)}


def _repository(entry: RepoEntry) -> dict[str, Any]:
    return {
        "name": entry.name,
        "source": entry.source,
        "head": entry.head,
        "status": entry.status,
        "error": entry.error,
        "policy": _policy(entry),
        "score": entry.score.points,
        "grade": entry.score.grade,
        "failing": list(entry.score.failing),
        "rules": dict(entry.rules),
        "seconds": round(entry.seconds, 3),
        "licence": entry.licence,
        "exemptions": list(entry.exemptions),
    }
