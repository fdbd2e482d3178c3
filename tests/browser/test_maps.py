"""Maps as readers use them: on a phone and a desktop, light and dark; a tap on a place lists
its events with their sources; the timeline and the map follow each other; the keyboard
works; the text alternative is there."""

import re

import pytest

from coursekit.book import chapter_pages

from .conftest import ROOT, SITE
from .test_modes import contrast

pytestmark = pytest.mark.site

#: The review pages' maps (any but a chapter's opening map, ``ck-map--overview``).
MAPS = [f"{p}.html" for pages in chapter_pages(ROOT).values() for p in pages
        if (SITE / f"{p}.html").exists()
        and re.search(r'<figure class="ck-map(?! ck-map--overview)[^"]*"', (SITE / f"{p}.html").read_text(encoding="utf-8"))]


#: Every page with a map of any kind: the review pages' and the chapters' opening maps.
ANY_MAP = [f"{p}.html" for pages in chapter_pages(ROOT).values() for p in pages
           if (SITE / f"{p}.html").exists() and '<figure class="ck-map' in (SITE / f"{p}.html").read_text(encoding="utf-8")]


def test_chapters_have_maps():
    assert len(MAPS) >= 6, MAPS


def test_every_chapter_opens_with_its_map():
    """Overview first: each chapter's first page carries its map (issue 14, point 4)."""
    firsts = [f"{pages[0]}.html" for pages in chapter_pages(ROOT).values()]
    assert len(firsts) == 7 and [p for p in firsts if p not in ANY_MAP] == []


@pytest.mark.parametrize("path", ANY_MAP)
def test_every_map_draws_from_the_book_alone(visit, path):
    """At 360 px in dark mode: the country outlines come from the book's own basemap file (and
    are drawn: the <use> has a size), every marker sits inside the map, each place in the
    table has its marker and each marker its rows, and nothing is asked of another host."""
    v = visit(path, width=360, height=780, color_scheme="dark")
    page = v.page
    page.wait_for_function("() => [...document.querySelectorAll('figure.ck-map')].every(f => f.classList.contains('ck-map-live'))")
    for fig in page.locator("figure.ck-map").all():
        fig.scroll_into_view_if_needed()
        land = fig.locator("svg.ck-map-svg use.ck-map-land")  # the large map (not those printed small)
        page.wait_for_function("u => u.getBBox().width > 300", arg=land.element_handle())
        svg = fig.locator("svg.ck-map-svg").bounding_box()
        assert svg["width"] <= 360
        fill = land.evaluate("u => getComputedStyle(u).fill")
        sea = fig.locator("svg.ck-map-svg .ck-map-sea").evaluate("r => getComputedStyle(r).fill")
        assert fill != sea and "rgb(244, 241, 234)" not in fill, "dark mode: the land takes the dark palette"
        # the rivers (the Niger among them) come from the same file, in the dark palette
        rivers = fig.locator("svg.ck-map-svg use.ck-map-rivers")
        page.wait_for_function("u => u.getBBox().width > 200", arg=rivers.element_handle())
        assert rivers.evaluate("u => getComputedStyle(u).stroke") == "rgb(92, 159, 220)"
        markers = set(fig.locator(".ck-map-pt").evaluate_all("gs => gs.map(g => g.dataset.place)"))
        # each row lists the ids of its event's places on the map (those outside it are named)
        rows = fig.locator("tr[data-event]").evaluate_all(
            "rs => rs.flatMap(r => r.dataset.place.split(' ').filter(Boolean))")
        assert markers and markers == set(rows), (path, markers ^ set(rows))
        inside = fig.locator(".ck-map-pt").evaluate_all("""(gs) => {
            const box = gs[0].ownerSVGElement.getBoundingClientRect();
            return gs.every(g => [...g.querySelectorAll('.ck-map-dot, .ck-map-badge')].every(c => {
                const r = c.getBoundingClientRect();
                return r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1; }));
        }""")
        assert inside
    assert v.external == [] and v.errors() == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_a_tap_on_a_place_lists_its_events(visit, scheme, width):
    v = visit("chapters/02-security/review.html", color_scheme=scheme, width=width, height=844)
    page = v.page
    page.wait_for_function("() => document.querySelector('figure.ck-map.ck-map-live')")
    svg = page.locator("figure.ck-map svg.ck-map-svg")
    box = svg.bounding_box()
    assert box["width"] <= width and box["height"] > 200
    page.locator("figure.ck-map svg.ck-map-svg").scroll_into_view_if_needed()
    # a tap on the middle of a marker that no other marker covers there
    place, x, y = page.evaluate("""() => {
        for (const g of document.querySelectorAll('figure.ck-map .ck-map-pt')) {
            const r = g.querySelector('.ck-map-dot').getBoundingClientRect();
            const x = r.left + r.width / 2, y = r.top + r.height / 2;
            if (document.elementFromPoint(x, y)?.closest('.ck-map-pt') === g) return [g.dataset.place, x, y];
        }
        return [null, 0, 0];
    }""")
    assert place, "every marker is covered by another"
    pt = page.locator(f"figure.ck-map .ck-map-pt[data-place='{place}']")
    # the target a finger gets: at least 24 px across on any screen
    hit = pt.locator(".ck-map-hit").bounding_box()
    assert hit["width"] >= 24 and hit["height"] >= 24, hit
    page.mouse.click(x, y)
    card = page.locator("figure.ck-map .ck-map-card")
    rows = page.locator(f"figure.ck-map tr[data-place~='{place}'] .ck-map-ev").all_text_contents()
    text = card.inner_text()
    assert rows and all(r in text for r in rows), (rows, text)
    assert "Sources:" in text
    assert "ck-map-on" in pt.get_attribute("class")
    # the label text stands out from the map's land and its own halo
    colour, halo = pt.locator("text").evaluate("t => [getComputedStyle(t).fill, getComputedStyle(t).stroke]")
    assert contrast(colour, halo) >= 4.5
    card_colour = card.evaluate("c => [getComputedStyle(c).color, getComputedStyle(c).backgroundColor]")
    assert contrast(*card_colour) >= 4.5
    assert v.errors() == []


