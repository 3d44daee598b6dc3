"""What the terminal summary shows, gathered one repository at a time in bounded memory: counts,
grades, the mean score, policy origins, licences, the pass rate of every rule, and only the few
repositories the summary names (the ``NEEDIEST`` lowest scores, the first ``SHOWN`` that could
not be audited, the ``SHOWN`` soonest-lapsing exemptions). An audit feeds it each row as the row
is recorded, so its process holds no row and no entry per repository, however many it audits;
the full per-repository reports are written from the results database.

It answers the same questions as an ``Aggregate`` (``table.render`` draws either), and
``Summary.of(agg)`` makes one from an aggregate already made.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from policylint.audit.report.aggregate import (
    ORIGINS,
    Aggregate,
    RepoEntry,
    RuleTally,
    count_rules,
    entry_of,
)
from policylint.audit.scores import GRADES, Grade

NEEDIEST = 10  # the repositories with the lowest scores the summary lists
SHOWN = 10  # errors and lapsing exemptions listed (the rest counted)

Item = TypeVar("Item")


class Lowest(Generic[Item]):
    """The ``size`` smallest items by ``key`` seen so far (and how many were seen), in order.
    Kept by sorting and trimming whenever twice as many are held: amortised O(log size)."""

    def __init__(self, size: int, key: Callable[[Item], Any]) -> None:
        self.size, self.key, self.items, self.seen = size, key, list[Item](), 0

    def add(self, item: Item) -> None:
        self.seen += 1
        self.items.append(item)
        if len(self.items) >= 2 * self.size:
            self._trim()

    def smallest(self) -> tuple[Item, ...]:
        self._trim()
        return tuple(self.items)

    def _trim(self) -> None:
        self.items.sort(key=self.key)
        del self.items[self.size :]


Lapsing = tuple[RepoEntry, dict[str, Any]]


class Summary:
    """Counts and bounded lists, fed repository by repository (``add``)."""

    def __init__(self) -> None:
        self.total = self.audited = self.graded_count = 0
        self.tenths = 0  # the sum of the points, in tenths (exact, whatever the order)
        self.grade_counts: dict[Grade, int] = {letter: 0 for letter, _ in GRADES}
        self.origin_counts: dict[str, int] = dict.fromkeys(ORIGINS, 0)
        self.imposed: dict[str, None] = {}
        self.licence_counts: dict[str, int] = {}
        self.tallies: dict[str, RuleTally] = {}
        self.needy = Lowest[RepoEntry](NEEDIEST, lambda e: (e.score.points or 0.0, e.name))
        self.failed = Lowest[RepoEntry](SHOWN, lambda e: e.name)
        self.lapsing = Lowest[tuple[str, str, int, Lapsing]](SHOWN, lambda item: item[:3])

    @classmethod
    def of(cls, agg: Aggregate) -> Summary:
        summary = cls()
        for entry in agg.repositories:
            summary.add_entry(entry)
        summary.tallies = {tally.id: tally for tally in agg.rules}
        return summary

    def add(self, row: dict[str, Any]) -> None:
        """One journal row: its entry (without details) and its rule outcomes counted."""
        self.add_entry(entry_of(row, details=False))
        count_rules(self.tallies, row)

    def add_entry(self, entry: RepoEntry) -> None:
        # The entry is kept only by the bounded lists: without its rule statuses.
        entry = entry._replace(rules={})
        self.total += 1
        self.origin_counts[entry.origin] = self.origin_counts.get(entry.origin, 0) + 1
        if entry.origin == "imposed":
            self.imposed.update(dict.fromkeys(entry.sources))
        if entry.score.points is not None:
            self.graded_count += 1
            self.tenths += round(entry.score.points * 10)
            self.needy.add(entry)
        if entry.score.grade is not None:
            self.grade_counts[entry.score.grade] += 1
        if entry.status != "ok":
            self.failed.add(entry)
            return
        self.audited += 1
        if entry.licence is not None:
            self.licence_counts[entry.licence] = self.licence_counts.get(entry.licence, 0) + 1
        for index, exemption in enumerate(entry.exemptions):
            if exemption.get("state") in ("expiring", "expired"):
                key = (str(exemption.get("expires")), entry.name, index)
                self.lapsing.add((*key, (entry, exemption)))

    # The questions the summary table asks (as ``Aggregate`` answers them).

    @property
    def rules(self) -> tuple[RuleTally, ...]:
        return tuple(self.tallies.values())

    @property
    def error_count(self) -> int:
        return self.failed.seen

    def first_errors(self) -> tuple[RepoEntry, ...]:
        """The first ``SHOWN`` repositories that could not be audited, by name."""
        return self.failed.smallest()

    def mean_score(self) -> float | None:
        return round(self.tenths / 10 / self.graded_count, 1) if self.graded_count else None

    def grades(self) -> dict[Grade, int]:
        return dict(self.grade_counts)

    def origins(self) -> dict[str, int]:
        return dict(self.origin_counts)

    def imposed_sources(self) -> tuple[str, ...]:
        return tuple(self.imposed)

    def neediest(self, count: int = NEEDIEST) -> tuple[RepoEntry, ...]:
        return self.needy.smallest()[:count]

    def licences(self) -> dict[str, int]:
        ranked = sorted(self.licence_counts.items(), key=lambda item: (-item[1], item[0]))
        return dict(ranked)

    def lapsing_exemptions(self) -> tuple[Lapsing, ...]:
        """The ``SHOWN`` soonest-lapsing exemptions (``lapsing_count`` counts them all)."""
        return tuple(item[3] for item in self.lapsing.smallest())

    @property
    def lapsing_count(self) -> int:
        return self.lapsing.seen


def summarise(rows: Iterable[dict[str, Any]]) -> Summary:
    summary = Summary()
    for row in rows:
        summary.add(row)
    return summary
