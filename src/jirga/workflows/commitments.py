"""Commitments: action items of an agreement with an owner, a deadline, a benchmark and a status.

The status follows the Peace Accords Matrix implementation scale (not started, minimal,
intermediate, full); a meeting decision may also drop a commitment or supersede it with a new
one. Either party to the agreement may assert a status; when the agreement requires evidence,
every assertion cites some (a document, an incident, a report, a meeting).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from jirga.errors import Invalid
from jirga.sharing.principal import Principal
from jirga.store import Store, Visibility
from jirga.workflows import actors, dates, records

SCALE = ("not-started", "minimal", "intermediate", "full")
RANK = {status: rank for rank, status in enumerate(SCALE)}
CLOSED = ("dropped", "superseded")


@dataclass(frozen=True)
class Document:
    """A document cited as evidence: stored as a STIX report by the citing party."""

    title: str
    url: str | None = None


@dataclass(frozen=True)
class CommitmentSpec:
    """What a new commitment says. `deadline` is a date or a duration from the basis date
    (the agreement's date, or the meeting's for a commitment a meeting decides)."""

    name: str
    deadline: str
    responsible: Sequence[str] = ()  # party codes; empty means all parties (joint)
    benchmark: str | None = None
    description: str | None = None
    record_id: str | None = field(default=None, compare=False)


def evidence_required(agreement: dict[str, Any]) -> bool:
    return agreement.get("evidence_required") is not False


def new_commitment(store: Store, principal: Principal, agreement: dict[str, Any],
                   spec: CommitmentSpec, *, at: str, basis: date, origin_ref: str,
                   supersedes: str | None = None) -> dict[str, Any]:
    """Version one of a commitment of `agreement` (not yet saved)."""
    if not spec.name.strip():
        raise Invalid("a commitment needs its text, e.g. 'Establish joint border patrols'")
    parties = agreement["party_refs"]
    responsible = [actors.party_ref(store, code) for code in spec.responsible] or list(parties)
    outside = [r for r in responsible if r not in parties]
    if outside:
        raise Invalid(f"responsible party {actors.party_code(store, outside[0])} is not a party "
                      f"to agreement '{agreement['name']}'")
    deadline, rule = dates.deadline_from(spec.deadline, basis)
    if deadline < basis:
        raise Invalid(f"deadline {deadline} is before {basis}, the date it counts from")
    deadline_text = deadline.isoformat()
    first = records.entry(principal, at, "created", state="not-started", deadline=deadline_text,
                          origin_ref=origin_ref, supersedes_ref=supersedes)
    return records.new_record(
        "commitment", name=spec.name.strip(), at=at, level=records.level_of(agreement),
        recipients=parties, first=first, record_id=spec.record_id,
        description=spec.description, agreement_ref=agreement["id"], origin_ref=origin_ref,
        responsible_refs=sorted(set(responsible)), deadline=deadline_text, deadline_rule=rule,
        deadline_from=basis.isoformat() if rule else None, benchmark=spec.benchmark,
        status="not-started", status_date=at[:10], supersedes_ref=supersedes)


def set_status(store: Store, principal: Principal, commitment: str, status: str, *,
               evidence: Sequence[str] = (), documents: Sequence[Document] = (),
               note: str | None = None, when: str | None = None) -> dict[str, Any]:
    """A party asserts a new status, dated and evidenced; returns the new version."""
    everything = Visibility.everything()
    obj = records.load(store, commitment, "commitment", everything)
    agreement = records.load(store, obj["agreement_ref"], "agreement", everything)
    what = f"status of commitment '{obj['name']}'"
    actors.require_actor(store, principal, agreement["party_refs"], f"change the {what}",
                         "only the parties to its agreement assert its status")
    _check_status(obj, status)
    at = records.stamp(obj, when)
    refs = records.check_refs(store, evidence, "evidence")
    docs = [records.document(principal, title=d.title, url=d.url, about=[obj["id"]], at=at,
                             level=records.level_of(obj), recipients=agreement["party_refs"])
            for d in documents]
    cited = [*refs, *(d["id"] for d in docs)]
    if not cited and evidence_required(agreement):
        raise Invalid(f"agreement '{agreement['name']}' requires evidence for every status "
                      "change; cite it with --evidence ID or --document TITLE [--url URL]")
    step = records.entry(principal, at, "status", state=status, deadline=obj["deadline"],
                         evidence_refs=cited, note=note)
    new = records.changed(obj, at, step, status=status, status_date=at[:10],
                          status_asserted_by_ref=principal.party_id,
                          status_evidence_refs=cited or None)
    records.save(store, [*docs, new], principal)
    return new


def _check_status(obj: dict[str, Any], status: str) -> None:
    if status in CLOSED:
        raise Invalid(f"a commitment is {status} by a meeting decision; record it with "
                      f"`jirga meeting decide MEETING --{'drop' if status == 'dropped' else 'supersede'}"
                      f" {obj['id']}`")
    if status not in SCALE:
        raise Invalid(f"status '{status}' is not known; use one of {', '.join(SCALE)}")
    current = obj.get("status")
    if current in CLOSED:
        raise Invalid(f"commitment '{obj['name']}' is {current}; its status no longer changes")
    if current == status:
        raise Invalid(f"commitment '{obj['name']}' is already '{status}'; a status change must "
                      "change the status")


def move_deadline(obj: dict[str, Any], principal: Principal, *, at: str, deadline: str | None,
                  extend: str | None, basis: date, meeting_ref: str,
                  decision: int) -> dict[str, Any]:
    """The next version of a commitment whose deadline a meeting decision moved."""
    _check_open(obj)
    if (deadline is None) == (extend is None):
        raise Invalid("moving a deadline needs either --deadline (a date, or a duration from the "
                      "meeting) or --extend (a duration added to the current deadline)")
    if extend is not None:
        new_date = dates.parse_duration(extend).after(dates.parse_date(obj["deadline"]))
        rule, start = None, None
    else:
        new_date, rule = dates.deadline_from(deadline or "", basis)
        start = basis.isoformat() if rule else None
    if new_date.isoformat() == obj["deadline"]:
        raise Invalid(f"commitment '{obj['name']}' is already due on {new_date}")
    step = records.entry(principal, at, "deadline-moved", state=obj["status"],
                         deadline=new_date.isoformat(), previous_deadline=obj["deadline"],
                         meeting_ref=meeting_ref, decision=decision, evidence_refs=[meeting_ref])
    return records.changed(obj, at, step, deadline=new_date.isoformat(), deadline_rule=rule,
                           deadline_from=start)


def close(obj: dict[str, Any], principal: Principal, *, at: str, status: str, meeting_ref: str,
          decision: int, replacement: str | None = None) -> dict[str, Any]:
    """The next version of a commitment a meeting decision dropped or superseded."""
    _check_open(obj)
    step = records.entry(principal, at, status, state=status, deadline=obj["deadline"],
                         meeting_ref=meeting_ref, decision=decision, evidence_refs=[meeting_ref],
                         superseded_by_ref=replacement)
    return records.changed(obj, at, step, status=status, status_date=at[:10],
                           status_asserted_by_ref=principal.party_id,
                           status_evidence_refs=[meeting_ref], superseded_by_ref=replacement)


def _check_open(obj: dict[str, Any]) -> None:
    if obj.get("status") in CLOSED:
        raise Invalid(f"commitment '{obj['name']}' is {obj['status']}; it can no longer be changed")
