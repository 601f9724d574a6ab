"""Parties as the trust layer sees them: a STIX `identity` (organization) with a party code.

Until the sharing layer's party registry exists, a party is found by its identity's
`x_jirga_party_code`; `find_party` is the one place to switch to the registry.
"""

from __future__ import annotations

from typing import Any

from jirga.errors import NotFound
from jirga.store import ObjectFilter, Store, Visibility

PARTY_CODE = "x_jirga_party_code"
KEYS_PROPERTY = "x_jirga_keys"
_ALL = Visibility.everything()


def find_party(store: Store, code: str) -> dict[str, Any]:
    """The current identity of the party with this code; NotFound names the known codes."""
    known: list[str] = []
    for item in store.iter_current(ObjectFilter(types=("identity",)), visibility=_ALL):
        identity = item.object()
        party = identity.get(PARTY_CODE)
        if party == code:
            return identity
        if isinstance(party, str):
            known.append(party)
    hint = f"; known parties: {', '.join(sorted(known))}" if known else \
        "; import or create the party's identity first (jirga demo creates PK-MOI and AF-MOI)"
    raise NotFound(f"no party with code '{code}'{hint}")
