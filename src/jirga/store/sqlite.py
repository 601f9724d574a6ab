"""The embedded backend: one SQLite file in WAL mode, FTS5 for text search."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

from jirga.errors import ConfigError
from jirga.store import bulk
from jirga.store.analytics import SUM_TABLES
from jirga.store.db import Database, SQLiteDialect
from jirga.store.objects import SQLStore

WORD_RE = re.compile(r"\w+", re.UNICODE)


def connect_sqlite(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=30)
    # 16 KiB pages: a STIX object (~1-2 KB of JSON) wastes a quarter of a 4 KiB page; measured
    # in bench/store.py, new databases import 1.6x faster and are 17 % smaller. No-op on old files.
    conn.execute("PRAGMA page_size = 16384")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA cache_size = -65536")
    # Large sorts (an index built after a bulk load, the counts' GROUP BYs) on every core.
    conn.execute("PRAGMA threads = 2")
    return conn


class SQLiteStore(SQLStore):
    text_clause = "v.seq IN (SELECT rowid FROM objects_fts WHERE objects_fts MATCH ?)"
    text_delete_sql = ("INSERT INTO objects_fts (objects_fts, rowid, name, body) "
                       "VALUES ('delete', ?, ?, ?)")
    text_insert_sql = "INSERT INTO objects_fts (rowid, name, body) VALUES (?, ?, ?)"
    stager = bulk.SQLiteStager()
    secondary_indexes_sql = ("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                             "AND sql IS NOT NULL AND tbl_name IN ({tables}) ORDER BY name")
    bulk_cache_kib = 1 << 20  # page cache during a bulk load: the indexes' working set

    def _bulk_settings(self) -> Callable[[], None]:
        """A page cache large enough for a million-row load's index pages (the default 64 MiB
        makes every index insert past it a read from disk)."""
        before = self.db.scalar("PRAGMA cache_size")
        self.db.execute(f"PRAGMA cache_size = -{self.bulk_cache_kib}")
        return lambda: self.db.execute(f"PRAGMA cache_size = {int(before)}")
    stage_text_sql = ("INSERT INTO objects_fts (rowid, name, body) "
                      "SELECT ? + n, name, body FROM {stage}text")

    def text_query(self, text: str) -> str:
        """Every word must match, the last as a prefix (people type it): `bisham att`."""
        words = WORD_RE.findall(text)
        if not words:
            return '""'
        return " ".join([*(f'"{w}"' for w in words[:-1]), f'"{words[-1]}"*'])


    def _open_stage(self, staged: bulk.Staged) -> str:
        """Attach the staging file (a transaction can attach, not detach: that waits for its
        end); past SQLite's limit on attached files, copy it into temporary tables instead."""
        if staged.path is None:
            raise ValueError("a SQLite store loads staging files; stage with its own stager")
        names = {row[1] for row in self.db.query("PRAGMA database_list")}
        attached = len(names - {"main", "temp"})
        if attached >= self.db.connection.getlimit(sqlite3.SQLITE_LIMIT_ATTACHED):
            return self._copy_stage(staged.path)
        name = next(f"stage{k}" for k in range(len(names) + 1) if f"stage{k}" not in names)
        self.db.execute(f"ATTACH DATABASE ? AS {name}", (staged.path,))
        return f"{name}."

    def _copy_stage(self, path: str) -> str:
        source = sqlite3.connect(path)
        try:
            present = {r[0] for r in source.execute("SELECT name FROM sqlite_master")}
            for table, columns in self._stage_tables(present).items():
                self.db.execute(f"CREATE TEMP TABLE stage_{table} ({', '.join(columns)})")
                rows = source.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
                self.db.executemany(f"INSERT INTO temp.stage_{table} VALUES "
                                    f"({', '.join('?' * len(columns))})", rows)
        finally:
            source.close()
        return "temp.stage_"

    @staticmethod
    def _stage_tables(present: set[str]) -> dict[str, tuple[str, ...]]:
        """The staged tables, and the partial sums when the worker made them."""
        return {**bulk.staged_tables(),
                **{t: c for t, c in SUM_TABLES.items() if t in present}}

    def _close_stage(self, stage: str) -> None:
        if stage == "temp.stage_":
            present = {r[0] for r in self.db.query("SELECT name FROM sqlite_temp_master")}
            for table in [*bulk.staged_tables(), *SUM_TABLES]:
                if f"stage_{table}" in present:
                    self.db.execute(f"DROP TABLE temp.stage_{table}")
            return
        name = stage.rstrip(".")
        self.db.after_transaction(lambda: self.db.execute(f"DETACH DATABASE {name}"))


def open_sqlite(url: str) -> SQLiteStore:
    path = Path(url.removeprefix("sqlite:///").removeprefix("sqlite://"))
    if path.is_dir():
        raise ConfigError(f"database path '{path}' is a directory; name a file such as {path}/jirga.db")
    if not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                raise ConfigError(f"'{path}' is not a SQLite database; name a new or jirga file")
    return SQLiteStore(Database(SQLiteDialect(), lambda: connect_sqlite(path), str(path)))
