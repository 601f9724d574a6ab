"""Inclusion and consistency proofs, and the offline proof file a third party checks.

An offline proof (`jirga prove`) holds the signed object version, its leaf, the inclusion path
to a signed tree head, and that head. `check_proof` needs nothing else but the public keys the
checker trusts: it recomputes the leaf from the object (RFC 8785 bytes, SHA-256 with the 0x00
prefix), walks the path to the root (RFC 9162 §2.1.3.2), and checks the author's signature and
the head's signature with those keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from jirga.errors import Invalid, NotFound, TrustError
from jirga.model import merkle
from jirga.model.canonical import canonical
from jirga.model.timestamps import version_key
from jirga.store import Store, Visibility, log
from jirga.store.log import Leaf, TreeHead
from jirga.trust import heads, signatures
from jirga.trust.keyring import trusted_keys
from jirga.trust.keys import b64url, from_jwk, unb64url
from jirga.trust.signatures import KeyIndex

PROOF_TYPE = "jirga-proof"
INCLUSION_TYPE = "jirga-inclusion-proof"
CONSISTENCY_TYPE = "jirga-consistency-proof"


def proof_head(store: Store, tree_size: int | None = None, *, signed: bool = True) -> TreeHead:
    """The head proofs are made against: the latest signed one, or the one at `tree_size`."""
    head = log.head_at(store.db, tree_size) if tree_size is not None else \
        log.latest_head(store.db, signed=signed)
    if head is None:
        if tree_size is not None:
            raise NotFound(f"this node wrote no tree head at size {tree_size}")
        raise TrustError("this node has no signed tree head yet: set party (JIRGA_PARTY), "
                         "create its key (`jirga keys create --party CODE`), then add or save "
                         "an object")
    return head


def inclusion(store: Store, leaf: Leaf, head: TreeHead) -> dict[str, Any]:
    return inclusions(store, [leaf], head)[0]


def inclusions(store: Store, leaves: Sequence[Leaf], head: TreeHead, *,
               with_head: bool = True) -> list[dict[str, Any]]:
    """`inclusion` of many leaves against one head, their paths computed in one walk and each
    shared hash encoded once. Without `with_head` a proof names the head only by `tree_size`
    (receipts: the head goes once beside them, see `receipt_set`)."""
    late = next((leaf for leaf in leaves if leaf.leaf_index >= head.tree_size), None)
    if late is not None:
        raise NotFound(f"{late.id} version {late.version} was appended after the tree head at "
                       f"size {head.tree_size}; ask for a later head")
    try:
        paths = log.inclusion_paths(store.db, leaves, head.tree_size, head.root_hash)
    except LookupError as exc:
        raise TrustError(str(exc)) from exc
    encoded: dict[bytes, str] = {}
    head_doc = heads.head_json(head) if with_head else None
    return [{"type": INCLUSION_TYPE, "object_id": leaf.id, "version": leaf.version,
             "leaf_index": leaf.leaf_index, "leaf_hash": b64url(leaf.leaf_hash),
             "tree_size": head.tree_size,
             "path": [encoded.get(h) or encoded.setdefault(h, b64url(h)) for h in path],
             **({"head": dict(head_doc)} if head_doc else {})}
            for leaf, path in zip(leaves, paths, strict=True)]


def receipt_set(store: Store, leaves: Sequence[Leaf], head: TreeHead) -> dict[str, Any]:
    """Receipts for a batch: the signed head once, and per leaf its index, hash and path to
    that head's root (what a TAXII add-objects status carries; `check_receipts` checks it)."""
    return {"head": heads.head_json(head),
            "receipts": inclusions(store, leaves, head, with_head=False)}


def inclusion_proof(store: Store, object_id: str, *, visibility: Visibility,
                    version: str | None = None, tree_size: int | None = None) -> dict[str, Any]:
    """The proof that this node's log holds one object version (its current one by default)."""
    item = store.get(object_id, visibility=visibility, version=version)
    leaf = log.leaf_of(store.db, item.id, item.version)
    if leaf is None:
        raise TrustError(f"{object_id} version {item.modified} has no leaf in this node's log; "
                         "run `jirga verify`")
    return inclusion(store, leaf, proof_head(store, tree_size, signed=tree_size is None))


