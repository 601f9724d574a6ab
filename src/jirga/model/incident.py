"""Terrorist incidents as STIX `incident` objects with jirga's property extension.

`flatten` turns one incident into the flat row the `incidents_flat` projection stores, so every
list, chart and statistic reads columns instead of JSON. The row carries the date already cut
into week, month, quarter and year, so analytics group with plain SQL on both backends.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from jirga.model.extensions import INCIDENT_EXT_ID
from jirga.model.ids import new_id
from jirga.model.timestamps import now
from jirga.model.tlp import level_of

ESTIMATES = ("low", "best", "high")


def toll(low: int | None, best: int | None = None, high: int | None = None) -> dict[str, int]:
    """A casualty count as low / best / high (UCDP); a single figure fills all three."""
    best = low if best is None else best
    high = best if high is None else high
    low = best if low is None else low
    out = {"low": low, "best": best, "high": high}
    return {k: v for k, v in out.items() if v is not None}


def extension(obj: dict[str, Any]) -> dict[str, Any]:
    """The jirga incident extension of an object ({} when it has none)."""
    exts = obj.get("extensions")
    if isinstance(exts, dict):
        ext = exts.get(INCIDENT_EXT_ID)
        if isinstance(ext, dict):
            return ext
    return {}


def make_incident(
    *,
    name: str,
    occurred: str,
    country: str,
    precision: str = "day",
    created_by_ref: str | None = None,
    marking_refs: list[str] | None = None,
    description: str | None = None,
    created: str | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """A new incident object; `fields` are properties of the jirga incident extension."""
    stamp = created or now()
    ext = {"extension_type": "property-extension", "occurred": occurred,
           "occurred_precision": precision, "country": country}
    ext.update({k: v for k, v in fields.items() if v is not None})
    obj: dict[str, Any] = {
        "type": "incident",
        "spec_version": "2.1",
        "id": new_id("incident"),
        "created": stamp,
        "modified": stamp,
        "name": name,
    }
    if description:
        obj["description"] = description
    if created_by_ref:
        obj["created_by_ref"] = created_by_ref
    if marking_refs:
        obj["object_marking_refs"] = marking_refs
    obj["extensions"] = {INCIDENT_EXT_ID: ext}
    return obj


def _counts(ext: dict[str, Any], name: str) -> tuple[int | None, int | None, int | None]:
    """(low, best, high) of a toll; a missing estimate is the best one."""
    value = ext.get(name)
    if value.__class__ is not dict:
        one = value if value.__class__ is int else None
        return one, one, one
    best = value.get("best")
    low, high = value.get("low", best), value.get("high", best)
    return (low if low.__class__ is int else None, best if best.__class__ is int else None,
            high if high.__class__ is int else None)


@lru_cache(maxsize=8192)
def _periods(occurred: str | None) -> tuple[Any, ...]:
    """(year, quarter, month, week, day number) of a date; cached, as dates repeat."""
    try:
        day = date.fromisoformat(occurred[:10]) if occurred else None
    except ValueError:
        day = None
    if day is None:
        return None, None, None, None, None
    iso_year, iso_week, _ = day.isocalendar()
    # Days since 0001-01-01: "within a day of" is integer arithmetic on both backends.
    return (day.year, f"{day.year}-Q{(day.month - 1) // 3 + 1}", f"{day.year}-{day.month:02d}",
            f"{iso_year}-W{iso_week:02d}", day.toordinal())


def dataset_reference(obj: dict[str, Any]) -> tuple[str | None, str | None]:
    """(dataset, row id) of the first external reference that names a row of a dataset."""
    for ref in obj.get("external_references") or ():
        if isinstance(ref, dict) and ref.get("external_id") is not None:
            return ref.get("source_name"), str(ref["external_id"])
    return None, None


def source_count(obj: dict[str, Any], ext: dict[str, Any]) -> int:
    """How many sources an incident rests on: reports it cites plus external references."""
    refs = ext.get("source_refs") or ()
    return len(set(refs)) + len(obj.get("external_references") or ())


def locality(district: Any, place: Any) -> str | None:
    """The district, else the place, case-folded: what "the same district or city" compares."""
    name = district if isinstance(district, str) and district.strip() else place
    return name.strip().casefold() if isinstance(name, str) and name.strip() else None


def flatten(obj: dict[str, Any]) -> dict[str, Any]:
    """One incident as a flat row: every column the register and analytics filter and count on."""
    ext = extension(obj)
    get = ext.get
    perpetrators = [p for p in get("perpetrators") or () if p.__class__ is dict]
    first = perpetrators[0] if perpetrators else {}
    targets = [t for t in get("target_types") or () if t.__class__ is str]
    occurred = get("occurred")
    occurred = occurred if occurred.__class__ is str else None
    year, quarter, month, week, day = _periods(occurred)
    cross = get("cross_border")
    dataset, dataset_row = dataset_reference(obj)
    district, place = get("district"), get("place")
    killed, injured = _counts(ext, "killed"), _counts(ext, "injured")
    return {
        "id": obj["id"], "name": obj.get("name"), "created_by_ref": obj.get("created_by_ref"),
        "tlp": level_of(obj), "occurred": occurred[:10] if occurred else None,
        "precision": get("occurred_precision"), "year": year, "quarter": quarter,
        "month": month, "week": week, "day": day, "country": get("country"),
        "admin1": get("admin1"), "admin1_name": get("admin1_name"), "district": district,
        "place": place, "locality": locality(district, place), "latitude": get("latitude"),
        "longitude": get("longitude"), "perpetrator": first.get("name"),
        "perpetrator_basis": first.get("basis"),
        "perpetrators": "; ".join(p["name"] for p in perpetrators
                                  if p.get("name").__class__ is str) or None,
        "attack_type": get("attack_type"), "target_type": targets[0] if targets else None,
        "target_types": "; ".join(targets) or None,
        "cross_border": None if cross is None else int(bool(cross)),
        "review_status": get("review_status", "accepted"), "sources": source_count(obj, ext),
        "dataset": dataset, "dataset_row": dataset_row,
        "killed_low": killed[0], "killed_best": killed[1], "killed_high": killed[2],
        "injured_low": injured[0], "injured_best": injured[1], "injured_high": injured[2],
    }


def target_rows(obj: dict[str, Any]) -> list[tuple[str, str]]:
    """(incident id, target type) for every target type named, for counts by target type."""
    targets = extension(obj).get("target_types") or []
    return [(obj["id"], t) for t in dict.fromkeys(t for t in targets if isinstance(t, str))]


def perpetrator_rows(obj: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    """(incident id, group name, basis) for every group named, for counts by group."""
    ext = extension(obj)
    rows: dict[str, tuple[str, str, str | None]] = {}
    for p in ext.get("perpetrators") or []:
        if isinstance(p, dict) and isinstance(p.get("name"), str):
            rows.setdefault(p["name"], (obj["id"], p["name"], p.get("basis")))
    return list(rows.values())
