"""Signing what this node authors: called by `jirga.objects.authoring.save` for every version.

The signer is the object's `created_by_ref`, or, for objects that name no creator (jointly kept
workflow records, shared reference objects), the `signer_ref` save is given: the acting party.
When that party has an active key on this node the version is signed;
when it has none the version is stored unsigned — unless `require_signatures` is set, which
refuses the whole save — and `jirga verify` lists it. Saving a version that is already stored
with the same content (apart from signatures) hands back the stored version unchanged, so
loading the same content twice changes nothing even though signing times differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson

from jirga.errors import Problem, TrustError
from jirga.model import timestamps
from jirga.model.timestamps import version_key
from jirga.store import Store
from jirga.store import trust as rows
from jirga.trust import signatures
from jirga.trust.keyring import Keyring, keyring_of


def sign_authored(store: Store, objects: Sequence[dict[str, Any]], *,
                  keyring: Keyring | None = None, signer_ref: str | None = None,
                  require: bool | None = None) -> list[dict[str, Any]]:
    """The versions to store: each signed by its author where a key allows, old signatures
    dropped, already-stored versions reused. TrustError (nothing stored) when `require` is set
    and an author has no key here."""
    ring = keyring or keyring_of(store)
    must = ring.require_signatures if require is None and ring else bool(require)
    bare = [signatures.unsigned(obj) for obj in objects]
    stored = _stored_equal(store, bare)
    out: list[dict[str, Any]] = []
    missing: list[Problem] = []
    signed_at = timestamps.now()
    for obj in bare:
        key = (obj["id"], version_key(obj.get("modified") or obj.get("created")))
        if key in stored:
            out.append(stored[key])
            continue
        author = obj.get("created_by_ref") or signer_ref
        signing_key = ring.signing_key(author) if ring and isinstance(author, str) else None
        if signing_key is not None:
            out.append(signatures.sign(obj, signing_key, signed_at=signed_at))
            continue
        if must:
            missing.append(Problem(f"its author {author or '(no created_by_ref)'} has no signing "
                                   "key on this node", object_id=obj["id"]))
        out.append(obj)
    if missing:
        raise TrustError("require_signatures is set and cannot be met: " +
                         "; ".join(str(p) for p in missing) +
                         "; create a key with `jirga keys create --party CODE`", missing)
    return out


def _stored_equal(store: Store, bare: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    """Stored versions whose content equals the incoming one's once signatures are set aside."""
    pairs = [(o["id"], version_key(o.get("modified") or o.get("created"))) for o in bare
             if isinstance(o.get("id"), str)]
    found = rows.stored_versions(store.db, pairs)
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for obj in bare:
        pair = (obj["id"], version_key(obj.get("modified") or obj.get("created")))
        if pair in found:
            old = orjson.loads(found[pair])
            if _same(signatures.unsigned(old), obj):
                out[pair] = old
    return out


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return orjson.dumps(a, option=orjson.OPT_SORT_KEYS) == orjson.dumps(b, option=orjson.OPT_SORT_KEYS)
