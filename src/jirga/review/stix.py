"""The STIX objects open-source monitoring writes: a `report` per document, `location`s and
groups (`intrusion-set`) it names, `note`s for statistical claims, and — when an analyst accepts
a candidate — the `incident` with jirga's extension and the relationships that tie them.

Places and groups get stable ids (`model.ids.stable_id`), so every document that names Besham
refers to the same location object and every report of the TTP to the same group.
"""

from __future__ import annotations

from typing import Any

from jirga.extract.groups import canonical
from jirga.model import tlp
from jirga.model.extensions import INCIDENT_EXT_ID
from jirga.model.ids import new_id, stable_id
from jirga.model.vocab import ATTACK_TYPES
from jirga.store import ObjectFilter, Store, Visibility

PRECISION_METRES = {"place": 5_000.0, "district": 30_000.0, "province": 150_000.0}


def _base(stix_type: str, oid: str, stamp: str, level: str) -> dict[str, Any]:
    return {"type": stix_type, "spec_version": "2.1", "id": oid, "created": stamp,
            "modified": stamp, "object_marking_refs": [tlp.marking_id(level)]}


def report(oid: str, *, title: str | None, published: str, stamp: str, sha256: str,
           url: str | None, source: str, language: str | None, object_refs: list[str],
           level: str = "clear", description: str | None = None) -> dict[str, Any]:
    """The STIX report standing for one document (the text itself lives in the store)."""
    obj = _base("report", oid, stamp, level)
    ref: dict[str, Any] = {"source_name": "jirga-document", "hashes": {"SHA-256": sha256},
                           "description": f"normalised text read from {source}"}
    if url:
        ref["url"] = url
    obj.update(name=(title or source)[:300], published=published, report_types=["threat-report"],
               object_refs=object_refs, external_references=[ref])
    if description:
        obj["description"] = description
    if language:
        obj["lang"] = language
    return obj


def location_id(c: dict[str, Any]) -> str | None:
    if not c.get("country_code"):
        return None
    return stable_id("location", c["country_code"], c.get("admin1_code") or "",
                     c.get("district") or "", c.get("place") or "")


def location(c: dict[str, Any], stamp: str, level: str = "clear") -> dict[str, Any] | None:
    """The place of a candidate (as `Candidate.as_json` gives it) as a STIX location."""
    oid = location_id(c)
    if oid is None:
        return None
    obj = _base("location", oid, stamp, level)
    names = [v for v in (c.get("place"), c.get("district"), c.get("admin1"), c.get("country"))
             if v]
    obj["name"] = ", ".join(dict.fromkeys(names))
    obj["country"] = c["country_code"]
    if c.get("admin1"):
        obj["administrative_area"] = c["admin1"]
        obj["x_jirga_admin1"] = c.get("admin1_code")
    if c.get("place") or c.get("district"):
        obj["city"] = c.get("place") or c.get("district")
    if c.get("latitude") is not None and c.get("longitude") is not None:
        obj["latitude"], obj["longitude"] = float(c["latitude"]), float(c["longitude"])
        level_of = "place" if c.get("place") else ("district" if c.get("district") else "province")
        obj["precision"] = PRECISION_METRES[level_of]
    return obj


def group(name: str, stamp: str) -> dict[str, Any]:
    """A new intrusion-set for a group of the alias dictionary (or a name an analyst typed)."""
    known = canonical(name)
    obj = _base("intrusion-set", stable_id("intrusion-set", known.name if known else name),
                stamp, "clear")
    obj["name"] = known.name if known else name
    if known and known.aliases:
        obj["aliases"] = known.aliases
    return obj


def find_group(store: Store, name: str, *, visibility: Visibility) -> dict[str, Any] | None:
    """The group's current object: by its stable id, else an intrusion-set or threat-actor whose
    name or aliases match (imported from another source)."""
    known = canonical(name)
    canonical_name = known.name if known else name
    wanted = {canonical_name.lower(), *(a.lower() for a in (known.aliases if known else []))}
    from jirga.errors import NotFound

    try:
        return store.get(stable_id("intrusion-set", canonical_name), visibility=visibility).object()
    except NotFound:
        pass
    terms = [canonical_name, *(known.acronyms if known else ())]
    for term in terms:
        query = ObjectFilter(types=("intrusion-set", "threat-actor"), text=term)
        for item in store.current(query, visibility=visibility, limit=20).items:
            obj = item.object()
            names = {str(obj.get("name", "")).lower(),
                     *(str(a).lower() for a in obj.get("aliases") or [])}
            if names & wanted:
                return obj
    return None


def claim_note(claim: dict[str, Any], report_id: str, stamp: str) -> dict[str, Any]:
    obj = _base("note", new_id("note"), stamp, "clear")
    obj.update(abstract=f"Statistical claim: {claim['text']}"[:300], content=claim["sentence"],
               object_refs=[report_id], x_jirga_note_type="statistical-claim")
    if claim.get("source"):
        obj["authors"] = [claim["source"]]
    return obj


def summary_note(report_id: str, stamp: str) -> dict[str, Any]:
    obj = _base("note", new_id("note"), stamp, "clear")
    obj.update(abstract="Nothing extracted",
               content="jirga read this document and found no attack, group, place or "
                       "statistical claim in it.", object_refs=[report_id])
    return obj


def incident_name(c: dict[str, Any]) -> str:
    kind = ATTACK_TYPES.get(c.get("attack_type") or "", "Attack").split(" /")[0]
    where = c.get("place") or c.get("district") or c.get("admin1") or c.get("country")
    when = c.get("date")
    name = f"{kind} in {where}" if where else kind
    return f"{name} ({when})" if when else name


def incident(oid: str, c: dict[str, Any], *, stamp: str, level: str, source_refs: list[str],
             location_ref: str | None, perpetrators: list[dict[str, Any]],
             evidence: list[dict[str, Any]], description: str | None) -> dict[str, Any]:
    """The accepted incident with jirga's extension, from a candidate's (edited) values."""
    ext: dict[str, Any] = {"extension_type": "property-extension", "occurred": c["date"],
                           "occurred_precision": c.get("date_precision") or "day",
                           "country": c["country_code"], "review_status": "accepted",
                           "source_refs": source_refs, "evidence": evidence}
    optional = {"admin1": c.get("admin1_code"), "admin1_name": c.get("admin1"),
                "district": c.get("district"), "place": c.get("place"),
                "latitude": c.get("latitude"), "longitude": c.get("longitude"),
                "attack_type": c.get("attack_type"), "cross_border": c.get("cross_border")}
    ext.update({k: v for k, v in optional.items() if v is not None})
    if location_ref:
        ext["location_refs"] = [location_ref]
    if perpetrators:
        ext["perpetrators"] = perpetrators
    tolls = c.get("tolls") or {}
    for name in ("killed", "injured", "perpetrators_killed"):
        if tolls.get(name):
            ext[name] = tolls[name]
    if c.get("target_types"):
        ext["target_types"] = c["target_types"]
    obj = _base("incident", oid, stamp, level)
    obj["name"] = c.get("name") or incident_name(c)
    if description:
        obj["description"] = description
    obj["extensions"] = {INCIDENT_EXT_ID: ext}
    return obj


def relationship(kind: str, source: str, target: str, stamp: str, level: str,
                 description: str | None = None) -> dict[str, Any]:
    obj = _base("relationship", stable_id("relationship", kind, source, target), stamp, level)
    obj.update(relationship_type=kind, source_ref=source, target_ref=target)
    if description:
        obj["description"] = description
    return obj
