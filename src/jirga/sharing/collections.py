"""TAXII collections and who may use them: read and write grants per party.

This node's own party (`settings.party`) reads and writes every collection of its node; other
parties only what they were granted. Observers never write. A party with no grant does not see
the collection at all (TAXII answers 404, as for one that does not exist).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from jirga.config import Settings
from jirga.errors import Conflict, Forbidden, Invalid, NotFound
from jirga.model.timestamps import now
from jirga.sharing.parties import get_party
from jirga.sharing.principal import Principal
from jirga.store import Store
from jirga.store import collections as sql
from jirga.store.collections import CollectionRow, GrantRow

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
SCOPES = ("posted", "all")
Collection = CollectionRow


@dataclass(frozen=True)
class Access:
    collection: Collection
    can_read: bool
    can_write: bool


def add_collection(store: Store, name: str, *, title: str | None = None,
                   description: str | None = None, scope: str = "posted") -> Collection:
    if not NAME_RE.match(name):
        raise Invalid(f"collection name '{name}' is not valid; use 2-64 lower-case letters, "
                      "digits, '.', '_' or '-'")
    if scope not in SCOPES:
        raise Invalid(f"scope '{scope}' is not known; use posted or all")
    with store.db.transaction():
        if sql.collection(store.db, name):
            raise Conflict(f"collection '{name}' already exists; see `jirga collection list`")
        row = CollectionRow(str(uuid.uuid4()), name, title or name, description, scope, now())
        sql.insert_collection(store.db, row)
    return row


def get_collection(store: Store, key: str) -> Collection:
    found = sql.collection(store.db, key)
    if found is None:
        raise NotFound(f"collection '{key}' not found; see `jirga collection list`")
    return found


def list_collections(store: Store) -> list[Collection]:
    return sql.collections(store.db)


def grant(store: Store, key: str, party_code: str, *, read: bool, write: bool) -> GrantRow:
    """Set (replace) a party's grant on a collection; neither read nor write removes it."""
    with store.db.transaction():
        found = get_collection(store, key)
        get_party(store, party_code)
        row = GrantRow(found.id, party_code, read, write)
        sql.set_grant(store.db, row)
    return row


def grants(store: Store, key: str | None = None) -> list[GrantRow]:
    return sql.grants(store.db, get_collection(store, key).id if key else None)


def access(store: Store, settings: Settings, principal: Principal, found: Collection) -> Access:
    """What `principal` may do with a collection (observers never write)."""
    if principal.is_operator or (principal.party_code and principal.party_code == settings.party):
        read = write = True
    else:
        row = sql.grant(store.db, found.id, principal.party_code or "")
        read, write = (row.can_read, row.can_write) if row else (False, False)
    return Access(found, read, write and principal.role != "observer")


def visible_collections(store: Store, settings: Settings, principal: Principal) -> list[Access]:
    found = [access(store, settings, principal, c) for c in list_collections(store)]
    return [a for a in found if a.can_read or a.can_write]


def open_collection(store: Store, settings: Settings, principal: Principal, key: str) -> Access:
    """The collection if the principal may use it at all; NotFound otherwise (no disclosure)."""
    found = sql.collection(store.db, key)
    granted = access(store, settings, principal, found) if found else None
    if granted is None or not (granted.can_read or granted.can_write):
        raise NotFound(f"collection '{key}' not found")
    return granted


def require_read(granted: Access) -> None:
    if not granted.can_read:
        raise Forbidden(f"your party may not read collection '{granted.collection.name}'")


def require_write(granted: Access, principal: Principal) -> None:
    if not granted.can_write:
        why = "observers never write" if principal.role == "observer" else \
            "your party has no write grant"
        raise Forbidden(f"you may not add objects to collection '{granted.collection.name}': "
                        f"{why}")
