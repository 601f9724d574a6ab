"""Incident counts per day (and per month), place, status, dataset and the columns the access
policy tests.

Statistics over a million incidents must answer in milliseconds; summing `incidents_flat` row
by row does not. `incident_counts` holds one row per combination of day and the columns that
statistics filter on and that the access policy tests (tlp, creator, source party), with the
count and the sums of every toll; `incident_counts_monthly` sums those again by month (its
`occurred` is the first of the month), for questions whose dates fall on month boundaries.
Both are derived data, brought up to date before it is read
(`store/analytics.py: CountsTable.refresh`): `incident_counts_state` records the newest
incident version and the number of migrations it reflects. Row triggers would keep it exact
too, but cost SQLite 30-50 µs per inserted incident, which a million-row import cannot afford.
"""

SQL = """
CREATE TABLE incident_counts (
  occurred TEXT,
  country TEXT,
  admin1 TEXT,
  admin1_name TEXT,
  review_status TEXT,
  dataset TEXT,
  tlp TEXT,
  created_by_ref TEXT,
  source_party TEXT,
  year INTEGER,
  quarter TEXT,
  month TEXT,
  week TEXT,
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
CREATE INDEX incident_counts_occurred ON incident_counts (occurred);
CREATE TABLE incident_counts_monthly AS SELECT * FROM incident_counts WHERE 1 = 0;
CREATE TABLE incident_counts_state (
  id INTEGER PRIMARY KEY,
  seq {bigint} NOT NULL,
  migrations INTEGER NOT NULL
);
"""
