"""Several reports of one attack → one incident; and suggestions of which reports those are.

Reports are of the same attack when they are in the same country and the same district (or,
without one, the same city), at most a day apart, with compatible killed tolls: their
[low, high] ranges, each widened by a quarter (at least 2), overlap. Merging keeps the first
incident named (or `keep`) as the survivor, authored here as a new version that holds every
source (reports, dataset rows, evidence) of all of them and the tolls as low / best / high in
the UCDP way: the lowest low, the median best, the highest high. The survivor takes the
strictest TLP of the incidents merged, so merging never widens who may read a source.

The others are revoked — STIX's way to say an object no longer stands — and point to the
survivor in `merged_into`; the survivor lists them in `merged_from`. A revoked incident
leaves the projection, so no count includes it twice, and `incidents show` still finds it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import median_low
from typing import Any

from jirga.errors import Conflict, Invalid, NotFound
from jirga.incidents.register import get_incident
from jirga.model import incident as incident_model
from jirga.model import tlp
from jirga.model.extensions import INCIDENT_EXT_ID
from jirga.objects import authoring
from jirga.store import Store, Visibility
from jirga.store.incidents import IncidentFilter, IncidentTable

MAX_DAYS_APART = 1
BASIS_STRENGTH = {"claimed": 0, "attributed": 1, "suspected": 2, "denied": 3}


def _range(row: dict[str, Any]) -> tuple[int, int] | None:
    if row.get("killed_best") is None:
        return None
    low = row["killed_low"] if row.get("killed_low") is not None else row["killed_best"]
    high = row["killed_high"] if row.get("killed_high") is not None else row["killed_best"]
    return low, high


def tolls_compatible(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Killed ranges that overlap once each is widened by a quarter (at least 2); unknown fits.
    (`store/incidents.py: near_pairs` applies the same rule in SQL.)"""
    ra, rb = _range(a), _range(b)
    if ra is None or rb is None:
        return True
    widen = [max(2, r[1] // 4) for r in (ra, rb)]
    return ra[0] - widen[0] <= rb[1] + widen[1] and rb[0] - widen[1] <= ra[1] + widen[0]


def differences(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """Why two flat rows cannot be the same attack (empty when they can)."""
    out = []
    if a.get("country") != b.get("country"):
        out.append(f"countries differ ({a.get('country')} / {b.get('country')})")
    if a.get("day") is not None and b.get("day") is not None and \
            abs(a["day"] - b["day"]) > MAX_DAYS_APART:
        out.append(f"dates {a['occurred']} and {b['occurred']} are more than a day apart")
    if a.get("locality") and b.get("locality") and a["locality"] != b["locality"]:
        out.append(f"places differ ({a['locality']} / {b['locality']})")
    if not tolls_compatible(a, b):
        out.append(f"killed tolls differ ({_toll_text(a)} / {_toll_text(b)})")
    return out


def _toll_text(row: dict[str, Any]) -> str:
    r = _range(row)
    if r is None:
        return "unknown"
    return str(row["killed_best"]) if r[0] == r[1] else f"{r[0]}-{row['killed_best']}-{r[1]}"


@dataclass
class Suggestion:
    """Two incidents that look like one attack, with what they share."""

    a: dict[str, Any]
    b: dict[str, Any]
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0


def find_duplicates(store: Store, flt: IncidentFilter, *, visibility: Visibility,
                    limit: int = 100) -> list[Suggestion]:
    """Likely duplicates among the incidents the filter selects, most likely first."""
    pairs = IncidentTable(store.db).near_pairs(flt, visibility=visibility, days=MAX_DAYS_APART,
                                               limit=limit)
    return [Suggestion(a, b, _reasons(a, b), points / 10) for a, b, points in pairs]


def _reasons(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """What two incidents share, in words (the score counts the same things)."""
    reasons = ["same day" if a["day"] == b["day"] else "a day apart",
               f"same place ({a['district'] or a['place']})"]
    if a.get("killed_best") is not None and b.get("killed_best") is not None:
        reasons.append(f"killed {_toll_text(a)} / {_toll_text(b)}")
    shared = {g.strip() for g in (a.get("perpetrators") or "").split(";")} & \
        {g.strip() for g in (b.get("perpetrators") or "").split(";")} - {""}
    if shared:
        reasons.append(f"same group ({', '.join(sorted(shared))})")
    if a.get("attack_type") and a.get("attack_type") == b.get("attack_type"):
        reasons.append(f"same attack type ({a['attack_type']})")
    if (a.get("dataset"), a.get("source_party")) != (b.get("dataset"), b.get("source_party")):
        reasons.append("different sources")
    return reasons


@dataclass
class MergeResult:
    survivor: dict[str, Any]
    merged: list[str]


def merge_incidents(store: Store, ids: Sequence[str], *, visibility: Visibility,
                    keep: str | None = None, force: bool = False) -> MergeResult:
    """Merge the incidents into one (see the module docstring); `force` skips the checks."""
    ids = list(dict.fromkeys(ids))
    if len(ids) < 2:
        raise Invalid("merge needs at least two incident ids")
    survivor_id = keep or ids[0]
    if survivor_id not in ids:
        ids.insert(0, survivor_id)
    objects = {i: get_incident(store, i, visibility=visibility) for i in ids}
    for oid, obj in objects.items():
        if obj.get("revoked"):
            raise Conflict(f"incident '{oid}' is already revoked (merged into "
                           f"{incident_model.extension(obj).get('merged_into', 'another')})")
    rows = IncidentTable(store.db).rows(ids, visibility=visibility)
    missing = [i for i in ids if i not in rows]
    if missing:
        raise NotFound(f"incident '{missing[0]}' is not in the register")
    _check(rows, survivor_id, force)
    ordered = [objects[survivor_id], *(objects[i] for i in ids if i != survivor_id)]
    survivor = _merged(ordered)
    retired = [_retired(objects[i], survivor_id) for i in ids if i != survivor_id]
    authoring.save(store, [survivor, *retired], source="merge")
    return MergeResult(survivor, [o["id"] for o in retired])


def _check(rows: dict[str, dict[str, Any]], survivor_id: str, force: bool) -> None:
    if force:
        return
    first = rows[survivor_id]
    for oid, row in rows.items():
        problems = differences(first, row) if oid != survivor_id else []
        if problems:
            raise Conflict(f"'{oid}' does not look like the same attack as '{survivor_id}': "
                           f"{'; '.join(problems)}; check them, and pass --force to merge anyway")


def _merged(objects: list[dict[str, Any]]) -> dict[str, Any]:
    exts = [incident_model.extension(o) for o in objects]
    ext = dict(exts[0])
    for other in exts[1:]:
        for key, value in other.items():
            ext.setdefault(key, value)  # fill what the survivor lacks
    for key in ("killed", "injured", "perpetrators_killed"):
        merged = _merge_toll([e.get(key) for e in exts])
        if merged:
            ext[key] = merged
    ext["perpetrators"] = _merge_perpetrators(exts)
    if not ext["perpetrators"]:
        del ext["perpetrators"]
    for key in ("target_types", "source_refs", "evidence"):
        values = _union(e.get(key) or [] for e in exts)
        if values:
            ext[key] = values
    flags = [e.get("cross_border") for e in exts if e.get("cross_border") is not None]
    if flags:
        ext["cross_border"] = any(flags)
    if any(e.get("review_status", "accepted") == "accepted" for e in exts):
        ext["review_status"] = "accepted"
    ext["merged_from"] = _union([*(e.get("merged_from") or [] for e in exts),
                                 [o["id"] for o in objects[1:]]])
    ext.pop("merged_into", None)
    survivor = objects[0]
    changes: dict[str, Any] = {"extensions": {**survivor["extensions"], INCIDENT_EXT_ID: ext}}
    references = _union(o.get("external_references") or [] for o in objects)
    if references:
        changes["external_references"] = references
    marked = any(tlp.level_of(o) for o in objects)
    level = tlp.strictest(tlp.level_of(o) or "amber" for o in objects) if marked else None
    if level and level != tlp.level_of(survivor):
        changes["object_marking_refs"] = [*(r for r in survivor.get("object_marking_refs", [])
                                            if r not in tlp.LEVEL_OF_MARKING),
                                          tlp.marking_id(level)]
    return authoring.next_version(survivor, **changes)


def _merge_toll(values: list[Any]) -> dict[str, int] | None:
    tolls = [v for v in values if isinstance(v, dict) and isinstance(v.get("best"), int)]
    if not tolls:
        return None
    return {"low": min(t.get("low", t["best"]) for t in tolls),
            "best": median_low([t["best"] for t in tolls]),
            "high": max(t.get("high", t["best"]) for t in tolls)}


def _merge_perpetrators(exts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every group named by any report, with the firmest basis any report gives."""
    out: dict[str, dict[str, Any]] = {}
    for ext in exts:
        for p in ext.get("perpetrators") or []:
            if not isinstance(p, dict) or not isinstance(p.get("name"), str):
                continue
            known = out.get(p["name"])
            if known is None or BASIS_STRENGTH.get(p.get("basis"), 9) < \
                    BASIS_STRENGTH.get(known.get("basis"), 9):
                out[p["name"]] = p
    return list(out.values())


def _union(lists: Any) -> list[Any]:
    out: list[Any] = []
    for values in lists:
        for value in values:
            if value not in out:
                out.append(value)
    return out


def _retired(obj: dict[str, Any], survivor_id: str) -> dict[str, Any]:
    ext = {**incident_model.extension(obj), "merged_into": survivor_id}
    return authoring.next_version(obj, revoked=True,
                                  extensions={**obj["extensions"], INCIDENT_EXT_ID: ext})
