"""Incident counts per month and group, attack type or target type, beside incident_counts.

Counting by group or by target type joins every incident to its groups or targets, seconds on a
large register; these sums answer the same questions from a few thousand rows. One row per
(dimension, value, month, place, status, dataset and the columns the access policy tests);
`occurred` is the first of the month. Like incident_counts, derived data that
`store/analytics.py: CountsTable` brings up to date before it is read.
"""

SQL = """
CREATE TABLE incident_value_counts (
  dimension TEXT NOT NULL,
  value TEXT,
  occurred TEXT,
  month TEXT,
  year INTEGER,
  quarter TEXT,
  country TEXT,
  admin1 TEXT,
  admin1_name TEXT,
  review_status TEXT,
  dataset TEXT,
  tlp TEXT,
  created_by_ref TEXT,
  source_party TEXT,
  incidents {bigint} NOT NULL,
  killed_low {bigint} NOT NULL,
  killed_best {bigint} NOT NULL,
  killed_high {bigint} NOT NULL,
  injured_low {bigint} NOT NULL,
  injured_best {bigint} NOT NULL,
  injured_high {bigint} NOT NULL,
  killed_unknown {bigint} NOT NULL,
  injured_unknown {bigint} NOT NULL
);
CREATE INDEX incident_value_counts_dimension ON incident_value_counts (dimension, month);
DELETE FROM incident_counts_state;
"""
