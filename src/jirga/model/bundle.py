"""Reading STIX content: a bundle, a JSON list of objects or one object, validated whole.

STIX 2.0 bundles are upgraded to 2.1 where the mapping is one-to-one (STIX 2.1 §1.6 lists the
changes): `spec_version` moves from the bundle onto each object, indicators gain
`pattern_type: stix` (2.0 patterns are STIX patterns), and 2.0 malware, which describes families,
gains `is_family: true`. Everything else in 2.0 is valid 2.1 as written, so nothing is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson

from jirga.errors import Invalid, Problem
from jirga.model.ids import ID_RE
from jirga.model.validate import validate_object

MAX_PROBLEMS_SHOWN = 20


@dataclass
class Content:
    """Objects read from one source, ready to store, and what was done to them on the way."""

    source: str
    objects: list[dict[str, Any]]
    upgraded_from: str | None = None
    notes: list[str] = field(default_factory=list)


def loads(data: bytes | str, source: str) -> Any:
    """Parse JSON, naming the file and position of a syntax error."""
    if isinstance(data, bytes) and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data or not data.strip():
        raise Invalid(f"{source}: the file is empty; expected a STIX bundle")
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise Invalid(f"{source}: not valid JSON ({_where(exc)}); is the file complete?") from exc


def _where(exc: orjson.JSONDecodeError) -> str:
    return f"line {exc.lineno} column {exc.colno}: {exc.msg}"


def read_content(data: bytes | str, source: str = "<input>") -> Content:
    """Objects from a bundle, a list or a single object; refuses the whole input on any problem."""
    document = loads(data, source)
    content = _unwrap(document, source)
    problems: list[Problem] = []
    for index, obj in enumerate(content.objects):
        problems.extend(validate_object(obj, index))
    problems.extend(_conflicting_duplicates(content.objects))
    if problems:
        raise invalid(source, problems)
    return content


def invalid(source: str, problems: list[Problem]) -> Invalid:
    shown = [Problem(p.message, source, p.object_id, p.property, p.index) for p in problems]
    lines = "\n".join(f"  {p}" for p in shown[:MAX_PROBLEMS_SHOWN])
    more = len(shown) - MAX_PROBLEMS_SHOWN
    extra = f"\n  … and {more} more" if more > 0 else ""
    noun = "problem" if len(shown) == 1 else "problems"
    return Invalid(f"{source}: refused, nothing stored ({len(shown)} {noun}):\n{lines}{extra}",
                   shown)


def _unwrap(document: Any, source: str) -> Content:
    if isinstance(document, list):
        return Content(source, document)
    if not isinstance(document, dict):
        raise Invalid(f"{source}: expected a STIX bundle, a list of objects or one object, "
                      f"not a JSON {type(document).__name__}")
    if "$schema" in document or ("allOf" in document and "type" not in document):
        raise Invalid(f"{source}: this is a JSON Schema document, not STIX content; "
                      "nothing to import")
    if document.get("type") == "bundle":
        return _bundle(document, source)
    if "type" in document and "id" in document:
        return Content(source, [document])
    raise Invalid(f"{source}: expected a STIX bundle (\"type\": \"bundle\") or a STIX object; "
                  "this JSON object has no 'type' and 'id'")


def _bundle(bundle: dict[str, Any], source: str) -> Content:
    bid = bundle.get("id")
    if not isinstance(bid, str) or not ID_RE.match(bid) or not bid.startswith("bundle--"):
        raise Invalid(f"{source}: the bundle's 'id' must be 'bundle--' followed by a UUID")
    objects = bundle.get("objects", [])
    if not isinstance(objects, list):
        raise Invalid(f"{source}: the bundle's 'objects' must be a list")
    version = bundle.get("spec_version")
    if version == "2.0":
        return upgrade_20(objects, source)
    if version is not None:
        raise Invalid(f"{source}: a STIX 2.1 bundle has no 'spec_version' (found {version!r}); "
                      "STIX 2.0 bundles say '2.0' and are upgraded")
    return Content(source, objects)


def upgrade_20(objects: list[Any], source: str) -> Content:
    """STIX 2.0 objects as STIX 2.1 (STIX 2.1 §1.6); refuses objects that already claim 2.1."""
    upgraded: list[Any] = []
    families = 0
    for index, obj in enumerate(objects):
        if not isinstance(obj, dict):
            upgraded.append(obj)
            continue
        if obj.get("spec_version") not in (None, "2.0"):
            raise Invalid(f"{source}: object #{index + 1} ({obj.get('id')}) says spec_version "
                          f"{obj.get('spec_version')!r} inside a STIX 2.0 bundle")
        new = {"type": obj.get("type"), "spec_version": "2.1"}
        new.update({k: v for k, v in obj.items() if k not in ("type", "spec_version")})
        if new["type"] == "indicator" and "pattern_type" not in new:
            new["pattern_type"] = "stix"
        if new["type"] == "malware" and "is_family" not in new:
            new["is_family"] = True
            families += 1
        upgraded.append(new)
    notes = [f"upgraded {len(upgraded)} objects from STIX 2.0 to 2.1"]
    if families:
        notes.append(f"{families} STIX 2.0 malware objects marked is_family: true")
    return Content(source, upgraded, upgraded_from="2.0", notes=notes)


def _conflicting_duplicates(objects: list[Any]) -> list[Problem]:
    """Two different objects under one id and version: STIX forbids it, the input is refused."""
    first: dict[tuple[str, str], dict[str, Any]] = {}
    problems = []
    for obj in objects:
        if not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
            continue
        key = (obj["id"], str(obj.get("modified") or obj.get("created") or ""))
        seen = first.setdefault(key, obj)
        if seen is not obj and seen != obj:
            problems.append(Problem(f"appears twice with version {key[1] or '(none)'} and "
                                    "different content", object_id=obj["id"], property="modified"))
    return problems


def bundle_of(objects: list[dict[str, Any]]) -> dict[str, Any]:
    from jirga.model.ids import new_id

    return {"type": "bundle", "id": new_id("bundle"), "objects": objects}
