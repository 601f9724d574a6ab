"""Round trips of real STIX content: everything imported comes back out equal as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import pytest

from jirga.errors import Invalid
from jirga.model import extensions, tlp
from jirga.objects.interchange import export_stream, import_bytes
from jirga.store import ObjectFilter, Store, Visibility
from tests.factories import make_object, make_test_incident
from tests.helpers import SHARED

ALL = Visibility.everything()


def exported(store: Store, **kw: Any) -> list[dict[str, Any]]:
    data = b"".join(export_stream(store, ObjectFilter(include_revoked=True, **kw), visibility=ALL))
    bundle = orjson.loads(data)
    assert bundle["type"] == "bundle"
    return bundle["objects"]


def stix_files() -> list[Path]:
    root = SHARED / "data" / "stix"
    files = [root / "attack" / "ics-attack-18.1.json",
             *sorted((root / "oasis" / "examples").rglob("*.json"))]
    return [f for f in files if f.exists()] or [root / "absent"]


@pytest.mark.parametrize("path", stix_files(), ids=lambda p: p.name)
def test_import_export_round_trip(store: Store, path: Path) -> None:
    if not path.exists():
        pytest.skip(f"shared STIX content {path} is absent (CI always has ../shared)")
    data = path.read_bytes()
    document = json.loads(data)
    originals = document["objects"] if document.get("type") == "bundle" else [document]
    report = import_bytes(store, data, str(path))
    assert report.result.refused == []
    back = {o["id"]: o for o in exported(store)}
    for obj in originals:
        assert back[obj["id"]] == obj
    again = import_bytes(store, data, str(path))
    assert again.result.as_dict()["unchanged"] == len({o["id"] for o in originals})


def test_interop_files_are_schemas_and_refused_clearly(store: Store) -> None:
    folder = SHARED / "data" / "stix" / "oasis" / "interop"
    if not folder.exists():
        pytest.skip(f"shared STIX content {folder} is absent (CI always has ../shared)")
    for path in sorted(folder.glob("*.json")):
        with pytest.raises(Invalid, match="JSON Schema"):
            import_bytes(store, path.read_bytes(), str(path))
    assert store.version_count() == 0


def test_invalid_bundle_leaves_store_unchanged(store: Store) -> None:
    store.add_objects([make_object("campaign")])
    good, bad = make_object("campaign"), make_object("campaign", confidence="high")
    data = orjson.dumps({"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d",
                         "objects": [good, bad]})
    with pytest.raises(Invalid, match=bad["id"]):
        import_bytes(store, data, "b.json")
    assert store.version_count() == 1


def test_export_adds_the_definitions_its_objects_refer_to(store: Store) -> None:
    store.add_objects([make_test_incident(level="green")])
    objects = {o["id"]: o for o in exported(store)}
    assert tlp.marking_id("green") in objects
    assert extensions.INCIDENT_EXT_ID in objects
    assert tlp.marking_id("red") not in objects


def test_export_by_type_and_all_versions(store: Store) -> None:
    a = make_object("campaign", days=0)
    store.add_objects([a, make_object("intrusion-set"), {**a, "modified": "2024-02-01T00:00:00.000Z"}])
    assert [o["type"] for o in exported(store, types=("campaign",))] == ["campaign"]
    data = b"".join(export_stream(store, ObjectFilter(types=("campaign",)), visibility=ALL,
                                  all_versions=True))
    assert [o["modified"] for o in orjson.loads(data)["objects"]] == [
        a["modified"], "2024-02-01T00:00:00.000Z"]
