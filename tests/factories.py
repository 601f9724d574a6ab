"""Test data from factories: valid STIX objects with only the differences a test cares about."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from jirga.model import tlp
from jirga.model.ids import new_id
from jirga.model.incident import make_incident, toll
from jirga.model.timestamps import format_ts

BASE_TIME = datetime(2024, 1, 1, tzinfo=UTC)


def ts(days: float = 0, *, base: datetime = BASE_TIME) -> str:
    """A STIX timestamp `days` after 2024-01-01."""
    return format_ts(base + timedelta(days=days))


def make_object(stix_type: str = "intrusion-set", *, days: float = 0, modified_days: float | None = None,
                **props: Any) -> dict[str, Any]:
    created = ts(days)
    obj: dict[str, Any] = {"type": stix_type, "spec_version": "2.1", "id": new_id(stix_type),
                           "created": created,
                           "modified": ts(days if modified_days is None else modified_days)}
    if stix_type in ("intrusion-set", "threat-actor", "identity", "campaign", "attack-pattern",
                     "tool", "infrastructure", "course-of-action", "vulnerability", "incident"):
        obj["name"] = props.pop("name", f"{stix_type} {obj['id'][-6:]}")
    if stix_type == "identity":
        obj.setdefault("identity_class", "organization")
    if stix_type == "malware":
        obj.update(name=props.pop("name", "malware"), is_family=True)
    if stix_type == "indicator":
        obj.update(pattern="[ipv4-addr:value = '198.51.100.1']", pattern_type="stix",
                   valid_from=created)
    if stix_type == "report":
        obj.update(name=props.pop("name", "a report"), published=created,
                   object_refs=props.pop("object_refs", [new_id("incident")]))
    if "level" in props:
        obj["object_marking_refs"] = [tlp.marking_id(props.pop("level"))]
    obj.update(props)
    return obj


def new_version(obj: dict[str, Any], days: float, **changes: Any) -> dict[str, Any]:
    """The same object, `modified` moved to `days` after 2024-01-01, with `changes`."""
    return {**obj, **changes, "modified": ts(days)}


def make_test_incident(*, occurred: str = "2024-03-26", killed: int | None = 6,
                       injured: int | None = 0, admin1: str = "PK-KP",
                       admin1_name: str = "Khyber Pakhtunkhwa", group: str | None = None,
                       basis: str = "claimed", level: str | None = None,
                       **fields: Any) -> dict[str, Any]:
    perpetrators = [{"name": group, "basis": basis}] if group else None
    obj = make_incident(name=fields.pop("name", f"attack on {occurred}"), occurred=occurred,
                        country=fields.pop("country", "PK"), admin1=admin1,
                        admin1_name=admin1_name, perpetrators=perpetrators,
                        killed=toll(killed) if killed is not None else None,
                        injured=toll(injured) if injured is not None else None,
                        created=fields.pop("created", ts(0)),
                        marking_refs=[tlp.marking_id(level)] if level else None, **fields)
    return obj


# -- sharing: parties, users, tokens (tests/sharing) -------------------------------------------

PASSWORD = "correct horse battery staple"


def make_party(store: Any, code: str = "PK-MOI", name: str | None = None) -> Any:
    """A registered party (and its STIX identity) in `store`."""
    from jirga.sharing.parties import add_party

    return add_party(store, code, name or f"{code} ministry")


def make_user(store: Any, name: str = "amina", party: str = "PK-MOI", role: str = "analyst",
              password: str = PASSWORD) -> Any:
    """A user of `party`, registering the party first when the store lacks it."""
    from jirga.sharing.authn import principal_of
    from jirga.sharing.principal import Principal
    from jirga.sharing.users import add_user
    from jirga.store import accounts

    if accounts.party(store.db, party) is None:
        make_party(store, party)
    user = add_user(store, name, party, role, password)
    principal: Principal = principal_of(user)
    return principal
