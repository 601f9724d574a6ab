"""Cooperation actions from the pages: make, move and dispute a request; assert a commitment's
status; dispute it. Each calls the service `jirga request …` / `jirga commitment …` call, as the
signed-in user, after reading the record through the user's visibility (404 if not theirs to
see); refusals come back as a message on the record's page, with nothing stored."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from jirga.errors import Conflict, Forbidden, Invalid
from jirga.web import deps
from jirga.web import views as page_views
from jirga.workflows import commitments, disputes, requests, views
from jirga.workflows.commitments import Document

REFUSED = (Invalid, Forbidden, Conflict)


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return str(value).strip() if value else ""


def _documents(form: FormData) -> list[Document]:
    title = _text(form, "document")
    return [Document(title, _text(form, "url") or None)] if title else []


async def new_request(request: Request) -> Response:
    principal = page_views.acting(request, what="make assistance requests")
    form = await request.form()
    try:
        made = requests.create_request(
            deps.store(request), principal, to=_text(form, "to"), subject=_text(form, "subject"),
            asks=[str(a) for a in form.getlist("ask")], description=_text(form, "description")
            or None, incidents=[i for i in [_text(form, "incident")] if i],
            deadline=_text(form, "deadline") or None,
            default_days=deps.settings(request).request_deadline_days,
            level=_text(form, "tlp") or "amber")
    except REFUSED as exc:
        return page_views.done("/cooperation/requests/new", f"The request was not sent: "
                               f"{exc.message}", error=True)
    return page_views.done(f"/cooperation/requests/{made['id']}",
                           f"Request sent to {_text(form, 'to')}, answer due {made['deadline']}.")


async def move_request(request: Request, record_id: str, action: str) -> Response:
    principal = page_views.acting(request, what="act on assistance requests")
    store, vis = deps.store(request), deps.visibility(request)
    shown = views.detail(store, vis, "assistance-request", record_id)
    form = await request.form()
    here = f"/cooperation/requests/{shown['id']}"
    try:
        if action == "dispute":
            disputes.raise_dispute(store, principal, "assistance-request", shown["id"],
                                   reasons=_text(form, "reason"))
            return page_views.done(here, f"{principal.party_code} disputes the state "
                                   f"'{shown['state']}' of this request.")
        new = requests.transition(store, principal, shown["id"], action,
                                  findings=_text(form, "findings") or None,
                                  reason=_text(form, "reason") or None,
                                  documents=_documents(form), note=_text(form, "note") or None)
    except REFUSED as exc:
        return page_views.done(here, f"Nothing was changed: {exc.message}", error=True)
    return page_views.done(here, f"The request is now {new['state']} ({principal.user}, "
                           f"{principal.party_code}).")


async def commitment_status(request: Request, record_id: str) -> Response:
    principal = page_views.acting(request, what="report commitment status")
    store, vis = deps.store(request), deps.visibility(request)
    shown = views.detail(store, vis, "commitment", record_id)
    form = await request.form()
    here = f"/cooperation/commitments/{shown['id']}"
    evidence = [e for e in [_text(form, "evidence")] if e]
    try:
        new = commitments.set_status(store, principal, shown["id"], _text(form, "status"),
                                     evidence=evidence, documents=_documents(form),
                                     note=_text(form, "note") or None)
    except REFUSED as exc:
        return page_views.done(here, f"Nothing was changed: {exc.message}", error=True)
    return page_views.done(here, f"Status is now {new['status']}, asserted by "
                           f"{principal.party_code}.")


async def commitment_dispute(request: Request, record_id: str) -> Response:
    principal = page_views.acting(request, what="dispute commitment status")
    store, vis = deps.store(request), deps.visibility(request)
    shown = views.detail(store, vis, "commitment", record_id)
    form = await request.form()
    here = f"/cooperation/commitments/{shown['id']}"
    try:
        disputes.raise_dispute(store, principal, "commitment", shown["id"],
                               reasons=_text(form, "reason"))
    except REFUSED as exc:
        return page_views.done(here, f"Nothing was changed: {exc.message}", error=True)
    return page_views.done(here, f"{principal.party_code} disputes the status "
                           f"'{shown.get('status')}'.")