def consistency_proof(store: Store, first: int, second: int | None = None) -> dict[str, Any]:
    """RFC 9162 PROOF(first, D[second]) between two of this node's heads."""
    new = proof_head(store, second, signed=second is None)
    if not 0 < first <= new.tree_size:
        raise Invalid(f"first size {first} must be between 1 and {new.tree_size}")
    old = log.head_at(store.db, first)
    return {"type": CONSISTENCY_TYPE, "first": first, "second": new.tree_size,
            "first_root": b64url(log.root_at(store.db, first)),
            "path": [b64url(h) for h in log.consistency_path(store.db, first, new.tree_size)],
            "first_head": heads.head_json(old) if old else None,
            "second_head": heads.head_json(new)}


def offline_proof(store: Store, object_id: str, *, visibility: Visibility,
                  version: str | None = None) -> dict[str, Any]:
    """Everything a third party needs, apart from trusted public keys, to check that the
    author signed the object and this node's log held it."""
    item = store.get(object_id, visibility=visibility, version=version)
    obj = item.object()
    proof = inclusion_proof(store, object_id, visibility=visibility, version=item.version)
    known = trusted_keys(store)
    kids = {e.get("kid") for e in obj.get(signatures.SIGNATURES_PROPERTY) or []
            if isinstance(e, dict)} | {proof["head"].get("kid")}
    claimed = [{**k.jwk(), "party_ref": k.party_ref} for k in known if k.kid in kids]
    return {"type": PROOF_TYPE, "object": obj, "inclusion": proof, "claimed_keys": claimed}


@dataclass
class ProofReport:
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def keys_for_check(jwks: list[dict[str, Any]], proof: dict[str, Any]) -> KeyIndex:
    """The checker's trusted keys; a key file that names no party (a bare PEM or JWK) is taken
    as the key of whichever party the proof says used it."""
    claimed = _claimed_signers(proof)
    index = KeyIndex()
    for jwk in jwks:
        probe = from_jwk(jwk, "?", origin="checker")
        party = jwk.get("party_ref") or claimed.get(probe.kid) or "?"
        index.add(from_jwk(jwk, party, origin="checker"))
    return index


