"""TAXII 2.1 (OASIS Standard, 10 June 2021) without HTTP: resources, filters, pages, add-objects.

`web/taxii.py` maps URLs, media types and headers onto these functions; everything here works
on the store, the settings and the `Principal` a request authenticated as. Objects are read
through the access policy on the SHARE channel (TLP:RED never leaves the node) and collection
grants decide who reaches a collection at all.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from jirga.config import Settings
from jirga.errors import Forbidden, Invalid, JirgaError, NotFound, Problem
from jirga.model.bundle import invalid
from jirga.model.timestamps import normalise, now, version_key
from jirga.model.validate import validate_object
from jirga.sharing import collections
from jirga.sharing.collections import Access
from jirga.sharing.peers import peer_for_party
from jirga.sharing.policy import Channel, visibility
from jirga.sharing.principal import Principal
from jirga.store import AddResult, Outcome, Store, StoredObject
from jirga.store import accounts as party_sql
from jirga.store import collections as sql
from jirga.store import taxii as queries
from jirga.store.collections import StatusRow
from jirga.store.taxii import TaxiiFilter
from jirga.store.types import decode_cursor, encode_cursor
from jirga.trust import PeerPolicy, alarm_forged, learn_keys, receipts, verify_incoming
from jirga.trust.incoming import IncomingCheck, begin_incoming

TAXII_MEDIA_TYPE = "application/taxii+json;version=2.1"
STIX_MEDIA_TYPE = "application/stix+json;version=2.1"
API_ROOT = "api"
MAX_RECEIPTS = 1000  # inclusion proofs an add-objects status carries (the first accepted ones)


class BadRequest(JirgaError):
    """A TAXII request the server cannot parse (a bad filter, cursor or envelope): 400."""

    status = 400
    exit_code = 2
    title = "Bad request"


@dataclass(frozen=True)
class Page:
    """A page of versions and what the headers need: TAXII 2.1 §3 (pagination)."""

    items: list[StoredObject]
    more: bool
    next: str | None

    @property
    def date_added_first(self) -> str | None:
        return date_added(self.items[0]) if self.items else None

    @property
    def date_added_last(self) -> str | None:
        return date_added(self.items[-1]) if self.items else None


def date_added(item: StoredObject) -> str:
    """The node's `added_at` (nine fractional digits) as a TAXII timestamp (microseconds)."""
    return item.added_at[:26] + "Z"


# -- server information (TAXII 2.1 §4) ------------------------------------------------------------

def discovery(settings: Settings, base_url: str) -> dict[str, Any]:
    """TAXII 2.1 §4.1 Server Discovery: this node has one API root."""
    root = f"{base_url.rstrip('/')}/taxii2/{API_ROOT}/"
    return {"title": f"jirga node {settings.node_name}",
            "description": "STIX 2.1 sharing under TLP 2.0 between the parties of this community",
            "default": root, "api_roots": [root]}


def api_root(settings: Settings) -> dict[str, Any]:
    """TAXII 2.1 §4.2 Get API Root Information."""
    return {"title": f"jirga {settings.node_name}", "versions": [TAXII_MEDIA_TYPE],
            "max_content_length": settings.max_request_bytes}


def get_status(store: Store, principal: Principal, status_id: str) -> dict[str, Any]:
    """TAXII 2.1 §4.3 Get Status: only the user who made the request (or the operator)."""
    row = sql.status(store.db, status_id)
    if row is None or not (principal.is_operator or row.user_name == principal.user):
        raise _not_found(f"status '{status_id}' not found")
    return status_resource(row)


def status_resource(row: StatusRow) -> dict[str, Any]:
    """TAXII 2.1 §4.3.1 the status resource. When the node signs its heads, `x_jirga_tree_head`
    is its signed tree head after the request and `x_jirga_receipts` an inclusion proof of each
    stored version (leaf index, leaf hash, path) to that head's root. (Statuses stored before
    the head went once per status carry it in every receipt, as they were written.)"""
    details = orjson.loads(row.details)
    receipts = {"x_jirga_receipts": details["receipts"]} if details.get("receipts") else {}
    if receipts and details.get("receipt_head"):
        receipts = {"x_jirga_tree_head": details["receipt_head"], **receipts}
    return {"id": row.id, "status": row.status, "request_timestamp": row.request_timestamp,
            "total_count": row.total_count, "success_count": row.success_count,
            "successes": details["successes"], "failure_count": row.failure_count,
            "failures": details["failures"], "pending_count": row.pending_count,
            "pendings": [], **receipts}


