"""Records as people read them: party codes instead of identity ids, history, open disputes.

The CLI prints these dicts as tables or JSON (and the web can render the same); every status
shown here carries the disputes open against it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jirga.errors import Invalid
from jirga.model.vocab import COMMITMENT_STATUS, REQUEST_STATES
from jirga.store import Store, Visibility
from jirga.store import workflows as sql
from jirga.workflows import actors, disputes, records

STATES = {"commitment": tuple(COMMITMENT_STATUS), "assistance-request": tuple(REQUEST_STATES)}


class _Codes:
    """Identity id → party code, looked up once per view."""

    def __init__(self, store: Store) -> None:
        self.codes = actors.party_codes(store)

    def __call__(self, ref: Any) -> Any:
        if isinstance(ref, list):
            return [self.codes.get(r, r) for r in ref]
        return self.codes.get(ref, ref) if isinstance(ref, str) else ref


def listing(store: Store, visibility: Visibility, record_type: str, *,
            agreement: str | None = None, party: str | None = None,
            states: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Current records of a type with their parties and open disputes."""
    known = STATES.get(record_type, ())
    for state in states:
        if state not in known:
            raise Invalid(f"'{state}' is not a {records.LABEL[record_type]} state; use one of "
                          f"{', '.join(known)}")
    agreement_ref = records.resolve(store, agreement, "agreement", visibility) if agreement else None
    party_ref = actors.party_ref(store, party) if party else None
    rows = sql.records(store.db, visibility, record_type, agreement_ref=agreement_ref,
                       party_ref=party_ref, states=states)
    ids = [r["id"] for r in rows]
    parties = sql.parties_of(store.db, ids)
    disputed = _open_by_record(store, visibility, ids)
    code = _Codes(store)
    out = []
    for row in rows:
        roles: dict[str, list[str]] = {}
        for ref, role in parties.get(row["id"], []):
            roles.setdefault(role, []).append(code(ref))
        out.append({**row, "parties": roles, "open_disputes": disputed.get(row["id"], [])})
    return out


def _open_by_record(store: Store, visibility: Visibility,
                    ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    code = _Codes(store)
    for row in disputes.open_disputes(store, visibility, ids) if ids else []:
        out.setdefault(row["record_ref"], []).append(
            {"id": row["id"], "by": code(row["created_by_ref"]), "disputes": row["disputed_state"],
             "raised": row["raised"][:10], "opinion": row["opinion"]})
    return out


def detail(store: Store, visibility: Visibility, record_type: str, text: str) -> dict[str, Any]:
    """One record: its current properties, its history and every dispute of it."""
    obj = records.load(store, text, record_type, visibility)
    code = _Codes(store)
    shown = {k: code(v) if k.endswith(("_ref", "_refs")) and _is_party(v, code) else v
             for k, v in obj.items()
             if k not in ("transitions", "extensions", "spec_version", "x_jirga_recipient_refs")}
    shown["history"] = [_step(s, code) for s in obj.get("transitions") or []]
    shown["history_problems"] = records.history_problems(
        records.versions(store, obj["id"], visibility))
    shown["disputes"] = _disputes(store, visibility, obj["id"], code)
    if record_type == "agreement":
        shown["commitments"] = listing(store, visibility, "commitment", agreement=obj["id"])
    if record_type == "meeting":
        shown["participants"] = [{"party": code(p.get("party_ref")), "role": p.get("role")}
                                 for p in obj.get("participants") or []]
    return shown


def _is_party(value: Any, code: _Codes) -> bool:
    refs = value if isinstance(value, list) else [value]
    return all(isinstance(r, str) and r.startswith("identity--") for r in refs)


def _step(step: dict[str, Any], code: _Codes) -> dict[str, Any]:
    out = {k: v for k, v in step.items() if k != "party_ref"}
    out["party"] = code(step.get("party_ref"))
    return out


def _disputes(store: Store, visibility: Visibility, oid: str, code: _Codes) -> list[dict[str, Any]]:
    open_ids = {r["id"] for r in disputes.open_disputes(store, visibility, [oid])}
    return [{"id": r["id"], "by": code(r["created_by_ref"]), "user": r["user"],
             "disputes": r["disputed_state"], "asserted_by": code(r["asserted_by_ref"]),
             "opinion": r["opinion"], "raised": r["raised"][:10],
             "withdrawn": r["withdrawn"][:10] if r["withdrawn"] else None,
             "open": r["id"] in open_ids, "reasons": _reasons(store, visibility, r["id"])}
            for r in sql.disputes(store.db, visibility, record_refs=[oid])]


def _reasons(store: Store, visibility: Visibility, oid: str) -> str | None:
    obj = store.get(oid, visibility=visibility).object()
    return obj.get("explanation")
