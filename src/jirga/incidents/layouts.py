"""The column layouts jirga reads: ACLED, GTD (codebook columns), UCDP GED and a generic CSV.

A layout names the columns it needs and turns one row into an `IncidentRecord`, or into the
reason it skips the row (an ACLED protest is not an attack). Categories go through the tables
in `crosswalk.py`; places through `places.py`; group names through a `GroupResolver`.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from functools import lru_cache
from typing import ClassVar

from jirga.errors import Invalid
from jirga.incidents import crosswalk as cw
from jirga.incidents.groups import GroupResolver
from jirga.incidents.places import country_code, fold, province
from jirga.incidents.records import IncidentRecord, Publisher, RowError
from jirga.incidents.values import (
    blank,
    date_from_parts,
    parse_bool,
    parse_count,
    parse_date,
    parse_float,
    parse_toll,
    vocabulary,
)

Row = Mapping[str, str]
Outcome = IncidentRecord | str  # a record, or why the row is skipped

PRECISIONS = ("day", "month", "year")
PLACE_SUFFIX = re.compile(r"\s+(town|city|village|district|province|agency|tehsil)$", re.I)


def cell(row: Row, column: str) -> str:
    value = row.get(column)
    return value.strip() if value else ""


def _country(text: str, column: str) -> str:
    code = country_code(text)
    if code is None:
        raise RowError(f"{column} '{text}' is not a country name or ISO code")
    return code


@lru_cache(maxsize=65536)
def _bare(name: str) -> str | None:
    """A place name without "town", "district", "province" after it (UCDP writes them)."""
    return PLACE_SUFFIX.sub("", name) or None


def _place(record: IncidentRecord, admin1: str, district: str, place: str) -> None:
    if admin1:
        record.admin1, record.admin1_name = province(record.country, _bare(admin1) or admin1)
    record.district = _bare(district)
    record.place = _bare(place)


class Layout(ABC):
    """A dataset's columns and how a row becomes an incident."""

    key: ClassVar[str] = ""
    label: ClassVar[str] = ""
    publisher: Publisher
    required: tuple[str, ...] = ()

    def __init__(self, groups: GroupResolver) -> None:
        self.groups = groups

    @abstractmethod
    def convert(self, row: Row) -> Outcome:
        """The row as a record, or why it is skipped; RowError for a bad value."""

    def group(self, raw: str, country: str) -> str | None:
        return self.groups.canonical(raw, country) if raw else None

    def check_header(self, header: list[str], source: str) -> None:
        """Invalid, naming every missing column, unless the header has all the layout needs."""
        missing = [c for c in self.required if c not in header]
        if missing:
            raise Invalid(f"{source}: line 1: missing column{'s' if len(missing) > 1 else ''} "
                          f"{', '.join(missing)}; the {self.label} layout needs "
                          f"{', '.join(self.required)}; nothing was imported")


class AcledLayout(Layout):
    """ACLED's export: one row per event; only political violence by non-state actors."""

    key = "acled"
    label = "ACLED CSV export"
    publisher = Publisher("acled", "Armed Conflict Location & Event Data (ACLED)",
                          "https://acleddata.com")
    required = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1",
                "country", "admin1", "location", "latitude", "longitude", "fatalities")

    def convert(self, row: Row) -> Outcome:
        event = cw.key(cell(row, "event_type"))
        if event not in cw.ACLED_VIOLENT_EVENTS:
            return f"event type '{cell(row, 'event_type')}' is not political violence"
        occurred, precision = parse_date(cell(row, "event_date"), "event_date")
        precision = cw.ACLED_PRECISION.get(cell(row, "time_precision"), precision)
        iso = cell(row, "iso")
        country = _country(iso if iso and iso.isdigit() else cell(row, "country"), "country")
        actor, other = self._sides(row, event)
        if actor is None:
            return "no non-state actor: a state action or security operation"
        record = IncidentRecord(cell(row, "event_id_cnty"), occurred, precision, country)
        _place(record, cell(row, "admin1"), cell(row, "admin2"), cell(row, "location"))
        record.latitude = parse_float(cell(row, "latitude"), "latitude", 90)
        record.longitude = parse_float(cell(row, "longitude"), "longitude", 180)
        name = self.group(row.get(actor, ""), country)
        record.perpetrators = [(name, "attributed")] if name else []
        fatalities = parse_count(cell(row, "fatalities"), "fatalities")
        record.killed = None if fatalities is None else (fatalities,) * 3
        record.attack_type = cw.ACLED_ATTACK.get(cw.key(cell(row, "sub_event_type")), "other")
        record.target_types = self._targets(row, other)
        record.description = cell(row, "notes") or None
        return record

    @staticmethod
    def _is_state(row: Row, side: str) -> bool:
        return cw.key(cell(row, f"inter{side}")) in cw.ACLED_STATE_ACTORS

    def _sides(self, row: Row, event: str) -> tuple[str | None, str]:
        """(column of the perpetrator, number of the other side)."""
        if not self._is_state(row, "1"):
            return "actor1", "2"
        if event == "battles" and cell(row, "actor2") and not self._is_state(row, "2"):
            return "actor2", "1"
        return None, "2"

    @staticmethod
    def _targets(row: Row, side: str) -> list[str]:
        if cw.key(cell(row, "civilian_targeting")) == "civilian targeting":
            return ["civilians"]
        actor = cell(row, f"actor{side}").casefold()
        inter = cw.key(cell(row, f"inter{side}"))
        if "police" in actor:
            return ["police"]
        if inter in cw.ACLED_STATE_ACTORS:
            return ["security-forces"]
        if inter in cw.ACLED_CIVILIANS:
            return ["civilians"]
        return []