# -- collections (TAXII 2.1 §5.1, §5.2) -----------------------------------------------------------

def collection_resource(granted: Access) -> dict[str, Any]:
    found = granted.collection
    out: dict[str, Any] = {"id": found.id, "title": found.title, "can_read": granted.can_read,
                           "can_write": granted.can_write, "media_types": [STIX_MEDIA_TYPE]}
    if found.description:
        out["description"] = found.description
    return out


def list_collections(store: Store, settings: Settings, principal: Principal) -> dict[str, Any]:
    """TAXII 2.1 §5.1 Get Collections: the ones this principal's party may read or write."""
    found = collections.visible_collections(store, settings, principal)
    return {"collections": [collection_resource(a) for a in found]} if found else {}


def get_collection(store: Store, settings: Settings, principal: Principal,
                   key: str) -> dict[str, Any]:
    """TAXII 2.1 §5.2 Get a Collection."""
    return collection_resource(_open(store, settings, principal, key))


# -- objects (TAXII 2.1 §5.3-§5.8) ----------------------------------------------------------------

def get_objects(store: Store, settings: Settings, principal: Principal, key: str,
                params: Mapping[str, str], object_id: str | None = None) -> Page:
    """TAXII 2.1 §5.4 Get Objects (and §5.6 Get an Object when `object_id` is given)."""
    granted = _open(store, settings, principal, key)
    collections.require_read(granted)
    query, limit, empty = parse_filter(params, settings, granted, object_id)
    if empty:
        return Page([], False, None)
    vis = visibility(principal, settings, Channel.SHARE)
    items, more = queries.page(store.db, query, visibility=vis, limit=limit)
    if object_id is not None and not items and query.after_seq is None:
        raise _not_found(f"object '{object_id}' not found in collection '{key}'")
    return Page(items, more, encode_cursor(items[-1].seq) if more else None)


def get_versions(store: Store, settings: Settings, principal: Principal, key: str,
                 object_id: str, params: Mapping[str, str]) -> Page:
    """TAXII 2.1 §5.8 Get Object Versions: every version the reader may see."""
    narrowed = {k: v for k, v in params.items() if k not in ("match[version]",)}
    return get_objects(store, settings, principal, key, {**narrowed, "match[version]": "all"},
                       object_id)


def objects_body(page: Page) -> bytes:
    """The envelope (TAXII 2.1 §3, envelope) built from the stored JSON text, unparsed."""
    head = b'{"more":true,"next":' + orjson.dumps(page.next) if page.more else b'{"more":false'
    if not page.items:
        return head + b"}"
    return head + b',"objects":[' + ",".join(i.json for i in page.items).encode() + b"]}"


def manifest_body(page: Page) -> dict[str, Any]:
    """TAXII 2.1 §5.3 Get Object Manifests: a manifest record per version."""
    out: dict[str, Any] = {"more": page.more}
    if page.more:
        out["next"] = page.next
    if page.items:
        out["objects"] = [{"id": i.id, "date_added": date_added(i), "version": _version(i),
                           "media_type": STIX_MEDIA_TYPE} for i in page.items]
    return out


def versions_body(page: Page) -> dict[str, Any]:
    out: dict[str, Any] = {"more": page.more}
    if page.more:
        out["next"] = page.next
    if page.items:
        out["versions"] = [_version(i) for i in page.items]
    return out


def _version(item: StoredObject) -> str:
    return item.modified or ""


