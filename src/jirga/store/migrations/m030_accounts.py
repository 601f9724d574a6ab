"""Parties, users, API tokens and web sessions: who may sign in to this node, and as whom.

A party is also a STIX `identity` in `object_versions` (so it travels and can be referenced);
this table is the node's registry of the parties it deals with, keyed by their short code.
Secrets are never stored: passwords as argon2 hashes, tokens and session ids as SHA-256 digests.
"""

SQL = """
CREATE TABLE parties (
  code TEXT PRIMARY KEY,
  identity_id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE users (
  name TEXT PRIMARY KEY,
  party_code TEXT NOT NULL REFERENCES parties (code),
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  password_changed_at TEXT NOT NULL
);
CREATE INDEX users_party ON users (party_code);
CREATE TABLE tokens (
  prefix TEXT PRIMARY KEY,
  digest TEXT NOT NULL,
  user_name TEXT NOT NULL REFERENCES users (name),
  label TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT,
  last_used_at TEXT
);
CREATE INDEX tokens_user ON tokens (user_name);
CREATE TABLE sessions (
  digest TEXT PRIMARY KEY,
  user_name TEXT NOT NULL REFERENCES users (name),
  csrf TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_name);
"""
