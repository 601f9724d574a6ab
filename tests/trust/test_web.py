"""The trust API in-process: heads, proofs, keys, cosignatures, alarms; errors in one shape."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from jirga.model import merkle
from jirga.objects.authoring import save
from jirga.store import Store, log, open_store
from jirga.trust import alarms, check_peer_head, heads, manage
from jirga.trust.keys import unb64url
from jirga.web.app import create_app
from tests.factories import PASSWORD, make_user
from tests.trust.factories import make_node


def test_head_inclusion_consistency_and_keys(store: Store, tmp_path: Path) -> None:
    node = make_node(store, tmp_path / "keys")
    incident = node.incident("PK")
    save(node.store, [incident])
    make_user(node.store, "amina", party="PK")
    client = TestClient(create_app(node.settings, node.store))
    client.auth = ("amina", PASSWORD)
    head = client.get("/api/trust/head").json()
    assert head["signer_ref"] == node.party_ref("PK") and head["cosignatures"] == []
    proof = client.get("/api/trust/inclusion", params={"object_id": incident["id"]}).json()
    assert proof["tree_size"] == head["tree_size"]
    assert merkle.verify_inclusion(proof["leaf_index"], proof["tree_size"],
                                   unb64url(proof["leaf_hash"]),
                                   [unb64url(h) for h in proof["path"]],
                                   unb64url(head["root_hash"]))
    consistency = client.get("/api/trust/consistency", params={"first": 2}).json()
    assert consistency["second"] == head["tree_size"]
    keys = client.get("/api/trust/keys").json()["keys"]
    assert {k["party_code"] for k in keys} == {"PK", "AF"}
    missing = client.get("/api/trust/inclusion", params={"object_id": "incident--"
                                                         "00000000-0000-4000-8000-000000000000"})
    assert missing.status_code == 404 and missing.json()["error"]["status"] == 404
    bad = client.get("/api/trust/consistency", params={"first": 10_000})
    assert bad.status_code == 422 and "between 1 and" in bad.json()["error"]["detail"]


def test_no_signed_head_yet_is_a_clear_error(store: Store, tmp_path: Path) -> None:
    node = make_node(store, tmp_path / "keys", keyed=(), node_party=None)
    client = TestClient(create_app(node.settings, node.store))
    answer = client.get("/api/trust/head")
    assert answer.status_code == 422 and "JIRGA_PARTY" in answer.json()["error"]["detail"]


def test_a_peer_posts_its_cosignature_and_alarms_are_listed(sqlite_store: Store,
                                                            tmp_path: Path) -> None:
    b = make_node(sqlite_store, tmp_path / "b-keys", keyed=("AF",), node_party="AF")
    a_store = open_store(str(tmp_path / "a.db"))
    try:
        a = make_node(a_store, tmp_path / "a-keys", keyed=("PK",), node_party="PK")
        for src, dst, code in ((a, b, "PK"), (b, a, "AF")):
            path = tmp_path / f"{code}.jwks"
            import orjson

            path.write_bytes(orjson.dumps(manage.export_keys(src.store, code)))
            manage.import_keys(dst.store, path)
        client = TestClient(create_app(b.settings, b.store))
        head = client.get("/api/trust/head").json()
        result = check_peer_head(a.store, a.keyring, b.party_ref("AF"), head,
                                 lambda f, s: log.consistency_path(b.store.db, f, s))
        posted = client.post("/api/trust/cosignatures", json=result.cosignature)
        assert posted.status_code == 200, posted.text
        again = client.get("/api/trust/head").json()
        assert [c["cosigner_ref"] for c in again["cosignatures"]] == [a.party_ref("PK")]
        forged = {**result.cosignature, "tree_size": 1}
        assert client.post("/api/trust/cosignatures", json=forged).status_code in (404, 422)
        assert client.post("/api/trust/cosignatures", content=b"not json").status_code == 422
        alarms.raise_alarm(b.store, "verify-failed", "store", "test alarm")
        assert client.get("/api/trust/alarms").status_code == 401
        make_user(b.store, "watcher", "AF", role="observer")
        make_user(b.store, "keeper", "AF", role="admin")
        denied = client.get("/api/trust/alarms", auth=("watcher", PASSWORD))
        assert denied.status_code == 403 and "only admins" in denied.json()["error"]["detail"]
        listed = client.get("/api/trust/alarms", auth=("keeper", PASSWORD)).json()["alarms"]
        assert [x["message"] for x in listed] == ["test alarm"]
        assert heads.head_from_json({k: v for k, v in head.items() if k != "cosignatures"})
    finally:
        a_store.close()
