"""SQL for browsing a collection's current objects by TLP level and type (newest first)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jirga.store.db import Database, placeholders
from jirga.store.objects import VERSION_COLUMNS, _stored
from jirga.store.types import StoredObject, decode_cursor, encode_cursor
from jirga.store.visibility import Visibility


def _where(collection_id: str, levels: Sequence[str], types: Sequence[str], default_tlp: str,
           visibility: Visibility) -> tuple[list[str], list[Any]]:
    where = ["v.is_current = 1", "v.revoked = 0", f"({visibility.where})",
             "EXISTS (SELECT 1 FROM object_versions o JOIN collection_versions c ON c.seq = o.seq "
             "WHERE o.id = v.id AND c.collection_id = ?)"]
    params: list[Any] = [*visibility.params, collection_id]
    if levels:
        where.append(f"COALESCE(v.tlp, ?) IN ({placeholders(len(levels))})")
        params += [default_tlp, *levels]
    if types:
        where.append(f"v.type IN ({placeholders(len(types))})")
        params += list(types)
    return where, params


def members(db: Database, collection_id: str, *, levels: Sequence[str], types: Sequence[str],
            default_tlp: str, visibility: Visibility, limit: int,
            cursor: str | None = None) -> tuple[list[StoredObject], str | None, int]:
    """A page of the collection's current objects (most recently stored first), the cursor of
    the next page, and how many match in all."""
    where, params = _where(collection_id, levels, types, default_tlp, visibility)
    total = int(db.scalar(f"SELECT COUNT(*) FROM object_versions v WHERE {' AND '.join(where)}",
                          params) or 0)
    if cursor:
        where.append("v.seq < ?")
        params.append(int(decode_cursor(cursor, 1)[0]))
    rows = db.query(f"SELECT {VERSION_COLUMNS} FROM object_versions v WHERE {' AND '.join(where)} "
                    f"ORDER BY v.seq DESC LIMIT ?", [*params, limit + 1])
    items = [_stored(r) for r in rows[:limit]]
    return items, encode_cursor(items[-1].seq) if len(rows) > limit else None, total
