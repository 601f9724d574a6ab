"""Peers this node pulls from, and a cursor per peer and collection so a sync resumes.

The peer's token is kept as given: the node must present it to the peer. Protect the database
file accordingly (docs/operations.md).
"""

SQL = """
CREATE TABLE peers (
  name TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  token TEXT NOT NULL,
  party_code TEXT NOT NULL REFERENCES parties (code),
  created_at TEXT NOT NULL,
  last_sync_at TEXT,
  last_error TEXT
);
CREATE TABLE sync_cursors (
  peer TEXT NOT NULL REFERENCES peers (name),
  collection_id TEXT NOT NULL,
  added_after TEXT,
  next TEXT,
  objects {bigint} NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (peer, collection_id)
);
"""
