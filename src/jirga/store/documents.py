"""SQL for the documents table and its near-duplicate sketches (migration m010).

Reads take a `Visibility` like every other read: document rows carry the columns the access
policy's condition names (`v.tlp`, `v.created_by_ref`, `v.source_party`, `v.seq`, `v.id`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from jirga.errors import NotFound
from jirga.store.db import chunked, placeholders
from jirga.store.objects import SQLStore
from jirga.store.visibility import Visibility

COLUMNS = ("v.seq, v.id, v.sha256, v.url, v.title, v.authors, v.published, v.language, v.format, "
           "v.source, v.chars, v.duplicate_of, v.similarity, v.ingested_at")


@dataclass(frozen=True)
class DocumentRow:
    seq: int
    id: str  # the document's STIX report id
    sha256: str
    url: str | None
    title: str | None
    authors: list[str]
    published: str | None
    language: str | None
    format: str
    source: str
    chars: int
    duplicate_of: int | None
    similarity: float | None
    ingested_at: str
    text: str | None = None


@dataclass(frozen=True)
class NewDocument:
    id: str
    sha256: str
    url: str | None
    title: str | None
    authors: list[str]
    published: str | None
    language: str | None
    format: str
    source: str
    text: str
    duplicate_of: int | None
    similarity: float | None
    ingested_at: str
    tlp: str = "clear"


def _row(values: Sequence[Any], text: str | None = None) -> DocumentRow:
    (seq, oid, sha, url, title, authors, published, language, fmt, source, chars, dup, sim,
     ingested) = values[:14]
    return DocumentRow(int(seq), oid, sha, url, title, orjson.loads(authors or "[]"), published,
                       language, fmt, source, int(chars), None if dup is None else int(dup),
                       None if sim is None else float(sim), ingested, text)


def insert(store: SQLStore, doc: NewDocument) -> int:
    """Store one document; returns its number (`seq`)."""
    row = store.db.query_one(
        "INSERT INTO documents (id, sha256, url, title, authors, published, language, format, "
        "source, text, chars, duplicate_of, similarity, ingested_at, tlp) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq",
        (doc.id, doc.sha256, doc.url, doc.title, orjson.dumps(doc.authors).decode(), doc.published,
         doc.language, doc.format, doc.source, doc.text, len(doc.text), doc.duplicate_of,
         doc.similarity, doc.ingested_at, doc.tlp))
    assert row is not None
    return int(row[0])


def by_sha256(store: SQLStore, sha256: str, *, visibility: Visibility) -> DocumentRow | None:
    row = store.db.query_one(
        f"SELECT {COLUMNS} FROM documents v WHERE v.sha256 = ? AND ({visibility.where})",
        (sha256, *visibility.params))
    return None if row is None else _row(row)


def get(store: SQLStore, seq: int, *, visibility: Visibility) -> DocumentRow:
    """One document with its text, or NotFound naming the number."""
    row = store.db.query_one(
        f"SELECT {COLUMNS}, v.text FROM documents v WHERE v.seq = ? AND ({visibility.where})",
        (seq, *visibility.params))
    if row is None:
        raise NotFound(f"document {seq} not found; `jirga documents list` shows their numbers")
    return _row(row, row[14])


def by_report(store: SQLStore, report_ids: Sequence[str], *,
              visibility: Visibility) -> dict[str, DocumentRow]:
    """The documents (with their text) behind these report ids, those the reader may see."""
    out: dict[str, DocumentRow] = {}
    for chunk in chunked(list(dict.fromkeys(report_ids)), 500):
        rows = store.db.query(
            f"SELECT {COLUMNS}, v.text FROM documents v WHERE v.id IN "
            f"({placeholders(len(chunk))}) AND ({visibility.where})",
            [*chunk, *visibility.params])
        out.update({r[1]: _row(r, r[14]) for r in rows})
    return out


def listing(store: SQLStore, *, visibility: Visibility, limit: int, offset: int = 0,
            search: str | None = None) -> tuple[list[DocumentRow], int]:
    """Documents, newest first, and how many match in all."""
    where = [f"({visibility.where})"]
    params: list[Any] = list(visibility.params)
    if search:
        where.append("(LOWER(v.title) LIKE ? OR LOWER(v.url) LIKE ? OR LOWER(v.source) LIKE ?)")
        like = f"%{search.lower()}%"
        params += [like, like, like]
    clause = " AND ".join(where)
    rows = store.db.query(f"SELECT {COLUMNS} FROM documents v WHERE {clause} "
                          f"ORDER BY v.seq DESC LIMIT ? OFFSET ?", [*params, limit, offset])
    total = store.db.scalar(f"SELECT COUNT(*) FROM documents v WHERE {clause}", params)
    return [_row(r) for r in rows], int(total or 0)


def copies(store: SQLStore, seq: int, *, visibility: Visibility) -> list[DocumentRow]:
    """Near-duplicates linked to document `seq` (other sites' copies of the same story)."""
    rows = store.db.query(f"SELECT {COLUMNS} FROM documents v WHERE v.duplicate_of = ? AND "
                          f"({visibility.where}) ORDER BY v.seq", (seq, *visibility.params))
    return [_row(r) for r in rows]


def add_sketch(store: SQLStore, seq: int, hashes: Sequence[int]) -> None:
    store.db.executemany("INSERT INTO document_sketch (hash, document_seq) VALUES (?, ?)",
                         [(h, seq) for h in sorted(set(hashes))])


def sketch_matches(store: SQLStore, hashes: Sequence[int], *, visibility: Visibility,
                   limit: int = 5) -> list[int]:
    """Documents sharing the most sketch hashes with `hashes`, best first (originals only)."""
    counts: dict[int, int] = {}
    for chunk in chunked(sorted(set(hashes)), 400):
        rows = store.db.query(
            f"SELECT s.document_seq, COUNT(*) FROM document_sketch s JOIN documents v "
            f"ON v.seq = s.document_seq WHERE s.hash IN ({placeholders(len(chunk))}) "
            f"AND v.duplicate_of IS NULL AND ({visibility.where}) GROUP BY s.document_seq",
            [*chunk, *visibility.params])
        for seq, n in rows:
            counts[int(seq)] = counts.get(int(seq), 0) + int(n)
    return [seq for seq, _ in sorted(counts.items(), key=lambda kv: -kv[1])[:limit]]


def texts(store: SQLStore, seqs: Sequence[int], *, visibility: Visibility) -> dict[int, str]:
    out: dict[int, str] = {}
    for chunk in chunked(list(seqs), 200):
        rows = store.db.query(f"SELECT v.seq, v.text FROM documents v WHERE v.seq IN "
                              f"({placeholders(len(chunk))}) AND ({visibility.where})",
                              [*chunk, *visibility.params])
        out.update({int(seq): text for seq, text in rows})
    return out
