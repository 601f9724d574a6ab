"""The log in the database, on both backends: leaves per accepted version, heads per batch,
proofs from stored subtrees, the migration that appends what was stored before it."""

from __future__ import annotations

from pathlib import Path

from jirga.model import merkle
from jirga.model.canonical import canonical
from jirga.store import Store, Visibility, log, open_store
from jirga.trust import proofs
from tests.factories import make_object, new_version

ALL = Visibility.everything()


def test_every_accepted_version_gets_a_leaf_and_each_batch_a_head(store: Store) -> None:
    objects = [make_object("campaign") for _ in range(5)]
    store.add_objects(objects)
    assert log.size(store.db) == 5 and [h.tree_size for h in log.heads(store.db)] == [5]
    store.add_objects(objects)  # unchanged: no leaves, no head
    store.add_objects([new_version(objects[0], 3, description="v2")])
    assert log.size(store.db) == 6 and [h.tree_size for h in log.heads(store.db)] == [5, 6]
    leaf = log.leaf_of(store.db, objects[0]["id"])
    stored = store.get(objects[0]["id"], visibility=ALL).object()
    assert leaf is not None and leaf.leaf_hash == merkle.leaf_hash(canonical(stored))
    assert not log.latest_head(store.db).signed  # no keyring attached: unsigned heads


def test_a_refused_batch_leaves_no_leaf(store: Store) -> None:
    obj = make_object("campaign")
    store.add_objects([obj])
    changed = {**obj, "description": "same modified, other content"}
    result = store.add_objects([changed])
    assert result.refused and log.size(store.db) == 1


def test_proofs_from_stored_subtrees_check_against_the_root(store: Store) -> None:
    for batch in range(7):
        store.add_objects([make_object("indicator") for _ in range(batch + 3)])
    size = log.size(store.db)
    leaves = [leaf.leaf_hash for leaf in log.iter_leaves(store.db)]
    assert len(leaves) == size and log.root_at(store.db, size) == merkle.root(leaves)
    for head in log.heads(store.db):
        assert head.root_hash == merkle.root(leaves[:head.tree_size])
        for index in (0, head.tree_size // 2, head.tree_size - 1):
            path = log.inclusion_path(store.db, index, head.tree_size)
            assert len(path) <= (head.tree_size - 1).bit_length()
            assert merkle.verify_inclusion(index, head.tree_size, leaves[index], path,
                                           head.root_hash)
        batch = log.leaves_of(store.db, [(leaf.id, leaf.version) for leaf in
                                         log.iter_leaves(store.db)][:head.tree_size])
        chosen = sorted(batch.values(), key=lambda leaf: leaf.leaf_index)
        paths = log.inclusion_paths(store.db, chosen, head.tree_size, head.root_hash)
        assert paths == [log.inclusion_path(store.db, leaf.leaf_index, head.tree_size)
                         for leaf in chosen]
    first = log.heads(store.db)[2]
    proof = log.consistency_path(store.db, first.tree_size, size)
    assert merkle.verify_consistency(first.tree_size, size, first.root_hash,
                                     log.root_at(store.db, size), proof)


def test_consistency_proof_document(store: Store) -> None:
    store.add_objects([make_object("campaign") for _ in range(3)])
    store.add_objects([make_object("campaign") for _ in range(4)])
    doc = proofs.consistency_proof(store, 3, 7)
    assert doc["first"] == 3 and doc["second"] == 7 and doc["first_head"]["tree_size"] == 3


def test_the_migration_appends_versions_stored_before_the_log(tmp_path: Path) -> None:
    path = str(tmp_path / "old.db")
    old = open_store(path)
    old.add_objects([make_object("campaign") for _ in range(4)])
    old.db.execute("DELETE FROM log_leaves")
    old.db.execute("DELETE FROM log_nodes")
    old.db.execute("DELETE FROM tree_heads")
    old.db.execute("DELETE FROM migrations WHERE name = 'm040_trust_log'")
    for table in ("log_leaves", "log_nodes", "tree_heads", "log_purges"):
        old.db.execute(f"DROP TABLE {table}")
    old.close()
    upgraded = open_store(path)
    try:
        assert log.size(upgraded.db) == 4
        seqs = [leaf.seq for leaf in log.iter_leaves(upgraded.db)]
        assert seqs == sorted(seqs)
        assert log.latest_head(upgraded.db).tree_size == 4
    finally:
        upgraded.close()


def test_a_version_rfc8785_cannot_write_is_logged_by_its_stored_text(store: Store) -> None:
    from jirga.store.objects import stored_json
    from jirga.trust.verify import verify_store

    big = make_object("campaign", x_counter=2**60)  # beyond RFC 8785's integers
    floats = make_object("campaign", x_ratio=2.0, x_share=0.25)  # an integral float: reference path
    store.add_objects([big, floats])
    leaves = {leaf.id: leaf.leaf_hash for leaf in log.iter_leaves(store.db)}
    assert leaves[big["id"]] == merkle.leaf_hash(stored_json(big))
    assert leaves[floats["id"]] == merkle.leaf_hash(canonical(floats))
    assert canonical(floats) != stored_json(floats)  # orjson writes 2.0, RFC 8785 writes 2
    assert verify_store(store).ok
