"""The register: list incidents, show one with its sources, evidence and history, edit one.

An edit is a new version of the incident authored on this node (`authoring.save` with
`authoring.next_version`); the old version stays in the history. A revoked incident — one
merged into another — is shown with the incident it went into and cannot be edited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jirga.errors import Conflict, Invalid, NotFound
from jirga.incidents.groups import GroupResolver
from jirga.incidents.places import country_code, province
from jirga.incidents.records import RowError, Toll
from jirga.incidents.values import parse_bool, parse_date, parse_toll, vocabulary
from jirga.model import incident as incident_model
from jirga.model import vocab
from jirga.model.extensions import INCIDENT_EXT_ID
from jirga.model.ids import is_id, stable_id
from jirga.objects import authoring
from jirga.store import ObjectFilter, Store, Visibility
from jirga.store.analytics import AnalyticsQueries
from jirga.store.incidents import SORTS, IncidentFilter, IncidentTable


@dataclass
class IncidentPage:
    rows: list[dict[str, Any]]
    total: int
    offset: int


def list_incidents(store: Store, flt: IncidentFilter, *, visibility: Visibility, limit: int = 50,
                   offset: int = 0, sort: str = "-occurred") -> IncidentPage:
    """Incidents matching the filter (latest first unless `sort` names another order, e.g.
    `-killed`), and how many match in all."""
    if limit < 1 or offset < 0:
        raise Invalid(f"limit {limit} / offset {offset}: limit must be 1 or more, offset 0 or more")
    if sort.lstrip("-") not in SORTS:
        raise Invalid(f"sort '{sort}' is not one of {', '.join(SORTS)} (a leading - reverses it)")
    table = IncidentTable(store.db)
    return IncidentPage(table.page(flt, visibility=visibility, limit=limit, offset=offset,
                                   sort=sort),
                        AnalyticsQueries(store.db).count(flt, visibility=visibility), offset)


def map_points(store: Store, flt: IncidentFilter, *, visibility: Visibility,
               limit: int = 5000) -> list[dict[str, Any]]:
    """Incidents as map points (grouped where they share coordinates), largest toll first;
    `limit` keeps a page light when a filter matches a hundred thousand incidents."""
    rows = IncidentTable(store.db).points(flt, visibility=visibility, limit=limit,
                                          estimate=flt.estimate)
    for row in rows:
        row["lat"], row["lon"] = row.pop("lat100") / 100, row.pop("lon100") / 100
    return rows


def get_incident(store: Store, incident_id: str, *, visibility: Visibility) -> dict[str, Any]:
    """The current version of an incident (revoked ones too), or NotFound."""
    if not is_id(incident_id, "incident"):
        raise Invalid(f"'{incident_id}' is not an incident id (incident--<uuid>)")
    return store.get(incident_id, visibility=visibility).object()


def show_incident(store: Store, incident_id: str, *, visibility: Visibility) -> dict[str, Any]:
    """One incident: its fields, sources, evidence and the history of its versions."""
    obj = get_incident(store, incident_id, visibility=visibility)
    ext = incident_model.extension(obj)
    versions = [v.object() for v in store.versions(incident_id, visibility=visibility)]
    return {
        "incident": obj,
        "state": "merged" if ext.get("merged_into") else "revoked" if obj.get("revoked")
        else "current",
        "merged_into": ext.get("merged_into"),
        "merged_from": ext.get("merged_from", []),
        "sources": _sources(store, obj, ext, visibility),
        "evidence": ext.get("evidence", []),
        "history": _history(versions),
    }


def _sources(store: Store, obj: dict[str, Any], ext: dict[str, Any],
             visibility: Visibility) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    refs = [r for r in ext.get("source_refs") or [] if isinstance(r, str)]
    if refs:
        page = store.current(ObjectFilter(ids=tuple(refs), include_revoked=True),
                             visibility=visibility, limit=len(refs))
        found = {item.id: item.object() for item in page.items}
        for ref in refs:
            report = found.get(ref, {})
            out.append({"kind": "report", "id": ref, "name": report.get("name", "(not visible)"),
                        "published": report.get("published"),
                        "url": next((r.get("url") for r in report.get("external_references") or []
                                     if isinstance(r, dict) and r.get("url")), None)})
    for ref in obj.get("external_references") or []:
        if isinstance(ref, dict):
            out.append({"kind": "dataset" if ref.get("external_id") else "reference",
                        "id": ref.get("external_id"), "name": ref.get("source_name"),
                        "published": None, "url": ref.get("url")})
    return out


def _history(versions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each version with the properties it changed from the one before."""
    out = []
    previous: dict[str, Any] = {}
    for obj in versions:
        flat = {**{k: v for k, v in obj.items() if k not in ("extensions", "modified")},
                **incident_model.extension(obj)}
        changed = sorted(k for k in set(flat) | set(previous) if flat.get(k) != previous.get(k))
        out.append({"modified": obj.get("modified"), "revoked": bool(obj.get("revoked")),
                    "changed": changed if previous else ["(created)"]})
        previous = flat
    return out


