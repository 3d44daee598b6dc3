"""The audit journal's rows gathered into what every report shows: one entry per repository
(sorted by name), one tally per rule (in the order rules first appear), totals and grades.

Rows are the audit journal's dicts (``version`` 1). The text in them — repository names,
sources, error reasons, rule titles from a repository's own policy — is untrusted: it is kept
as it is here and escaped by each report for its own medium.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from policylint.audit.scores import GRADES, Grade, Score, score

# Where a repository's policy came from; "none" when it was never reached (a failed clone).
ORIGINS = ("repository", "builtin", "imposed", "none")


class RepoEntry(NamedTuple):
    name: str
    source: str
    head: str | None
    status: str  # "ok" or "error"
    error: str | None
    origin: str  # one of ORIGINS
    sources: tuple[str, ...]
    score: Score
    rules: dict[str, str]  # rule id -> its status in this repository
    seconds: float
    # For the drill-down: the report's findings and the policy's exemptions, as in the row.
    findings: tuple[dict[str, Any], ...] = ()
    # The policy's exemptions with their expiry (and their state, from the report).
    exemptions: tuple[dict[str, Any], ...] = ()
    policy_hash: str | None = None
    default_branch: str | None = None
    # The SPDX id a licence rule identified ("NOASSERTION": a licence file it did not
    # recognise; None: no licence rule ran).
    licence: str | None = None


class RuleTally(NamedTuple):
    id: str
    title: str
    severity: str
    passed: int = 0
    failed: int = 0
    errors: int = 0
    skipped: int = 0
    exempted: int = 0  # repositories where it passed thanks to exemptions

    @property
    def evaluated(self) -> int:
        return self.passed + self.failed + self.errors

    @property
    def rate(self) -> float | None:
        """The share of repositories that pass it, of those where it was evaluated."""
        return self.passed / self.evaluated if self.evaluated else None


class Aggregate(NamedTuple):
    repositories: tuple[RepoEntry, ...]
    rules: tuple[RuleTally, ...]

    @property
    def ok(self) -> tuple[RepoEntry, ...]:
        return tuple(r for r in self.repositories if r.status == "ok")

    @property
    def errors(self) -> tuple[RepoEntry, ...]:
        return tuple(r for r in self.repositories if r.status != "ok")

    @property
    def graded(self) -> tuple[RepoEntry, ...]:
        return tuple(r for r in self.repositories if r.score.points is not None)

    def mean_score(self) -> float | None:
        points = [r.score.points for r in self.graded if r.score.points is not None]
        return round(sum(points) / len(points), 1) if points else None

    def grades(self) -> dict[Grade, int]:
        counts: dict[Grade, int] = {letter: 0 for letter, _ in GRADES}
        for entry in self.graded:
            if entry.score.grade is not None:
                counts[entry.score.grade] += 1
        return counts

    def origins(self) -> dict[str, int]:
        counts = dict.fromkeys(ORIGINS, 0)
        for entry in self.repositories:
            counts[entry.origin] = counts.get(entry.origin, 0) + 1
        return counts

    def imposed_sources(self) -> tuple[str, ...]:
        """The policy files imposed on repositories, each once, in order of appearance."""
        seen = [s for r in self.repositories if r.origin == "imposed" for s in r.sources]
        return tuple(dict.fromkeys(seen))

    def neediest(self, count: int = 10) -> tuple[RepoEntry, ...]:
        """The ``count`` graded repositories with the lowest scores (ties by name)."""
        ranked = sorted(self.graded, key=lambda r: (r.score.points or 0.0, r.name))
        return tuple(ranked[:count])

    def licences(self) -> dict[str, int]:
        """Repositories per SPDX id, most common first (ties by id)."""
        counts: dict[str, int] = {}
        for entry in self.ok:
            if entry.licence is not None:
                counts[entry.licence] = counts.get(entry.licence, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    def lapsing_exemptions(self) -> tuple[tuple[RepoEntry, dict[str, Any]], ...]:
        """Exemptions that expire soon or have expired, per repository, soonest first."""
        found = [
            (entry, exemption)
            for entry in self.ok
            for exemption in entry.exemptions
            if exemption.get("state") in ("expiring", "expired")
        ]
        return tuple(sorted(found, key=lambda pair: (str(pair[1].get("expires")), pair[0].name)))

    def tally(self, rule_id: str) -> RuleTally:
        """The rule's tally (a bare one for a rule no repository evaluated)."""
        return next((t for t in self.rules if t.id == rule_id), RuleTally(rule_id, rule_id, ""))


