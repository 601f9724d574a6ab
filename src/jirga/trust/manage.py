"""Key management for `jirga keys`: create, rotate, list, export and import party keys.

Creating or rotating a key publishes it: the party's identity gets a new version whose
`x_jirga_keys` lists the party's keys as JWKs with their validity periods, signed by the new
key. A rotation's identity version is also countersigned by the outgoing key, so a peer that
trusts only the old key can learn the new one from it (`trust.incoming.learn_keys`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jirga.errors import Conflict, Invalid, NotFound
from jirga.model import timestamps
from jirga.model.bundle import invalid
from jirga.model.validate import validate_object
from jirga.objects.authoring import next_version, save
from jirga.store import Store
from jirga.store import trust as rows
from jirga.trust import keys, parties, signatures
from jirga.trust.keyring import Keyring, key_row, public_key
from jirga.trust.keys import PublicKey, SigningKey


@dataclass(frozen=True)
class KeyListing:
    key: PublicKey
    private: str  # encrypted | unencrypted | absent


def create_key(store: Store, keyring: Keyring, code: str, *, passphrase: str | None,
               unattended: bool = False) -> PublicKey:
    """A first key for a party on this node, published in its identity."""
    identity = parties.find_party(store, code)
    if _active_local(store, identity["id"]):
        raise Conflict(f"party {code} already has an active key; use `jirga keys rotate --party "
                       f"{code}` to replace it")
    new = _new_key(keyring, identity["id"], code, passphrase, unattended)
    try:
        with store.db.transaction():
            rows.put_key(store.db, key_row(new.public, timestamps.now()))
            _publish(store, keyring, identity, ())
    except BaseException:
        keys.key_path(keyring.keys_dir, new.kid).unlink(missing_ok=True)
        raise
    return new.public


def rotate_key(store: Store, keyring: Keyring, code: str, *, passphrase: str | None,
               unattended: bool = False) -> tuple[PublicKey, list[PublicKey]]:
    """A new key for the party; its active keys retire now but still verify what they signed."""
    identity = parties.find_party(store, code)
    old = _active_local(store, identity["id"])
    if not old:
        raise NotFound(f"party {code} has no active key on this node; use `jirga keys create "
                       f"--party {code}`")
    old_signers = [keyring.unlock(k) for k in old]
    moment = timestamps.now()
    new = _new_key(keyring, identity["id"], code, passphrase, unattended, valid_from=moment)
    retired = [PublicKey(k.kid, k.party_ref, k.raw, k.valid_from, moment, k.party_code,
                         "retired", k.origin) for k in old]
    try:
        with store.db.transaction():
            rows.put_key(store.db, key_row(new.public, moment))
            for key in retired:
                rows.put_key(store.db, key_row(key, moment))
            _publish(store, keyring, identity, old_signers, countersigned_at=moment)
    except BaseException:
        keys.key_path(keyring.keys_dir, new.kid).unlink(missing_ok=True)
        raise
    return new.public, retired


def list_keys(store: Store, keyring: Keyring, code: str | None = None) -> list[KeyListing]:
    party = parties.find_party(store, code)["id"] if code else None
    return [KeyListing(key, keys.key_file_state(keyring.keys_dir, key.kid))
            for key in (public_key(r) for r in rows.keys(store.db, party))]


def export_keys(store: Store, code: str) -> dict[str, Any]:
    """The party's public keys as a JWK Set (RFC 7517 §5), each naming its party."""
    identity = parties.find_party(store, code)
    found = [public_key(r) for r in rows.keys(store.db, identity["id"])]
    if not found:
        raise NotFound(f"party {code} has no keys on this node; create one with `jirga keys "
                       f"create --party {code}`")
    return {"keys": [{**k.jwk(), "party_ref": k.party_ref, "party_code": code} for k in found]}


def import_keys(store: Store, path: Path, code: str | None = None) -> list[PublicKey]:
    """Trust a peer party's public keys from a file (`keys export` output, a JWK or PEM)."""
    party_ref = parties.find_party(store, code)["id"] if code else None
    added: list[PublicKey] = []
    with store.db.transaction():
        for jwk in keys.read_public_key_file(path):
            ref = party_ref or jwk.get("party_ref")
            if not isinstance(ref, str):
                raise Invalid(f"{path}: key {jwk.get('kid', '?')} names no party; pass --party CODE")
            key = keys.from_jwk(jwk, ref, origin="imported",
                                party_code=code or jwk.get("party_code"))
            existing = rows.key(store.db, key.kid)
            if existing and existing.party_ref != ref:
                raise Conflict(f"key {key.kid} is already known as a key of {existing.party_ref}")
            if existing and existing.origin == "local":
                continue
            rows.put_key(store.db, key_row(key, timestamps.now()))
            added.append(key)
    return added


def _active_local(store: Store, party_ref: str) -> list[PublicKey]:
    return [public_key(r) for r in rows.keys(store.db, party_ref)
            if r.origin == "local" and r.status == "active"]


def _new_key(keyring: Keyring, party_ref: str, code: str, passphrase: str | None,
             unattended: bool, valid_from: str | None = None) -> SigningKey:
    if not passphrase and not unattended:
        raise Invalid("a private key needs a passphrase (prompted, or JIRGA_KEY_PASSPHRASE); for "
                      "an unattended server pass --no-passphrase to keep it in a 0600 file")
    private, public = keys.generate(party_ref, code, valid_from)
    keys.write_private_key(keyring.keys_dir, public.kid, private, None if unattended else passphrase)
    unlocked = keys.load_private_key(keyring.keys_dir, public, passphrase)
    keyring.remember(unlocked)
    return unlocked


def _publish(store: Store, keyring: Keyring, identity: dict[str, Any],
             countersigners: list[SigningKey] | tuple[()], countersigned_at: str | None = None
             ) -> None:
    """A new identity version listing the party's keys, signed by its newest key."""
    jwks = [k.jwk() for k in (public_key(r) for r in rows.keys(store.db, identity["id"]))
            if k.origin == "local"]
    version = next_version(signatures.unsigned(identity), **{parties.KEYS_PROPERTY: jwks})
    if not countersigners:
        save(store, [version], source="keys", keyring=keyring, signer_ref=identity["id"])
        return
    author = keyring.signing_key(identity["id"])
    assert author is not None  # the new key was just stored and remembered
    signed = signatures.sign(version, author)
    for old in countersigners:
        signed = signatures.countersign(signed, old, signed_at=countersigned_at)
    problems = validate_object(signed)
    if problems:
        raise invalid("keys", problems)
    result = store.add_objects([signed])
    if result.refused:
        raise Conflict("; ".join(str(p) for p in result.refused))
