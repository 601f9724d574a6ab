"""Each run of the store's verification (`jirga verify`, or an administrator's "verify now" on
the trust page), so the pages can say when the node was last checked and what was found."""

SQL = """
CREATE TABLE verify_runs (
  id {serial_pk},
  finished_at TEXT NOT NULL,
  by_user TEXT,
  versions {bigint} NOT NULL,
  signed {bigint} NOT NULL,
  unsigned {bigint} NOT NULL,
  leaves {bigint} NOT NULL,
  heads {bigint} NOT NULL,
  errors {bigint} NOT NULL,
  warnings {bigint} NOT NULL,
  summary TEXT NOT NULL
);
"""
