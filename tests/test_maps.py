"""Are the maps drawn offline, to scale, with every place of a chapter's events, a text
alternative that says the same, and nothing fetched from elsewhere?"""

import ast
import html
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from coursekit.data import Date, load_course
from coursekit.maps import (BADGE_R, BASEMAP_FILE, BBOX, LAYERS, MAP_MIME, NUM_DOT_R, STATIC_TOKEN, WIDTH,
                            Basemap, EventMap, Period, _day_before, basemap_file_svg)

ROOT = Path(__file__).resolve().parents[1]


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


def _rows(html: str) -> list[tuple[str, list[str], str]]:
    """The table's rows: (event id, ids of its places on the map, the row's HTML)."""
    return [(e, p.split(), row) for p, e, row in
            re.findall(r'<tr data-place="([^"]*)" data-event="([^"]+)">(.*?)</tr>', html)]


def test_every_placed_event_is_on_the_map_or_said_to_be_outside_it(course):
    """One row per event, in date order: its places on the map (data-place, the markers the
    card and the timeline link to) and, named in the row, any outside it."""
    for concern in ("minusma", "security", "russia", "jihadism", "politics", "region", "warnings"):
        m = EventMap(concern, course=course)
        rows = _rows(m.book_html())
        placed = [e for e in course.events_for(concern) if e.places]
        assert [e for e, _, _ in rows] == [e.id for e in placed], concern
        markers = {mk.place.id for mk in m.markers}
        for e, (eid, on_map, row) in zip(placed, rows):
            assert on_map == [p for p in e.places if p in markers], (concern, eid)
            for pid in e.places:
                assert course.places[pid].name in html.unescape(row)
        shown = markers | {p.id for p, _ in m.outside}
        assert shown == {pid for e in placed for pid in e.places}
        assert markers == {p for _, ps, _ in rows for p in ps}
    russia = EventMap("russia", course=course)
    assert "moscow" in {p.id for p, _ in russia.outside}
    row = next(r for _, _, r in _rows(russia.table_html()) if "Moscow" in r)
    assert "Moscow (Moscow, RUS) \u2014 outside the map" in row
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
    # the book's review map names its sources (publisher, date): the timeline above it and,
    # from the timeline's data, the map's card link them; the live notebook's table links them
    assert "<a href" not in security.book_html() and "<a href" in security.to_html()
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


# ---------------------------------------------------------------- stories: periods and order


def chapter_map(page: str, course) -> EventMap:
    """The map a chapter page draws, built from its own ``event_map(...)`` call (the arguments
    read from the page's MyST source, as literals), so that these tests check what readers see."""
    text = (ROOT / "chapters" / page).read_text(encoding="utf-8")
    cells = re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", text, re.S)
    calls = [n for cell in cells for n in ast.walk(ast.parse("\n".join(
        ln for ln in cell.splitlines() if not ln.startswith(":"))))
        if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "event_map"]
    assert len(calls) == 1, page
    call = calls[0]
    args = [ast.literal_eval(a) for a in call.args]
    kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
    return EventMap(*args, course=course, **kwargs)


@pytest.fixture(scope="module")
def jihadism(course):
    m = chapter_map("04-jihadism/review.md", course)
    assert m.periods, "chapter 4's review map tells its story period by period"
    return m


@pytest.fixture(scope="module")
def withdrawal(course):
    m = chapter_map("01-minusma/review.md", course)
    assert m.numbered, "chapter 1's review map numbers the withdrawal's departures"
    return m


def test_periods_partition_the_events_and_cover_the_markers(jihadism):
    m = jihadism
    ids = [e.id for p in m.periods for e in p.events]
    assert sorted(ids) == sorted(e.id for e in m.listed) and len(ids) == len(set(ids))
    for p, nxt in zip(m.periods, m.periods[1:] + [None]):
        for e in p.events:
            assert p.start is None or e.date.sort_key >= p.start.sort_key, (p.label, e.id)
            assert nxt is None or e.date.sort_key < nxt.start.sort_key, (p.label, e.id)
        # a period shows the markers of its events' places, and no other
        assert m.period_places(p) == sorted({pid for e in p.events for pid in e.places} & m.drawn)
    assert set().union(*(m.period_places(p) for p in m.periods)) == {mk.place.id for mk in m.markers}
    # each marker's events are split among the periods, none lost or repeated
    for mk in m.markers:
        assert sorted(e.id for p in m.periods for e in p.events if mk.place.id in e.places) == \
            sorted(e.id for e in mk.events)