def _claimed_signers(proof: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    obj = proof.get("object") if isinstance(proof, dict) else None
    for entry in (obj or {}).get(signatures.SIGNATURES_PROPERTY) or []:
        if isinstance(entry, dict) and isinstance(entry.get("kid"), str):
            out.setdefault(entry["kid"], str(entry.get("signer_ref")))
    if not isinstance(proof, dict):
        return out
    receipts = proof.get("x_jirga_receipts") or [{}]  # or a status resource's receipts
    for head in ((proof.get("inclusion") or {}).get("head"), proof.get("x_jirga_tree_head"),
                 receipts[0].get("head") if isinstance(receipts[0], dict) else None):
        if isinstance(head, dict) and isinstance(head.get("kid"), str):
            out.setdefault(head["kid"], str(head.get("signer_ref")))
    return out


def check_proof(proof: Any, keys: KeyIndex) -> ProofReport:
    """Check an offline proof with the given trusted keys; every failed step is named."""
    report = ProofReport()
    if not isinstance(proof, dict) or proof.get("type") != PROOF_TYPE:
        report.problems.append(f"not a jirga proof (expected type '{PROOF_TYPE}')")
        return report
    obj, inc = proof.get("object"), proof.get("inclusion")
    if not isinstance(obj, dict) or not isinstance(inc, dict):
        report.problems.append("the proof lacks 'object' or 'inclusion'")
        return report
    _check_object(obj, inc, keys, report)
    head = _check_head(inc, keys, report)
    if head is not None:
        _check_inclusion(obj, inc, head, report)
    return report


def _check_object(obj: dict[str, Any], inc: dict[str, Any], keys: KeyIndex,
                  report: ProofReport) -> None:
    oid, ver = obj.get("id"), obj.get("modified") or obj.get("created")
    if inc.get("object_id") != oid or inc.get("version") != version_key(ver):
        report.problems.append(f"the inclusion proof is for {inc.get('object_id')} "
                               f"{inc.get('version')}, not for the object {oid} {ver}")
    result = signatures.check(obj, keys)
    if not result.signed:
        report.problems.append(f"{oid} carries no signature")
    elif not result.ok:
        report.problems.append(f"{oid}: {result.describe()}")
    else:
        first = obj[signatures.SIGNATURES_PROPERTY][0]
        report.lines.append(f"{oid} version {ver}: signed by {first['signer_ref']} with key "
                            f"{first['kid']} at {first['signed']}")


def _check_head(inc: dict[str, Any], keys: KeyIndex, report: ProofReport) -> TreeHead | None:
    try:
        head = heads.head_from_json(inc.get("head"))
    except Invalid as exc:
        report.problems.append(str(exc))
        return None
    problem = heads.check_head(head, keys)
    if problem:
        report.problems.append(problem)
        return None
    report.lines.append(f"tree head: size {head.tree_size}, root {b64url(head.root_hash)}, "
                        f"signed by {head.signer_ref} with key {head.kid} at {head.timestamp}")
    return head


def _check_inclusion(obj: dict[str, Any], inc: dict[str, Any], head: TreeHead,
                     report: ProofReport) -> None:
    try:
        leaf = merkle.leaf_hash(canonical(obj))
        path = [unb64url(str(h), "path hash") for h in inc.get("path") or []]
        index, size = int(inc["leaf_index"]), int(inc["tree_size"])
    except (Invalid, KeyError, TypeError, ValueError) as exc:
        report.problems.append(f"the inclusion proof is malformed: {exc}")
        return
    if b64url(leaf) != inc.get("leaf_hash"):
        report.problems.append("the object's leaf hash differs from the one in the proof: the "
                               "object was altered")
    elif size != head.tree_size:
        report.problems.append(f"the path is for size {size}, the head for {head.tree_size}")
    elif not merkle.verify_inclusion(index, size, leaf, path, head.root_hash):
        report.problems.append(f"the inclusion path does not lead from leaf {index} to the "
                               f"head's root at size {size}")
    else:
        report.lines.append(f"included: leaf {index} of {size} in the log of {head.signer_ref}")


def check_receipts(status: Any, keys: KeyIndex,
                   objects: Sequence[dict[str, Any]] | None = None) -> ProofReport:
    """Check the receipts of a TAXII add-objects status: the tree head is signed by a trusted
    key, and each receipt's path leads from its leaf to that head's root. With `objects` (what
    was sent), each receipt's leaf hash must also be the hash of the object it names, and every
    object must have its receipt. (A status stored before the head went once per status
    carries it in each receipt; those are checked against their own heads.)"""
    report = ProofReport()
    items = status.get("x_jirga_receipts") if isinstance(status, dict) else None
    if not isinstance(items, list) or not items:
        report.problems.append("not an add-objects status with receipts (no 'x_jirga_receipts')")
        return report
    shared = status.get("x_jirga_tree_head")
    checked: dict[str, TreeHead | None] = {}
    leaves = _sent_leaves(objects or [])
    held = 0
    for inc in items:
        doc = shared if shared is not None else (inc.get("head") if isinstance(inc, dict) else None)
        signed = orjson.dumps(doc).decode()
        if signed not in checked:
            checked[signed] = _check_head({"head": doc}, keys, report)
        head = checked[signed]
        if head is not None and isinstance(inc, dict):
            held += _check_receipt(inc, head, leaves, report)
    missing = sorted(set(leaves) - {(r.get("object_id"), r.get("version")) for r in items
                                     if isinstance(r, dict)})
    for oid, version in missing:
        report.problems.append(f"{oid} version {version} was sent but has no receipt")
    report.lines.append(f"{held} of {len(items)} receipts hold")
    return report


def _sent_leaves(objects: Sequence[dict[str, Any]]) -> dict[tuple[str, str], bytes]:
    return {(str(o.get("id")), version_key(o.get("modified") or o.get("created"))):
            merkle.leaf_hash(canonical(o)) for o in objects if isinstance(o, dict)}


def _check_receipt(inc: dict[str, Any], head: TreeHead, sent: dict[tuple[str, str], bytes],
                   report: ProofReport) -> bool:
    name = f"{inc.get('object_id')} version {inc.get('version')}"
    try:
        leaf = unb64url(str(inc["leaf_hash"]), "leaf hash")
        path = [unb64url(str(h), "path hash") for h in inc.get("path") or []]
        index, size = int(inc["leaf_index"]), int(inc["tree_size"])
    except (Invalid, KeyError, TypeError, ValueError) as exc:
        report.problems.append(f"{name}: the receipt is malformed: {exc}")
        return False
    expected = sent.get((str(inc.get("object_id")), str(inc.get("version"))))
    if sent and expected is None:
        report.problems.append(f"{name}: a receipt for a version that was not sent")
    elif expected is not None and expected != leaf:
        report.problems.append(f"{name}: the leaf hash is not the hash of the object sent")
    elif size != head.tree_size:
        report.problems.append(f"{name}: the path is for size {size}, the head for "
                               f"{head.tree_size}")
    elif not merkle.verify_inclusion(index, size, leaf, path, head.root_hash):
        report.problems.append(f"{name}: the path does not lead from leaf {index} to the "
                               f"head's root at size {size}")
    else:
        return True
    return False