def parse_filter(params: Mapping[str, str], settings: Settings, granted: Access,
                 object_id: str | None = None) -> tuple[TaxiiFilter, int, bool]:
    """URL parameters (TAXII 2.1 §3, filtering and pagination) → a store query, a page size and
    whether the answer is empty whatever is stored (a spec_version this node never holds)."""
    ids = _list(params, "match[id]")
    if object_id is not None:
        ids = [object_id]
    versions = _list(params, "match[version]") or ["last"]
    spec = _list(params, "match[spec_version]")
    exact = tuple(_timestamp(v, "match[version]") for v in versions
                  if v not in ("first", "last", "all"))
    query = TaxiiFilter(
        collection_id=granted.collection.id if granted.collection.scope == "posted" else None,
        ids=tuple(ids), types=tuple(_list(params, "match[type]")),
        first="first" in versions, last="last" in versions, all_versions="all" in versions,
        versions=exact, added_after=_added_after(params.get("added_after")),
        after_seq=_cursor(params.get("next")))
    return query, _limit(params.get("limit"), settings), bool(spec) and "2.1" not in spec


def _list(params: Mapping[str, str], name: str) -> list[str]:
    raw = params.get(name)
    return [part.strip() for part in raw.split(",") if part.strip()] if raw else []


def _timestamp(text: str, name: str) -> str:
    try:
        return normalise(text) if "T" in text else _bad(name, text)
    except ValueError:
        return _bad(name, text)


def _bad(name: str, text: str) -> str:
    raise BadRequest(f"{name} '{text[:60]}' is not valid; use a timestamp such as "
                     "2024-03-26T08:00:00.000Z" + ("" if name != "match[version]" else
                                                   ", or first, last or all"))


def _added_after(text: str | None) -> str | None:
    return _timestamp(text, "added_after") if text else None


def _cursor(text: str | None) -> int | None:
    if not text:
        return None
    try:
        return int(decode_cursor(text, 1)[0])
    except (Invalid, ValueError, TypeError) as exc:
        raise BadRequest(f"next '{text[:40]}' is not a value this server handed out") from exc


def _limit(text: str | None, settings: Settings) -> int:
    if text is None or text == "":
        return settings.page_size
    if not text.isdigit() or int(text) < 1:
        raise BadRequest(f"limit '{text[:20]}' is not a positive whole number")
    return min(int(text), settings.max_page_size)


# -- add objects (TAXII 2.1 §5.5) -----------------------------------------------------------------

def add_objects(store: Store, settings: Settings, principal: Principal, key: str,
                body: bytes) -> dict[str, Any]:
    """TAXII 2.1 §5.5 Add Objects: the whole envelope is checked before anything is stored.
    The signatures are verified on threads while this thread validates the objects."""
    granted = _open(store, settings, principal, key)
    collections.require_write(granted, principal)
    objects = envelope_objects(body)
    started = begin_incoming(store, objects) if all(isinstance(o, dict) for o in objects) \
        else None  # not an object: the envelope is refused below
    check_envelope(objects)
    check_authorship(store, principal, objects)
    return status_resource(store_envelope(store, granted, principal, objects, started))


def parse_envelope(body: bytes) -> list[dict[str, Any]]:
    """A TAXII envelope of valid STIX 2.1 objects; BadRequest (400) for a malformed envelope,
    Invalid (422) naming every object and property at fault."""
    objects = envelope_objects(body)
    check_envelope(objects)
    return objects


def envelope_objects(body: bytes) -> list[Any]:
    """The `objects` of a TAXII envelope, not yet validated; BadRequest (400) when the body is
    not one."""
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise BadRequest(f"the request body is not JSON (line {exc.lineno} column "
                         f"{exc.colno}: {exc.msg})") from exc
    if not isinstance(document, dict) or not isinstance(document.get("objects"), list):
        raise BadRequest("the request body must be a TAXII envelope: "
                         "{\"objects\": [STIX objects…]}")
    return list(document["objects"])


def check_envelope(objects: list[Any]) -> None:
    """Invalid (422) naming every object and property at fault, and versions sent twice with
    different content."""
    problems = [p for index, obj in enumerate(objects) for p in validate_object(obj, index)]
    problems += _conflicting(objects)
    if problems:
        raise invalid("envelope", problems)


def _conflicting(objects: Sequence[dict[str, Any]]) -> list[Problem]:
    first: dict[tuple[str, str], dict[str, Any]] = {}
    out = []
    for obj in objects:
        key = (obj["id"], version_key(obj.get("modified") or obj.get("created")))
        seen = first.setdefault(key, obj)
        if seen is not obj and seen != obj:
            out.append(Problem("appears twice with the same version and different content",
                               object_id=obj["id"], property="modified"))
    return out