def test_the_chapter_periods_show_the_spread_it_teaches(jihadism, course):
    """Chapter 4 teaches that the violence moved from the north to the centre, then to the
    borders, the south and the west. Its periods must show that in the course's data: the first
    has the north and nothing in the south-west; the centre (Mopti, Ségou) comes after; the west
    (Kayes region) and the capital's region only in later periods. If new events break this,
    re-read the chapter and choose its periods again."""
    regions = [{course.places[pid].region for pid in jihadism.period_places(p)} for p in jihadism.periods]
    north, south_west = {"Gao", "Tombouctou", "Kidal", "Ménaka"}, {"Kayes", "Koulikoro", "Bamako"}
    assert regions[0] & north and not regions[0] & south_west
    first = {r: next(i for i, rs in enumerate(regions) if r in rs) for r in set().union(*regions)}
    assert first["Ségou"] > 0 and first["Kayes"] == len(regions) - 1
    assert min(first[r] for r in south_west if r in first) > min(first[r] for r in north if r in first)
    assert min(first[r] for r in ("Mopti", "Ségou")) < first["Kayes"]


def test_the_table_grouped_by_period_is_the_text_alternative(jihadism):
    """Without script (and on paper) the map shows every place and the table tells the periods:
    a row group per period, in order, headed by its label, dates and counts."""
    html_ = jihadism.book_html()
    assert "ck-map-off" not in html_ and "ck-map-periods" not in html_  # buttons come from maps.js
    groups = re.findall(r'<tbody data-period="([^"]+)" data-span="([^"]+)"><tr class="ck-map-period">'
                        r'<th colspan="4" scope="rowgroup">([^<]+)</th></tr>(.*?)</tbody>', html_)
    assert [html.unescape(g[0]) for g in groups] == [p.label for p in jihadism.periods]
    for (label, span, head, body), p in zip(groups, jihadism.periods):
        assert html.unescape(span) == p.span()
        n_places, n_events = len(jihadism.period_places(p)), len(p.events)
        assert html.unescape(head) == (f"{p.label} ({p.span()}): {n_places} place{'s' * (n_places != 1)}, "
                                       f"{n_events} event{'s' * (n_events != 1)} on the map")
        assert re.findall(r'data-event="([^"]+)"', body) == [e.id for e in p.events]
    summary = jihadism.summary()
    assert all(f"{p.label} ({p.span()})" in summary for p in jihadism.periods)
    # a live notebook gets the same groups, its script inline, and the sources linked
    live = jihadism.to_html()
    assert "<script>" in live and "ck-map-periods" in live  # maps.js, which draws the buttons
    assert live.count("<tbody data-period=") == len(jihadism.periods) and "<a href" in live


@pytest.mark.parametrize("which", ["jihadism", "warnings_map"])
def test_on_paper_each_period_has_a_small_map_of_its_places(request, which, security):
    """The printed page cannot press the buttons: a map with periods (or groups) carries one
    small map per period, in order, with a dot at each of that period's places and no other,
    captioned as the table heads the period's rows; drawn on the book's shared basemap. Hidden
    on screen (maps.css), absent from a map without periods and from the live notebook view."""
    m = request.getfixturevalue(which)
    html_ = m.book_html()
    smalls = re.findall(r'<div class="ck-map-small" data-period="([^"]+)"><svg viewBox="0 0 (\d+) (\d+)" '
                        r'aria-hidden="true">(.*?)</svg><p>([^<]+)</p></div>', html_)
    assert [html.unescape(lb) for lb, *_ in smalls] == [p.label for p in m.periods]
    at = {(round(mk.x), round(mk.y)): mk.place.id for mk in m.markers}
    heads = dict(re.findall(r'<tbody data-period="([^"]+)"[^>]*><tr class="ck-map-period"><th [^>]*>([^<]+)</th>', html_))
    for (label, w, h, svg, caption), p in zip(smalls, m.periods):
        assert (int(w), int(h)) == (WIDTH, m.height)
        for layer in LAYERS:
            assert f'href="{STATIC_TOKEN}/{BASEMAP_FILE}#ck-{layer}"' in svg
        dots = [at[int(x), int(y)] for x, y in re.findall(r'<circle class="ck-map-dot" cx="(\d+)" cy="(\d+)"', svg)]
        assert sorted(dots) == m.period_places(p) and len(dots) == len(set(dots)), p.label
        assert caption == heads[label], p.label
    noun = m.noun if m.grouped else "period"
    assert f"The same map, {noun} by {noun}" in html_
    css = (ROOT / "coursekit" / "assets" / "maps.css").read_text()
    assert re.search(r"^\.ck-map-smalls \{ display: none; \}", css, re.M), "shown on screen"
    assert re.search(r"@media print \{[^@]*\.ck-map-smalls \{ display: grid;", css), "not shown on paper"
    assert 'class="ck-map-smalls"' not in m.to_html()
    assert 'class="ck-map-small' not in security.book_html()


