"""What people type to choose incidents (`--where province=Balochistan`, `--from 2024-03`) →
an `IncidentFilter`, with names resolved: countries to ISO codes, provinces to ISO 3166-2
codes, group aliases to the group's name, vocabulary labels to keys, party codes to ids.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache

import pycountry

from jirga.errors import Invalid
from jirga.incidents.groups import GroupResolver
from jirga.incidents.places import PROVINCE_ALIASES, SUFFIXES, country_code, fold
from jirga.incidents.records import RowError
from jirga.incidents.values import parse_bool, parse_count, parse_date, vocabulary
from jirga.store import ObjectFilter, Store, Visibility
from jirga.store.incidents import ESTIMATES, IncidentFilter

FIELDS: dict[str, str] = {
    "country": "country name or ISO code",
    "province": "province name or ISO 3166-2 code (PK-BA)",
    "district": "district",
    "place": "city, town or village (or district)",
    "perpetrator": "group name or alias (TTP); matches any group an incident names",
    "attack-type": "jirga attack type",
    "target-type": "jirga target type; matches any target an incident names",
    "min-killed": "at least this many killed (in the chosen estimate)",
    "cross-border": "yes: a cross-border nexus is recorded; no: none recorded",
    "party": "party code (PK-MOI) or identity id that shared or created the incident",
    "status": "review status: candidate, accepted, rejected, or any",
    "dataset": "dataset an incident was imported from (acled, gtd, ucdp, …)",
    "precision": "date precision: day, month or year",
}
ALIASES = {"group": "perpetrator", "admin1": "province", "city": "place", "attack_type":
           "attack-type", "target_type": "target-type", "min_killed": "min-killed",
           "cross_border": "cross-border", "source-party": "party", "review-status": "status",
           "review_status": "status"}


def parse_where(items: Iterable[str]) -> dict[str, list[str]]:
    """`FIELD=VALUE` strings → values per field (a field given twice matches either value)."""
    out: dict[str, list[str]] = {}
    for item in items:
        name, sep, value = item.partition("=")
        field = ALIASES.get(name.strip().lower(), name.strip().lower())
        if not sep or not value.strip():
            raise Invalid(f"--where '{item}' is not FIELD=VALUE (e.g. province=Balochistan)")
        if field not in FIELDS:
            raise Invalid(f"--where field '{name.strip()}' is not known; use one of "
                          f"{', '.join(FIELDS)}")
        out.setdefault(field, []).append(value.strip())
    return out


def period_start(text: str, option: str) -> str:
    """The first day a date, month or year names: --from 2024-03 → 2024-03-01."""
    return _date(text, option)[0]


def period_end(text: str, option: str) -> str:
    """The last day a date, month or year names: --to 2024-03 → 2024-03-31."""
    start, precision = _date(text, option)
    year, month, _ = (int(p) for p in start.split("-"))
    if precision == "year":
        return f"{year}-12-31"
    if precision == "month":
        return f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
    return start


def _date(text: str, option: str) -> tuple[str, str]:
    try:
        return parse_date(text, option)
    except RowError as exc:
        raise Invalid(str(exc)) from exc


class FilterBuilder:
    """Builds filters against one store (for group aliases and party codes)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._groups: GroupResolver | None = None

    @property
    def groups(self) -> GroupResolver:
        if self._groups is None:
            self._groups = GroupResolver.of(self.store)
        return self._groups

    def build(self, where: Mapping[str, Sequence[str]], *, date_from: str | None = None,
              date_to: str | None = None, estimate: str = "best",
              default_status: Sequence[str] = ()) -> IncidentFilter:
        if estimate not in ESTIMATES:
            raise Invalid(f"--estimate '{estimate}' is not one of {', '.join(ESTIMATES)}")
        flt = IncidentFilter(
            date_from=period_start(date_from, "--from") if date_from else None,
            date_to=period_end(date_to, "--to") if date_to else None,
            estimate=estimate, statuses=tuple(default_status))
        for field, values in where.items():
            flt = replace(flt, **self._condition(field, values))
        if flt.date_from and flt.date_to and flt.date_from > flt.date_to:
            raise Invalid(f"--from {flt.date_from} is after --to {flt.date_to}")
        return flt

    def _condition(self, field: str, values: Sequence[str]) -> dict[str, object]:
        method = getattr(self, "_" + field.replace("-", "_"))
        try:
            return method(values)
        except RowError as exc:
            raise Invalid(str(exc)) from exc

    def _country(self, values: Sequence[str]) -> dict[str, object]:
        codes = []
        for value in values:
            code = country_code(value)
            if code is None:
                raise Invalid(f"country '{value}' is not a country name or ISO code")
            codes.append(code)
        return {"countries": tuple(codes)}

    def _province(self, values: Sequence[str]) -> dict[str, object]:
        keys: list[str] = []
        for value in values:
            keys += [*province_codes(value), fold(value), value.strip().casefold()]
        return {"provinces": tuple(dict.fromkeys(keys))}

    def _district(self, values: Sequence[str]) -> dict[str, object]:
        return {"districts": tuple(v.strip().casefold() for v in values)}

    def _place(self, values: Sequence[str]) -> dict[str, object]:
        return {"places": tuple(v.strip().casefold() for v in values)}

    def _perpetrator(self, values: Sequence[str]) -> dict[str, object]:
        names = []
        for value in values:
            names.append(value.strip().casefold())
            canonical = self.groups.canonical(value)
            if canonical:
                names.append(canonical.casefold())
        return {"perpetrators": tuple(dict.fromkeys(names))}

    def _attack_type(self, values: Sequence[str]) -> dict[str, object]:
        return {"attack_types": tuple(vocabulary(v, "attack-type", "attack type") for v in values)}

    def _target_type(self, values: Sequence[str]) -> dict[str, object]:
        return {"target_types": tuple(vocabulary(v, "target-type", "target type") for v in values)}

    def _min_killed(self, values: Sequence[str]) -> dict[str, object]:
        return {"min_killed": max(parse_count(v, "min-killed") or 0 for v in values)}

    def _cross_border(self, values: Sequence[str]) -> dict[str, object]:
        flags = {parse_bool(v, "cross-border") for v in values}
        if None in flags or len(flags) > 1:
            raise Invalid(f"cross-border '{', '.join(values)}' must be one of yes or no")
        return {"cross_border": flags.pop()}

    def _party(self, values: Sequence[str]) -> dict[str, object]:
        codes = self._party_codes()
        return {"parties": tuple(dict.fromkeys(
            x for v in values for x in (v.strip(), codes.get(v.strip().upper(), v.strip()))))}

    def _party_codes(self) -> dict[str, str]:
        out = {}
        for item in self.store.iter_current(ObjectFilter(types=("identity",)),
                                            visibility=Visibility.everything()):
            code = item.object().get("x_jirga_party_code")
            if isinstance(code, str):
                out[code.upper()] = item.id
        return out

    def _status(self, values: Sequence[str]) -> dict[str, object]:
        if any(v.strip().lower() in ("any", "all") for v in values):
            return {"statuses": ()}
        return {"statuses": tuple(vocabulary(v, "status", "review status") for v in values)}

    def _dataset(self, values: Sequence[str]) -> dict[str, object]:
        return {"datasets": tuple(v.strip().lower() for v in values)}

    def _precision(self, values: Sequence[str]) -> dict[str, object]:
        bad = [v for v in values if v not in ("day", "month", "year")]
        if bad:
            raise Invalid(f"precision '{bad[0]}' is not day, month or year")
        return {"precisions": tuple(values)}


@lru_cache(maxsize=1)
def _province_index() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for sub in pycountry.subdivisions:
        if not getattr(sub, "parent_code", None):
            for key in (fold(sub.name), fold(sub.code)):
                index.setdefault(key, []).append(sub.code)
    return {k: tuple(v) for k, v in index.items()}


def province_codes(value: str) -> tuple[str, ...]:
    """ISO 3166-2 codes a province name or code may mean (Punjab: PK-PB and IN-PB)."""
    folded = SUFFIXES.sub("", fold(value))
    found = list(_province_index().get(folded, ()))
    found += [code for aliases in PROVINCE_ALIASES.values() for alias, code in aliases.items()
              if alias == folded]
    return tuple(dict.fromkeys(found))