class GtdLayout(Layout):
    """The Global Terrorism Database, in its codebook's column names."""

    key = "gtd"
    label = "GTD CSV (codebook columns)"
    publisher = Publisher("gtd", "START, University of Maryland: Global Terrorism Database",
                          "https://www.start.umd.edu/gtd/")
    required = ("eventid", "iyear", "imonth", "iday", "country_txt", "provstate", "city",
                "attacktype1_txt", "targtype1_txt", "gname", "nkill", "nwound")

    def convert(self, row: Row) -> Outcome:
        occurred, precision = date_from_parts(cell(row, "iyear"), cell(row, "imonth"),
                                              cell(row, "iday"), "iyear/imonth/iday")
        country = _country(cell(row, "country_txt"), "country_txt")
        record = IncidentRecord(cell(row, "eventid"), occurred, precision, country)
        _place(record, cell(row, "provstate"), "", cell(row, "city"))
        if fold(record.place or "") == "unknown":
            record.place = None
        record.latitude = parse_float(cell(row, "latitude"), "latitude", 90)
        record.longitude = parse_float(cell(row, "longitude"), "longitude", 180)
        record.perpetrators = self._perpetrators(row, country)
        record.killed, record.perpetrators_killed = self._victims(row, "nkill", "nkillter")
        record.injured, _ = self._victims(row, "nwound", "nwoundte")
        attack = cw.GTD_ATTACK.get(cw.key(cell(row, "attacktype1_txt")), "other")
        if attack == "bombing" and cell(row, "suicide") == "1":
            attack = "suicide-bombing"
        record.attack_type = attack
        targets = (cw.GTD_TARGET.get(cw.key(cell(row, f"targtype{i}_txt")))
                   for i in (1, 2, 3) if cell(row, f"targtype{i}_txt"))
        record.target_types = list(dict.fromkeys(t for t in targets if t))
        record.cross_border = parse_bool(cell(row, "INT_LOG"), "INT_LOG")
        record.description = cell(row, "summary") or None
        return record

    def _perpetrators(self, row: Row, country: str) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for suffix, flag in (("", "1"), ("2", "2"), ("3", "3")):
            name = self.group(cell(row, f"gname{suffix}"), country)
            if name and name not in (n for n, _ in out):
                claimed = suffix == "" and cell(row, "claimed") == "1"
                basis = ("suspected" if cell(row, f"guncertain{flag}") == "1" else
                         "claimed" if claimed else "attributed")
                out.append((name, basis))
        return out

    @staticmethod
    def _victims(row: Row, total: str, perpetrators: str) -> tuple[tuple[int, int, int] | None,
                                                                    tuple[int, int, int] | None]:
        """GTD counts attackers in nkill; jirga counts victims and attackers apart."""
        everyone = parse_count(cell(row, total), total)
        attackers = parse_count(cell(row, perpetrators), perpetrators)
        if everyone is None:
            return None, None if attackers is None else (attackers,) * 3
        if attackers is not None and attackers > everyone:
            raise RowError(f"{perpetrators} ({attackers}) is more than {total} ({everyone})")
        victims = everyone - (attackers or 0)
        return (victims,) * 3, None if attackers is None else (attackers,) * 3


class UcdpLayout(Layout):
    """UCDP's Georeferenced Event Dataset: tolls already low / best / high."""

    key = "ucdp"
    label = "UCDP GED CSV"
    publisher = Publisher("ucdp", "Uppsala Conflict Data Program (UCDP)",
                          "https://ucdp.uu.se")
    required = ("id", "type_of_violence", "side_a", "side_b", "country", "adm_1", "adm_2",
                "where_coordinates", "latitude", "longitude", "date_start", "date_prec",
                "best", "low", "high")

    def convert(self, row: Row) -> Outcome:
        violence = cell(row, "type_of_violence")
        if violence not in cw.UCDP_VIOLENCE:
            raise RowError(f"type_of_violence '{violence}' is not 1, 2 or 3")
        side, target = cw.UCDP_VIOLENCE[violence]
        if fold(cell(row, side)).startswith("government of"):
            return "one-sided violence by a government"
        occurred, _ = parse_date(cell(row, "date_start"), "date_start")
        precision = cw.UCDP_PRECISION.get(cell(row, "date_prec"), "day")
        country = _country(cell(row, "country"), "country")
        record = IncidentRecord(cell(row, "id"), occurred, precision, country)
        _place(record, cell(row, "adm_1"), cell(row, "adm_2"), cell(row, "where_coordinates"))
        record.latitude = parse_float(cell(row, "latitude"), "latitude", 90)
        record.longitude = parse_float(cell(row, "longitude"), "longitude", 180)
        name = self.group(cell(row, side), country)
        record.perpetrators = [(name, "attributed")] if name else []
        record.killed = parse_toll(cell(row, "low"), cell(row, "best"), cell(row, "high"), "best")
        own = parse_count(cell(row, "deaths_a" if side == "side_a" else "deaths_b"),
                          "deaths_a" if side == "side_a" else "deaths_b")
        record.perpetrators_killed = None if own is None else (own,) * 3
        record.target_types = [target]
        record.description = cell(row, "source_headline") or None
        return record


