"""A briefing for a period, to hand over: incidents with their charts and map, the period before
for comparison, the deadliest incidents, the cooperation scorecard and what is overdue, each
with its scope, and the TLP marking on every page. HTML for the browser, PDF through WeasyPrint.

The marking is the strictest of what the briefing draws on (the incidents and the cooperation
records it counts) and of the marking the author asks for: a briefing can be marked more
restrictively than its sources, never less.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jinja2

from jirga.analytics.scope import Scope
from jirga.analytics.stats import Comparison, StatsTable, compare, stats_by
from jirga.config import Settings
from jirga.errors import Invalid
from jirga.incidents import register
from jirga.model import tlp
from jirga.model.timestamps import now
from jirga.sharing.principal import Principal
from jirga.store import Store, Visibility
from jirga.store import summaries as sql
from jirga.store.incidents import IncidentFilter
from jirga.summaries import charts, figures, geography, maps
from jirga.workflows import reminders, scorecard

TEMPLATES = Path(__file__).parent / "templates"
DEADLIEST = 10


@dataclass(frozen=True)
class Period:
    """Whole months, first to last (YYYY-MM each)."""

    first: str
    last: str

    @classmethod
    def parse(cls, first: str, last: str) -> Period:
        for value, name in ((first, "from"), (last, "to")):
            try:
                date.fromisoformat(f"{value}-01")
            except ValueError as exc:
                raise Invalid(f"{name} '{value}' is not a month (YYYY-MM)") from exc
        if first > last:
            raise Invalid(f"the period starts ({first}) after it ends ({last})")
        return cls(first, last)

    @property
    def start(self) -> str:
        return f"{self.first}-01"

    @property
    def end(self) -> str:
        year, month = (int(p) for p in self.last.split("-"))
        return f"{self.last}-{calendar.monthrange(year, month)[1]:02d}"

    @property
    def months(self) -> int:
        (y1, m1), (y2, m2) = ((int(p) for p in v.split("-")) for v in (self.first, self.last))
        return (y2 - y1) * 12 + (m2 - m1) + 1


@dataclass
class Briefing:
    period: Period
    marking: str
    marking_note: str
    prepared_by: str
    party: str
    node: str
    prepared_at: str
    scope: Scope
    monthly: StatsTable
    provinces: StatsTable
    groups: StatsTable
    comparison: Comparison
    deadliest: list[dict[str, Any]]
    card: scorecard.Scorecard
    overdue: list[reminders.Item]
    svgs: dict[str, str] = field(default_factory=dict)
    score_rows: list[figures.Row] = field(default_factory=list)


def build(store: Store, settings: Settings, principal: Principal, visibility: Visibility, *,
          period: Period, country: str | None = None, level: str = "clear") -> Briefing:
    """Everything the briefing shows, read as `principal` may read it."""
    flt = IncidentFilter(date_from=period.start, date_to=period.end, statuses=("accepted",),
                         countries=(country,) if country else ())
    terms = {"country": [country]} if country else {}
    scope = Scope(flt, principal.label, terms)
    unbounded = Scope(IncidentFilter(statuses=("accepted",), countries=flt.countries),
                      principal.label, terms)
    points = register.map_points(store, flt, visibility=visibility, limit=2000)
    card = scorecard.scorecard(store, visibility, as_of=period.end, since=period.start,
                               default_tlp=settings.default_tlp)
    marking, note = _marking(store, flt, visibility, settings.default_tlp, level)
    brief = Briefing(
        period=period, marking=marking, marking_note=note, prepared_by=principal.user or "",
        party=principal.party_code or "", node=settings.node_name, prepared_at=now()[:16],
        scope=scope, monthly=stats_by(store, "month", scope, visibility=visibility),
        provinces=stats_by(store, "province", scope, visibility=visibility),
        groups=stats_by(store, "perpetrator", scope, visibility=visibility),
        comparison=compare(store, period.first, period.months, unbounded, visibility=visibility),
        deadliest=register.list_incidents(store, flt, visibility=visibility, limit=DEADLIEST,
                                          sort="-killed").rows,
        card=card, overdue=reminders.overdue(store, visibility, as_of=period.end))
    brief.svgs = {
        "monthly": charts.incidents_chart(brief.monthly, "monthly", "killed", width=620),
        "provinces": charts.incidents_chart(brief.provinces, "by-province", width=520),
        "groups": charts.incidents_chart(brief.groups, "by-group", width=520),
        "map": maps.svg_map(points, geography.province_counts(store, flt, visibility=visibility),
                            title="Incidents by place, sized by the number killed"),
        "requests": charts.request_chart(card) if card.parties else "",
        "commitments": charts.commitment_chart(card) if card.parties else ""}
    brief.score_rows = figures.scorecard_rows(card)
    return brief


def _marking(store: Store, flt: IncidentFilter, visibility: Visibility, default_tlp: str,
             chosen: str) -> tuple[str, str]:
    try:
        asked = tlp.parse_level(chosen)
    except ValueError as exc:
        raise Invalid(str(exc)) from exc
    drawn = sql.incident_levels(store.db, flt, visibility=visibility, default_tlp=default_tlp)
    drawn |= sql.record_levels(store.db, visibility=visibility, default_tlp=default_tlp)
    source = tlp.strictest(drawn) or "clear"
    marking = tlp.strictest([asked, source]) or asked
    if marking == asked and asked != source:
        return marking, f"marked TLP:{marking.upper()} by its author"
    return marking, f"TLP:{marking.upper()}: the strictest marking among the records it draws on"


def render_html(brief: Briefing) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                             autoescape=jinja2.select_autoescape(["html"]))
    env.filters["thousands"] = lambda n: "–" if n is None else f"{n:,}"
    return env.get_template("briefing.html").render(b=brief, vocab_attack=_attack_label)


def _attack_label(key: str | None) -> str:
    from jirga.model.vocab import ATTACK_TYPES

    return ATTACK_TYPES.get(key or "", key or "")


def render_pdf(html: str) -> bytes:
    """The briefing as PDF. WeasyPrint may read only files under this package's templates
    and inline data: URIs; a briefing never fetches anything from a network."""
    import weasyprint

    return weasyprint.HTML(string=html, base_url=str(TEMPLATES),
                           url_fetcher=_local_fetcher()).write_pdf()


def _local_fetcher() -> Any:
    from weasyprint.urls import URLFetcher

    class LocalOnly(URLFetcher):  # type: ignore[misc]
        """data: URIs and files inside the templates folder; anything else is refused."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not allowed(url):
                raise ValueError(f"briefings load nothing from outside: refused {url[:80]}")
            return super().fetch(url, headers)

    return LocalOnly(allowed_protocols=("data", "file"))


def allowed(url: str) -> bool:
    """What a briefing may load: inline data, or a file inside the templates folder."""
    if url.startswith("data:"):
        return True
    if not url.startswith("file://"):
        return False
    path = Path(unquote(url.removeprefix("file://").split("?")[0])).resolve()
    return path.is_relative_to(TEMPLATES.resolve()) and path.is_file()
