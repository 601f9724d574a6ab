"""The first projection: one flat row per current incident, and one row per group it names."""

SQL = """
CREATE TABLE incidents_flat (
  id TEXT PRIMARY KEY,
  seq {bigint} NOT NULL,
  name TEXT,
  created_by_ref TEXT,
  source_party TEXT,
  tlp TEXT,
  occurred TEXT,
  precision TEXT,
  year INTEGER,
  quarter TEXT,
  month TEXT,
  week TEXT,
  country TEXT,
  admin1 TEXT,
  admin1_name TEXT,
  district TEXT,
  place TEXT,
  latitude {float},
  longitude {float},
  perpetrator TEXT,
  perpetrator_basis TEXT,
  attack_type TEXT,
  target_type TEXT,
  cross_border INTEGER,
  review_status TEXT,
  killed_low INTEGER,
  killed_best INTEGER,
  killed_high INTEGER,
  injured_low INTEGER,
  injured_best INTEGER,
  injured_high INTEGER
);
CREATE INDEX incidents_flat_occurred ON incidents_flat (occurred);
CREATE INDEX incidents_flat_admin1 ON incidents_flat (admin1, occurred);
CREATE INDEX incidents_flat_perpetrator ON incidents_flat (perpetrator, occurred);
CREATE TABLE incident_groups (
  id TEXT NOT NULL,
  perpetrator TEXT NOT NULL,
  basis TEXT,
  PRIMARY KEY (id, perpetrator)
);
CREATE INDEX incident_groups_perpetrator ON incident_groups (perpetrator);
"""
