"""Trust alarms: what an administrator must look at (a forked or truncated peer log, a failed
`jirga verify`, forged objects from a peer). Raised by the trust layer, listed and acknowledged
by admins (`jirga alarms`, `/trust/alarms`); the web pages show the open ones."""

from __future__ import annotations

from typing import Any

import orjson

from jirga.errors import NotFound
from jirga.store import Store
from jirga.store import trust as rows
from jirga.store.trust import Alarm

KINDS = {
    "peer-fork": "a peer showed two different tree heads at one size",
    "peer-truncated": "a peer's log is shorter than a head it showed before",
    "peer-inconsistent": "a peer's new head does not extend the last one seen (history rewritten)",
    "peer-bad-head": "a peer's tree head is not signed by a key of that peer",
    "forged-objects": "objects from a peer failed signature checks and were rejected",
    "verify-failed": "`jirga verify` found mismatches in this node's store or log",
}


def raise_alarm(store: Store, kind: str, subject: str | None, message: str,
                details: Any = None) -> int:
    """Record an alarm. Call it outside the failing work's transaction, so that the alarm
    outlives that work's rollback."""
    text = orjson.dumps(details).decode() if details is not None else None
    return rows.add_alarm(store.db, kind, subject, message, text)


def open_alarms(store: Store, *, include_acknowledged: bool = False) -> list[Alarm]:
    return rows.alarms(store.db, include_acknowledged=include_acknowledged)


def acknowledge(store: Store, alarm_id: int, by: str) -> None:
    if not rows.acknowledge_alarm(store.db, alarm_id, by):
        raise NotFound(f"no open alarm #{alarm_id}; `jirga alarms list` shows the open ones")


def as_dict(alarm: Alarm) -> dict[str, Any]:
    return {"id": alarm.id, "raised_at": alarm.raised_at, "kind": alarm.kind,
            "subject": alarm.subject, "message": alarm.message,
            "details": orjson.loads(alarm.details) if alarm.details else None,
            "acknowledged_at": alarm.acknowledged_at, "acknowledged_by": alarm.acknowledged_by}
