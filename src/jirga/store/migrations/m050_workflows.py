"""The cooperation mechanism's projection: records, their parties, their transitions, disputes.

One row per current agreement, commitment, meeting and assistance request (`workflow_records`,
carrying the columns the access policy reads: seq, tlp, created_by_ref, source_party); the
parties each names and in which role (`workflow_parties`); every dated change the record's
current version lists (`workflow_transitions`), so a scorecard "as of" any date reads the state
each record was in then; one row per request with the day of each step (`requests_flat`: a
request takes each step at most once, so its state on any day follows from these days); and one
row per dispute (`disputes_flat`, from jirga `opinion` objects).
"""

SQL = """
CREATE TABLE workflow_records (
  id TEXT PRIMARY KEY,
  seq {bigint} NOT NULL,
  type TEXT NOT NULL,
  tlp TEXT,
  created_by_ref TEXT,
  source_party TEXT,
  name TEXT,
  agreement_ref TEXT,
  opened TEXT,
  state TEXT,
  deadline TEXT,
  modified TEXT
);
CREATE INDEX workflow_records_type ON workflow_records (type, opened);
CREATE INDEX workflow_records_agreement ON workflow_records (agreement_ref);
CREATE TABLE workflow_parties (
  id TEXT NOT NULL,
  party_ref TEXT NOT NULL,
  role TEXT NOT NULL,
  PRIMARY KEY (id, party_ref, role)
);
CREATE INDEX workflow_parties_party ON workflow_parties (party_ref, role);
CREATE TABLE workflow_transitions (
  id TEXT NOT NULL,
  n INTEGER NOT NULL,
  at TEXT NOT NULL,
  on_day TEXT NOT NULL,
  action TEXT NOT NULL,
  party_ref TEXT,
  user_name TEXT,
  state TEXT,
  deadline TEXT,
  PRIMARY KEY (id, n)
);
CREATE INDEX workflow_transitions_at ON workflow_transitions (at);
CREATE TABLE requests_flat (
  id TEXT PRIMARY KEY,
  seq {bigint} NOT NULL,
  tlp TEXT,
  created_by_ref TEXT,
  source_party TEXT,
  name TEXT,
  from_ref TEXT,
  to_ref TEXT,
  deadline TEXT,
  requested TEXT NOT NULL,
  acknowledged TEXT,
  started TEXT,
  answered TEXT,
  declined TEXT,
  closed TEXT
);
CREATE INDEX requests_flat_requested ON requests_flat (requested);
CREATE TABLE disputes_flat (
  id TEXT PRIMARY KEY,
  seq {bigint} NOT NULL,
  tlp TEXT,
  created_by_ref TEXT,
  source_party TEXT,
  record_ref TEXT NOT NULL,
  disputed_version TEXT,
  disputed_state TEXT,
  asserted_by_ref TEXT,
  opinion TEXT,
  user_name TEXT,
  raised TEXT NOT NULL,
  withdrawn TEXT
);
CREATE INDEX disputes_flat_record ON disputes_flat (record_ref);
"""

REBUILD = ("workflows",)