def test_the_timeline_and_the_map_follow_each_other(visit):
    v = visit("chapters/02-security/review.html", width=390, height=844)
    page = v.page
    page.wait_for_function("() => document.querySelector('figure.ck-map.ck-map-live') && "
                           "document.querySelector('figure.ck-timeline.ck-tl-live')")
    placed = page.locator("figure.ck-map tr[data-event]").evaluate_all(
        "rs => rs.filter(r => r.dataset.place).map(r => [r.dataset.event, r.dataset.place.split(' ')])")
    on_timeline = set(page.locator("figure.ck-timeline .ck-tl-ev").evaluate_all("bs => bs.map(b => b.dataset.id)"))
    event, place = next((e, p) for e, p in placed if e in on_timeline)
    # timeline -> map: selecting the event marks its place and opens its card
    page.locator(f"figure.ck-timeline .ck-tl-ev[data-id='{event}']").click()
    marked = page.locator("figure.ck-map .ck-map-pt.ck-map-on")
    assert marked.get_attribute("data-place") in place  # one of the event's places
    assert page.locator("figure.ck-map .ck-map-card .ck-map-chosen").count() == 1
    # map -> timeline: the card's link selects the event on the timeline
    other = next((e, p) for e, p in placed if e in on_timeline and e != event)
    page.locator(f"figure.ck-map .ck-map-pt[data-place='{other[1][0]}']").click()
    page.locator(f"figure.ck-map .ck-map-card a[href='#{other[0]}']").click()
    page.wait_for_function(f"() => document.querySelector(\"figure.ck-timeline .ck-tl-ev[data-id='{other[0]}']\")"
                           ".getAttribute('aria-current') === 'true'")
    assert v.errors() == []


