"""The dashboard: the situation at a glance for the signed-in reader."""

from __future__ import annotations

from fastapi import Query, Request
from fastapi.responses import Response

from jirga.summaries import charts, dashboard, trust_status
from jirga.web import auth, deps, views

MONTH_COLUMNS = [("Month", "key"), ("Incidents", "incidents"), ("Killed", "killed"),
                 ("Injured", "injured")]


def page(request: Request, date_from: str | None = Query(default=None, alias="from"),
         date_to: str | None = Query(default=None, alias="to")) -> Response:
    principal = auth.principal(request)
    settings = deps.settings(request)
    board = dashboard.build(deps.store(request), deps.visibility(request), reader=principal.label,
                            home_party=principal.party_code == settings.party,
                            default_tlp=settings.default_tlp, memo=views.memo(request),
                            date_from=date_from or None, date_to=date_to or None)
    trust = trust_status.status(deps.store(request), node_party=settings.party)
    return views.render(request, "dashboard.html", {
        "trust": trust,
        "board": board, "date_from": date_from or "", "date_to": date_to or "",
        "monthly_svg": charts.incidents_chart(board.monthly, "monthly", "killed",
                                               width=1000),
        "province_svg": charts.incidents_chart(board.provinces, "by-province", "incidents"),
        "group_svg": charts.incidents_chart(board.groups, "by-group", "incidents"),
        "month_columns": MONTH_COLUMNS,
        "rank_columns": [("", "key"), *MONTH_COLUMNS[1:]],
        "levels": [*board.levels, *(r.get("tlp") or settings.default_tlp for r in board.latest)],
    })
