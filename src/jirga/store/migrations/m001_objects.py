"""Every STIX object version, which of them is current, markings, text search.

One table holds every version; `is_current` marks the latest version of each object, and
partial indexes over current rows serve the lists, so a new object costs one row and no
second table. `current_objects` is a view for readable SQL. The SQLite text index is
contentless (the text already lives in the JSON) and is told the old text when an entry goes.
"""

SQL = """
CREATE TABLE object_versions (
  seq {bigint} PRIMARY KEY,
  id TEXT NOT NULL,
  type TEXT NOT NULL,
  version TEXT NOT NULL,
  modified TEXT,
  created TEXT,
  created_by_ref TEXT,
  revoked INTEGER NOT NULL DEFAULT 0,
  is_current INTEGER NOT NULL DEFAULT 0,
  tlp TEXT,
  name TEXT,
  added_at TEXT NOT NULL,
  source_party TEXT,
  hash {blob} NOT NULL,
  json TEXT NOT NULL,
  UNIQUE (id, version)
);
CREATE INDEX object_versions_added ON object_versions (added_at);
CREATE INDEX current_by_type ON object_versions (type, seq) WHERE is_current = 1;
CREATE INDEX current_by_type_version ON object_versions (type, version, seq) WHERE is_current = 1;
CREATE INDEX current_by_creator ON object_versions (created_by_ref, seq) WHERE is_current = 1;
CREATE INDEX current_by_version ON object_versions (version, seq) WHERE is_current = 1;
CREATE VIEW current_objects AS SELECT * FROM object_versions WHERE is_current = 1;
CREATE TABLE object_markings (
  id TEXT NOT NULL,
  marking_ref TEXT NOT NULL,
  PRIMARY KEY (id, marking_ref)
) {without_rowid};
"""

SQLITE = """
CREATE VIRTUAL TABLE objects_fts USING fts5(name, body, content = '',
  tokenize = 'unicode61 remove_diacritics 2');
"""

POSTGRESQL = """
ALTER TABLE object_versions ADD COLUMN search tsvector;
CREATE INDEX current_search ON object_versions USING GIN (search) WHERE is_current = 1;
"""