def test_the_map_works_from_the_keyboard_and_has_its_table(visit):
    v = visit("chapters/01-minusma/review.html", width=1280, height=900)
    page = v.page
    page.wait_for_function("() => document.querySelector('figure.ck-map.ck-map-live')")
    pts = page.locator("figure.ck-map .ck-map-pt")
    assert page.locator("figure.ck-map .ck-map-pt[tabindex='0']").count() == 1  # one tab stop
    pts.first.focus()
    page.keyboard.press("Enter")
    first = pts.first.get_attribute("aria-label").split(":")[0]
    assert page.locator("figure.ck-map .ck-map-card").inner_text().startswith(first)
    page.keyboard.press("ArrowRight")
    second = pts.nth(1).get_attribute("aria-label").split(":")[0]
    assert page.evaluate("document.activeElement.getAttribute('data-place')") == pts.nth(1).get_attribute("data-place")
    assert page.locator("figure.ck-map .ck-map-card").inner_text().startswith(second)
    table = page.locator("figure.ck-map details.ck-map-table")
    table.locator("summary").click()
    # every marker's place is in the table (an event at two places is one row naming both)
    in_rows = set(" ".join(table.locator("tbody tr[data-event]").evaluate_all("rs => rs.map(r => r.dataset.place)")).split())
    assert set(pts.evaluate_all("gs => gs.map(g => g.dataset.place)")) <= in_rows
    assert "Natural Earth" in page.locator("figure.ck-map .ck-map-note").inner_text()
    assert v.errors() == []


# ---------------------------------------------------------------- story maps (issue 14, point 3)
#: What a period's markers and live region must say, read from the table (the text alternative):
#: the places of the period's rows, and its events with a place on the map.
PERIOD_EXPECTED = """(fig) => [...fig.querySelectorAll('tbody[data-period]')].map(g => {
    const rows = [...g.querySelectorAll('tr[data-event]')].filter(r => r.dataset.place);
    const places = new Set(rows.flatMap(r => r.dataset.place.split(' ')));
    return {label: g.dataset.period, span: g.dataset.span, places: [...places].sort(), events: rows.length};
})"""
SHOWN = """(fig) => [...fig.querySelectorAll('.ck-map-pt')]
    .filter(g => getComputedStyle(g).display !== 'none').map(g => g.dataset.place).sort()"""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _story_row(fig, buttons):
    """A story map's row of buttons (periods or groups): a live region for what it shows, the
    row above the map, inside a 360 px phone, each button a finger's target. Returns the region."""
    status = fig.locator(".ck-map-status")
    assert status.get_attribute("aria-live") == "polite"
    fig.locator(".ck-map-periods").scroll_into_view_if_needed()
    svg_top = fig.locator("svg.ck-map-svg").bounding_box()["y"]
    for b in buttons.all():
        box = b.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360 and box["height"] >= 44 and box["y"] < svg_top
    return status


def _press_each_from_the_keyboard(page, fig, buttons, expected):
    """Tab from All to each button, Enter (or Space) to press it: yields each story after its
    button is the only one pressed and the map shows exactly its places."""
    buttons.first.focus()
    for i, p in enumerate(expected, 1):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == p["label"]
        page.keyboard.press("Enter" if i % 2 else " ")
        assert buttons.evaluate_all("bs => bs.map(b => b.getAttribute('aria-pressed'))") == \
            ["true" if j == i else "false" for j in range(len(expected) + 1)]
        assert fig.evaluate(SHOWN) == p["places"], p["label"]
        yield p


