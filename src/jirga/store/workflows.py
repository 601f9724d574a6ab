"""SQL for the cooperation mechanism: the `workflows` projection (m050) and TLP counts.

Every query aliases the record or dispute row `v` and ANDs in the reader's `Visibility`, whose
SQL reads only the columns projection rows carry (seq, tlp, created_by_ref, source_party, id).
Dates are compared as version keys (`timestamps.version_key`), so text order is time order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jirga.store.db import Database, chunked, placeholders
from jirga.store.visibility import Visibility

RECORD_SELECT = ("SELECT v.id, v.type, v.name, v.agreement_ref, v.opened, v.state, v.deadline, "
                 "v.modified, v.tlp FROM workflow_records v")
RECORD_FIELDS = ("id", "type", "name", "agreement_ref", "opened", "state", "deadline",
                 "modified", "tlp")


def ids_with_prefix(db: Database, visibility: Visibility, record_type: str,
                    prefix: str) -> list[str]:
    """Ids of current records (or disputes, type `opinion`) that start with `prefix`, at most
    5: enough to say which ones an ambiguous prefix matches."""
    pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    where = ["v.id LIKE ? ESCAPE '\\'", f"({visibility.where})"]
    params: list[Any] = [pattern, *visibility.params]
    table = "disputes_flat"
    if record_type != "opinion":
        table = "workflow_records"
        where.append("v.type = ?")
        params.append(record_type)
    rows = db.query(f"SELECT v.id FROM {table} v WHERE {' AND '.join(where)} ORDER BY v.id "
                    "LIMIT 5", params)
    return [r[0] for r in rows]


def records(db: Database, visibility: Visibility, record_type: str, *,
            agreement_ref: str | None = None, party_ref: str | None = None,
            states: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Current records of a type, oldest first, optionally of one agreement, party or state."""
    where = ["v.type = ?", f"({visibility.where})"]
    params: list[Any] = [record_type, *visibility.params]
    if agreement_ref:
        where.append("v.agreement_ref = ?")
        params.append(agreement_ref)
    if party_ref:
        where.append("EXISTS (SELECT 1 FROM workflow_parties p WHERE p.id = v.id "
                     "AND p.party_ref = ?)")
        params.append(party_ref)
    if states:
        where.append(f"v.state IN ({placeholders(len(states))})")
        params.extend(states)
    rows = db.query(f"{RECORD_SELECT} WHERE {' AND '.join(where)} ORDER BY v.opened, v.id",
                    params)
    return [dict(zip(RECORD_FIELDS, r, strict=True)) for r in rows]


def parties_of(db: Database, ids: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
    """Record id → [(party_ref, role)] (the rows belong to records the caller could read)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for chunk in chunked(sorted(set(ids)), 500):
        for oid, ref, role in db.query(
                f"SELECT id, party_ref, role FROM workflow_parties WHERE id IN "
                f"({placeholders(len(chunk))}) ORDER BY id, role, party_ref", chunk):
            out.setdefault(oid, []).append((ref, role))
    return out


def transitions(db: Database, visibility: Visibility, record_type: str, before: str,
                ids: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Every change to records of a type (or to `ids`) made before the version key `before`."""
    where = ["v.type = ?", "t.at < ?", f"({visibility.where})"]
    params: list[Any] = [record_type, before, *visibility.params]
    if ids:
        where.append(f"v.id IN ({placeholders(len(ids))})")
        params.extend(ids)
    rows = db.query(
        f"SELECT t.id, t.n, t.at, t.on_day, t.action, t.party_ref, t.user_name, t.state, "
        f"t.deadline FROM workflow_transitions t JOIN workflow_records v ON v.id = t.id "
        f"WHERE {' AND '.join(where)} ORDER BY t.id, t.n", params)
    names = ("id", "n", "at", "day", "action", "party_ref", "user", "state", "deadline")
    return [dict(zip(names, r, strict=True)) for r in rows]


def request_states(db: Database, visibility: Visibility, before: str) -> list[tuple[Any, ...]]:
    """One row per request made before the day `before` (YYYY-MM-DD, exclusive): (id, name,
    from_ref, to_ref, deadline, requested, acknowledged, started, answered, declined, closed),
    the days of steps taken later than that left out."""
    steps = ("acknowledged", "started", "answered", "declined", "closed")
    columns = ", ".join(f"CASE WHEN v.{s} < ? THEN v.{s} END" for s in steps)
    return db.query(
        f"SELECT v.id, v.name, v.from_ref, v.to_ref, v.deadline, v.requested, {columns} "
        f"FROM requests_flat v WHERE v.requested < ? AND ({visibility.where}) "
        f"ORDER BY v.requested, v.id", (*[before] * len(steps), before, *visibility.params))


def disputes(db: Database, visibility: Visibility, *, record_refs: Sequence[str] = (),
             before: str | None = None) -> list[dict[str, Any]]:
    """Disputes (of the given records) raised before `before`, oldest first."""
    where = [f"({visibility.where})"]
    params: list[Any] = list(visibility.params)
    if record_refs:
        where.append(f"v.record_ref IN ({placeholders(len(record_refs))})")
        params.extend(record_refs)
    if before:
        where.append("v.raised < ?")
        params.append(before)
    names = ("id", "created_by_ref", "record_ref", "disputed_version", "disputed_state",
             "asserted_by_ref", "opinion", "user", "raised", "withdrawn")
    rows = db.query(f"SELECT v.id, v.created_by_ref, v.record_ref, v.disputed_version, "
                    f"v.disputed_state, v.asserted_by_ref, v.opinion, v.user_name, v.raised, "
                    f"v.withdrawn "
                    f"FROM disputes_flat v WHERE {' AND '.join(where)} ORDER BY v.raised, v.id",
                    params)
    return [dict(zip(names, r, strict=True)) for r in rows]


def shared_by_tlp(db: Database, visibility: Visibility, party_ref: str, *, since: str | None,
                  before: str, default_tlp: str, exclude_types: Sequence[str]) -> dict[str, int]:
    """Objects a party created (first version in [since, before)) and had not revoked before
    `before`, counted by the TLP level of their latest version before `before`. Documents
    cited as evidence (`x_jirga_evidence`, stored JSON is compact) are not intelligence."""
    where = ["v.created_by_ref = ?", "v.version < ?", "v.revoked = 0",
             "v.json NOT LIKE '%\"x_jirga_evidence\":true%'",
             f"v.type NOT IN ({placeholders(len(exclude_types))})", f"({visibility.where})",
             "v.version = (SELECT MAX(w.version) FROM object_versions w WHERE w.id = v.id "
             "AND w.version < ?)"]
    params: list[Any] = [party_ref, before, *exclude_types, *visibility.params, before]
    first = "(SELECT MIN(f.version) FROM object_versions f WHERE f.id = v.id)"
    if since:
        where.append(f"{first} >= ?")
        params.append(since)
    rows = db.query(f"SELECT v.tlp, COUNT(*) FROM object_versions v "
                    f"WHERE {' AND '.join(where)} GROUP BY v.tlp", params)
    out: dict[str, int] = {}
    for level, n in rows:
        out[level or default_tlp] = out.get(level or default_tlp, 0) + int(n)
    return out
