"""Who a TLP-marked object is for, as two custom properties (STIX 2.1 §11.1) every node reads.

TLP 2.0 says how far information may travel; it does not say to whom. jirga names the readers
on the object itself, so the rule travels with it and every node enforces the same one:

- `x_jirga_recipient_refs`: identity ids of the parties a TLP:AMBER or TLP:AMBER+STRICT object
  is addressed to (the creating party always reads its own objects);
- `x_jirga_red_users`: user names, on the node that holds it, who may read a TLP:RED object.

Custom properties rather than granular markings: markings say how to handle a value, these say
who may receive the whole object, and a plain STIX consumer keeps and ignores them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jirga.model import tlp

RECIPIENTS = "x_jirga_recipient_refs"
RED_USERS = "x_jirga_red_users"


def recipients(obj: dict[str, Any]) -> list[str]:
    values = obj.get(RECIPIENTS)
    return [v for v in values if isinstance(v, str)] if isinstance(values, list) else []


def red_users(obj: dict[str, Any]) -> list[str]:
    values = obj.get(RED_USERS)
    return [v for v in values if isinstance(v, str)] if isinstance(values, list) else []


def addressed(obj: dict[str, Any], level: str, *, parties: Iterable[str] = (),
              users: Iterable[str] = ()) -> dict[str, Any]:
    """`obj` marked at `level` and addressed: party identity ids for AMBER and AMBER+STRICT,
    user names for RED. Returns a new dict (make it a new version with authoring.next_version
    when the object is already stored)."""
    name = tlp.parse_level(level)
    out = {k: v for k, v in obj.items() if k not in (RECIPIENTS, RED_USERS)}
    others = [m for m in obj.get("object_marking_refs", []) if m not in tlp.LEVEL_OF_MARKING]
    out["object_marking_refs"] = [*others, tlp.marking_id(name)]
    if name in ("amber", "amber+strict") and parties:
        out[RECIPIENTS] = sorted(set(parties))
    if name == "red" and users:
        out[RED_USERS] = sorted(set(users))
    return out
