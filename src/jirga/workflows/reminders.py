"""What is late and what is coming due: `jirga overdue` and `jirga reminders`.

Both read the state as of a date (see `timeline`), so yesterday's list can be reproduced. An
item is a request still open (requested, acknowledged, in progress) or a commitment neither
full, dropped nor superseded; overdue once its deadline has passed, a reminder when the
deadline falls within the window ahead. Each item names who is to act and any open dispute.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from jirga.errors import Invalid
from jirga.store import Store, Visibility
from jirga.workflows import actors, dates, disputes, timeline
from jirga.workflows.commitments import CLOSED
from jirga.workflows.requests import OPEN


@dataclass(frozen=True)
class Item:
    kind: str  # request | commitment
    id: str
    name: str
    deadline: date
    days: int  # days past the deadline (overdue) or left until it (reminders)
    state: str
    owed_by: tuple[str, ...]  # party codes expected to act
    disputed: bool

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["deadline"] = self.deadline.isoformat()
        out["owed_by"] = list(self.owed_by)
        return out


def overdue(store: Store, visibility: Visibility, *, as_of: str,
            party: str | None = None) -> list[Item]:
    """Open requests and unmet commitments whose deadline passed before the as-of day."""
    day = dates.parse_date(as_of, "--as-of")
    return [i for i in _open_items(store, visibility, day, party) if i.deadline < day]


def reminders(store: Store, visibility: Visibility, *, as_of: str, within: str = "7d",
              party: str | None = None) -> list[Item]:
    """Open items due from the as-of day to `within` after it, soonest first."""
    day = dates.parse_date(as_of, "--as-of")
    window = dates.parse_duration(within)
    last = window.after(day)
    if last < day:
        raise Invalid(f"--within {within} must look ahead")
    items = [i for i in _open_items(store, visibility, day, party) if day <= i.deadline <= last]
    return [_ahead(i, day) for i in items]


def _ahead(item: Item, day: date) -> Item:
    return Item(item.kind, item.id, item.name, item.deadline, (item.deadline - day).days,
                item.state, item.owed_by, item.disputed)


def _open_items(store: Store, visibility: Visibility, day: date,
                party: str | None) -> list[Item]:
    codes = actors.party_codes(store)
    who = actors.party_ref(store, party) if party else None
    requests = timeline.requests(store, visibility, day)
    commitments = timeline.commitments(store, visibility, day)
    disputed = {r["record_ref"] for r in disputes.open_disputes(store, visibility, None,
                                                                dates.end_key(day))}
    items: list[Item] = []
    for r in requests:
        if r.state in OPEN and (who is None or who == r.to_ref):
            items.append(Item("request", r.id, r.name, r.deadline, (day - r.deadline).days,
                              r.state, (codes.get(r.to_ref, r.to_ref),), r.id in disputed))
    for c in commitments:
        if c.status not in (*CLOSED, "full") and (who is None or who in c.responsible):
            items.append(Item("commitment", c.id, c.name, c.deadline, (day - c.deadline).days,
                              c.status, tuple(sorted(codes.get(p, p) for p in c.responsible)),
                              c.id in disputed))
    return sorted(items, key=lambda i: (i.deadline, i.kind, i.name))
