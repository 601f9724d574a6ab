"""Counts and tolls by period or dimension, two-period comparisons, the cross-border share.

The sums are SQL over the incidents projection (`store/analytics.py`); this module names the
rows, fills the periods that had no incident with zeros (a series without gaps), computes
percent changes, and attaches the scope and the notes a reader needs: a change from zero has
no percentage (null, never infinity), unknown tolls count as zero, an incident naming several
groups counts under each.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from jirga.analytics.scope import Scope
from jirga.errors import Invalid
from jirga.incidents.filters import period_start
from jirga.store import Store
from jirga.store.analytics import AnalyticsQueries
from jirga.store.visibility import Visibility

PERIODS = ("day", "week", "month", "quarter", "year")
BY_CHOICES = (*PERIODS, "province", "perpetrator", "attack-type", "target-type", "country",
              "district", "dataset", "status", "cross-border")
MEASURES = ("incidents", "killed", "injured")
UNKNOWN_KEY = {"perpetrator": "(unattributed)", "target-type": "(not recorded)",
               "cross-border": "(not recorded)"}
MULTI_VALUED = {"perpetrator": "an incident naming several groups counts under each",
                "target-type": "an incident with several target types counts under each"}


@dataclass
class StatsTable:
    by: str
    rows: list[dict[str, Any]]
    scope: Scope
    total: dict[str, int]
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> list[dict[str, Any]]:
        return [{"key": r["key"], "incidents": r["incidents"], "killed": r["killed"],
                 "injured": r["injured"]} for r in self.rows]


def stats_by(store: Store, by: str, scope: Scope, *, visibility: Visibility) -> StatsTable:
    """Incidents, killed and injured per value of `by`, under the scope's filter."""
    if by not in BY_CHOICES:
        raise Invalid(f"--by '{by}' is not one of {', '.join(BY_CHOICES)}")
    queries = AnalyticsQueries(store.db)
    raw = queries.by(by, scope.flt, visibility=visibility, estimate=scope.flt.estimate)
    rows = [{"key": _key(by, k, label), "incidents": n, "killed": kd, "injured": inj}
            for k, label, n, kd, inj in raw]
    if by in PERIODS:
        rows = _fill(by, rows, scope)
    else:
        rows.sort(key=lambda r: (-r["incidents"], str(r["key"])))
    n, killed, injured, no_killed, no_injured = queries.totals(
        scope.flt, visibility=visibility, estimate=scope.flt.estimate)
    table = StatsTable(by, rows, scope, {"incidents": n, "killed": killed, "injured": injured})
    table.notes += _toll_notes(no_killed, no_injured)
    if by in MULTI_VALUED:
        table.notes.append(f"{MULTI_VALUED[by]}, so rows may add up to more than {n} incidents")
    return table


def _key(by: str, key: Any, label: Any) -> Any:
    if by == "province":
        return label or key or "(unknown)"
    if by == "year" and key is not None:
        return int(key)
    if by == "cross-border" and key is not None:
        return "yes" if key else "no"
    if key is None:
        return UNKNOWN_KEY.get(by, "(undated)" if by in PERIODS else "(unknown)")
    return key


def _toll_notes(no_killed: int, no_injured: int) -> list[str]:
    notes = []
    for count, measure in ((no_killed, "killed"), (no_injured, "injured")):
        if count:
            verbs = ("incidents have", "count") if count > 1 else ("incident has", "counts")
            notes.append(f"{count} {verbs[0]} no {measure} figure and {verbs[1]} as 0 {measure}")
    return notes


def _fill(by: str, rows: list[dict[str, Any]], scope: Scope) -> list[dict[str, Any]]:
    """The series from its first to its last period (or the --from/--to bounds), zeros between."""
    dated = {r["key"]: r for r in rows if not str(r["key"]).startswith("(")}
    undated = [r for r in rows if str(r["key"]).startswith("(")]
    bounds = [date.fromisoformat(d) for d in (scope.flt.date_from, scope.flt.date_to) if d]
    if not dated and len(bounds) < 2:
        return rows
    first = date.fromisoformat(scope.flt.date_from) if scope.flt.date_from \
        else _period_date(by, min(dated, key=str))
    last = date.fromisoformat(scope.flt.date_to) if scope.flt.date_to \
        else _period_date(by, max(dated, key=str))
    out = []
    for key in period_keys(by, first, last):
        out.append(dated.pop(key, {"key": key, "incidents": 0, "killed": 0, "injured": 0}))
    return [*out, *sorted(dated.values(), key=lambda r: str(r["key"])), *undated]


