"""Incident counts per day, place, status, dataset and reader-relevant columns, kept by triggers.

Statistics over a million incidents must answer in milliseconds; summing `incidents_flat` row
by row does not. `incident_counts` holds one row per combination of day and the columns that
statistics filter on and that the access policy tests (tlp, creator, source party), with the
count and the sums of every toll. Triggers on `incidents_flat` add each inserted row and take
away each deleted one in the same transaction, so the counts can never disagree with the
projection; `store/analytics.py` reads them when a question needs nothing else (otherwise,
and when the policy tests `v.seq` or `v.id`, it reads `incidents_flat`). `key` joins the key
columns (NULL written as ~) so one unique index serves the upsert on both backends.
"""

KEY_COLUMNS = ("occurred", "country", "admin1", "admin1_name", "review_status", "dataset", "tlp",
               "created_by_ref", "source_party")
PERIOD_COLUMNS = ("year", "quarter", "month", "week")
TOLLS = ("killed_low", "killed_best", "killed_high", "injured_low", "injured_best",
         "injured_high")


def _key(row: str) -> str:
    return " || '|' || ".join(f"COALESCE({row}.{c}, '~')" for c in KEY_COLUMNS)


def _unknown(row: str, kind: str) -> str:
    return f"CASE WHEN {row}.{kind}_best IS NULL THEN 1 ELSE 0 END"


_COLUMNS = ("key", *KEY_COLUMNS, *PERIOD_COLUMNS, "incidents", *TOLLS, "killed_unknown",
            "injured_unknown")
_VALUES = (_key("NEW"), *(f"NEW.{c}" for c in (*KEY_COLUMNS, *PERIOD_COLUMNS)), "1",
           *(f"COALESCE(NEW.{t}, 0)" for t in TOLLS), _unknown("NEW", "killed"),
           _unknown("NEW", "injured"))
_ADDS = ("incidents", *TOLLS, "killed_unknown", "injured_unknown")

ADD = (f"INSERT INTO incident_counts ({', '.join(_COLUMNS)}) VALUES ({', '.join(_VALUES)}) "
       f"ON CONFLICT (key) DO UPDATE SET "
       + ", ".join(f"{c} = incident_counts.{c} + excluded.{c}" for c in _ADDS))
TAKE = ("UPDATE incident_counts SET incidents = incidents - 1, "
        + ", ".join(f"{t} = {t} - COALESCE(OLD.{t}, 0)" for t in TOLLS)
        + f", killed_unknown = killed_unknown - {_unknown('OLD', 'killed')}"
        + f", injured_unknown = injured_unknown - {_unknown('OLD', 'injured')}"
        + f" WHERE key = {_key('OLD')}")
DROP_EMPTY = f"DELETE FROM incident_counts WHERE key = {_key('OLD')} AND incidents = 0"

SQL = """
CREATE TABLE incident_counts (
  key TEXT NOT NULL,
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
CREATE UNIQUE INDEX incident_counts_key ON incident_counts (key);
CREATE INDEX incident_counts_occurred ON incident_counts (occurred);
"""

SQLITE = f"""
CREATE TRIGGER incident_counts_add AFTER INSERT ON incidents_flat BEGIN
  {ADD};
END;
CREATE TRIGGER incident_counts_take AFTER DELETE ON incidents_flat BEGIN
  {TAKE};
  {DROP_EMPTY};
END;
"""

POSTGRESQL = f"""
CREATE FUNCTION incident_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    {ADD};
    RETURN NULL;
  END
$$;
CREATE FUNCTION incident_counts_take() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    {TAKE};
    {DROP_EMPTY};
    RETURN NULL;
  END
$$;
CREATE TRIGGER incident_counts_add AFTER INSERT ON incidents_flat
  FOR EACH ROW EXECUTE FUNCTION incident_counts_add();
CREATE TRIGGER incident_counts_take AFTER DELETE ON incidents_flat
  FOR EACH ROW EXECUTE FUNCTION incident_counts_take();
"""

REBUILD = ("incidents",)
