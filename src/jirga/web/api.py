"""The JSON API: thin handlers over `jirga.objects.reading`."""

from __future__ import annotations

from typing import Any

from fastapi import Query, Request
from fastapi.responses import StreamingResponse

from jirga.objects import reading
from jirga.objects.interchange import export_stream
from jirga.sharing.policy import Channel, visibility
from jirga.store import ObjectFilter
from jirga.web import auth, deps


def list_objects(
    request: Request,
    type: list[str] = Query(default=[], description="STIX types (repeatable)."),
    q: str | None = Query(default=None, description="Words in name or description."),
    created_by: str | None = Query(default=None),
    since: str | None = Query(default=None, description="Modified on or after (ISO date)."),
    until: str | None = Query(default=None, description="Modified on or before."),
    limit: int = Query(default=100, ge=1, le=1000),
    cursor: str | None = Query(default=None, description="`next` of the previous page."),
) -> dict[str, Any]:
    """Current objects, most recently modified first."""
    query = reading.ObjectQuery(types=tuple(type), text=q, created_by=created_by, since=since,
                                until=until)
    page, total = reading.list_objects(deps.store(request), query,
                                       visibility=deps.visibility(request),
                                       default_tlp=deps.settings(request).default_tlp,
                                       limit=limit, cursor=cursor)
    return {"total": total, "objects": [i.object() for i in page.items], "next": page.next}


def get_object(request: Request, object_id: str, version: str | None = None) -> dict[str, Any]:
    """One object: its current version, or the version whose `modified` is given."""
    item, _ = reading.object_with_versions(deps.store(request), object_id,
                                           visibility=deps.visibility(request), version=version)
    return item.object()


def object_versions(request: Request, object_id: str) -> dict[str, Any]:
    """Every version of one object, oldest first."""
    item, versions = reading.object_with_versions(deps.store(request), object_id,
                                                  visibility=deps.visibility(request))
    return {"id": item.id, "versions": [v.object() for v in versions]}


def export_bundle(
    request: Request,
    type: list[str] = Query(default=[], description="STIX types (repeatable)."),
) -> StreamingResponse:
    """A STIX 2.1 bundle of the current objects you may take away (TLP:RED never leaves)."""
    vis = visibility(auth.principal(request), deps.settings(request), Channel.SHARE)
    chunks = export_stream(deps.store(request), ObjectFilter(types=tuple(type), include_revoked=True),
                           visibility=vis)
    return StreamingResponse(chunks, media_type="application/stix+json;version=2.1",
                             headers={"Content-Disposition": 'attachment; filename="jirga.json"'})
