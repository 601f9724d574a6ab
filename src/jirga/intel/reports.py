"""A report written by a signed-in user: a STIX 2.1 `report` in their party's name, about objects
they may read, with the TLP marking they choose and its readers (`model.handling.addressed`):
recipient parties for AMBER and AMBER+STRICT, named users of this node for RED (the author
always among them). It is saved through `authoring.save`, the one write path (signed there)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jirga.errors import Forbidden, Invalid, NotFound
from jirga.model import handling, tlp
from jirga.model.ids import is_id, new_id
from jirga.model.timestamps import now
from jirga.objects.authoring import save
from jirga.sharing import parties, users
from jirga.sharing.principal import Principal
from jirga.store import Store, Visibility

REPORT_TYPES = ("threat-report", "attack-pattern", "campaign", "identity", "indicator",
                "intrusion-set", "malware", "observed-data", "threat-actor", "tool",
                "vulnerability")
WRITING_ROLES = ("admin", "analyst", "liaison")


@dataclass(frozen=True)
class Draft:
    title: str
    body: str
    refs: tuple[str, ...]
    level: str
    recipients: tuple[str, ...] = ()  # party codes (AMBER, AMBER+STRICT)
    red_users: tuple[str, ...] = ()  # user names (RED)
    report_types: tuple[str, ...] = ("threat-report",)


def write_report(store: Store, principal: Principal, draft: Draft, *,
                 visibility: Visibility) -> dict[str, Any]:
    """Check the draft, build the report and save it; returns the stored report."""
    if principal.role not in WRITING_ROLES or not principal.party_id:
        raise Forbidden(f"{principal.label} cannot write reports: only "
                        f"{', '.join(WRITING_ROLES)} users of a party can")
    level = _level(draft.level)
    title = draft.title.strip()
    if not title:
        raise Invalid("a report needs a title")
    refs = _refs(store, draft.refs, visibility)
    stamp = now()
    report: dict[str, Any] = {
        "type": "report", "spec_version": "2.1", "id": new_id("report"), "created": stamp,
        "modified": stamp, "name": title, "published": stamp,
        "report_types": list(_types(draft.report_types)), "object_refs": refs,
        "created_by_ref": principal.party_id}
    if draft.body.strip():
        report["description"] = draft.body.strip()
    marked = handling.addressed(report, level, parties=_party_refs(store, draft.recipients,
                                                                   principal),
                                users=_readers(store, draft.red_users, principal))
    save(store, [marked], source=f"report by {principal.label}")
    return marked


def _level(text: str) -> str:
    try:
        return tlp.parse_level(text or "")
    except ValueError as exc:
        raise Invalid(str(exc)) from exc


def _types(values: Sequence[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(v for v in values if v)) or ("threat-report",)
    for value in chosen:
        if value not in REPORT_TYPES:
            raise Invalid(f"report type '{value}' is not one of {', '.join(REPORT_TYPES)}")
    return chosen


def _refs(store: Store, refs: Sequence[str], visibility: Visibility) -> list[str]:
    """The objects the report is about: STIX ids the writer may read (at least one)."""
    wanted = list(dict.fromkeys(r.strip() for r in refs if r.strip()))
    if not wanted:
        raise Invalid("a report refers to at least one object (STIX requires object_refs); "
                      "add the id of an incident, group or other object it is about")
    for ref in wanted:
        if not is_id(ref):
            raise Invalid(f"'{ref}' is not a STIX id (type--uuid)")
        try:
            store.get(ref, visibility=visibility)
        except NotFound as exc:
            raise Invalid(f"object '{ref}' is not one you may read on this node; a report "
                          "refers only to objects its writer can see") from exc
    return wanted


def _party_refs(store: Store, codes: Sequence[str], principal: Principal) -> list[str]:
    refs = [parties.get_party(store, code).identity_id for code in codes if code]
    return [r for r in refs if r != principal.party_id]


def _readers(store: Store, names: Sequence[str], principal: Principal) -> list[str]:
    known = {u.name for u in users.list_users(store)}
    for name in names:
        if name and name not in known:
            raise Invalid(f"user '{name}' is not a user of this node; RED readers are named "
                          "users here")
    return sorted({*(n for n in names if n), principal.user or ""} - {""})
