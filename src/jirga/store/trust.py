"""Tables of the trust layer besides the log: public keys, peers' tree heads, cosignatures of
this node's heads, and alarms. Rows in, rows out; the meaning lives in `jirga.trust`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jirga.model.timestamps import now
from jirga.store.db import Database, chunked, placeholders
from jirga.store.log import TreeHead


@dataclass(frozen=True)
class KeyRow:
    kid: str
    party_ref: str
    party_code: str | None
    public_key: bytes
    valid_from: str
    valid_until: str | None
    status: str  # active | retired | revoked
    origin: str  # local | imported | published
    added_at: str


@dataclass(frozen=True)
class PeerHead:
    peer_ref: str
    head: TreeHead
    received_at: str
    cosig_kid: str | None = None
    cosig: bytes | None = None


@dataclass(frozen=True)
class Cosignature:
    tree_size: int
    kid: str
    cosigner_ref: str
    sig: bytes
    received_at: str


@dataclass(frozen=True)
class Alarm:
    id: int
    raised_at: str
    kind: str
    subject: str | None
    message: str
    details: str | None
    acknowledged_at: str | None
    acknowledged_by: str | None


KEY_COLUMNS = ("kid, party_ref, party_code, public_key, valid_from, valid_until, status, origin, "
               "added_at")
ALARM_COLUMNS = ("id, raised_at, kind, subject, message, details, acknowledged_at, "
                 "acknowledged_by")


# -- keys -------------------------------------------------------------------------------------


def keys(db: Database, party_ref: str | None = None) -> list[KeyRow]:
    if party_ref is None:
        rows = db.query(f"SELECT {KEY_COLUMNS} FROM trust_keys ORDER BY party_ref, valid_from")
    else:
        rows = db.query(f"SELECT {KEY_COLUMNS} FROM trust_keys WHERE party_ref = ? "
                        "ORDER BY valid_from", (party_ref,))
    return [_key(r) for r in rows]


def key(db: Database, kid: str) -> KeyRow | None:
    row = db.query_one(f"SELECT {KEY_COLUMNS} FROM trust_keys WHERE kid = ?", (kid,))
    return _key(row) if row else None


def put_key(db: Database, row: KeyRow) -> None:
    """Insert a key, or update its validity and status (the key bytes never change)."""
    db.execute(f"INSERT INTO trust_keys ({KEY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
               "ON CONFLICT (kid) DO UPDATE SET valid_until = excluded.valid_until, "
               "status = excluded.status, party_code = excluded.party_code",
               (row.kid, row.party_ref, row.party_code, row.public_key, row.valid_from,
                row.valid_until, row.status, row.origin, row.added_at))


def _key(r: Sequence[Any]) -> KeyRow:
    return KeyRow(r[0], r[1], r[2], bytes(r[3]), r[4], r[5], r[6], r[7], r[8])


# -- stored versions (idempotent re-signing) --------------------------------------------------


def stored_versions(db: Database, pairs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The stored JSON of each `(id, version key)` that exists."""
    wanted = set(pairs)
    out: dict[tuple[str, str], str] = {}
    for chunk in chunked(sorted({i for i, _ in wanted}), 500):
        rows = db.query(f"SELECT id, version, json FROM object_versions WHERE id IN "
                        f"({placeholders(len(chunk))})", chunk)
        out.update({(i, v): j for i, v, j in rows if (i, v) in wanted})
    return out


# -- peers' heads and cosignatures ------------------------------------------------------------


def peer_heads(db: Database, peer_ref: str) -> list[PeerHead]:
    rows = db.query("SELECT peer_ref, tree_size, root_hash, timestamp, signer_ref, kid, sig, "
                    "received_at, cosig_kid, cosig FROM peer_heads WHERE peer_ref = ? "
                    "ORDER BY tree_size", (peer_ref,))
    return [_peer(r) for r in rows]


def latest_peer_head(db: Database, peer_ref: str) -> PeerHead | None:
    row = db.query_one("SELECT peer_ref, tree_size, root_hash, timestamp, signer_ref, kid, sig, "
                       "received_at, cosig_kid, cosig FROM peer_heads WHERE peer_ref = ? "
                       "ORDER BY tree_size DESC LIMIT 1", (peer_ref,))
    return _peer(row) if row else None


def put_peer_head(db: Database, peer: PeerHead) -> None:
    h = peer.head
    db.execute("INSERT INTO peer_heads (peer_ref, tree_size, root_hash, timestamp, signer_ref, "
               "kid, sig, received_at, cosig_kid, cosig) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
               "ON CONFLICT (peer_ref, tree_size) DO NOTHING",
               (peer.peer_ref, h.tree_size, h.root_hash, h.timestamp, h.signer_ref, h.kid, h.sig,
                peer.received_at, peer.cosig_kid, peer.cosig))


def _peer(r: Sequence[Any]) -> PeerHead:
    head = TreeHead(int(r[1]), bytes(r[2]), r[3], r[4], r[5], bytes(r[6]))
    return PeerHead(r[0], head, r[7], r[8], None if r[9] is None else bytes(r[9]))


def put_cosignature(db: Database, cosig: Cosignature) -> None:
    db.execute("INSERT INTO head_cosignatures (tree_size, kid, cosigner_ref, sig, received_at) "
               "VALUES (?, ?, ?, ?, ?) ON CONFLICT (tree_size, kid) DO NOTHING",
               (cosig.tree_size, cosig.kid, cosig.cosigner_ref, cosig.sig, cosig.received_at))


def cosignatures(db: Database, tree_size: int | None = None) -> list[Cosignature]:
    where, params = ("WHERE tree_size = ? ", (tree_size,)) if tree_size is not None else ("", ())
    rows = db.query("SELECT tree_size, kid, cosigner_ref, sig, received_at FROM head_cosignatures "
                    f"{where}ORDER BY tree_size, kid", params)
    return [Cosignature(int(r[0]), r[1], r[2], bytes(r[3]), r[4]) for r in rows]


# -- alarms -----------------------------------------------------------------------------------


def add_alarm(db: Database, kind: str, subject: str | None, message: str,
              details: str | None = None) -> int:
    with db.transaction():
        db.execute("INSERT INTO trust_alarms (raised_at, kind, subject, message, details) "
                   "VALUES (?, ?, ?, ?, ?)", (now(), kind, subject, message, details))
        return int(db.scalar("SELECT MAX(id) FROM trust_alarms"))


def alarms(db: Database, *, include_acknowledged: bool = False, limit: int = 200) -> list[Alarm]:
    where = "" if include_acknowledged else "WHERE acknowledged_at IS NULL "
    rows = db.query(f"SELECT {ALARM_COLUMNS} FROM trust_alarms {where}ORDER BY id DESC LIMIT ?",
                    (limit,))
    return [Alarm(int(r[0]), *r[1:]) for r in rows]


def acknowledge_alarm(db: Database, alarm_id: int, by: str) -> bool:
    with db.transaction():
        found = db.scalar("SELECT COUNT(*) FROM trust_alarms WHERE id = ? AND "
                          "acknowledged_at IS NULL", (alarm_id,))
        db.execute("UPDATE trust_alarms SET acknowledged_at = ?, acknowledged_by = ? "
                   "WHERE id = ? AND acknowledged_at IS NULL", (now(), by, alarm_id))
    return bool(found)
