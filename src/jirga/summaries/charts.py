"""Charts as SVG text for pages and briefings: the register's incident charts
(`analytics.charts`) and the cooperation scorecard's, rendered by vl-convert without a browser.

Pages give a chart its title and scope in HTML (a heading and a caption a screen reader reads),
so `svg` drops the Vega-Lite title. Rendering costs tens of milliseconds, so the SVG of each
spec is kept in a small cache: a page asked again with the same figures renders nothing.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import altair as alt
import orjson

from jirga.analytics import charts as incident_charts
from jirga.analytics.stats import StatsTable
from jirga.workflows.scorecard import Scorecard

WIDTH = 560
REQUEST_PARTS = {"answered on time": "#1a6b35", "answered late": "#f58518",
                 "declined": "#7a7a7a", "open, not yet due": "#4c78a8", "overdue": "#b42318"}
STATUS_COLOURS = {"not-started": "#b42318", "minimal": "#f58518", "intermediate": "#4c78a8",
                  "full": "#1a6b35"}


def svg(spec: dict[str, Any]) -> str:
    """The SVG of a Vega-Lite spec, without its title (the page gives it)."""
    plain = {k: v for k, v in spec.items() if k != "title"}
    return _render(orjson.dumps(plain, option=orjson.OPT_SORT_KEYS).decode())


@lru_cache(maxsize=256)
def _render(spec_json: str) -> str:
    return incident_charts.render(orjson.loads(spec_json), "svg").decode()


class _Figures:
    """A stats table, hashed and compared by the figures and scope it shows (for the cache)."""

    def __init__(self, table: StatsTable) -> None:
        self.table = table
        self.key = orjson.dumps([table.rows, table.scope.describe()])

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Figures) and other.key == self.key


def incidents_chart(table: StatsTable, kind: str, measure: str = "incidents", top: int = 12,
                    width: int = WIDTH) -> str:
    """monthly, by-province or by-group, as the register draws them, `width` pixels wide.
    Building the spec with altair costs more than drawing it, so the SVG is kept by the
    figures it shows."""
    return _incidents_svg(_Figures(table), kind, measure, top, width)


@lru_cache(maxsize=256)
def _incidents_svg(figures: _Figures, kind: str, measure: str, top: int, width: int) -> str:
    spec = incident_charts.chart_spec(figures.table, incident_charts.KINDS[kind](), measure, top)
    return svg({**spec, "width": width})


def request_chart(card: Scorecard) -> str:
    """Per party, the requests it received: answered on time or late, declined, open, overdue."""
    rows = []
    for p in card.parties:
        r = p.requests
        late = r.answered - r.answered_on_time
        counts = {"answered on time": r.answered_on_time, "answered late": late,
                  "declined": r.declined, "open, not yet due": r.open - r.overdue,
                  "overdue": r.overdue}
        rows += [{"party": p.party, "part": k, "n": n, "order": i}
                 for i, (k, n) in enumerate(counts.items())]
    return _stacked(rows, "requests received", REQUEST_PARTS)


def commitment_chart(card: Scorecard) -> str:
    """Per party, its commitments by their status on the as-of day."""
    rows = [{"party": p.party, "part": status, "n": n, "order": i}
            for p in card.parties
            for i, (status, n) in enumerate(p.commitments.status.items())]
    return _stacked(rows, "commitments", STATUS_COLOURS)


def _stacked(rows: list[dict[str, Any]], title: str, colours: dict[str, str]) -> str:
    totals: dict[str, int] = {}
    for row in rows:
        totals[row["party"]] = totals.get(row["party"], 0) + row["n"]
    most = max(totals.values(), default=0)
    if most == 0:
        return ""  # nothing to draw; the page says so
    ticks = alt.Axis(format="d", values=list(range(most + 1))) if most <= 12 else \
        alt.Axis(format="d", tickMinStep=1)
    chart = alt.Chart(alt.Data(values=rows)).mark_bar().encode(
        y=alt.Y("party:N", title=None),
        x=alt.X("sum(n):Q", title=title, axis=ticks),
        color=alt.Color("part:N", title=None, sort=list(colours),
                        scale=alt.Scale(domain=list(colours), range=list(colours.values())),
                        legend=alt.Legend(orient="bottom", columns=3)),
        order=alt.Order("order:Q"),
        tooltip=["party:N", "part:N", "n:Q"],
    ).properties(width=WIDTH - 120, height=max(60, 34 * len({r["party"] for r in rows})))
    return svg(chart.to_dict(validate=False))
