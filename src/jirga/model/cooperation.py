"""The cooperation mechanism's STIX shapes as rows: what the `workflows` projection stores.

Agreements, commitments, meetings and assistance requests are jirga new SDOs whose current
version lists every dated change so far (`transitions`); a dispute is a STIX `opinion` with an
`x_jirga_dispute` property naming the version and status it disputes. `rows` turns one current
object into the projection's rows, skipping entries a foreign producer got wrong rather than
failing the whole write.
"""

from __future__ import annotations

from typing import Any

from jirga.model.ids import is_id
from jirga.model.timestamps import TIMESTAMP_RE, version_key
from jirga.model.tlp import level_of

RECORD_TYPES = ("agreement", "commitment", "meeting", "assistance-request")
RECIPIENTS = "x_jirga_recipient_refs"
DISPUTE = "x_jirga_dispute"
# On a report that stands for a document cited as evidence: paperwork, not intelligence.
EVIDENCE = "x_jirga_evidence"

RECORD_COLUMNS = ("id", "seq", "type", "tlp", "created_by_ref", "source_party", "name",
                  "agreement_ref", "opened", "state", "deadline", "modified")
PARTY_COLUMNS = ("id", "party_ref", "role")
TRANSITION_COLUMNS = ("id", "n", "at", "on_day", "action", "party_ref", "user_name", "state",
                      "deadline")
REQUEST_COLUMNS = ("id", "seq", "tlp", "created_by_ref", "source_party", "name", "from_ref",
                   "to_ref", "deadline", "requested", "acknowledged", "started", "answered",
                   "declined", "closed")
# The request steps whose day requests_flat keeps (each happens at most once).
REQUEST_STEPS = {"acknowledge": "acknowledged", "start": "started", "answer": "answered",
                 "decline": "declined", "close": "closed"}
DISPUTE_COLUMNS = ("id", "seq", "tlp", "created_by_ref", "source_party", "record_ref",
                   "disputed_version", "disputed_state", "asserted_by_ref", "opinion", "user_name", "raised",
                   "withdrawn")

# What each record type calls its date, its state and the parties it names (property → role).
OPENED = {"agreement": "agreed", "commitment": None, "meeting": "held",
          "assistance-request": "requested"}
STATE = {"commitment": "status", "assistance-request": "state"}
PARTY_ROLES: dict[str, dict[str, str]] = {
    "agreement": {"party_refs": "party"},
    "commitment": {"responsible_refs": "responsible"},
    "meeting": {},
    "assistance-request": {"from_ref": "from", "to_ref": "to"},
}

Rows = dict[str, list[tuple[Any, ...]]]


def rows(obj: dict[str, Any], seq: int, source_party: str | None) -> Rows:
    """The projection rows of one current record or dispute (no rows for other opinions)."""
    if obj.get("type") == "opinion":
        return _dispute_rows(obj, seq, source_party)
    return _record_rows(obj, seq, source_party)


def _record_rows(obj: dict[str, Any], seq: int, source_party: str | None) -> Rows:
    kind = obj["type"]
    oid = obj["id"]
    opened_prop = OPENED.get(kind)
    opened = obj.get(opened_prop) if opened_prop else str(obj.get("created", ""))[:10]
    agreement = oid if kind == "agreement" else obj.get("agreement_ref")
    if kind == "meeting":
        refs = obj.get("agreement_refs")
        agreement = refs[0] if isinstance(refs, list) and refs else None
    state_prop = STATE.get(kind)
    record = {"id": oid, "seq": seq, "type": kind, "tlp": level_of(obj),
              "created_by_ref": obj.get("created_by_ref"), "source_party": source_party,
              "name": obj.get("name"), "agreement_ref": agreement, "opened": opened,
              "state": obj.get(state_prop) if state_prop else None,
              "deadline": obj.get("deadline"), "modified": obj.get("modified")}
    steps = _transition_rows(obj)
    out = {
        "workflow_records": [tuple(record[c] for c in RECORD_COLUMNS)],
        "workflow_parties": sorted(set(_party_rows(obj, kind))),
        "workflow_transitions": steps,
    }
    if kind == "assistance-request" and steps:
        out["requests_flat"] = [_request_row(record, obj, steps)]
    return out


def _request_row(record: dict[str, Any], obj: dict[str, Any],
                 steps: list[tuple[Any, ...]]) -> tuple[Any, ...]:
    row = {**record, "from_ref": obj.get("from_ref"), "to_ref": obj.get("to_ref"),
           "requested": steps[0][3]}
    for step in steps:
        column = REQUEST_STEPS.get(step[4])
        if column:
            row.setdefault(column, step[3])
    return tuple(row.get(c) for c in REQUEST_COLUMNS)


def _party_rows(obj: dict[str, Any], kind: str) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    for prop, role in PARTY_ROLES.get(kind, {}).items():
        value = obj.get(prop)
        refs = value if isinstance(value, list) else [value]
        out += [(obj["id"], ref, role) for ref in refs if is_id(ref, "identity")]
    for participant in obj.get("participants") or []:
        if isinstance(participant, dict) and is_id(participant.get("party_ref"), "identity"):
            out.append((obj["id"], participant["party_ref"], "participant"))
    return out


def _transition_rows(obj: dict[str, Any]) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    entries = obj.get("transitions")
    for n, entry in enumerate(entries if isinstance(entries, list) else []):
        at = entry.get("at") if isinstance(entry, dict) else None
        if not isinstance(at, str) or not TIMESTAMP_RE.match(at):
            continue
        out.append((obj["id"], n, version_key(at), at[:10], str(entry.get("action", "")),
                    entry.get("party_ref"), entry.get("user"), entry.get("state"),
                    entry.get("deadline")))
    return out


def _dispute_rows(obj: dict[str, Any], seq: int, source_party: str | None) -> Rows:
    info = obj.get(DISPUTE)
    refs = obj.get("object_refs") or []
    if not isinstance(info, dict) or not refs or not isinstance(refs[0], str):
        return {}
    withdrawn = info.get("withdrawn")
    row = {"id": obj["id"], "seq": seq, "tlp": level_of(obj),
           "created_by_ref": obj.get("created_by_ref"), "source_party": source_party,
           "record_ref": refs[0], "disputed_version": info.get("version"),
           "disputed_state": info.get("status"), "asserted_by_ref": info.get("asserted_by_ref"),
           "opinion": obj.get("opinion"),
           "user_name": info.get("user"), "raised": version_key(obj.get("created")),
           "withdrawn": version_key(withdrawn) if isinstance(withdrawn, str) else None}
    return {"disputes_flat": [tuple(row[c] for c in DISPUTE_COLUMNS)]}
