"""SQL over the incidents projection for the register: filters, lists, rows, duplicate candidates.

`IncidentFilter` is the one description of "which incidents" that lists, exports, statistics and
duplicate detection share; `where` turns it, with the reader's `Visibility`, into SQL over
`incidents_flat v`. Text matches are case-insensitive: parameters arrive case-folded.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from typing import Any

from jirga.store.db import Database, chunked, placeholders
from jirga.store.visibility import Visibility

ESTIMATES = ("low", "best", "high")

LIST_COLUMNS = (
    "id", "name", "occurred", "precision", "country", "admin1", "admin1_name", "district", "place",
    "latitude", "longitude", "perpetrator", "perpetrator_basis", "perpetrators", "attack_type",
    "target_types", "cross_border", "review_status", "killed_low", "killed_best", "killed_high",
    "injured_low", "injured_best", "injured_high", "sources", "dataset", "dataset_row", "tlp",
    "created_by_ref", "source_party", "day", "locality",
)


@dataclass(frozen=True)
class IncidentFilter:
    """Which incidents; empty tuples and None mean "any". Dates are inclusive YYYY-MM-DD."""

    date_from: str | None = None
    date_to: str | None = None
    ids: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()  # ISO 3166-2 codes or case-folded names
    districts: tuple[str, ...] = ()  # case-folded
    places: tuple[str, ...] = ()  # case-folded; matches the place or the district
    perpetrators: tuple[str, ...] = ()  # case-folded; any group the incident names
    attack_types: tuple[str, ...] = ()
    target_types: tuple[str, ...] = ()  # any target type the incident names
    min_killed: int | None = None
    cross_border: bool | None = None
    parties: tuple[str, ...] = ()  # the party that sent it (source_party) or its creator
    statuses: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()
    precisions: tuple[str, ...] = ()
    estimate: str = "best"  # the estimate min_killed compares

    def active(self) -> dict[str, Any]:
        """The conditions set, by field name (for a scope line)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name != "estimate" and value not in (None, ()):
                out[f.name] = value
        return out


SORTS = {"occurred": "v.occurred", "name": "v.name", "province": "v.admin1_name",
         "perpetrator": "v.perpetrator", "attack_type": "v.attack_type",
         "killed": "v.killed_best", "injured": "v.injured_best"}


def order_by(sort: str) -> str:
    """ORDER BY for a SORTS key (`-killed`: most killed first), unknown values last on both
    backends (every incident has a date, so that order needs no NULLS clause and keeps its
    index)."""
    key = sort.lstrip("-")
    if key not in SORTS:
        raise ValueError(f"sort '{sort}' is not one of {', '.join(SORTS)}")
    column, direction = SORTS[key], "DESC" if sort.startswith("-") else "ASC"
    nulls = "" if key == "occurred" else " NULLS LAST"
    return f"{column} {direction}{nulls}, v.id"


def killed_column(estimate: str) -> str:
    if estimate not in ESTIMATES:
        raise ValueError(f"estimate '{estimate}' is not one of {', '.join(ESTIMATES)}")
    return f"v.killed_{estimate}"


