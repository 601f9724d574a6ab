"""The fast validator: its table matches the OASIS schemas, its verdicts match jsonschema."""

from __future__ import annotations

import copy
import glob
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from jirga.model.validate import REQUIRED, SCO_TYPES, SDO_TYPES, validate_object
from tests.factories import make_object
from tests.helpers import shared_path


def _required_lists(node: Any) -> list[list[str]]:
    found: list[list[str]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "required" and isinstance(value, list):
                found.append(value)
            elif key not in ("not", "oneOf", "anyOf", "dependentRequired", "definitions",
                             "dependencies"):
                found.extend(_required_lists(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_required_lists(item))
    return found


def test_required_table_matches_the_oasis_schemas() -> None:
    schemas = shared_path("data", "stix", "oasis", "schemas")
    for folder in ("sdos", "sros"):
        for path in sorted((schemas / folder).glob("*.json")):
            stix_type = path.stem
            top = json.loads(path.read_text())
            required = set(top.get("required", [])) | {
                name for group in _required_lists(top.get("allOf", [None, {}])[1:])
                for name in group}
            assert required <= set(REQUIRED.get(stix_type, ())) | {"type", "id"}, stix_type
            assert set(REQUIRED.get(stix_type, ())) <= required | {"is_family"}, stix_type
    assert {p.stem for p in (schemas / "sdos").glob("*.json")} == SDO_TYPES
    assert {p.stem for p in (schemas / "observables").glob("*.json")} == SCO_TYPES


def _schema_validator(stix_type: str) -> Draft202012Validator | None:
    schemas = shared_path("data", "stix", "oasis", "schemas")
    resources = []
    for path in glob.glob(str(schemas / "*" / "*.json")):
        doc = json.loads(Path(path).read_text())
        resources.append((doc["$id"], Resource.from_contents(doc)))
    registry = Registry().with_resources(resources)
    for folder in ("sdos", "sros", "observables", "common"):
        path = schemas / folder / f"{stix_type}.json"
        if path.exists():
            doc = json.loads(path.read_text())
            return Draft202012Validator(doc, registry=registry)
    return None


def _shared_objects() -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    root = shared_path("data", "stix")
    for path in [root / "attack" / "ics-attack-18.1.json",
                 *sorted((root / "oasis" / "examples").rglob("*.json"))]:
        doc = json.loads(path.read_text())
        objects.extend(doc["objects"] if doc.get("type") == "bundle" else [doc])
    return objects


def test_every_shared_object_is_valid() -> None:
    objects = _shared_objects()
    assert len(objects) > 2000
    problems = [p for obj in objects for p in validate_object(obj)]
    assert problems == []


# Each breaks one rule STIX 2.1 states; the schema must reject it too.
BREAKAGES = [
    ("no name on an intrusion-set", lambda o: o.pop("name")),
    ("id of the wrong type", lambda o: o.update(id=o["id"].replace("intrusion-set", "campaign"))),
    ("id without a UUID", lambda o: o.update(id="intrusion-set--1234")),
    ("created not a timestamp", lambda o: o.update(created="26 March 2024")),
    ("modified with a timezone offset", lambda o: o.update(modified="2024-01-01T00:00:00+05:00")),
    ("created_by_ref not an identifier", lambda o: o.update(created_by_ref="Pakistan")),
    ("confidence out of range", lambda o: o.update(confidence=101)),
    ("labels empty", lambda o: o.update(labels=[])),
    ("external reference without source_name", lambda o: o.update(external_references=[{"url": "x"}])),
    ("spec_version 2.2", lambda o: o.update(spec_version="2.2")),
    ("revoked as a string", lambda o: o.update(revoked="yes")),
    ("extensions with a bad key", lambda o: o.update(extensions={"bad": {"a": 1}})),
    ("granular marking without selectors", lambda o: o.update(granular_markings=[{"marking_ref": "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"}])),
    ("missing spec_version", lambda o: o.pop("spec_version")),
    ("missing modified", lambda o: o.pop("modified")),
]


@pytest.mark.parametrize(("label", "breakage"), BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_broken_objects_are_refused_like_the_schema_does(label: str, breakage: Any) -> None:
    obj = make_object("intrusion-set", created_by_ref="identity--b0ee7412-fd30-4bbf-a871-1e44c93e6b02")
    broken = copy.deepcopy(obj)
    breakage(broken)
    validator = _schema_validator("intrusion-set")
    assert validator is not None
    assert list(validator.iter_errors(obj)) == []
    assert list(validator.iter_errors(broken)), f"the schema accepts '{label}'"
    assert validate_object(obj) == []
    assert validate_object(broken), f"jirga accepts '{label}'"


def test_marking_refs_must_name_marking_definitions() -> None:
    """STIX 2.1 §3.2 says so; the OASIS schema only checks the identifier format."""
    obj = make_object("intrusion-set")
    obj["object_marking_refs"] = ["identity--" + obj["id"][-36:]]
    assert [p.property for p in validate_object(obj)] == ["object_marking_refs"]


def test_custom_objects_and_properties_are_accepted() -> None:
    custom = make_object("x-acme-widget", name="w", x_acme_colour="red", x_acme_owner_ref="bad")
    assert validate_object(custom) == []
    with_prop = make_object("intrusion-set", x_jirga_note="kept as is")
    assert validate_object(with_prop) == []


def test_problem_names_object_and_property() -> None:
    obj = make_object("indicator")
    obj.pop("pattern")
    (problem,) = validate_object(obj)
    assert problem.object_id == obj["id"]
    assert problem.property == "pattern"
    assert "required" in problem.message


def test_relationship_refs_must_be_identifiers() -> None:
    rel = make_object("relationship", relationship_type="uses", source_ref="ttp",
                      target_ref="malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061")
    problems = validate_object(rel)
    assert [p.property for p in problems] == ["source_ref"]


def test_location_needs_a_place() -> None:
    loc = make_object("location")
    assert [p.property for p in validate_object(loc)] == ["region"]
    loc["latitude"] = 95.0
    loc["longitude"] = 70.0
    assert [p.property for p in validate_object(loc)] == ["latitude"]


def test_jirga_new_sdo_needs_its_extension() -> None:
    agreement = make_object("agreement", name="Border coordination",
                            party_refs=["identity--b0ee7412-fd30-4bbf-a871-1e44c93e6b02"],
                            agreed="2024-06-01")
    assert [p.property for p in validate_object(agreement)] == ["extensions"]
