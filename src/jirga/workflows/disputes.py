"""Disputes: one party contests the status the other asserted, as a STIX `opinion` with reasons.

The opinion is the disputing party's own object (its `created_by_ref`), about the record
(`object_refs`), naming in `x_jirga_dispute` the version and status it contests. A dispute is
open until the disputing party withdraws it or a later change replaces the contested status;
it shows wherever that status shows (lists, details, overdue lists, the scorecard).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

from jirga.errors import Conflict, Forbidden, Invalid
from jirga.model import timestamps, tlp
from jirga.model.cooperation import DISPUTE, RECIPIENTS
from jirga.model.ids import new_id
from jirga.objects import authoring
from jirga.sharing.principal import Principal
from jirga.store import Store, Visibility
from jirga.store import workflows as sql
from jirga.workflows import actors, dates, records

DISPUTABLE = {"commitment": "status", "assistance-request": "state"}
OPINIONS = ("disagree", "strongly-disagree")


def raise_dispute(store: Store, principal: Principal, record_type: str, record: str, *,
                  reasons: str, opinion: str = "disagree", when: str | None = None) -> dict[str, Any]:
    """The principal's party disputes the current status of a commitment or state of a request."""
    everything = Visibility.everything()
    obj = records.load(store, record, record_type, everything)
    field = DISPUTABLE[record_type]
    current = obj.get(field)
    what = f"dispute the {field} of {records.LABEL[record_type]} '{obj['name']}'"
    actors.require_actor(store, principal, obj.get(RECIPIENTS) or [], what,
                         "only a party to the record can dispute it")
    assertion = asserting_step(obj)
    asserted_by = assertion.get("party_ref")
    if asserted_by == principal.party_id:
        raise Forbidden(f"{principal.label} cannot {what}: {principal.party_code} asserted "
                        f"'{current}' itself; the other party disputes a status, the asserting "
                        "party changes it")
    if not reasons.strip():
        raise Invalid(f"to {what}, give the reasons (--reason TEXT)")
    if opinion not in OPINIONS:
        raise Invalid(f"opinion '{opinion}' is not a dispute; use {' or '.join(OPINIONS)}")
    for row in open_disputes(store, everything, [obj["id"]]):
        if row["created_by_ref"] == principal.party_id:
            raise Conflict(f"{principal.party_code} already disputes '{current}' of "
                           f"'{obj['name']}' ({row['id']}); withdraw it first")
    at = dates.change_stamp(when, assertion.get("at"))
    dispute = {
        "type": "opinion", "spec_version": "2.1", "id": new_id("opinion"), "created": at,
        "modified": at, "created_by_ref": principal.party_id, "object_refs": [obj["id"]],
        "opinion": opinion, "explanation": reasons.strip(), "authors": [principal.user],
        "object_marking_refs": [tlp.marking_id(records.level_of(obj))],
        RECIPIENTS: obj.get(RECIPIENTS) or [principal.party_id],
        DISPUTE: {"version": assertion.get("at"), "field": field, "status": current,
                  "asserted_by_ref": asserted_by, "user": principal.user},
    }
    records.save(store, [dispute], principal)
    return dispute


def asserting_step(obj: dict[str, Any]) -> dict[str, Any]:
    """The transition that set the record's current status or state (later ones kept it)."""
    steps = [s for s in obj.get("transitions") or [] if isinstance(s, dict)]
    if not steps:
        raise Invalid(f"'{obj['id']}' has no recorded transitions to dispute")
    chosen = steps[0]
    for previous, step in itertools.pairwise(steps):
        if step.get("state") != previous.get("state"):
            chosen = step
    return chosen


def withdraw(store: Store, principal: Principal, dispute: str, *, note: str | None = None,
             when: str | None = None) -> dict[str, Any]:
    """The disputing party withdraws its dispute (a new version of its opinion)."""
    everything = Visibility.everything()
    oid = records.resolve(store, dispute, "opinion", everything)
    obj = store.get(oid, visibility=everything, include_revoked=False).object()
    info = obj.get(DISPUTE)
    if not isinstance(info, dict):
        raise Invalid(f"'{oid}' is an opinion, not a jirga dispute")
    actors.require_actor(store, principal, [obj["created_by_ref"]], "withdraw this dispute",
                         "only the party that raised it can")
    if info.get("withdrawn"):
        raise Conflict(f"dispute '{oid}' was already withdrawn on {info['withdrawn'][:10]}")
    at = dates.change_stamp(when, obj.get("modified"))
    withdrawn = {**info, "withdrawn": at, "withdrawn_by": principal.user}
    if note:
        withdrawn["withdrawal_note"] = note
    new = authoring.next_version(obj, **{DISPUTE: withdrawn})
    new["modified"] = at
    records.save(store, [new], principal)
    return new


def open_disputes(store: Store, visibility: Visibility, record_refs: Iterable[str] | None = None,
                  as_of: str | None = None) -> list[dict[str, Any]]:
    """Disputes (of these records, or of any) open at the version key `as_of` (default: now),
    of records the reader sees and that existed then."""
    refs = list(record_refs) if record_refs is not None else []
    if record_refs is not None and not refs:
        return []
    rows = sql.disputes(store.db, visibility, record_refs=refs, before=as_of)
    moved = _state_changes(store, visibility, sorted({r["record_ref"] for r in rows}), as_of)
    return [row for row in rows if row["record_ref"] in moved
            and is_open(row, moved[row["record_ref"]], as_of)]


def is_open(row: dict[str, Any], changes: list[tuple[str, str | None]],
            as_of: str | None) -> bool:
    """Open: not withdrawn by `as_of`, and no later change (before `as_of`) left another state.
    `changes` are (version key, state) of the record's transitions."""
    if row["withdrawn"] and (as_of is None or row["withdrawn"] < as_of):
        return False
    disputed = timestamps.version_key(row["disputed_version"])
    return not any(at > disputed and state != row["disputed_state"] for at, state in changes)


def _state_changes(store: Store, visibility: Visibility, refs: list[str],
                   as_of: str | None) -> dict[str, list[tuple[str, str | None]]]:
    out: dict[str, list[tuple[str, str | None]]] = {}
    if not refs:
        return out
    for record_type in DISPUTABLE:
        for row in sql.transitions(store.db, visibility, record_type, as_of or "9999", refs):
            out.setdefault(row["id"], []).append((row["at"], row["state"]))
    return out
