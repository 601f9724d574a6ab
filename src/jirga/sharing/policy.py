"""The access policy: TLP 2.0 as this node enforces it, as one function every read path calls.

`visibility(principal, settings, channel)` returns a `Visibility`: an SQL condition over a
version row `v` (it reads only `v.tlp`, `v.created_by_ref`, `v.source_party`, `v.seq` and the
`object_access` rows keyed by `v.seq`, so it applies to `object_versions` and to every
projection table alike) and the same rule in memory (`Visibility.allows`). Anything the rules
below do not grant is denied.

- CLEAR: anyone who reaches the collection or page at all.
- GREEN: users of any party of this community (every registered party).
- AMBER: the owning party (its `created_by_ref`, or the party it came from) and the parties
  named in `x_jirga_recipient_refs`; a recipient's node may pass it to the other recipients.
- AMBER+STRICT: the owning party and the named recipient organisations, each only from the
  originating node or from its own: a recipient never relays it to another.
- RED: only the users named in `x_jirga_red_users`, only on this node: never over TAXII, sync
  or an export (the SHARE channel).

Objects with no TLP marking are read at `settings.default_tlp`. An object stored without an
origin party (imported or authored here) belongs to this node's party (`settings.party`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from jirga.config import Settings
from jirga.model import tlp
from jirga.model.handling import RECIPIENTS, RED_USERS
from jirga.sharing.principal import Principal
from jirga.store import Visibility


class Channel(StrEnum):
    VIEW = "view"  # pages and the JSON API: a person reading on this node
    SHARE = "share"  # TAXII, sync and exports: the object leaves this node


_PARTY = "EXISTS (SELECT 1 FROM object_access a WHERE a.seq = v.seq AND a.kind = 'party' " \
         "AND a.value = ?)"
_USER = "EXISTS (SELECT 1 FROM object_access a WHERE a.seq = v.seq AND a.kind = 'user' " \
        "AND a.value = ?)"


@dataclass(frozen=True)
class _Reader:
    """What the rules need to know about the reader and the node."""

    user: str | None
    party_id: str | None
    party_code: str | None
    home: str | None
    default: str
    channel: Channel

    @property
    def member(self) -> bool:
        return self.party_code is not None

    @property
    def at_home(self) -> bool:
        return self.member and self.party_code == self.home


def visibility(principal: Principal, settings: Settings,
               channel: Channel = Channel.VIEW) -> Visibility:
    """What `principal` may read through `channel`; the local operator reads everything."""
    if principal.is_operator:
        return Visibility.everything()
    reader = _Reader(principal.user, principal.party_id, principal.party_code,
                     settings.party or None, tlp.parse_level(settings.default_tlp), channel)
    where, params = _sql(reader)
    return Visibility(where, tuple(params), f"{principal.label} via {channel}",
                      lambda row: _allows(reader, row))


def for_party(party_id: str, party_code: str, settings: Settings) -> Visibility:
    """What may leave this node for a party as a whole (an export, a peer): the SHARE channel."""
    principal = Principal(user=None, party_id=party_id, party_code=party_code, role="observer")
    return visibility(principal, settings, Channel.SHARE)


def _sql(r: _Reader) -> tuple[str, list[Any]]:
    level = f"COALESCE(v.tlp, '{r.default}')"  # a validated level name, safe to inline
    rules = [f"{level} = 'clear'"]
    params: list[Any] = []
    if r.member:
        owner = "(v.created_by_ref = ? OR COALESCE(v.source_party, ?) = ?)"
        rules.append(f"{level} = 'green'")
        rules.append(f"({level} IN ('amber', 'amber+strict') AND {owner})")
        params += [r.party_id, r.home, r.party_code]
        rules.append(f"({level} = 'amber' AND {_PARTY})")
        params.append(r.party_id)
        if r.at_home:
            rules.append(f"({level} = 'amber+strict' AND {_PARTY})")
            params.append(r.party_id)
        else:
            rules.append(f"({level} = 'amber+strict' AND (v.source_party IS NULL OR "
                         f"v.source_party = ?) AND {_PARTY})")
            params += [r.home, r.party_id]
    if r.user and r.channel is Channel.VIEW:
        rules.append(f"({level} = 'red' AND {_USER})")
        params.append(r.user)
    return "(" + " OR ".join(rules) + ")", params


def _allows(r: _Reader, row: dict[str, Any]) -> bool:
    """The same rules for one object (a STIX object, or a row with `tlp` and `source_party`)."""
    level = (row["tlp"] if "tlp" in row else tlp.level_of(row)) or r.default
    return _RULES.get(level, _deny)(r, row)


def _names(row: dict[str, Any], prop: str) -> list[Any]:
    values = row.get(prop)
    return values if isinstance(values, list) else []


def _owner(r: _Reader, row: dict[str, Any]) -> bool:
    return r.member and (row.get("created_by_ref") == r.party_id
                         or (row.get("source_party") or r.home) == r.party_code)


def _recipient(r: _Reader, row: dict[str, Any]) -> bool:
    return r.member and r.party_id in _names(row, RECIPIENTS)


def _deny(r: _Reader, row: dict[str, Any]) -> bool:
    return False


def _strict(r: _Reader, row: dict[str, Any]) -> bool:
    from_here = row.get("source_party") in (None, r.home)
    return _owner(r, row) or (_recipient(r, row) and (r.at_home or from_here))


_RULES: dict[str, Callable[[_Reader, dict[str, Any]], bool]] = {
    "clear": lambda r, row: True,
    "green": lambda r, row: r.member,
    "amber": lambda r, row: _owner(r, row) or _recipient(r, row),
    "amber+strict": _strict,
    "red": lambda r, row: (r.channel is Channel.VIEW and r.user is not None
                           and r.user in _names(row, RED_USERS)),
}
