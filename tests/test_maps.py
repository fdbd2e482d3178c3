"""Are the maps drawn offline, to scale, with every place of a chapter's events, a text
alternative that says the same, and nothing fetched from elsewhere?"""

import re

import pytest

from coursekit.data import load_course
from coursekit.maps import BBOX, MAP_MIME, WIDTH, EventMap


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
    svg = re.search(r"<svg.*?</svg>", security.book_html(), re.S).group(0)
    assert 'class="ck-map-mali"' in svg and "MALI" in svg and "NIGER" in svg
    assert "http" not in svg and "<image" not in svg and "url(" not in svg
    assert len(svg) < 25_000, "the base map should stay small on a phone's data plan"


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
