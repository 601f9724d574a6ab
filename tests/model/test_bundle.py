"""Reading STIX content: bundles, lists, single objects, STIX 2.0, and every way it can be broken."""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest

from jirga.errors import Invalid
from jirga.model.bundle import read_content
from tests.factories import make_object


def bundle(objects: list[Any], **extra: Any) -> bytes:
    return orjson.dumps({"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d",
                         "objects": objects, **extra})


def test_bundle_list_and_single_object() -> None:
    obj = make_object("campaign")
    assert read_content(bundle([obj])).objects == [obj]
    assert read_content(orjson.dumps([obj])).objects == [obj]
    assert read_content(orjson.dumps(obj)).objects == [obj]


def test_utf8_bom_is_tolerated() -> None:
    obj = make_object("campaign")
    assert read_content(b"\xef\xbb\xbf" + bundle([obj])).objects == [obj]


def test_stix20_bundle_is_upgraded_faithfully() -> None:
    old = [
        {"type": "indicator", "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
         "created": "2016-04-06T20:03:48.000Z", "modified": "2016-04-06T20:03:48.000Z",
         "labels": ["malicious-activity"], "pattern": "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']",
         "valid_from": "2016-01-01T00:00:00Z"},
        {"type": "malware", "id": "malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b",
         "created": "2016-04-06T20:07:09.000Z", "modified": "2016-04-06T20:07:09.000Z",
         "name": "Poison Ivy", "labels": ["remote-access-trojan"]},
    ]
    content = read_content(bundle(old, spec_version="2.0"))
    indicator, malware = content.objects
    assert indicator["spec_version"] == malware["spec_version"] == "2.1"
    assert indicator["pattern_type"] == "stix"
    assert indicator["labels"] == ["malicious-activity"]
    assert malware["is_family"] is True
    assert content.upgraded_from == "2.0"
    assert any("STIX 2.0" in n for n in content.notes)


BROKEN: list[tuple[str, bytes, str]] = [
    ("empty file", b"", "empty"),
    ("whitespace only", b"  \n ", "empty"),
    ("truncated JSON", bundle([make_object()])[:-20], "not valid JSON"),
    ("not JSON at all", b"<html><body>502 Bad Gateway</body></html>", "not valid JSON"),
    ("a JSON number", b"42", "not a JSON int"),
    ("an object without type", b'{"objects": []}', "no 'type' and 'id'"),
    ("bundle without id", orjson.dumps({"type": "bundle", "objects": []}), "'id' must be"),
    ("bundle with a bad id", orjson.dumps({"type": "bundle", "id": "bundle--x", "objects": []}), "'id' must be"),
    ("objects is not a list", orjson.dumps({"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", "objects": {}}), "must be a list"),
    ("bundle spec_version 2.1", bundle([], spec_version="2.1"), "has no 'spec_version'"),
    ("a JSON Schema", json.dumps({"$schema": "https://json-schema.org/draft/2020-12/schema", "allOf": []}).encode(), "JSON Schema"),
    ("object that is a string", bundle(["indicator--x"]), "expected a JSON object"),
    ("bundle inside a bundle", bundle([{"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d"}]), "bundle cannot be"),
    ("object missing a required property", bundle([{k: v for k, v in make_object("campaign").items() if k != "name"}]), "'name'"),
    ("two objects, same version, different content", bundle([make_object("campaign", id="campaign--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061", name="a"), make_object("campaign", id="campaign--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061", name="b")]), "different content"),
]


@pytest.mark.parametrize(("label", "data", "expected"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_input_is_refused_with_a_clear_message(label: str, data: bytes, expected: str) -> None:
    with pytest.raises(Invalid) as info:
        read_content(data, "feed.json")
    assert "feed.json" in info.value.message
    assert expected in info.value.message


def test_every_problem_is_named_with_object_and_property() -> None:
    good = make_object("campaign")
    bad = make_object("campaign", confidence=500)
    worse = make_object("relationship", relationship_type="uses", source_ref="x",
                        target_ref="y")
    with pytest.raises(Invalid) as info:
        read_content(bundle([good, bad, worse]), "b.json")
    message = info.value.message
    assert f"{bad['id']}: property 'confidence'" in message
    assert f"{worse['id']}: property 'source_ref'" in message
    assert good["id"] not in message
    assert len(info.value.problems) == 3
