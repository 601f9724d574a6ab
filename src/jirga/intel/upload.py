"""A STIX bundle uploaded by a signed-in user: validated whole, stored in one transaction in the
user's party's name, into a collection (as TAXII Add Objects would) or into the node's store."""

from __future__ import annotations

from dataclasses import dataclass, field

from jirga.config import Settings
from jirga.errors import Forbidden, Invalid
from jirga.model.bundle import read_content
from jirga.sharing import collections, taxii
from jirga.sharing.principal import Principal
from jirga.store import Store


@dataclass
class UploadReport:
    source: str
    objects: int
    counts: dict[str, int]
    collection: str | None
    notes: list[str] = field(default_factory=list)


def upload_bundle(store: Store, settings: Settings, principal: Principal, data: bytes, *,
                  filename: str, collection: str | None = None) -> UploadReport:
    """Store every object of the bundle or none; Invalid names the object and property at
    fault; Forbidden for observers and for objects claiming another party as their creator."""
    if principal.role == "observer":
        raise Forbidden(f"{principal.label} cannot upload: observers read but do not add objects")
    if len(data) > settings.max_request_bytes:
        raise Invalid(f"{filename}: {len(data):,} bytes is over the {settings.max_request_bytes:,} "
                      "byte limit (max_request_bytes)")
    if not data.strip():
        raise Invalid(f"{filename}: the file is empty; choose a STIX 2.1 bundle (JSON)")
    content = read_content(data, filename)
    if not content.objects:
        raise Invalid(f"{filename}: the bundle holds no objects")
    taxii.check_authorship(store, principal, content.objects)
    if collection:
        granted = collections.open_collection(store, settings, principal, collection)
        collections.require_write(granted, principal)
        status = taxii.store_envelope(store, granted, principal, content.objects)
        counts = {"stored": status.success_count, "refused": status.failure_count}
        return UploadReport(filename, len(content.objects), counts, granted.collection.name,
                            list(content.notes))
    with store.db.transaction():
        result = store.add_objects(content.objects, source_party=principal.party_code)
    return UploadReport(filename, len(content.objects),
                        {k: n for k, n in result.as_dict().items() if n}, None,
                        [*content.notes, *(str(p) for p in result.refused)])