def _on_paper(page, fig, expected, all_markers):
    """Print the page: no buttons, every place on the large map whatever was pressed, and under
    it one small map per period (hidden on screen), in order, drawn on the shared basemap, with
    a dot at each of its places, captioned as the table heads its rows."""
    smalls = fig.locator(".ck-map-smalls")
    assert smalls.evaluate("e => getComputedStyle(e).display") == "none", "the small maps show on screen"
    page.emulate_media(media="print")
    try:
        assert fig.locator(".ck-map-periods").evaluate("e => getComputedStyle(e).display") == "none"
        assert fig.evaluate(SHOWN) == all_markers
        drawn = smalls.locator(".ck-map-small").evaluate_all("""ds => ds.map(d => {
            const svg = d.querySelector('svg').getBoundingClientRect();
            const mali = d.querySelector('use.ck-map-mali').getBoundingClientRect();
            return {label: d.dataset.period, caption: d.querySelector('p').textContent,
                    dots: d.querySelectorAll('circle.ck-map-dot').length,
                    svg: [svg.width, svg.height], mali: [mali.width, mali.height]};
        })""")
        heads = fig.locator("tr.ck-map-period th").all_text_contents()
        assert [d["label"] for d in drawn] == [p["label"] for p in expected]
        for d, p, head in zip(drawn, expected, heads):
            assert d["dots"] == len(p["places"]) and d["caption"] == head, p["label"]
            assert d["svg"][0] > 100 and d["svg"][1] > 60, f"{p['label']}: small map not laid out"
            assert d["mali"][0] > 20 and d["mali"][1] > 20, f"{p['label']}: the basemap did not draw"
    finally:
        page.emulate_media(media="screen")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_period_buttons_show_one_period_at_a_time(visit, scheme):
    """Chapter 4's map at 360 px: All and a button per period above the map, reached and
    pressed from the keyboard (aria-pressed), each showing only its period's markers and saying
    so in a live region; a tap lists the place's events of that period; the timeline's choice of
    an event in another period switches to it; on paper every place is shown."""
    v = visit("chapters/04-jihadism/review.html", width=360, height=780, color_scheme=scheme)
    page = v.page
    page.wait_for_function("() => document.querySelector('figure.ck-map.ck-map-live .ck-map-periods')")
    fig = page.locator("figure.ck-map").filter(has=page.locator(".ck-map-periods"))
    expected = fig.evaluate(PERIOD_EXPECTED)
    buttons = fig.locator(".ck-map-periods button")
    assert len(expected) >= 3 and buttons.all_inner_texts() == ["All"] + [p["label"] for p in expected]
    status = _story_row(fig, buttons)
    all_markers = sorted(fig.locator(".ck-map-pt").evaluate_all("gs => gs.map(g => g.dataset.place)"))
    assert fig.evaluate(SHOWN) == all_markers
    total = sum(p["events"] for p in expected)
    assert status.inner_text() == f"{_plural(len(all_markers), 'place')}, {_plural(total, 'event')}, all periods"
    # from the keyboard: Tab from All to each period's button, Enter (or Space) to press it
    for p in _press_each_from_the_keyboard(page, fig, buttons, expected):
        assert status.inner_text() == (f"{_plural(len(p['places']), 'place')}, {_plural(p['events'], 'event')}, "
                                       f"{p['label']} ({p['span']})")
    # the pressed button stands out, and its text reads, in either scheme
    pressed = fig.locator(".ck-map-periods button[aria-pressed='true']")
    assert contrast(*pressed.evaluate("b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]")) >= 4.5
    plain = buttons.first
    assert contrast(*plain.evaluate("b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]")) >= 4.5
    # a place shown in two periods lists, in each, that period's events only
    both = next((a for a in expected[-1]["places"] if any(a in p["places"] for p in expected[:-1])), None)
    assert both, "no place has events in two periods"
    fig.locator(f".ck-map-pt[data-place='{both}']").click()
    want = fig.locator(f"tbody[data-period] >> nth={len(expected) - 1}").locator(
        f"tr[data-place~='{both}'] .ck-map-ev").all_text_contents()
    items = fig.locator(".ck-map-card li").all_inner_texts()
    assert len(items) == len(want) and all(any(w in it for w in want) for it in items)
    # the card links the sources, from the timeline's data, which the tap has loaded
    fig.locator(".ck-map-card .ck-map-src a[href^='http']").first.wait_for()
    # the timeline chooses an event of the first period: the map switches to that period
    first_ids = fig.locator("tbody[data-period] >> nth=0").locator("tr[data-event]").evaluate_all(
        "rs => rs.filter(r => r.dataset.place).map(r => r.dataset.event)")
    on_timeline = [i for i in first_ids if page.locator(f"figure.ck-timeline .ck-tl-ev[data-id='{i}']").count()]
    assert on_timeline
    page.locator(f"figure.ck-timeline .ck-tl-ev[data-id='{on_timeline[0]}']").click()
    assert buttons.nth(1).get_attribute("aria-pressed") == "true"
    assert fig.evaluate(SHOWN) == expected[0]["places"]
    assert fig.locator(".ck-map-card .ck-map-chosen").count() == 1
    # All again; then on paper: no buttons, every place, whatever was pressed
    buttons.nth(2).click()
    _on_paper(page, fig, expected, all_markers)
    assert v.errors() == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_withdrawal_map_numbers_the_departures_in_order(visit, scheme):
    """Chapter 1's map at 360 px: each place a badge with its event's number, badges that do
    not cover one another, a number that reads on its badge, the keyboard moving in number
    order, and the table in that order (the events with no place kept in it, said not drawn)."""
    v = visit("chapters/01-minusma/review.html", width=360, height=780, color_scheme=scheme)
    page = v.page
    page.wait_for_function("() => document.querySelector('figure.ck-map--numbered.ck-map-live')")
    fig = page.locator("figure.ck-map--numbered")
    fig.locator("svg.ck-map-svg").scroll_into_view_if_needed()
    rows = fig.locator("tr[data-event]").evaluate_all(
        "rs => rs.map(r => [Number(r.querySelector('th').textContent), r.dataset.place, r.cells[1].textContent])")
    assert [n for n, _, _ in rows] == list(range(1, len(rows) + 1))
    unplaced = [n for n, places, _ in rows if not places]
    assert all(rows[n - 1][2].startswith("Not drawn") for n in unplaced)
    summary = fig.locator(".ck-map-summary").inner_text()
    assert all(f"no. {n} (" in summary for n in unplaced) and ("Not drawn" in summary) == bool(unplaced)
    # each badge carries the numbers of the rows at its place
    badges = fig.locator(".ck-map-pt").evaluate_all(
        "gs => gs.map(g => [g.dataset.place, g.querySelector('.ck-map-num').textContent.trim()])")
    for place, text in badges:
        assert text == ",".join(str(n) for n, places, _ in rows if place in places.split()), place
    # the keyboard's order is the numbers' order
    assert [int(t.split(",")[0]) for _, t in badges] == sorted(int(t.split(",")[0]) for _, t in badges)
    # at a phone's size the badges do not cover one another and are big enough to read and tap
    circles = fig.locator(".ck-map-badge").evaluate_all("""cs => cs.map(c => {
        const r = c.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2, r.width / 2]; })""")
    assert min(r for _, _, r in circles) >= 8
    for i, (x1, y1, r1) in enumerate(circles):
        for x2, y2, r2 in circles[i + 1:]:
            assert ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** .5 >= r1 + r2 - 0.5
    num, disc = fig.locator(".ck-map-pt").first.evaluate(
        "g => [getComputedStyle(g.querySelector('.ck-map-num')).fill, getComputedStyle(g.querySelector('.ck-map-badge')).fill]")
    assert contrast(num, disc) >= 4.5
    # Tab reaches the first badge; Enter opens its card, headed by its number; arrows go on in order
    pts = fig.locator(".ck-map-pt")
    assert fig.locator(".ck-map-pt[tabindex='0']").count() == 1
    pts.first.focus()
    page.keyboard.press("Enter")
    card = fig.locator(".ck-map-card")
    # (headed as its accessible name begins: the badge's number, then the place)
    assert card.inner_text().startswith(f"{badges[0][1]} ")
    page.keyboard.press("ArrowRight")
    assert card.inner_text().startswith(f"{badges[1][1]} ")
    assert "ck-map-on" in pts.nth(1).get_attribute("class")
    assert v.errors() == []


