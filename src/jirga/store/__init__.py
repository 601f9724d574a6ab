"""The store: STIX object versions, projections and every other table, behind one protocol.

`open_store(url)` picks the backend from the URL: a file path (or `sqlite:///path`) is SQLite,
`postgresql://…` is PostgreSQL. Opening applies pending migrations, so a store is always usable.
Only this package writes SQL.
"""

from __future__ import annotations

from jirga.errors import ConfigError
from jirga.store.objects import SQLStore
from jirga.store.types import (
    Accepted,
    AddResult,
    ObjectFilter,
    Outcome,
    Page,
    StoredObject,
)
from jirga.store.visibility import Visibility

Store = SQLStore

__all__ = ["Accepted", "AddResult", "ObjectFilter", "Outcome", "Page", "Store", "StoredObject",
           "Visibility", "open_store"]

UNSUPPORTED = ("mysql:", "mariadb:", "mssql:", "oracle:", "http:", "https:")


def open_store(url: str, *, migrate: bool = True) -> SQLStore:
    """A store for `url`, migrated to the current schema unless `migrate` is false."""
    if not url or not url.strip():
        raise ConfigError("no database given; pass --db PATH or set JIRGA_DB")
    url = url.strip()
    if url.startswith(("postgresql://", "postgres://")):
        from jirga.store.postgres import open_postgres

        store: SQLStore = open_postgres(url)
    elif url.startswith(UNSUPPORTED) or ("://" in url and not url.startswith("sqlite:")):
        raise ConfigError(f"database '{url.split('://')[0]}://…' is not supported; "
                          "use a SQLite path or postgresql://")
    else:
        from jirga.store.sqlite import open_sqlite

        store = open_sqlite(url)
    if migrate:
        store.migrate()
    return store
