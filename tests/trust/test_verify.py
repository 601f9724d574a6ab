"""`jirga verify` (the service) on both backends: every kind of tampering is found and named."""

from __future__ import annotations

from pathlib import Path

import pytest

from jirga.model import merkle
from jirga.model.extensions import SIGNATURES_PROPERTY
from jirga.objects.authoring import save
from jirga.store import Store, Visibility, log, open_store
from jirga.trust import heads, signatures
from jirga.trust.verify import Report, verify_store
from tests.trust.factories import Node, make_node

ALL = Visibility.everything()


@pytest.fixture
def node(store: Store, tmp_path: Path) -> Node:
    node = make_node(store, tmp_path / "keys")
    save(node.store, [node.incident("PK", name=f"attack {i}", killed=i) for i in range(6)])
    save(node.store, [node.incident("AF", name="Kaaj centre bombing")])
    return node


def run(node: Node, workers: int = 1) -> Report:
    return verify_store(node.store, node.keyring, workers=workers)


def errors_about(report: Report, subject: str) -> set[str]:
    return {f.kind for f in report.errors if f.subject == subject}


def incident_ids(node: Node) -> list[str]:
    rows = node.store.db.query("SELECT id FROM object_versions WHERE type = 'incident' ORDER BY seq")
    return [r[0] for r in rows]


def test_an_untouched_store_verifies(node: Node) -> None:
    report = run(node)
    assert report.ok, [str(f) for f in report.findings]
    assert report.versions == report.leaves == node.store.version_count()
    assert report.signed == 7 + 2 and report.signed_heads >= 2


def test_a_changed_byte_in_a_stored_object_is_named(node: Node) -> None:
    target = incident_ids(node)[2]
    node.store.db.execute("UPDATE object_versions SET json = replace(json, 'attack', 'attacc') "
                          "WHERE id = ?", (target,))
    report = run(node)
    assert errors_about(report, target) == {"content-changed", "leaf-mismatch", "bad-signature"}
    assert {f.subject for f in report.errors} == {target}


def test_a_changed_object_with_its_hash_recomputed_is_still_named(node: Node) -> None:
    import hashlib

    target = incident_ids(node)[0]
    text = node.store.db.scalar("SELECT json FROM object_versions WHERE id = ?", (target,))
    forged = text.replace('"best":0', '"best":1', 1)
    node.store.db.execute("UPDATE object_versions SET json = ?, hash = ? WHERE id = ?",
                          (forged, hashlib.sha256(forged.encode()).digest(), target))
    assert errors_about(run(node), target) == {"leaf-mismatch", "bad-signature"}


def test_a_deleted_row_is_named(node: Node) -> None:
    target = incident_ids(node)[3]
    node.store.db.execute("DELETE FROM object_versions WHERE id = ?", (target,))
    assert errors_about(run(node), target) == {"deleted-version"}


def test_a_reordered_log_is_named(node: Node) -> None:
    db = node.store.db
    first, second = [r[0] for r in db.query("SELECT leaf_index FROM log_leaves l JOIN "
                                            "object_versions v ON v.seq = l.seq WHERE v.type = "
                                            "'incident' ORDER BY l.leaf_index LIMIT 2")]
    db.execute("UPDATE log_leaves SET leaf_index = -1 WHERE leaf_index = ?", (first,))
    db.execute("UPDATE log_leaves SET leaf_index = ? WHERE leaf_index = ?", (first, second))
    db.execute("UPDATE log_leaves SET leaf_index = ? WHERE leaf_index = -1", (second,))
    report = run(node)
    moved = db.scalar("SELECT id FROM log_leaves WHERE leaf_index = ?", (second,))
    assert "log-order" in errors_about(report, moved)
    assert any(f.kind in ("head-root", "log-node") for f in report.errors)


def test_a_truncated_log_is_named(node: Node) -> None:
    db = node.store.db
    size = log.size(db)
    last = db.scalar("SELECT id FROM log_leaves WHERE leaf_index = ?", (size - 1,))
    db.execute("DELETE FROM log_leaves WHERE leaf_index = ?", (size - 1,))
    report = run(node)
    assert "missing-leaf" in errors_about(report, last)
    assert "log-truncated" in errors_about(report, f"tree head {size}")


