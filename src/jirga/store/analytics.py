"""Aggregate SQL over the incidents projection: counts and tolls by period or dimension, totals,
two-window comparisons and the cross-border share by group.

A query reads `incident_counts v` (one row per day, place, status, dataset and the columns the
access policy tests; see m021) or its monthly sums, which `CountsTable` brings up to date
first, when the question needs nothing else; otherwise `incidents_flat v` (joined to
`incident_groups` or `incident_targets` for a group or a target type). Both give the same
answers; the counts a hundred times faster on a large register. Always under the reader's
`Visibility` and an `IncidentFilter`; the analytics package gives the tuples meaning. Unknown
tolls are NULL and SUM skips them, so they count as zero; `totals` says how many incidents
have no best figure.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import orjson

from jirga.model.incident import extension
from jirga.store.db import Database, chunked, placeholders
from jirga.store.incidents import IncidentFilter, IncidentTable, killed_column, where
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
    dimension: str | None = None  # the one dimension a by-value table holds


FLAT = Source("incidents_flat", "1", "CASE WHEN v.{kind}_best IS NULL THEN 1 ELSE 0 END")
COUNTS = Source("incident_counts", "v.incidents", "v.{kind}_unknown")
MONTHLY = Source("incident_counts_monthly", "v.incidents", "v.{kind}_unknown")
# Monthly sums by group, attack type and target type: (dimension, FROM clause, value column).
VALUE_SUMS = {
    "perpetrator": ("incidents_flat f LEFT JOIN incident_groups g ON g.id = f.id",
                    "g.perpetrator"),
    "attack-type": ("incidents_flat f", "f.attack_type"),
    "target-type": ("incidents_flat f LEFT JOIN incident_targets t ON t.id = f.id",
                    "t.target_type"),
}
BY_VALUE = {d: Source("incident_value_counts", "v.incidents", "v.{kind}_unknown", d)
            for d in VALUE_SUMS}
COUNTS_FILTERS = frozenset({"date_from", "date_to", "countries", "provinces", "statuses",
                            "datasets"})
COUNTS_DIMENSIONS = frozenset({"day", "week", "month", "quarter", "year", "country",
                               "province", "status", "dataset"})
ROW_COLUMNS = re.compile(r"\bv\.(seq|id)\b")  # what a policy may test that counts lack...
ACCESS_TEST = "a.seq = v.seq"  # ...except the access rows of v.seq, which counts keep (m070)


def source(flt: IncidentFilter, visibility: Visibility, dimension: str | None = None,
           bounds: tuple[str, ...] = ()) -> Source:
    """The counts tables when the filter, the dimension and the policy need nothing else; the
    monthly one when every date bound (and `bounds`, first days) falls on a month boundary."""
    if dimension is not None and dimension not in COUNTS_DIMENSIONS | set(BY_VALUE):
        return FLAT
    if not set(flt.active()) <= COUNTS_FILTERS or ROW_COLUMNS.search(
            visibility.where.replace(ACCESS_TEST, "")):
        return FLAT
    starts = [d for d in (flt.date_from, *bounds) if d]
    aligned = all(d.endswith("-01") for d in starts) and (
        flt.date_to is None or _month_end(flt.date_to))
    if dimension in BY_VALUE:
        return BY_VALUE[dimension] if aligned else FLAT
    return MONTHLY if aligned and dimension not in ("day", "week") else COUNTS


def _month_end(day: str) -> bool:
    try:
        return (date.fromisoformat(day) + timedelta(days=1)).day == 1
    except ValueError:
        return False


def _injured(estimate: str) -> str:
    return killed_column(estimate).replace("killed", "injured")


KEY_COLUMNS = ("occurred", "country", "admin1", "admin1_name", "review_status", "dataset", "tlp",
               "created_by_ref", "source_party")
TOLL_COLUMNS = ("killed_low", "killed_best", "killed_high", "injured_low", "injured_best",
                "injured_high")
SUMMED = (f"{', '.join(KEY_COLUMNS)}, MAX(year), MAX(quarter), MAX(month), MAX(week), COUNT(*), "
          + ", ".join(f"COALESCE(SUM({t}), 0)" for t in TOLL_COLUMNS)
          + ", SUM(CASE WHEN killed_best IS NULL THEN 1 ELSE 0 END)"
          + ", SUM(CASE WHEN injured_best IS NULL THEN 1 ELSE 0 END), MIN(seq)")
COUNTS_INSERT = (f"INSERT INTO incident_counts ({', '.join(KEY_COLUMNS)}, year, quarter, month, "
                 f"week, incidents, {', '.join(TOLL_COLUMNS)}, killed_unknown, injured_unknown, "
                 f"seq) ")


def access_group(table: str) -> str:
    """What sums rows of `table` together besides the keys: 0 for every incident without
    access rows (TLP:AMBER recipients, TLP:RED readers), its own seq for one with them; the
    summed row keeps MIN(seq), so the policy tests that row's access rows (see m070)."""
    return (f"CASE WHEN EXISTS (SELECT 1 FROM object_access a WHERE a.seq = {table}.seq) "
            f"THEN {table}.seq ELSE 0 END")


