"""The server backend: PostgreSQL through psycopg 3, a tsvector column for text search."""

from __future__ import annotations

import re

from jirga.errors import ConfigError
from jirga.store import bulk
from jirga.store.db import Database, PostgresDialect
from jirga.store.objects import SQLStore

# Column types of the staged tables that are not copies of a projection table.
STAGE_TYPES = {
    "versions": "n bigint, id text, type text, version text, modified text, created text, "
                "created_by_ref text, revoked integer, tlp text, name text, hash bytea, json text, "
                "leaf bytea",
    "markings": "n bigint, marking_ref text",
    "text": "n bigint, name text, body text",
    "access": "n bigint, kind text, value text",
}

WORD_RE = re.compile(r"\w+", re.UNICODE)


class PostgresStore(SQLStore):
    text_clause = "v.search @@ to_tsquery('simple', ?)"
    retire_sql = "UPDATE object_versions SET is_current = 0, search = NULL"
    text_insert_sql = ("WITH t(seq, name, body) AS (VALUES (?::bigint, ?::text, ?::text)) "
                       "UPDATE object_versions o SET search = "
                       "to_tsvector('simple', t.name || ' ' || t.body) FROM t WHERE o.seq = t.seq")

    stager = bulk.CopyStager()
    stage_versions_sql = (
        "INSERT INTO object_versions (seq, id, type, version, modified, created, created_by_ref, "
        "revoked, is_current, tlp, name, added_at, source_party, hash, json, search) "
        "SELECT ? + s.n, s.id, s.type, s.version, s.modified, s.created, s.created_by_ref, "
        "s.revoked, 1, s.tlp, s.name, ?, ?, s.hash, s.json, "
        "to_tsvector('simple', t.name || ' ' || t.body) "
        "FROM {stage}versions s JOIN {stage}text t ON t.n = s.n ORDER BY s.n")

    def _open_stage(self, staged: bulk.Staged) -> str:
        """COPY the chunk into temporary tables that go with the transaction."""
        for table in bulk.staged_tables():
            shape = f"({STAGE_TYPES[table]})" if table in STAGE_TYPES else f"(LIKE {table})"
            self.db.execute(f"CREATE TEMP TABLE IF NOT EXISTS stage_{table} {shape} "
                            "ON COMMIT DROP")
            self.db.execute(f"TRUNCATE stage_{table}")
        cursor = self.db.connection.cursor()
        for table, data in staged.copy.items():
            columns = ", ".join(bulk.staged_tables()[table])
            with cursor.copy(f"COPY stage_{table} ({columns}) FROM STDIN") as copy:
                copy.write(data)
        return "stage_"

    def _close_stage(self, stage: str) -> None:
        """The temporary tables are dropped at commit (or emptied by the next chunk)."""

    def text_query(self, text: str) -> str:
        words = WORD_RE.findall(text.lower())
        if not words:
            return "''"
        return " & ".join([*words[:-1], f"{words[-1]}:*"])


def open_postgres(url: str) -> PostgresStore:
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - psycopg is a dependency
        raise ConfigError("PostgreSQL needs psycopg; install jirga with its dependencies") from exc

    def connect() -> psycopg.Connection:
        try:
            return psycopg.connect(url, autocommit=True)
        except psycopg.OperationalError as exc:
            raise ConfigError(f"cannot connect to PostgreSQL at {_redact(url)}: "
                              f"{str(exc).strip().splitlines()[0]}") from exc

    return PostgresStore(Database(PostgresDialect(), connect, url))


def _redact(url: str) -> str:
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)
