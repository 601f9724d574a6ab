"""Validation of STIX 2.1 objects on write.

Why not `stix2-validator` or `stix2.parse`: both build Python objects and run hundreds of checks
per object, about 1,000 objects/s here, and the store must take ≥ 10,000 objects/s with full
validation. This module checks what STIX 2.1 requires of every object (common properties,
identifiers, timestamps, references, markings, extensions, property names) and the required
properties of each type as the OASIS JSON schemas state them; `tests/model/test_validate.py`
checks the table below against those schemas and the verdicts against `jsonschema` on real
content. Custom types and properties are accepted as STIX 2.1 §11 allows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from jirga.errors import Problem
from jirga.model import extensions
from jirga.model.ids import ID_RE, TYPE_RE
from jirga.model.timestamps import TIMESTAMP_RE

PROPERTY_NAME_RE = re.compile(r"^[a-z0-9_]{3,250}$")
EXT_KEY_RE = re.compile(
    r"^extension-definition--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}"
    r"-[0-9a-fA-F]{12}$"
)
PREDEFINED_EXT_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*-ext$")

SRO_TYPES = frozenset({"relationship", "sighting"})
SMO_TYPES = frozenset({"marking-definition", "language-content", "extension-definition"})
SCO_TYPES = frozenset({
    "artifact", "autonomous-system", "directory", "domain-name", "email-addr", "email-message",
    "file", "ipv4-addr", "ipv6-addr", "mac-addr", "mutex", "network-traffic", "process",
    "software", "url", "user-account", "windows-registry-key", "x509-certificate",
})
SDO_TYPES = frozenset({
    "attack-pattern", "campaign", "course-of-action", "grouping", "identity", "incident",
    "indicator", "infrastructure", "intrusion-set", "location", "malware", "malware-analysis",
    "note", "observed-data", "opinion", "report", "threat-actor", "tool", "vulnerability",
})

# Required properties beyond the common ones, from the OASIS schemas (sdos/, sros/, observables/).
REQUIRED: dict[str, tuple[str, ...]] = {
    "attack-pattern": ("name",),
    "campaign": ("name",),
    "course-of-action": ("name",),
    "grouping": ("context", "object_refs"),
    "identity": ("name",),
    "incident": ("name",),
    "indicator": ("pattern", "pattern_type", "valid_from"),
    "infrastructure": ("name",),
    "intrusion-set": ("name",),
    "malware": ("is_family",),
    "malware-analysis": ("product",),
    "note": ("content", "object_refs"),
    "observed-data": ("first_observed", "last_observed", "number_observed"),
    "opinion": ("object_refs", "opinion"),
    "report": ("name", "object_refs", "published"),
    "threat-actor": ("name",),
    "tool": ("name",),
    "vulnerability": ("name",),
    "relationship": ("relationship_type", "source_ref", "target_ref"),
    "sighting": ("sighting_of_ref",),
    "language-content": ("object_ref", "contents"),
    "extension-definition": ("created_by_ref", "name", "schema", "version", "extension_types"),
    "autonomous-system": ("number",),
    "directory": ("path",),
    "domain-name": ("value",),
    "email-addr": ("value",),
    "email-message": ("is_multipart",),
    "ipv4-addr": ("value",),
    "ipv6-addr": ("value",),
    "mac-addr": ("value",),
    "mutex": ("name",),
    "network-traffic": ("protocols",),
    "software": ("name",),
    "url": ("value",),
}

TIMESTAMP_PROPERTIES = frozenset({
    "created", "modified", "first_seen", "last_seen", "valid_from", "valid_until", "published",
    "first_observed", "last_observed", "start_time", "stop_time", "analysis_started",
    "analysis_ended", "submitted",
})

OPINION_VALUES = frozenset({"strongly-disagree", "disagree", "neutral", "agree", "strongly-agree"})
EXTENSION_TYPES = frozenset({"new-sdo", "new-sco", "new-sro", "property-extension",
                             "toplevel-property-extension"})

Check = Callable[[Mapping[str, Any], list[Problem], str], None]


def validate_object(obj: Any, index: int | None = None) -> list[Problem]:
    """Every problem with one object; an empty list means it may be stored."""
    if obj.__class__ is not dict:
        return [Problem(f"expected a JSON object, got {type(obj).__name__}", index=index)]
    oid = obj.get("id")
    if oid.__class__ is not str:
        oid = None
    stix_type = obj.get("type")
    plan = _PLANS.get(stix_type) if stix_type.__class__ is str else None
    if plan is None:
        if stix_type.__class__ is not str or not _valid_type(stix_type):
            return [Problem("'type' is missing or not a valid STIX type name", object_id=oid,
                            property="type", index=index)]
        if stix_type == "bundle":
            return [Problem("a bundle cannot be an object inside a bundle", object_id=oid,
                            property="type", index=index)]
        plan = _PLANS.setdefault(stix_type, _TypePlan.of(stix_type))
    if oid is None or not _id_matches(oid, stix_type):
        return [Problem(f"'id' must be '{stix_type}--' followed by a UUID", object_id=oid,
                        property="id", index=index)]
    problems: list[Problem] = []
    for name in plan.required:
        if name not in obj:
            problems.append(Problem("required property is missing", object_id=oid, property=name))
    if "spec_version" in obj and obj["spec_version"] != "2.1":
        problems.append(Problem(f"spec_version must be '2.1', not {obj['spec_version']!r}",
                                object_id=oid, property="spec_version"))
    _check_properties(obj, problems, oid)
    for check in plan.checks:
        check(obj, problems, oid)
    if problems and index is not None:
        problems = [Problem(p.message, p.file, p.object_id, p.property, index) for p in problems]
    return problems


@dataclass(frozen=True)
class _TypePlan:
    """What validating one type involves, worked out once per type name."""

    required: tuple[str, ...]
    checks: tuple[Check, ...]

    @classmethod
    def of(cls, stix_type: str) -> _TypePlan:
        kind = kind_of(stix_type)
        required: list[str] = []
        if kind in ("sdo", "sro", "jirga") or stix_type in ("language-content",
                                                             "extension-definition"):
            required += ["spec_version", "created", "modified"]
        elif stix_type == "marking-definition":
            required += ["spec_version", "created"]
        elif kind == "custom":
            required += ["spec_version"]
        required += REQUIRED.get(stix_type, ())
        checks = list(TYPE_CHECKS.get(stix_type, ()))
        if kind == "jirga":
            spec = extensions.NEW_SDO_TYPES[stix_type]
            required += [p for p in spec.required if p not in required]
            checks.append(_new_sdo_check(spec))
        return cls(tuple(dict.fromkeys(required)), tuple(checks))


_PLANS: dict[str, _TypePlan] = {}


def _valid_type(stix_type: str) -> bool:
    return 3 <= len(stix_type) <= 250 and TYPE_RE.match(stix_type) is not None


def _id_matches(oid: str, stix_type: str) -> bool:
    match = ID_RE.match(oid)
    return match is not None and match.group(1) == stix_type


def kind_of(stix_type: str) -> str:
    """sdo, sro, sco, smo, jirga (a jirga new SDO) or custom."""
    if stix_type in SDO_TYPES:
        return "sdo"
    if stix_type in SRO_TYPES:
        return "sro"
    if stix_type in SCO_TYPES:
        return "sco"
    if stix_type in SMO_TYPES:
        return "smo"
    if stix_type in extensions.NEW_SDO_TYPES:
        return "jirga"
    return "custom"


def _new_sdo_check(spec: extensions.ExtensionSpec) -> Check:
    def check(obj: Mapping[str, Any], problems: list[Problem], oid: str) -> None:
        exts = obj.get("extensions")
        ext = exts.get(spec.id) if isinstance(exts, dict) else None
        if not isinstance(ext, dict) or ext.get("extension_type") != "new-sdo":
            problems.append(Problem(f"a '{spec.sdo_type}' must name its definition {spec.id} in "
                                    "'extensions' with extension_type 'new-sdo'",
                                    object_id=oid, property="extensions"))
    return check


def _check_properties(obj: Mapping[str, Any], problems: list[Problem], oid: str) -> None:
    for name, value in obj.items():
        check = _CHECKERS.get(name)
        if check is None:
            check = _CHECKERS.setdefault(name, _checker_for(name))
        if check is _anything:  # most properties: skip the call
            continue
        message = check(value)
        if message:
            problems.append(Problem(message, object_id=oid, property=name))
    created, modified = obj.get("created"), obj.get("modified")
    if not isinstance(created, str) or not isinstance(modified, str) or modified == created:
        return
    if len(modified) == len(created) and modified > created:
        return  # two timestamps of one length have one layout: the later text is later
    if (TIMESTAMP_RE.match(created) and TIMESTAMP_RE.match(modified)
            and _ts_key(modified) < _ts_key(created)):
        problems.append(Problem(f"modified {modified} is earlier than created {created}",
                                object_id=oid, property="modified"))


def _checker_for(name: str) -> Callable[[Any], str | None]:
    """The check a property's value gets, decided once per property name (names repeat a lot)."""
    if not PROPERTY_NAME_RE.match(name) and name != "id":
        return _bad_name
    if name in COMMON_CHECKS:
        return COMMON_CHECKS[name]
    if name in TIMESTAMP_PROPERTIES:
        return _timestamp
    if name.startswith("x_"):
        return _anything  # custom properties: their producer defines them (STIX 2.1 §11.1)
    if name.endswith("_ref"):
        return _ref
    if name.endswith("_refs"):
        return _refs
    return _anything


