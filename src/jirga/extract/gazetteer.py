"""Places of Pakistan and Afghanistan: the shipped gazetteer, name matching and resolution.

`data/gazetteer.tsv` is built at development time by `tools/gazetteer/build.py` from GeoNames
(CC BY 4.0) rows and jirga's own tables of provinces (ISO 3166-2), districts (including the
former FATA agencies and frontier regions merged into Khyber Pakhtunkhwa in 2018) and the
towns and areas attack reports name. Names match as token sequences (one dictionary look-up
per word), so "D.I. Khan", "DI Khan" and "Dera Ismail Khan" are the same place; a place is
resolved by the names around it (the district or province the text also names), never by
nearest-town geometry, which crosses the border near Bajaur and Kurram.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from jirga.extract.text import Token, fold, tokens

RANK = {"country": 0, "province": 1, "district": 2, "place": 3}
COUNTRY_NAMES = {"PK": "Pakistan", "AF": "Afghanistan"}
# Words around a guarded (short or ambiguous) name that show it is a place.
PLACE_BEFORE = frozenset([
    "in", "at", "near", "of", "from", "outside", "inside", "across", "to", "around", "toward",
    "towards", "into", "through", "between", "and", "district", "town", "city", "village",
])
PLACE_AFTER = frozenset([
    "district", "districts", "city", "town", "village", "area", "areas", "tehsil", "valley",
    "region", "province", "bazaar", "border", "crossing", "road", "agency", "cantonment",
    "subdivision", "police",
])
MAX_NAME_TOKENS = 7


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry: a country, province, district or place with its hierarchy."""

    kind: str
    name: str
    country: str
    admin1: str | None
    admin1_name: str | None
    district: str | None
    latitude: float | None
    longitude: float | None
    population: int
    source: str
    guarded: bool

    @property
    def rank(self) -> int:
        return RANK[self.kind]

    @property
    def country_name(self) -> str:
        return COUNTRY_NAMES.get(self.country, self.country)

    def near(self, other: Place) -> bool:
        """Same province and, where both name one, the same district: one attack's scene."""
        if self.country != other.country:
            return False
        if self.admin1 is None or other.admin1 is None:
            return self.kind == "country" or other.kind == "country"
        if self.admin1 != other.admin1:
            return False
        return self.district is None or other.district is None or self.district == other.district

    def contains(self, other: Place) -> bool:
        """True when `other` lies inside this entry (or is it)."""
        if self.country != other.country:
            return False
        if self.kind == "country":
            return True
        if self.admin1 != other.admin1:
            return False
        if self.kind == "province":
            return True
        if self.kind == "district":
            return other.district == self.district
        return other.kind == "place" and other.name == self.name


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start: int
    end: int
    text: str
    candidates: tuple[Place, ...]
    cued: bool  # a place word next to it ("in", "district", …)
    inner: bool = False  # named after a place and its 's: "Kabul's Dasht-e-Barchi"


@dataclass(frozen=True)
class _Name:
    tokens: tuple[str, ...]
    exact: tuple[str, ...] | None  # acronyms match case-sensitively
    places: tuple[Place, ...]


class Gazetteer:
    """Name look-up by token sequence; built once per process from the shipped table."""

    def __init__(self, entries: list[tuple[Place, Sequence[str]]]) -> None:
        index: dict[tuple[str, ...], dict[tuple[str, ...] | None, list[Place]]] = {}
        for place, names in entries:
            for name in names:
                toks = tokens(fold(name))
                if not toks:
                    continue
                key = tuple(t.lower for t in toks)
                exact = tuple(t.text for t in toks) if _is_acronym(name) else None
                index.setdefault(key, {}).setdefault(exact, []).append(place)
        self._names: dict[tuple[str, ...], list[_Name]] = {
            key: [_Name(key, exact, tuple(ps)) for exact, ps in by_case.items()]
            for key, by_case in index.items()}
        self._lengths: dict[str, list[int]] = {}
        for key in self._names:
            self._lengths.setdefault(key[0], []).append(len(key))
        for lengths in self._lengths.values():
            lengths.sort(reverse=True)
        self._first = set(self._lengths)
        self.places = [p for p, _ in entries]

    def find(self, toks: Sequence[Token], text: str, offset: int = 0) -> list[PlaceMention]:
        """Every place named in `toks` (tokens of folded `text`), longest names first; spans
        are moved by `offset` (the text's place in the document)."""
        out: list[PlaceMention] = []
        first = self._first
        starts = [k for k, t in enumerate(toks) if t.lower in first]
        if not starts:
            return out
        i = starts[0]
        n = len(toks)
        while i < n:
            found = self._match_at(toks, i) if toks[i].lower in self._first else None
            if found is None:
                i += 1
                continue
            length, places = found
            places = _narrow(places, toks[i + length].lower if i + length < n else "",
                             tuple(t.lower for t in toks[max(0, i - 2):i]))
            first, last = toks[i], toks[i + length - 1]
            cued = _cued(toks, i, length, text)
            if (all(p.guarded for p in places) or _surname(toks, i, text)) and not cued:
                i += length
                continue
            inner = i > 0 and text[toks[i - 1].end:first.start] == "'s "
            out.append(PlaceMention(first.start + offset, last.end + offset,
                                    text[first.start:last.end], places, cued, inner))
            i += length
        return out

    def _match_at(self, toks: Sequence[Token], i: int) -> tuple[int, tuple[Place, ...]] | None:
        if not toks[i].capitalised:
            return None
        for length in self._lengths[toks[i].lower]:
            if i + length > len(toks):
                continue
            key = tuple(t.lower for t in toks[i:i + length])
            names = self._names.get(key)
            if not names or not _adjacent(toks, i, length):
                continue
            written = tuple(t.text for t in toks[i:i + length])
            places = [p for nm in names if nm.exact is None or nm.exact == written
                      for p in nm.places]
            if places:
                return length, tuple(places)
        return None


