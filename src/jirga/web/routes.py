"""The map of every URL this node serves."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, FastAPI

from jirga.web import api, auth, taxii, views
from jirga.web.pages import dashboard, incidents, objects

CSRF = [Depends(auth.require_csrf)]
TAXII_COLLECTION = "/taxii2/{api_root}/collections/{collection_id}"


def add_routes(app: FastAPI) -> None:
    auth.install(app)
    views.install(app)
    app.add_api_route("/signin", auth.signin_page, methods=["GET"], include_in_schema=False)
    app.add_api_route("/signin", auth.signin, methods=["POST"], include_in_schema=False,
                      dependencies=CSRF)
    app.add_api_route("/signout", auth.signout, methods=["POST"], include_in_schema=False,
                      dependencies=CSRF)
    add_pages(app)
    app.add_api_route("/api/objects", api.list_objects, methods=["GET"])
    app.add_api_route("/api/objects/{object_id}", api.get_object, methods=["GET"])
    app.add_api_route("/api/objects/{object_id}/versions", api.object_versions, methods=["GET"])
    app.add_api_route("/api/export", api.export_bundle, methods=["GET"])
    add_taxii_routes(app)


def add_pages(app: FastAPI) -> None:
    """The pages people work in (docs/web.md); forms post with a CSRF token."""

    def page(path: str, handler: Any) -> None:
        app.add_api_route(path, handler, methods=["GET"], include_in_schema=False)

    def action(path: str, handler: Any) -> None:
        app.add_api_route(path, handler, methods=["POST"], include_in_schema=False,
                          dependencies=CSRF)

    page("/", dashboard.page)
    page("/incidents", incidents.list_page)
    page("/incidents/{incident_id}", incidents.incident_page)
    page("/map", incidents.map_page)
    page("/geo/provinces.geojson", incidents.provinces_geojson)
    page("/objects", objects.objects_page)
    page("/objects/{object_id}", objects.object_page)


def add_taxii_routes(app: FastAPI) -> None:
    """TAXII 2.1 (sharing/taxii.py, web/taxii.py); every URL ends with a slash, as §3 asks."""
    route = app.add_api_route
    route("/taxii2/", taxii.discovery, methods=["GET"], tags=["TAXII 2.1"])
    route("/taxii2/{api_root}/", taxii.api_root, methods=["GET"], tags=["TAXII 2.1"])
    route("/taxii2/{api_root}/status/{status_id}/", taxii.status, methods=["GET"],
          tags=["TAXII 2.1"])
    route("/taxii2/{api_root}/collections/", taxii.collections, methods=["GET"],
          tags=["TAXII 2.1"])
    route(f"{TAXII_COLLECTION}/", taxii.collection, methods=["GET"], tags=["TAXII 2.1"])
    route(f"{TAXII_COLLECTION}/manifest/", taxii.manifest, methods=["GET"], tags=["TAXII 2.1"])
    route(f"{TAXII_COLLECTION}/objects/", taxii.get_objects, methods=["GET"], tags=["TAXII 2.1"])
    route(f"{TAXII_COLLECTION}/objects/", taxii.add_objects, methods=["POST"],
          tags=["TAXII 2.1"])
    route(f"{TAXII_COLLECTION}/objects/{{object_id}}/", taxii.get_object, methods=["GET"],
          tags=["TAXII 2.1"])
    route(f"{TAXII_COLLECTION}/objects/{{object_id}}/versions/", taxii.object_versions,
          methods=["GET"], tags=["TAXII 2.1"])