def where(flt: IncidentFilter, visibility: Visibility) -> tuple[str, list[Any]]:
    """The SQL condition over `incidents_flat v` and its parameters."""
    clauses = [f"({visibility.where})"]
    params: list[Any] = list(visibility.params)

    def any_of(sql_column: str, values: Sequence[Any]) -> None:
        clauses.append(f"{sql_column} IN ({placeholders(len(values))})")
        params.extend(values)

    if flt.date_from:
        clauses.append("v.occurred >= ?")
        params.append(flt.date_from)
    if flt.date_to:
        clauses.append("v.occurred <= ?")
        params.append(flt.date_to)
    if flt.ids:
        any_of("v.id", flt.ids)
    if flt.countries:
        any_of("v.country", flt.countries)
    if flt.provinces:
        marks = placeholders(len(flt.provinces))
        clauses.append(f"(v.admin1 IN ({marks}) OR LOWER(v.admin1_name) IN ({marks}))")
        params.extend([*flt.provinces, *flt.provinces])
    if flt.districts:
        any_of("LOWER(v.district)", flt.districts)
    if flt.places:
        marks = placeholders(len(flt.places))
        clauses.append(f"(LOWER(v.place) IN ({marks}) OR LOWER(v.district) IN ({marks}))")
        params.extend([*flt.places, *flt.places])
    if flt.perpetrators:
        clauses.append("EXISTS (SELECT 1 FROM incident_groups g WHERE g.id = v.id AND "
                       f"LOWER(g.perpetrator) IN ({placeholders(len(flt.perpetrators))}))")
        params.extend(flt.perpetrators)
    if flt.attack_types:
        any_of("v.attack_type", flt.attack_types)
    if flt.target_types:
        clauses.append("EXISTS (SELECT 1 FROM incident_targets t WHERE t.id = v.id AND "
                       f"t.target_type IN ({placeholders(len(flt.target_types))}))")
        params.extend(flt.target_types)
    if flt.min_killed is not None:
        clauses.append(f"{killed_column(flt.estimate)} >= ?")
        params.append(flt.min_killed)
    if flt.cross_border is not None:
        clauses.append("v.cross_border = ?" if flt.cross_border else
                       "(v.cross_border = ? OR v.cross_border IS NULL)")
        params.append(int(flt.cross_border))
    if flt.parties:
        marks = placeholders(len(flt.parties))
        clauses.append(f"(v.source_party IN ({marks}) OR v.created_by_ref IN ({marks}))")
        params.extend([*flt.parties, *flt.parties])
    if flt.statuses:
        any_of("v.review_status", flt.statuses)
    if flt.datasets:
        any_of("v.dataset", flt.datasets)
    if flt.precisions:
        any_of("v.precision", flt.precisions)
    return " AND ".join(clauses), params


