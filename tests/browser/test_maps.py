"""Maps as readers use them: on a phone and a desktop, light and dark; a tap on a place lists
its events with their sources; the timeline and the map follow each other; the keyboard
works; the text alternative is there."""

import pytest

from coursekit.book import chapter_pages

from .conftest import ROOT, SITE
from .test_modes import contrast

pytestmark = pytest.mark.site

MAPS = [f"{p}.html" for pages in chapter_pages(ROOT).values() for p in pages
        if (SITE / f"{p}.html").exists() and 'class="ck-map"' in (SITE / f"{p}.html").read_text(encoding="utf-8")]


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
        land = fig.locator("use.ck-map-land")
        page.wait_for_function("u => u.getBBox().width > 300", arg=land.element_handle())
        svg = fig.locator("svg").bounding_box()
        assert svg["width"] <= 360
        fill = land.evaluate("u => getComputedStyle(u).fill")
        sea = fig.locator(".ck-map-sea").evaluate("r => getComputedStyle(r).fill")
        assert fill != sea and "rgb(244, 241, 234)" not in fill, "dark mode: the land takes the dark palette"
        # the rivers (the Niger among them) come from the same file, in the dark palette
        rivers = fig.locator("use.ck-map-rivers")
        page.wait_for_function("u => u.getBBox().width > 200", arg=rivers.element_handle())
        assert rivers.evaluate("u => getComputedStyle(u).stroke") == "rgb(92, 159, 220)"
        markers = set(fig.locator(".ck-map-pt").evaluate_all("gs => gs.map(g => g.dataset.place)"))
        rows = fig.locator("tr[data-place]").evaluate_all(
            "rs => rs.filter(r => !r.cells[0].textContent.includes('outside the map')).map(r => r.dataset.place)")
        assert markers and markers == set(rows), (path, markers ^ set(rows))
        inside = fig.locator(".ck-map-pt").evaluate_all("""(gs) => {
            const box = gs[0].ownerSVGElement.getBoundingClientRect();
            return gs.every(g => { const r = g.querySelector('.ck-map-dot').getBoundingClientRect();
                return r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1; });
        }""")
        assert inside
    assert v.external == [] and v.errors() == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_a_tap_on_a_place_lists_its_events(visit, scheme, width):
    v = visit("chapters/02-security/review.html", color_scheme=scheme, width=width, height=844)
    page = v.page
    page.wait_for_function("() => document.querySelector('figure.ck-map.ck-map-live')")
    svg = page.locator("figure.ck-map svg")
    box = svg.bounding_box()
    assert box["width"] <= width and box["height"] > 200
    page.locator("figure.ck-map svg").scroll_into_view_if_needed()
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
    rows = page.locator(f"figure.ck-map tr[data-place='{place}'] .ck-map-ev").all_text_contents()
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
        "rs => rs.map(r => [r.dataset.event, r.dataset.place])")
    on_timeline = set(page.locator("figure.ck-timeline .ck-tl-ev").evaluate_all("bs => bs.map(b => b.dataset.id)"))
    event, place = next((e, p) for e, p in placed if e in on_timeline)
    # timeline -> map: selecting the event marks its place and opens its card
    page.locator(f"figure.ck-timeline .ck-tl-ev[data-id='{event}']").click()
    marked = page.locator("figure.ck-map .ck-map-pt.ck-map-on")
    assert marked.get_attribute("data-place") == place
    assert page.locator("figure.ck-map .ck-map-card .ck-map-chosen").count() == 1
    # map -> timeline: the card's link selects the event on the timeline
    other = next((e, p) for e, p in placed if e in on_timeline and e != event)
    page.locator(f"figure.ck-map .ck-map-pt[data-place='{other[1]}']").click()
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
    assert table.locator("tbody tr").count() >= pts.count()
    assert "Natural Earth" in page.locator("figure.ck-map .ck-map-note").inner_text()
    assert v.errors() == []
