"""The node's Merkle log in the database: leaves, stored subtrees, tree heads (RFC 9162 hashing).

`append` runs inside `SQLStore.add_objects`'s transaction, so an object version and its leaf
commit together or not at all. A leaf is SHA-256(0x00 || RFC 8785 bytes of the signed object
version): the object's bytes are not needed again once hashed, so a purged object keeps its leaf.
Signing a head needs keys, which the store does not hold: `HeadSigner` is the trust layer's
hook (`SQLStore.signer`); without one, heads are written unsigned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any, Protocol

import orjson

from jirga.errors import Invalid
from jirga.model import merkle
from jirga.model.canonical import canonical_of_sorted
from jirga.model.timestamps import now, version_key
from jirga.store.db import Database, chunked
from jirga.store.types import Accepted


@dataclass(frozen=True)
class TreeHead:
    """The log at one size: its root hash, when, and (if signed) by which party's key."""

    tree_size: int
    root_hash: bytes
    timestamp: str
    signer_ref: str | None = None
    kid: str | None = None
    sig: bytes | None = None

    @property
    def signed(self) -> bool:
        return self.sig is not None

    def with_signature(self, signer_ref: str, kid: str, sig: bytes) -> TreeHead:
        return replace(self, signer_ref=signer_ref, kid=kid, sig=sig)


@dataclass(frozen=True)
class Leaf:
    leaf_index: int
    seq: int
    id: str
    version: str
    leaf_hash: bytes
    appended_at: str


@dataclass(frozen=True)
class VersionRow:
    """An object version with its leaf (None when the log has no leaf for it), for verification."""

    seq: int
    id: str
    version: str
    created_by_ref: str | None
    added_at: str
    hash: bytes
    json: str
    leaf_index: int | None
    leaf_hash: bytes | None


class HeadSigner(Protocol):
    def sign_head(self, head: TreeHead) -> TreeHead:
        """The head with this node's signature, or unchanged when the node has no log key."""
        ...


LEAF_COLUMNS = "leaf_index, seq, id, version, leaf_hash, appended_at"
# Subtrees of 16 leaves and more are stored; smaller ones are rehashed from at most 16 leaves
# when a proof needs them. That keeps one node row per 16 leaves instead of one per leaf.
STORED_LEVEL = 4
HEAD_COLUMNS = "tree_size, root_hash, timestamp, signer_ref, kid, sig"


# -- appending --------------------------------------------------------------------------------


def append(db: Database, accepted: Sequence[Accepted], signer: HeadSigner | None = None,
           objects: Sequence[dict[str, Any]] | None = None) -> TreeHead | None:
    """Add a leaf per accepted version (in `seq` order), the subtrees they complete and a new
    head; call inside the transaction that stored the versions. `objects`, when given, are the
    accepted versions as dicts in the same order (saves parsing their JSON again)."""
    if not accepted:
        return None
    items = list(accepted)
    dicts = list(objects) if objects is not None else [None] * len(items)
    if any(a.seq >= b.seq for a, b in pairwise(items)):
        order = sorted(range(len(items)), key=lambda i: items[i].seq)
        items, dicts = [items[i] for i in order], [dicts[i] for i in order]
    digests = [merkle.leaf_hash(leaf_data(obj if obj is not None else orjson.loads(item.json),
                                          item.json))
               for item, obj in zip(items, dicts, strict=True)]
    stamp = version_key(now(6))

    def write(first: int) -> None:
        leaves = [(first + n, item.seq, item.id, item.version, digest, stamp)
                  for n, (item, digest) in enumerate(zip(items, digests, strict=True))]
        for chunk in chunked(leaves, 2000):
            db.executemany(f"INSERT INTO log_leaves ({LEAF_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
                           chunk)

    return _grow(db, digests, write, signer)


