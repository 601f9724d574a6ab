"""TLP 2.0 marking definitions with their OASIS identifiers, and TLP 1.0 mapped onto them.

The ids come from the OASIS TLP 2.0 extension examples (cti-stix-common-objects); TLP 1.0 ids are
the ones STIX 2.1 §7.2.1.4 predefines. Levels are ordered from most to least shareable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

TLP2_EXTENSION_ID = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
TLP2_CREATED = "2022-10-01T00:00:00.000Z"

LEVELS: tuple[str, ...] = ("clear", "green", "amber", "amber+strict", "red")

TLP2_IDS: dict[str, str] = {
    "clear": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    "green": "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    "amber": "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    "amber+strict": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    "red": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}

TLP1_IDS: dict[str, str] = {
    "white": "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
    "green": "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
    "amber": "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
    "red": "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
}

_TLP1_TO_2 = {"white": "clear", "green": "green", "amber": "amber", "red": "red"}

LEVEL_OF_MARKING: dict[str, str] = {
    **{mid: level for level, mid in TLP2_IDS.items()},
    **{mid: _TLP1_TO_2[name] for name, mid in TLP1_IDS.items()},
}

_RANK = {level: rank for rank, level in enumerate(LEVELS)}

_ALIASES = {"white": "clear", "amber-strict": "amber+strict", "amber_strict": "amber+strict",
            "strict": "amber+strict"}


def parse_level(text: str) -> str:
    """'TLP:AMBER+STRICT', 'amber+strict', 'white' → a TLP 2.0 level name."""
    raw = text.strip().lower().removeprefix("tlp:").removeprefix("tlp ")
    level = _ALIASES.get(raw, raw)
    if level not in _RANK:
        raise ValueError(f"'{text}' is not a TLP level; use one of {', '.join(LEVELS)}")
    return level


def rank(level: str) -> int:
    return _RANK[level]


def strictest(levels: Iterable[str]) -> str | None:
    found = [lvl for lvl in levels if lvl in _RANK]
    return max(found, key=_RANK.__getitem__) if found else None


def level_of(obj: Mapping[str, Any]) -> str | None:
    """The TLP level an object's `object_marking_refs` give it (the strictest), or None."""
    refs = obj.get("object_marking_refs")
    if not refs:
        return None
    if len(refs) == 1 and refs.__class__ is list and refs[0].__class__ is str:
        return LEVEL_OF_MARKING.get(refs[0])  # the usual single marking, without the ranking
    return strictest(LEVEL_OF_MARKING.get(ref, "") for ref in refs if isinstance(ref, str))


def marking_id(level: str) -> str:
    return TLP2_IDS[parse_level(level)]


def marking_definition(level: str) -> dict[str, Any]:
    """The OASIS TLP 2.0 marking-definition object for a level, exactly as published."""
    name = parse_level(level)
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": TLP2_IDS[name],
        "created": TLP2_CREATED,
        "name": f"TLP:{name.upper()}",
        "extensions": {
            TLP2_EXTENSION_ID: {"extension_type": "property-extension", "tlp_2_0": name},
        },
    }


def all_marking_definitions() -> list[dict[str, Any]]:
    return [marking_definition(level) for level in LEVELS]