GENERIC_FIELDS: dict[str, str] = {
    "row_id": "the row's id in its dataset (else the line number is used)",
    "date": "date of the attack: 2024-03-26, 2024-03, 2024 or 26 March 2024",
    "precision": "day, month or year (else as precise as the date is written)",
    "country": "country name or ISO code",
    "province": "province name or ISO 3166-2 code",
    "district": "district", "place": "city, town or village",
    "latitude": "decimal degrees", "longitude": "decimal degrees",
    "perpetrator": "group names, several separated by ';'",
    "perpetrator_basis": "claimed, attributed, suspected or denied",
    "attack_type": "a jirga attack type (key or label)",
    "target_types": "jirga target types separated by ';'",
    "killed": "victims killed (best estimate)", "killed_low": "", "killed_high": "",
    "injured": "victims injured (best estimate)", "injured_low": "", "injured_high": "",
    "perpetrators_killed": "attackers killed",
    "cross_border": "1/0, yes/no", "review_status": "candidate, accepted or rejected",
    "name": "short title", "description": "longer text", "source_url": "where it was reported",
}


class GenericLayout(Layout):
    """Any CSV: a mapping names which column holds each jirga field (default: same name)."""

    key = "csv"
    label = "generic CSV with a column mapping"
    required = ("date", "country")

    def __init__(self, groups: GroupResolver, dataset: str,
                 mapping: Mapping[str, str] | None = None) -> None:
        super().__init__(groups)
        unknown = sorted(set(mapping or {}) - set(GENERIC_FIELDS))
        if unknown:
            raise Invalid(f"the column mapping names unknown fields {', '.join(unknown)}; "
                           f"fields are {', '.join(GENERIC_FIELDS)}")
        self.columns = {field: (mapping or {}).get(field, field) for field in GENERIC_FIELDS}
        self.required = tuple(self.columns[f] for f in ("date", "country"))
        self.publisher = Publisher(dataset, f"{dataset} (dataset)")

    def get(self, row: Row, field: str) -> str:
        return cell(row, self.columns[field])

    def convert(self, row: Row) -> Outcome:
        occurred, precision = parse_date(self.get(row, "date"), self.columns["date"])
        stated = self.get(row, "precision").lower()
        if stated:
            if stated not in PRECISIONS:
                raise RowError(f"{self.columns['precision']} '{stated}' is not day, month or year")
            precision = stated
        country = _country(self.get(row, "country"), self.columns["country"])
        record = IncidentRecord(self.get(row, "row_id"), occurred, precision, country)
        _place(record, self.get(row, "province"), self.get(row, "district"), self.get(row, "place"))
        record.latitude = parse_float(self.get(row, "latitude"), self.columns["latitude"], 90)
        record.longitude = parse_float(self.get(row, "longitude"), self.columns["longitude"], 180)
        basis_text = self.get(row, "perpetrator_basis")
        basis = vocabulary(basis_text, self.columns["perpetrator_basis"], "basis") \
            if basis_text else "attributed"
        names = (self.group(n.strip(), country) for n in self.get(row, "perpetrator").split(";"))
        record.perpetrators = [(n, basis) for n in dict.fromkeys(n for n in names if n)]
        for kind in ("killed", "injured"):
            setattr(record, kind, parse_toll(self.get(row, f"{kind}_low"), self.get(row, kind),
                                             self.get(row, f"{kind}_high"), self.columns[kind]))
        attackers = parse_count(self.get(row, "perpetrators_killed"),
                                self.columns["perpetrators_killed"])
        record.perpetrators_killed = None if attackers is None else (attackers,) * 3
        attack = self.get(row, "attack_type")
        record.attack_type = vocabulary(attack, self.columns["attack_type"], "attack type") \
            if attack else None
        record.target_types = list(dict.fromkeys(
            vocabulary(t, self.columns["target_types"], "target type")
            for t in self.get(row, "target_types").split(";") if not blank(t)))
        record.cross_border = parse_bool(self.get(row, "cross_border"), self.columns["cross_border"])
        status = self.get(row, "review_status")
        record.review_status = vocabulary(status, self.columns["review_status"],
                                          "review status") if status else None
        record.name = self.get(row, "name") or None
        record.description = self.get(row, "description") or None
        record.url = self.get(row, "source_url") or None
        return record


LAYOUTS: dict[str, type[Layout]] = {cls.key: cls for cls in (AcledLayout, GtdLayout, UcdpLayout)}
