"""What every cooperation record shares: ids, loading, dated transitions, evidence, saving.

A record is a jirga new SDO kept jointly by the parties it names. Each change is a new version
(`authoring.next_version`) whose `modified` is the date the change happened, and whose
`transitions` list is the previous one plus one dated entry naming the party and user who made
it — so the versions are the history, and the current version alone can rebuild it.

Why records name no `created_by_ref`: STIX 2.1 §3.6 lets only an object's creator version it,
and the trust layer requires the first signer to be the `created_by_ref`. A request is answered
by the party it is addressed to and a commitment's status is asserted by either side, so the
record belongs to both: each version is signed by the party that made it (the acting
principal's party, named in its last transition), and `x_jirga_recipient_refs` names the
parties it is shared with.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import Any

from jirga.errors import Invalid, NotFound
from jirga.model import tlp
from jirga.model.cooperation import EVIDENCE, RECIPIENTS
from jirga.model.extensions import NEW_SDO_TYPES
from jirga.model.ids import is_id, new_id, type_of
from jirga.objects import authoring
from jirga.sharing.principal import Principal
from jirga.store import AddResult, ObjectFilter, Store, Visibility
from jirga.store import workflows as sql
from jirga.trust.keyring import node_party_ref
from jirga.workflows import dates

SOURCE = "workflows"
LABEL = {"agreement": "agreement", "commitment": "commitment", "meeting": "meeting",
         "assistance-request": "request", "opinion": "dispute"}


def resolve(store: Store, text: str, record_type: str, visibility: Visibility) -> str:
    """A record's full id from its id or a unique start of it (`5c1e`, `commitment--5c1e`)."""
    raw = text.strip()
    if is_id(raw, record_type):
        return raw
    prefix = raw if raw.startswith(f"{record_type}--") else f"{record_type}--{raw}"
    found = sql.ids_with_prefix(store.db, visibility, record_type, prefix) if raw else []
    if not found:
        where = ("`jirga commitment show` or `jirga request show` lists disputes"
                 if record_type == "opinion" else f"see `jirga {LABEL[record_type]} list`")
        raise NotFound(f"{LABEL[record_type]} '{text}' not found; {where}")
    if len(found) > 1:
        raise Invalid(f"{LABEL[record_type]} '{text}' is ambiguous ({', '.join(found)}); "
                      "type more of the id")
    return found[0]


def load(store: Store, text: str, record_type: str, visibility: Visibility) -> dict[str, Any]:
    """The current version of a record, found by id or id prefix."""
    oid = resolve(store, text, record_type, visibility)
    found = store.get(oid, visibility=visibility, include_revoked=False).object()
    if found.get("type") != record_type:
        raise Invalid(f"'{oid}' is a {found.get('type')}, not a {LABEL[record_type]}")
    return found


def versions(store: Store, oid: str, visibility: Visibility) -> list[dict[str, Any]]:
    return [v.object() for v in store.versions(oid, visibility=visibility)]


def entry(principal: Principal, at: str, action: str, **fields: Any) -> dict[str, Any]:
    """One dated transition: what was done, when, by which party and user."""
    out = {"at": at, "action": action, "party_ref": principal.party_id, "user": principal.user}
    out.update({k: v for k, v in fields.items() if v not in (None, [], "")})
    return out


def new_record(record_type: str, *, name: str, at: str, level: str, recipients: Sequence[str],
               first: dict[str, Any], record_id: str | None = None,
               **props: Any) -> dict[str, Any]:
    """Version one of a record, created at `at` with its first transition."""
    obj: dict[str, Any] = {
        "type": record_type, "spec_version": "2.1", "id": record_id or new_id(record_type),
        "created": at, "modified": at, "name": name,
        "object_marking_refs": [tlp.marking_id(level)],
        "extensions": {NEW_SDO_TYPES[record_type].id: {"extension_type": "new-sdo"}},
        RECIPIENTS: sorted(set(recipients)),
    }
    obj.update(clean(props))
    obj["transitions"] = [first]
    return obj


