"""The review queue: each candidate beside its source text with the evidence marked; accept
(with edits), or reject, from the keyboard; the next candidate opens.

Accepting and rejecting go through `jirga.review.service`, the functions `jirga review accept`
and `jirga review reject` call, as the signed-in analyst.
"""

from __future__ import annotations

from typing import Any

from fastapi import Query, Request
from fastapi.responses import RedirectResponse, Response

from jirga.errors import Invalid
from jirga.model import tlp, vocab
from jirga.review import service
from jirga.store import review as review_table
from jirga.web import auth, deps, highlight, views

PAGE_SIZE = 50
STATUSES = ("candidate", "accepted", "rejected", "all")
# The fields the form lets an analyst change, with how the candidate's value is shown in it.
EDITABLE = ("name", "date", "place", "admin1", "perpetrator", "perpetrator_basis", "killed",
            "injured", "attack_type", "target_types")


def queue_page(request: Request, status: str = Query(default="candidate"),
               offset: int = Query(default=0, ge=0)) -> Response:
    if status not in STATUSES:
        raise Invalid(f"status '{status}' is not one of {', '.join(STATUSES)}")
    store, vis = deps.store(request), deps.visibility(request)
    rows, total = service.queue(store, visibility=vis,
                                status=None if status == "all" else status,
                                limit=PAGE_SIZE, offset=offset)
    return views.render(request, "review_queue.html", {
        "rows": rows, "total": total, "status": status, "offset": offset, "limit": PAGE_SIZE,
        "counts": review_table.counts(store, visibility=vis),
        "href_for": views.link_builder("/review", {"status": status})})


def next_page(request: Request, after: int = Query(default=0, ge=0)) -> Response:
    """Open the next candidate awaiting review, or the queue when none is left."""
    seq = service.next_in_queue(deps.store(request), after=after,
                                visibility=deps.visibility(request))
    if seq is None:
        return views.done("/review?status=accepted", "The queue is empty: every candidate you "
                          "may see has been reviewed.")
    return RedirectResponse(f"/review/{seq}", status_code=303)


def candidate_page(request: Request, seq: int) -> Response:
    store, vis = deps.store(request), deps.visibility(request)
    view = service.show(store, seq, visibility=vis)
    segments = highlight.segments(view.document.text or "",
                                  highlight.spans_of(view.data.get("evidence") or []))
    principal = auth.principal(request)
    return views.render(request, "review_candidate.html", {
        "view": view, "data": view.data, "segments": segments, "form": form_values(view.data),
        "evidence": _evidence_by_field(view.data), "levels": tlp.LEVELS,
        "may_decide": principal.role in views.AUTHORING_ROLES,
        "attack_types": vocab.ATTACK_TYPES, "bases": vocab.PERPETRATOR_BASIS,
        "tlp": "clear"})


def form_values(data: dict[str, Any]) -> dict[str, str]:
    """The candidate's values as the edit form shows them (and compares them on submit)."""
    tolls = data.get("tolls") or {}

    def toll(name: str) -> str:
        t = tolls.get(name)
        if not t:
            return "" if data.get(name) is None else str(data[name])
        same = t["low"] == t["best"] == t["high"]
        return str(t["best"]) if same else f"{t['low']}/{t['best']}/{t['high']}"

    return {"name": data.get("name") or "", "date": data.get("date") or "",
            "place": data.get("place") or data.get("district") or "",
            "admin1": data.get("admin1_code") or data.get("admin1") or "",
            "perpetrator": data.get("perpetrator") or "",
            "perpetrator_basis": data.get("perpetrator_basis") or "",
            "killed": toll("killed"), "injured": toll("injured"),
            "attack_type": data.get("attack_type") or "",
            "target_types": ", ".join(data.get("target_types") or [])}


def _evidence_by_field(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for item in data.get("evidence") or []:
        out.setdefault(item.get("field"), item)
    return out


async def accept(request: Request, seq: int) -> Response:
    """POST: accept with the analyst's edits (only fields changed from the candidate's values)."""
    principal = views.acting(request, views.AUTHORING_ROLES, what="accept candidates")
    form = await request.form()
    store, vis = deps.store(request), deps.visibility(request)
    view = service.show(store, seq, visibility=vis)
    shown = form_values(view.data)
    changes = {name: str(form[name]).strip() for name in EDITABLE
               if name in form and str(form[name]).strip() != shown[name]}
    level = tlp.parse_level(str(form.get("tlp") or "clear"))
    try:
        result = service.accept(store, seq, visibility=vis, changes=changes, level=level,
                                author_ref=principal.party_id)
    except Invalid as exc:
        return views.done(f"/review/{seq}", f"Candidate {seq} was not accepted: {exc.message}",
                          error=True)
    edited = f" with {len(changes)} edit{'' if len(changes) == 1 else 's'}" if changes else ""
    return views.done(f"/review/next?after={seq}",
                      f"Candidate {seq} accepted{edited} by {principal.user} as incident "
                      f"{result.incident_id}.")


async def reject(request: Request, seq: int) -> Response:
    principal = views.acting(request, views.AUTHORING_ROLES, what="reject candidates")
    form = await request.form()
    reason = str(form.get("reason") or "").strip() or None
    service.reject(deps.store(request), seq, visibility=deps.visibility(request), reason=reason)
    return views.done(f"/review/next?after={seq}",
                      f"Candidate {seq} rejected by {principal.user}"
                      + (f": {reason}" if reason else "."))
