"""Who may act in the cooperation mechanism, and on behalf of which party.

Every change is made by a named user (a `Principal`) of a party with a role that may act:
observers read, the node's anonymous local operator acts for nobody. Checks happen before
anything is written, so a refused change leaves the store as it was.
"""

from __future__ import annotations

from collections.abc import Iterable

from jirga.errors import Forbidden, Invalid, NotFound
from jirga.sharing.authn import principal_of
from jirga.sharing.parties import get_party
from jirga.sharing.principal import Principal
from jirga.store import Store
from jirga.store import accounts as sql

ACTING_ROLES = ("admin", "liaison", "analyst")


def acting_user(store: Store, name: str | None) -> Principal:
    """The Principal for a user name given on the command line (`--as USER`)."""
    if not name:
        raise Invalid("this change must be made by a named user; pass --as USER "
                      "(or set JIRGA_AS)")
    user = sql.user(store.db, name)
    if user is None:
        raise NotFound(f"user '{name}' not found; see `jirga user list`")
    if user.disabled:
        raise Forbidden(f"user '{name}' is disabled and cannot act; enable them with "
                        f"`jirga user enable {name}`")
    return principal_of(user)


def require_actor(store: Store, principal: Principal, parties: Iterable[str], action: str,
                  why: str | None = None) -> None:
    """Refuse unless `principal` is a user who may act, of one of `parties` (identity ids).
    `action` reads after "cannot" ("answer request 'X'"); `why` explains a wrong party."""
    allowed = list(parties)
    if principal.is_operator or not principal.user or not principal.party_id:
        raise Forbidden(f"to {action}, act as a named user of a party: pass --as USER")
    if principal.role not in ACTING_ROLES:
        raise Forbidden(f"{principal.label} cannot {action}: observers read the record but do "
                        f"not change it (acting roles: {', '.join(ACTING_ROLES)})")
    if principal.party_id not in allowed:
        codes = [party_code(store, ref) for ref in allowed]
        raise Forbidden(f"{principal.label} cannot {action}: "
                        f"{why or 'only ' + ' or '.join(codes) + ' can'}")


def party_ref(store: Store, code: str) -> str:
    """The identity id of a registered party code."""
    return get_party(store, code.strip().upper()).identity_id


def party_code(store: Store, identity_id: str) -> str:
    """A party's short code for people, or its identity id when it is not registered here."""
    row = sql.party_by_identity(store.db, identity_id)
    return row.code if row else identity_id


def party_codes(store: Store) -> dict[str, str]:
    """Identity id → code for every registered party."""
    return {p.identity_id: p.code for p in sql.parties(store.db)}

