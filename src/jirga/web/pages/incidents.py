"""Incidents: the register as a filterable, sortable, paged table; the map; one incident with
its sources, the evidence marked in their text, its versions and signatures."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson
from fastapi import Request
from fastapi.responses import FileResponse, Response

from jirga.analytics.scope import Scope
from jirga.errors import Invalid
from jirga.incidents import register
from jirga.incidents.filters import FilterBuilder
from jirga.model import vocab
from jirga.objects import reading
from jirga.store import ObjectFilter
from jirga.store import documents as doc_table
from jirga.store import summaries as summary_sql
from jirga.store.incidents import SORTS, IncidentFilter
from jirga.summaries import geography
from jirga.web import auth, deps, highlight, views
from jirga.web.pages import signatures

PAGE_SIZE = 50
MAP_POINTS = 5000
# Query parameter → the register's filter field (FilterBuilder's names).
TERMS = {"country": "country", "province": "province", "group": "perpetrator",
         "attack_type": "attack-type", "target_type": "target-type", "min_killed": "min-killed",
         "cross_border": "cross-border", "party": "party"}


@dataclass
class IncidentQuery:
    """The filter form as submitted: what the reader typed, kept to fill the form again."""

    values: dict[str, Any] = field(default_factory=dict)
    sort: str = "-occurred"
    offset: int = 0

    @classmethod
    def from_request(cls, request: Request) -> IncidentQuery:
        q = request.query_params
        values: dict[str, Any] = {k: q.get(k, "").strip() for k in ("from", "to", *TERMS, "status")}
        values["province"] = views.form_list(q.getlist("province"))
        sort = q.get("sort") or "-occurred"
        try:
            offset = max(0, int(q.get("offset") or 0))
        except ValueError as exc:
            raise Invalid(f"offset '{q.get('offset')}' is not a number") from exc
        return cls(values, sort if sort.lstrip("-") in SORTS else "-occurred", offset)

    def terms(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for key, name in TERMS.items():
            value = self.values.get(key)
            if value:
                out[name] = value if isinstance(value, list) else [value]
        if self.values.get("status"):
            out["status"] = [self.values["status"]]
        return out

    def params(self) -> dict[str, Any]:
        return {**{k: v for k, v in self.values.items() if v}, "sort": self.sort,
                "offset": self.offset}

    def build(self, builder: FilterBuilder) -> IncidentFilter:
        return builder.build(self.terms(), date_from=self.values.get("from") or None,
                             date_to=self.values.get("to") or None,
                             default_status=("accepted",))


def _filter(request: Request, query: IncidentQuery) -> tuple[IncidentFilter | None, str | None]:
    """The register filter, or the reason the form's values make none."""
    try:
        return query.build(FilterBuilder(deps.store(request))), None
    except Invalid as exc:
        return None, exc.message


def _form_context(request: Request, query: IncidentQuery, path: str) -> dict[str, Any]:
    store, vis = deps.store(request), deps.visibility(request)
    groups = store.current(ObjectFilter(types=("intrusion-set",)), visibility=vis, limit=500)
    return {"query": query, "v": query.values, "path": path,
            "href_for": views.link_builder(path, query.params()),
            "provinces": geography.provinces(), "groups": sorted(
                {str(i.object().get("name")) for i in groups.items if i.object().get("name")}),
            "attack_types": vocab.ATTACK_TYPES, "target_types": vocab.TARGET_TYPES,
            "statuses": vocab.REVIEW_STATUS}


def list_page(request: Request) -> Response:
    query = IncidentQuery.from_request(request)
    flt, error = _filter(request, query)
    context = _form_context(request, query, "/incidents")
    page = None
    if flt is not None:
        page = register.list_incidents(deps.store(request), flt,
                                       visibility=deps.visibility(request), limit=PAGE_SIZE,
                                       offset=query.offset, sort=query.sort)
    default = deps.settings(request).default_tlp
    context.update(page=page, error=error, limit=PAGE_SIZE,
                   levels=[r.get("tlp") or default for r in (page.rows if page else [])])
    return views.render(request, "incidents.html", context, fragment="_incidents_table.html",
                        status=422 if error else 200)


def map_page(request: Request) -> Response:
    query = IncidentQuery.from_request(request)
    flt, error = _filter(request, query)
    context = _form_context(request, query, "/map")
    points: list[dict[str, Any]] = []
    provinces: dict[str, dict[str, int]] = {}
    scope, levels = None, set()
    if flt is not None:
        store, vis = deps.store(request), deps.visibility(request)
        scope = Scope(flt, auth.principal(request).label, query.terms())
        default = deps.settings(request).default_tlp

        def figures() -> tuple[list[dict[str, Any]], dict[str, dict[str, int]], set[str]]:
            return (register.map_points(store, flt, visibility=vis, limit=MAP_POINTS),
                    geography.province_counts(store, flt, visibility=vis),
                    summary_sql.incident_levels(store.db, flt, visibility=vis,
                                                default_tlp=default))

        points, provinces, levels = views.memo(request).get(store, vis, ("map", flt, default),
                                                            figures)
    data = {"points": points, "provinces": provinces}
    context.update(error=error, points=points, scope=scope, limit=MAP_POINTS, levels=levels,
                   map_json=orjson.dumps(data).decode().replace("</", "<\\/"),
                   total=sum(p["incidents"] for p in points))
    return views.render(request, "map.html", context, status=422 if error else 200)


def provinces_geojson(request: Request) -> Response:
    """The province boundaries the map draws (vendored, no tile server)."""
    return FileResponse(geography.GEOJSON, media_type="application/geo+json",
                        headers={"Cache-Control": "public, max-age=86400"})


def incident_page(request: Request, incident_id: str) -> Response:
    store, vis = deps.store(request), deps.visibility(request)
    shown = register.show_incident(store, incident_id, visibility=vis)
    obj = shown["incident"]
    reports = [s["id"] for s in shown["sources"] if s["kind"] == "report"]
    documents = doc_table.by_report(store, reports, visibility=vis)
    texts = [{"source": s, "document": documents[s["id"]],
              "segments": highlight.segments(documents[s["id"]].text or "",
                                             highlight.spans_of(shown["evidence"], s["id"]))}
             for s in shown["sources"] if s["kind"] == "report" and s["id"] in documents]
    _, versions = reading.object_with_versions(store, incident_id, visibility=vis)
    return views.render(request, "incident.html", {
        "shown": shown, "obj": obj, "ext": _extension(obj), "texts": texts,
        "versions": versions, "tlp": _level(obj, deps.settings(request).default_tlp),
        "signatures": signatures.of(deps.store(request), obj)})


def _extension(obj: dict[str, Any]) -> dict[str, Any]:
    from jirga.model import incident as incident_model

    return incident_model.extension(obj)


def _level(obj: dict[str, Any], default: str) -> str:
    from jirga.model.tlp import level_of

    return level_of(obj) or default