def append_staged(db: Database, stage: str, base_seq: int,
                  signer: HeadSigner | None = None) -> TreeHead | None:
    """`append` for a staged bulk chunk (`store/bulk.py`): versions `{stage}versions` numbered
    n = 1, 2, … and stored as seq `base_seq + n`, their leaf hashes already computed."""
    digests = [bytes(r[0]) for r in db.query(f"SELECT leaf FROM {stage}versions ORDER BY n")]
    stamp = version_key(now(6))

    def write(first: int) -> None:
        db.execute(f"INSERT INTO log_leaves ({LEAF_COLUMNS}) SELECT ? + s.n - 1, ? + s.n, s.id, "
                   f"s.version, s.leaf, ? FROM {stage}versions s ORDER BY s.n",
                   (first, base_seq, stamp))

    return _grow(db, digests, write, signer) if digests else None


def _grow(db: Database, digests: list[bytes], write_leaves: Callable[[int], None],
          signer: HeadSigner | None) -> TreeHead:
    """Extend the stored tree by these leaf hashes: leaf rows (`write_leaves(first index)`),
    the completed subtrees, a new (signed) head."""
    frontier = merkle.Frontier.load(size(db), lambda wanted: node_hashes(db, wanted))
    write_leaves(frontier.size)
    nodes = frontier.extend(digests, STORED_LEVEL)
    for chunk in chunked(nodes, 2000):
        db.executemany("INSERT INTO log_nodes (level, idx, hash) VALUES (?, ?, ?)", chunk)
    head = TreeHead(frontier.size, frontier.root(), now())
    if signer is not None:
        head = signer.sign_head(head)
    save_head(db, head)
    return head


def leaf_data(obj: dict[str, Any], text: str) -> bytes:
    """What a version's leaf hashes: its RFC 8785 bytes (usually its stored text itself), or,
    for the rare version RFC 8785 cannot write (an integer beyond 2**53), its stored text."""
    try:
        return canonical_of_sorted(obj, text)
    except Invalid:
        return text.encode()


def save_head(db: Database, head: TreeHead) -> None:
    db.execute(f"INSERT INTO tree_heads ({HEAD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
               (head.tree_size, head.root_hash, head.timestamp, head.signer_ref, head.kid,
                head.sig))


def backfill(db: Database) -> None:
    """Append every stored version that has no leaf yet, in `seq` order (one migration step)."""
    last = db.scalar("SELECT MAX(seq) FROM log_leaves") or 0
    while True:
        rows = db.query("SELECT seq, id, version, hash, json FROM object_versions WHERE seq > ? "
                        "ORDER BY seq LIMIT 5000", (last,))
        if not rows:
            return
        append(db, [Accepted(int(s), i, v, bytes(h), j, False) for s, i, v, h, j in rows])
        last = int(rows[-1][0])


# -- reading ----------------------------------------------------------------------------------


def size(db: Database) -> int:
    return int(db.scalar("SELECT COALESCE(MAX(leaf_index) + 1, 0) FROM log_leaves"))


def node_hashes(db: Database, wanted: Sequence[tuple[int, int]]) -> list[bytes]:
    """Hashes of complete subtrees `(level, index)` (level 0: the leaves), read where stored and
    rehashed from their leaves below STORED_LEVEL. Missing → LookupError."""
    found: dict[tuple[int, int], bytes] = {}
    small = {(level, i) for level, i in wanted if 0 < level < STORED_LEVEL}
    leaves = sorted({i for level, i in wanted if level == 0}
                    | {leaf for level, i in small for leaf in range(i << level, (i + 1) << level)})
    inner = sorted({(level, i) for level, i in wanted if level >= STORED_LEVEL})
    for chunk in chunked(leaves, 500):
        rows = db.query(f"SELECT leaf_index, leaf_hash FROM log_leaves WHERE leaf_index IN "
                        f"({','.join('?' * len(chunk))})", chunk)
        found.update({(0, int(i)): bytes(h) for i, h in rows})
    for chunk in chunked(inner, 200):
        where = " OR ".join(["(level = ? AND idx = ?)"] * len(chunk))
        rows = db.query(f"SELECT level, idx, hash FROM log_nodes WHERE {where}",
                        [v for pair in chunk for v in pair])
        found.update({(int(level), int(i)): bytes(h) for level, i, h in rows})
    for level, i in small:
        below = [found.get((0, leaf)) for leaf in range(i << level, (i + 1) << level)]
        if all(below):
            found[(level, i)] = merkle.root(below)  # type: ignore[arg-type]
    missing = [pair for pair in wanted if pair not in found]
    if missing:
        raise LookupError(f"the log has no subtree at (level, index) {missing[0]}")
    return [found[pair] for pair in wanted]