def changed(obj: dict[str, Any], at: str, step: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """The next version of `obj`: `changes` applied (None removes a property), `step` appended,
    `modified` set to `at` (already checked to follow the previous change)."""
    new = authoring.next_version(obj, **{k: v for k, v in changes.items() if v is not None})
    for key in [k for k, v in changes.items() if v is None]:
        new.pop(key, None)
    new["transitions"] = [*obj.get("transitions", []), step]
    new["modified"] = at
    return new


def stamp(obj: dict[str, Any], when: str | None) -> str:
    """The `modified` for a change to `obj` dated `when` (append-only, not in the future)."""
    return dates.change_stamp(when, obj.get("modified"))


def clean(props: dict[str, Any]) -> dict[str, Any]:
    """Properties without empty values (STIX forbids empty lists and we store no nulls)."""
    return {k: v for k, v in props.items() if v not in (None, [], "", {})}


def check_refs(store: Store, refs: Iterable[str], what: str,
               types: Sequence[str] = ()) -> list[str]:
    """`refs` as a list, each an id of a stored object (of one of `types` when given)."""
    out: list[str] = []
    for ref in refs:
        ref = ref.strip()
        if not is_id(ref):
            raise Invalid(f"{what} '{ref}' is not a STIX id (type--uuid)")
        if types and type_of(ref) not in types:
            raise Invalid(f"{what} '{ref}' is a {type_of(ref)}; expected {' or '.join(types)}")
        if not store.count(ObjectFilter(ids=(ref,)), visibility=Visibility.everything()):
            raise NotFound(f"{what} '{ref}' is not in this node's store; import it first")
        out.append(ref)
    return list(dict.fromkeys(out))


def save(store: Store, objects: Sequence[dict[str, Any]], principal: Principal) -> AddResult:
    """Store the versions a user's change made, in one transaction, through the authoring path,
    which signs them: records name no creator, so the acting party signs (the node's own party
    for the local operator); an object with a `created_by_ref` is signed by that party."""
    return authoring.save(store, objects, source=f"{SOURCE} ({principal.label})",
                          signer_ref=acting_party(store, principal))


def acting_party(store: Store, principal: Principal) -> str | None:
    """The identity that answers for what `principal` does: its party, or the node's own."""
    return principal.party_id or node_party_ref(store)


def document(principal: Principal, *, title: str, url: str | None, about: Sequence[str], at: str,
             level: str, recipients: Sequence[str]) -> dict[str, Any]:
    """A STIX `report` standing for a document cited as evidence (a decree, a patrol log, a
    letter), created by the citing party."""
    obj: dict[str, Any] = {
        "type": "report", "spec_version": "2.1", "id": new_id("report"), "created": at,
        "modified": at, "name": title, "published": at, "report_types": ["evidence"],
        "object_refs": list(about), "created_by_ref": principal.party_id,
        "object_marking_refs": [tlp.marking_id(level)], RECIPIENTS: sorted(set(recipients)),
        EVIDENCE: True,
    }
    if url:
        obj["external_references"] = [{"source_name": "document", "url": url}]
    return obj


def level_of(obj: dict[str, Any]) -> str:
    return tlp.level_of(obj) or "amber"


def check_level(text: str | None, default: str = "amber") -> str:
    try:
        return tlp.parse_level(text or default)
    except ValueError as exc:
        raise Invalid(str(exc)) from exc


def history_problems(history: Sequence[dict[str, Any]]) -> list[str]:
    """What is wrong with a record's versions as an append-only history (oldest first): each
    version must keep every earlier transition unchanged, add one, and be dated by it. Versions
    made here always pass; this checks what a partner's node sent."""
    problems: list[str] = []
    for previous, version in itertools.pairwise(history):
        before, steps = previous.get("transitions") or [], version.get("transitions") or []
        when = version.get("modified", "?")
        if steps[:len(before)] != before or len(steps) != len(before) + 1:
            problems.append(f"the version of {when} rewrites or drops earlier changes")
        elif steps[-1].get("at") != version.get("modified"):
            problems.append(f"the version of {when} is not dated by the change it records")
    return problems
