"""Charts a briefing needs, drawn from the same tables `jirga stats` prints.

Vega-Lite specs built with altair, rendered to SVG or PNG by vl-convert (no browser, no
network: the data is inline). Each chart carries its scope as a subtitle, so a chart pasted
into a briefing still says what it counted.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any, ClassVar

import altair as alt

from jirga.analytics.scope import Scope
from jirga.analytics.stats import MEASURES, StatsTable, stats_by
from jirga.errors import Invalid
from jirga.store import Store
from jirga.store.visibility import Visibility

FORMATS = ("svg", "png")
WIDTH = 640
COLOURS = {"incidents": "#4c78a8", "killed": "#e45756", "injured": "#f58518"}


class ChartKind(ABC):
    """One kind of chart: the dimension it counts by and how it draws."""

    name: ClassVar[str] = ""
    by: ClassVar[str] = ""
    title: ClassVar[str] = ""

    @abstractmethod
    def draw(self, data: list[dict[str, Any]], measure: str) -> alt.Chart:
        """The chart of the rows, before title and size."""


class MonthlyChart(ChartKind):
    name = "monthly"
    by = "month"
    title = "Incidents and {measure} by month"

    def draw(self, data: list[dict[str, Any]], measure: str) -> alt.Chart:
        base = alt.Chart(alt.Data(values=data)).encode(
            x=alt.X("key:O", title="month", axis=alt.Axis(labelAngle=-45)))
        bars = base.mark_bar(color=COLOURS["incidents"]).encode(
            y=alt.Y("incidents:Q", title="incidents", axis=_counts()), tooltip=["key:O", *_tips()])
        if measure == "incidents":
            return bars
        line = base.mark_line(color=COLOURS[measure],
                              point=alt.OverlayMarkDef(color=COLOURS[measure])).encode(
            y=alt.Y(f"{measure}:Q", title=measure, axis=_counts()))
        return alt.layer(bars, line).resolve_scale(y="independent")


class RankedChart(ChartKind):
    """Horizontal bars, largest first."""

    def draw(self, data: list[dict[str, Any]], measure: str) -> alt.Chart:
        return alt.Chart(alt.Data(values=data)).mark_bar(color=COLOURS[measure]).encode(
            y=alt.Y("key:N", sort="-x", title=None),
            x=alt.X(f"{measure}:Q", title=measure, axis=_counts()), tooltip=["key:N", *_tips()])


class ProvinceChart(RankedChart):
    name = "by-province"
    by = "province"
    title = "{measure} by province"


class GroupChart(RankedChart):
    name = "by-group"
    by = "perpetrator"
    title = "{measure} by group"


KINDS: dict[str, type[ChartKind]] = {k.name: k for k in (MonthlyChart, ProvinceChart, GroupChart)}


def _counts() -> alt.Axis:
    """Whole numbers only: there is no half an incident."""
    return alt.Axis(tickMinStep=1, format="d")


def _tips() -> list[str]:
    return [f"{m}:Q" for m in MEASURES]


def chart_spec(table: StatsTable, kind: ChartKind, measure: str, top: int = 20) -> dict[str, Any]:
    """The Vega-Lite spec of a chart of the table (ranked charts keep the `top` rows)."""
    if measure not in MEASURES:
        raise Invalid(f"--measure '{measure}' is not one of {', '.join(MEASURES)}")
    data = table.rows if kind.by == "month" else \
        sorted(table.rows, key=lambda r: -r[measure])[:top]
    height = 320 if kind.by == "month" else max(120, 22 * len(data))
    chart = kind.draw(data, measure).properties(
        width=WIDTH, height=height,
        title=alt.TitleParams(kind.title.format(measure=measure).capitalize(),
                              subtitle=_wrap(table.scope.describe()), anchor="start"))
    return chart.to_dict()


def _wrap(text: str, width: int = 110) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line]


def render(spec: dict[str, Any], fmt: str) -> bytes:
    """SVG or PNG bytes of a Vega-Lite spec, rendered without a browser."""
    import vl_convert as vlc

    if fmt == "svg":
        return vlc.vegalite_to_svg(spec).encode()
    if fmt == "png":
        return vlc.vegalite_to_png(spec, scale=2)
    raise Invalid(f"chart format '{fmt}' is not svg or png")


def draw_chart(store: Store, kind_name: str, scope: Scope, output: Path, *,
               visibility: Visibility, measure: str = "incidents", top: int = 20) -> StatsTable:
    """Count, draw and write the chart to `output` (its suffix picks SVG or PNG)."""
    if kind_name not in KINDS:
        raise Invalid(f"chart '{kind_name}' is not one of {', '.join(KINDS)}")
    fmt = output.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise Invalid(f"-o {output}: name a .svg or .png file")
    kind = KINDS[kind_name]()
    table = stats_by(store, kind.by, scope, visibility=visibility)
    data = render(chart_spec(table, kind, measure, top), fmt)
    tmp = output.with_name(output.name + ".partial")
    tmp.write_bytes(data)
    tmp.replace(output)
    return table
