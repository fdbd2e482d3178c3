"""Are the maps drawn offline, to scale, with every place of a chapter's events, a text
alternative that says the same, and nothing fetched from elsewhere?"""

import re
import xml.etree.ElementTree as ET

import pytest

from coursekit.data import load_course
from coursekit.maps import (BASEMAP_FILE, BBOX, LAYERS, MAP_MIME, STATIC_TOKEN, WIDTH, Basemap, EventMap,
                            basemap_file_svg)


@pytest.fixture(scope="module")
def course():
    return load_course()


@pytest.fixture(scope="module")
def security(course):
    return EventMap("security", course=course)


def test_places_are_projected_where_they_are(course, security):
    m = security
    bamako, kidal = (m.project(course.places[p].lon, course.places[p].lat) for p in ("bamako", "kidal"))
    assert 0 < bamako[0] < WIDTH and 0 < bamako[1] < m.height
    assert kidal[1] < bamako[1] and kidal[0] > bamako[0]  # Kidal is north-east of Bamako
    # corners of the area drawn
    assert m.project(BBOX[0], BBOX[3]) == (0, 0)
    assert round(m.project(BBOX[2], BBOX[1])[0]) == WIDTH


def test_every_placed_event_is_on_the_map_or_said_to_be_outside_it(course):
    for concern in ("minusma", "security", "russia", "jihadism", "politics", "region", "warnings"):
        m = EventMap(concern, course=course)
        html = m.book_html()
        for e in course.events_for(concern):
            for pid in e.places:
                assert f'<tr data-place="{pid}" data-event="{e.id}">' in html, (concern, e.id, pid)
        shown = {mk.place.id for mk in m.markers} | {p.id for p, _ in m.outside}
        assert shown == {pid for e in course.events_for(concern) for pid in e.places}
    russia = EventMap("russia", course=course)
    assert "moscow" in {p.id for p, _ in russia.outside}
    row = next(r for r in russia.table_html().split("<tr ")[1:] if 'data-place="moscow"' in r)
    assert "Moscow" in row and "\u2014 outside the map" in row
    assert "lie outside it (Moscow)" in russia.summary()


def test_markers_are_buttons_named_by_place_and_count(security):
    html = security.book_html()
    mk = security.markers[0]
    n = len(mk.events)
    assert (f'data-place="{mk.place.id}" role="button" tabindex="-1" aria-label="{mk.place.name}: '
            f'{n} event{"s" if n > 1 else ""}"') in html
    assert html.count('class="ck-map-pt"') == len(security.markers)
    assert 'r="13"' in html  # a 26 px target around each 11 px dot


def test_the_map_is_drawn_here_not_fetched(security):
    """Live notebooks get the outlines inline; the book's pages refer to one basemap file of
    the book's own (drawn here, from the same paths), so that each page with a map is ~10 KB
    lighter."""
    live = re.search(r"<svg.*?</svg>", security.to_html(), re.S).group(0)
    assert 'class="ck-map-mali"' in live and "MALI" in live and "NIGER" in live
    assert "http" not in live and "<image" not in live and "url(" not in live and "<use" not in live
    assert len(live) < 25_000, "the base map should stay small on a phone's data plan"
    book = re.search(r"<svg.*?</svg>", security.book_html(), re.S).group(0)
    assert "<path" not in book and "http" not in book
    uses = re.findall(r'<use class="(ck-map-\w+)" href="([^"]+)"/>', book)
    assert uses == [("ck-map-land", f"{STATIC_TOKEN}/{BASEMAP_FILE}#ck-land"),
                    ("ck-map-mali", f"{STATIC_TOKEN}/{BASEMAP_FILE}#ck-mali"),
                    ("ck-map-lakes", f"{STATIC_TOKEN}/{BASEMAP_FILE}#ck-lakes"),
                    ("ck-map-rivers", f"{STATIC_TOKEN}/{BASEMAP_FILE}#ck-rivers")]
    shared = ET.fromstring(basemap_file_svg())
    ns = "{http://www.w3.org/2000/svg}"
    layers = {g.get("id"): [p.get("d") for p in g.iter(f"{ns}path")] for g in shared.iter(f"{ns}g")}
    inline = {f"ck-{name}": re.findall(f'<path class="ck-map-{name}" d="([^"]+)"', live) for name in LAYERS}
    assert layers == inline
    assert len(layers["ck-mali"]) == 1 and len(layers["ck-land"]) >= 12
    assert all(p.get("fill") is None and p.get("class") is None for p in shared.iter(f"{ns}path")), \
        "the paths take their colours from the page (dark mode), so they carry none"


def test_overview_map_names_sources_and_points_to_the_last_page(course, security):
    """A chapter's opening map: the same places and events, its own id, sources named (the
    review page links them), and a sentence saying where the timeline is."""
    ov = EventMap("security", course=course, overview=True)
    html = ov.book_html()
    assert ov.slug != security.slug and f'id="{ov.slug}"' in html
    assert [m.place.id for m in ov.markers] == [m.place.id for m in security.markers]
    rows = re.findall(r'<tr data-place="[^"]+" data-event="[^"]+">', html)
    assert rows == re.findall(r'<tr data-place="[^"]+" data-event="[^"]+">', security.book_html())
    table = ov.table_html()
    assert "<a href" not in table and "<a href" in security.table_html()
    e = ov.markers[0].events[0]
    src = course.sources[e.sources[0]]
    assert src.publisher in table.replace("&#x27;", "'").replace("&amp;", "&")
    assert "last page shows these events on its timeline" in html
    assert "timeline shows its place" not in html and "timeline shows its place" in security.book_html()


def test_live_and_book_views(security):
    bundle = security._repr_mimebundle_()
    assert set(bundle) == {MAP_MIME, "text/html", "text/plain"}
    assert "<script>" in bundle["text/html"] and "<style>" in bundle["text/html"]
    assert "<script" not in bundle[MAP_MIME]["html"]
    assert "Natural Earth 1:50m" in bundle[MAP_MIME]["html"]


def test_unknown_concern_or_event_is_an_error(course):
    with pytest.raises(ValueError, match="unknown concern"):
        EventMap("nowhere", course=course)
    with pytest.raises(ValueError, match="unknown event id"):
        EventMap(events=["no-such-event"], course=course)


def test_the_packaged_basemap_is_what_the_boundary_data_gives():
    """Reader notebooks (Colab, a fresh hub) have no npm boundary data: they draw the outlines
    from the copy packaged with coursekit, which must not go stale."""
    from coursekit.maps import PACKAGED_BASEMAP, packaged_layers

    assert PACKAGED_BASEMAP.read_text(encoding="utf-8") == basemap_file_svg(), \
        "run: python -c 'from coursekit.maps import *; PACKAGED_BASEMAP.write_text(basemap_file_svg())'"
    assert packaged_layers() == Basemap().layers() == EventMap(events=[]).layers()
