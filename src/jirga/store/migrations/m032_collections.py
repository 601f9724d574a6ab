"""TAXII collections, the parties allowed to read or write each, what was posted to them, and
the status of every add-objects request.

A collection's `scope` is `all` (every object on this node, as the policy allows) or `posted`
(the objects clients added to it). Membership rows name the versions posted, by `seq`, so a
write appends to the index instead of scattering over it; reads serve every version of a
member object as this node holds them (the current one for `last`).
"""

SQL = """
CREATE TABLE collections (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  description TEXT,
  scope TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE collection_grants (
  collection_id TEXT NOT NULL REFERENCES collections (id),
  party_code TEXT NOT NULL REFERENCES parties (code),
  can_read INTEGER NOT NULL,
  can_write INTEGER NOT NULL,
  PRIMARY KEY (collection_id, party_code)
);
CREATE TABLE collection_versions (
  collection_id TEXT NOT NULL,
  seq {bigint} NOT NULL,
  PRIMARY KEY (collection_id, seq)
) {without_rowid};
CREATE TABLE taxii_status (
  id TEXT PRIMARY KEY,
  collection_id TEXT NOT NULL,
  user_name TEXT,
  status TEXT NOT NULL,
  request_timestamp TEXT NOT NULL,
  total_count INTEGER NOT NULL,
  success_count INTEGER NOT NULL,
  failure_count INTEGER NOT NULL,
  pending_count INTEGER NOT NULL,
  details TEXT NOT NULL
);
"""
