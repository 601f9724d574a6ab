"""Two nodes in one process: what the sharing layer will wire to TAXII and sync.

Node A runs for PK, node B for AF. Objects travel from A to B through `verify_incoming`; B
answers with receipts A can check; A cross-checks B's log heads and cosigns them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from jirga.errors import TrustError
from jirga.model import merkle
from jirga.model.extensions import SIGNATURES_PROPERTY
from jirga.objects.authoring import save
from jirga.store import Store, Visibility, log, open_store
from jirga.store.trust import peer_heads
from jirga.trust import (
    PeerPolicy,
    accept_cosignature,
    alarms,
    check_peer_head,
    heads,
    learn_keys,
    manage,
    receipts,
    verify_incoming,
)
from jirga.trust.keyring import trusted_keys
from jirga.trust.keys import unb64url
from jirga.trust.proofs import check_receipts
from tests.trust.factories import Node, make_node

ALL = Visibility.everything()


@pytest.fixture
def nodes(store: Store, tmp_path: Path) -> Iterator[tuple[Node, Node]]:
    a_store = open_store(str(tmp_path / "a.db"))
    a = make_node(a_store, tmp_path / "a-keys", keyed=("PK",), node_party="PK")
    b = make_node(store, tmp_path / "b-keys", keyed=("AF",), node_party="AF")
    for src, dst, code in ((a, b, "PK"), (b, a, "AF")):
        path = tmp_path / f"{code}.jwks"
        path.write_bytes(orjson.dumps(manage.export_keys(src.store, code)))
        manage.import_keys(dst.store, path)
    yield a, b
    a_store.close()


def sent(a: Node, *objects: dict[str, Any]) -> list[dict[str, Any]]:
    """What A sends: its stored (signed) versions, as JSON on the wire."""
    save(a.store, list(objects))
    return [orjson.loads(orjson.dumps(a.store.get(o["id"], visibility=ALL).object()))
            for o in objects]


def receive(b: Node, objects: list[dict[str, Any]], peer_ref: str, require: bool = True) -> Any:
    policy = PeerPolicy(peer_ref, require)
    verdict = verify_incoming(b.store, objects, policy)
    with b.store.db.transaction():
        learn_keys(b.store, verdict)
        b.store.add_objects(verdict.accepted, source_party=peer_ref)
    return verdict


def test_signed_objects_are_accepted_and_answered_with_receipts(nodes: tuple[Node, Node]) -> None:
    a, b = nodes
    objects = sent(a, a.incident("PK", name="Besham convoy attack"), a.incident("PK"))
    verdict = receive(b, objects, a.party_ref("PK"))
    assert len(verdict.accepted) == 2 and not verdict.rejected
    given = receipts(b.store, [(o["id"], o["modified"]) for o in objects])
    assert len(given["receipts"]) == 2
    b_keys = trusted_keys(a.store)  # A checks B's receipts with B's public key only
    head = heads.head_from_json(given["head"])  # the signed head, once for the batch
    assert heads.check_head(head, b_keys, signer_ref=b.party_ref("AF")) is None
    for proof, obj in zip(given["receipts"], objects, strict=True):
        from jirga.model.canonical import canonical

        leaf = merkle.leaf_hash(canonical(obj))
        path = [unb64url(h) for h in proof["path"]]
        assert proof["tree_size"] == head.tree_size and "head" not in proof
        assert merkle.verify_inclusion(proof["leaf_index"], proof["tree_size"], leaf, path,
                                       head.root_hash)
    status = {"x_jirga_tree_head": given["head"], "x_jirga_receipts": given["receipts"]}
    assert check_receipts(status, b_keys, objects).ok
    assert not check_receipts(status, b_keys, [*objects, a.incident("PK")]).ok  # no receipt


def test_forged_unsigned_unknown_and_replayed_objects_are_rejected(nodes: tuple[Node, Node]) -> None:
    a, b = nodes
    [good] = sent(a, a.incident("PK", name="original"))
    receive(b, [good], a.party_ref("PK"))
    forged = {**good, "name": "altered on the way", "modified": "2031-01-01T00:00:00.000Z"}
    replay = {**good, "description": "same version, other content"}
    unsigned = a.incident("PK", name="unsigned")
    stranger = sent(a, a.incident("PK", name="signed by a key B never saw"))[0]
    stranger[SIGNATURES_PROPERTY][0]["kid"] = "unknown-kid"
    policy_strict = verify_incoming(b.store, [forged, replay, unsigned, stranger],
                                    PeerPolicy(a.party_ref("PK"), require_signatures=True))
    assert policy_strict.accepted == []
    assert {p.object_id for p in policy_strict.forged} == {good["id"]}
    assert len(policy_strict.rejected) == 4
    lenient = verify_incoming(b.store, [forged, unsigned, stranger],
                              PeerPolicy(a.party_ref("PK"), require_signatures=False))
    assert [o["id"] for o in lenient.accepted] == [unsigned["id"], stranger["id"]]
    assert len(lenient.warnings) == 2 and [p.object_id for p in lenient.forged] == [good["id"]]
    from jirga.trust import alarm_forged

    alarm_forged(b.store, PeerPolicy(a.party_ref("PK")), lenient)
    [alarm] = alarms.open_alarms(b.store)
    assert alarm.kind == "forged-objects" and good["id"] in (alarm.details or "")


def test_a_rotated_key_is_learned_from_the_countersigned_identity(nodes: tuple[Node, Node]) -> None:
    a, b = nodes
    new, _ = manage.rotate_key(a.store, a.keyring, "PK", passphrase=None, unattended=True)
    identity = a.store.get(a.party_ref("PK"), visibility=ALL).object()
    [later] = sent(a, a.incident("PK", name="signed with the new key"))
    before = verify_incoming(b.store, [later], PeerPolicy(a.party_ref("PK")))
    assert before.accepted == []  # B does not know the new key yet
    verdict = receive(b, [identity, later], a.party_ref("PK"))
    assert [k.kid for k in verdict.learned_keys if k.kid == new.kid] == [new.kid]
    assert len(verdict.accepted) == 2
    assert trusted_keys(b.store).get(new.kid) is not None


def test_an_identity_listing_keys_no_trusted_key_signed_teaches_nothing(
        nodes: tuple[Node, Node], tmp_path: Path) -> None:
    a, b = nodes
    rogue_store = open_store(str(tmp_path / "rogue.db"))
    try:
        rogue = make_node(rogue_store, tmp_path / "rogue-keys", keyed=("PK",), node_party="PK")
        fake_identity = rogue.store.get(rogue.party_ref("PK"), visibility=ALL).object()
        verdict = verify_incoming(b.store, [fake_identity], PeerPolicy(a.party_ref("PK")))
        assert verdict.learned_keys == [] and verdict.accepted == []
    finally:
        rogue_store.close()


def b_head(b: Node) -> dict[str, Any]:
    head = log.latest_head(b.store.db, signed=True)
    assert head is not None
    return heads.head_json(head)


def test_heads_are_kept_checked_for_consistency_and_cosigned(nodes: tuple[Node, Node]) -> None:
    a, b = nodes
    fetch = lambda first, second: log.consistency_path(b.store.db, first, second)  # noqa: E731
    first = check_peer_head(a.store, a.keyring, b.party_ref("AF"), b_head(b), fetch)
    assert first.new and first.previous is None and first.cosignature is not None
    stored = accept_cosignature(b.store, first.cosignature)
    assert stored.cosigner_ref == a.party_ref("PK")
    save(b.store, [b.incident("AF", name="later on B")])
    second = check_peer_head(a.store, a.keyring, b.party_ref("AF"), b_head(b), fetch)
    assert second.new and second.previous == first.head
    again = check_peer_head(a.store, a.keyring, b.party_ref("AF"), b_head(b), fetch)
    assert not again.new and again.cosignature == second.cosignature


def _resigned(b: Node, size: int, root: bytes) -> dict[str, Any]:
    key = b.keyring.log_key()
    assert key is not None
    return heads.head_json(heads.sign_head(log.TreeHead(size, root, "2030-01-01T00:00:00.000Z"),
                                           key))


@pytest.mark.parametrize("attack", ["fork", "truncate", "rewrite", "impostor"])
def test_a_lying_peer_stops_the_sync_and_raises_an_alarm(nodes: tuple[Node, Node],
                                                         attack: str) -> None:
    a, b = nodes
    save(b.store, [b.incident("AF", name=f"event {i}") for i in range(3)])
    fetch = lambda first, second: log.consistency_path(b.store.db, first, second)  # noqa: E731
    seen = check_peer_head(a.store, a.keyring, b.party_ref("AF"), b_head(b), fetch).head
    other_root = merkle.leaf_hash(b"another history")
    lie = {
        "fork": _resigned(b, seen.tree_size, other_root),
        "truncate": _resigned(b, seen.tree_size - 2, other_root),
        "rewrite": _resigned(b, seen.tree_size + 3, other_root),
        "impostor": heads.head_json(heads.sign_head(
            log.TreeHead(seen.tree_size + 1, other_root, "2030-01-01T00:00:00.000Z"),
            a.keyring.log_key())),  # type: ignore[arg-type]
    }[attack]
    kind = {"fork": "peer-fork", "truncate": "peer-truncated", "rewrite": "peer-inconsistent",
            "impostor": "peer-bad-head"}[attack]
    with pytest.raises(TrustError, match="sync stops"):
        check_peer_head(a.store, a.keyring, b.party_ref("AF"), lie, fetch)
    [alarm] = alarms.open_alarms(a.store)
    assert alarm.kind == kind and alarm.subject == b.party_ref("AF")
    assert [p.head for p in peer_heads(a.store.db, b.party_ref("AF"))] == [seen]  # lie not kept


def test_a_cosignature_of_another_head_is_refused(nodes: tuple[Node, Node]) -> None:
    a, b = nodes
    fetch = lambda first, second: log.consistency_path(b.store.db, first, second)  # noqa: E731
    cosig = check_peer_head(a.store, a.keyring, b.party_ref("AF"), b_head(b), fetch).cosignature
    assert cosig is not None
    with pytest.raises(TrustError, match="differs"):
        accept_cosignature(b.store, {**cosig, "root_hash": heads.head_json(log.TreeHead(
            1, merkle.leaf_hash(b"x"), cosig["timestamp"]))["root_hash"]})
    with pytest.raises(TrustError, match="does not verify"):
        accept_cosignature(b.store, {**cosig, "sig": cosig["sig"][:-4] + "AAAA"})
