"""Intelligence: objects by collection with a TLP filter, one object with its versions,
uploading a STIX bundle, writing a report with its marking and recipients."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from jirga.errors import Invalid
from jirga.intel import browse, reports, upload
from jirga.model import tlp
from jirga.sharing import parties, users
from jirga.web import auth, deps, views

PAGE_SIZE = 50


def objects_page(request: Request) -> Response:
    q = request.query_params
    collection = q.get("collection") or None
    levels = tuple(v for v in q.getlist("tlp") if v in tlp.LEVELS)
    kind = q.get("type") or ""
    text = (q.get("q") or "").strip()
    principal, settings, store = auth.principal(request), deps.settings(request), deps.store(request)
    error, found = None, None
    try:
        found = browse.browse(store, settings, principal, collection=collection, levels=levels,
                              types=(kind,) if kind else (), text=text or None,
                              limit=PAGE_SIZE, cursor=q.get("cursor") or None)
    except Invalid as exc:
        error = exc.message
    params: dict[str, Any] = {"collection": collection, "tlp": list(levels), "type": kind, "q": text}
    rows = [{"id": i.id, "type": i.type, "name": i.object().get("name", ""), "tlp": i.tlp,
             "modified": i.modified, "revoked": i.revoked, "source": i.source_party}
            for i in (found.items if found else [])]
    return views.render(request, "intel.html", {
        "found": found, "rows": rows, "error": error, "collection": collection or "",
        "levels": levels, "all_levels": tlp.LEVELS, "type": kind, "q": text,
        "collections": browse.readable_collections(store, settings, principal),
        "types": sorted(store.type_counts(visibility=deps.visibility(request))),
        "href_for": views.link_builder("/intel", params),
        "row_levels": [r["tlp"] or settings.default_tlp for r in rows]},
        fragment="_intel_table.html", status=422 if error else 200)


def upload_form(request: Request) -> Response:
    principal, settings, store = auth.principal(request), deps.settings(request), deps.store(request)
    writable = [a for a in browse.readable_collections(store, settings, principal) if a.can_write]
    return views.render(request, "intel_upload.html", {"writable": writable,
                                                       "limit": settings.max_request_bytes})


async def upload_bundle(request: Request) -> Response:
    principal = views.acting(request, what="upload STIX bundles")
    form = await request.form()
    sent = form.get("bundle")
    if not isinstance(sent, UploadFile) or not sent.filename:
        return views.done("/intel/upload", "Choose a STIX bundle file to upload.", error=True)
    try:
        data = await sent.read()
    finally:
        await sent.close()
    collection = str(form.get("collection") or "") or None
    try:
        report = upload.upload_bundle(deps.store(request), deps.settings(request), principal,
                                      data, filename=sent.filename, collection=collection)
    except Invalid as exc:
        return views.done("/intel/upload", f"Nothing was stored. {exc.message}", error=True)
    counts = ", ".join(f"{n} {k}" for k, n in report.counts.items()) or "nothing new"
    where = f" into collection {report.collection}" if report.collection else ""
    target = f"/intel?collection={report.collection}" if report.collection else "/intel"
    return views.done(target, f"{report.source}: {report.objects} objects read{where}: {counts}.")


def report_form(request: Request) -> Response:
    about = views.form_list(request.query_params.getlist("about"))
    return _report_page(request, reports.Draft(title="", body="", refs=tuple(about),
                                               level="amber"))


def _report_page(request: Request, draft: reports.Draft, error: str | None = None) -> Response:
    store = deps.store(request)
    principal = auth.principal(request)
    return views.render(request, "intel_report.html", {
        "draft": draft, "error": error, "levels": tlp.LEVELS, "types": reports.REPORT_TYPES,
        "parties": [p for p in parties.list_parties(store) if p.code != principal.party_code],
        "users": [{"name": u.name, "party": u.party_code, "role": u.role}
                  for u in users.list_users(store) if not u.disabled],
        "me": principal}, status=422 if error else 200)


async def write_report(request: Request) -> Response:
    principal = views.acting(request, what="write reports")
    form = await request.form()
    refs = [r for line in str(form.get("refs") or "").splitlines() for r in line.split(",")]
    draft = reports.Draft(
        title=str(form.get("title") or ""), body=str(form.get("body") or ""),
        refs=tuple(refs), level=str(form.get("tlp") or "amber"),
        recipients=tuple(str(v) for v in form.getlist("recipient")),
        red_users=tuple(str(v) for v in form.getlist("red_user")),
        report_types=tuple(str(v) for v in form.getlist("report_type")))
    try:
        saved = reports.write_report(deps.store(request), principal, draft,
                                     visibility=deps.visibility(request))
    except Invalid as exc:
        return _report_page(request, draft, f"The report was not saved: {exc.message}")
    return views.done(f"/objects/{saved['id']}", f"Report “{saved['name']}” saved, marked "
                      f"TLP:{(tlp.level_of(saved) or '').upper()}.")


def legacy_list(request: Request) -> Response:
    """The foundation's object list now lives under Intelligence (signed-in users only, so a
    stranger is sent to sign in and back here first)."""
    auth.principal(request)
    query = request.url.query
    return RedirectResponse("/intel" + (f"?{query}" if query else ""), status_code=301)
