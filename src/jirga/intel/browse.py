"""Objects by collection, filtered by TLP level, type and words: what the reader may see."""

from __future__ import annotations

from dataclasses import dataclass

from jirga.config import Settings
from jirga.errors import Invalid
from jirga.objects import reading
from jirga.sharing import collections
from jirga.sharing.policy import Channel, visibility
from jirga.sharing.principal import Principal
from jirga.store import Store, StoredObject
from jirga.store import intel as sql


@dataclass
class ObjectPage:
    items: list[StoredObject]
    total: int
    next: str | None
    collection: collections.Collection | None


def browse(store: Store, settings: Settings, principal: Principal, *, collection: str | None,
           levels: tuple[str, ...] = (), types: tuple[str, ...] = (), text: str | None = None,
           limit: int = 50, cursor: str | None = None) -> ObjectPage:
    """A page of current objects, of one collection (by name or id) or of the whole node."""
    vis = visibility(principal, settings, Channel.VIEW)
    chosen = None
    if collection:
        granted = collections.open_collection(store, settings, principal, collection)
        collections.require_read(granted)
        chosen = granted.collection
    if chosen is not None and chosen.scope == "posted":
        if text:
            raise Invalid("word search covers every object on the node, not one collection; "
                          "choose 'All objects' to search")
        items, nxt, total = sql.members(store.db, chosen.id, levels=levels, types=types,
                                        default_tlp=settings.default_tlp, visibility=vis,
                                        limit=limit, cursor=cursor)
        return ObjectPage(items, total, nxt, chosen)
    query = reading.ObjectQuery(types=types, text=text, tlp=levels)
    page, total = reading.list_objects(store, query, visibility=vis,
                                       default_tlp=settings.default_tlp, limit=limit,
                                       cursor=cursor)
    return ObjectPage(page.items, total, page.next, chosen)


def readable_collections(store: Store, settings: Settings,
                         principal: Principal) -> list[collections.Access]:
    return collections.visible_collections(store, settings, principal)
