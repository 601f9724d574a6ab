"""The review queue: candidate incidents extracted from documents, and statistical claims.

A candidate's `id` is the id its incident will have once accepted, so the queue, the incident
and the report that cites it agree. `data` holds the candidate as `jirga extract --json`
prints it (every value with its evidence); the other columns are what lists filter and sort on.
"""

SQL = """
CREATE TABLE candidates (
  seq {serial_pk},
  id TEXT NOT NULL UNIQUE,
  document_seq {bigint} NOT NULL,
  status TEXT NOT NULL DEFAULT 'candidate',
  background INTEGER NOT NULL DEFAULT 0,
  confidence {float} NOT NULL,
  occurred TEXT,
  admin1 TEXT,
  place TEXT,
  perpetrator TEXT,
  killed INTEGER,
  injured INTEGER,
  attack_type TEXT,
  data TEXT NOT NULL,
  reason TEXT,
  incident_id TEXT,
  created_at TEXT NOT NULL,
  decided_at TEXT,
  tlp TEXT NOT NULL DEFAULT 'clear',
  created_by_ref TEXT,
  source_party TEXT
);
CREATE INDEX candidates_status ON candidates (status, seq);
CREATE INDEX candidates_document ON candidates (document_seq);
CREATE INDEX candidates_occurred ON candidates (occurred, admin1);
CREATE TABLE claims (
  seq {serial_pk},
  id TEXT NOT NULL UNIQUE,
  document_seq {bigint} NOT NULL,
  text TEXT NOT NULL,
  source TEXT,
  sentence TEXT NOT NULL,
  span_start INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  confidence {float} NOT NULL,
  tlp TEXT NOT NULL DEFAULT 'clear',
  created_by_ref TEXT,
  source_party TEXT
);
CREATE INDEX claims_document ON claims (document_seq);
"""
