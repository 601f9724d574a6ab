"""Analyst edits to a candidate before it is accepted (`--set field=value`), validated.

Each edit changes the candidate's values as `Candidate.as_json` holds them, so what is
accepted is what `jirga review show` displayed, with the analyst's changes and nothing else.
Place edits go through the gazetteer (any spelling it knows, ISO codes for provinces); group
edits through the alias dictionary; vocabularies are checked.
"""

from __future__ import annotations

import re
from typing import Any

from jirga.errors import Invalid
from jirga.extract.gazetteer import COUNTRY_NAMES, Place, gazetteer, province
from jirga.extract.groups import canonical
from jirga.extract.text import fold, tokens
from jirga.model.vocab import ATTACK_TYPES, DATE_PRECISION, PERPETRATOR_BASIS, TARGET_TYPES

FIELDS = ("date", "date_precision", "country", "admin1", "district", "place", "latitude",
          "longitude", "perpetrator", "perpetrator_basis", "killed", "injured",
          "perpetrators_killed", "attack_type", "target_type", "target_types", "name",
          "description", "cross_border")
EMPTY = {"", "none", "null", "-", "unknown"}


def parse_assignments(items: list[str]) -> dict[str, str]:
    """`field=value` strings into a dict, refusing unknown fields with the list of known ones."""
    out: dict[str, str] = {}
    for item in items:
        if "=" not in item:
            raise Invalid(f"--set '{item}' is not field=value (e.g. --set killed=6)")
        name, value = item.split("=", 1)
        name = name.strip().replace("-", "_")
        if name not in FIELDS:
            raise Invalid(f"--set: unknown field '{name}'; fields: {', '.join(FIELDS)}")
        out[name] = value.strip()
    return out


def apply(data: dict[str, Any], changes: dict[str, str]) -> dict[str, Any]:
    """A copy of candidate `data` with `changes` applied (places first, so a later `place=`
    narrows an `admin1=` given in the same command)."""
    out = {**data, "tolls": dict(data.get("tolls") or {}),
           "perpetrators": [dict(p) for p in data.get("perpetrators") or []],
           "target_types": list(data.get("target_types") or [])}
    order = sorted(changes, key=lambda k: FIELDS.index(k))
    for name in order:
        HANDLERS[name](out, changes[name])
    return out