def test_period_starts_are_events_or_dates_and_must_be_in_order(course):
    m = EventMap("jihadism", course=course, periods=[("Early", None), ("Late", "jnim-founded")])
    assert m.periods[1].start == course.events["jnim-founded"].date
    assert m.periods[0].end == _day_before(course.events["jnim-founded"].date)
    assert m.periods[1].span().startswith("from ")
    m = EventMap("jihadism", course=course, periods=[("Before", "2012"), ("After", "2023-07")])
    assert [p.span() for p in m.periods][0].endswith("\u2013 June 2023")
    bad = {
        "neither an event id": [("A", None), ("B", "no-such-event")],
        "no later than": [("A", None), ("B", "2020"), ("C", "2019")],
        "before the first period": [("A", "2020")],
        "only the first period": [("A", None), ("B", None)],
        "given twice": [("A", None), ("A", "2020")],
        "give \\(label, start\\)": [("A",)],
    }
    for message, periods in bad.items():
        with pytest.raises(ValueError, match=message):
            EventMap("jihadism", course=course, periods=periods)


def test_a_period_ends_the_day_month_or_year_before_the_next():
    assert _day_before(Date(2023, 7, 1)) == Date(2023, 6, 30)
    assert _day_before(Date(2024, 3, 1)) == Date(2024, 2, 29)
    assert _day_before(Date(2015, 1)) == Date(2014, 12)
    assert _day_before(Date(2025)) == Date(2024)
    assert Period("P", Date(2015, 1), Date(2021, 11, 30), ()).span() == "January 2015 \u2013 30 November 2021"


def test_numbers_follow_the_event_dates_in_the_markers_and_the_table(withdrawal, course):
    m = withdrawal
    dates = [e.date.sort_key for e in m.listed]
    assert dates == sorted(dates) and [m.numbers[e.id] for e in m.listed] == list(range(1, len(m.listed) + 1))
    html_ = m.book_html()
    # each marker's badge carries its events' numbers, and its name says them
    for mk in m.markers:
        nums = ",".join(str(m.numbers[e.id]) for e in sorted(mk.events, key=lambda e: e.sort_key))
        g = re.search(rf'<g class="ck-map-pt" data-place="{mk.place.id}"[^>]*aria-label="([^"]+)".*?</g>', html_).group(0)
        # (the space after the number keeps the number and the name apart in the text a screen
        # reader checks against the name: "2 Tessalit", which the name begins with)
        assert f'<text class="ck-map-num" ' in g and f">{nums} </text>" in g
        assert html.unescape(re.search(r'aria-label="([^"]+)"', g).group(1)).startswith(f"{nums} {mk.place.name}: ")
    # the markers in number order (the keyboard's order)
    assert [min(m.numbers_of(mk)) for mk in m.markers] == sorted(min(m.numbers_of(mk)) for mk in m.markers)
    # the table: the events in date order, each headed by its number
    rows = re.findall(r'<tr data-place="([^"]*)" data-event="([^"]+)"><th scope="row">(\d+)</th><td>([^<]*)</td>'
                      r'<td>([^<]+)</td>', html_)
    assert [r[1] for r in rows] == [e.id for e in m.listed]
    assert [int(r[2]) for r in rows] == list(range(1, len(rows) + 1))
    assert [r[4] for r in rows] == [e.date.label() for e in m.listed]


