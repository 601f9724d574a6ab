"""The briefing for a period: a form, the briefing as HTML, and the same as a PDF download."""

from __future__ import annotations

import dataclasses
from datetime import date

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from jirga.model import tlp
from jirga.model.timestamps import now
from jirga.summaries import briefing
from jirga.web import auth, deps, views


def _default_period(today: date) -> tuple[str, str]:
    """The last twelve whole months."""
    end_year, end_month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    start_year, start_month = (end_year - 1, end_month + 1) if end_month < 12 else (end_year, 1)
    return f"{start_year}-{start_month:02d}", f"{end_year}-{end_month:02d}"


def form(request: Request) -> Response:
    first, last = _default_period(date.today())
    return views.render(request, "briefing_form.html", {"first": first, "last": last,
                                                        "levels": tlp.LEVELS})


def _build(request: Request, first: str, last: str, country: str | None,
           level: str) -> briefing.Briefing:
    store, vis = deps.store(request), deps.visibility(request)
    period = briefing.Period.parse(first, last)
    kept = views.memo(request).get(
        store, vis, ("briefing", period, country or None, level, date.today()),
        lambda: briefing.build(store, deps.settings(request), auth.principal(request), vis,
                               period=period, country=country or None, level=level))
    return dataclasses.replace(kept, prepared_at=now()[:16])


async def view(request: Request, first: str = Query(alias="from"), last: str = Query(alias="to"),
               country: str | None = Query(default=None),
               marking: str = Query(default="clear")) -> Response:
    brief = await run_in_threadpool(_build, request, first, last, country, marking)
    return HTMLResponse(briefing.render_html(brief))


async def pdf(request: Request, first: str = Query(alias="from"), last: str = Query(alias="to"),
              country: str | None = Query(default=None),
              marking: str = Query(default="clear")) -> Response:
    brief = await run_in_threadpool(_build, request, first, last, country, marking)
    data = await run_in_threadpool(briefing.render_pdf, briefing.render_html(brief))
    name = f"jirga-briefing-{first}-to-{last}-TLP-{brief.marking.upper().replace('+', '-')}.pdf"
    return Response(data, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
