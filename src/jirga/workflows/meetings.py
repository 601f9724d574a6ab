"""Meetings of the joint mechanisms and their decisions.

A meeting is recorded on the day it was held (participants, agenda, outcome). Each decision is
a new version of the meeting, and when it creates, moves, supersedes or drops commitments, the
new versions of those commitments are saved in the same transaction and cite the meeting as
their evidence — so both histories keep the decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jirga.errors import Conflict, Invalid
from jirga.model.vocab import MEETING_MECHANISMS, PARTICIPANT_ROLES
from jirga.sharing.principal import Principal
from jirga.store import ObjectFilter, Store, Visibility
from jirga.workflows import actors, commitments, dates, records
from jirga.workflows.commitments import CommitmentSpec

KINDS = ("record", "create", "move", "supersede", "drop")


@dataclass(frozen=True)
class Decision:
    """What a meeting decided. `kind` record only notes it; create adds `new` commitments;
    move changes the deadline of `targets` (`deadline` from the meeting, or `extend`);
    supersede replaces the single target with `new[0]`; drop ends `targets`."""

    text: str
    kind: str = "record"
    targets: Sequence[str] = ()
    new: Sequence[CommitmentSpec] = ()
    deadline: str | None = None
    extend: str | None = None
    agreement: str | None = None


def record_meeting(store: Store, principal: Principal, *, name: str, held: str, mechanism: str,
                   participants: Sequence[tuple[str, str]], agreements: Sequence[str] = (),
                   agenda: Sequence[str] = (), outcome: str | None = None,
                   description: str | None = None, level: str = "amber",
                   when: str | None = None, record_id: str | None = None) -> dict[str, Any]:
    """Record a meeting; participants are (party code, role) pairs."""
    if not name.strip():
        raise Invalid("a meeting needs a title (--name), e.g. 'Joint Coordination Committee, 3rd'")
    if mechanism not in MEETING_MECHANISMS:
        raise Invalid(f"mechanism '{mechanism}' is not known; use one of "
                      f"{', '.join(MEETING_MECHANISMS)}")
    people = _participants(store, participants)
    refs = sorted({p["party_ref"] for p in people})
    actors.require_actor(store, principal, refs, f"record meeting '{name}'",
                         "only a participating party can record it")
    everything = Visibility.everything()
    agreement_ids = [records.resolve(store, a, "agreement", everything) for a in agreements]
    day = dates.parse_date(held, "meeting date")
    for ref in agreement_ids:
        agreed = records.load(store, ref, "agreement", everything)["agreed"]
        if day.isoformat() < agreed:
            raise Invalid(f"meeting of {day} cannot review agreement '{ref}', agreed later "
                          f"({agreed})")
    if record_id and store.count(ObjectFilter(ids=(record_id,), include_revoked=True),
                                 visibility=everything):
        raise Conflict(f"meeting '{record_id}' already exists")
    at = dates.change_stamp(when or day.isoformat())
    first = records.entry(principal, at, "created")
    meeting = records.new_record(
        "meeting", name=name.strip(), at=at, level=records.check_level(level), recipients=refs,
        first=first, record_id=record_id, description=description, held=day.isoformat(),
        mechanism=mechanism, participants=people, agreement_refs=agreement_ids,
        agenda=[a for a in agenda if a.strip()], outcome=outcome)
    records.save(store, [meeting], principal)
    return meeting


def _participants(store: Store, pairs: Sequence[tuple[str, str]]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for code, role in pairs:
        if role not in PARTICIPANT_ROLES:
            raise Invalid(f"participant role '{role}' is not known; use one of "
                          f"{', '.join(PARTICIPANT_ROLES)} (as PK-MOI:delegation)")
        out.append({"party_ref": actors.party_ref(store, code), "role": role})
    if len({p["party_ref"] for p in out}) < 2:
        raise Invalid("a meeting has at least two participating parties; name them with "
                      "--party PK-MOI:host --party AF-MOI:delegation")
    return out


def decide(store: Store, principal: Principal, meeting: str, decision: Decision, *,
           when: str | None = None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Record a decision of a meeting and apply it to commitments, all or nothing."""
    everything = Visibility.everything()
    obj = records.load(store, meeting, "meeting", everything)
    parties = [p["party_ref"] for p in obj["participants"]]
    actors.require_actor(store, principal, parties, f"record a decision of '{obj['name']}'",
                         "only a participating party can")
    if decision.kind not in KINDS:
        raise Invalid(f"decision kind '{decision.kind}' is not known; use one of {', '.join(KINDS)}")
    if not decision.text.strip():
        raise Invalid("a decision needs its text (--text), as the minutes record it")
    at = records.stamp(obj, when or obj["held"])
    number = len(obj.get("decisions") or []) + 1
    changed = _apply(store, principal, obj, decision, at, number)
    entry = records.clean({"number": number, "text": decision.text.strip(), "kind": decision.kind,
                           "commitment_refs": [c["id"] for c in changed]})
    step = records.entry(principal, at, "decision", decision=number,
                         commitment_refs=[c["id"] for c in changed])
    new = records.changed(obj, at, step, decisions=[*(obj.get("decisions") or []), entry])
    records.save(store, [new, *changed], principal)
    return new, changed


