"""Loading many new object versions at once: rows prepared anywhere, inserted set by set.

`add_objects` classifies each version against what is stored and binds its rows one by one
from Python; for a million-row dataset that driver work alone (about 70 µs per incident) is
past a minute. A bulk load splits the work in two:

1. `prepare` turns objects into every row the store keeps for them — the version, its markings,
   text-index entry, access rows, projection rows and Merkle leaf hash — numbered 1, 2, … in
   the order given. It is pure Python with no database, so worker processes run it, and a
   `StageWriter` (one per backend) puts the rows where the database reads them fastest: a
   staging SQLite file the main connection attaches, or PostgreSQL COPY data.
2. `SQLStore.load_new` (main process, inside the caller's transaction) inserts one staged
   chunk with an INSERT … SELECT per table, numbering versions after the newest `seq`, and
   appends their leaves to the log.

Only objects the store does not hold yet load this way: every version is added and current,
so nothing needs classifying. `load_new` checks that (a stored id is a Conflict) and each
writer refuses an id given twice.
"""

from __future__ import annotations

import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jirga.errors import Invalid
from jirga.model.handling import RECIPIENTS, RED_USERS
from jirga.store.access import access_rows
from jirga.store.analytics import stage_sums
from jirga.store.projections import PROJECTIONS, VersionMeta
from jirga.store.rows import leaf, marking_refs, search_text, stored_json, version_row

VERSION_COLUMNS = ("n", "id", "type", "version", "modified", "created", "created_by_ref",
                   "revoked", "tlp", "name", "hash", "json", "leaf")
# Staged tables beside the versions: name → columns (projection tables keep their own names).
SIDE_TABLES: dict[str, tuple[str, ...]] = {
    "markings": ("n", "marking_ref"),
    "text": ("n", "name", "body"),
    "access": ("n", "kind", "value"),
}


def staged_tables() -> dict[str, tuple[str, ...]]:
    """Every staged table and its columns."""
    tables = {"versions": VERSION_COLUMNS, **SIDE_TABLES}
    for projection in PROJECTIONS:
        tables.update(projection.columns)
    return tables


@dataclass
class Batch:
    """The rows of some new versions, column tuples per table, versions numbered from `start`."""

    tables: dict[str, list[tuple[Any, ...]]] = field(
        default_factory=lambda: {name: [] for name in staged_tables()})

    def __len__(self) -> int:
        return len(self.tables["versions"])


def prepare(objects: Iterable[dict[str, Any]], *, source_party: str | None = None,
            start: int = 1) -> Batch:
    """Every row the store keeps for these (validated, new) objects; pure, for any process."""
    batch = Batch()
    tables = batch.tables
    versions, markings, text, access = (tables["versions"], tables["markings"], tables["text"],
                                        tables["access"])
    for n, obj in enumerate(objects, start):
        data = stored_json(obj)
        json_text = data.decode()
        row = version_row(n, obj, data, json_text)
        versions.append((*row, leaf(obj, json_text)))
        markings.extend((n, ref) for ref in marking_refs(obj))
        text.append((n, row[9] or "", search_text(obj)))
        if RECIPIENTS in obj or RED_USERS in obj:
            access.extend(access_rows(n, obj))
        if row[7]:
            continue  # revoked: current, but without projection rows
        for projection in PROJECTIONS:
            if row[2] in projection.types:
                for table, rows in projection.rows(obj, VersionMeta(n, source_party)).items():
                    tables[table].extend(rows)
    return batch


@dataclass(frozen=True)
class Staged:
    """A chunk of prepared rows where the database can read them: a staging file (SQLite) or
    COPY data per table (PostgreSQL). `count` versions, numbered 1…count."""

    count: int
    path: str | None = None
    copy: dict[str, bytes] = field(default_factory=dict)
    sums: bool = False  # the chunk's incidents summed as the counts keep them (SQLite)


class StageWriter(ABC):
    """Collects batches for one staged chunk; `close` hands the chunk over."""

    def __init__(self) -> None:
        self.count = 0
        self._ids: set[str] = set()

    def append(self, batch: Batch) -> None:
        versions = batch.tables["versions"]
        if versions and versions[0][0] != self.count + 1:
            raise ValueError(f"batch starts at {versions[0][0]}, not {self.count + 1}")
        for row in versions:
            if row[1] in self._ids:
                raise Invalid(f"object '{row[1]}' is given twice; a bulk load takes one "
                              "version of each object")
            self._ids.add(row[1])
        self.count += len(versions)
        self._write(batch)

    @abstractmethod
    def _write(self, batch: Batch) -> None:
        """Keep the batch's rows for the chunk."""

    @abstractmethod
    def close(self) -> Staged:
        """The chunk, ready for `SQLStore.load_new`."""


class SQLiteStageWriter(StageWriter):
    """A staging SQLite file without indexes or journal, attached by the loading connection."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.conn = sqlite3.connect(str(path), isolation_level=None)
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "page_size = 16384"):
            self.conn.execute(f"PRAGMA {pragma}")
        self.conn.execute("BEGIN")
        for table, columns in staged_tables().items():
            key = " INTEGER PRIMARY KEY" if table == "versions" else ""
            self.conn.execute(f"CREATE TABLE {table} ({columns[0]}{key}, {', '.join(columns[1:])})")

    def _write(self, batch: Batch) -> None:
        for table, rows in batch.tables.items():
            if rows:
                marks = ", ".join("?" * len(rows[0]))
                self.conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)

    def close(self) -> Staged:
        stage_sums(self.conn.execute)
        self.conn.execute("COMMIT")
        self.conn.close()
        return Staged(self.count, path=str(self.path), sums=True)


class CopyStageWriter(StageWriter):
    """PostgreSQL COPY text per table (tab-separated, `\\N` for NULL, bytea as hex)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: dict[str, list[str]] = {table: [] for table in staged_tables()}

    def _write(self, batch: Batch) -> None:
        for table, rows in batch.tables.items():
            self.parts[table].extend(copy_line(row) for row in rows)

    def close(self) -> Staged:
        return Staged(self.count, copy={t: "".join(lines).encode()
                                        for t, lines in self.parts.items() if lines})


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_value(value: Any) -> str:
    if value is None:
        return "\\N"
    kind = value.__class__
    if kind is str:
        return value.translate(_COPY_ESCAPES)
    if kind is bytes:
        return "\\\\x" + value.hex()
    if kind is bool:
        return "t" if value else "f"
    return str(value)


def copy_line(row: Sequence[Any]) -> str:
    return "\t".join(map(copy_value, row)) + "\n"


class Stager(ABC):
    """How a backend stages chunks; picklable, so worker processes receive it."""

    @abstractmethod
    def writer(self, directory: Path, name: str) -> StageWriter:
        """A writer for one chunk; files it makes go in `directory`."""


class SQLiteStager(Stager):
    def writer(self, directory: Path, name: str) -> StageWriter:
        return SQLiteStageWriter(directory / f"{name}.stage.db")


class CopyStager(Stager):
    def writer(self, directory: Path, name: str) -> StageWriter:
        return CopyStageWriter()