def test_the_withdrawal_map_says_what_it_cannot_draw(withdrawal, course):
    """An event with no place in the gazetteer keeps its number in the table, and the summary
    says it is not drawn and why; an event at two places puts its number on both. Chapter 1's
    map now draws every departure (Ber included), so its sentence promises no gap."""
    assert withdrawal.unplaced == [] and "Not drawn" not in withdrawal.summary()
    page = (ROOT / "chapters" / "01-minusma" / "review.md").read_text(encoding="utf-8")
    assert "not drawn" not in page and withdrawal.numbers["ber-camp-taken"] == 1 and "ber" in course.places
    unplaced = next(e.id for e in sorted(course.events.values(), key=lambda e: e.sort_key) if not e.places)
    m = EventMap(events=[e.id for e in withdrawal.listed] + [unplaced], course=course, numbered=True)
    assert [e.id for e in m.unplaced] == [unplaced]
    html_ = html.unescape(m.book_html())
    for e in m.unplaced:
        n = m.numbers[e.id]
        assert f'<tr data-place="" data-event="{e.id}"><th scope="row">{n}</th><td>Not drawn' in html_
        assert f"no. {n} (\u201c{e.title}\u201d)" in m.summary()
        assert "Not drawn, for want of a place with checked coordinates" in m.summary()
    shared = [e for e in m.events if len([p for p in e.places if p in m.drawn]) > 1]
    assert shared, "Kidal's last convoy (Kidal and Gao) is one event at two places"
    for e in shared:
        at = [mk for mk in m.markers if e in mk.events]
        assert len(at) > 1 and all(m.numbers[e.id] in m.numbers_of(mk) for mk in at)
        assert f"no. {m.numbers[e.id]} is one event at {len(at)} places" in m.summary()


@pytest.mark.parametrize("concern", [None, "security", "minusma"])
def test_numbered_badges_do_not_overlap_on_a_phone(withdrawal, course, concern):
    """At a phone's sizes (maps.css: badges of BADGE_R, dots of NUM_DOT_R, in the map's units)
    no badge covers another badge or another place's dot, and each stays inside the map."""
    m = withdrawal if concern is None else EventMap(concern, course=course, numbered=True)
    centres = {mk.place.id: (mk.x + m.badges[mk.place.id][0], mk.y + m.badges[mk.place.id][1]) for mk in m.markers}
    ids = list(centres)
    crowded = 0
    for i, a in enumerate(ids):
        x, y = centres[a]
        assert BADGE_R <= x <= WIDTH - BADGE_R and BADGE_R <= y <= m.height - BADGE_R, a
        for b in ids[i + 1:]:
            crowded += math.dist(centres[a], centres[b]) < 2 * BADGE_R
        for mk in m.markers:
            if mk.place.id != a:
                crowded += math.dist(centres[a], (mk.x, mk.y)) < BADGE_R + NUM_DOT_R
    if concern is None:
        assert crowded == 0
    else:  # a crowded map may not fit every badge; the layout keeps the overlaps few
        assert crowded <= len(ids) // 4, crowded


# ---------------------------------------------------------------- stories: groups chosen by hand


#: Chapter 7's warnings: the page and the section heading where each is graded.
WARNING_SECTIONS = {
    1: ("07-warnings/warnings-1-and-2.md", "Warning 1"), 2: ("07-warnings/warnings-1-and-2.md", "Warning 2"),
    3: ("07-warnings/warnings-3-to-5.md", "Warning 3"), 4: ("07-warnings/warnings-3-to-5.md", "Warning 4"),
    5: ("07-warnings/warnings-3-to-5.md", "Warning 5"),
}


def section_events(page: str, heading: str) -> list[str]:
    """The event ids a section of a chapter page cites with the {date} role, in order."""
    text = (ROOT / "chapters" / page).read_text(encoding="utf-8")
    sec = re.search(rf"^## {re.escape(heading)}\b.*?(?=^## |\Z)", text, re.S | re.M)
    assert sec, (page, heading)
    return list(dict.fromkeys(re.findall(r"\{date\}`([^`]+)`", sec.group(0))))


@pytest.fixture(scope="module")
def warnings_map(course):
    m = chapter_map("07-warnings/record.md", course)
    assert m.grouped and not m.numbered, "chapter 7's map tells its story warning by warning"
    return m


