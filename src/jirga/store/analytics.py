"""Aggregate SQL over the incidents projection: counts and tolls by period or dimension, totals,
two-window comparisons and the cross-border share by group.

A query reads `incident_counts v` (one row per day, place, status, dataset and the columns
the access policy tests, kept by triggers: see m021) when the question only needs those
columns, and `incidents_flat v` (joined to `incident_groups` or `incident_targets` for a group
or a target type) otherwise; both give the same answers, the first a hundred times faster on a
large register. Always under the reader's `Visibility` and an `IncidentFilter`; the analytics
package gives the tuples meaning. Unknown tolls are NULL and SUM skips them, so they count as
zero; `totals` says how many incidents have no best figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from jirga.store.db import Database
from jirga.store.incidents import IncidentFilter, killed_column, where
from jirga.store.visibility import Visibility


@dataclass(frozen=True)
class Dimension:
    """How to group: the key expression, an optional join, and the columns to group by."""

    key: str
    join: str = ""
    label: str = ""  # a second expression shown beside the key (a province's name)


DIMENSIONS: dict[str, Dimension] = {
    "day": Dimension("v.occurred"),
    "week": Dimension("v.week"),
    "month": Dimension("v.month"),
    "quarter": Dimension("v.quarter"),
    "year": Dimension("v.year"),
    "country": Dimension("v.country"),
    "province": Dimension("v.admin1", label="v.admin1_name"),
    "district": Dimension("v.district"),
    "perpetrator": Dimension("g.perpetrator",
                             join="LEFT JOIN incident_groups g ON g.id = v.id"),
    "attack-type": Dimension("v.attack_type"),
    "target-type": Dimension("t.target_type",
                             join="LEFT JOIN incident_targets t ON t.id = v.id"),
    "cross-border": Dimension("v.cross_border"),
    "status": Dimension("v.review_status"),
    "dataset": Dimension("v.dataset"),
}


@dataclass(frozen=True)
class Source:
    """A table statistics can read, and how it counts: one row per incident, or pre-summed."""

    table: str
    weight: str  # how many incidents a row stands for
    unknown: str  # how many of them have no best figure for {kind}


FLAT = Source("incidents_flat", "1", "CASE WHEN v.{kind}_best IS NULL THEN 1 ELSE 0 END")
COUNTS = Source("incident_counts", "v.incidents", "v.{kind}_unknown")
COUNTS_FILTERS = frozenset({"date_from", "date_to", "countries", "provinces", "statuses",
                            "datasets"})
COUNTS_DIMENSIONS = frozenset({"day", "week", "month", "quarter", "year", "country",
                               "province", "status", "dataset"})
ROW_COLUMNS = re.compile(r"\bv\.(seq|id)\b")  # what a policy may test that counts lack


def source(flt: IncidentFilter, visibility: Visibility, dimension: str | None = None) -> Source:
    """The counts table when the filter, the dimension and the policy need nothing else."""
    if dimension is not None and dimension not in COUNTS_DIMENSIONS:
        return FLAT
    if not set(flt.active()) <= COUNTS_FILTERS or ROW_COLUMNS.search(visibility.where):
        return FLAT
    return COUNTS


def _injured(estimate: str) -> str:
    return killed_column(estimate).replace("killed", "injured")


class AnalyticsQueries:
    """The aggregate queries; each takes the reader's visibility."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def by(self, dimension: str, flt: IncidentFilter, *, visibility: Visibility,
           estimate: str = "best") -> list[tuple[Any, Any, int, int, int]]:
        """(key, label, incidents, killed, injured) per value of the dimension."""
        dim = DIMENSIONS[dimension]
        src = source(flt, visibility, dimension)
        cond, params = where(flt, visibility)
        label = f"MAX({dim.label})" if dim.label else "NULL"
        sql = (f"SELECT {dim.key}, {label}, SUM({src.weight}), "
               f"COALESCE(SUM({killed_column(estimate)}), 0), "
               f"COALESCE(SUM({_injured(estimate)}), 0) "
               f"FROM {src.table} v {dim.join if src is FLAT else ''} WHERE {cond} "
               f"GROUP BY {dim.key}")
        return [(k, lbl, int(n), int(kd), int(inj)) for k, lbl, n, kd, inj
                in self.db.query(sql, params)]

    def totals(self, flt: IncidentFilter, *, visibility: Visibility,
               estimate: str = "best") -> tuple[int, int, int, int, int]:
        """(incidents, killed, injured, incidents without a killed figure, without injured)."""
        src = source(flt, visibility)
        cond, params = where(flt, visibility)
        row = self.db.query_one(
            f"SELECT COALESCE(SUM({src.weight}), 0), "
            f"COALESCE(SUM({killed_column(estimate)}), 0), "
            f"COALESCE(SUM({_injured(estimate)}), 0), "
            f"COALESCE(SUM({src.unknown.format(kind='killed')}), 0), "
            f"COALESCE(SUM({src.unknown.format(kind='injured')}), 0) "
            f"FROM {src.table} v WHERE {cond}", params)
        assert row is not None
        return tuple(int(x) for x in row)  # type: ignore[return-value]

    def windows(self, flt: IncidentFilter, *, visibility: Visibility, start: str, split: str,
                end: str, estimate: str = "best") -> tuple[tuple[int, int, int], ...]:
        """(incidents, killed, injured) for [start, split) and [split, end), dates as text."""
        src = source(flt, visibility)
        cond, params = where(flt, visibility)
        kc, ic = killed_column(estimate), _injured(estimate)
        parts = []
        for test in ("v.occurred < ?", "v.occurred >= ?"):
            parts += [f"COALESCE(SUM(CASE WHEN {test} THEN {src.weight} ELSE 0 END), 0)",
                      f"COALESCE(SUM(CASE WHEN {test} THEN {kc} ELSE 0 END), 0)",
                      f"COALESCE(SUM(CASE WHEN {test} THEN {ic} ELSE 0 END), 0)"]
        row = self.db.query_one(
            f"SELECT {', '.join(parts)} FROM {src.table} v "
            f"WHERE {cond} AND v.occurred >= ? AND v.occurred < ?",
            [*[split] * 3, *[split] * 3, *params, start, end])
        assert row is not None
        values = [int(x) for x in row]
        return tuple(values[:3]), tuple(values[3:])  # type: ignore[return-value]

    def cross_border_by_group(self, flt: IncidentFilter, *,
                              visibility: Visibility) -> list[tuple[str | None, int, int, int]]:
        """(group, incidents, with a cross-border nexus, nexus not recorded) per group."""
        cond, params = where(flt, visibility)
        sql = ("SELECT g.perpetrator, COUNT(*), "
               "COALESCE(SUM(CASE WHEN v.cross_border = 1 THEN 1 ELSE 0 END), 0), "
               "COALESCE(SUM(CASE WHEN v.cross_border IS NULL THEN 1 ELSE 0 END), 0) "
               "FROM incidents_flat v LEFT JOIN incident_groups g ON g.id = v.id "
               f"WHERE {cond} GROUP BY g.perpetrator")
        return [(g, int(n), int(c), int(u)) for g, n, c, u in self.db.query(sql, params)]
