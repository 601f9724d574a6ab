"""The review queue: list candidates, show one beside its evidence, accept or reject it.

Accepting writes, in one transaction through `authoring.save` (the single write path, where
the trust layer signs): the `incident` with jirga's extension (review_status accepted, its
evidence and source reports), its `location`, the groups (found or created), the
relationships (`located-at`, `attributed-to`), and a new version of the document's `report`
that refers to all of them; then marks the candidate accepted. Any error leaves the store and
the queue as they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from jirga.errors import Conflict, Invalid, NotFound
from jirga.model.timestamps import now
from jirga.objects.authoring import next_version, save
from jirga.review import edits, stix
from jirga.store import Store, Visibility
from jirga.store import documents as doc_table
from jirga.store import review as review_table
from jirga.store.review import CandidateRow

AUTHORED_TYPES = ("incident", "relationship")  # what accepting writes in the accepter's name


@dataclass
class CandidateView:
    """A candidate with everything a reviewer needs beside it."""

    row: CandidateRow
    document: doc_table.DocumentRow
    copies: list[doc_table.DocumentRow]
    registered: list[dict[str, Any]]  # incidents already in the register that may be the same
    similar: list[CandidateRow]  # other candidates that may be the same attack

    @property
    def data(self) -> dict[str, Any]:
        return self.row.data


@dataclass
class Accepted:
    incident_id: str
    objects: dict[str, int]  # STIX type → how many written


def queue(store: Store, *, visibility: Visibility, status: str | None = "candidate",
          background: bool | None = None, limit: int = 50, offset: int = 0
          ) -> tuple[list[CandidateRow], int]:
    if status is not None and status not in review_table.STATUSES:
        raise Invalid(f"status '{status}' is not one of {', '.join(review_table.STATUSES)}")
    return review_table.list_candidates(store, visibility=visibility, status=status,
                                        background=background, limit=limit, offset=offset)


def next_in_queue(store: Store, *, after: int = 0, visibility: Visibility) -> int | None:
    """The candidate a reviewer opens next: the first awaiting review after `after`, wrapping
    round to the start of the queue; None when nothing awaits review."""
    return review_table.next_candidate(store, after=after, visibility=visibility)


def show(store: Store, seq: int, *, visibility: Visibility) -> CandidateView:
    row = review_table.get_candidate(store, seq, visibility=visibility)
    document = doc_table.get(store, row.document_seq, visibility=visibility)
    days = _around(row.data.get("date"))
    code = row.data.get("admin1_code")
    registered = review_table.nearby_incidents(store, occurred=days, admin1_code=code,
                                               visibility=visibility) if code else []
    similar = review_table.similar_candidates(store, occurred=days, admin1=row.admin1,
                                              exclude=seq, visibility=visibility) \
        if row.admin1 else []
    copies = doc_table.copies(store, document.seq, visibility=visibility)
    return CandidateView(row, document, copies,
                         [r for r in registered if r["id"] != row.id], similar)


def reject(store: Store, seq: int, *, visibility: Visibility, reason: str | None) -> None:
    review_table.get_candidate(store, seq, visibility=visibility)
    with store.db.transaction():
        review_table.decide(store, seq, status="rejected", decided_at=now(), reason=reason)


def accept(store: Store, seq: int, *, visibility: Visibility, changes: dict[str, str],
           level: str = "clear", source_party: str | None = None,
           author_ref: str | None = None) -> Accepted:
    """Write the incident and what it needs; `author_ref` (the accepting party's identity)
    becomes the incident's and its relationships' `created_by_ref` and signs what it writes."""
    row = review_table.get_candidate(store, seq, visibility=visibility)
    if row.status != "candidate":
        raise Conflict(f"candidate {seq} is already {row.status}; only candidates awaiting "
                       "review can be accepted or rejected")
    data = edits.apply(row.data, changes)
    _require(seq, data)
    document = doc_table.get(store, row.document_seq, visibility=visibility)
    copies = doc_table.copies(store, document.seq, visibility=visibility)
    stamp = now()
    objects = _objects(store, row, data, document, copies, stamp, level, visibility)
    if author_ref:
        objects = [{**o, "created_by_ref": author_ref}
                   if o["type"] in AUTHORED_TYPES and "created_by_ref" not in o else o
                   for o in objects]
    with store.db.transaction():
        save(store, objects, source=f"candidate {seq}", source_party=source_party,
             signer_ref=author_ref)
        review_table.decide(store, seq, status="accepted", decided_at=stamp,
                            incident_id=row.id, data=data)
    counts: dict[str, int] = {}
    for obj in objects:
        counts[obj["type"]] = counts.get(obj["type"], 0) + 1
    return Accepted(row.id, counts)


def _require(seq: int, data: dict[str, Any]) -> None:
    if not data.get("date"):
        raise Invalid(f"candidate {seq} has no date; add --set date=YYYY-MM-DD")
    if not data.get("country_code"):
        raise Invalid(f"candidate {seq} has no country; add --set admin1=PROVINCE or "
                      "--set country=PK|AF")


def _objects(store: Store, row: CandidateRow, data: dict[str, Any],
             document: doc_table.DocumentRow, copies: list[doc_table.DocumentRow], stamp: str,
             level: str, visibility: Visibility) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    location = stix.location(data, stamp, "clear")
    location_ref = None
    if location is not None:
        location_ref = location["id"]
        if not _exists(store, location_ref, visibility):
            out.append(location)
    perpetrators = []
    relationships = []
    for perpetrator in data.get("perpetrators") or []:
        found = stix.find_group(store, perpetrator["name"], visibility=visibility)
        group = found or stix.group(perpetrator["name"], stamp)
        if found is None:
            out.append(group)
        perpetrators.append({"name": perpetrator["name"], "ref": group["id"],
                             "basis": perpetrator["basis"]})
        if perpetrator["basis"] != "denied":
            relationships.append(stix.relationship(
                "attributed-to", row.id, group["id"], stamp, level,
                f"basis: {perpetrator['basis']}"))
    if location_ref:
        relationships.append(stix.relationship("located-at", row.id, location_ref, stamp, level))
    sources = [document.id, *(c.id for c in copies)]
    evidence = _evidence(row.data, data, document.id)
    incident = stix.incident(row.id, data, stamp=stamp, level=level, source_refs=sources,
                             location_ref=location_ref, perpetrators=perpetrators,
                             evidence=evidence, description=data.get("description")
                             or _description(row.data))
    out += [incident, *relationships]
    report = store.get(document.id, visibility=visibility).object()
    refs = list(dict.fromkeys([*report["object_refs"], *(o["id"] for o in out),
                               *(p["ref"] for p in perpetrators),
                               *([location_ref] if location_ref else [])]))
    out.append(next_version(report, object_refs=refs))
    return out


def _exists(store: Store, oid: str, visibility: Visibility) -> bool:
    try:
        store.get(oid, visibility=visibility)
    except NotFound:
        return False
    return True


def _evidence(original: dict[str, Any], edited: dict[str, Any], report_id: str
              ) -> list[dict[str, Any]]:
    """The extractor's evidence (with the document's report id) and a line per analyst edit."""
    out = [{**e, "document": report_id} for e in original.get("evidence") or []]
    for name in edits.FIELDS:
        if name in edited and edited.get(name) != original.get(name):
            out.append({"field": name, "value": edited[name], "document": None, "start": None,
                        "end": None, "sentence": "set by the analyst at review",
                        "confidence": 1.0})
    return out


def _description(data: dict[str, Any]) -> str | None:
    for evidence in data.get("evidence") or []:
        if evidence.get("field") in ("killed", "injured", "attack_type", "date"):
            return str(evidence["sentence"])[:1000]
    return None


def _around(occurred: str | None) -> list[str]:
    if not occurred:
        return []
    day = date.fromisoformat(occurred)
    return [(day + timedelta(days=d)).isoformat() for d in (-1, 0, 1)]
