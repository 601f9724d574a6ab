"""Assistance requests between parties, and the state machine they move through.

    requested ─ack→ acknowledged ─start→ in-progress ─answer→ answered ─close→ closed
        └──────────────┴──────────────────┴─decline→ declined (with a reason)

The requested party acknowledges, starts, answers (findings attached) or declines; only the
requesting party closes, and only an answered request. Every transition is a dated version made
by a named user of the right party.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from jirga.errors import Conflict, Invalid
from jirga.model.vocab import REQUEST_ASKS
from jirga.sharing.principal import Principal
from jirga.store import ObjectFilter, Store, Visibility
from jirga.workflows import actors, dates, records
from jirga.workflows.commitments import Document

DEFAULT_DEADLINE_DAYS = 30
OPEN = ("requested", "acknowledged", "in-progress")
DONE = ("answered", "closed", "declined")


@dataclass(frozen=True)
class Move:
    """One transition: the states it leaves from, the state it reaches, who makes it."""

    action: str
    sources: tuple[str, ...]
    target: str
    side: str  # "to" (the requested party) or "from" (the requesting party)
    verb: str


MOVES: dict[str, Move] = {m.action: m for m in (
    Move("acknowledge", ("requested",), "acknowledged", "to", "acknowledge"),
    Move("start", ("requested", "acknowledged"), "in-progress", "to", "start work on"),
    Move("answer", OPEN, "answered", "to", "answer"),
    Move("decline", OPEN, "declined", "to", "decline"),
    Move("close", ("answered",), "closed", "from", "close"),
)}


def create_request(store: Store, principal: Principal, *, to: str, subject: str,
                   asks: Sequence[str], description: str | None = None,
                   incidents: Sequence[str] = (), evidence: Sequence[str] = (),
                   groups: Sequence[str] = (), deadline: str | None = None,
                   default_days: int = DEFAULT_DEADLINE_DAYS, level: str = "amber",
                   when: str | None = None, record_id: str | None = None) -> dict[str, Any]:
    """A request from the principal's party to party `to` (a code)."""
    if not subject.strip():
        raise Invalid("a request needs a subject (--subject)")
    target = actors.party_ref(store, to)
    actors.require_actor(store, principal, [p for p in [principal.party_id] if p],
                         "make an assistance request")
    if target == principal.party_id:
        raise Invalid(f"a request goes to another party; {to} is {principal.user}'s own party")
    kinds = _asks(asks)
    group_refs = [_group(store, g) for g in groups]
    if "action-against-group" in kinds and not group_refs:
        raise Invalid("a request for action against a group names the group (--group NAME)")
    if record_id and store.count(ObjectFilter(ids=(record_id,), include_revoked=True),
                                 visibility=Visibility.everything()):
        raise Conflict(f"request '{record_id}' already exists")
    at = dates.change_stamp(when)
    requested = dates.day_of(at)
    due, _ = (dates.deadline_from(deadline, requested) if deadline
              else (requested + timedelta(days=default_days), None))
    if due < requested:
        raise Invalid(f"deadline {due} is before the request date {requested}")
    parties = sorted({principal.party_id or "", target})
    first = records.entry(principal, at, "requested", state="requested", deadline=due.isoformat())
    obj = records.new_record(
        "assistance-request", name=subject.strip(), at=at, level=records.check_level(level),
        recipients=parties, first=first, record_id=record_id, description=description,
        from_ref=principal.party_id, to_ref=target, asks=kinds,
        incident_refs=records.check_refs(store, incidents, "incident", ("incident",)),
        evidence_refs=records.check_refs(store, evidence, "evidence"), group_refs=group_refs,
        requested=requested.isoformat(), deadline=due.isoformat(), state="requested")
    records.save(store, [obj], principal)
    return obj


