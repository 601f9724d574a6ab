"""Reading objects for people and programs: lists with filters and pages, one object, versions."""

from __future__ import annotations

from dataclasses import dataclass

from jirga.errors import Invalid
from jirga.model import timestamps
from jirga.store import ObjectFilter, Page, Store, StoredObject, Visibility


@dataclass(frozen=True)
class ObjectQuery:
    """What a person or program asks for; turned into a store filter by `to_filter`."""

    types: tuple[str, ...] = ()
    text: str | None = None
    created_by: str | None = None
    since: str | None = None
    until: str | None = None
    tlp: tuple[str, ...] = ()

    def to_filter(self, default_tlp: str) -> ObjectFilter:
        try:
            since = timestamps.normalise(self.since) if self.since else None
            until = timestamps.normalise(self.until) if self.until else None
        except ValueError as exc:
            raise Invalid(str(exc)) from exc
        return ObjectFilter(types=self.types, text=self.text or None,
                            created_by=(self.created_by,) if self.created_by else (),
                            modified_from=since, modified_to=until, tlp=self.tlp,
                            tlp_default=default_tlp)


def list_objects(store: Store, query: ObjectQuery, *, visibility: Visibility, default_tlp: str,
                 limit: int, cursor: str | None = None) -> tuple[Page, int]:
    """A page of current objects, most recently modified first, and how many match in all."""
    flt = query.to_filter(default_tlp)
    page = store.current(flt, visibility=visibility, limit=limit, cursor=cursor, order="recent")
    return page, store.count(flt, visibility=visibility)


def object_with_versions(store: Store, object_id: str, *, visibility: Visibility,
                         version: str | None = None) -> tuple[StoredObject, list[StoredObject]]:
    """One version (the current one unless `version` names another) and the list of all."""
    chosen = store.get(object_id, visibility=visibility, version=version)
    return chosen, store.versions(object_id, visibility=visibility)