SUMMED_GROUPS = f"{', '.join(KEY_COLUMNS)}, {access_group('incidents_flat')}"
# Past this many changed incidents, summing everything again is cheaper than day by day.
INCREMENTAL_LIMIT = 20_000

COUNTS_COLUMNS = (*KEY_COLUMNS, "year", "quarter", "month", "week", "incidents", *TOLL_COLUMNS,
                  "killed_unknown", "injured_unknown", "seq")
VALUE_COLUMNS = ("dimension", "value", "occurred", "month", "year", "quarter", *KEY_COLUMNS[1:],
                 "incidents", *TOLL_COLUMNS, "killed_unknown", "injured_unknown", "seq")
_SUMS = ", ".join(f"SUM({c})" for c in ("incidents", *TOLL_COLUMNS, "killed_unknown",
                                        "injured_unknown"))
# Sums of sums: rows of `temp.summed` (stored counts and a load's partial ones) summed again
# by the keys and the access group, as the counts hold them.
SUM_TABLES = {"incident_counts": COUNTS_COLUMNS, "incident_value_counts": VALUE_COLUMNS}
COUNTS_REGROUP = (f"SELECT {', '.join(KEY_COLUMNS)}, MAX(year), MAX(quarter), MAX(month), "
                  f"MAX(week), {_SUMS}, MIN(seq) FROM temp.summed GROUP BY "
                  f"{', '.join(KEY_COLUMNS)}, {access_group('summed')}")
VALUE_REGROUP = (f"SELECT dimension, value, MIN(occurred), month, MAX(year), MAX(quarter), "
                 f"{', '.join(KEY_COLUMNS[1:])}, {_SUMS}, MIN(seq) FROM temp.summed GROUP BY "
                 f"dimension, value, month, {', '.join(KEY_COLUMNS[1:])}, "
                 f"{access_group('summed')}")
REGROUP = {"incident_counts": COUNTS_REGROUP, "incident_value_counts": VALUE_REGROUP}


def value_sums_sql(test: str, params: list[Any]) -> list[tuple[str, list[Any]]]:
    """The INSERTs of the by-value monthly sums of the incidents `test` selects (alias f)."""
    keys = ", ".join(f"f.{c}" for c in KEY_COLUMNS if c != "occurred")
    sums = ", ".join(f"COALESCE(SUM(f.{c}), 0)" for c in TOLL_COLUMNS)
    return [(f"INSERT INTO incident_value_counts (dimension, value, occurred, month, year, "
             f"quarter, {keys.replace('f.', '')}, incidents, {', '.join(TOLL_COLUMNS)}, "
             f"killed_unknown, injured_unknown, seq) "
             f"SELECT ?, {value}, MIN(f.month) || '-01', f.month, MAX(f.year), MAX(f.quarter), "
             f"{keys}, COUNT(*), {sums}, "
             f"SUM(CASE WHEN f.killed_best IS NULL THEN 1 ELSE 0 END), "
             f"SUM(CASE WHEN f.injured_best IS NULL THEN 1 ELSE 0 END), MIN(f.seq) "
             f"FROM {source_sql} WHERE {test} GROUP BY {value}, f.month, {keys}, "
             f"{access_group('f')}", [dimension, *params])
            for dimension, (source_sql, value) in VALUE_SUMS.items()]