def range_hashes(db: Database, ranges: Sequence[merkle.Range]) -> list[bytes]:
    """MTH of each leaf range, from stored subtrees, in one read."""
    plans = [merkle.pieces(lo, hi) for lo, hi in ranges]
    wanted = sorted({p for plan in plans for p in plan})
    hashes = dict(zip(wanted, node_hashes(db, wanted), strict=True))
    return [merkle.combine([hashes[p] for p in plan]) for plan in plans]


def root_at(db: Database, tree_size: int) -> bytes:
    return range_hashes(db, [(0, tree_size)])[0] if tree_size else merkle.EMPTY_ROOT


def inclusion_path(db: Database, leaf_index: int, tree_size: int) -> list[bytes]:
    _within(db, tree_size)
    return range_hashes(db, merkle.inclusion_ranges(leaf_index, tree_size))


def inclusion_paths(db: Database, leaves: Sequence[Leaf], tree_size: int,
                    root: bytes | None = None) -> list[list[bytes]]:
    """`inclusion_path` of many leaves in one tree, in one walk (`merkle.inclusion_paths`):
    only the subtrees that hold none of them are read. With `root`, the root the walk ends at
    must be it (the head's), else LookupError: the stored log and the head disagree."""
    if not leaves:
        return []
    _within(db, tree_size)
    paths, top = merkle.inclusion_paths(tree_size, {leaf.leaf_index: leaf.leaf_hash
                                                    for leaf in leaves},
                                        lambda ranges: range_hashes(db, ranges))
    if root is not None and top != root:
        raise LookupError(f"the stored log does not hash to the root of the tree head at size "
                          f"{tree_size}; run `jirga verify`")
    return [paths[leaf.leaf_index] for leaf in leaves]


def consistency_path(db: Database, first: int, second: int) -> list[bytes]:
    _within(db, second)
    if first == second:
        return []
    return range_hashes(db, merkle.consistency_ranges(first, second))


def _within(db: Database, tree_size: int) -> None:
    if tree_size > size(db):
        raise LookupError(f"the log has {size(db)} leaves, fewer than {tree_size}")


def leaf_of(db: Database, object_id: str, version: str | None = None) -> Leaf | None:
    """The leaf of one stored version (the current one when `version` is None), found through
    the versions' own index, so the log needs no second index on (id, version)."""
    columns = ", ".join("l." + c for c in LEAF_COLUMNS.split(", "))
    if version is None:
        row = db.query_one(f"SELECT {columns} FROM object_versions v JOIN log_leaves l ON "
                           "l.seq = v.seq WHERE v.id = ? AND v.is_current = 1", (object_id,))
    else:
        row = db.query_one(f"SELECT {columns} FROM object_versions v JOIN log_leaves l ON "
                           "l.seq = v.seq WHERE v.id = ? AND v.version = ?",
                           (object_id, version_key(version)))
    return _leaf(row) if row else None


def leaves_of(db: Database, versions: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Leaf]:
    """The leaves of stored versions `(id, modified)`, keyed by `(id, version key)`; versions
    without a leaf are absent. One read per 500 ids instead of one per version."""
    wanted = {(oid, version_key(version)) for oid, version in versions}
    columns = ", ".join("l." + c for c in LEAF_COLUMNS.split(", "))
    out: dict[tuple[str, str], Leaf] = {}
    for chunk in chunked(sorted({oid for oid, _ in wanted}), 500):
        rows = db.query(f"SELECT {columns} FROM object_versions v JOIN log_leaves l ON "
                        f"l.seq = v.seq WHERE v.id IN ({','.join('?' * len(chunk))})", chunk)
        for row in rows:
            if (row[2], row[3]) in wanted:
                out[(row[2], row[3])] = _leaf(row)
    return out


def iter_leaves(db: Database, batch: int = 20000) -> Iterator[Leaf]:
    last = -1
    while True:
        rows = db.query(f"SELECT {LEAF_COLUMNS} FROM log_leaves WHERE leaf_index > ? "
                        "ORDER BY leaf_index LIMIT ?", (last, batch))
        yield from (_leaf(r) for r in rows)
        if len(rows) < batch:
            return
        last = int(rows[-1][0])


