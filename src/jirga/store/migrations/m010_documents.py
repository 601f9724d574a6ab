"""Documents read by `jirga ingest`: text, metadata, hash, near-duplicate links and sketches.

`sha256` is the hash of the normalised text, so the same document read twice is stored once.
`duplicate_of` links a near-duplicate (one wire story on two sites) to the first copy; its
candidates are not queued again. `document_sketch` holds each document's bottom-k shingle
hashes, the look-up that finds near-duplicate candidates without comparing every text.
Rows carry `id` (the document's STIX report id), `tlp`, `created_by_ref` and `source_party`
so the access policy's condition applies to them as to objects.
"""

SQL = """
CREATE TABLE documents (
  seq {serial_pk},
  id TEXT NOT NULL UNIQUE,
  sha256 TEXT NOT NULL UNIQUE,
  url TEXT,
  title TEXT,
  authors TEXT NOT NULL DEFAULT '[]',
  published TEXT,
  language TEXT,
  format TEXT NOT NULL,
  source TEXT NOT NULL,
  text TEXT NOT NULL,
  chars INTEGER NOT NULL,
  duplicate_of {bigint},
  similarity {float},
  ingested_at TEXT NOT NULL,
  tlp TEXT NOT NULL DEFAULT 'clear',
  created_by_ref TEXT,
  source_party TEXT
);
CREATE INDEX documents_published ON documents (published);
CREATE INDEX documents_url ON documents (url);
CREATE INDEX documents_duplicate_of ON documents (duplicate_of);
CREATE TABLE document_sketch (
  hash {bigint} NOT NULL,
  document_seq {bigint} NOT NULL,
  PRIMARY KEY (hash, document_seq)
) {without_rowid};
"""
