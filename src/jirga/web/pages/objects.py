"""Server-rendered pages: thin handlers that call services and render templates."""

from __future__ import annotations

import orjson
from fastapi import Query, Request
from fastapi.responses import RedirectResponse, Response

from jirga.objects import reading
from jirga.store import Visibility
from jirga.web import deps

PAGE_SIZE = 50


def home(request: Request) -> Response:
    return RedirectResponse("/objects", status_code=303)


def objects_page(
    request: Request,
    q: str | None = Query(default=None),
    type: str | None = Query(default=None),
    cursor: str | None = Query(default=None),
) -> Response:
    store, vis = deps.store(request), deps.visibility(request)
    query = reading.ObjectQuery(types=(type,) if type else (), text=q)
    page, total = reading.list_objects(store, query, visibility=vis,
                                       default_tlp=deps.settings(request).default_tlp,
                                       limit=PAGE_SIZE, cursor=cursor)
    rows = [{"id": i.id, "type": i.type, "name": i.object().get("name", ""),
             "modified": i.modified, "tlp": i.tlp, "revoked": i.revoked} for i in page.items]
    context = {"rows": rows, "total": total, "next": page.next, "q": q or "", "type": type or "",
               "types": sorted(store.type_counts(visibility=vis).items())}
    template = "_objects_table.html" if request.headers.get("hx-request") else "objects.html"
    return request.app.state.templates.TemplateResponse(request, template, context)


def object_page(request: Request, object_id: str, version: str | None = None) -> Response:
    vis: Visibility = deps.visibility(request)
    item, versions = reading.object_with_versions(deps.store(request), object_id,
                                                  visibility=vis, version=version)
    obj = item.object()
    context = {
        "item": item, "obj": obj,
        "pretty": orjson.dumps(obj, option=orjson.OPT_INDENT_2).decode(),
        "versions": versions,
        "tlp": item.tlp or deps.settings(request).default_tlp,
    }
    return request.app.state.templates.TemplateResponse(request, "object.html", context)
