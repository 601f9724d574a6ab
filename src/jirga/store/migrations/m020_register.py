"""The register's columns: day number, locality, every group and target, sources, dataset row.

`day` (days since 0001-01-01) makes "within a day" plain integer arithmetic on both backends;
`locality` (district, else place, case-folded) is what duplicate detection compares;
`incident_targets` holds one row per target type, as `incident_groups` does per group.
"""

SQL = """
ALTER TABLE incidents_flat ADD COLUMN day INTEGER;
ALTER TABLE incidents_flat ADD COLUMN locality TEXT;
ALTER TABLE incidents_flat ADD COLUMN perpetrators TEXT;
ALTER TABLE incidents_flat ADD COLUMN target_types TEXT;
ALTER TABLE incidents_flat ADD COLUMN sources INTEGER;
ALTER TABLE incidents_flat ADD COLUMN dataset TEXT;
ALTER TABLE incidents_flat ADD COLUMN dataset_row TEXT;
CREATE INDEX incidents_flat_locality ON incidents_flat (locality, day);
CREATE TABLE incident_targets (
  id TEXT NOT NULL,
  target_type TEXT NOT NULL,
  PRIMARY KEY (id, target_type)
);
CREATE INDEX incident_targets_type ON incident_targets (target_type);
"""

REBUILD = ("incidents",)