def check_authorship(store: Store, principal: Principal, objects: Sequence[dict[str, Any]]) -> None:
    """A party writes in its own name only: no object may claim another registered party as
    its creator (Forbidden: nothing is stored)."""
    if principal.is_operator:
        return
    claimed = {o["created_by_ref"] for o in objects if o.get("created_by_ref")}
    claimed.discard(principal.party_id)
    for ref in sorted(claimed):
        other = party_sql.party_by_identity(store.db, ref)
        if other is not None:
            raise Forbidden(f"an object claims to be created by party {other.code} ({ref}); "
                            f"{principal.party_code} may only add objects in its own name")


def store_envelope(store: Store, granted: Access, principal: Principal,
                   objects: list[dict[str, Any]], started: IncomingCheck | None = None
                   ) -> StatusRow:
    """Verify the objects' signatures (trust layer), then store the ones that pass, the keys
    they teach, the collection membership and the status record in one transaction. A forged
    object becomes a failure in the status and raises an alarm."""
    requested = now()
    policy = signature_policy(store, principal)
    with store.db.transaction():
        verdict = verify_incoming(store, objects, policy, started)
        learn_keys(store, verdict)
        result = store.add_objects(verdict.accepted, source_party=principal.party_code)
        if granted.collection.scope == "posted":
            kept = [k for k, o in result.outcomes.items() if o is Outcome.UNCHANGED]
            seqs = [a.seq for a in result.accepted] + sql.seqs_of(store.db, kept)
            sql.add_members(store.db, granted.collection.id, seqs)
        proofs = receipts(store, [(o["id"], o.get("modified") or o.get("created"))
                                  for o in verdict.accepted[:MAX_RECEIPTS]])
        row = _status_row(granted, principal, objects, result, requested, verdict.rejected,
                          proofs)
        sql.insert_status(store.db, row)
    alarm_forged(store, policy, verdict)
    return row


def signature_policy(store: Store, principal: Principal) -> PeerPolicy:
    """What a writer's unsigned objects get: refused when a peer set up for its party must sign
    (`jirga peer set … --require-signatures`), else accepted with a warning. Forged signatures
    are refused either way."""
    peer = peer_for_party(store, principal.party_code)
    return PeerPolicy(principal.party_id or principal.label,
                      peer.require_signatures if peer else False)


def _status_row(granted: Access, principal: Principal, objects: list[dict[str, Any]],
                result: AddResult, requested: str, rejected: Sequence[Problem] = (),
                proofs: dict[str, Any] | None = None) -> StatusRow:
    refused = {(p.object_id, p.message) for p in result.refused}
    reasons = dict(refused)
    untrusted = {p.object_id: p.message for p in rejected}
    successes, failures = [], []
    for obj in objects:
        version = obj.get("modified") or obj.get("created")
        outcome = result.outcomes.get((obj["id"], version_key(version)))
        entry = {"id": obj["id"], "version": version}
        if outcome is None and obj["id"] in untrusted:
            failures.append({**entry, "message": f"refused: {untrusted[obj['id']]}"})
        elif outcome is Outcome.REFUSED:
            failures.append({**entry, "message": reasons.get(obj["id"], "refused")})
        else:
            successes.append({**entry, "message": (outcome or Outcome.UNCHANGED).value})
    proofs = proofs or {}
    details = orjson.dumps({"successes": successes, "failures": failures,
                            "receipts": proofs.get("receipts", []),
                            "receipt_head": proofs.get("head")}).decode()
    return StatusRow(str(uuid.uuid4()), granted.collection.id, principal.user, "complete",
                     requested, len(objects), len(successes), len(failures), 0, details)


def _open(store: Store, settings: Settings, principal: Principal, key: str) -> Access:
    return collections.open_collection(store, settings, principal, key)


def _not_found(message: str) -> JirgaError:
    return NotFound(message)


def writable(store: Store, settings: Settings, principal: Principal, key: str) -> Access:
    """The collection if `principal` may add to it (checked before a body is read)."""
    granted = _open(store, settings, principal, key)
    collections.require_write(granted, principal)
    return granted
