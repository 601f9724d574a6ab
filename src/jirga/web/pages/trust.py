"""Trust: the node's log and latest signed tree heads with their cosignatures, the partners'
heads, the keys, the last verifications and any alarm; administrators verify from here."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from jirga.summaries import trust_status
from jirga.trust import history, verify
from jirga.trust.keyring import keyring_of
from jirga.web import auth, deps, views


def page(request: Request) -> Response:
    principal = auth.principal(request)
    settings = deps.settings(request)
    shown = trust_status.status(deps.store(request), node_party=settings.party)
    return views.render(request, "trust.html", {
        "t": shown, "home": principal.party_code == settings.party,
        "may_verify": principal.role == "admin"})


async def verify_now(request: Request) -> Response:
    """POST: run the full verification (what `jirga verify` does) and record it."""
    principal = views.acting(request, ("admin",), what="run the store's verification")
    store = deps.store(request)
    report = await run_in_threadpool(verify.verify_store, store, keyring_of(store))
    await run_in_threadpool(history.record, store, report, principal.user)
    if report.ok:
        return views.done("/trust", f"Verified {report.versions:,} versions and "
                          f"{report.heads:,} tree heads: no errors, "
                          f"{len(report.warnings)} warnings.")
    return views.done("/trust", f"Verification found {len(report.errors)} errors; they are "
                      "listed under the last verification.", error=True)
