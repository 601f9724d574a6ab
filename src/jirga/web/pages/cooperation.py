"""Cooperation: assistance requests (inbox and outbox), commitments on a board by status,
agreements, meetings, what is overdue, and the scorecard with its charts.

Every record is read through `workflows.views` with the reader's visibility; what the reader may
not see answers 404 like a record that does not exist.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import Query, Request
from fastapi.responses import RedirectResponse, Response

from jirga.model import tlp, vocab
from jirga.sharing import parties
from jirga.sharing.principal import Principal
from jirga.summaries import charts, figures
from jirga.web import auth, deps
from jirga.web import views as page_views
from jirga.workflows import dates, reminders, scorecard, views
from jirga.workflows.requests import MOVES, OPEN

SECTIONS = [("/cooperation/requests", "Requests"), ("/cooperation/commitments", "Commitments"),
            ("/cooperation/agreements", "Agreements"), ("/cooperation/meetings", "Meetings"),
            ("/cooperation/overdue", "Overdue"), ("/cooperation/scorecard", "Scorecard")]
BOARD = ("not-started", "minimal", "intermediate", "full")


def home(request: Request) -> Response:
    return RedirectResponse("/cooperation/requests", status_code=303)


def _days_late(deadline: str | None, today: date) -> int | None:
    return (today - date.fromisoformat(deadline)).days if deadline else None


def _context(request: Request, **values: Any) -> dict[str, Any]:
    return {"sections": SECTIONS, "today": dates.today(), **values}


def requests_page(request: Request) -> Response:
    principal = auth.principal(request)
    rows = views.listing(deps.store(request), deps.visibility(request), "assistance-request")
    today = dates.today()
    for row in rows:
        row["days_late"] = _days_late(row["deadline"], today) if row["state"] in OPEN else None
    mine = principal.party_code

    def side(row: dict[str, Any], role: str) -> bool:
        return mine in row["parties"].get(role, [])

    return page_views.render(request, "coop_requests.html", _context(
        request, inbox=[r for r in rows if side(r, "to")],
        outbox=[r for r in rows if side(r, "from")],
        others=[r for r in rows if not side(r, "to") and not side(r, "from")],
        levels=[r["tlp"] for r in rows]))


def request_page(request: Request, record_id: str) -> Response:
    principal = auth.principal(request)
    shown = views.detail(deps.store(request), deps.visibility(request), "assistance-request",
                         record_id)
    return page_views.render(request, "coop_request.html", _context(
        request, r=shown, moves=_moves(shown, principal), tlp=_level(request, shown),
        days_late=_days_late(shown["deadline"], dates.today())
        if shown["state"] in OPEN else None,
        may_dispute=principal.party_code in (shown["from_ref"], shown["to_ref"])
        and principal.role in page_views.ACTING_ROLES))


def _moves(shown: dict[str, Any], principal: Principal) -> list[str]:
    """The transitions this user's party may make now (the service checks again)."""
    if principal.role not in page_views.ACTING_ROLES:
        return []
    sides = {"to": shown["to_ref"], "from": shown["from_ref"]}
    return [m.action for m in MOVES.values()
            if shown["state"] in m.sources and sides[m.side] == principal.party_code]


def _level(request: Request, shown: dict[str, Any]) -> str:
    return tlp.level_of(shown) or deps.settings(request).default_tlp


def new_request_page(request: Request, incident: str | None = None) -> Response:
    principal = auth.principal(request)
    others = [p for p in parties.list_parties(deps.store(request))
              if p.code != principal.party_code]
    return page_views.render(request, "coop_request_new.html", _context(
        request, others=others, asks=vocab.REQUEST_ASKS, incident=incident or "",
        levels=tlp.LEVELS, default_days=deps.settings(request).request_deadline_days,
        values={}, error=None))


