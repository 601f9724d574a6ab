"""Cross-checking peers' logs: each sync keeps the peer's signed tree head, checks that it
extends the last one seen (RFC 9162 consistency proof), and cosigns it.

The sharing layer's sync calls, after fetching the peer's latest head:

    result = peers.check_peer_head(store, keyring, peer_ref, head_json,
                                   lambda first, second: fetch_consistency(first, second))

and stops the sync when it raises TrustError; an alarm has been recorded by then. It can send
`result.cosignature` back to the peer (`POST /api/trust/cosignatures`), where
`accept_cosignature` stores it beside the peer's own head.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from jirga.errors import Invalid, NotFound, TrustError
from jirga.model import merkle, timestamps
from jirga.store import Store, log
from jirga.store import trust as rows
from jirga.store.log import TreeHead
from jirga.trust import alarms, heads
from jirga.trust.keyring import Keyring, trusted_keys
from jirga.trust.keys import b64url, unb64url

FetchConsistency = Callable[[int, int], Sequence[bytes]]


@dataclass(frozen=True)
class PeerHeadResult:
    head: TreeHead
    previous: TreeHead | None
    cosignature: dict[str, Any] | None  # None when this node has no log key yet
    new: bool  # False when the head was seen before


def check_peer_head(store: Store, keyring: Keyring | None, peer_ref: str, head_doc: Any,
                    fetch_consistency: FetchConsistency) -> PeerHeadResult:
    """Check and keep a peer's tree head; TrustError (and an alarm) on a bad signature, a fork,
    a truncation or a rewritten history."""
    head = heads.head_from_json(head_doc) if not isinstance(head_doc, TreeHead) else head_doc
    problem = heads.check_head(head, trusted_keys(store), signer_ref=peer_ref)
    if problem:
        _fail(store, "peer-bad-head", peer_ref, problem, head)
    same_size = next((p for p in rows.peer_heads(store.db, peer_ref)
                      if p.head.tree_size == head.tree_size), None)
    latest = rows.latest_peer_head(store.db, peer_ref)
    previous = latest.head if latest else None
    if same_size is not None:
        if same_size.head.root_hash != head.root_hash:
            _fail(store, "peer-fork", peer_ref,
                  f"two different tree heads at size {head.tree_size}: root "
                  f"{b64url(same_size.head.root_hash)} seen at {same_size.received_at}, now "
                  f"{b64url(head.root_hash)}", head)
        return PeerHeadResult(head, previous, _cosig_json(store, same_size), new=False)
    if previous is not None and head.tree_size < previous.tree_size:
        _fail(store, "peer-truncated", peer_ref,
              f"the peer's log went from {previous.tree_size} leaves back to {head.tree_size}",
              head)
    if previous is not None:
        _check_extends(store, peer_ref, previous, head, fetch_consistency)
    cosignature = _cosign(keyring, head)
    with store.db.transaction():
        rows.put_peer_head(store.db, rows.PeerHead(
            peer_ref, head, timestamps.now(), cosignature["kid"] if cosignature else None,
            unb64url(cosignature["sig"]) if cosignature else None))
    return PeerHeadResult(head, previous, cosignature, new=True)


def _check_extends(store: Store, peer_ref: str, previous: TreeHead, head: TreeHead,
                   fetch: FetchConsistency) -> None:
    try:
        proof = list(fetch(previous.tree_size, head.tree_size))
    except (Invalid, NotFound, LookupError, ValueError) as exc:
        _fail(store, "peer-inconsistent", peer_ref,
              f"the peer gave no consistency proof from {previous.tree_size} to "
              f"{head.tree_size}: {exc}", head)
    if not merkle.verify_consistency(previous.tree_size, head.tree_size, previous.root_hash,
                                     head.root_hash, proof):
        _fail(store, "peer-inconsistent", peer_ref,
              f"the head at size {head.tree_size} does not extend the head at size "
              f"{previous.tree_size} seen before: the peer's history was rewritten", head)


def _cosign(keyring: Keyring | None, head: TreeHead) -> dict[str, Any] | None:
    key = keyring.log_key() if keyring else None
    return heads.cosign(head, key) if key else None


def _cosig_json(store: Store, peer: rows.PeerHead) -> dict[str, Any] | None:
    """The cosignature this node made when it first saw the head, as `heads.cosign` wrote it."""
    key = rows.key(store.db, peer.cosig_kid) if peer.cosig_kid else None
    if peer.cosig is None or key is None:
        return None
    return {**heads.head_json(TreeHead(peer.head.tree_size, peer.head.root_hash,
                                       peer.head.timestamp)),
            "type": heads.COSIGNATURE_TYPE, "log_signer_ref": peer.head.signer_ref,
            "cosigner_ref": key.party_ref, "kid": key.kid, "sig": b64url(peer.cosig)}


def _fail(store: Store, kind: str, peer_ref: str, message: str, head: TreeHead) -> NoReturn:
    alarms.raise_alarm(store, kind, peer_ref, message, heads.head_json(head))
    raise TrustError(f"peer {peer_ref}: {message}; the sync stops (see `jirga alarms list`)")


def accept_cosignature(store: Store, doc: Any) -> rows.Cosignature:
    """Keep a peer's cosignature of one of this node's heads, once it checks out."""
    if not isinstance(doc, dict) or doc.get("type") != heads.COSIGNATURE_TYPE:
        raise Invalid(f"not a cosignature: expected an object with type '{heads.COSIGNATURE_TYPE}'")
    size = doc.get("tree_size")
    ours = log.head_at(store.db, size) if isinstance(size, int) else None
    if ours is None:
        raise NotFound(f"this node has no tree head at size {size!r}")
    if doc.get("root_hash") != b64url(ours.root_hash) or doc.get("timestamp") != ours.timestamp:
        raise TrustError(f"the cosigned head at size {size} differs from this node's head")
    kid, cosigner = str(doc.get("kid")), str(doc.get("cosigner_ref"))
    key = trusted_keys(store).get(kid)
    if key is None or key.party_ref != cosigner:
        raise TrustError(f"cosignature key {kid} is not a key of {cosigner} this node trusts")
    sig = unb64url(str(doc.get("sig", "")), "cosignature sig")
    if not trusted_keys(store).verify(key, heads.cosignature_message(ours, cosigner, kid), sig):
        raise TrustError(f"the cosignature by {cosigner} on size {size} does not verify")
    cosig = rows.Cosignature(ours.tree_size, kid, cosigner, sig, timestamps.now())
    with store.db.transaction():
        rows.put_cosignature(store.db, cosig)
    return cosig


def cosignature_json(cosig: rows.Cosignature) -> dict[str, Any]:
    return {"tree_size": cosig.tree_size, "cosigner_ref": cosig.cosigner_ref, "kid": cosig.kid,
            "sig": b64url(cosig.sig), "received_at": cosig.received_at}