def _asks(asks: Sequence[str]) -> list[str]:
    kinds = list(dict.fromkeys(a.strip() for a in asks if a.strip()))
    if not kinds:
        raise Invalid(f"say what is asked (--ask), one or more of {', '.join(REQUEST_ASKS)}")
    for kind in kinds:
        if kind not in REQUEST_ASKS:
            raise Invalid(f"'{kind}' is not something jirga knows to ask; use "
                          f"{', '.join(REQUEST_ASKS)}")
    return kinds


def _group(store: Store, text: str) -> str:
    """An intrusion-set id from its id, name or alias."""
    wanted = text.strip()
    query = ObjectFilter(types=("intrusion-set",))
    for item in store.iter_current(query, visibility=Visibility.everything()):
        obj = item.object()
        names = [obj.get("name", ""), *(obj.get("aliases") or [])]
        if wanted == obj["id"] or wanted.casefold() in (n.casefold() for n in names):
            return str(obj["id"])
    raise Invalid(f"group '{text}' is not in this node's store; use a name, alias or "
                  "intrusion-set id that `jirga objects list --type intrusion-set` shows")


def transition(store: Store, principal: Principal, request: str, action: str, *,
               findings: str | None = None, reason: str | None = None,
               documents: Sequence[Document] = (), evidence: Sequence[str] = (),
               note: str | None = None, when: str | None = None) -> dict[str, Any]:
    """Move a request one step (acknowledge, start, answer, decline, close)."""
    move = MOVES.get(action)
    if move is None:
        raise Invalid(f"'{action}' is not a request transition; use {', '.join(MOVES)}")
    obj = records.load(store, request, "assistance-request", Visibility.everything())
    what = f"{move.verb} request '{obj['name']}'"
    side_ref = obj["to_ref"] if move.side == "to" else obj["from_ref"]
    if move.side == "to":
        actors.require_actor(store, principal, [side_ref], what,
                             f"it is addressed to {actors.party_code(store, side_ref)}, and "
                             "only they can")
    else:
        actors.require_actor(store, principal, [side_ref], what,
                             f"only the requesting party {actors.party_code(store, side_ref)} can")
    _check_source(obj, move)
    at = records.stamp(obj, when)
    docs = [records.document(principal, title=d.title, url=d.url, about=[obj["id"]], at=at,
                             level=records.level_of(obj), recipients=obj[records.RECIPIENTS])
            for d in documents]
    attached = [*records.check_refs(store, evidence, "findings"), *(d["id"] for d in docs)]
    changes = _changes(obj, move, at, findings, reason, attached)
    step = records.entry(principal, at, move.action, state=move.target, deadline=obj["deadline"],
                         evidence_refs=attached, note=note or reason)
    new = records.changed(obj, at, step, state=move.target, **changes)
    records.save(store, [*docs, new], principal)
    return new


def _check_source(obj: dict[str, Any], move: Move) -> None:
    state = obj["state"]
    if state in move.sources:
        return
    if move.action == "close":
        raise Invalid(f"request '{obj['name']}' is {state}; it can be closed only once it is "
                      "answered, with findings (the requested party answers with `jirga "
                      "request answer`)")
    raise Invalid(f"request '{obj['name']}' is {state}; '{move.action}' applies only to a "
                  f"request that is {' or '.join(move.sources)}")


def _changes(obj: dict[str, Any], move: Move, at: str, findings: str | None,
             reason: str | None, attached: list[str]) -> dict[str, Any]:
    if move.action == "answer":
        if not (findings or "").strip():
            raise Invalid(f"answering request '{obj['name']}' needs the findings (--findings "
                          "TEXT), with any documents attached (--document TITLE)")
        return {"findings": findings.strip() if findings else None, "answered": at[:10],
                "findings_refs": attached or None}
    if move.action == "decline":
        if not (reason or "").strip():
            raise Invalid(f"declining request '{obj['name']}' needs a reason (--reason TEXT)")
        return {"reason": reason.strip() if reason else None}
    return {}
