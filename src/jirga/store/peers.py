"""SQL for peers and their sync cursors (tables from m033_peers)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jirga.store.db import Database


@dataclass(frozen=True)
class PeerRow:
    name: str
    url: str
    token: str
    party_code: str
    created_at: str
    last_sync_at: str | None
    last_error: str | None
    require_signatures: bool = False


@dataclass(frozen=True)
class CursorRow:
    peer: str
    collection_id: str
    added_after: str | None
    next: str | None
    objects: int
    updated_at: str


_PEER_SQL = ("SELECT name, url, token, party_code, created_at, last_sync_at, last_error, "
             "require_signatures FROM peers")


def insert_peer(db: Database, peer: PeerRow) -> None:
    db.execute("INSERT INTO peers (name, url, token, party_code, created_at, require_signatures) "
               "VALUES (?, ?, ?, ?, ?, ?)",
               (peer.name, peer.url, peer.token, peer.party_code, peer.created_at,
                int(peer.require_signatures)))


def peer(db: Database, name: str) -> PeerRow | None:
    row = db.query_one(f"{_PEER_SQL} WHERE name = ?", (name,))
    return _peer(row) if row else None


def peers(db: Database) -> list[PeerRow]:
    return [_peer(r) for r in db.query(f"{_PEER_SQL} ORDER BY name")]


def peer_by_party(db: Database, party_code: str) -> PeerRow | None:
    """The first peer (by name) whose objects come from this party."""
    row = db.query_one(f"{_PEER_SQL} WHERE party_code = ? ORDER BY name LIMIT 1", (party_code,))
    return _peer(row) if row else None


def _peer(row: Any) -> PeerRow:
    return PeerRow(*row[:7], require_signatures=bool(row[7]))


def update_peer(db: Database, name: str, *, url: str | None = None,
                token: str | None = None, require_signatures: bool | None = None) -> None:
    if url is not None:
        db.execute("UPDATE peers SET url = ? WHERE name = ?", (url, name))
    if token is not None:
        db.execute("UPDATE peers SET token = ? WHERE name = ?", (token, name))
    if require_signatures is not None:
        db.execute("UPDATE peers SET require_signatures = ? WHERE name = ?",
                   (int(require_signatures), name))


def delete_peer(db: Database, name: str) -> None:
    db.execute("DELETE FROM sync_cursors WHERE peer = ?", (name,))
    db.execute("DELETE FROM peers WHERE name = ?", (name,))


def record_sync(db: Database, name: str, at: str, error: str | None) -> None:
    db.execute("UPDATE peers SET last_sync_at = ?, last_error = ? WHERE name = ?",
               (at, error, name))


def cursor(db: Database, peer_name: str, collection_id: str) -> CursorRow | None:
    row = db.query_one("SELECT peer, collection_id, added_after, next, objects, updated_at "
                       "FROM sync_cursors WHERE peer = ? AND collection_id = ?",
                       (peer_name, collection_id))
    return CursorRow(*row) if row else None


def cursors(db: Database, peer_name: str) -> list[CursorRow]:
    return [CursorRow(*r) for r in db.query(
        "SELECT peer, collection_id, added_after, next, objects, updated_at FROM sync_cursors "
        "WHERE peer = ? ORDER BY collection_id", (peer_name,))]


def save_cursor(db: Database, row: CursorRow) -> None:
    db.execute("DELETE FROM sync_cursors WHERE peer = ? AND collection_id = ?",
               (row.peer, row.collection_id))
    db.execute("INSERT INTO sync_cursors (peer, collection_id, added_after, next, objects, "
               "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
               (row.peer, row.collection_id, row.added_after, row.next, row.objects,
                row.updated_at))