class IncidentTable:
    """Reads of `incidents_flat` for the register; every method takes the reader's visibility."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def page(self, flt: IncidentFilter, *, visibility: Visibility, limit: int,
             offset: int = 0, sort: str = "-occurred") -> list[dict[str, Any]]:
        """Incidents in the order `sort` names (a SORTS key, `-` first for descending; latest
        first by default); unknown values sort last in either direction."""
        cond, params = where(flt, visibility)
        return self.db.query_dicts(
            f"SELECT {', '.join('v.' + c for c in LIST_COLUMNS)} FROM incidents_flat v "
            f"WHERE {cond} ORDER BY {order_by(sort)} LIMIT ? OFFSET ?",
            [*params, limit, offset])

    def points(self, flt: IncidentFilter, *, visibility: Visibility, limit: int,
               estimate: str = "best") -> list[dict[str, Any]]:
        """Incidents grouped by their coordinates (to about a kilometre), largest toll first:
        how many, killed and injured, and the id and name when a point holds one incident."""
        cond, params = where(flt, visibility)
        lat, lon = "ROUND(v.latitude * 100)", "ROUND(v.longitude * 100)"
        return self.db.query_dicts(
            f"SELECT {lat} AS lat100, {lon} AS lon100, COUNT(*) AS incidents, "
            f"COALESCE(SUM({killed_column(estimate)}), 0) AS killed, "
            f"COALESCE(SUM(v.injured_{estimate}), 0) AS injured, MIN(v.id) AS id, "
            f"MIN(v.name) AS name, MIN(v.occurred) AS first, MAX(v.occurred) AS last, "
            f"MIN(COALESCE(v.place, v.district, v.admin1_name)) AS place "
            f"FROM incidents_flat v WHERE {cond} AND v.latitude IS NOT NULL AND "
            f"v.longitude IS NOT NULL GROUP BY {lat}, {lon} "
            f"ORDER BY 4 DESC, 3 DESC, 1, 2 LIMIT ?", [*params, limit])

    def count(self, flt: IncidentFilter, *, visibility: Visibility) -> int:
        cond, params = where(flt, visibility)
        return int(self.db.scalar(f"SELECT COUNT(*) FROM incidents_flat v WHERE {cond}", params))

    def rows(self, ids: Sequence[str], *, visibility: Visibility) -> dict[str, dict[str, Any]]:
        """Flat rows of these incidents (those the reader may see and that are current)."""
        out: dict[str, dict[str, Any]] = {}
        for chunk in chunked(list(dict.fromkeys(ids)), 500):
            cond, params = where(IncidentFilter(ids=tuple(chunk)), visibility)
            for row in self.db.query_dicts(
                    f"SELECT {', '.join('v.' + c for c in LIST_COLUMNS)} FROM incidents_flat v "
                    f"WHERE {cond}", params):
                out[row["id"]] = row
        return out

    def iter_rows(self, flt: IncidentFilter, *, visibility: Visibility,
                  batch: int = 5000) -> Iterator[dict[str, Any]]:
        """Every matching row, oldest first, read in batches (for exports)."""
        cond, params = where(flt, visibility)
        cursor = self.db.execute(
            f"SELECT {', '.join('v.' + c for c in LIST_COLUMNS)} FROM incidents_flat v "
            f"WHERE {cond} ORDER BY v.occurred, v.id", params)
        names = [d[0] for d in cursor.description]
        while rows := cursor.fetchmany(batch):
            yield from (dict(zip(names, row, strict=True)) for row in rows)

    def groups_of(self, ids: Sequence[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for chunk in chunked(list(ids), 500):
            for oid, name in self.db.query(
                    f"SELECT id, perpetrator FROM incident_groups WHERE id IN "
                    f"({placeholders(len(chunk))}) ORDER BY id, perpetrator", chunk):
                out.setdefault(oid, []).append(name)
        return out

    def near_pairs(self, flt: IncidentFilter, *, visibility: Visibility, days: int = 1,
                   limit: int = 100) -> list[tuple[dict[str, Any], dict[str, Any], int]]:
        """Likely duplicates among visible incidents, best first: (a, b, points out of 10).

        Pairs are in the same country and locality, at most `days` apart, with killed ranges
        that overlap once each is widened by a quarter (at least 2); points: same day 4 (a day
        apart 2), equal killed 2 (both known 1), a shared group 2, the same attack type 1,
        different sources (dataset or sending party) 1. Scored and cut in SQL, so a register
        with many close incidents returns `limit` pairs, not all of them.
        """
        cond, params = where(flt, visibility)
        names = list(LIST_COLUMNS)
        pick = ", ".join(f"{side}.{c}" for side in ("a", "b") for c in names)
        widen = {side: _WIDEN.format(hi=_HI.format(s=side)) for side in ("a", "b")}
        sql = (f"SELECT {pick}, {_POINTS} AS points FROM incidents_flat a "
               f"JOIN incidents_flat b ON b.locality = a.locality "
               f"AND b.day BETWEEN a.day - ? AND a.day + ? AND b.country = a.country "
               f"AND b.id > a.id "
               f"WHERE a.id IN (SELECT v.id FROM incidents_flat v WHERE {cond} "
               f"AND v.locality IS NOT NULL AND v.day IS NOT NULL) "
               f"AND EXISTS (SELECT 1 FROM incidents_flat v WHERE v.id = b.id AND {cond}) "
               f"AND (a.killed_best IS NULL OR b.killed_best IS NULL OR "
               f"({_LO.format(s='a')} - {widen['a']} <= {_HI.format(s='b')} + {widen['b']} AND "
               f"{_LO.format(s='b')} - {widen['b']} <= {_HI.format(s='a')} + {widen['a']})) "
               f"ORDER BY points DESC, 1, {len(names) + 1} LIMIT ?")
        params = [days, days, *params, *params]
        rows = self.db.query(sql, [*params, limit])
        width = len(names)
        return [(dict(zip(names, row[:width], strict=True)),
                 dict(zip(names, row[width:2 * width], strict=True)), int(row[-1]))
                for row in rows]


# A killed range [low, high] is widened by a quarter of its high end (integer division), at
# least 2; an estimate left out is the best one.
_LO = "COALESCE({s}.killed_low, {s}.killed_best)"
_HI = "COALESCE({s}.killed_high, {s}.killed_best)"
_WIDEN = "(CASE WHEN {hi} / 4 > 2 THEN {hi} / 4 ELSE 2 END)"
_POINTS = (
    "(CASE WHEN a.day = b.day THEN 4 ELSE 2 END)"
    " + (CASE WHEN a.killed_best IS NULL OR b.killed_best IS NULL THEN 0"
    " WHEN a.killed_best = b.killed_best THEN 2 ELSE 1 END)"
    " + (CASE WHEN EXISTS (SELECT 1 FROM incident_groups ga JOIN incident_groups gb"
    " ON gb.perpetrator = ga.perpetrator WHERE ga.id = a.id AND gb.id = b.id) THEN 2 ELSE 0 END)"
    " + (CASE WHEN a.attack_type = b.attack_type THEN 1 ELSE 0 END)"
    " + (CASE WHEN COALESCE(a.dataset, '') <> COALESCE(b.dataset, '')"
    " OR COALESCE(a.source_party, '') <> COALESCE(b.source_party, '') THEN 1 ELSE 0 END)"
)