def test_forged_and_wrong_key_signatures_are_named(node: Node) -> None:
    victim = node.store.get(incident_ids(node)[1], visibility=ALL).object()
    forged = {**victim, "modified": "2030-01-01T00:00:00.000Z", "name": "rewritten by someone"}
    af_key = node.keyring.signing_key(node.party_ref("AF"))
    assert af_key is not None
    impostor = node.incident("PK", name="claimed to be from PK")
    wrong_key = signatures.sign(impostor, af_key)
    wrong_key[SIGNATURES_PROPERTY][0]["signer_ref"] = node.party_ref("PK")
    node.store.add_objects([forged, wrong_key])  # as a careless import would
    report = run(node)
    assert errors_about(report, victim["id"]) == {"bad-signature"}
    assert errors_about(report, impostor["id"]) == {"wrong-signer"}


def test_a_replaced_tree_head_is_named(node: Node) -> None:
    db = node.store.db
    head = log.latest_head(db)
    assert head is not None and head.signed
    db.execute("UPDATE tree_heads SET root_hash = ? WHERE tree_size = ?",
               (merkle.leaf_hash(b"another history"), head.tree_size))
    assert errors_about(run(node), f"tree head {head.tree_size}") == {"head-root",
                                                                     "head-signature"}


def test_a_tree_head_resigned_by_another_party_is_named(node: Node) -> None:
    db = node.store.db
    head = log.latest_head(db)
    af_key = node.keyring.signing_key(node.party_ref("AF"))
    assert head is not None and af_key is not None
    other = heads.sign_head(log.TreeHead(head.tree_size, head.root_hash, head.timestamp), af_key)
    db.execute("UPDATE tree_heads SET signer_ref = ?, kid = ?, sig = ? WHERE tree_size = ?",
               (other.signer_ref, other.kid, other.sig, head.tree_size))
    report = run(node)
    assert errors_about(report, f"tree head {head.tree_size}") == {"head-signature"}


def test_a_changed_subtree_is_found(node: Node) -> None:
    save(node.store, [node.incident("PK", name=f"more {i}") for i in range(20)])
    assert run(node).ok
    node.store.db.execute("UPDATE log_nodes SET hash = ? WHERE level = 4 AND idx = 0",
                          (merkle.leaf_hash(b"x"),))
    assert any(f.kind == "log-node" and "level 4, index 0" in f.message for f in run(node).errors)


def test_parallel_workers_find_the_same(node: Node, monkeypatch: pytest.MonkeyPatch) -> None:
    from jirga.trust import verify

    monkeypatch.setattr(verify, "CHUNK", 3)
    target = incident_ids(node)[4]
    node.store.db.execute("UPDATE object_versions SET json = replace(json, 'attack', 'attacc') "
                          "WHERE id = ?", (target,))
    serial, parallel = run(node, workers=1), run(node, workers=2)
    assert serial.versions == parallel.versions == node.store.version_count()
    assert sorted(map(str, serial.errors)) == sorted(map(str, parallel.errors))
    assert errors_about(parallel, target)


def test_only_heads_left_unsigned_while_the_node_had_a_key_are_warned_about(node: Node) -> None:
    def unsigned_warnings() -> list[str]:
        return [f.message for f in run(node).warnings if f.kind == "unsigned-heads"]

    first = log.heads(node.store.db)[0]
    assert not first.signed  # the parties came before their keys
    assert unsigned_warnings() == []
    # On a fast machine the parties' head and the first key can share a timestamp.
    valid_from = node.store.db.scalar("SELECT MIN(valid_from) FROM trust_keys "
                                      "WHERE origin = 'local'")
    node.store.db.execute("UPDATE tree_heads SET timestamp = ? WHERE tree_size = ?",
                          (valid_from, first.tree_size))
    assert unsigned_warnings() == []
    keyless = open_store(node.store.url)  # a process that forgot the keys signs nothing
    try:
        keyless.add_objects([node.incident("PK", name="stored by a keyless process")])
    finally:
        keyless.close()
    assert unsigned_warnings() == [f"1 of {len(log.heads(node.store.db))} tree heads are "
                                   "unsigned including the latest"]
