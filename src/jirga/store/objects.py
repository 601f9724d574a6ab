"""The STIX object store over `Database`: every version kept, one current version per object.

Write path (`add_objects`): classify each incoming version against what is stored (new object,
newer version, older version kept as history, unchanged, refused), then insert versions,
move current pointers, markings, text index and projections in one transaction. Read paths
take a `Visibility` (the access policy's SQL condition) as a required argument.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any, ClassVar

import orjson

from jirga.errors import Conflict, Invalid, NotFound, Problem
from jirga.model.timestamps import now, version_key
from jirga.store import access, bulk, log, migrations
from jirga.store.analytics import PendingSums
from jirga.store.db import Database, chunked, placeholders
from jirga.store.projections import BY_NAME, PROJECTIONS, Projection, VersionMeta
from jirga.store.rows import (
    VersionRow,
    content_hash,
    marking_refs,
    name_of,
    search_text,
    stored_json,
    version_row,
)
from jirga.store.types import (
    Accepted,
    AddResult,
    ObjectFilter,
    Outcome,
    Page,
    StoredObject,
    decode_cursor,
    encode_cursor,
)
from jirga.store.visibility import Visibility

VERSION_COLUMNS = ("v.seq, v.id, v.type, v.version, v.modified, v.added_at, v.source_party, "
                   "v.tlp, v.revoked, v.json")
Progress = Callable[[int], None]
__all__ = ["VERSION_COLUMNS", "Progress", "SQLStore", "content_hash", "stored_json"]  # public here


@dataclass(slots=True)
class _Incoming:
    """One incoming version with everything the write needs, computed once."""

    obj: dict[str, Any]
    row: VersionRow  # object_versions columns, the first (seq) set when stored
    id: str  # row[1] and row[3], kept as fields: classification reads them many times
    version: str
    seq: int = 0
    outcome: Outcome = Outcome.ADDED
    current: bool = False

    @classmethod
    def of(cls, obj: dict[str, Any]) -> _Incoming:
        data = stored_json(obj)
        row = version_row(0, obj, data, data.decode())
        return cls(obj, row, row[1], row[3])

    @property
    def type(self) -> str:
        return self.row[2]

    @property
    def revoked(self) -> bool:
        return bool(self.row[7])

    @property
    def name(self) -> str | None:
        return self.row[9]

    @property
    def hash(self) -> bytes:
        return self.row[10]

    @property
    def json(self) -> str:
        return self.row[11]


@dataclass(slots=True)
class _Current:
    seq: int
    version: str
    revoked: bool


class SQLStore(ABC):
    """Shared logic of both backends; subclasses set the text-search SQL."""

    text_clause: ClassVar[str] = ""
    retire_sql: ClassVar[str] = "UPDATE object_versions SET is_current = 0"
    text_delete_sql: ClassVar[str] = ""  # params: (seq, old name, old body)
    text_insert_sql: ClassVar[str] = ""  # params: (seq, name, body)
    # Bulk loads (store/bulk.py): how workers stage chunks, and the statements that insert a
    # staged chunk; `{stage}` is where the staged tables are, params start with the base seq.
    stager: ClassVar[bulk.Stager]
    stage_versions_sql: ClassVar[str] = (
        "INSERT INTO object_versions (seq, id, type, version, modified, created, created_by_ref, "
        "revoked, is_current, tlp, name, added_at, source_party, hash, json) "
        "SELECT ? + s.n, s.id, s.type, s.version, s.modified, s.created, s.created_by_ref, "
        "s.revoked, 1, s.tlp, s.name, ?, ?, s.hash, s.json FROM {stage}versions s ORDER BY s.n")
    stage_text_sql: ClassVar[str] = ""  # params: (base seq,)
    # (name, CREATE statement) of the indexes on `{tables}` that no constraint needs, which a
    # bulk load may drop and build again; empty keeps them (PostgreSQL: DROP INDEX would lock
    # readers out of the tables until the load commits, where SQLite's keep their snapshot).
    secondary_indexes_sql: ClassVar[str] = ""
    # Versions in one add_objects call that make it a bulk load: at 300,000 stixgen objects that
    # stores 12 % faster, at 100,000 it gains nothing (bench/store.py sizes).
    bulk_min: ClassVar[int] = 200_000
    # Per-version tables other layers keep (the sharing policy's recipients), written in the
    # same transaction as the versions by every write path.
    version_indexes: ClassVar[tuple[Callable[[Database, list[tuple[int, dict[str, Any]]]], None],
                                    ...]] = (access.index_versions,)

    def __init__(self, db: Database) -> None:
        self.db = db
        self.url = db.url
        self.projections: tuple[Projection, ...] = PROJECTIONS
        # The trust layer's key for tree heads (`jirga.trust.attach`); None writes them unsigned.
        self.signer: log.HeadSigner | None = None
        self._pending: PendingSums | None = None  # a bulk load's partial counts (bulk_loading)

    # -- lifecycle -------------------------------------------------------------------------

    def migrate(self) -> list[str]:
        done, rebuild = migrations.migrate(self.db)
        if rebuild:
            self.rebuild_projections(sorted(rebuild))
        return done

    def close(self) -> None:
        self.db.close()

    @abstractmethod
    def text_query(self, text: str) -> str:
        """The user's words as this backend's full-text query."""

    # -- writing ---------------------------------------------------------------------------

    def add_objects(
        self,
        objects: Sequence[dict[str, Any]],
        *,
        source_party: str | None = None,
        progress: Progress | None = None,
    ) -> AddResult:
        """Store validated objects in one transaction; see the module docstring for outcomes."""
        incoming = self._prepare(objects)
        result = AddResult()
        large = len(incoming) >= self.bulk_min
        with self.db.transaction(), self.bulk_loading(len(incoming)) if large else nullcontext():
            self.db.lock_for_writing()
            empty = self.db.scalar("SELECT MAX(seq) FROM object_versions") is None
            current = {} if empty else self._current_of([i.id for i in incoming])
            known = {} if empty else self._known_versions([i.id for i in incoming])
            fresh = self._classify(incoming, current, known, result)
            self._assign_seqs(fresh)
            added_at = version_key(now(6))
            self._insert_versions(fresh, added_at, source_party, progress)
            for index in self.version_indexes:
                index(self.db, [(i.seq, i.obj) for i in fresh])
            winners = [i for i in fresh if i.current]
            self._move_current(winners, current, source_party)
            self._refresh_projections(winners, source_party)
            result.accepted = [Accepted(i.seq, i.id, i.version, i.hash, i.json, i.current)
                               for i in fresh]
            log.append(self.db, result.accepted, self.signer,  # the Merkle log, same transaction
                       [i.obj for i in fresh])
        return result

    def load_new(self, staged: bulk.Staged, *, source_party: str | None = None) -> int:
        """Store a staged chunk of versions of objects not stored yet (see store/bulk.py) in
        the caller's transaction, or one of its own; Conflict if any is stored already."""
        if not staged.count:
            return 0
        with self.db.transaction():
            self.db.lock_for_writing()
            stage = self._open_stage(staged)
            try:
                return self._load_stage(stage, staged.count, source_party, staged.sums)
            finally:
                self._close_stage(stage)

    def _load_stage(self, stage: str, count: int, source_party: str | None,
                    sums: bool = False) -> int:
        base = self.db.scalar("SELECT MAX(seq) FROM object_versions")
        if base is not None:
            clash = self.db.scalar(f"SELECT s.id FROM {stage}versions s WHERE EXISTS (SELECT 1 "
                                   "FROM object_versions v WHERE v.id = s.id) LIMIT 1")
            if clash is not None:
                raise Conflict(f"object '{clash}' is already stored; a bulk load only adds "
                               "new objects (import it with add_objects to classify versions)")
        base = int(base or 0)
        self.db.execute(self.stage_versions_sql.format(stage=stage),
                        (base, version_key(now(6)), source_party))
        self.db.execute(f"INSERT INTO object_access (seq, kind, value) "
                        f"SELECT ? + n, kind, value FROM {stage}access", (base,))
        self._index_staged(stage, base)
        self.db.execute(f"INSERT INTO object_markings (id, marking_ref) SELECT s.id, "
                        f"m.marking_ref FROM {stage}markings m JOIN {stage}versions s ON "
                        f"s.n = m.n ORDER BY s.id, m.marking_ref")
        if self.stage_text_sql:
            self.db.execute(self.stage_text_sql.format(stage=stage), (base,))
        for projection in self.projections:
            for table, columns in projection.columns.items():
                picked = ", ".join("? + seq" if c == "seq" else c for c in columns)
                self.db.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {picked} "
                                f"FROM {stage}{table}", (base,) if "seq" in columns else ())
        log.append_staged(self.db, stage, base, self.signer)
        if self._pending is not None:
            self._pending.add(stage, base, sums)
        return count

    @contextmanager
    def bulk_loading(self, expected: int) -> Iterator[None]:
        """Around the `load_new` calls of one large load, in one transaction. When the load
        brings at least as many versions as the store holds, the secondary indexes of the
        tables it fills are dropped first and built again at the end: one sort per index
        instead of a random B-tree insert per row and index. A failure rolls the drop back
        with everything else."""
        with self.db.transaction():
            self.db.lock_for_writing()
            held = int(self.db.scalar("SELECT MAX(seq) FROM object_versions") or 0)
            pending = PendingSums(self.db)  # before the drop: it reads the indexes
            tables = ["object_versions", "object_markings",
                      *(t for p in self.projections for t in p.columns)]
            big = self.secondary_indexes_sql and expected >= held
            rebuild = self._drop_indexes(tables) if big else []
            restore = self._bulk_settings()
            self._pending = pending
            try:
                yield
                pending.fold()
                for sql in rebuild:
                    self.db.execute(sql)
            finally:
                self._pending = None
                restore()

    def _drop_indexes(self, tables: list[str]) -> list[str]:
        """Drop the secondary indexes of `tables`; the statements that create them again."""
        found = self.db.query(self.secondary_indexes_sql.format(
            tables=placeholders(len(tables))), tables)
        for name, _ in found:
            self.db.execute(f"DROP INDEX {name}")
        return [sql for _, sql in found]

    def _bulk_settings(self) -> Callable[[], None]:
        """Session settings for a bulk load; returns what puts them back."""
        return lambda: None

    def _index_staged(self, stage: str, base: int) -> None:
        """Per-version tables other layers keep (`version_indexes`) beyond the access rows,
        which the stage already holds: they get the staged objects, parsed again."""
        extra = [f for f in self.version_indexes if f is not access.index_versions]
        if not extra:
            return
        rows = self.db.query(f"SELECT n, json FROM {stage}versions ORDER BY n")
        for chunk in chunked(rows, 2000):
            versions = [(base + int(n), orjson.loads(text)) for n, text in chunk]
            for index in extra:
                index(self.db, versions)

    @abstractmethod
    def _open_stage(self, staged: bulk.Staged) -> str:
        """Make a staged chunk readable in this transaction; returns its table prefix."""

    @abstractmethod
    def _close_stage(self, stage: str) -> None:
        """Release what `_open_stage` made, now or when the transaction ends."""

    def _prepare(self, objects: Sequence[dict[str, Any]]) -> list[_Incoming]:
        seen: dict[tuple[str, str], _Incoming] = {}
        for obj in objects:
            item = _Incoming.of(obj)
            seen.setdefault((item.id, item.version), item)
        return [seen[key] for key in sorted(seen)]  # by (id, version), the keys themselves

    def _current_of(self, ids: Sequence[str]) -> dict[str, _Current]:
        out: dict[str, _Current] = {}
        for chunk in chunked(sorted(set(ids)), 500):
            rows = self.db.query(
                f"SELECT id, seq, version, revoked FROM object_versions "
                f"WHERE id IN ({placeholders(len(chunk))}) AND is_current = 1", chunk)
            for oid, seq, version, revoked in rows:
                out[oid] = _Current(seq, version, bool(revoked))
        return out

    def _known_versions(self, ids: Sequence[str]) -> dict[tuple[str, str], bytes]:
        out: dict[tuple[str, str], bytes] = {}
        for chunk in chunked(sorted(set(ids)), 500):
            rows = self.db.query(
                f"SELECT id, version, hash FROM object_versions "
                f"WHERE id IN ({placeholders(len(chunk))})", chunk)
            out.update({(oid, version): bytes(digest) for oid, version, digest in rows})
        return out

    def _classify(self, incoming: list[_Incoming], current: dict[str, _Current],
                  known: dict[tuple[str, str], bytes], result: AddResult) -> list[_Incoming]:
        if not current and not known:
            return self._classify_new(incoming, result)
        fresh: list[_Incoming] = []
        winner: dict[str, _Incoming] = {}
        best: dict[str, tuple[str, bool]] = {k: (c.version, c.revoked) for k, c in current.items()}
        for item in incoming:
            item.outcome = self._outcome(item, best.get(item.id), known.get((item.id, item.version)))
            result.counts[item.outcome.value] += 1
            result.outcomes[(item.id, item.version)] = item.outcome
            if item.outcome is Outcome.REFUSED:
                result.refused.append(self._refusal(item, best.get(item.id)))
                continue
            if item.outcome is Outcome.UNCHANGED:
                continue
            item.current = item.outcome in (Outcome.ADDED, Outcome.NEWER)
            if item.current:
                if item.id in winner:
                    winner[item.id].current = False
                winner[item.id] = item
                best[item.id] = (item.version, item.revoked)
            fresh.append(item)
        return fresh

    @staticmethod
    def _classify_new(incoming: list[_Incoming], result: AddResult) -> list[_Incoming]:
        """Nothing in the batch is stored yet: the last version of each id (sorted) is current."""
        outcomes = result.outcomes
        previous: _Incoming | None = None
        newer = 0
        for item in incoming:  # outcome starts as ADDED; a next version of the id takes over
            if previous is not None and previous.id == item.id:
                previous.current = False
                item.outcome = Outcome.NEWER
                newer += 1
            item.current = True
            outcomes[(item.id, item.version)] = item.outcome
            previous = item
        if len(incoming) > newer:
            result.counts[Outcome.ADDED.value] += len(incoming) - newer
        if newer:
            result.counts[Outcome.NEWER.value] += newer
        return incoming

    @staticmethod
    def _outcome(item: _Incoming, best: tuple[str, bool] | None, stored: bytes | None) -> Outcome:
        if stored is not None:
            return Outcome.UNCHANGED if stored == item.hash else Outcome.REFUSED
        if best is None:
            return Outcome.ADDED
        version, revoked = best
        if item.version > version:
            return Outcome.REFUSED if revoked else Outcome.NEWER
        return Outcome.OLDER

    @staticmethod
    def _refusal(item: _Incoming, best: tuple[str, bool] | None) -> Problem:
        if best is not None and best[1] and item.version > best[0]:
            message = "the object is revoked; STIX allows no newer versions of a revoked object"
        else:
            message = (f"version {item.obj.get('modified') or item.obj.get('created')} is already "
                       "stored with different content; a changed object needs a later 'modified'")
        return Problem(message, object_id=item.id, property="modified")

    def _assign_seqs(self, fresh: list[_Incoming]) -> None:
        start = self.db.scalar("SELECT COALESCE(MAX(seq), 0) FROM object_versions") or 0
        for offset, item in enumerate(fresh, start=1):
            item.seq = start + offset

    def _insert_versions(self, fresh: list[_Incoming], added_at: str, source_party: str | None,
                         progress: Progress | None) -> None:
        sql = ("INSERT INTO object_versions (seq, id, type, version, modified, created, "
               "created_by_ref, revoked, tlp, name, hash, json, is_current, added_at, "
               "source_party) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        for chunk in chunked(fresh, 2000):
            self.db.executemany(sql, [(i.seq, *i.row[1:], int(i.current), added_at, source_party)
                                      for i in chunk])
            if progress:
                progress(len(chunk))

    def _move_current(self, winners: list[_Incoming], current: dict[str, _Current],
                      source_party: str | None) -> None:
        """Retire the versions the winners replace; index the winners' markings and text."""
        replaced = [current[i.id] for i in winners if i.id in current]
        if replaced:
            for chunk in chunked([c.seq for c in replaced], 500):
                self.db.execute(f"{self.retire_sql} WHERE seq IN ({placeholders(len(chunk))})",
                                chunk)
            for chunk in chunked([i.id for i in winners if i.id in current], 500):
                self.db.execute(f"DELETE FROM object_markings WHERE id IN "
                                f"({placeholders(len(chunk))})", chunk)
            self._unindex_text([c.seq for c in replaced])
        self.db.executemany(
            "INSERT INTO object_markings (id, marking_ref) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [(i.id, ref) for i in winners for ref in marking_refs(i.obj)])
        self.db.executemany(self.text_insert_sql,
                            [(i.seq, i.name or "", search_text(i.obj)) for i in winners])

    def _unindex_text(self, seqs: list[int]) -> None:
        """Take replaced versions out of the text index (it needs their old text to do so)."""
        if not self.text_delete_sql:
            return
        for chunk in chunked(seqs, 500):
            rows = self.db.query(f"SELECT seq, json FROM object_versions WHERE seq IN "
                                 f"({placeholders(len(chunk))})", chunk)
            old = [(seq, orjson.loads(text)) for seq, text in rows]
            self.db.executemany(self.text_delete_sql,
                                [(seq, name_of(obj) or "", search_text(obj))
                                 for seq, obj in old])

    def _refresh_projections(self, winners: list[_Incoming], source_party: str | None) -> None:
        for projection in self.projections:
            types = projection.types
            mine = [i for i in winners if i.row[2] in types]  # row[2]: the type
            if mine:
                self._project(projection, [(i.obj, VersionMeta(i.seq, source_party), i.revoked)
                                           for i in mine])

    def _project(self, projection: Projection,
                 items: list[tuple[dict[str, Any], VersionMeta, bool]]) -> None:
        ids = [obj["id"] for obj, _, _ in items]
        for table in projection.columns:
            for chunk in chunked(ids, 500):
                self.db.execute(f"DELETE FROM {table} WHERE id IN ({placeholders(len(chunk))})",
                                chunk)
        rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in projection.columns}
        for obj, meta, revoked in items:
            if not revoked:
                for table, table_rows in projection.rows(obj, meta).items():
                    rows[table].extend(table_rows)
        for table, table_rows in rows.items():
            self.db.executemany(projection.insert_sql(table), table_rows)

    def rebuild_projections(self, names: Iterable[str] | None = None) -> None:
        """Recompute projections from current objects (after a migration changed their tables)."""
        chosen = [BY_NAME[n] for n in names] if names is not None else list(self.projections)
        with self.db.transaction():
            for projection in chosen:
                for table in projection.columns:
                    self.db.execute(f"DELETE FROM {table}")
                types = sorted(projection.types)
                rows = self.db.query(
                    f"SELECT v.json, v.seq, v.source_party FROM object_versions v "
                    f"WHERE v.is_current = 1 AND v.revoked = 0 AND "
                    f"v.type IN ({placeholders(len(types))})", types)
                for chunk in chunked(rows, 5000):
                    self._project(projection, [(orjson.loads(j), VersionMeta(s, p), False)
                                               for j, s, p in chunk])

    # -- reading ---------------------------------------------------------------------------

    def get(self, object_id: str, *, visibility: Visibility, version: str | None = None,
            include_revoked: bool = True) -> StoredObject:
        """The current version (or the version with that `modified`) of one object."""
        if version is None:
            sql = (f"SELECT {VERSION_COLUMNS} FROM object_versions v "
                   f"WHERE v.id = ? AND v.is_current = 1 AND ({visibility.where})")
            params: tuple[Any, ...] = (object_id, *visibility.params)
        else:
            sql = (f"SELECT {VERSION_COLUMNS} FROM object_versions v WHERE v.id = ? "
                   f"AND v.version = ? AND ({visibility.where})")
            params = (object_id, version_key(version), *visibility.params)
        row = self.db.query_one(sql, params)
        if row is None or (not include_revoked and row[8]):
            raise NotFound(f"object '{object_id}' not found"
                           + (f" at version {version}" if version else ""))
        return _stored(row)

    def versions(self, object_id: str, *, visibility: Visibility) -> list[StoredObject]:
        """Every version of one object the reader may see, oldest first."""
        rows = self.db.query(
            f"SELECT {VERSION_COLUMNS} FROM object_versions v WHERE v.id = ? AND "
            f"({visibility.where}) ORDER BY v.version", (object_id, *visibility.params))
        return [_stored(r) for r in rows]

    def current(self, query: ObjectFilter, *, visibility: Visibility, limit: int = 100,
                cursor: str | None = None, order: str = "added") -> Page:
        """A page of current versions. `order` is `added` (oldest stored first) or `recent`
        (latest `modified` first); `cursor` is the `next` of the previous page."""
        where, params = self._where(query, visibility, order)
        if order == "added":
            if cursor:
                where.append("v.seq > ?")
                params.append(int(decode_cursor(cursor, 1)[0]))
            order_by = "v.seq"
        elif order == "recent":
            if cursor:
                version, seq = decode_cursor(cursor, 2)
                where.append("(v.version < ? OR (v.version = ? AND v.seq < ?))")
                params.extend([version, version, int(seq)])
            order_by = "v.version DESC, v.seq DESC"
        else:
            raise Invalid(f"order '{order}' is not known; use added or recent")
        sql = (f"SELECT {VERSION_COLUMNS} FROM object_versions v "
               f"WHERE {' AND '.join(where)} ORDER BY {order_by} LIMIT ?")
        rows = self.db.query(sql, [*params, limit + 1])
        items = [_stored(r) for r in rows[:limit]]
        nxt = None
        if len(rows) > limit:
            last = items[-1]
            nxt = encode_cursor(last.seq) if order == "added" else encode_cursor(last.version,
                                                                                  last.seq)
        return Page(items, nxt)

    def count(self, query: ObjectFilter, *, visibility: Visibility) -> int:
        where, params = self._where(query, visibility, order=None)
        return int(self.db.scalar(
            f"SELECT COUNT(*) FROM object_versions v WHERE {' AND '.join(where)}", params))

    def iter_current(self, query: ObjectFilter, *, visibility: Visibility,
                     batch: int = 2000) -> Iterator[StoredObject]:
        cursor = None
        while True:
            page = self.current(query, visibility=visibility, limit=batch, cursor=cursor)
            yield from page.items
            if page.next is None:
                return
            cursor = page.next

    def iter_versions(self, query: ObjectFilter, *, visibility: Visibility,
                      batch: int = 2000) -> Iterator[StoredObject]:
        """Every version of the objects the filter selects (by their current version)."""
        ids = [o.id for o in self.iter_current(query, visibility=visibility, batch=batch)]
        for chunk in chunked(ids, 500):
            rows = self.db.query(
                f"SELECT {VERSION_COLUMNS} FROM object_versions v WHERE v.id IN "
                f"({placeholders(len(chunk))}) AND ({visibility.where}) ORDER BY v.id, v.version",
                [*chunk, *visibility.params])
            yield from (_stored(r) for r in rows)

    def type_counts(self, *, visibility: Visibility) -> Counter[str]:
        rows = self.db.query(
            f"SELECT v.type, COUNT(*) FROM object_versions v WHERE v.is_current = 1 AND "
            f"v.revoked = 0 AND ({visibility.where}) GROUP BY v.type", visibility.params)
        return Counter({t: int(n) for t, n in rows})

    def version_count(self) -> int:
        return int(self.db.scalar("SELECT COUNT(*) FROM object_versions"))

    def _where(self, query: ObjectFilter, visibility: Visibility,
               order: str | None = "added") -> tuple[list[str], list[Any]]:
        """Terms for current versions. In added order the scan follows seq and filters on the
        other columns: an equality on `revoked` would otherwise lead SQLite's planner to the
        policy index (m061) and a sort of every current version (650 ms instead of 1 ms for a
        marking page at 100,000). A count (order None) lets the planner choose freely."""
        where = ["v.is_current = 1", f"({visibility.where})"]
        params: list[Any] = list(visibility.params)
        unindexed = self.db.dialect.unindexed if order == "added" else ""

        def any_of(column: str, values: Sequence[str]) -> None:
            where.append(f"{column} IN ({placeholders(len(values))})")
            params.extend(values)

        if not query.include_revoked:
            where.append(f"{unindexed}v.revoked = 0")
        if query.types:
            any_of("v.type", query.types)
        if query.ids:
            any_of("v.id", query.ids)
        if query.created_by:
            any_of("v.created_by_ref", query.created_by)
        if query.markings:
            where.append(f"EXISTS (SELECT 1 FROM object_markings m WHERE m.id = v.id AND "
                         f"m.marking_ref IN ({placeholders(len(query.markings))}))")
            params.extend(query.markings)
        if query.tlp:
            where.append(f"COALESCE(v.tlp, ?) IN ({placeholders(len(query.tlp))})")
            params.extend([query.tlp_default, *query.tlp])
        # In recent order the (version, seq) index serves the range and the order at once.
        version = f"{unindexed}v.version"
        if query.modified_from:
            where.append(f"{version} >= ?")
            params.append(query.modified_from)
        if query.modified_to:
            where.append(f"{version} <= ?")
            params.append(query.modified_to)
        if query.added_after:
            where.append("v.added_at > ?")
            params.append(query.added_after)
        if query.text and query.text.strip():
            where.append(self.text_clause)
            params.append(self.text_query(query.text))
        return where, params


def _stored(row: Sequence[Any]) -> StoredObject:
    return StoredObject(int(row[0]), row[1], row[2], row[3], row[4], row[5], row[6], row[7],
                        bool(row[8]), row[9])