def _date(out: dict[str, Any], value: str) -> None:
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        raise Invalid(f"--set date='{value}': write YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = m.group(1), m.group(2), m.group(3)
    from datetime import date

    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise Invalid(f"--set date='{value}': {exc}") from exc
    out["date"] = f"{year}-{month or '01'}-{day or '01'}"
    out["date_precision"] = "day" if day else ("month" if month else "year")


def _precision(out: dict[str, Any], value: str) -> None:
    if value not in DATE_PRECISION:
        raise Invalid(f"--set date_precision='{value}': one of {', '.join(DATE_PRECISION)}")
    out["date_precision"] = value


def _country(out: dict[str, Any], value: str) -> None:
    by_name = {v.lower(): k for k, v in COUNTRY_NAMES.items()}
    code = value.upper() if value.upper() in COUNTRY_NAMES else by_name.get(value.lower())
    if code is None:
        raise Invalid(f"--set country='{value}': PK (Pakistan) or AF (Afghanistan)")
    if out.get("country_code") != code:
        for key in ("admin1", "admin1_code", "district", "place", "latitude", "longitude"):
            out[key] = None
    out["country_code"], out["country"] = code, COUNTRY_NAMES[code]


def _admin1(out: dict[str, Any], value: str) -> None:
    found = province(value)
    if found is None:
        raise Invalid(f"--set admin1='{value}': not a province of Pakistan or Afghanistan; use "
                      "its name or ISO 3166-2 code (PK-KP, AF-NAN)")
    if out.get("admin1_code") != found.admin1:
        out["district"] = out["place"] = None
    _fill(out, found)


def _district(out: dict[str, Any], value: str) -> None:
    if value.lower() in EMPTY:
        out["district"] = None
        return
    found = _lookup(value, "district", out.get("admin1_code"))
    if found is None:
        out["district"] = value
        return
    _fill(out, found)


def _place(out: dict[str, Any], value: str) -> None:
    if value.lower() in EMPTY:
        out["place"] = None
        return
    found = _lookup(value, "place", out.get("admin1_code"))
    if found is None:
        out["place"] = value
        return
    _fill(out, found)


def _lookup(value: str, kind: str, admin1: str | None) -> Place | None:
    text = fold(value)
    mentions = gazetteer().find(tokens(text), text)
    candidates = [c for m in mentions for c in m.candidates if c.kind == kind]
    if admin1:
        candidates.sort(key=lambda c: c.admin1 != admin1)
    return candidates[0] if candidates else None


def _fill(out: dict[str, Any], place: Place) -> None:
    out["country_code"], out["country"] = place.country, place.country_name
    out["admin1_code"], out["admin1"] = place.admin1, place.admin1_name
    if place.kind in ("district", "place"):
        out["district"] = place.district
    if place.kind == "place":
        out["place"] = place.name
    if place.latitude is not None:
        out["latitude"], out["longitude"] = place.latitude, place.longitude


def _coordinate(name: str, bound: float):  # type: ignore[no-untyped-def]
    def handler(out: dict[str, Any], value: str) -> None:
        try:
            number = float(value)
        except ValueError as exc:
            raise Invalid(f"--set {name}='{value}': not a number") from exc
        if not -bound <= number <= bound:
            raise Invalid(f"--set {name}='{value}': must lie between -{bound:g} and {bound:g}")
        out[name] = number
    return handler


def _perpetrator(out: dict[str, Any], value: str) -> None:
    if value.lower() in EMPTY:
        out["perpetrators"] = []
        return
    known = canonical(value)
    name = known.name if known else value
    basis = out["perpetrators"][0]["basis"] if out["perpetrators"] else "attributed"
    rest = [p for p in out["perpetrators"][1:] if p["name"] != name]
    out["perpetrators"] = [{"name": name, "basis": basis}, *rest]


def _basis(out: dict[str, Any], value: str) -> None:
    if value not in PERPETRATOR_BASIS:
        raise Invalid(f"--set perpetrator_basis='{value}': one of {', '.join(PERPETRATOR_BASIS)}")
    if not out["perpetrators"]:
        raise Invalid("--set perpetrator_basis needs a perpetrator; add --set perpetrator=NAME")
    out["perpetrators"][0]["basis"] = value


def _toll(name: str):  # type: ignore[no-untyped-def]
    def handler(out: dict[str, Any], value: str) -> None:
        if value.lower() in EMPTY:
            out["tolls"].pop(name, None)
            out[name] = None
            return
        parts = [p for p in re.split(r"[/:]|\.\.", value) if p != ""]
        if not all(p.strip().isdigit() for p in parts) or not 1 <= len(parts) <= 3:
            raise Invalid(f"--set {name}='{value}': a count (6), low..high (5..8) or "
                          "low/best/high (5/6/8)")
        numbers = [int(p) for p in parts]
        low, best, high = (numbers * 3)[:3] if len(numbers) == 1 else (
            (numbers[0], numbers[0], numbers[1]) if len(numbers) == 2 else numbers)
        if not low <= best <= high:
            raise Invalid(f"--set {name}='{value}': low <= best <= high")
        out["tolls"][name] = {"low": low, "best": best, "high": high}
        out[name] = best
    return handler


def _attack_type(out: dict[str, Any], value: str) -> None:
    key = _vocab(value, ATTACK_TYPES, "attack_type")
    out["attack_type"] = key


def _targets(out: dict[str, Any], value: str) -> None:
    keys = [_vocab(v.strip(), TARGET_TYPES, "target_type") for v in value.split(",") if v.strip()]
    out["target_types"] = keys
    out["target_type"] = keys[0] if keys else None


def _vocab(value: str, vocab: dict[str, str], field: str) -> str:
    lowered = value.lower()
    for key, label in vocab.items():
        if lowered in (key, label.lower()):
            return key
    raise Invalid(f"--set {field}='{value}': one of {', '.join(vocab)}")


def _text(name: str):  # type: ignore[no-untyped-def]
    def handler(out: dict[str, Any], value: str) -> None:
        if not value:
            raise Invalid(f"--set {name}= needs some text")
        out[name] = value
    return handler


def _cross_border(out: dict[str, Any], value: str) -> None:
    lowered = value.lower()
    if lowered not in {"true", "false", "yes", "no"}:
        raise Invalid(f"--set cross_border='{value}': true or false")
    out["cross_border"] = lowered in {"true", "yes"}


HANDLERS = {
    "date": _date, "date_precision": _precision, "country": _country, "admin1": _admin1,
    "district": _district, "place": _place, "latitude": _coordinate("latitude", 90),
    "longitude": _coordinate("longitude", 180), "perpetrator": _perpetrator,
    "perpetrator_basis": _basis, "killed": _toll("killed"), "injured": _toll("injured"),
    "perpetrators_killed": _toll("perpetrators_killed"), "attack_type": _attack_type,
    "target_type": _targets, "target_types": _targets, "name": _text("name"),
    "description": _text("description"), "cross_border": _cross_border,
}