def _apply(store: Store, principal: Principal, meeting: dict[str, Any], decision: Decision,
           at: str, number: int) -> list[dict[str, Any]]:
    held = dates.parse_date(meeting["held"])
    kind = decision.kind
    targets = [_target(store, principal, meeting, t) for t in decision.targets]
    if kind in ("move", "drop", "supersede") and not targets:
        raise Invalid(f"a '{kind}' decision names the commitments it applies to (--{kind} ID)")
    if kind == "supersede" and (len(targets) != 1 or len(decision.new) != 1):
        raise Invalid("a 'supersede' decision replaces one commitment with one new commitment")
    if kind in ("create", "supersede") and not decision.new:
        raise Invalid(f"a '{kind}' decision says what the new commitment is (--commitment TEXT)")
    mid = meeting["id"]
    if kind == "move":
        return [commitments.move_deadline(t, principal, at=_after(t, at), deadline=decision.deadline,
                                          extend=decision.extend, basis=held, meeting_ref=mid,
                                          decision=number) for t in targets]
    if kind == "drop":
        return [commitments.close(t, principal, at=_after(t, at), status="dropped",
                                  meeting_ref=mid, decision=number) for t in targets]
    if kind == "record":
        return []
    agreement = _agreement(store, principal, meeting, decision, targets)
    made = [commitments.new_commitment(store, principal, agreement, spec, at=at, basis=held,
                                       origin_ref=mid,
                                       supersedes=targets[0]["id"] if targets else None)
            for spec in decision.new]
    if kind == "supersede":
        return [*made, commitments.close(targets[0], principal, at=_after(targets[0], at),
                                         status="superseded", meeting_ref=mid, decision=number,
                                         replacement=made[0]["id"])]
    return made


def _after(obj: dict[str, Any], at: str) -> str:
    """The decision's time for this commitment: refused if it changed after the meeting."""
    return dates.change_stamp(at, obj.get("modified"))


def _target(store: Store, principal: Principal, meeting: dict[str, Any],
            text: str) -> dict[str, Any]:
    obj = records.load(store, text, "commitment", Visibility.everything())
    reviewed = meeting.get("agreement_refs") or []
    if obj["agreement_ref"] not in reviewed:
        raise Invalid(f"meeting '{meeting['name']}' did not review the agreement of commitment "
                      f"'{obj['name']}'; name the agreement when recording the meeting "
                      "(--agreement ID)")
    return obj


def _agreement(store: Store, principal: Principal, meeting: dict[str, Any], decision: Decision,
               targets: list[dict[str, Any]]) -> dict[str, Any]:
    everything = Visibility.everything()
    reviewed = meeting.get("agreement_refs") or []
    if targets:
        ref = targets[0]["agreement_ref"]
    elif decision.agreement:
        ref = records.resolve(store, decision.agreement, "agreement", everything)
    elif len(reviewed) == 1:
        ref = reviewed[0]
    else:
        raise Invalid(f"meeting '{meeting['name']}' reviews {len(reviewed)} agreements; say which "
                      "one the new commitment belongs to (--agreement ID)")
    if ref not in reviewed:
        raise Invalid(f"meeting '{meeting['name']}' did not review agreement '{ref}'")
    agreement = records.load(store, ref, "agreement", everything)
    actors.require_actor(store, principal, agreement["party_refs"],
                         f"add a commitment to '{agreement['name']}'")
    return agreement

