"""SQL for the review queue (candidates) and statistical claims (migration m011)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from jirga.errors import Conflict, NotFound
from jirga.store.db import placeholders
from jirga.store.objects import SQLStore
from jirga.store.visibility import Visibility

COLUMNS = ("v.seq, v.id, v.document_seq, v.status, v.background, v.confidence, v.occurred, "
           "v.admin1, v.place, v.perpetrator, v.killed, v.injured, v.attack_type, v.data, "
           "v.reason, v.incident_id, v.created_at, v.decided_at, d.title, d.url, d.source")
FROM = "FROM candidates v JOIN documents d ON d.seq = v.document_seq"
STATUSES = ("candidate", "accepted", "rejected")


@dataclass(frozen=True)
class CandidateRow:
    seq: int
    id: str
    document_seq: int
    status: str
    background: bool
    confidence: float
    occurred: str | None
    admin1: str | None
    place: str | None
    perpetrator: str | None
    killed: int | None
    injured: int | None
    attack_type: str | None
    data: dict[str, Any]
    reason: str | None
    incident_id: str | None
    created_at: str
    decided_at: str | None
    document_title: str | None
    document_url: str | None
    document_source: str


@dataclass(frozen=True)
class NewCandidate:
    id: str
    document_seq: int
    data: dict[str, Any]  # Candidate.as_json()
    created_at: str
    tlp: str = "clear"  # the document's: a candidate is read under its source's marking


@dataclass(frozen=True)
class ClaimRow:
    seq: int
    id: str
    document_seq: int
    text: str
    source: str | None
    sentence: str
    start: int
    end: int
    confidence: float


def _candidate(row: Sequence[Any]) -> CandidateRow:
    return CandidateRow(int(row[0]), row[1], int(row[2]), row[3], bool(row[4]), float(row[5]),
                        row[6], row[7], row[8], row[9], row[10], row[11], row[12],
                        orjson.loads(row[13]), row[14], row[15], row[16], row[17], row[18],
                        row[19], row[20])


def insert_candidate(store: SQLStore, new: NewCandidate) -> int:
    data = new.data
    row = store.db.query_one(
        "INSERT INTO candidates (id, document_seq, status, background, confidence, occurred, "
        "admin1, place, perpetrator, killed, injured, attack_type, data, created_at, tlp) "
        "VALUES (?, ?, 'candidate', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq",
        (new.id, new.document_seq, int(bool(data.get("background"))),
         float(data.get("confidence") or 0), data.get("date"), data.get("admin1"),
         data.get("place") or data.get("district"), data.get("perpetrator"), data.get("killed"),
         data.get("injured"), data.get("attack_type"), orjson.dumps(data).decode(),
         new.created_at, new.tlp))
    assert row is not None
    return int(row[0])


def get_candidate(store: SQLStore, seq: int, *, visibility: Visibility) -> CandidateRow:
    row = store.db.query_one(f"SELECT {COLUMNS} {FROM} WHERE v.seq = ? AND ({visibility.where})",
                             (seq, *visibility.params))
    if row is None:
        raise NotFound(f"candidate {seq} not found; `jirga review list` shows the queue")
    return _candidate(row)


def list_candidates(store: SQLStore, *, visibility: Visibility, status: str | None = "candidate",
                    background: bool | None = None, document_seq: int | None = None,
                    limit: int = 50, offset: int = 0) -> tuple[list[CandidateRow], int]:
    """Candidates in queue order (oldest first) and how many match in all."""
    where = [f"({visibility.where})"]
    params: list[Any] = list(visibility.params)
    if status is not None:
        where.append("v.status = ?")
        params.append(status)
    if background is not None:
        where.append("v.background = ?")
        params.append(int(background))
    if document_seq is not None:
        where.append("v.document_seq = ?")
        params.append(document_seq)
    clause = " AND ".join(where)
    rows = store.db.query(f"SELECT {COLUMNS} {FROM} WHERE {clause} ORDER BY v.seq "
                          f"LIMIT ? OFFSET ?", [*params, limit, offset])
    total = store.db.scalar(f"SELECT COUNT(*) {FROM} WHERE {clause}", params)
    return [_candidate(r) for r in rows], int(total or 0)


def next_candidate(store: SQLStore, *, after: int, visibility: Visibility) -> int | None:
    """The number of the first candidate awaiting review after `after` (else the first of the
    queue), or None when the queue is empty."""
    rows = store.db.query(
        f"SELECT v.seq FROM candidates v WHERE v.status = 'candidate' AND ({visibility.where}) "
        f"ORDER BY CASE WHEN v.seq > ? THEN 0 ELSE 1 END, v.seq LIMIT 1",
        [*visibility.params, after])
    return int(rows[0][0]) if rows else None


def similar_candidates(store: SQLStore, *, occurred: Sequence[str], admin1: str,
                       exclude: int, visibility: Visibility) -> list[CandidateRow]:
    """Other candidates on one of the `occurred` dates in the same province."""
    if not occurred:
        return []
    rows = store.db.query(
        f"SELECT {COLUMNS} {FROM} WHERE v.occurred IN ({placeholders(len(occurred))}) "
        f"AND v.admin1 = ? AND v.seq <> ? AND ({visibility.where}) ORDER BY v.seq",
        [*occurred, admin1, exclude, *visibility.params])
    return [_candidate(r) for r in rows]


def nearby_incidents(store: SQLStore, *, occurred: Sequence[str], admin1_code: str,
                     visibility: Visibility) -> list[dict[str, Any]]:
    """Registered incidents on one of the `occurred` dates in the province (possible twins)."""
    if not occurred:
        return []
    return store.db.query_dicts(
        f"SELECT v.id, v.name, v.occurred, v.place, v.district, v.killed_best, v.perpetrator "
        f"FROM incidents_flat v WHERE v.occurred IN ({placeholders(len(occurred))}) "
        f"AND v.admin1 = ? AND ({visibility.where}) ORDER BY v.occurred",
        [*occurred, admin1_code, *visibility.params])


def decide(store: SQLStore, seq: int, *, status: str, decided_at: str, reason: str | None = None,
           incident_id: str | None = None, data: dict[str, Any] | None = None) -> None:
    """Move a candidate out of the queue; a candidate already decided is a Conflict."""
    sets = ["status = ?", "decided_at = ?", "reason = ?", "incident_id = ?"]
    params: list[Any] = [status, decided_at, reason, incident_id]
    if data is not None:
        sets += ["data = ?", "occurred = ?", "admin1 = ?", "place = ?", "perpetrator = ?",
                 "killed = ?", "injured = ?", "attack_type = ?"]
        params += [orjson.dumps(data).decode(), data.get("date"), data.get("admin1"),
                   data.get("place") or data.get("district"), data.get("perpetrator"),
                   data.get("killed"), data.get("injured"), data.get("attack_type")]
    cursor = store.db.execute(f"UPDATE candidates SET {', '.join(sets)} "
                              f"WHERE seq = ? AND status = 'candidate'", [*params, seq])
    if cursor.rowcount != 1:
        current = store.db.scalar("SELECT status FROM candidates WHERE seq = ?", (seq,))
        if current is None:
            raise NotFound(f"candidate {seq} not found; `jirga review list` shows the queue")
        raise Conflict(f"candidate {seq} is already {current}; only candidates awaiting review "
                       "can be accepted or rejected")


def insert_claims(store: SQLStore, document_seq: int, claims: Sequence[dict[str, Any]],
                  tlp: str = "clear") -> None:
    """A document's claims, read under the document's marking `tlp`."""
    store.db.executemany(
        "INSERT INTO claims (id, document_seq, text, source, sentence, span_start, span_end, "
        "confidence, tlp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(c["id"], document_seq, c["text"], c.get("source"), c["sentence"], c["start"], c["end"],
          c["confidence"], tlp) for c in claims])


def claims_of(store: SQLStore, document_seq: int, *, visibility: Visibility) -> list[ClaimRow]:
    rows = store.db.query(
        f"SELECT v.seq, v.id, v.document_seq, v.text, v.source, v.sentence, v.span_start, "
        f"v.span_end, v.confidence FROM claims v WHERE v.document_seq = ? AND "
        f"({visibility.where}) ORDER BY v.seq", (document_seq, *visibility.params))
    return [ClaimRow(int(r[0]), r[1], int(r[2]), r[3], r[4], r[5], int(r[6]), int(r[7]),
                     float(r[8])) for r in rows]


def counts(store: SQLStore, *, visibility: Visibility) -> dict[str, int]:
    rows = store.db.query(f"SELECT v.status, COUNT(*) FROM candidates v WHERE "
                          f"({visibility.where}) GROUP BY v.status", visibility.params)
    return {status: int(n) for status, n in rows}