def stage_sums(execute: Callable[..., Any]) -> None:
    """Sum a staging file's incidents as the counts tables hold them (seqs are the staged
    ordinals), so the loading process folds a few thousand rows into the counts instead of
    summing every incident again (`PendingSums`). Run by the worker that staged
    them, with `execute` on the staging file's connection."""
    execute("CREATE TEMP VIEW object_access AS SELECT n AS seq, kind, value FROM access")
    execute("CREATE INDEX staged_groups ON incident_groups (id)")
    execute("CREATE INDEX staged_targets ON incident_targets (id)")
    execute(f"CREATE TABLE incident_counts ({', '.join(COUNTS_COLUMNS)})")
    execute(f"CREATE TABLE incident_value_counts ({', '.join(VALUE_COLUMNS)})")
    execute(f"{COUNTS_INSERT} SELECT {SUMMED} FROM incidents_flat GROUP BY {SUMMED_GROUPS}")
    for sql, params in value_sums_sql("1 = 1", []):
        execute(sql, params)


class CountsTable:
    """Keeps `incident_counts` equal to the sums of `incidents_flat`, refreshed before reads.

    The state row records the newest current incident version (`seq`) and the number of
    migrations the counts reflect: any new, changed or revoked incident gives a newer current
    version, and a migration may rebuild the projection. Changes since the state are applied
    day by day (every day any version of a changed incident fell on is summed again from the
    projection); many changes, or a migration, sum everything again.
    """

    def __init__(self, db: Database) -> None:
        self.db = db

    def _stamp(self) -> tuple[int, int]:
        seq = self.db.scalar("SELECT COALESCE(MAX(seq), 0) FROM object_versions "
                             "WHERE type = 'incident' AND is_current = 1")
        return int(seq), int(self.db.scalar("SELECT COUNT(*) FROM migrations"))

    def _state(self) -> tuple[int, int] | None:
        row = self.db.query_one("SELECT seq, migrations FROM incident_counts_state WHERE id = 1")
        return None if row is None else (int(row[0]), int(row[1]))

    def current(self) -> bool:
        """True when the counts hold every incident as it is now."""
        return self._state() == self._stamp()

    def settle(self, stamp: tuple[int, int]) -> None:
        """After the daily and by-value sums changed: the monthly ones again, and the state
        (newest incident version, migrations) they now reflect."""
        self._monthly()
        self.db.execute("DELETE FROM incident_counts_state")
        self.db.execute("INSERT INTO incident_counts_state (id, seq, migrations) "
                        "VALUES (1, ?, ?)", stamp)

    def refresh(self) -> None:
        if self.current():
            return
        with self.db.transaction():
            self.db.lock_for_writing()
            stamp, state = self._stamp(), self._state()
            if state == stamp:
                return
            changed = [] if state is None or state[1] != stamp[1] else self._changed(state[0])
            if state is None or state[1] != stamp[1] or len(changed) > INCREMENTAL_LIMIT:
                self.rebuild()
                self._value_sums(None)
            else:
                days = self._days_of(changed)
                self._resum(days)
                self._value_sums({d[:7] if d else None for d in days})
            self.settle(stamp)

    def rebuild(self) -> None:
        self.db.execute("DELETE FROM incident_counts")
        self.db.execute(f"{COUNTS_INSERT} SELECT {SUMMED} FROM incidents_flat "
                        f"GROUP BY {SUMMED_GROUPS}")

    def _monthly(self) -> None:
        """The monthly sums again from the daily ones (a few thousand rows at most)."""
        keys = ", ".join(c for c in KEY_COLUMNS if c != "occurred")
        self.db.execute("DELETE FROM incident_counts_monthly")
        self.db.execute(
            f"INSERT INTO incident_counts_monthly SELECT MIN(month) || '-01', {keys}, MAX(year), "
            f"MAX(quarter), month, NULL, SUM(incidents), "
            + ", ".join(f"SUM({c})" for c in (*TOLL_COLUMNS, "killed_unknown", "injured_unknown"))
            + f", MIN(seq) FROM incident_counts GROUP BY month, {keys}, "
            + access_group("incident_counts"))

    def _value_sums(self, months: set[str | None] | None) -> None:
        """The by-group, by-attack-type and by-target-type monthly sums, for these months
        (None: all of them) summed again from the projection."""
        tests: list[tuple[str, list[Any]]] = [("1 = 1", [])] if months is None else [
            (f"f.month IN ({placeholders(len(chunk))})", list(chunk))
            for chunk in chunked(sorted(m for m in months if m), 500)]
        if months is not None and None in months:
            tests.append(("f.month IS NULL", []))
        for test, params in tests:
            self.db.execute(f"DELETE FROM incident_value_counts WHERE {test.replace('f.', '')}",
                            params)
            for sql, bound in value_sums_sql(test, params):
                self.db.execute(sql, bound)

    def _changed(self, since: int) -> list[str]:
        rows = self.db.query("SELECT DISTINCT id FROM object_versions WHERE seq > ? "
                             "AND type = 'incident'", (since,))
        return [r[0] for r in rows]

    def _days_of(self, ids: list[str]) -> set[str | None]:
        """Every day any version of these incidents falls on, and their days now."""
        days: set[str | None] = set()
        for chunk in chunked(ids, 500):
            marks = placeholders(len(chunk))
            for (text,) in self.db.query(
                    f"SELECT json FROM object_versions WHERE id IN ({marks})", chunk):
                occurred = extension(orjson.loads(text)).get("occurred")
                days.add(occurred[:10] if isinstance(occurred, str) else None)
            days.update(r[0] for r in self.db.query(
                f"SELECT occurred FROM incidents_flat WHERE id IN ({marks})", chunk))
        return days

    def _resum(self, days: set[str | None]) -> None:
        dated = sorted(d for d in days if d is not None)
        for chunk in chunked(dated, 500):
            test = f"occurred IN ({placeholders(len(chunk))})"
            self.db.execute(f"DELETE FROM incident_counts WHERE {test}", chunk)
            self.db.execute(f"{COUNTS_INSERT} SELECT {SUMMED} FROM incidents_flat WHERE {test} "
                            f"GROUP BY {SUMMED_GROUPS}", chunk)
        if None in days:
            self.db.execute("DELETE FROM incident_counts WHERE occurred IS NULL")
            self.db.execute(f"{COUNTS_INSERT} SELECT {SUMMED} FROM incidents_flat WHERE "
                            f"occurred IS NULL GROUP BY {SUMMED_GROUPS}")


