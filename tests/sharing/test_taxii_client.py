"""The OASIS taxii2-client, an independent client, against a live jirga server."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from taxii2client.v21 import Collection, Server, as_pages

from tests.helpers import shared_path
from tests.sharing.nodes import PASSWORD, Node


@pytest.fixture
def pk(nodes: Callable[..., Node]) -> Node:
    node = nodes("PK-MOI")
    node.user("amina", role="analyst")
    node.user("af-sync", "AF-MOI", role="liaison")
    node.collection("intel", AF_MOI="r")
    return node.start()


def test_discover_list_add_attack_ics_and_page_everything_back(pk: Node) -> None:
    bundle = json.loads(shared_path("data", "stix", "attack", "ics-attack-18.1.json").read_text())
    server = Server(pk.taxii, user="amina", password=PASSWORD)
    assert server.title == "jirga node jirga"
    api_root = server.default
    assert api_root.versions == ["application/taxii+json;version=2.1"]
    assert api_root.max_content_length == 20_000_000
    [collection] = api_root.collections
    assert collection.title == "intel" and collection.can_read and collection.can_write
    status = collection.add_objects({"objects": bundle["objects"]})
    assert status.status == "complete"
    assert status.total_count == len(bundle["objects"]) == status.success_count
    assert status.failure_count == 0
    seen: dict[str, str] = {}
    pages = 0
    for envelope in as_pages(collection.get_objects, per_request=100):
        pages += 1
        for obj in envelope.get("objects", []):
            assert obj["id"] not in seen
            seen[obj["id"]] = obj.get("modified") or obj["created"]
    expected = {o["id"]: o.get("modified") or o["created"] for o in bundle["objects"]}
    assert seen == expected
    assert pages == -(-len(expected) // 100)


def test_token_client_reads_manifest_versions_and_one_object(pk: Node) -> None:
    objects = json.loads(shared_path("data", "stix", "attack", "ics-attack-18.1.json")
                         .read_text())["objects"][:30]
    writer = Server(pk.taxii, user="amina", password=PASSWORD).default.collections[0]
    writer.add_objects({"objects": objects})
    from taxii2client.common import TokenAuth

    reader = Collection(writer.url, auth=TokenAuth(pk.token("amina")))
    manifest = reader.get_manifest(limit=10)
    assert len(manifest["objects"]) == 10 and manifest["more"] is True
    assert {"id", "date_added", "version", "media_type"} <= set(manifest["objects"][0])
    one = objects[5]
    got = reader.get_object(one["id"])
    assert got["objects"] == [one]
    versions = reader.object_versions(one["id"])
    assert versions["versions"] == [one.get("modified") or one["created"]]
    kind = objects[-1]["type"]
    typed = reader.get_objects(type=kind, limit=1000)
    assert len(typed["objects"]) == sum(o["type"] == kind for o in objects)
    assert {o["type"] for o in typed["objects"]} == {kind}
