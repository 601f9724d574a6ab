"""The map of every URL this node serves."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, FastAPI

from jirga.web import api, auth, taxii, trust, views
from jirga.web.pages import (
    briefing,
    cooperation,
    cooperation_actions,
    dashboard,
    incidents,
    intel,
    objects,
    review,
)
from jirga.web.pages import trust as trust_pages

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
    app.add_api_route("/api/trust/head", trust.tree_head, methods=["GET"])
    app.add_api_route("/api/trust/inclusion", trust.inclusion, methods=["GET"])
    app.add_api_route("/api/trust/consistency", trust.consistency, methods=["GET"])
    app.add_api_route("/api/trust/keys", trust.public_keys, methods=["GET"])
    app.add_api_route("/api/trust/cosignatures", trust.add_cosignature, methods=["POST"])
    app.add_api_route("/api/trust/alarms", trust.list_alarms, methods=["GET"])
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
    page("/review", review.queue_page)
    page("/review/next", review.next_page)
    page("/review/{seq}", review.candidate_page)
    action("/review/{seq}/accept", review.accept)
    action("/review/{seq}/reject", review.reject)
    page("/intel", intel.objects_page)
    page("/intel/upload", intel.upload_form)
    action("/intel/upload", intel.upload_bundle)
    page("/intel/reports/new", intel.report_form)
    action("/intel/reports", intel.write_report)
    page("/cooperation", cooperation.home)
    page("/cooperation/requests", cooperation.requests_page)
    page("/cooperation/requests/new", cooperation.new_request_page)
    action("/cooperation/requests", cooperation_actions.new_request)
    page("/cooperation/requests/{record_id}", cooperation.request_page)
    action("/cooperation/requests/{record_id}/{action}", cooperation_actions.move_request)
    page("/cooperation/commitments", cooperation.commitments_page)
    page("/cooperation/commitments/{record_id}", cooperation.commitment_page)
    action("/cooperation/commitments/{record_id}/status", cooperation_actions.commitment_status)
    action("/cooperation/commitments/{record_id}/dispute",
           cooperation_actions.commitment_dispute)
    page("/cooperation/agreements", cooperation.agreements_page)
    page("/cooperation/agreements/{record_id}", cooperation.agreement_page)
    page("/cooperation/meetings", cooperation.meetings_page)
    page("/cooperation/meetings/{record_id}", cooperation.meeting_page)
    page("/cooperation/overdue", cooperation.overdue_page)
    page("/cooperation/scorecard", cooperation.scorecard_page)
    page("/briefing", briefing.form)
    page("/briefing/view", briefing.view)
    page("/briefing.pdf", briefing.pdf)
    page("/trust", trust_pages.page)
    action("/trust/verify", trust_pages.verify_now)
    page("/objects", intel.legacy_list)
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
