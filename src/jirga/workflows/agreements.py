"""Agreements between parties: title, parties, date, text, source documents, and commitments.

An agreement and the commitments it makes are saved together, dated the day it was agreed, so
"within 3 months" counts from that day. Commitments added later (an annex) count from the
agreement's date too; those a meeting decides count from the meeting (see `meetings`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jirga.errors import Conflict, Invalid
from jirga.model import timestamps
from jirga.sharing.principal import Principal
from jirga.store import ObjectFilter, Store, Visibility
from jirga.workflows import actors, dates, records
from jirga.workflows.commitments import CommitmentSpec, new_commitment


def create_agreement(store: Store, principal: Principal, *, name: str, parties: Sequence[str],
                     agreed: str, text: str | None = None, description: str | None = None,
                     documents: Sequence[str] = (), evidence_required: bool = True,
                     level: str = "amber", commitments: Sequence[CommitmentSpec] = (),
                     when: str | None = None,
                     record_id: str | None = None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Record an agreement (and the commitments it makes); returns both as saved."""
    if not name.strip():
        raise Invalid("an agreement needs a title (--name)")
    refs = sorted({actors.party_ref(store, code) for code in parties})
    if len(refs) < 2:
        raise Invalid("an agreement is between at least two parties; name them with --party "
                      "PK-MOI --party AF-MOI")
    actors.require_actor(store, principal, refs, f"record agreement '{name}'",
                         "only a party to the agreement can record it")
    day = dates.parse_date(agreed, "agreement date")
    if record_id and store.count(ObjectFilter(ids=(record_id,), include_revoked=True),
                                 visibility=Visibility.everything()):
        raise Conflict(f"agreement '{record_id}' already exists")
    at = dates.change_stamp(when or day.isoformat())
    docs = records.check_refs(store, documents, "source document", ("report",))
    first = records.entry(principal, at, "created")
    agreement = records.new_record(
        "agreement", name=name.strip(), at=at, level=records.check_level(level), recipients=refs,
        first=first, record_id=record_id, description=description, text=text, party_refs=refs,
        agreed=day.isoformat(), document_refs=docs, evidence_required=evidence_required)
    made = [new_commitment(store, principal, agreement, spec, at=at, basis=day,
                           origin_ref=agreement["id"]) for spec in commitments]
    records.save(store, [agreement, *made], principal)
    return agreement, made


def add_commitment(store: Store, principal: Principal, agreement: str, spec: CommitmentSpec, *,
                   when: str | None = None) -> dict[str, Any]:
    """A commitment added to an agreement after the fact (an annex, a side letter)."""
    obj = records.load(store, agreement, "agreement", Visibility.everything())
    actors.require_actor(store, principal, obj["party_refs"],
                         f"add a commitment to agreement '{obj['name']}'")
    at = dates.change_stamp(when)
    if timestamps.version_key(at) < timestamps.version_key(obj["created"]):
        raise Invalid(f"the date {when} is before agreement '{obj['name']}' was recorded "
                      f"({obj['created'][:10]})")
    made = new_commitment(store, principal, obj, spec, at=at,
                          basis=dates.parse_date(obj["agreed"]), origin_ref=obj["id"])
    records.save(store, [made], principal)
    return made