def commitments_page(request: Request) -> Response:
    rows = views.listing(deps.store(request), deps.visibility(request), "commitment")
    today = dates.today()
    for row in rows:
        done = row["state"] in ("full", "dropped", "superseded")
        row["days_late"] = None if done else _days_late(row["deadline"], today)
    columns = [(state, vocab.COMMITMENT_STATUS[state], [r for r in rows if r["state"] == state])
               for state in BOARD]
    closed = [r for r in rows if r["state"] not in BOARD]
    return page_views.render(request, "coop_board.html", _context(
        request, columns=columns, closed=closed, levels=[r["tlp"] for r in rows],
        late=sum(1 for r in rows if (r["days_late"] or 0) > 0)))


def commitment_page(request: Request, record_id: str) -> Response:
    principal = auth.principal(request)
    store, vis = deps.store(request), deps.visibility(request)
    shown = views.detail(store, vis, "commitment", record_id)
    agreement = views.detail(store, vis, "agreement", shown["agreement_ref"])
    acting = principal.role in page_views.ACTING_ROLES and \
        principal.party_code in (agreement.get("party_refs") or [])
    return page_views.render(request, "coop_commitment.html", _context(
        request, c=shown, agreement=agreement, tlp=_level(request, shown), may_act=acting,
        statuses=[s for s in BOARD if s != shown.get("status")],
        days_late=_days_late(shown["deadline"], dates.today())
        if shown.get("status") in BOARD[:3] else None))


def agreements_page(request: Request) -> Response:
    rows = views.listing(deps.store(request), deps.visibility(request), "agreement")
    return page_views.render(request, "coop_list.html", _context(
        request, rows=rows, kind="agreements", title="Agreements",
        levels=[r["tlp"] for r in rows]))


def agreement_page(request: Request, record_id: str) -> Response:
    shown = views.detail(deps.store(request), deps.visibility(request), "agreement", record_id)
    today = dates.today()
    for row in shown["commitments"]:
        row["days_late"] = None if row["state"] in ("full", "dropped", "superseded") \
            else _days_late(row["deadline"], today)
    return page_views.render(request, "coop_agreement.html", _context(
        request, a=shown, tlp=_level(request, shown)))


def meetings_page(request: Request) -> Response:
    rows = views.listing(deps.store(request), deps.visibility(request), "meeting")
    return page_views.render(request, "coop_list.html", _context(
        request, rows=rows, kind="meetings", title="Meetings", levels=[r["tlp"] for r in rows]))


def meeting_page(request: Request, record_id: str) -> Response:
    shown = views.detail(deps.store(request), deps.visibility(request), "meeting", record_id)
    return page_views.render(request, "coop_meeting.html", _context(
        request, m=shown, tlp=_level(request, shown)))


def overdue_page(request: Request, as_of: str | None = Query(default=None),
                 within: str = Query(default="14d")) -> Response:
    store, vis = deps.store(request), deps.visibility(request)
    day = as_of or dates.today().isoformat()
    return page_views.render(request, "coop_overdue.html", _context(
        request, as_of=day, within=within,
        overdue=reminders.overdue(store, vis, as_of=day),
        coming=reminders.reminders(store, vis, as_of=day, within=within)))


def scorecard_page(request: Request, as_of: str | None = Query(default=None),
                   since: str | None = Query(default=None, alias="from")) -> Response:
    settings = deps.settings(request)
    store, vis = deps.store(request), deps.visibility(request)
    day = as_of or dates.today().isoformat()
    card = page_views.memo(request).get(
        store, vis, ("scorecard", day, since, settings.default_tlp),
        lambda: scorecard.scorecard(store, vis, as_of=day, since=since or None,
                                    default_tlp=settings.default_tlp))
    return page_views.render(request, "coop_scorecard.html", _context(
        request, card=card, as_of=as_of or "", since=since or "",
        score_rows=figures.scorecard_rows(card),
        request_svg=charts.request_chart(card) if card.parties else "",
        commitment_svg=charts.commitment_chart(card) if card.parties else "",
        reader=auth.principal(request).label))