def _groups(html_: str) -> dict[str, list[tuple[str, list[str]]]]:
    """The table's row groups: label -> its rows as (event id, ids of its places on the map)."""
    out = {}
    for label, body in re.findall(r'<tbody data-period="([^"]+)"[^>]*>(.*?)</tbody>', html_):
        out[html.unescape(label)] = [(e, p.split()) for p, e in
                                     re.findall(r'<tr data-place="([^"]*)" data-event="([^"]+)">', body)]
    return out


def test_each_warning_group_is_the_events_its_section_cites(warnings_map, course):
    """Issue 14: for the closing chapter, each warning's geography. A group per warning, in
    order, with exactly the events its section cites; those with a place are its rows and its
    markers, the others are counted as not drawn. A new citation in a section must be added to
    the map's group (or this fails)."""
    m = warnings_map
    assert [p.label for p in m.periods] == ["1 Security vacuum", "2 Russia and Wagner", "3 Jihadist expansion",
                                           "4 Military rule", "5 Spillover"]
    assert all(len(p.label) <= 20 for p in m.periods), "a label must fit a button at 360 px"
    for p, (n, (page, heading)) in zip(m.periods, WARNING_SECTIONS.items()):
        assert p.group and p.label.startswith(f"{n} ")
        cited = section_events(page, heading)
        assert cited, heading
        assert sorted(e.id for e in p.events + p.unplaced) == sorted(cited), heading
        assert [e.id for e in p.events] == [e.id for e in sorted(p.events, key=lambda e: e.sort_key)]
        assert all(e.places for e in p.events) and not any(e.places for e in p.unplaced)
    # the map's events are the groups', each once
    ids = {e.id for p in m.periods for e in p.events}
    assert {e.id for e in m.listed} == ids and len(m.listed) == len(ids)
    assert {e.id for e in m.unplaced} == {e.id for p in m.periods for e in p.unplaced}


def test_an_event_in_two_groups_is_listed_under_each(warnings_map):
    """Kidal's capture is graded under warning 1 (the security vacuum) and warning 2 (Wagner):
    its row is in both groups, and the map counts it once (its marker, and the All view)."""
    m = warnings_map
    groups = _groups(m.book_html())
    assert list(groups) == [p.label for p in m.periods]
    shared = [e.id for e in m.listed if sum(e in p.events for p in m.periods) > 1]
    assert "kidal-retaken" in shared
    for eid in shared:
        holding = [p.label for p in m.periods if any(e.id == eid for e in p.events)]
        assert [lb for lb, rows in groups.items() if any(r[0] == eid for r in rows)] == holding
    kidal = next(mk for mk in m.markers if mk.place.id == "kidal")
    assert len(kidal.events) == len({e.id for e in kidal.events})
    assert f'aria-label="Kidal: {len(kidal.events)} events"' in m.book_html()
    # the summary says an event may be under two warnings, and counts each once
    assert "an event in two listed under each" in m.summary()
    assert f"where {len(m.listed)} of the {len(m.listed) + len(m.unplaced)} events" in m.summary()


def test_each_groups_table_is_the_markers_it_shows(warnings_map):
    """What a warning's button shows (its group's drawn places, maps.js reading the rows) is
    what its part of the table lists, and its heading says so; the groups cover every marker."""
    m = warnings_map
    html_ = m.book_html()
    groups = _groups(html_)
    markers = {mk.place.id for mk in m.markers}
    for p in m.periods:
        rows = groups[p.label]
        assert [e for e, _ in rows] == [e.id for e in p.events]
        shown = sorted({pid for _, ps in rows for pid in ps})
        assert shown == m.period_places(p) == sorted({pid for e in p.events for pid in e.places} & markers)
        n_ev = sum(1 for _, ps in rows if ps)
        head = re.search(rf'<tbody data-period="{re.escape(html.escape(p.label))}"[^>]*><tr class="ck-map-period">'
                         r'<th colspan="4" scope="rowgroup">([^<]+)</th>', html_).group(1)
        want = (f"{p.label} ({p.span()}): " if p.span() else f"{p.label}: ") + \
            f"{len(shown)} place{'s' * (len(shown) != 1)}, {n_ev} event{'s' * (n_ev != 1)} on the map"
        if p.unplaced:
            want += f"; {len(p.unplaced)} event{'s' * (len(p.unplaced) != 1)} with no place, not drawn"
        assert html.unescape(head) == want, p.label
        assert f"{p.label}, {n_ev} of {len(p.events) + len(p.unplaced)} drawn" in m.summary()
    assert set().union(*(m.period_places(p) for p in m.periods)) == markers
    # no script: every marker drawn, the buttons come from maps.js (which the figure names the groups for)
    assert "ck-map-off" not in html_ and "ck-map-periods" not in html_
    assert re.search(r'<figure class="ck-map" id="[^"]+" data-noun="warning"', html_)
    # the page has no timeline: the card offers none, and the table links the sources itself
    assert "timeline shows its place" not in html_ and "<a href=\"http" in html_