def aggregate(rows: Iterable[dict[str, Any]], *, details: bool = False) -> Aggregate:
    """``details``: keep each repository's findings and exemptions (the HTML drill-down);
    without, an aggregate of many repositories stays small. ``rows`` are read once, one at a
    time (a stream from the results database is never held whole)."""
    entries: list[RepoEntry] = []
    tallies: dict[str, RuleTally] = {}
    for row in rows:
        entries.append(entry_of(row, details=details))
        count_rules(tallies, row)
    entries.sort(key=lambda e: e.name)
    return Aggregate(tuple(entries), tuple(tallies.values()))


def entry_of(row: dict[str, Any], *, details: bool) -> RepoEntry:
    policy = row.get("policy") or {"origin": "none"}
    report = row.get("report") or {}
    return RepoEntry(
        name=str(row.get("name") or row.get("source") or row.get("key") or "?"),
        source=str(row.get("source", "")),
        head=row.get("head"),
        status="ok" if row.get("status") == "ok" else "error",
        error=row.get("error"),
        origin=str(policy.get("origin", "none")),
        sources=tuple(str(s) for s in policy.get("sources", ())),
        score=score(row),
        rules={str(r["id"]): str(r["status"]) for r in report.get("rules", [])},
        seconds=float(row.get("seconds") or 0.0),
        findings=tuple(report.get("findings", ())) if details else (),
        exemptions=_exemptions(report, row, details=details),
        policy_hash=policy.get("hash"),
        default_branch=row.get("default_branch"),
        licence=licence_of(report),
    )


def licence_of(report: dict[str, Any]) -> str | None:
    """The SPDX id a rule reported (its ``details``, or a finding's ``properties``)."""
    for rule in report.get("rules", ()):
        spdx = (rule.get("details") or {}).get("spdx")
        if spdx:
            return str(spdx)
    for finding in report.get("findings", ()):
        spdx = (finding.get("properties") or {}).get("spdx")
        if spdx:
            return str(spdx)
    return None


def count_rules(tallies: dict[str, RuleTally], row: dict[str, Any]) -> None:
    """Count one row's rule outcomes into ``tallies`` (rules in the order they first appear)."""
    if row.get("status") != "ok" or not isinstance(row.get("report"), dict):
        return
    exempted = {
        f.get("rule") for f in row["report"].get("findings", []) if f.get("status") == "exempted"
    }
    for rule in row["report"].get("rules", []):
        _count(tallies, rule, rule.get("id") in exempted)


_FIELD = {"pass": "passed", "fail": "failed", "error": "errors", "skipped": "skipped"}


def _count(tallies: dict[str, RuleTally], rule: dict[str, Any], exempted: bool) -> None:
    rule_id = str(rule["id"])
    tally = tallies.get(rule_id) or RuleTally(
        rule_id, str(rule.get("title") or rule_id), str(rule.get("severity", ""))
    )
    field = _FIELD.get(str(rule.get("status")))
    if field is not None:
        tally = tally._replace(**{field: getattr(tally, field) + 1})
    if rule.get("status") == "pass" and exempted:
        tally = tally._replace(exempted=tally.exempted + 1)
    tallies[rule_id] = tally


def _exemptions(report: dict[str, Any], row: dict[str, Any], *, details: bool) -> tuple[Any, ...]:
    """The report's exemptions (with their state on the run's date) when it lists them, else
    the row's (kept for the drill-down only)."""
    listed = [e for e in report.get("exemptions", ()) if isinstance(e, dict)]
    if listed:
        return tuple(listed)
    return tuple(row.get("exemptions") or ()) if details else ()
