"""The object queries TAXII needs beyond the store's lists: a collection's members, several
versions per object (first, last, all, given timestamps), `added_after`, keyset pages by `seq`.

Rows come back in the order this node stored them (`seq`), which is also the order of
`date_added`, so a `next` cursor is the last `seq` served and pages never skip or repeat.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jirga.store.db import Database, placeholders
from jirga.store.objects import VERSION_COLUMNS, _stored
from jirga.store.types import StoredObject
from jirga.store.visibility import Visibility


@dataclass(frozen=True)
class TaxiiFilter:
    """A TAXII object query (TAXII 2.1 §3 filtering), already parsed and checked."""

    collection_id: str | None = None  # None: every object on the node (an `all` collection)
    ids: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    first: bool = False
    last: bool = True
    all_versions: bool = False
    versions: tuple[str, ...] = ()  # normalised version keys
    added_after: str | None = None  # normalised, compared with added_at
    after_seq: int | None = None


def page(db: Database, query: TaxiiFilter, *, visibility: Visibility,
         limit: int) -> tuple[list[StoredObject], bool]:
    """Up to `limit` versions and whether more follow."""
    where, params = _where(query, visibility)
    rows = db.query(f"SELECT {VERSION_COLUMNS} FROM object_versions v WHERE {' AND '.join(where)} "
                    f"ORDER BY v.seq LIMIT ?", [*params, limit + 1])
    return [_stored(r) for r in rows[:limit]], len(rows) > limit


def _where(query: TaxiiFilter, visibility: Visibility) -> tuple[list[str], list[Any]]:
    where: list[str] = [f"({visibility.where})"]
    params: list[Any] = list(visibility.params)
    if query.collection_id is not None:
        # This version was posted (one ordered probe), else another version of the object was.
        where.append("(EXISTS (SELECT 1 FROM collection_versions c WHERE c.collection_id = ? "
                     "AND c.seq = v.seq) OR EXISTS (SELECT 1 FROM object_versions o JOIN "
                     "collection_versions c ON c.seq = o.seq WHERE o.id = v.id AND "
                     "c.collection_id = ?))")
        params += [query.collection_id, query.collection_id]
    if query.ids:
        where.append(f"v.id IN ({placeholders(len(query.ids))})")
        params.extend(query.ids)
    if query.types:
        where.append(f"v.type IN ({placeholders(len(query.types))})")
        params.extend(query.types)
    if not query.all_versions:
        which = []
        if query.last:
            which.append("v.is_current = 1")
        if query.first:
            which.append("v.version = (SELECT MIN(f.version) FROM object_versions f "
                         "WHERE f.id = v.id)")
        if query.versions:
            which.append(f"v.version IN ({placeholders(len(query.versions))})")
            params.extend(query.versions)
        where.append("(" + " OR ".join(which or ["1 = 0"]) + ")")
    if query.added_after:
        where.append("v.added_at > ?")
        params.append(query.added_after)
    if query.after_seq is not None:
        where.append("v.seq > ?")
        params.append(query.after_seq)
    return where, params
