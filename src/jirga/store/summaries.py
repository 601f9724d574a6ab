"""SQL the summaries need beyond the register's: which TLP levels a set of incidents carries
(a page or briefing built from them is marked with the strictest)."""

from __future__ import annotations

from jirga.store.analytics import AnalyticsQueries
from jirga.store.db import Database
from jirga.store.incidents import IncidentFilter
from jirga.store.visibility import Visibility


def incident_levels(db: Database, flt: IncidentFilter, *, visibility: Visibility,
                    default_tlp: str) -> set[str]:
    """The TLP levels (unmarked read as `default_tlp`) of the incidents the filter selects,
    from the pre-summed counts when they can answer (a first view reads no incident rows)."""
    levels = AnalyticsQueries(db).levels(flt, visibility=visibility)
    return {level or default_tlp for level in levels}


def record_levels(db: Database, *, visibility: Visibility, default_tlp: str) -> set[str]:
    """The TLP levels of the cooperation records the reader may see (a scorecard counts them)."""
    rows = db.query(f"SELECT DISTINCT v.tlp FROM workflow_records v WHERE ({visibility.where})",
                    visibility.params)
    return {level or default_tlp for (level,) in rows}


def store_version(db: Database) -> int:
    """The newest object version's number: it moves on every write a summary could count."""
    return int(db.scalar("SELECT MAX(seq) FROM object_versions") or 0)