#: The rows of every event of a map with groups, each event once (what All shows), with the
#: ids of its places on the map.
UNIQUE_PLACED = """(fig) => {
    const seen = new Map();
    fig.querySelectorAll('tr[data-event]').forEach(r => {
        if (r.dataset.place && !seen.has(r.dataset.event)) seen.set(r.dataset.event, r.dataset.place.split(' '));
    });
    return [...seen.entries()];
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_warning_buttons_show_each_warnings_places(visit, scheme):
    """Chapter 7's map of the five warnings at 360 px (issue 14: each warning's geography):
    All and a button per warning, each showing the places of the events its section cites and
    saying so in a live region; an event graded under two warnings (Kidal's capture) is listed
    under each, and All counts it once. The page has no timeline: the card links the sources
    itself and offers no timeline. On paper every place is shown."""
    v = visit("chapters/07-warnings/record.html", width=360, height=780, color_scheme=scheme)
    page = v.page
    page.wait_for_function("() => document.querySelector(\"figure.ck-map[data-noun='warning'].ck-map-live .ck-map-periods\")")
    fig = page.locator("figure.ck-map[data-noun='warning']")
    assert fig.count() == 1
    expected = fig.evaluate(PERIOD_EXPECTED)
    labels = ["1 Security vacuum", "2 Russia and Wagner", "3 Jihadist expansion", "4 Military rule", "5 Spillover"]
    assert [p["label"] for p in expected] == labels
    buttons = fig.locator(".ck-map-periods button")
    assert buttons.all_inner_texts() == ["All"] + labels
    assert fig.locator(".ck-map-periods").get_attribute("aria-label") == "Show a warning"
    status = _story_row(fig, buttons)
    # All: every marker, each event counted once though it is listed under two warnings
    all_markers = sorted(fig.locator(".ck-map-pt").evaluate_all("gs => gs.map(g => g.dataset.place)"))
    unique = fig.evaluate(UNIQUE_PLACED)
    assert sorted({p for _, ps in unique for p in ps}) == all_markers
    assert sum(p["events"] for p in expected) > len(unique), "no event is listed under two warnings"
    assert fig.evaluate(SHOWN) == all_markers
    assert status.inner_text() == f"{_plural(len(all_markers), 'place')}, {_plural(len(unique), 'event')}, all warnings"
    # from the keyboard: Tab from All to each warning's button, Enter (or Space) to press it
    for p in _press_each_from_the_keyboard(page, fig, buttons, expected):
        what = f"{p['label']} ({p['span']})" if p["span"] else p["label"]
        assert status.inner_text() == f"{_plural(len(p['places']), 'place')}, {_plural(p['events'], 'event')}, {what}"
    # the pressed button stands out, and its text reads, in either scheme
    pressed = fig.locator(".ck-map-periods button[aria-pressed='true']")
    assert contrast(*pressed.evaluate("b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]")) >= 4.5
    plain = buttons.first
    assert contrast(*plain.evaluate("b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]")) >= 4.5
    # Kidal's capture is under warnings 1 and 2: under warning 2, Kidal's card lists warning 2's
    # events there; under All, each of Kidal's events once (Enter on the marker: at 360 px the
    # neighbouring markers' targets overlap Kidal's, so a tap may land on one of them)
    rows2 = fig.locator("tbody[data-period] >> nth=1").locator("tr[data-place~='kidal']")
    assert "kidal-retaken" in fig.locator("tbody[data-period] >> nth=0").locator("tr[data-event]").evaluate_all(
        "rs => rs.map(r => r.dataset.event)")
    assert "kidal-retaken" in rows2.evaluate_all("rs => rs.map(r => r.dataset.event)")
    buttons.nth(2).click()
    kidal = fig.locator(".ck-map-pt[data-place='kidal']")
    kidal.focus()
    page.keyboard.press("Enter")
    want = rows2.locator(".ck-map-ev").all_text_contents()
    items = fig.locator(".ck-map-card li").all_inner_texts()
    assert len(items) == len(want) and all(any(w in it for w in want) for it in items)
    assert fig.locator(".ck-map-card").inner_text().startswith(f"Kidal \u00b7 {_plural(len(want), 'event')}")
    # no timeline on this page: the card links the sources from the table, and offers no timeline
    assert fig.locator(".ck-map-card .ck-map-src a[href^='http']").count() >= 1
    assert fig.locator(".ck-map-card .ck-map-to-tl").count() == 0
    buttons.first.click()
    at_kidal = sorted(e for e, ps in unique if "kidal" in ps)
    assert kidal.get_attribute("aria-label") == f"Kidal: {_plural(len(at_kidal), 'event')}"
    kidal.focus()
    page.keyboard.press("Enter")
    assert fig.locator(".ck-map-card li").count() == len(at_kidal)
    # on paper: no buttons, every place, whatever was pressed
    buttons.nth(4).click()
    _on_paper(page, fig, expected, all_markers)
    assert v.errors() == []
