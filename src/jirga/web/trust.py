"""The trust API: tree heads, proofs, public keys, cosignatures, alarms (thin handlers)."""

from __future__ import annotations

from typing import Any

from fastapi import Query, Request

from jirga.errors import Forbidden, Invalid
from jirga.store import trust as rows
from jirga.trust import alarms, heads, peers, proofs
from jirga.trust.keyring import trusted_keys
from jirga.web import auth, deps


def tree_head(request: Request, tree_size: int | None = Query(
        default=None, ge=0, description="The head written at this size.")) -> dict[str, Any]:
    """This node's latest signed tree head (or the one at `tree_size`) and its cosignatures."""
    store = deps.store(request)
    head = proofs.proof_head(store, tree_size)
    return {**heads.head_json(head),
            "cosignatures": [peers.cosignature_json(c)
                             for c in rows.cosignatures(store.db, head.tree_size)]}


def inclusion(request: Request, object_id: str = Query(description="STIX id."),
              version: str | None = Query(default=None, description="The version's `modified`."),
              tree_size: int | None = Query(default=None, ge=1)) -> dict[str, Any]:
    """RFC 9162 inclusion proof of an object version the reader may see."""
    return proofs.inclusion_proof(deps.store(request), object_id,
                                  visibility=deps.visibility(request), version=version,
                                  tree_size=tree_size)


def consistency(request: Request, first: int = Query(ge=1),
                second: int | None = Query(default=None, ge=1)) -> dict[str, Any]:
    """RFC 9162 consistency proof from size `first` to `second` (default: the latest head)."""
    return proofs.consistency_proof(deps.store(request), first, second)


def public_keys(request: Request) -> dict[str, Any]:
    """The public keys of this node's parties (a JWK Set), with their validity periods."""
    keys = [k for k in trusted_keys(deps.store(request)) if k.origin == "local"]
    return {"keys": [{**k.jwk(), "party_ref": k.party_ref, "party_code": k.party_code}
                     for k in keys]}


async def add_cosignature(request: Request) -> dict[str, Any]:
    """A peer's cosignature of one of this node's heads; its signature authenticates it."""
    try:
        doc = await request.json()
    except ValueError as exc:
        raise Invalid("the body is not JSON") from exc
    return peers.cosignature_json(peers.accept_cosignature(deps.store(request), doc))


def list_alarms(request: Request, all: bool = Query(default=False)) -> dict[str, Any]:
    """Trust alarms, newest first: the open ones, or every one with `all=true` (admins only)."""
    principal = auth.principal(request)
    if principal.role not in ("admin", "operator"):
        raise Forbidden(f"{principal.label} may not read trust alarms; only admins can")
    found = alarms.open_alarms(deps.store(request), include_acknowledged=all)
    return {"alarms": [alarms.as_dict(a) for a in found]}