class PendingSums:
    """The partial sums of a bulk load's chunks (`stage_sums`, made by the workers that staged
    them, seqs counted from 1), folded into the counts once at the end of the load: the rows a
    full rebuild gives, without summing a million incidents again. Only when the counts were
    up to date before the load and every chunk brought its sums; otherwise the load leaves
    the counts as they were and the next refresh sums again."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.counts = CountsTable(db)
        self.usable = self.counts.current()  # before indexes are dropped: it reads them
        self.newest: int | None = None
        self.kept = False  # temporary tables made (only staging files bring sums: SQLite)

    def add(self, stage: str, base: int, staged_sums: bool) -> None:
        """Keep a loaded chunk's sums, its versions numbered after `base`."""
        if not self.usable:
            return
        if not staged_sums:
            self.usable = False
            return
        newest = self.db.scalar(f"SELECT MAX(n) FROM {stage}versions WHERE type = 'incident'")
        if newest is None:
            return
        for table, columns in SUM_TABLES.items():
            if not self.kept:
                self.db.execute(f"DROP TABLE IF EXISTS temp.pending_{table}")
                self.db.execute(f"CREATE TEMP TABLE pending_{table} ({', '.join(columns)})")
            picked = ", ".join("? + seq" if c == "seq" else c for c in columns)
            self.db.execute(f"INSERT INTO temp.pending_{table} ({', '.join(columns)}) "
                            f"SELECT {picked} FROM {stage}{table}", (base,))
        self.kept = True
        self.newest = base + int(newest)

    def fold(self) -> bool:
        """Fold the kept sums into the counts (True), or drop them (False)."""
        folded = self.usable and self.kept and self.newest is not None
        if folded:
            for table, columns in SUM_TABLES.items():
                names = ", ".join(columns)
                self.db.execute(f"CREATE TEMP TABLE summed AS SELECT {names} FROM {table} "
                                f"UNION ALL SELECT {names} FROM temp.pending_{table}")
                self.db.execute(f"DELETE FROM {table}")
                self.db.execute(f"INSERT INTO {table} ({names}) {REGROUP[table]}")
                self.db.execute("DROP TABLE temp.summed")
            migrations = int(self.db.scalar("SELECT COUNT(*) FROM migrations"))
            self.counts.settle((self.newest, migrations))
        for table in SUM_TABLES if self.kept else ():
            self.db.execute(f"DROP TABLE temp.pending_{table}")
        return folded


