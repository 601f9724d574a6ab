"""Countries and provinces as datasets spell them → ISO 3166-1 alpha-2 and ISO 3166-2 codes.

pycountry holds the ISO tables; datasets write names their own way ("Khyber Pakhtunkhwa
province", "North-West Frontier Province", "Baluchistan", "Kunar" for Kunaṟ), so names are
compared folded (no accents, no case, no "province"/"agency" suffix) and a small alias table
covers renamed provinces: the former FATA agencies and NWFP are today's Khyber Pakhtunkhwa.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pycountry

SUFFIXES = re.compile(r"\s+(province|agency|district|division|region|state|territory)$")

# Names that pycountry does not know, folded, per country.
PROVINCE_ALIASES: dict[str, dict[str, str]] = {
    "PK": {
        "north west frontier": "PK-KP", "north west frontier province": "PK-KP", "nwfp": "PK-KP",
        "federally administered tribal areas": "PK-KP", "fata": "PK-KP", "kpk": "PK-KP",
        "khyber pakhtunkhwa": "PK-KP", "kp": "PK-KP", "baluchistan": "PK-BA",
        "islamabad capital": "PK-IS", "islamabad capital territory": "PK-IS",
        "federal capital": "PK-IS", "azad kashmir": "PK-JK", "azad jammu kashmir": "PK-JK",
        "northern areas": "PK-GB", "gilgit baltistan": "PK-GB",
    },
    "AF": {
        "konar": "AF-KNR", "kunar": "AF-KNR", "paktia": "AF-PIA", "paktya": "AF-PIA",
        "paktika": "AF-PKA", "oruzgan": "AF-URU", "uruzgan": "AF-URU", "urozgan": "AF-URU",
        "daykundi": "AF-DAY", "daikundi": "AF-DAY", "sar e pol": "AF-SAR", "sari pul": "AF-SAR",
        "sar i pul": "AF-SAR", "jawzjan": "AF-JOW", "jowzjan": "AF-JOW", "panjshir": "AF-PAN",
        "panjsher": "AF-PAN", "maidan wardak": "AF-WAR", "wardak": "AF-WAR", "nimroz": "AF-NIM",
        "nimruz": "AF-NIM", "khowst": "AF-KHO", "khost": "AF-KHO", "ghazni": "AF-GHA",
        "kapisa": "AF-KAP", "nuristan": "AF-NUR", "bamyan": "AF-BAM", "bamian": "AF-BAM",
    },
}

COUNTRY_ALIASES = {"iran": "IR", "russia": "RU", "syria": "SY", "turkey": "TR", "turkiye": "TR",
                   "laos": "LA", "vietnam": "VN", "south korea": "KR", "north korea": "KP",
                   "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ", "moldova": "MD",
                   "democratic republic of congo": "CD", "dr congo": "CD", "ivory coast": "CI",
                   "palestine": "PS", "kosovo": "XK", "west bank and gaza strip": "PS"}


def fold(text: str) -> str:
    """Lower case, no accents, punctuation as spaces: how names are compared."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", plain).replace("_", " ").split())


def plain_name(text: str) -> str:
    """A name without diacritics, as datasets print it (Kābul → Kabul)."""
    plain = unicodedata.normalize("NFKD", text)
    return "".join(c for c in plain if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def country_code(value: str) -> str | None:
    """ISO 3166-1 alpha-2 code of a country name, alpha-2/alpha-3 code or numeric code."""
    text = value.strip()
    if not text:
        return None
    if text.isdigit():
        found = pycountry.countries.get(numeric=text.zfill(3))
        return found.alpha_2 if found else None
    folded = fold(text)
    if folded in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[folded]
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        pass
    for country in pycountry.countries:
        names = {getattr(country, a, "") for a in ("name", "official_name", "common_name")}
        if folded in {fold(n) for n in names if n}:
            return country.alpha_2
    return None


@lru_cache(maxsize=1)
def _subdivisions() -> dict[str, dict[str, tuple[str, str]]]:
    """country → folded name or code → (ISO 3166-2 code, plain name)."""
    table: dict[str, dict[str, tuple[str, str]]] = {}
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None):
            continue  # only first-level divisions are provinces
        names = table.setdefault(sub.country_code, {})
        entry = (sub.code, plain_name(sub.name))
        names[fold(sub.name)] = entry
        names[fold(sub.code)] = entry
    for country, aliases in PROVINCE_ALIASES.items():
        codes = {code: entry for entry in table.get(country, {}).values() for code in [entry[0]]}
        for alias, code in aliases.items():
            table.setdefault(country, {})[alias] = codes[code]
    return table


@lru_cache(maxsize=8192)
def province(country: str, name: str) -> tuple[str | None, str]:
    """(ISO 3166-2 code or None, the name to show) for a province name in a country."""
    text = name.strip()
    folded = fold(text)
    names = _subdivisions().get(country, {})
    for key in (folded, SUFFIXES.sub("", folded)):
        if key in names:
            return names[key]
    return None, text
