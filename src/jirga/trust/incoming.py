"""Objects from peers (TAXII add-objects, sync): verify before storing, answer with receipts.

The sharing layer calls, for a batch from a peer:

    verdict = incoming.verify_incoming(store, objects, incoming.PeerPolicy(peer_ref, require))
    with store.db.transaction():
        incoming.learn_keys(store, verdict)
        store.add_objects(verdict.accepted, source_party=peer_ref)
    receipts = incoming.receipts(store, [(o["id"], o["modified"]) for o in verdict.accepted])
    # {"head": signed tree head, "receipts": [inclusion proof per version, naming its size]}
    if verdict.forged: incoming.alarm_forged(store, policy, verdict)   # outside the transaction

Nothing in a batch is trusted for being in the batch: a key published in an identity object is
learned only when that identity version is signed by a key this node already trusts for the
same party (the rotation countersignature `keys rotate` adds).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from jirga.errors import Invalid, Problem
from jirga.model import timestamps
from jirga.model.timestamps import version_key
from jirga.store import Store, log
from jirga.store import trust as rows
from jirga.trust import alarms, parties, proofs, signatures
from jirga.trust.keyring import key_row, trusted_keys
from jirga.trust.keys import PublicKey, from_jwk
from jirga.trust.signatures import KeyIndex


@dataclass(frozen=True)
class PeerPolicy:
    """How a peer's objects are treated: `require_signatures` rejects unsigned objects and
    objects signed with keys this node does not know; otherwise they are accepted with a
    warning. A signature that fails is always a rejection."""

    peer_ref: str
    require_signatures: bool = True


@dataclass
class IncomingVerdict:
    accepted: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    learned_keys: list[PublicKey] = field(default_factory=list)
    forged: list[Problem] = field(default_factory=list)  # the rejections that are tampering


@dataclass
class IncomingCheck:
    """A batch's keys and signature checks under way (`begin_incoming`)."""

    index: KeyIndex
    learned_keys: list[PublicKey]
    checks: signatures.BatchCheck


def begin_incoming(store: Store, objects: Sequence[dict[str, Any]]) -> IncomingCheck:
    """Start checking a batch's signatures (on threads; see `signatures.start_checks`) so the
    caller can validate it meanwhile; `verify_incoming(..., started=)` ends the check."""
    index = trusted_keys(store)
    learned = _learn(objects, index)
    return IncomingCheck(index, learned, signatures.start_checks(objects, index))


def verify_incoming(store: Store, objects: Sequence[dict[str, Any]], policy: PeerPolicy,
                    started: IncomingCheck | None = None) -> IncomingVerdict:
    """Sort a peer's batch into accepted and rejected objects (see the module docstring);
    `started`: the checks `begin_incoming` started for these same objects."""
    started = started or begin_incoming(store, objects)
    verdict = IncomingVerdict(learned_keys=started.learned_keys)
    stored = rows.stored_versions(store.db, [(o["id"], _version(o)) for o in objects
                                             if isinstance(o.get("id"), str)])
    for obj, result in zip(objects, started.checks.results(), strict=True):
        _judge(obj, result, policy, stored, verdict)
    return verdict


def _version(obj: dict[str, Any]) -> str:
    return version_key(obj.get("modified") or obj.get("created"))


def _judge(obj: dict[str, Any], result: signatures.SignatureCheck, policy: PeerPolicy,
           stored: dict[tuple[str, str], str], verdict: IncomingVerdict) -> None:
    oid = str(obj.get("id"))
    old = stored.get((oid, _version(obj)))
    if old is not None and orjson.loads(old) != obj:
        problem = Problem(f"version {obj.get('modified')} is already stored with other content: "
                          "an altered replay of a version this node holds", object_id=oid)
        verdict.rejected.append(problem)
        verdict.forged.append(problem)
        return
    if result.forged:
        problem = Problem(result.describe(), object_id=oid, property=signatures.SIGNATURES_PROPERTY)
        verdict.rejected.append(problem)
        verdict.forged.append(problem)
        return
    if not result.signed or not result.ok:
        why = "carries no signature" if not result.signed else result.describe()
        problem = Problem(why, object_id=oid, property=signatures.SIGNATURES_PROPERTY)
        if policy.require_signatures:
            verdict.rejected.append(Problem(f"{why}; peer {policy.peer_ref} must sign what it "
                                            "sends", object_id=oid))
            return
        verdict.warnings.append(problem)
    verdict.accepted.append(obj)


