"""The map of every URL this node serves."""

from __future__ import annotations

from fastapi import FastAPI

from jirga.web import api, pages, trust


def add_routes(app: FastAPI) -> None:
    app.add_api_route("/", pages.home, methods=["GET"], include_in_schema=False)
    app.add_api_route("/objects", pages.objects_page, methods=["GET"], include_in_schema=False)
    app.add_api_route("/objects/{object_id}", pages.object_page, methods=["GET"],
                      include_in_schema=False)
    app.add_api_route("/api/objects", api.list_objects, methods=["GET"])
    app.add_api_route("/api/objects/{object_id}", api.get_object, methods=["GET"])
    app.add_api_route("/api/objects/{object_id}/versions", api.object_versions, methods=["GET"])
    app.add_api_route("/api/trust/head", trust.tree_head, methods=["GET"])
    app.add_api_route("/api/trust/inclusion", trust.inclusion, methods=["GET"])
    app.add_api_route("/api/trust/consistency", trust.consistency, methods=["GET"])
    app.add_api_route("/api/trust/keys", trust.public_keys, methods=["GET"])
    app.add_api_route("/api/trust/cosignatures", trust.add_cosignature, methods=["POST"])
    app.add_api_route("/api/trust/alarms", trust.list_alarms, methods=["GET"])
