"""Signed tree heads and cosignatures: what they sign, and their JSON form.

A head signs the RFC 8785 bytes of `{"type": "jirga-tree-head", tree_size, root_hash,
timestamp, signer_ref, kid}`; a peer's cosignature signs the same head fields under type
`jirga-tree-head-cosignature` with its own `cosigner_ref` and `kid`. Hashes and signatures are
base64url without padding, as in JOSE.
"""

from __future__ import annotations

from typing import Any

from jirga.errors import Invalid
from jirga.model import timestamps
from jirga.model.canonical import canonical
from jirga.store.log import TreeHead
from jirga.trust.keys import SigningKey, b64url, unb64url
from jirga.trust.signatures import KeyIndex

HEAD_TYPE = "jirga-tree-head"
COSIGNATURE_TYPE = "jirga-tree-head-cosignature"


def _fields(head: TreeHead) -> dict[str, Any]:
    return {"tree_size": head.tree_size, "root_hash": b64url(head.root_hash),
            "timestamp": head.timestamp}


def head_message(head: TreeHead) -> bytes:
    return canonical({"type": HEAD_TYPE, **_fields(head), "signer_ref": head.signer_ref,
                      "kid": head.kid})


def sign_head(head: TreeHead, key: SigningKey) -> TreeHead:
    unsigned = head.with_signature(key.party_ref, key.kid, b"")
    return unsigned.with_signature(key.party_ref, key.kid, key.sign(head_message(unsigned)))


def head_json(head: TreeHead) -> dict[str, Any]:
    out: dict[str, Any] = {"type": HEAD_TYPE, **_fields(head)}
    if head.signed:
        out.update(signer_ref=head.signer_ref, kid=head.kid, sig=b64url(head.sig or b""))
    return out


def head_from_json(doc: Any) -> TreeHead:
    """A tree head from its JSON form; Invalid names the field at fault."""
    if not isinstance(doc, dict) or doc.get("type") != HEAD_TYPE:
        raise Invalid(f"not a tree head: expected an object with type '{HEAD_TYPE}'")
    size = doc.get("tree_size")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise Invalid(f"tree head: tree_size {size!r} is not a non-negative integer")
    if not timestamps.is_timestamp(doc.get("timestamp")):
        raise Invalid(f"tree head: timestamp {doc.get('timestamp')!r} is not a STIX timestamp")
    root = unb64url(str(doc.get("root_hash", "")), "tree head root_hash")
    if len(root) != 32:
        raise Invalid("tree head: root_hash is not a SHA-256 hash")
    head = TreeHead(size, root, doc["timestamp"])
    if "sig" in doc:
        if not isinstance(doc.get("signer_ref"), str) or not isinstance(doc.get("kid"), str):
            raise Invalid("tree head: a signed head needs signer_ref and kid")
        head = head.with_signature(doc["signer_ref"], doc["kid"],
                                   unb64url(str(doc["sig"]), "tree head sig"))
    return head


def check_head(head: TreeHead, keys: KeyIndex, signer_ref: str | None = None) -> str | None:
    """None when the head is signed by a valid key (of `signer_ref` when given), else why not."""
    if not head.signed or head.kid is None:
        return f"the tree head at size {head.tree_size} is not signed"
    key = keys.get(head.kid)
    if key is None:
        return f"the tree head at size {head.tree_size} is signed with unknown key {head.kid}"
    if key.party_ref != head.signer_ref or (signer_ref and key.party_ref != signer_ref):
        return (f"the tree head at size {head.tree_size} is signed with key {head.kid} of "
                f"{key.party_ref}, not of {signer_ref or head.signer_ref}")
    if not key.valid_at(head.timestamp):
        return (f"the tree head at size {head.tree_size} was signed at {head.timestamp}, outside "
                f"the validity of key {head.kid}")
    if not keys.verify(key, head_message(head), head.sig or b""):
        return f"the signature on the tree head at size {head.tree_size} does not verify"
    return None


def cosignature_message(head: TreeHead, cosigner_ref: str, kid: str) -> bytes:
    return canonical({"type": COSIGNATURE_TYPE, **_fields(head), "log_signer_ref": head.signer_ref,
                      "cosigner_ref": cosigner_ref, "kid": kid})


def cosign(head: TreeHead, key: SigningKey) -> dict[str, Any]:
    """This node's cosignature on a peer's head, as JSON the peer can store and show."""
    sig = key.sign(cosignature_message(head, key.party_ref, key.kid))
    return {"type": COSIGNATURE_TYPE, **_fields(head), "log_signer_ref": head.signer_ref,
            "cosigner_ref": key.party_ref, "kid": key.kid, "sig": b64url(sig)}
