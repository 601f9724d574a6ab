"""Aggregate SQL over the incidents projection: counts and tolls by period or dimension, totals,
two-window comparisons and the cross-border share by group.

Every query reads `incidents_flat v` (joined to `incident_groups` or `incident_targets` when
the dimension is a group or a target type) under the reader's `Visibility` and an
`IncidentFilter`, and returns plain tuples; the analytics package gives them meaning.
Unknown tolls are NULL and SUM skips them, so they count as zero; `totals` says how many.
"""

from __future__ import annotations

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
        cond, params = where(flt, visibility)
        label = f"MAX({dim.label})" if dim.label else "NULL"
        sql = (f"SELECT {dim.key}, {label}, COUNT(*), "
               f"COALESCE(SUM({killed_column(estimate)}), 0), "
               f"COALESCE(SUM({_injured(estimate)}), 0) "
               f"FROM incidents_flat v {dim.join} WHERE {cond} GROUP BY {dim.key}")
        return [(k, lbl, int(n), int(kd), int(inj)) for k, lbl, n, kd, inj
                in self.db.query(sql, params)]

    def totals(self, flt: IncidentFilter, *, visibility: Visibility,
               estimate: str = "best") -> tuple[int, int, int, int, int]:
        """(incidents, killed, injured, incidents without a killed figure, without injured)."""
        cond, params = where(flt, visibility)
        kc, ic = killed_column(estimate), _injured(estimate)
        row = self.db.query_one(
            f"SELECT COUNT(*), COALESCE(SUM({kc}), 0), COALESCE(SUM({ic}), 0), "
            f"COALESCE(SUM(CASE WHEN {kc} IS NULL THEN 1 ELSE 0 END), 0), "
            f"COALESCE(SUM(CASE WHEN {ic} IS NULL THEN 1 ELSE 0 END), 0) "
            f"FROM incidents_flat v WHERE {cond}", params)
        assert row is not None
        return tuple(int(x) for x in row)  # type: ignore[return-value]

    def windows(self, flt: IncidentFilter, *, visibility: Visibility, start: str, split: str,
                end: str, estimate: str = "best") -> tuple[tuple[int, int, int], ...]:
        """(incidents, killed, injured) for [start, split) and [split, end), dates as text."""
        cond, params = where(flt, visibility)
        kc, ic = killed_column(estimate), _injured(estimate)
        parts = []
        for test in ("v.occurred < ?", "v.occurred >= ?"):
            parts += [f"COALESCE(SUM(CASE WHEN {test} THEN 1 ELSE 0 END), 0)",
                      f"COALESCE(SUM(CASE WHEN {test} THEN {kc} ELSE 0 END), 0)",
                      f"COALESCE(SUM(CASE WHEN {test} THEN {ic} ELSE 0 END), 0)"]
        row = self.db.query_one(
            f"SELECT {', '.join(parts)} FROM incidents_flat v "
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
