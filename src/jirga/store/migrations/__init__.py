"""Named, recorded migrations: `mNNN_name.py` modules applied in order, each once, in a transaction.

A migration module holds `SQL` (both backends; `{serial_pk}`, `{blob}`, `{float}`, `{bigint}`
are filled in per dialect), optionally `SQLITE` / `POSTGRESQL` for what only one backend needs,
optionally `apply(db)` for data work, and `REBUILD` naming projections to recompute afterwards.
Applied names are recorded in the `migrations` table.

Number ranges keep parallel work apart: 001-009 core, 010-019 documents and review, 020-029
register and analytics, 030-039 sharing, 040-049 trust, 050-059 workflows, 060-069 web.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass
from types import ModuleType

from jirga.model.timestamps import now
from jirga.store.db import Database

NAME_RE = re.compile(r"^m\d{3}_[a-z0-9_]+$")


@dataclass(frozen=True)
class Migration:
    name: str
    module: ModuleType

    def apply(self, db: Database) -> None:
        db.script(getattr(self.module, "SQL", ""))
        db.script(getattr(self.module, db.dialect.name.upper(), ""))
        step = getattr(self.module, "apply", None)
        if step is not None:
            step(db)


def all_migrations() -> list[Migration]:
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if NAME_RE.match(m.name))
    return [Migration(name, importlib.import_module(f"{__name__}.{name}")) for name in names]


def applied(db: Database) -> set[str]:
    if "migrations" not in db.tables():
        return set()
    return {row[0] for row in db.query("SELECT name FROM migrations")}


def migrate(db: Database) -> tuple[list[str], set[str]]:
    """Apply pending migrations; returns their names and the projections they ask to rebuild."""
    done: list[str] = []
    rebuild: set[str] = set()
    with db.transaction():
        db.script("CREATE TABLE IF NOT EXISTS migrations "
                  "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL);")
        db.lock_for_writing()
        already = applied(db)
        for migration in all_migrations():
            if migration.name in already:
                continue
            migration.apply(db)
            db.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                       (migration.name, now()))
            done.append(migration.name)
            rebuild.update(getattr(migration.module, "REBUILD", ()))
    return done, rebuild
