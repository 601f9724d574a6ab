"""Public keys the node knows, peers' tree heads, cosignatures of ours, and trust alarms.

Private keys are never in the database: they live in files under the `keys_dir` setting, so a
database dump, backup or replica cannot sign anything. `trust_keys` holds public keys only:
this node's parties' keys (origin `local`), keys an operator imported for a peer (`imported`)
and keys learned from a party's identity object signed by a key already trusted (`published`).
"""

SQL = """
CREATE TABLE trust_keys (
  kid TEXT PRIMARY KEY,
  party_ref TEXT NOT NULL,
  party_code TEXT,
  public_key {blob} NOT NULL,
  valid_from TEXT NOT NULL,
  valid_until TEXT,
  status TEXT NOT NULL,
  origin TEXT NOT NULL,
  added_at TEXT NOT NULL
);
CREATE INDEX trust_keys_party ON trust_keys (party_ref);
CREATE TABLE peer_heads (
  peer_ref TEXT NOT NULL,
  tree_size {bigint} NOT NULL,
  root_hash {blob} NOT NULL,
  timestamp TEXT NOT NULL,
  signer_ref TEXT NOT NULL,
  kid TEXT NOT NULL,
  sig {blob} NOT NULL,
  received_at TEXT NOT NULL,
  cosig_kid TEXT,
  cosig {blob},
  PRIMARY KEY (peer_ref, tree_size)
);
CREATE TABLE head_cosignatures (
  tree_size {bigint} NOT NULL,
  kid TEXT NOT NULL,
  cosigner_ref TEXT NOT NULL,
  sig {blob} NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (tree_size, kid)
);
CREATE TABLE trust_alarms (
  id {serial_pk},
  raised_at TEXT NOT NULL,
  kind TEXT NOT NULL,
  subject TEXT,
  message TEXT NOT NULL,
  details TEXT,
  acknowledged_at TEXT,
  acknowledged_by TEXT
);
CREATE INDEX trust_alarms_open ON trust_alarms (acknowledged_at, id);
"""