def test_a_group_is_shown_by_its_events_dates_or_without_any(course):
    """A group's span runs from its first to its last event, drawn or not (a phase that began
    with an undrawn event began then); a group whose events have no place lists none, still
    spans their dates, and says they are not drawn; an empty span only for no events."""
    placed = sorted((e for e in course.events.values() if e.places), key=lambda e: e.sort_key)
    bare = [e.id for e in course.events.values() if not e.places][:2]
    a, b = placed[0], placed[-1]
    m = EventMap(course=course, groups=[("Both", [b.id, a.id]), ("One", [a.id]), ("None", bare)])
    both, one, none = m.periods
    assert [e.id for e in both.events] == [a.id, b.id]
    assert both.span() == f"{a.date.label()} \u2013 {b.date.label()}" and one.span() == a.date.label()
    assert none.events == () and [e.id for e in none.unplaced] == bare
    dates = sorted((course.events[i] for i in bare), key=lambda e: e.sort_key)
    assert none.span() == (dates[0].date.label() if dates[0].date == dates[-1].date
                           else f"{dates[0].date.label()} \u2013 {dates[-1].date.label()}")
    mixed = EventMap(course=course, groups=[("Mixed", [a.id, *bare])]).periods[0]
    every = sorted([a, *(course.events[i] for i in bare)], key=lambda e: e.sort_key)
    assert mixed.span() == f"{every[0].date.label()} \u2013 {every[-1].date.label()}"
    from coursekit.maps import Period
    assert Period("Empty", None, None, (), (), group=True).span() == ""
    html_ = m.book_html()
    assert f'<tbody data-period="None" data-span="{html.escape(none.span())}"><tr class="ck-map-period">' in html_
    assert f"None ({none.span()}): 0 places, 0 events on the map; 2 events with no place, not drawn" in html.unescape(html_)
    assert 'data-noun="group"' in html_ and "timeline shows its place" in html_  # the defaults
    assert m.slug == "map-events" and m.title == "Where it happened"
    # a numbered map with groups keeps the events with no place as rows
    n = EventMap(course=course, numbered=True, groups=[("None", bare)])
    assert [e.id for e in n.periods[0].events] == bare and n.periods[0].unplaced == ()


def test_group_errors_name_the_group_and_the_id(course):
    kidal = "kidal-retaken"
    bad = {
        r"group '2 Wagner': unknown event id 'no-such-event'": [("1 Vacuum", [kidal]), ("2 Wagner", [kidal, "no-such-event"])],
        r"group 'Empty' has no events": [("Empty", [])],
        r"group 'A' is given twice": [("A", [kidal]), ("A", [kidal])],
        rf"group 'A': event id '{kidal}' is given twice": [("A", [kidal, kidal])],
        r"group #1: give \(label, \[event ids\]\)": [("A",)],
        r"group #2: give \(label, \[event ids\]\)": [("A", [kidal]), ("", [kidal])],
        r"groups: give at least one": [],
    }
    for message, groups in bad.items():
        with pytest.raises(ValueError, match=message):
            EventMap(course=course, groups=groups)
    with pytest.raises(ValueError, match="periods or groups, not both"):
        EventMap("security", course=course, periods=[("All", None)], groups=[("A", [kidal])])
    with pytest.raises(ValueError, match="give no events"):
        EventMap(events=[kidal], course=course, groups=[("A", [kidal])])
    other = next(e.id for e in course.events.values() if "security" not in e.concerns)
    with pytest.raises(ValueError, match=rf"group 'A': event '{other}' is not one of the events of concern 'security'"):
        EventMap("security", course=course, groups=[("A", [kidal, other])])
    # with a concern: its title, and the groups' events only
    m = EventMap("security", course=course, groups=[("A", [kidal])])
    assert [e.id for e in m.listed] == [kidal] and m.title.startswith("The security vacuum")
