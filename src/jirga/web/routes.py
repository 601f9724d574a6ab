"""The map of every URL this node serves."""

from __future__ import annotations

from fastapi import Depends, FastAPI

from jirga.web import api, auth, pages, taxii, trust

CSRF = [Depends(auth.require_csrf)]
TAXII_COLLECTION = "/taxii2/{api_root}/collections/{collection_id}"


def add_routes(app: FastAPI) -> None:
    auth.install(app)
    app.add_api_route("/", pages.home, methods=["GET"], include_in_schema=False)
    app.add_api_route("/signin", auth.signin_page, methods=["GET"], include_in_schema=False)
    app.add_api_route("/signin", auth.signin, methods=["POST"], include_in_schema=False,
                      dependencies=CSRF)
    app.add_api_route("/signout", auth.signout, methods=["POST"], include_in_schema=False,
                      dependencies=CSRF)
    app.add_api_route("/objects", pages.objects_page, methods=["GET"], include_in_schema=False)
    app.add_api_route("/objects/{object_id}", pages.object_page, methods=["GET"],
                      include_in_schema=False)
    app.add_api_route("/api/objects", api.list_objects, methods=["GET"])
    app.add_api_route("/api/objects/{object_id}", api.get_object, methods=["GET"])
    app.add_api_route("/api/objects/{object_id}/versions", api.object_versions, methods=["GET"])
    app.add_api_route("/api/export", api.export_bundle, methods=["GET"])
    app.add_api_route("/api/trust/head", trust.tree_head, methods=["GET"])
    app.add_api_route("/api/trust/inclusion", trust.inclusion, methods=["GET"])
    app.add_api_route("/api/trust/consistency", trust.consistency, methods=["GET"])
    app.add_api_route("/api/trust/keys", trust.public_keys, methods=["GET"])
    app.add_api_route("/api/trust/cosignatures", trust.add_cosignature, methods=["POST"])
    app.add_api_route("/api/trust/alarms", trust.list_alarms, methods=["GET"])
    add_taxii_routes(app)


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
