"""The node's Merkle log (RFC 9162): one leaf per accepted object version, in `seq` order.

`log_leaves` keeps each leaf's hash with the object id and version it stands for, so a leaf
outlives its object (a TLP:RED version can be purged; `log_purges` says when and why).
`log_nodes` keeps every complete subtree above the leaves, so proofs need O(log n) reads.
`tree_heads` keeps the head written after each batch and, when the node has a log key, its
signature. Versions stored before this migration are appended now, in `seq` order.
"""

from __future__ import annotations

from jirga.store.db import Database

SQL = """
CREATE TABLE log_leaves (
  leaf_index {bigint} PRIMARY KEY,
  seq {bigint} NOT NULL UNIQUE,
  id TEXT NOT NULL,
  version TEXT NOT NULL,
  leaf_hash {blob} NOT NULL,
  appended_at TEXT NOT NULL
);
CREATE TABLE log_nodes (
  level INTEGER NOT NULL,
  idx {bigint} NOT NULL,
  hash {blob} NOT NULL,
  PRIMARY KEY (level, idx)
) {without_rowid};
CREATE TABLE tree_heads (
  tree_size {bigint} PRIMARY KEY,
  root_hash {blob} NOT NULL,
  timestamp TEXT NOT NULL,
  signer_ref TEXT,
  kid TEXT,
  sig {blob}
);
CREATE TABLE log_purges (
  seq {bigint} PRIMARY KEY,
  id TEXT NOT NULL,
  version TEXT NOT NULL,
  purged_at TEXT NOT NULL,
  reason TEXT NOT NULL
);
"""


def apply(db: Database) -> None:
    from jirga.store.log import backfill

    backfill(db)