def _period_date(by: str, key: Any) -> date:
    text = str(key)
    if by == "week":
        return date.fromisocalendar(int(text[:4]), int(text[6:]), 1)
    if by == "quarter":
        return date(int(text[:4]), (int(text[-1]) - 1) * 3 + 1, 1)
    if by == "year":
        return date(int(text), 1, 1)
    if by == "month":
        return date(int(text[:4]), int(text[5:7]), 1)
    return date.fromisoformat(text)


def period_key(by: str, day: date) -> Any:
    """The key the projection stores for the period containing `day`."""
    if by == "day":
        return day.isoformat()
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return f"{day.year}-{day.month:02d}"
    if by == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return day.year


def period_keys(by: str, first: date, last: date) -> list[Any]:
    """Every period key from the one containing `first` to the one containing `last`."""
    step = timedelta(days={"day": 1, "week": 7}.get(by, 28))  # no month is shorter than 28 days
    keys: list[Any] = []
    day = first - timedelta(days=first.weekday()) if by == "week" else first
    while day <= last:
        key = period_key(by, day)
        if not keys or keys[-1] != key:
            keys.append(key)
        day += step
    if not keys or keys[-1] != period_key(by, last):
        keys.append(period_key(by, last))
    return keys


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), clamped to the month's end (Jan 31 → Feb 29)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def percent_change(before: int, after: int) -> float | None:
    """(after − before) / before in percent, one decimal; None when before is zero."""
    if before == 0:
        return None
    return round((after - before) * 100 / before, 1)


@dataclass
class Comparison:
    before: dict[str, Any]
    after: dict[str, Any]
    change_pct: dict[str, float | None]
    scope: Scope
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"before": self.before, "after": self.after, "change_pct": self.change_pct}


def compare(store: Store, split: str, months: int, scope: Scope, *,
            visibility: Visibility) -> Comparison:
    """The `months` months before `split` against the `months` months from it."""
    if months < 1:
        raise Invalid(f"--months {months}: compare at least 1 month (or use --years)")
    pivot = date.fromisoformat(period_start(split, "--split"))
    start, end = add_months(pivot, -months), add_months(pivot, months)
    before, after = AnalyticsQueries(store.db).windows(
        scope.flt, visibility=visibility, start=start.isoformat(), split=pivot.isoformat(),
        end=end.isoformat(), estimate=scope.flt.estimate)
    windows = {}
    for name, (lo, hi), values in (("before", (start, pivot), before),
                                   ("after", (pivot, end), after)):
        windows[name] = {"from": lo.isoformat(), "to": (hi - timedelta(days=1)).isoformat(),
                         **dict(zip(MEASURES, values, strict=True))}
    change = {m: percent_change(windows["before"][m], windows["after"][m]) for m in MEASURES}
    result = Comparison(windows["before"], windows["after"], change, scope)
    for measure, value in change.items():
        if value is None:
            result.notes.append(f"{measure}: no change in percent can be given, because the "
                                f"period before had 0 {measure} "
                                f"({windows['after'][measure]} after)")
    if scope.flt.date_from or scope.flt.date_to:
        result.notes.append("--from/--to also apply: the windows only count incidents inside them")
    return result


@dataclass
class CrossBorderTable:
    rows: list[dict[str, Any]]
    overall: dict[str, Any]
    scope: Scope
    notes: list[str] = field(default_factory=list)


def cross_border_share(store: Store, scope: Scope, *, visibility: Visibility) -> CrossBorderTable:
    """Per group: incidents, those with a cross-border nexus, those not recorded, the share."""
    queries = AnalyticsQueries(store.db)
    rows = [_share_row(UNKNOWN_KEY["perpetrator"] if group is None else group, n, cross, unknown)
            for group, n, cross, unknown in queries.cross_border_by_group(
                scope.flt, visibility=visibility)]
    rows.sort(key=lambda r: (-r["incidents"], r["group"]))
    counts = {key: n for key, _, n, _, _ in queries.by("cross-border", scope.flt,
                                                       visibility=visibility)}
    total = sum(counts.values())
    overall = _share_row("all incidents", total, counts.get(1, 0), counts.get(None, 0))
    notes = ["share = incidents with a recorded cross-border nexus / all incidents of the group; "
             "'not recorded' incidents count in the total but not as cross-border",
             MULTI_VALUED["perpetrator"]]
    return CrossBorderTable(rows, overall, scope, notes)


def _share_row(group: str, n: int, cross: int, unknown: int) -> dict[str, Any]:
    return {"group": group, "incidents": n, "cross_border": cross, "not_recorded": unknown,
            "share_pct": round(cross * 100 / n, 1) if n else None}
