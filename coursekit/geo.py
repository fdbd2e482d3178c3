"""Boundaries for the course's maps and for checking its gazetteer.

The book draws its maps from Natural Earth's country boundaries as the npm package
``world-atlas`` ships them (TopoJSON, 1:50m), served from the book's own assets; no tile server.
This module reads the same file in Python, so that validation can check that each place of
``data/places/`` lies in the country it claims (within a tolerance: at 1:50m a border town
such as Tinzaouaten can fall a few kilometres on the wrong side of a simplified line).
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


@functools.lru_cache(maxsize=2)
def _countries(path: str) -> dict[str, list[list[list[tuple[float, float]]]]]:
    """Country id -> polygons (each a list of rings of (lon, lat)), decoded from TopoJSON."""
    topo = json.loads(Path(path).read_text(encoding="utf-8"))
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

    def ring(indices):
        out: list[tuple[float, float]] = []
        for i in indices:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts[1:] if out else pts)
        return out

    found = {}
    for g in topo["objects"]["countries"]["geometries"]:
        if g.get("type") == "Polygon":
            polys = [[ring(r) for r in g["arcs"]]]
        elif g.get("type") == "MultiPolygon":
            polys = [[ring(r) for r in p] for p in g["arcs"]]
        else:
            continue
        found[str(g.get("id"))] = polys
    return found


def _inside(lon: float, lat: float, rings) -> bool:
    """Even-odd rule over a polygon's rings (outer ring and holes)."""
    inside = False
    for r in rings:
        for (x1, y1), (x2, y2) in zip(r, r[1:] + r[:1]):
            if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
                inside = not inside
    return inside


def _km_to_edge(lon: float, lat: float, polys) -> float:
    k = math.cos(math.radians(lat))
    best = float("inf")
    for rings in polys:
        for r in rings:
            for (x1, y1), (x2, y2) in zip(r, r[1:] + r[:1]):
                ax, ay, bx, by = (x1 - lon) * k, y1 - lat, (x2 - lon) * k, y2 - lat
                dx, dy = bx - ax, by - ay
                t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / (dx * dx + dy * dy)))
                best = min(best, math.hypot(ax + t * dx, ay + t * dy))
    return best * 111.32


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
