"""One dataset row as jirga understands it, and the STIX incident built from it.

A layout (ACLED, GTD, UCDP, generic CSV) turns a row into an `IncidentRecord`; `to_incident`
builds the incident object directly as a dict — no library objects, no uuid4 — because a
million-row import spends most of its time here. Its id is `stable_id("incident", dataset,
row id)`, so importing the same file again finds the same incidents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from jirga.model import tlp, vocab
from jirga.model.extensions import INCIDENT_EXT_ID
from jirga.model.ids import stable_id

Toll = tuple[int, int, int]


class RowError(ValueError):
    """A value in a row that cannot be read; the reader adds the line number."""


@dataclass(slots=True)
class IncidentRecord:
    row_id: str
    occurred: str  # YYYY-MM-DD (first of the month or year when less precise)
    precision: str
    country: str
    admin1: str | None = None
    admin1_name: str | None = None
    district: str | None = None
    place: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    perpetrators: list[tuple[str, str]] = field(default_factory=list)  # (name, basis)
    killed: Toll | None = None
    injured: Toll | None = None
    perpetrators_killed: Toll | None = None
    attack_type: str | None = None
    target_types: list[str] = field(default_factory=list)
    cross_border: bool | None = None
    name: str | None = None
    description: str | None = None
    url: str | None = None
    review_status: str | None = None


@dataclass(frozen=True)
class Publisher:
    """Who authored a dataset: its identity object and the source name its rows cite."""

    key: str  # acled, gtd, ucdp, or the name given for a generic CSV
    name: str
    url: str | None = None

    @property
    def id(self) -> str:
        return stable_id("identity", "dataset", self.key)

    def identity(self, stamp: str) -> dict[str, Any]:
        obj: dict[str, Any] = {
            "type": "identity", "spec_version": "2.1", "id": self.id, "created": stamp,
            "modified": stamp, "name": self.name, "identity_class": "organization",
            "description": f"Publisher of the {self.key} dataset, as imported into jirga."}
        if self.url:
            obj["external_references"] = [{"source_name": self.key, "url": self.url}]
        return obj


def title(record: IncidentRecord) -> str:
    """A readable name: "Suicide bombing in Quetta, Balochistan" (or the row's own name)."""
    if record.name:
        return record.name
    what = vocab.ATTACK_TYPES.get(record.attack_type or "", "Attack").split(" / ")[0]
    where = ", ".join(p for p in (record.place or record.district, record.admin1_name) if p)
    return f"{what} in {where}" if where else f"{what} in {record.country}"


def _toll(value: Toll) -> dict[str, int]:
    return {"low": value[0], "best": value[1], "high": value[2]}


@lru_cache(maxsize=4096)
def group_ref(name: str) -> str:
    return stable_id("intrusion-set", name)


@lru_cache(maxsize=8)
def _marking(level: str) -> str:
    return tlp.marking_id(level)


def to_incident(record: IncidentRecord, publisher: Publisher, *, stamp: str, level: str,
                status: str, oid: str | None = None) -> dict[str, Any]:
    """The STIX incident for one record, authored by the dataset's publisher (`oid`: its id
    when the caller has already worked it out)."""
    ext: dict[str, Any] = {"extension_type": "property-extension", "occurred": record.occurred,
                           "occurred_precision": record.precision, "country": record.country}
    for key in ("admin1", "admin1_name", "district", "place", "latitude", "longitude",
                "attack_type", "cross_border"):
        value = getattr(record, key)
        if value is not None:
            ext[key] = value
    if record.perpetrators:
        ext["perpetrators"] = [{"name": name, "ref": group_ref(name), "basis": basis}
                               for name, basis in record.perpetrators]
    for key in ("killed", "injured", "perpetrators_killed"):
        value = getattr(record, key)
        if value is not None:
            ext[key] = _toll(value)
    if record.target_types:
        ext["target_types"] = record.target_types
    ext["review_status"] = record.review_status or status
    reference: dict[str, Any] = {"source_name": publisher.key, "external_id": record.row_id}
    if record.url:
        reference["url"] = record.url
    obj: dict[str, Any] = {
        "type": "incident", "spec_version": "2.1",
        "id": oid or stable_id("incident", publisher.key, record.row_id),
        "created": stamp, "modified": stamp, "created_by_ref": publisher.id,
        "name": title(record), "external_references": [reference],
        "object_marking_refs": [_marking(level)],
        "extensions": {INCIDENT_EXT_ID: ext},
    }
    if record.description:
        obj["description"] = record.description
    return obj


def group_object(name: str, publisher: Publisher, stamp: str) -> dict[str, Any]:
    """An intrusion set for a group a dataset names that the store does not have yet."""
    return {"type": "intrusion-set", "spec_version": "2.1", "id": stable_id("intrusion-set", name),
            "created": stamp, "modified": stamp, "created_by_ref": publisher.id, "name": name,
            "object_marking_refs": [tlp.marking_id("clear")]}
