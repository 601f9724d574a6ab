"""SQL for TAXII collections, their grants and members, and add-objects status records."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jirga.store.db import Database, chunked


@dataclass(frozen=True)
class CollectionRow:
    id: str
    name: str
    title: str
    description: str | None
    scope: str
    created_at: str


@dataclass(frozen=True)
class GrantRow:
    collection_id: str
    party_code: str
    can_read: bool
    can_write: bool


@dataclass(frozen=True)
class StatusRow:
    id: str
    collection_id: str
    user_name: str | None
    status: str
    request_timestamp: str
    total_count: int
    success_count: int
    failure_count: int
    pending_count: int
    details: str  # JSON: {"successes": [...], "failures": [...]}


_COLLECTION_SQL = "SELECT id, name, title, description, scope, created_at FROM collections"


def insert_collection(db: Database, row: CollectionRow) -> None:
    db.execute("INSERT INTO collections (id, name, title, description, scope, created_at) "
               "VALUES (?, ?, ?, ?, ?, ?)",
               (row.id, row.name, row.title, row.description, row.scope, row.created_at))


def collection(db: Database, key: str) -> CollectionRow | None:
    """By id or by name."""
    row = db.query_one(f"{_COLLECTION_SQL} WHERE id = ? OR name = ?", (key, key))
    return CollectionRow(*row) if row else None


def collections(db: Database) -> list[CollectionRow]:
    return [CollectionRow(*r) for r in db.query(f"{_COLLECTION_SQL} ORDER BY name")]


def set_grant(db: Database, grant: GrantRow) -> None:
    db.execute("DELETE FROM collection_grants WHERE collection_id = ? AND party_code = ?",
               (grant.collection_id, grant.party_code))
    if grant.can_read or grant.can_write:
        db.execute("INSERT INTO collection_grants (collection_id, party_code, can_read, "
                   "can_write) VALUES (?, ?, ?, ?)",
                   (grant.collection_id, grant.party_code, int(grant.can_read),
                    int(grant.can_write)))


def grants(db: Database, collection_id: str | None = None) -> list[GrantRow]:
    sql = "SELECT collection_id, party_code, can_read, can_write FROM collection_grants"
    rows = (db.query(f"{sql} WHERE collection_id = ? ORDER BY party_code", (collection_id,))
            if collection_id else db.query(f"{sql} ORDER BY collection_id, party_code"))
    return [GrantRow(c, p, bool(r), bool(w)) for c, p, r, w in rows]


def grant(db: Database, collection_id: str, party_code: str) -> GrantRow | None:
    row = db.query_one("SELECT collection_id, party_code, can_read, can_write FROM "
                       "collection_grants WHERE collection_id = ? AND party_code = ?",
                       (collection_id, party_code))
    return GrantRow(row[0], row[1], bool(row[2]), bool(row[3])) if row else None


def add_members(db: Database, collection_id: str, seqs: Sequence[int]) -> None:
    """Put these stored versions into a collection (appends: seqs only grow)."""
    for chunk in chunked(sorted(set(seqs)), 2000):
        db.executemany("INSERT INTO collection_versions (collection_id, seq) VALUES (?, ?) "
                       "ON CONFLICT DO NOTHING", [(collection_id, s) for s in chunk])


def seqs_of(db: Database, keys: Sequence[tuple[str, str]]) -> list[int]:
    """The seq of each stored (id, version key)."""
    out: list[int] = []
    for oid, version in keys:
        row = db.query_one("SELECT seq FROM object_versions WHERE id = ? AND version = ?",
                           (oid, version))
        if row:
            out.append(int(row[0]))
    return out


def insert_status(db: Database, row: StatusRow) -> None:
    db.execute("INSERT INTO taxii_status (id, collection_id, user_name, status, "
               "request_timestamp, total_count, success_count, failure_count, pending_count, "
               "details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               (row.id, row.collection_id, row.user_name, row.status, row.request_timestamp,
                row.total_count, row.success_count, row.failure_count, row.pending_count,
                row.details))


def status(db: Database, status_id: str) -> StatusRow | None:
    row = db.query_one("SELECT id, collection_id, user_name, status, request_timestamp, "
                       "total_count, success_count, failure_count, pending_count, details "
                       "FROM taxii_status WHERE id = ?", (status_id,))
    return StatusRow(*row) if row else None
