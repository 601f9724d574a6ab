"""The dashboard's figures for one reader: incidents and killed by month, province and group
over a period, the latest incidents, the review queue, what is overdue, sync and trust status.

Every figure goes through the reader's visibility; the incident figures carry their scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from jirga.analytics.scope import Scope
from jirga.analytics.stats import StatsTable, stats_by
from jirga.incidents.filters import period_end, period_start
from jirga.incidents.register import list_incidents
from jirga.sharing import peers
from jirga.store import Store, Visibility
from jirga.store import review as review_table
from jirga.store import summaries as summary_sql
from jirga.store.incidents import IncidentFilter
from jirga.summaries.memo import Memo, remembered
from jirga.workflows import dates, reminders

DEFAULT_YEARS = 5
ACCEPTED = ("accepted",)


@dataclass(frozen=True)
class PeerStatus:
    name: str
    party: str
    last_sync: str | None
    failing: bool
    error: str | None  # shown to this node's own party only


@dataclass
class Dashboard:
    scope: Scope
    monthly: StatsTable
    provinces: StatsTable
    groups: StatsTable
    latest: list[dict[str, Any]]
    queue: dict[str, int]
    overdue: list[reminders.Item]
    peers: list[PeerStatus]
    as_of: date
    levels: set[str]
    extras: dict[str, Any] = field(default_factory=dict)


def default_period(today: date) -> tuple[str, str]:
    """From the first day of the month five years back to the end of this month."""
    return f"{today.year - DEFAULT_YEARS}-{today.month:02d}-01", period_end(
        f"{today.year}-{today.month:02d}", "--to")


def incident_scope(date_from: str | None, date_to: str | None, reader: str,
                   today: date) -> Scope:
    """Accepted incidents in a period (month or day precision) the reader gives or the default."""
    first, last = default_period(today)
    start = period_start(date_from, "from") if date_from else first
    end = period_end(date_to, "to") if date_to else last
    return Scope(IncidentFilter(date_from=start, date_to=end, statuses=ACCEPTED), reader)


def build(store: Store, visibility: Visibility, *, reader: str, home_party: bool,
          default_tlp: str, date_from: str | None = None, date_to: str | None = None,
          today: date | None = None, memo: Memo | None = None) -> Dashboard:
    day = today or dates.today()
    scope = incident_scope(date_from, date_to, reader, day)
    latest = list_incidents(store, IncidentFilter(statuses=ACCEPTED), visibility=visibility,
                            limit=8)

    def figures() -> tuple[StatsTable, StatsTable, StatsTable, set[str]]:
        return (stats_by(store, "month", scope, visibility=visibility),
                stats_by(store, "province", scope, visibility=visibility),
                stats_by(store, "perpetrator", scope, visibility=visibility),
                summary_sql.incident_levels(store.db, scope.flt, visibility=visibility,
                                            default_tlp=default_tlp))

    monthly, by_province, by_group, levels = remembered(
        memo, store, visibility, ("dashboard", scope.flt, reader, default_tlp), figures)
    return Dashboard(
        scope=scope, monthly=monthly, provinces=by_province, groups=by_group,
        latest=latest.rows,
        queue=review_table.counts(store, visibility=visibility),
        overdue=reminders.overdue(store, visibility, as_of=day.isoformat()),
        peers=peer_status(store, home_party=home_party),
        as_of=day, levels=levels)


def peer_status(store: Store, *, home_party: bool) -> list[PeerStatus]:
    """Each peer's last sync; the error text only for the node's own party (it may name hosts)."""
    return [PeerStatus(p.name, p.party_code, p.last_sync_at, bool(p.last_error),
                       p.last_error if home_party else None)
            for p in peers.list_peers(store)]
