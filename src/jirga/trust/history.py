"""The record of verification runs: when the store was last checked, by whom, what was found
(`jirga verify` and the trust page's "verify now" both write it)."""

from __future__ import annotations

from jirga.model.timestamps import now
from jirga.store import Store
from jirga.store import verify_runs as sql
from jirga.store.verify_runs import VerifyRun
from jirga.trust.verify import Report

SUMMARY_LINES = 20


def record(store: Store, report: Report, by: str | None) -> VerifyRun:
    run = VerifyRun(0, now(), by, report.versions, report.signed, report.unsigned,
                    report.leaves, report.heads, len(report.errors), len(report.warnings),
                    "\n".join(str(f) for f in report.findings[:SUMMARY_LINES]))
    with store.db.transaction():
        sql.add(store.db, run)
    return run


def recent(store: Store, limit: int = 5) -> list[VerifyRun]:
    """The latest runs, newest first."""
    return sql.latest(store.db, limit)