_CHECKERS: dict[str, Callable[[Any], str | None]] = {}


def _bad_name(value: Any) -> str:
    return "property names must be 3-250 characters of a-z, 0-9 and _"


def _anything(value: Any) -> None:
    return None


_VALID_IDS: set[str] = set()  # identifiers matched lately: references repeat (creators, markings)
_VALID_IDS_MAX = 4096


def _is_id(value: Any) -> bool:
    if value.__class__ is not str:
        return isinstance(value, str) and ID_RE.match(value) is not None
    if value in _VALID_IDS:
        return True
    if ID_RE.match(value) is None:
        return False
    if len(_VALID_IDS) >= _VALID_IDS_MAX:
        _VALID_IDS.clear()
    _VALID_IDS.add(value)
    return True


def _ref(value: Any) -> str | None:
    if _is_id(value):
        return None
    return f"{_short(value)} is not a STIX identifier"


def _ts_key(ts: str) -> str:
    head, _, frac = ts[:-1].partition(".")
    return f"{head}.{(frac + '000000000')[:9]}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _refs(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return "must be a non-empty list of STIX identifiers"
    for item in value:
        if not _is_id(item):
            return f"{_short(item)} is not a STIX identifier"
    return None


def _string(value: Any) -> str | None:
    return None if isinstance(value, str) else f"must be a string, not {type(value).__name__}"


