"""TAXII 2.1 over HTTP at /taxii2/: URLs, media types, headers and error objects.

The resources themselves come from `jirga.sharing.taxii`; this module only checks what HTTP
carries (Accept, Content-Type, size, credentials), calls one service function and renders.
Clients authenticate with HTTP Basic or a Bearer token (TAXII 2.1 leaves the scheme to the
server); a browser's session cookie is not accepted here.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from jirga.errors import JirgaError, NotFound
from jirga.sharing import taxii
from jirga.sharing.principal import Principal
from jirga.web import auth, deps

ACCEPTED = ("application/taxii+json;version=2.1", "application/taxii+json", "*/*",
            "application/*")
CHALLENGE = 'Basic realm="jirga TAXII", charset="UTF-8", Bearer realm="jirga TAXII"'


class TaxiiResponse(JSONResponse):
    media_type = taxii.TAXII_MEDIA_TYPE

    def render(self, content: Any) -> bytes:
        return content if isinstance(content, bytes) else orjson.dumps(content)


class NotAcceptable(JirgaError):
    status = 406
    title = "Not acceptable"


class UnsupportedMediaType(JirgaError):
    status = 415
    title = "Unsupported media type"


class TooLarge(JirgaError):
    status = 413
    title = "Request too large"


def error_response(status: int, title: str, detail: str) -> Response:
    """TAXII 2.1 §3.6.1 the error message, with a challenge on 401."""
    body = {"title": title, "description": detail, "http_status": str(status)}
    headers = {"WWW-Authenticate": CHALLENGE} if status == 401 else None
    return TaxiiResponse(body, status_code=status, headers=headers)


def _begin(request: Request) -> Principal:
    """Every TAXII request: credentials (Basic or Bearer, never a cookie), then the Accept."""
    who = auth.principal(request, allow_session=False)
    accept = request.headers.get("accept", "*/*").replace(" ", "").lower()
    if not any(kind in accept for kind in ACCEPTED) or "version=2.0" in accept:
        raise NotAcceptable(f"this server answers only {taxii.TAXII_MEDIA_TYPE}; "
                            f"Accept was '{accept[:80]}'")
    return who


def _paged(page: taxii.Page, body: Any) -> TaxiiResponse:
    headers = {}
    if page.items:
        headers = {"X-TAXII-Date-Added-First": page.date_added_first or "",
                   "X-TAXII-Date-Added-Last": page.date_added_last or ""}
    return TaxiiResponse(body, headers=headers)


def discovery(request: Request) -> Response:
    """TAXII 2.1 §4.1 Server Discovery."""
    _begin(request)
    return TaxiiResponse(taxii.discovery(deps.settings(request), str(request.base_url)))


def api_root(request: Request, api_root: str) -> Response:
    """TAXII 2.1 §4.2 Get API Root Information."""
    _begin(request)
    _root(api_root)
    return TaxiiResponse(taxii.api_root(deps.settings(request)))


def status(request: Request, api_root: str, status_id: str) -> Response:
    """TAXII 2.1 §4.3 Get Status."""
    who = _begin(request)
    _root(api_root)
    return TaxiiResponse(taxii.get_status(deps.store(request), who, status_id))


def collections(request: Request, api_root: str) -> Response:
    """TAXII 2.1 §5.1 Get Collections."""
    who = _begin(request)
    _root(api_root)
    return TaxiiResponse(taxii.list_collections(deps.store(request), deps.settings(request), who))


def collection(request: Request, api_root: str, collection_id: str) -> Response:
    """TAXII 2.1 §5.2 Get a Collection."""
    who = _begin(request)
    _root(api_root)
    return TaxiiResponse(taxii.get_collection(deps.store(request), deps.settings(request), who,
                                              collection_id))


def manifest(request: Request, api_root: str, collection_id: str) -> Response:
    """TAXII 2.1 §5.3 Get Object Manifests."""
    page = _objects(request, api_root, collection_id)
    return _paged(page, taxii.manifest_body(page))


def get_objects(request: Request, api_root: str, collection_id: str) -> Response:
    """TAXII 2.1 §5.4 Get Objects."""
    page = _objects(request, api_root, collection_id)
    return _paged(page, taxii.objects_body(page))


def get_object(request: Request, api_root: str, collection_id: str, object_id: str) -> Response:
    """TAXII 2.1 §5.6 Get an Object."""
    page = _objects(request, api_root, collection_id, object_id)
    return _paged(page, taxii.objects_body(page))


def object_versions(request: Request, api_root: str, collection_id: str,
                    object_id: str) -> Response:
    """TAXII 2.1 §5.8 Get Object Versions."""
    who = _begin(request)
    _root(api_root)
    page = taxii.get_versions(deps.store(request), deps.settings(request), who, collection_id,
                              object_id, dict(request.query_params))
    return _paged(page, taxii.versions_body(page))


async def add_objects(request: Request, api_root: str, collection_id: str) -> Response:
    """TAXII 2.1 §5.5 Add Objects: 202 with a status resource once everything is stored."""
    store, settings = deps.store(request), deps.settings(request)
    who = await run_in_threadpool(_begin, request)
    _root(api_root)
    content_type = request.headers.get("content-type", "").replace(" ", "").lower()
    if not content_type.startswith("application/taxii+json") or "version=2.0" in content_type:
        raise UnsupportedMediaType(f"send the envelope as {taxii.TAXII_MEDIA_TYPE}; "
                                   f"Content-Type was '{content_type[:80]}'")
    await run_in_threadpool(taxii.writable, store, settings, who, collection_id)
    body = await _body(request, settings.max_request_bytes)
    result = await run_in_threadpool(taxii.add_objects, store, settings, who, collection_id, body)
    return TaxiiResponse(result, status_code=202)


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"the request is {int(declared):,} bytes; this server takes at most "
                       f"{limit:,} (max_content_length of the API root)")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"the request is over {limit:,} bytes, the most this server takes")
        chunks.append(chunk)
    return b"".join(chunks)


def _objects(request: Request, api_root: str, collection_id: str,
             object_id: str | None = None) -> taxii.Page:
    who = _begin(request)
    _root(api_root)
    return taxii.get_objects(deps.store(request), deps.settings(request), who, collection_id,
                             dict(request.query_params), object_id)


def _root(name: str) -> None:
    if name != taxii.API_ROOT:
        raise NotFound(f"API root '{name}' not found; this server has /taxii2/{taxii.API_ROOT}/")
