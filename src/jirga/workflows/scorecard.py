"""The cooperation scorecard: per party and period, as of an explicit date.

Every figure counts only changes dated on or before the as-of day, so the same command gives the
same answer tomorrow. Definitions (docs/cooperation.md repeats them for readers):

- requests received / sent: requests made to / by the party on a day in the period.
- answered: received requests answered (findings given) by the as-of day; on time when the
  answer came on or before the deadline; on-time % = on time / answered; median days from the
  request to the answer, over answered requests. declined, open and overdue (open past the
  deadline) complete the picture.
- commitments due: the party's commitments (joint ones count for each party) whose deadline,
  as it stood on the as-of day, falls in the period, unless dropped or superseded by then;
  met: due and at `full`; met on time: reached `full` on or before the deadline; overdue: due,
  not `full`, and the deadline has passed.
- status progress: for the party's commitments still open or met, the Peace Accords Matrix
  level at the start of the period (not started for those made since) against the level on the
  as-of day: how many advanced, regressed or stayed, and the net number of levels gained.
- intelligence shared: objects the party created in the period, by TLP level.
- open disputes: disputes open on the as-of day, raised by the party and against statuses it
  asserted.
"""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from jirga.errors import Invalid
from jirga.model import timestamps, tlp
from jirga.model.cooperation import RECORD_TYPES
from jirga.sharing.parties import list_parties
from jirga.store import Store, Visibility
from jirga.store import workflows as sql
from jirga.workflows import actors, dates, disputes, timeline
from jirga.workflows.commitments import CLOSED, RANK, SCALE
from jirga.workflows.requests import OPEN

NOT_INTELLIGENCE = (*RECORD_TYPES, "opinion", "identity", "marking-definition",
                    "extension-definition")


@dataclass
class RequestFigures:
    received: int = 0
    answered: int = 0
    answered_on_time: int = 0
    on_time_pct: float | None = None
    median_days_to_answer: float | None = None
    declined: int = 0
    open: int = 0
    overdue: int = 0
    sent: int = 0


@dataclass
class CommitmentFigures:
    due: int = 0
    met: int = 0
    met_on_time: int = 0
    overdue: int = 0
    not_yet_due: int = 0
    dropped_or_superseded: int = 0
    status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SCALE, 0))
    advanced: int = 0
    regressed: int = 0
    unchanged: int = 0
    levels_gained: int = 0


@dataclass
class PartyScore:
    party: str
    name: str
    requests: RequestFigures
    commitments: CommitmentFigures
    shared_by_tlp: dict[str, int]
    disputes_raised_open: int
    disputes_against_open: int


@dataclass
class Scorecard:
    as_of: date
    since: date | None
    parties: list[PartyScore]

    def as_dict(self) -> dict[str, Any]:
        return {"as_of": self.as_of.isoformat(),
                "from": self.since.isoformat() if self.since else None,
                "parties": [asdict(p) for p in self.parties]}


def scorecard(store: Store, visibility: Visibility, *, as_of: str, since: str | None = None,
              party: str | None = None, default_tlp: str = "amber") -> Scorecard:
    """The scorecard of one party (a code) or of every registered party."""
    end = dates.parse_date(as_of, "--as-of")
    start = dates.parse_date(since, "--from") if since else None
    if start and start > end:
        raise Invalid(f"--from {start} is after --as-of {end}; the period runs from --from to "
                      "--as-of")
    chosen = [p for p in list_parties(store) if party is None or p.code == party.upper()]
    if party and not chosen:
        actors.party_ref(store, party)  # raises NotFound with the fix
    commitments = timeline.commitments(store, visibility, end, start)
    requests = timeline.requests(store, visibility, end)
    open_rows = disputes.open_disputes(store, visibility, None, dates.end_key(end))
    return Scorecard(end, start, [
        PartyScore(
            party=p.code, name=p.name,
            requests=request_figures(requests, p.identity_id, start, end),
            commitments=commitment_figures(commitments, p.identity_id, start, end),
            shared_by_tlp=_shared(store, visibility, p.identity_id, start, end, default_tlp),
            disputes_raised_open=sum(r["created_by_ref"] == p.identity_id for r in open_rows),
            disputes_against_open=sum(r["asserted_by_ref"] == p.identity_id for r in open_rows))
        for p in chosen])


def _in(day: date, start: date | None, end: date) -> bool:
    return (start is None or day >= start) and day <= end


def request_figures(requests: list[timeline.RequestState], party: str, start: date | None,
                    end: date) -> RequestFigures:
    out = RequestFigures()
    received = [r for r in requests if r.to_ref == party and _in(r.requested, start, end)]
    out.sent = sum(r.from_ref == party and _in(r.requested, start, end) for r in requests)
    out.received = len(received)
    answered = [r for r in received if r.answered is not None]
    out.answered = len(answered)
    out.answered_on_time = sum(r.answered is not None and r.answered <= r.deadline
                               for r in answered)
    if answered:
        out.on_time_pct = round(100 * out.answered_on_time / len(answered), 1)
        out.median_days_to_answer = float(statistics.median(
            (r.answered - r.requested).days for r in answered if r.answered is not None))
    out.declined = sum(r.state == "declined" for r in received)
    out.open = sum(r.state in OPEN for r in received)
    out.overdue = sum(r.state in OPEN and r.deadline < end for r in received)
    return out


def commitment_figures(commitments: list[timeline.CommitmentState], party: str,
                       start: date | None, end: date) -> CommitmentFigures:
    out = CommitmentFigures()
    mine = [c for c in commitments if party in c.responsible]
    for c in mine:
        if c.status in CLOSED:
            out.dropped_or_superseded += _in(c.status_day, start, end)
            continue
        out.status[c.status] += 1
        gained = RANK[c.status] - RANK.get(c.status_at_start, 0)
        out.levels_gained += gained
        out.advanced += gained > 0
        out.regressed += gained < 0
        out.unchanged += gained == 0
        if c.deadline > end:
            out.not_yet_due += 1
        elif _in(c.deadline, start, end):
            out.due += 1
            full = c.status == "full"
            out.met += full
            out.met_on_time += full and c.full_since is not None and c.full_since <= c.deadline
            out.overdue += not full and c.deadline < end
    return out


def _shared(store: Store, visibility: Visibility, party: str, start: date | None, end: date,
            default_tlp: str) -> dict[str, int]:
    since = timestamps.version_key(dates.start_of(start)) if start else None
    counts = sql.shared_by_tlp(store.db, visibility, party, since=since,
                               before=dates.end_key(end), default_tlp=default_tlp,
                               exclude_types=NOT_INTELLIGENCE)
    return {level: counts.get(level, 0) for level in tlp.LEVELS}
