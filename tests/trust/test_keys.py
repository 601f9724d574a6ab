"""Keys: files under keys_dir (encrypted or 0600), ids that are thumbprints, export and import."""

from __future__ import annotations

import stat
from pathlib import Path

import orjson
import pytest

from jirga.errors import Conflict, Invalid, NotFound, TrustError
from jirga.store import Store
from jirga.trust import keys, manage
from jirga.trust.keyring import Keyring, trusted_keys
from tests.trust.factories import make_node


def test_passphrase_protected_key_needs_the_passphrase(sqlite_store: Store, tmp_path: Path) -> None:
    node = make_node(sqlite_store, tmp_path / "keys", keyed=("PK",), passphrase="correct horse")
    [listing] = manage.list_keys(node.store, node.keyring, "PK")
    assert listing.private == "encrypted"
    path = keys.key_path(tmp_path / "keys", listing.key.kid)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert b"ENCRYPTED PRIVATE KEY" in path.read_bytes()
    locked = Keyring(node.store, node.settings.replace(key_passphrase=""))
    with pytest.raises(TrustError, match="JIRGA_KEY_PASSPHRASE"):
        locked.signing_key(node.party_ref("PK"))
    wrong = Keyring(node.store, node.settings.replace(key_passphrase="wrong"))
    with pytest.raises(TrustError, match="wrong passphrase"):
        wrong.signing_key(node.party_ref("PK"))
    right = Keyring(node.store, node.settings)
    assert right.signing_key(node.party_ref("PK")) is not None


def test_unattended_key_is_a_0600_file_and_the_id_is_its_thumbprint(sqlite_store: Store,
                                                                     tmp_path: Path) -> None:
    node = make_node(sqlite_store, tmp_path / "keys", keyed=("PK",))
    [listing] = manage.list_keys(node.store, node.keyring)
    path = keys.key_path(tmp_path / "keys", listing.key.kid)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and listing.private == "unencrypted"
    assert stat.S_IMODE((tmp_path / "keys").stat().st_mode) == 0o700
    assert listing.key.kid == keys.thumbprint(listing.key.raw)
    with pytest.raises(Conflict, match="rotate"):
        manage.create_key(node.store, node.keyring, "PK", passphrase=None, unattended=True)
    with pytest.raises(Invalid, match="passphrase"):
        manage.create_key(node.store, node.keyring, "AF", passphrase=None)
    with pytest.raises(NotFound, match="known parties: AF, PK"):
        manage.create_key(node.store, node.keyring, "IN", passphrase=None, unattended=True)


def test_keys_are_published_in_the_party_identity(sqlite_store: Store, tmp_path: Path) -> None:
    node = make_node(sqlite_store, tmp_path / "keys", keyed=("PK",))
    from jirga.store import Visibility

    identity = node.store.get(node.party_ref("PK"), visibility=Visibility.everything()).object()
    [jwk] = identity["x_jirga_keys"]
    assert jwk["kty"] == "OKP" and jwk["crv"] == "Ed25519" and "valid_from" in jwk
    assert keys.from_jwk(jwk, node.party_ref("PK")).kid == jwk["kid"]


def test_export_then_import_on_another_node(sqlite_store: Store, tmp_path: Path) -> None:
    a = make_node(sqlite_store, tmp_path / "a-keys", keyed=("PK",))
    exported = tmp_path / "pk.jwks"
    exported.write_bytes(orjson.dumps(manage.export_keys(a.store, "PK")))
    from jirga.store import open_store

    b_store = open_store(str(tmp_path / "b.db"))
    try:
        b = make_node(b_store, tmp_path / "b-keys", keyed=("AF",), node_party="AF")
        added = manage.import_keys(b.store, exported)
        assert [k.origin for k in added] == ["imported"]
        known = trusted_keys(b.store)
        assert known.get(added[0].kid) is not None and known.get(added[0].kid).party_ref == \
            a.party_ref("PK")
        pem = tmp_path / "pk.pem"
        pem.write_bytes(added[0].pem())
        assert keys.read_public_key_file(pem)[0]["kid"] == added[0].kid
    finally:
        b_store.close()


def test_a_jwk_whose_kid_is_not_its_thumbprint_is_refused() -> None:
    jwk = {"kty": "OKP", "crv": "Ed25519", "x": keys.b64url(b"\x02" * 32), "kid": "made-up"}
    with pytest.raises(Invalid, match="thumbprint"):
        keys.from_jwk(jwk, "identity--x")
    with pytest.raises(Invalid, match="Ed25519"):
        keys.from_jwk({"kty": "RSA"}, "identity--x")
