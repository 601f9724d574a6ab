"""TAXII add-objects checks signatures through the trust layer (in-process, both backends):
forged objects are failures in the status resource and raise an alarm, good ones are stored,
unsigned ones are warned or refused as the writer's peer is set."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient

from jirga.model import merkle
from jirga.model.canonical import canonical
from jirga.objects.authoring import save
from jirga.sharing import collections, peers
from jirga.store import ObjectFilter, Store, Visibility, open_store
from jirga.trust import alarms, heads, manage, proofs
from jirga.trust.keyring import trusted_keys
from jirga.trust.keys import unb64url
from jirga.trust.signatures import KeyIndex
from jirga.web.app import create_app
from tests.factories import PASSWORD, make_user
from tests.helpers import run_cli
from tests.trust.factories import Node, make_node

MT = "application/taxii+json;version=2.1"
ALL = Visibility.everything()


@pytest.fixture
def env(store: Store, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """Node B (AF) with PK's public keys; PK's writer may add to B's `inbox` collection;
    node A (PK, its own SQLite file) signs what the writer sends."""
    a_store = open_store(str(tmp_path / "a.db"))
    a = make_node(a_store, tmp_path / "a-keys", keyed=("PK",), node_party="PK")
    b = make_node(store, tmp_path / "b-keys", keyed=("AF",), node_party="AF")
    path = tmp_path / "pk.jwks"
    path.write_bytes(orjson.dumps(manage.export_keys(a.store, "PK")))
    manage.import_keys(b.store, path)
    make_user(b.store, "pk-writer", "PK", "analyst")
    found = collections.add_collection(b.store, "inbox")
    collections.grant(b.store, "inbox", "PK", read=True, write=True)
    with TestClient(create_app(b.settings, b.store)) as client:
        yield {"a": a, "b": b, "client": client, "url": f"/taxii2/api/collections/{found.id}/"}
    a_store.close()


def auth_headers() -> dict[str, str]:
    raw = base64.b64encode(f"pk-writer:{PASSWORD}".encode()).decode()
    return {"Authorization": f"Basic {raw}", "Accept": MT}


def post(env: dict[str, Any], *objects: dict[str, Any]) -> dict[str, Any]:
    answer = env["client"].post(env["url"] + "objects/", content=orjson.dumps(
        {"objects": list(objects)}), headers={**auth_headers(), "Content-Type": MT})
    assert answer.status_code == 202, answer.text
    return answer.json()


def signed(a: Node, name: str) -> dict[str, Any]:
    incident = a.incident("PK", name=name)
    save(a.store, [incident])
    return orjson.loads(orjson.dumps(a.store.get(incident["id"], visibility=ALL).object()))


def on_b(env: dict[str, Any], object_id: str) -> int:
    return env["b"].store.count(ObjectFilter(ids=(object_id,), include_revoked=True),
                                visibility=ALL)


def test_forged_objects_are_failures_and_good_ones_are_stored(env: dict[str, Any]) -> None:
    a: Node = env["a"]
    good = signed(a, "Besham convoy attack")
    forged = {**signed(a, "Quetta hospital attack"), "name": "Quetta (edited in transit)"}
    unsigned = a.incident("PK", name="Unsigned note")
    status = post(env, good, forged, unsigned)
    assert (status["success_count"], status["failure_count"]) == (2, 1)
    (failure,) = status["failures"]
    assert failure["id"] == forged["id"] and failure["message"].startswith("refused: ")
    assert "does not verify" in failure["message"]
    assert {s["id"] for s in status["successes"]} == {good["id"], unsigned["id"]}
    assert on_b(env, good["id"]) == 1 and on_b(env, unsigned["id"]) == 1
    assert on_b(env, forged["id"]) == 0
    assert env["b"].store.get(good["id"], visibility=ALL).object() == good
    (alarm,) = alarms.open_alarms(env["b"].store)
    assert alarm.kind == "forged-objects" and forged["id"] in (alarm.details or "")
    # receipts: inclusion proofs against B's signed head that the writer checks with B's key
    receipts = {r["object_id"]: r for r in status["x_jirga_receipts"]}
    assert set(receipts) == {good["id"], unsigned["id"]}
    receipt = receipts[good["id"]]
    head = heads.head_from_json(status["x_jirga_tree_head"])  # once per status
    b_keys = KeyIndex(k for k in trusted_keys(env["b"].store) if k.party_ref == env["b"].party_ref("AF"))
    assert heads.check_head(head, b_keys, signer_ref=env["b"].party_ref("AF")) is None
    assert receipt["tree_size"] == head.tree_size and "head" not in receipt
    assert merkle.verify_inclusion(receipt["leaf_index"], receipt["tree_size"],
                                   merkle.leaf_hash(canonical(good)),
                                   [unb64url(h) for h in receipt["path"]], head.root_hash)
    assert proofs.check_receipts(status, b_keys, [good, unsigned]).ok
    # the status read back later is the same resource
    again = env["client"].get(f"/taxii2/api/status/{status['id']}/", headers=auth_headers())
    assert again.json() == status


def test_receipts_checked_against_the_objects_sent_catch_any_alteration(
        env: dict[str, Any]) -> None:
    sent = [signed(env["a"], f"Receipt check {n}") for n in range(5)]
    status = post(env, *sent)
    b_keys = KeyIndex(k for k in trusted_keys(env["b"].store) if k.party_ref == env["b"].party_ref("AF"))
    report = proofs.check_receipts(status, b_keys, sent)
    assert report.ok and report.lines[-1] == "5 of 5 receipts hold"
    other = KeyIndex(k for k in trusted_keys(env["b"].store) if k.party_ref != env["b"].party_ref("AF"))
    assert not proofs.check_receipts(status, other, sent).ok  # the head's key is not trusted
    altered = [{**sent[0], "name": "changed after sending"}, *sent[1:]]
    assert "not the hash of the object sent" in proofs.check_receipts(status, b_keys,
                                                                      altered).problems[0]
    bad_path = orjson.loads(orjson.dumps(status))
    bad_path["x_jirga_receipts"][2]["path"][0] = "A" * 43  # 32 zero bytes
    (problem,) = proofs.check_receipts(bad_path, b_keys, sent).problems
    assert "does not lead" in problem
    moved = orjson.loads(orjson.dumps(status))
    moved["x_jirga_tree_head"]["tree_size"] += 1  # the signature no longer holds
    assert not proofs.check_receipts(moved, b_keys).ok


def test_a_writer_whose_peer_must_sign_cannot_add_unsigned_objects(env: dict[str, Any]) -> None:
    peers.add_peer(env["b"].store, "pk", "http://127.0.0.1:9", "jirga_x", "PK",
                   require_signatures=True)
    good = signed(env["a"], "Bajaur rally bombing")
    unsigned = env["a"].incident("PK", name="Unsigned note")
    status = post(env, good, unsigned)
    assert [f["id"] for f in status["failures"]] == [unsigned["id"]]
    assert "carries no signature" in status["failures"][0]["message"]
    assert on_b(env, unsigned["id"]) == 0 and on_b(env, good["id"]) == 1
    assert alarms.open_alarms(env["b"].store) == []  # a rule, not tampering


def test_check_proof_checks_a_saved_status_with_the_receiving_nodes_key(
        env: dict[str, Any], tmp_path: Path) -> None:
    sent = [signed(env["a"], f"Saved status {n}") for n in range(3)]
    status_file, envelope = tmp_path / "status.json", tmp_path / "sent.json"
    status_file.write_bytes(orjson.dumps(post(env, *sent)))
    envelope.write_bytes(orjson.dumps({"objects": sent}))
    b_key = tmp_path / "af.jwks"
    b_key.write_bytes(orjson.dumps(manage.export_keys(env["b"].store, "AF")))
    bare = {"PATH": "/usr/bin:/bin"}  # a third party: no database, no keys directory
    checked = run_cli("check-proof", str(status_file), "--key", str(b_key), "--objects",
                      str(envelope), env=bare)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "ok: 3 of 3 receipts hold" in checked.stdout
    envelope.write_bytes(orjson.dumps({"objects": [{**sent[1], "name": "edited"}]}))
    altered = run_cli("check-proof", str(status_file), "--key", str(b_key), "--objects",
                      str(envelope), env=bare)
    assert altered.returncode == 6 and "not the hash of the object sent" in altered.stdout