@dataclass(frozen=True)
class IncidentChanges:
    """What an analyst changes; None leaves a property as it is."""

    name: str | None = None
    description: str | None = None
    occurred: str | None = None
    country: str | None = None
    province: str | None = None
    district: str | None = None
    place: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    perpetrators: tuple[str, ...] | None = None  # "NAME" or "NAME:basis"; () clears
    killed: str | None = None  # "12" or "10/12/15" (low/best/high)
    injured: str | None = None
    attack_type: str | None = None
    target_types: tuple[str, ...] | None = None
    cross_border: str | None = None  # yes, no or unknown
    status: str | None = None

    def any(self) -> bool:
        return any(getattr(self, f) is not None for f in self.__dataclass_fields__)


def edit_incident(store: Store, incident_id: str, changes: IncidentChanges, *,
                  visibility: Visibility) -> dict[str, Any]:
    """Store a new version of the incident with the changes; returns it."""
    if not changes.any():
        raise Invalid("nothing to change: give at least one of the edit options")
    obj = get_incident(store, incident_id, visibility=visibility)
    if obj.get("revoked"):
        into = incident_model.extension(obj).get("merged_into")
        raise Conflict(f"incident '{incident_id}' is revoked" +
                       (f" (merged into {into}); edit that one instead" if into else ""))
    ext = dict(incident_model.extension(obj))
    try:
        _apply(ext, changes, GroupResolver.of(store) if changes.perpetrators else None)
    except RowError as exc:
        raise Invalid(str(exc)) from exc
    top = {k: v for k, v in (("name", changes.name), ("description", changes.description))
           if v is not None}
    new = authoring.next_version(obj, **top, extensions={**obj["extensions"], INCIDENT_EXT_ID: ext})
    authoring.save(store, [new], source=f"edit of {incident_id}")
    return new


def _apply(ext: dict[str, Any], c: IncidentChanges, groups: GroupResolver | None) -> None:
    if c.occurred is not None:
        ext["occurred"], ext["occurred_precision"] = parse_date(c.occurred, "date")
    if c.country is not None:
        code = country_code(c.country)
        if code is None:
            raise RowError(f"country '{c.country}' is not a country name or ISO code")
        ext["country"] = code
    if c.province is not None:
        code, name = province(ext["country"], c.province)
        _set(ext, "admin1", code)
        _set(ext, "admin1_name", name or None)
    for key in ("district", "place"):
        if getattr(c, key) is not None:
            _set(ext, key, getattr(c, key).strip() or None)
    for key, limit in (("latitude", 90), ("longitude", 180)):
        value = getattr(c, key)
        if value is not None:
            if not -limit <= value <= limit:
                raise RowError(f"{key} {value} is outside -{limit}..{limit}")
            ext[key] = value
    if c.perpetrators is not None:
        _set(ext, "perpetrators", [_perpetrator(p, groups) for p in c.perpetrators] or None)
    for key in ("killed", "injured"):
        text = getattr(c, key)
        if text is not None:
            _set(ext, key, _toll_dict(_parse_toll(text, key)))
    if c.attack_type is not None:
        ext["attack_type"] = vocabulary(c.attack_type, "attack type", "attack type")
    if c.target_types is not None:
        _set(ext, "target_types", [vocabulary(t, "target type", "target type")
                                   for t in c.target_types] or None)
    if c.cross_border is not None:
        _set(ext, "cross_border", parse_bool(c.cross_border, "cross border"))
    if c.status is not None:
        ext["review_status"] = vocabulary(c.status, "status", "review status")


def _set(ext: dict[str, Any], key: str, value: Any) -> None:
    if value is None:
        ext.pop(key, None)
    else:
        ext[key] = value


def _perpetrator(text: str, groups: GroupResolver | None) -> dict[str, Any]:
    name, _, basis = text.rpartition(":")
    if not name or basis.strip().lower() not in vocab.PERPETRATOR_BASIS:
        name, basis = text, ""
    name = ((groups.canonical(name) if groups else None) or name).strip()
    if not name:
        raise RowError(f"perpetrator '{text}' has no group name (use NAME or NAME:basis)")
    return {"name": name, "ref": stable_id("intrusion-set", name),
            "basis": vocabulary(basis, "basis", "basis") if basis.strip() else "attributed"}


def _parse_toll(text: str, key: str) -> Toll | None:
    parts = [p.strip() for p in text.split("/")]
    if text.strip().lower() in ("", "unknown"):
        return None
    if len(parts) == 1:
        return parse_toll(None, parts[0], None, key)
    if len(parts) == 3:
        return parse_toll(parts[0], parts[1], parts[2], key)
    raise RowError(f"{key} '{text}' is not N or LOW/BEST/HIGH")


def _toll_dict(value: Toll | None) -> dict[str, int] | None:
    return None if value is None else {"low": value[0], "best": value[1], "high": value[2]}


def require_visible(store: Store, ids: list[str], *, visibility: Visibility) -> None:
    missing = [i for i in ids if i not in IncidentTable(store.db).rows([i], visibility=visibility)]
    if missing:
        raise NotFound(f"incident '{missing[0]}' not found (or not current)")
