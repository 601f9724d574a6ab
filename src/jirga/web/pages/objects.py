"""One STIX object of any type: its marking, properties, versions and signatures."""

from __future__ import annotations

import orjson
from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from jirga.model import tlp
from jirga.objects import reading
from jirga.web import deps, views
from jirga.web.pages import signatures


def object_page(request: Request, object_id: str, version: str | None = None) -> Response:
    if object_id.startswith("incident--") and version is None:
        return RedirectResponse(f"/incidents/{object_id}", status_code=303)
    item, versions = reading.object_with_versions(deps.store(request), object_id,
                                                  visibility=deps.visibility(request),
                                                  version=version)
    obj = item.object()
    return views.render(request, "object.html", {
        "item": item, "obj": obj, "versions": versions,
        "pretty": orjson.dumps(obj, option=orjson.OPT_INDENT_2).decode(),
        "tlp": tlp.level_of(obj) or deps.settings(request).default_tlp,
        "signatures": signatures.of(deps.store(request), obj)})
