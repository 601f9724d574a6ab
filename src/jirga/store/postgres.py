"""The server backend: PostgreSQL through psycopg 3, a tsvector column for text search."""

from __future__ import annotations

import re

from jirga.errors import ConfigError
from jirga.store.db import Database, PostgresDialect
from jirga.store.objects import SQLStore

WORD_RE = re.compile(r"\w+", re.UNICODE)


class PostgresStore(SQLStore):
    text_clause = "v.search @@ to_tsquery('simple', ?)"
    retire_sql = "UPDATE object_versions SET is_current = 0, search = NULL"
    text_insert_sql = ("WITH t(seq, name, body) AS (VALUES (?::bigint, ?::text, ?::text)) "
                       "UPDATE object_versions o SET search = "
                       "to_tsvector('simple', t.name || ' ' || t.body) FROM t WHERE o.seq = t.seq")

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
