"""Group names as datasets write them → one canonical name per group.

ACLED writes "TTP: Tehreek-i-Taliban Pakistan", GTD "Tehrik-i-Taliban Pakistan (TTP)", UCDP
"TTP"; all are one `intrusion-set` in jirga, whose id is `stable_id("intrusion-set", name)`.
A resolver knows the built-in table below plus every name and alias of the intrusion sets in
the store, so a node's own group records decide the names its imports use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from jirga.incidents.places import country_code, fold
from jirga.store import ObjectFilter, Store, Visibility

CANONICAL: dict[str, tuple[str, ...]] = {
    "Tehrik-i-Taliban Pakistan": ("TTP", "Pakistani Taliban", "Tehreek-i-Taliban Pakistan",
                                  "Tehreek-e-Taliban Pakistan", "Tehrik-e-Taliban Pakistan"),
    "Islamic State Khorasan Province": ("ISKP", "IS-K", "ISIS-K", "IS-KP",
                                        "Khorasan Chapter of the Islamic State",
                                        "Islamic State (Afghanistan)", "Islamic State (Pakistan)",
                                        "Islamic State Khorasan", "Daesh Khorasan"),
    "Baloch Liberation Army": ("BLA", "Balochistan Liberation Army", "Baluchistan Liberation Army"),
    "Balochistan Liberation Front": ("BLF", "Baloch Liberation Front"),
    "Jamaat-ul-Ahrar": ("JuA", "Jamaat ul Ahrar", "Tehrik-i-Taliban Pakistan Jamaat-ul-Ahrar"),
    "Lashkar-e-Jhangvi": ("LeJ", "Lashkar-i-Jhangvi"),
    "Lashkar-e-Taiba": ("LeT", "Lashkar-i-Taiba"),
    "Jaish-e-Mohammed": ("JeM", "Jaish-e-Mohammad", "Jaish-i-Mohammed"),
    "Hafiz Gul Bahadur Group": ("HGB", "Hafiz Gul Bahadur"),
    "Taliban": ("Taleban", "Afghan Taliban", "Islamic Emirate of Afghanistan"),
    "Tehreek-e-Jihad Pakistan": ("TJP", "Tehrik-e-Jihad Pakistan"),
}

# Global names that mean the Khorasan province where the attack was in Pakistan or Afghanistan.
KHORASAN_COUNTRIES = frozenset({"PK", "AF"})
ISLAMIC_STATE = frozenset({"is", "isis", "isil", "islamic state", "daesh"})

# Names that say nobody is known: no perpetrator is recorded.
UNKNOWN = frozenset({"unknown", "unidentified", "unidentified armed group", "unknown gunmen",
                     "unidentified gang", "unidentified militants", "other"})

_ACLED_PREFIX = re.compile(r"^[A-Za-z][\w-]{0,15}:\s+")  # "TTP: Tehreek-i-Taliban Pakistan"
_QUALIFIER = re.compile(r"\s*\(([^)]*)\)\s*$")  # "(TTP)", "(Pakistan)"


class GroupResolver:
    """Canonical group names from the built-in table and the store's intrusion sets."""

    def __init__(self, extra: Iterable[tuple[str, Iterable[str]]] = ()) -> None:
        self.names: dict[str, str] = {}
        self._seen: dict[tuple[str, str | None], str | None] = {}  # a dataset repeats its names
        for name, aliases in (*CANONICAL.items(), *extra):
            for alias in (name, *aliases):
                self.names[fold(alias)] = name

    @classmethod
    def of(cls, store: Store) -> GroupResolver:
        sets = store.iter_current(ObjectFilter(types=("intrusion-set", "threat-actor")),
                                  visibility=Visibility.everything())
        extra = []
        for item in sets:
            obj = item.object()
            if isinstance(obj.get("name"), str):
                extra.append((obj["name"], [a for a in obj.get("aliases") or []
                                            if isinstance(a, str)]))
        return cls(extra)

    def canonical(self, raw: str, country: str | None = None) -> str | None:
        """The group's canonical name, the cleaned name when unknown, None for "unknown"."""
        key = (raw, country)
        if key not in self._seen:
            self._seen[key] = self._canonical(raw, country)
        return self._seen[key]

    def _canonical(self, raw: str, country: str | None) -> str | None:
        text = " ".join(raw.split())
        if not text:
            return None
        if country in KHORASAN_COUNTRIES and fold(_ACLED_PREFIX.sub("", text)) in ISLAMIC_STATE:
            return "Islamic State Khorasan Province"
        candidates = [text]
        stripped = _ACLED_PREFIX.sub("", text)
        candidates.append(stripped)
        qualifier = _QUALIFIER.search(stripped)
        if qualifier:
            candidates += [stripped[:qualifier.start()], qualifier.group(1)]
        for candidate in candidates:
            found = self.names.get(fold(candidate))
            if found:
                return found
        bare = stripped[:qualifier.start()] if qualifier else stripped
        if fold(bare) in UNKNOWN or fold(text) in UNKNOWN:
            return None
        if qualifier and _is_tag(qualifier.group(1)):
            return bare  # ACLED's "(Pakistan)", "(2018-)": a country or period tag
        return stripped


def _is_tag(text: str) -> bool:
    return bool(re.fullmatch(r"[\d\s-]+", text)) or country_code(text) is not None