def _bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"must be true or false, not {_short(value)}"


def _confidence(value: Any) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100
    return None if ok else f"must be an integer from 0 to 100, not {_short(value)}"


def _string_list(value: Any) -> str | None:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        return "must be a non-empty list of strings"
    return None


def _timestamp(value: Any) -> str | None:
    if isinstance(value, str) and TIMESTAMP_RE.match(value):
        return None
    return f"{_short(value)} is not a STIX timestamp (2024-03-26T08:00:00.000Z)"


def _spec_version(value: Any) -> str | None:
    return None if isinstance(value, str) else "must be a string"


def _marking_refs(value: Any) -> str | None:
    message = _refs(value)
    if message:
        return message
    for item in value:
        if not item.startswith("marking-definition--"):
            return f"'{item}' is not a marking-definition identifier"
    return None


def _external_references(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return "must be a non-empty list of external references"
    for ref in value:
        if not isinstance(ref, dict) or not isinstance(ref.get("source_name"), str):
            return "every external reference needs a 'source_name' string"
        for key in ("url", "description", "external_id"):
            if key in ref and not isinstance(ref[key], str):
                return f"external reference '{key}' must be a string"
    return None


def _granular_markings(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return "must be a non-empty list of granular markings"
    for marking in value:
        if not isinstance(marking, dict) or _string_list(marking.get("selectors")):
            return "every granular marking needs a non-empty 'selectors' list"
        ref = marking.get("marking_ref")
        if ref is None and "lang" not in marking:
            return "every granular marking needs 'marking_ref' or 'lang'"
        if ref is not None and (not isinstance(ref, str) or not ref.startswith("marking-definition--")
                                or not ID_RE.match(ref)):
            return f"{_short(ref)} is not a marking-definition identifier"
    return None


def _extensions(value: Any) -> str | None:
    if not isinstance(value, dict) or not value:
        return "must be a non-empty dictionary of extensions"
    for key, ext in value.items():
        if EXT_KEY_RE.match(key):
            if not isinstance(ext, dict) or ext.get("extension_type") not in EXTENSION_TYPES:
                return (f"extension '{key}' needs 'extension_type', one of "
                        f"{', '.join(sorted(EXTENSION_TYPES))}")
            spec = extensions.BY_ID.get(key)
            if spec is not None and spec.extension_type == "property-extension":
                missing = [p for p in spec.required if p not in ext]
                if missing:
                    return f"extension '{spec.name}' is missing {', '.join(missing)}"
        elif PREDEFINED_EXT_RE.match(key):
            if not isinstance(ext, dict) or not ext:
                return f"extension '{key}' must be a non-empty dictionary"
        else:
            return f"'{key}' is neither an extension-definition id nor a predefined '-ext' name"
    return None


COMMON_CHECKS: dict[str, Callable[[Any], str | None]] = {
    "spec_version": _spec_version,
    "created": _timestamp,
    "modified": _timestamp,
    "revoked": _bool,
    "confidence": _confidence,
    "lang": _string,
    "labels": _string_list,
    "external_references": _external_references,
    "object_marking_refs": _marking_refs,
    "granular_markings": _granular_markings,
    "extensions": _extensions,
    "defanged": _bool,
}


def _check_location(obj: Mapping[str, Any], problems: list[Problem], oid: str) -> None:
    if not any(k in obj for k in ("region", "country", "latitude")):
        problems.append(Problem("a location needs region, country, or latitude and longitude",
                                object_id=oid, property="region"))
    if ("latitude" in obj) != ("longitude" in obj):
        problems.append(Problem("latitude and longitude go together", object_id=oid,
                                property="latitude" if "latitude" in obj else "longitude"))
    for name, bound in (("latitude", 90), ("longitude", 180)):
        value = obj.get(name)
        if value is not None and (not isinstance(value, int | float) or isinstance(value, bool)
                                  or not -bound <= value <= bound):
            problems.append(Problem(f"must be a number from -{bound} to {bound}",
                                    object_id=oid, property=name))
    if "precision" in obj and "latitude" not in obj:
        problems.append(Problem("precision needs latitude and longitude", object_id=oid,
                                property="precision"))


def _check_opinion(obj: Mapping[str, Any], problems: list[Problem], oid: str) -> None:
    if "opinion" in obj and obj["opinion"] not in OPINION_VALUES:
        problems.append(Problem(f"must be one of {', '.join(sorted(OPINION_VALUES))}",
                                object_id=oid, property="opinion"))


def _check_malware(obj: Mapping[str, Any], problems: list[Problem], oid: str) -> None:
    if "is_family" in obj and not isinstance(obj["is_family"], bool):
        problems.append(Problem("must be true or false", object_id=oid, property="is_family"))
    if obj.get("is_family") is True and "name" not in obj:
        problems.append(Problem("a malware family needs a name", object_id=oid, property="name"))


def _check_marking_definition(obj: Mapping[str, Any], problems: list[Problem], oid: str) -> None:
    has_definition = "definition_type" in obj or "definition" in obj
    if has_definition:
        if not isinstance(obj.get("definition_type"), str) or not isinstance(obj.get("definition"), dict):
            problems.append(Problem("needs both 'definition_type' (a string) and 'definition' "
                                    "(an object)", object_id=oid, property="definition"))
    elif "extensions" not in obj:
        problems.append(Problem("needs 'definition_type' and 'definition', or an extension",
                                object_id=oid, property="definition"))


def _check_observed_data(obj: Mapping[str, Any], problems: list[Problem], oid: str) -> None:
    if "objects" not in obj and "object_refs" not in obj:
        problems.append(Problem("needs 'object_refs' (or the deprecated 'objects')",
                                object_id=oid, property="object_refs"))
    number = obj.get("number_observed")
    if number is not None and (not isinstance(number, int) or isinstance(number, bool)
                               or not 1 <= number <= 999_999_999):
        problems.append(Problem("must be an integer from 1 to 999,999,999", object_id=oid,
                                property="number_observed"))


def _check_extension_definition(obj: Mapping[str, Any], problems: list[Problem], oid: str) -> None:
    types = obj.get("extension_types")
    if types is not None and (not isinstance(types, list) or not types
                              or any(t not in EXTENSION_TYPES for t in types)):
        problems.append(Problem(f"must be a non-empty list of {', '.join(sorted(EXTENSION_TYPES))}",
                                object_id=oid, property="extension_types"))


TYPE_CHECKS: dict[str, tuple[Check, ...]] = {
    "location": (_check_location,),
    "opinion": (_check_opinion,),
    "malware": (_check_malware,),
    "marking-definition": (_check_marking_definition,),
    "observed-data": (_check_observed_data,),
    "extension-definition": (_check_extension_definition,),
}
