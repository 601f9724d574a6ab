"""SQL for the record of verification runs (migration m060)."""

from __future__ import annotations

from dataclasses import dataclass

from jirga.store.db import Database

COLUMNS = ("id", "finished_at", "by_user", "versions", "signed", "unsigned", "leaves", "heads",
           "errors", "warnings", "summary")


@dataclass(frozen=True)
class VerifyRun:
    id: int
    finished_at: str
    by_user: str | None
    versions: int
    signed: int
    unsigned: int
    leaves: int
    heads: int
    errors: int
    warnings: int
    summary: str  # the first findings, one a line


def add(db: Database, run: VerifyRun) -> None:
    db.execute(f"INSERT INTO verify_runs ({', '.join(COLUMNS[1:])}) "
               f"VALUES ({', '.join('?' * (len(COLUMNS) - 1))})",
               (run.finished_at, run.by_user, run.versions, run.signed, run.unsigned, run.leaves,
                run.heads, run.errors, run.warnings, run.summary))


def latest(db: Database, limit: int = 5) -> list[VerifyRun]:
    rows = db.query(f"SELECT {', '.join(COLUMNS)} FROM verify_runs ORDER BY id DESC LIMIT ?",
                    (limit,))
    return [VerifyRun(int(r[0]), r[1], r[2], *(int(x) for x in r[3:10]), r[10]) for r in rows]
