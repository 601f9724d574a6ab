"""The parties this node deals with: each is a STIX `identity` (organization) with a short code.

The identity is a real STIX object in the store, marked TLP:CLEAR so that references to a party
resolve on every node; the `parties` table is the node's registry that users hang off. Two
nodes that register the same code without naming an identity derive the same identity id
(`stable_id`), so references agree across the community.
"""

from __future__ import annotations

import re
from typing import Any

from jirga.errors import Conflict, Invalid, NotFound
from jirga.model import tlp
from jirga.model.ids import is_id, stable_id
from jirga.model.timestamps import now
from jirga.objects.authoring import save
from jirga.store import ObjectFilter, Store, Visibility
from jirga.store import accounts as sql
from jirga.store.accounts import PartyRow

CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,31}$")
PARTY_CODE_PROPERTY = "x_jirga_party_code"
Party = PartyRow


def check_code(code: str) -> str:
    if not CODE_RE.match(code):
        raise Invalid(f"party code '{code}' is not valid; use 2-32 capital letters, digits and "
                      "hyphens, such as PK-MOI")
    return code


def party_identity(code: str, name: str, *, identity_id: str | None = None,
                   country: str | None = None) -> dict[str, Any]:
    """The STIX identity object for a party."""
    stamp = now()
    obj: dict[str, Any] = {
        "type": "identity", "spec_version": "2.1",
        "id": identity_id or stable_id("identity", "party", code),
        "created": stamp, "modified": stamp, "name": name, "identity_class": "organization",
        "sectors": ["government-national"], PARTY_CODE_PROPERTY: code,
        "object_marking_refs": [tlp.marking_id("clear")],
    }
    if country:
        obj["x_jirga_country"] = country.upper()
    return obj


def add_party(store: Store, code: str, name: str, *, identity_id: str | None = None,
              country: str | None = None) -> Party:
    """Register a party; reuse its identity when the store already holds one with that code."""
    check_code(code)
    if not name.strip():
        raise Invalid("a party needs a --name, e.g. 'Pakistan Ministry of Interior'")
    if identity_id is not None and not is_id(identity_id, "identity"):
        raise Invalid(f"'{identity_id}' is not an identity id (identity--<uuid>)")
    with store.db.transaction():
        if sql.party(store.db, code):
            raise Conflict(f"party '{code}' already exists; see `jirga party list`")
        existing = identity_id or _identity_with_code(store, code)
        if existing and sql.party_by_identity(store.db, existing):
            raise Conflict(f"identity '{existing}' is already registered as another party")
        if existing and _exists(store, existing):
            found = store.get(existing, visibility=Visibility.everything()).object()
            if found.get("type") != "identity":
                raise Invalid(f"'{existing}' is not an identity")
            oid = existing
        else:
            obj = party_identity(code, name, identity_id=existing, country=country)
            save(store, [obj], source="party add")
            oid = obj["id"]
        party = Party(code, oid, name.strip(), now())
        sql.insert_party(store.db, party)
    return party


def get_party(store: Store, code: str) -> Party:
    party = sql.party(store.db, code)
    if party is None:
        raise NotFound(f"party '{code}' not found; add it with `jirga party add {code} --name …`")
    return party


def list_parties(store: Store) -> list[Party]:
    return sql.parties(store.db)


def _exists(store: Store, object_id: str) -> bool:
    return store.count(ObjectFilter(ids=(object_id,), include_revoked=True),
                       visibility=Visibility.everything()) > 0


def _identity_with_code(store: Store, code: str) -> str | None:
    """A current identity in the store that already carries this party code (the demo's, a
    peer's), so registering the party does not fork its identity."""
    query = ObjectFilter(types=("identity",))
    for item in store.iter_current(query, visibility=Visibility.everything()):
        if PARTY_CODE_PROPERTY in item.json and item.object().get(PARTY_CODE_PROPERTY) == code:
            return item.id
    return None
