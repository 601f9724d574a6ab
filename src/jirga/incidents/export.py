"""Incidents out: CSV (the generic layout, so `jirga import --format csv` reads it back),
GeoJSON (one point feature per incident) and a STIX 2.1 bundle with what the incidents refer
to. Every export reads the register under the reader's visibility and a filter, as a stream.
"""

from __future__ import annotations

import csv
import io
from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import Any, ClassVar

import orjson

from jirga.model import extensions, tlp
from jirga.model.ids import new_id
from jirga.store import ObjectFilter, Store, Visibility
from jirga.store.db import chunked
from jirga.store.incidents import IncidentFilter, IncidentTable

CSV_COLUMNS = (
    "row_id", "dataset", "incident_id", "date", "precision", "country", "province",
    "province_code", "district", "place", "latitude", "longitude", "perpetrator",
    "perpetrator_basis", "attack_type", "target_types", "killed", "killed_low", "killed_high",
    "injured", "injured_low", "injured_high", "cross_border", "review_status", "sources", "tlp",
    "name",
)


def csv_record(row: dict[str, Any]) -> dict[str, Any]:
    """One register row in the generic CSV layout."""
    cross = row.get("cross_border")
    return {
        "row_id": row.get("dataset_row") or row["id"], "dataset": row.get("dataset"),
        "incident_id": row["id"], "date": row.get("occurred"), "precision": row.get("precision"),
        "country": row.get("country"), "province": row.get("admin1_name") or row.get("admin1"),
        "province_code": row.get("admin1"), "district": row.get("district"),
        "place": row.get("place"), "latitude": row.get("latitude"),
        "longitude": row.get("longitude"), "perpetrator": row.get("perpetrators"),
        "perpetrator_basis": row.get("perpetrator_basis"), "attack_type": row.get("attack_type"),
        "target_types": row.get("target_types"), "killed": row.get("killed_best"),
        "killed_low": row.get("killed_low"), "killed_high": row.get("killed_high"),
        "injured": row.get("injured_best"), "injured_low": row.get("injured_low"),
        "injured_high": row.get("injured_high"),
        "cross_border": None if cross is None else int(cross),
        "review_status": row.get("review_status"), "sources": row.get("sources"),
        "tlp": row.get("tlp"), "name": row.get("name"),
    }


class Exporter(ABC):
    """One export format: a media type and the bytes of an export, piece by piece."""

    name: ClassVar[str] = ""
    media_type: ClassVar[str] = ""

    def __init__(self, store: Store, flt: IncidentFilter, visibility: Visibility) -> None:
        self.store = store
        self.flt = flt
        self.visibility = visibility

    def rows(self) -> Iterator[dict[str, Any]]:
        return IncidentTable(self.store.db).iter_rows(self.flt, visibility=self.visibility)

    @abstractmethod
    def stream(self) -> Iterator[bytes]:
        """The export's bytes, piece by piece."""


class CsvExporter(Exporter):
    name = "csv"
    media_type = "text/csv"

    def stream(self) -> Iterator[bytes]:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for index, row in enumerate(self.rows(), start=1):
            writer.writerow(csv_record(row))
            if index % 2000 == 0:
                yield buffer.getvalue().encode()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue().encode()


class GeoJsonExporter(Exporter):
    """RFC 7946 FeatureCollection; incidents without coordinates have a null geometry."""

    name = "geojson"
    media_type = "application/geo+json"

    def stream(self) -> Iterator[bytes]:
        yield b'{"type":"FeatureCollection","features":['
        for index, row in enumerate(self.rows()):
            lat, lon = row.get("latitude"), row.get("longitude")
            geometry = None if lat is None or lon is None else \
                {"type": "Point", "coordinates": [lon, lat]}
            feature = {"type": "Feature", "id": row["id"], "geometry": geometry,
                       "properties": csv_record(row)}
            yield (b"," if index else b"") + orjson.dumps(feature)
        yield b"]}"


class StixExporter(Exporter):
    """A STIX 2.1 bundle: the incidents, their creators, their groups, and the definitions."""

    name = "stix"
    media_type = "application/stix+json;version=2.1"

    def stream(self) -> Iterator[bytes]:
        yield b'{"type":"bundle","id":"' + new_id("bundle").encode() + b'","objects":['
        first = True
        referred: set[str] = set()
        for chunk in chunked([row["id"] for row in self.rows()], 500):
            for obj in self._objects(chunk):
                referred.update(_refs(obj))
                yield (b"" if first else b",") + orjson.dumps(obj)
                first = False
        for obj in self._referred(referred):
            yield (b"" if first else b",") + orjson.dumps(obj)
            first = False
        yield b"]}"

    def _objects(self, ids: list[str] | tuple[str, ...]) -> list[dict[str, Any]]:
        page = self.store.current(ObjectFilter(ids=tuple(ids)), visibility=self.visibility,
                                  limit=len(ids))
        return [item.object() for item in page.items]

    def _referred(self, refs: set[str]) -> list[dict[str, Any]]:
        builtins = {o["id"]: o for o in (*extensions.definitions(),
                                         *tlp.all_marking_definitions())}
        found = {o["id"]: o for chunk in chunked(sorted(refs), 500) for o in self._objects(chunk)}
        out = [found[r] for r in sorted(found)]
        out += [builtins[r] for r in sorted(refs) if r in builtins and r not in found]
        return out


def _refs(obj: dict[str, Any]) -> set[str]:
    out = set(obj.get("object_marking_refs") or [])
    if obj.get("created_by_ref"):
        out.add(obj["created_by_ref"])
    for ext_id, ext in (obj.get("extensions") or {}).items():
        out.add(ext_id)
        for p in ext.get("perpetrators") or [] if isinstance(ext, dict) else []:
            if isinstance(p, dict) and p.get("ref"):
                out.add(p["ref"])
    return out


EXPORTERS: dict[str, type[Exporter]] = {e.name: e for e in (CsvExporter, GeoJsonExporter,
                                                            StixExporter)}
