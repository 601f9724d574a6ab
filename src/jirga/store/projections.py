"""Projections: flat tables kept in step with current objects, so lists and analytics read columns.

A projection names the STIX types it follows and turns one current object into rows for its
tables; the store deletes an object's rows and writes the new ones in the same transaction as
the version that changed them (revoked objects leave no rows). `rebuild` recomputes a
projection from the current objects after a migration changes its shape.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jirga.model import cooperation, incident

RowsFn = Callable[[dict[str, Any], "VersionMeta"], dict[str, list[tuple[Any, ...]]]]


@dataclass(frozen=True, slots=True)
class VersionMeta:
    """What the store knows about a version beyond its JSON."""

    seq: int
    source_party: str | None


@dataclass(frozen=True)
class Projection:
    name: str
    types: frozenset[str]
    columns: dict[str, tuple[str, ...]]  # table → columns, first column is the object id
    rows: RowsFn

    def insert_sql(self, table: str) -> str:
        cols = self.columns[table]
        return f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"


INCIDENT_COLUMNS = (
    "id", "seq", "name", "created_by_ref", "source_party", "tlp", "occurred", "precision", "year",
    "quarter", "month", "week", "country", "admin1", "admin1_name", "district", "place",
    "latitude", "longitude", "perpetrator", "perpetrator_basis", "attack_type", "target_type",
    "cross_border", "review_status", "killed_low", "killed_best", "killed_high", "injured_low",
    "injured_best", "injured_high",
    # m020_register
    "day", "locality", "perpetrators", "target_types", "sources", "dataset", "dataset_row",
)


def _incident_rows(obj: dict[str, Any], meta: VersionMeta) -> dict[str, list[tuple[Any, ...]]]:
    flat = incident.flatten(obj)
    flat["seq"] = meta.seq
    flat["source_party"] = meta.source_party
    return {
        "incidents_flat": [tuple(map(flat.get, INCIDENT_COLUMNS))],
        "incident_groups": incident.perpetrator_rows(obj),
        "incident_targets": incident.target_rows(obj),
    }


INCIDENTS = Projection(
    name="incidents",
    types=frozenset({"incident"}),
    columns={"incidents_flat": INCIDENT_COLUMNS,
             "incident_groups": ("id", "perpetrator", "basis"),
             "incident_targets": ("id", "target_type")},
    rows=_incident_rows,
)

WORKFLOWS = Projection(
    name="workflows",
    types=frozenset({*cooperation.RECORD_TYPES, "opinion"}),
    columns={"workflow_records": cooperation.RECORD_COLUMNS,
             "workflow_parties": cooperation.PARTY_COLUMNS,
             "workflow_transitions": cooperation.TRANSITION_COLUMNS,
             "requests_flat": cooperation.REQUEST_COLUMNS,
             "disputes_flat": cooperation.DISPUTE_COLUMNS},
    rows=lambda obj, meta: cooperation.rows(obj, meta.seq, meta.source_party),
)

PROJECTIONS: tuple[Projection, ...] = (INCIDENTS, WORKFLOWS)
BY_NAME: dict[str, Projection] = {p.name: p for p in PROJECTIONS}
