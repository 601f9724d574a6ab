"""Parties as the trust layer sees them: a STIX `identity` (organization) with a party code.

The node's party registry (`jirga party add`, the `parties` table) is the source of truth: a
registered code names exactly the identity it was registered with. A party the node has not
registered (a peer's party known only from its identity, say for `keys import`) is found by its
identity's `x_jirga_party_code`. The node's own party is the `party` setting.
"""

from __future__ import annotations

from typing import Any

from jirga.errors import NotFound
from jirga.store import ObjectFilter, Store, Visibility, accounts

PARTY_CODE = "x_jirga_party_code"
KEYS_PROPERTY = "x_jirga_keys"
_ALL = Visibility.everything()


def find_party(store: Store, code: str) -> dict[str, Any]:
    """The current identity of the party with this code; NotFound names the known codes."""
    registered = accounts.party(store.db, code)
    if registered is not None:
        return store.get(registered.identity_id, visibility=_ALL).object()
    known: list[str] = []
    for item in store.iter_current(ObjectFilter(types=("identity",)), visibility=_ALL):
        identity = item.object()
        party = identity.get(PARTY_CODE)
        if party == code:
            return identity
        if isinstance(party, str):
            known.append(party)
    hint = f"; known parties: {', '.join(sorted(known))}" if known else \
        f"; register it first: `jirga party add {code} --name …`"
    raise NotFound(f"no party with code '{code}'{hint}")