def _learn(objects: Sequence[dict[str, Any]], index: KeyIndex) -> list[PublicKey]:
    """Keys published by identity versions that a key already trusted for that party signed
    (every signature on the version must hold, counting the keys it lists)."""
    learned: list[PublicKey] = []
    for obj in objects:
        jwks = obj.get(parties.KEYS_PROPERTY)
        if obj.get("type") != "identity" or not isinstance(jwks, list):
            continue
        listed = _keys_of(obj, jwks)
        trial = KeyIndex([*index, *(k for k in listed if index.get(k.kid) is None)])
        if not signatures.check(obj, trial).ok:
            continue
        entries = [e for e in obj.get(signatures.SIGNATURES_PROPERTY) or [] if isinstance(e, dict)]
        trusted = [index.get(str(e.get("kid"))) for e in entries]
        if not any(k is not None and k.party_ref == obj["id"] for k in trusted):
            continue
        for key in listed:
            merged = _merge(index.get(key.kid), key)
            if merged is not None:
                index.add(merged)
                learned.append(merged)
    return learned


def _merge(known: PublicKey | None, published: PublicKey) -> PublicKey | None:
    """The key to store: a new one as published, or a known one with the validity its party now
    publishes (a retirement or revocation); None when nothing changes."""
    if known is None:
        return published
    if known.party_ref != published.party_ref:
        return None  # a key id cannot move to another party
    if (known.valid_until, known.status) == (published.valid_until, published.status):
        return None
    return PublicKey(known.kid, known.party_ref, known.raw, known.valid_from,
                     published.valid_until, known.party_code, published.status, known.origin)


def _keys_of(identity: dict[str, Any], jwks: list[Any]) -> list[PublicKey]:
    code = identity.get(parties.PARTY_CODE)
    out: list[PublicKey] = []
    for jwk in jwks:
        if isinstance(jwk, dict):
            try:
                out.append(from_jwk(jwk, identity["id"], party_code=code if isinstance(code, str)
                                    else None))
            except Invalid:
                continue
    return out


def learn_keys(store: Store, verdict: IncomingVerdict) -> None:
    """Store the keys the verdict learned (inside the transaction that stores the objects)."""
    for key in verdict.learned_keys:
        rows.put_key(store.db, key_row(key, timestamps.now()))


def receipts(store: Store, versions: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Inclusion proofs of stored versions `(id, modified)` against this node's latest signed
    head, as `proofs.receipt_set` (the head once, then a receipt per version): what a TAXII
    add-objects status carries back. Empty when the node signs no heads."""
    head = log.latest_head(store.db, signed=True)
    if head is None:
        return {}
    wanted = [(object_id, version) for object_id, version in versions]
    found = log.leaves_of(store.db, wanted)
    leaves = [leaf for leaf in (found.get((object_id, version_key(version)))
                                for object_id, version in wanted)
              if leaf is not None and leaf.leaf_index < head.tree_size]
    return proofs.receipt_set(store, leaves, head)


def alarm_forged(store: Store, policy: PeerPolicy, verdict: IncomingVerdict) -> int | None:
    """Raise the alarm admins see when a peer sent objects that failed their checks."""
    if not verdict.forged:
        return None
    return alarms.raise_alarm(store, "forged-objects", policy.peer_ref,
                              f"{len(verdict.forged)} objects from {policy.peer_ref} failed "
                              "signature or replay checks and were rejected",
                              [str(p) for p in verdict.forged[:100]])