class AnalyticsQueries:
    """The aggregate queries; each takes the reader's visibility."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _source(self, flt: IncidentFilter, visibility: Visibility,
                dimension: str | None = None, bounds: tuple[str, ...] = ()) -> Source:
        chosen = source(flt, visibility, dimension, bounds)
        if chosen is not FLAT:
            CountsTable(self.db).refresh()
        return chosen

    def by(self, dimension: str, flt: IncidentFilter, *, visibility: Visibility,
           estimate: str = "best") -> list[tuple[Any, Any, int, int, int]]:
        """(key, label, incidents, killed, injured) per value of the dimension."""
        dim = DIMENSIONS[dimension]
        src = self._source(flt, visibility, dimension)
        cond, params = where(flt, visibility)
        key, join = dim.key, dim.join if src is FLAT else ""
        if src.dimension:
            key, cond, params = "v.value", f"v.dimension = ? AND {cond}", [src.dimension, *params]
        label = f"MAX({dim.label})" if dim.label else "NULL"
        sql = (f"SELECT {key}, {label}, SUM({src.weight}), "
               f"COALESCE(SUM({killed_column(estimate)}), 0), "
               f"COALESCE(SUM({_injured(estimate)}), 0) "
               f"FROM {src.table} v {join} WHERE {cond} GROUP BY {key}")
        return [(k, lbl, int(n), int(kd), int(inj)) for k, lbl, n, kd, inj
                in self.db.query(sql, params)]

    def totals(self, flt: IncidentFilter, *, visibility: Visibility,
               estimate: str = "best") -> tuple[int, int, int, int, int]:
        """(incidents, killed, injured, incidents without a killed figure, without injured)."""
        src = self._source(flt, visibility)
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

    def count(self, flt: IncidentFilter, *, visibility: Visibility) -> int:
        """How many incidents the filter selects, from the counts when they can answer."""
        src = self._source(flt, visibility)
        if src is FLAT:
            return IncidentTable(self.db).count(flt, visibility=visibility)
        cond, params = where(flt, visibility)
        return int(self.db.scalar(f"SELECT COALESCE(SUM({src.weight}), 0) FROM {src.table} v "
                                  f"WHERE {cond}", params))

    def levels(self, flt: IncidentFilter, *, visibility: Visibility) -> set[str | None]:
        """The TLP levels (None: unmarked) among the incidents counted, for a page's banner."""
        src = self._source(flt, visibility)
        cond, params = where(flt, visibility)
        return {level for (level,) in self.db.query(
            f"SELECT DISTINCT v.tlp FROM {src.table} v WHERE {cond}", params)}

    def windows(self, flt: IncidentFilter, *, visibility: Visibility, start: str, split: str,
                end: str, estimate: str = "best") -> tuple[tuple[int, int, int], ...]:
        """(incidents, killed, injured) for [start, split) and [split, end), dates as text."""
        src = self._source(flt, visibility, bounds=(start, split, end))
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