KIND_WORDS = {"province": "province", "provinces": "province", "district": "district",
              "agency": "district", "tehsil": "place", "town": "place", "village": "place",
              "city": "place"}


CONTAINED_IN = {"district": ("province",), "districts": ("province",), "area": ("district", "province"),
                "town": ("district", "province"), "village": ("district", "province"),
                "tehsil": ("district",), "city": ("province",), "capital": ("province",)}


def _narrow(places: tuple[Place, ...], word_after: str, words_before: tuple[str, ...]
            ) -> tuple[Place, ...]:
    """'Khowst province' is the province, not the town of the same name; in 'the Tani district
    of Khowst', Khowst is what contains the district."""
    if len(words_before) == 2 and words_before[1] == "of" and words_before[0] in CONTAINED_IN:
        chosen = tuple(p for p in places if p.kind in CONTAINED_IN[words_before[0]])
        if chosen:
            return chosen
    kind = KIND_WORDS.get(word_after)
    if kind is None:
        return _province_over_namesake(places)
    wanted = ("place", "district") if kind == "place" else (kind,)
    chosen = tuple(p for p in places if p.kind in wanted)
    return chosen or places


def _province_over_namesake(places: tuple[Place, ...]) -> tuple[Place, ...]:
    """'in Baghlan', 'in Balkh': a province's name is the province unless the town of that
    name is its capital (Kandahar, Khost, Kunduz are)."""
    provinces = [p for p in places if p.kind == "province"]
    if not provinces:
        return places
    name = provinces[0].name
    capital = any(p.kind in ("place", "district") and p.district == name for p in places)
    if capital:
        return places
    return tuple(p for p in places if p.kind == "province" or p.name != name)


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return len(letters) <= 5 and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)


def _adjacent(toks: Sequence[Token], i: int, length: int) -> bool:
    """Tokens of one name sit close together (no sentence break between them)."""
    return all(toks[j + 1].start - toks[j].end <= 3 for j in range(i, i + length - 1))


NAME_NEIGHBOURS = frozenset([
    "the", "in", "at", "on", "a", "an", "from", "to", "for", "of", "and", "but", "with", "by", "as",
    "near", "outside", "inside", "after", "before", "during", "since", "when", "while", "where",
    "last", "this", "that", "north", "south", "upper", "lower", "central", "east", "west",
    "eastern", "western", "northern", "southern", "greater", "old", "new", "dera", "district",
    "province", "city", "police", "army", "security", "provincial", "federal", "islamic",
    "republic", "pakistan", "afghanistan", "kabul", "peshawar", "quetta", "karachi", "lahore",
])


def _surname(toks: Sequence[Token], i: int, text: str) -> bool:
    """'Sarbakaf Mohmand', 'Nisar Orakzai': a place name as someone's family name."""
    if i == 0:
        return False
    prev = toks[i - 1]
    return (prev.capitalised and prev.lower not in NAME_NEIGHBOURS and prev.text[1:].islower()
            and text[prev.end:toks[i].start] == " ")


def _cued(toks: Sequence[Token], i: int, length: int, text: str) -> bool:
    if i > 0 and text[toks[i - 1].end:toks[i].start] == "'s ":
        return True  # "Kabul's Dasht-e-Barchi", "Islamabad's G-11 sector"
    before = toks[i - 1].lower if i > 0 else ""
    after = toks[i + length].lower if i + length < len(toks) else ""
    return before in PLACE_BEFORE or after in PLACE_AFTER


def _float(text: str) -> float | None:
    return float(text) if text else None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shipped gazetteer (read once per process)."""
    entries: list[tuple[Place, Sequence[str]]] = []
    source = resources.files("jirga.extract").joinpath("data/gazetteer.tsv")
    with source.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            place = Place(row["kind"], row["name"], row["country"], row["admin1"] or None,
                          row["admin1_name"] or None, row["district"] or None,
                          _float(row["latitude"]), _float(row["longitude"]),
                          int(row["population"] or 0), row["source"], row["guarded"] == "1")
            names = [row["name"], *(a for a in row["aliases"].split(";") if a)]
            entries.append((place, names))
    return Gazetteer(entries)


def province(code: str) -> Place | None:
    """The province entry for an ISO 3166-2 code or a province name (any spelling)."""
    gaz = gazetteer()
    wanted = code.strip()
    for place in gaz.places:
        if place.kind == "province" and (place.admin1 == wanted.upper()
                                         or place.name.lower() == wanted.lower()):
            return place
    toks = tokens(fold(wanted))
    for mention in gaz.find(toks, fold(wanted)):
        for place in mention.candidates:
            if place.kind == "province" and mention.end - mention.start == len(wanted):
                return place
    return None

