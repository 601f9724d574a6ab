"""The state of every commitment and request as of a date, from the dated transitions.

Only changes dated on or before the as-of day count — the same changes the versions existing
then hold — so a scorecard or an overdue list for a past date comes out the same whenever it is
computed. Reads the `workflows` projection through the reader's visibility.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby, pairwise
from typing import Any

from jirga.model import timestamps
from jirga.store import Store, Visibility
from jirga.store import workflows as sql
from jirga.workflows import dates


@dataclass(frozen=True)
class CommitmentState:
    id: str
    name: str
    agreement_ref: str | None
    responsible: tuple[str, ...]
    created: date
    status: str
    status_day: date
    deadline: date
    full_since: date | None  # the day it last reached full, when full
    status_at_start: str  # status when the period began (not-started if created since)


@dataclass(frozen=True)
class RequestState:
    id: str
    name: str
    from_ref: str
    to_ref: str
    requested: date
    deadline: date
    state: str
    answered: date | None
    declined: date | None
    closed: date | None


def commitments(store: Store, visibility: Visibility, as_of: date,
                since: date | None = None) -> list[CommitmentState]:
    names = _names(store, visibility, "commitment")
    parties = sql.parties_of(store.db, list(names))
    start = timestamps.version_key(dates.start_of(since)) if since else None
    out: list[CommitmentState] = []
    for oid, steps in _by_record(store, visibility, "commitment", as_of):
        record = names.get(oid)
        if record is None:
            continue
        last = steps[-1]
        before = [s for s in steps if start is not None and s["at"] < start]
        out.append(CommitmentState(
            id=oid, name=record["name"], agreement_ref=record["agreement_ref"],
            responsible=tuple(r for r, role in parties.get(oid, []) if role == "responsible"),
            created=_day(steps[0]), status=last["state"], status_day=_status_day(steps),
            deadline=date.fromisoformat(last["deadline"]), full_since=_full_since(steps),
            status_at_start=before[-1]["state"] if before else "not-started"))
    return out


def requests(store: Store, visibility: Visibility, as_of: date) -> list[RequestState]:
    before = (as_of + timedelta(days=1)).isoformat()
    out: list[RequestState] = []
    for (oid, name, from_ref, to_ref, deadline, requested, acknowledged, started, answered,
         declined, closed) in sql.request_states(store.db, visibility, before):
        state = ("closed" if closed else "declined" if declined else "answered" if answered
                 else "in-progress" if started else "acknowledged" if acknowledged
                 else "requested")
        out.append(RequestState(oid, name, from_ref or "", to_ref or "",
                                date.fromisoformat(requested), date.fromisoformat(deadline),
                                state, _opt(answered), _opt(declined), _opt(closed)))
    return out


def _opt(day: str | None) -> date | None:
    return date.fromisoformat(day) if day else None


def _names(store: Store, visibility: Visibility, record_type: str) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in sql.records(store.db, visibility, record_type)}


def _by_record(store: Store, visibility: Visibility, record_type: str,
               as_of: date) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    rows = sql.transitions(store.db, visibility, record_type, dates.end_key(as_of))
    for oid, steps in groupby(rows, key=lambda r: r["id"]):
        yield oid, list(steps)


def _day(step: dict[str, Any]) -> date:
    return date.fromisoformat(step["day"])


def _status_day(steps: list[dict[str, Any]]) -> date:
    """The day the current status was reached (later steps that kept it do not count)."""
    day = _day(steps[0])
    for previous, step in pairwise(steps):
        if step["state"] != previous["state"]:
            day = _day(step)
    return day


def _full_since(steps: list[dict[str, Any]]) -> date | None:
    if steps[-1]["state"] != "full":
        return None
    return _status_day(steps)