def iter_level(db: Database, level: int, batch: int = 20000) -> Iterator[tuple[int, bytes]]:
    """`(index, hash)` of the stored subtrees at one level above the leaves, by index."""
    last = -1
    while True:
        rows = db.query("SELECT idx, hash FROM log_nodes WHERE level = ? AND idx > ? "
                        "ORDER BY idx LIMIT ?", (level, last, batch))
        yield from ((int(i), bytes(h)) for i, h in rows)
        if len(rows) < batch:
            return
        last = int(rows[-1][0])


def max_level(db: Database) -> int:
    return int(db.scalar("SELECT COALESCE(MAX(level), 0) FROM log_nodes"))


def iter_versions_with_leaves(db: Database, first_seq: int, last_seq: int,
                              batch: int = 5000) -> Iterator[VersionRow]:
    """Every stored version with `first_seq <= seq <= last_seq` and its leaf, by seq."""
    last = first_seq - 1
    while True:
        rows = db.query(
            "SELECT v.seq, v.id, v.version, v.created_by_ref, v.added_at, v.hash, v.json, "
            "l.leaf_index, "
            "l.leaf_hash FROM object_versions v LEFT JOIN log_leaves l ON l.seq = v.seq "
            "WHERE v.seq > ? AND v.seq <= ? ORDER BY v.seq LIMIT ?", (last, last_seq, batch))
        for r in rows:
            yield VersionRow(int(r[0]), r[1], r[2], r[3], r[4], bytes(r[5]), r[6],
                             None if r[7] is None else int(r[7]),
                             None if r[8] is None else bytes(r[8]))
        if len(rows) < batch:
            return
        last = int(rows[-1][0])


def seq_bounds(db: Database) -> tuple[int, int]:
    row = db.query_one("SELECT COALESCE(MIN(seq), 0), COALESCE(MAX(seq), 0) FROM object_versions")
    return (int(row[0]), int(row[1])) if row else (0, 0)


def orphan_leaves(db: Database) -> list[Leaf]:
    """Leaves whose object version is not stored and was not purged: deleted rows."""
    rows = db.query(f"SELECT {', '.join('l.' + c for c in LEAF_COLUMNS.split(', '))} "
                    "FROM log_leaves l LEFT JOIN object_versions v ON v.seq = l.seq "
                    "LEFT JOIN log_purges p ON p.seq = l.seq "
                    "WHERE v.seq IS NULL AND p.seq IS NULL ORDER BY l.leaf_index")
    return [_leaf(r) for r in rows]


def heads(db: Database) -> list[TreeHead]:
    return [_head(r) for r in db.query(f"SELECT {HEAD_COLUMNS} FROM tree_heads ORDER BY tree_size")]


def recent_heads(db: Database, limit: int) -> list[TreeHead]:
    """The latest `limit` tree heads, newest first."""
    return [_head(r) for r in db.query(f"SELECT {HEAD_COLUMNS} FROM tree_heads "
                                       "ORDER BY tree_size DESC LIMIT ?", (limit,))]


def latest_head(db: Database, *, signed: bool = False) -> TreeHead | None:
    where = "WHERE sig IS NOT NULL " if signed else ""
    row = db.query_one(f"SELECT {HEAD_COLUMNS} FROM tree_heads {where}"
                       "ORDER BY tree_size DESC LIMIT 1")
    return _head(row) if row else None


def head_at(db: Database, tree_size: int) -> TreeHead | None:
    row = db.query_one(f"SELECT {HEAD_COLUMNS} FROM tree_heads WHERE tree_size = ?", (tree_size,))
    return _head(row) if row else None


def _leaf(row: Sequence[Any]) -> Leaf:
    return Leaf(int(row[0]), int(row[1]), row[2], row[3], bytes(row[4]), row[5])


def _head(row: Sequence[Any]) -> TreeHead:
    return TreeHead(int(row[0]), bytes(row[1]), row[2], row[3], row[4],
                    None if row[5] is None else bytes(row[5]))
