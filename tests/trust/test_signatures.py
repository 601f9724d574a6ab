"""Signatures inside objects: the author signs on save, anyone with the public key checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from jirga.errors import NotFound, TrustError
from jirga.model.extensions import SIGNATURE_EXT_ID, SIGNATURES_PROPERTY
from jirga.objects.authoring import next_version, save
from jirga.store import Store, Visibility
from jirga.trust import keys, manage, signatures
from jirga.trust.keyring import trusted_keys
from tests.trust.factories import make_node

ALL = Visibility.everything()


def stored(store: Store, object_id: str) -> dict:
    return store.get(object_id, visibility=ALL).object()


def test_authored_objects_are_signed_by_their_author(sqlite_store: Store, tmp_path: Path) -> None:
    node = make_node(sqlite_store, tmp_path / "keys")
    incident = node.incident("AF", name="Kaaj centre bombing")
    save(node.store, [incident])
    obj = stored(node.store, incident["id"])
    entry = obj[SIGNATURES_PROPERTY][0]
    assert entry["signer_ref"] == node.party_ref("AF") and entry["alg"] == "EdDSA"
    assert obj["extensions"][SIGNATURE_EXT_ID] == {"extension_type": "toplevel-property-extension"}
    result = signatures.check(obj, trusted_keys(node.store))
    assert result.ok and result.signers == (node.party_ref("AF"),)


def test_altered_object_forged_and_wrong_key_signatures_fail(sqlite_store: Store,
                                                             tmp_path: Path) -> None:
    node = make_node(sqlite_store, tmp_path / "keys")
    incident = node.incident("PK")
    save(node.store, [incident])
    obj = stored(node.store, incident["id"])
    known = trusted_keys(node.store)

    altered = {**obj, "name": "a different story"}
    assert signatures.check(altered, known).problems[0][0] == "bad-signature"

    forged_entry = {**obj[SIGNATURES_PROPERTY][0], "sig": keys.b64url(b"\x01" * 64)}
    forged = {**obj, SIGNATURES_PROPERTY: [forged_entry]}
    assert "forged" in signatures.check(forged, known).describe()

    af_key = node.keyring.signing_key(node.party_ref("AF"))
    assert af_key is not None
    by_af = signatures.sign(obj, af_key)  # AF signs PK's object
    kind, message = signatures.check(by_af, known).problems[0]
    assert kind == "wrong-signer" and "not the author" in message

    impostor = {**obj[SIGNATURES_PROPERTY][0], "kid": af_key.kid}  # AF's key claimed as PK's
    assert signatures.check({**obj, SIGNATURES_PROPERTY: [impostor]}, known).problems[0][0] \
        == "wrong-signer"


def test_unknown_key_is_reported_not_trusted(sqlite_store: Store, tmp_path: Path) -> None:
    node = make_node(sqlite_store, tmp_path / "keys")
    incident = node.incident("PK")
    save(node.store, [incident])
    obj = stored(node.store, incident["id"])
    result = signatures.check(obj, signatures.KeyIndex())
    assert not result.ok and not result.forged and "not known" in result.describe()


def test_countersignature_covers_the_author_signature(sqlite_store: Store, tmp_path: Path) -> None:
    node = make_node(sqlite_store, tmp_path / "keys")
    incident = node.incident("PK")
    save(node.store, [incident])
    obj = stored(node.store, incident["id"])
    af_key = node.keyring.signing_key(node.party_ref("AF"))
    assert af_key is not None
    acknowledged = signatures.countersign(obj, af_key)
    known = trusted_keys(node.store)
    assert signatures.check(acknowledged, known).signers == (node.party_ref("PK"),
                                                             node.party_ref("AF"))
    swapped = dict(acknowledged)
    first, second = acknowledged[SIGNATURES_PROPERTY]
    swapped[SIGNATURES_PROPERTY] = [{**first, "signed": "2030-01-01T00:00:00.000Z"}, second]
    problems = signatures.check(swapped, known).problems
    assert [kind for kind, _ in problems] == ["bad-signature", "bad-signature"]


def test_rotated_key_still_verifies_the_past_but_cannot_sign_the_future(
        sqlite_store: Store, tmp_path: Path) -> None:
    node = make_node(sqlite_store, tmp_path / "keys")
    before = node.incident("PK", name="before rotation")
    save(node.store, [before])
    old_key = node.keyring.signing_key(node.party_ref("PK"))
    assert old_key is not None
    new, retired = manage.rotate_key(node.store, node.keyring, "PK", passphrase=None,
                                     unattended=True)
    assert [k.kid for k in retired] == [old_key.kid] and new.kid != old_key.kid
    known = trusted_keys(node.store)
    assert signatures.check(stored(node.store, before["id"]), known).ok
    after = node.incident("PK", name="after rotation")
    save(node.store, [after])
    assert stored(node.store, after["id"])[SIGNATURES_PROPERTY][0]["kid"] == new.kid
    late = signatures.sign(after, old_key)  # a stolen old key signing after the rotation
    assert signatures.check(late, known).problems[0][0] == "key-not-valid"
    identity = stored(node.store, node.party_ref("PK"))
    assert [e["kid"] for e in identity[SIGNATURES_PROPERTY]] == [new.kid, old_key.kid]
    assert signatures.check(identity, known).ok


def test_without_a_key_objects_are_saved_unsigned_unless_required(sqlite_store: Store,
                                                                  tmp_path: Path) -> None:
    node = make_node(sqlite_store, tmp_path / "keys", keyed=("PK",))
    unsigned = node.incident("AF")
    save(node.store, [unsigned])
    assert SIGNATURES_PROPERTY not in stored(node.store, unsigned["id"])
    refused = node.incident("AF", name="must be signed")
    with pytest.raises(TrustError, match="no signing key"):
        save(node.store, [refused], require_signatures=True)
    with pytest.raises(NotFound):
        node.store.get(refused["id"], visibility=ALL)


def test_saving_the_same_content_again_changes_nothing(sqlite_store: Store, tmp_path: Path) -> None:
    node = make_node(sqlite_store, tmp_path / "keys")
    incident = node.incident("PK")
    save(node.store, [incident])
    first = stored(node.store, incident["id"])
    again = save(node.store, [incident])
    assert again.as_dict()["unchanged"] == 1
    newer = next_version(first, description="more detail")  # carries the old signature along
    save(node.store, [newer])
    current = stored(node.store, incident["id"])
    assert current[SIGNATURES_PROPERTY][0]["sig"] != first[SIGNATURES_PROPERTY][0]["sig"]
    assert signatures.check(current, trusted_keys(node.store)).ok


def test_signed_bytes_equal_the_canonical_form_of_the_signed_object(sqlite_store: Store,
                                                                   tmp_path: Path) -> None:
    from jirga.model.canonical import canonical

    node = make_node(sqlite_store, tmp_path / "keys", keyed=("PK",))
    key = node.keyring.signing_key(node.party_ref("PK"))
    assert key is not None
    plain = node.incident("PK", description="quote \" and پشاور and \U0001f600")
    echo = node.incident("PK")
    meta_twin = {"alg": "EdDSA", "kid": key.kid, "signed": "2024-05-05T00:00:00.000Z",
                 "signer_ref": key.party_ref}
    echo["x_twin"] = meta_twin  # the signature entry's bytes also occur elsewhere
    for obj in (plain, echo):
        signed, data = signatures.sign_canonical(obj, key, signed_at=meta_twin["signed"])
        assert data == canonical(signed)


def test_a_batch_checked_on_threads_gets_the_verdicts_of_one_by_one(sqlite_store: Store,
                                                                      tmp_path: Path) -> None:
    node = make_node(sqlite_store, tmp_path / "keys")
    pk_key = node.keyring.signing_key(node.party_ref("PK"))
    af_key = node.keyring.signing_key(node.party_ref("AF"))
    assert pk_key is not None and af_key is not None
    good = [signatures.sign(node.incident("PK", name=f"event {n}"), pk_key) for n in range(150)]
    entry = good[0][SIGNATURES_PROPERTY][0]
    batch = [*good[:70],
             {**good[70], "name": "altered"},  # bad signature, in a batch handed to a thread
             signatures.countersign(good[71], af_key),  # two signatures, both hold
             {**good[72], SIGNATURES_PROPERTY: []},  # malformed list
             {**good[73], SIGNATURES_PROPERTY: [{**entry, "kid": "unknown"}]},
             signatures.unsigned(good[74]),  # carries none
             {**good[75], SIGNATURES_PROPERTY: [{**entry, "alg": "RS256"}]},
             *good[76:149], {**good[149], "description": "altered last"}]
    known = trusted_keys(node.store)
    assert len(batch) > 2 * signatures.VERIFY_BATCH
    many = signatures.check_many(batch, known)
    assert many == [signatures.check(obj, known) for obj in batch]
    kinds = [tuple(kind for kind, _ in result.problems) for result in many]
    assert kinds[70] == ("bad-signature",) and kinds[-1] == ("bad-signature",)
    assert many[71].signers == (node.party_ref("PK"), node.party_ref("AF"))
    assert kinds[72:76] == [("malformed",), ("unknown-key",), (), ("malformed",)]
    assert not many[74].signed and sum(r.ok and r.signed for r in many) == len(batch) - 6
