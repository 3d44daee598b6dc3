"""What the reports show from history: the runs selected, what changed since the run before
the one reported, the pass rate of every rule and the score of every repository over the
runs, and what the policies say about their rules (fix text, tags, documentation).

A *regression* is a rule that passed in the previous run and fails (or errors) now, or a
repository that was audited then and could not be now; a *fix* is the reverse. Rules that are
new, gone or skipped in either run are neither. Repositories are matched by name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from policylint.audit.store import Run, history, now

if TYPE_CHECKING:
    from policylint.audit.report.aggregate import Aggregate, RepoEntry
    from policylint.audit.store import Store
    from policylint.audit.store.history import RuleInfo, Standing

BAD = ("fail", "error")


class Change(NamedTuple):
    """A repository that regressed or improved: its score then and now, and the rules."""

    name: str
    before: float | None
    after: float | None
    rules: tuple[str, ...]  # the rules that regressed (or were fixed)
    status: str | None = None  # "error" or "ok" when the repository's status changed


class Changes(NamedTuple):
    regressions: tuple[Change, ...] = ()
    fixes: tuple[Change, ...] = ()
    new: tuple[str, ...] = ()
    vanished: tuple[str, ...] = ()


class History(NamedTuple):
    generated: str  # when the report was made (ISO 8601, UTC)
    run: Run  # the run reported on
    runs: tuple[Run, ...]  # the runs the trends cover, oldest first (ending with ``run``)
    previous: Run | None  # the run before ``run``
    changes: Changes
    rule_rates: dict[str, tuple[float | None, ...]]  # rule id -> pass rate per run
    scores: dict[str, tuple[float | None, ...]]  # repository -> score per run
    means: tuple[float | None, ...]  # mean score per run
    info: dict[tuple[str, str], RuleInfo]  # (policy hash, rule id) -> what the policy says


def load(store: Store, run: Run, runs: Sequence[Run], agg: Aggregate) -> History:
    """The history of ``run`` over ``runs`` (which end with it); ``agg`` is its aggregate."""
    previous = history.previous_run(store, run)
    before = history.standings(store, previous.id) if previous is not None else None
    ids = [r.id for r in runs]
    counts = history.rule_counts(store, ids)
    per_repository = history.scores(store, ids)
    return History(
        generated=now(),
        run=run,
        runs=tuple(runs),
        previous=previous,
        changes=compare(before, agg) if before is not None else Changes(),
        rule_rates={tally.id: _rates(counts, ids, tally.id) for tally in agg.rules},
        scores={name: tuple(got.get(i) for i in ids) for name, got in per_repository.items()},
        means=tuple(_mean(per_repository, i) for i in ids),
        info=history.rule_info(store, run.id),
    )


def compare(before: dict[str, Standing], agg: Aggregate) -> Changes:
    regressions: list[Change] = []
    fixes: list[Change] = []
    for entry in agg.repositories:
        then = before.get(entry.name)
        if then is None:
            continue
        worse, better = _moves(then, entry)
        if worse or (then.status == "ok" and entry.status != "ok"):
            status = "error" if then.status == "ok" and entry.status != "ok" else None
            regressions.append(Change(entry.name, then.score, entry.score.points, worse, status))
        if better or (then.status != "ok" and entry.status == "ok"):
            status = "ok" if then.status != "ok" and entry.status == "ok" else None
            fixes.append(Change(entry.name, then.score, entry.score.points, better, status))
    names = {entry.name for entry in agg.repositories}
    return Changes(
        tuple(regressions),
        tuple(fixes),
        tuple(sorted(names - before.keys())),
        tuple(sorted(before.keys() - names)),
    )


def _moves(then: Standing, entry: RepoEntry) -> tuple[tuple[str, ...], tuple[str, ...]]:
    worse = tuple(
        rule for rule, status in entry.rules.items()
        if status in BAD and then.rules.get(rule) == "pass"
    )  # fmt: skip
    better = tuple(
        rule for rule, status in entry.rules.items()
        if status == "pass" and then.rules.get(rule) in BAD
    )  # fmt: skip
    return worse, better


def _rates(
    counts: dict[int, dict[str, dict[str, int]]], ids: list[int], rule: str
) -> tuple[float | None, ...]:
    rates: list[float | None] = []
    for run_id in ids:
        tally = counts.get(run_id, {}).get(rule, {})
        evaluated = sum(tally.get(status, 0) for status in ("pass", *BAD))
        rates.append(tally.get("pass", 0) / evaluated if evaluated else None)
    return tuple(rates)


def _mean(per_repository: dict[str, dict[int, float | None]], run_id: int) -> float | None:
    points = [s for got in per_repository.values() if (s := got.get(run_id)) is not None]
    return round(sum(points) / len(points), 1) if points else None
