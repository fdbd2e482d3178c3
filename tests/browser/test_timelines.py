"""Does each timeline in the built book read on a phone and on a desktop: every event's title in
view without a tap, a card that steps through the events (buttons, keys, swipe), a link to
each event, and a table that stays compact on a phone?"""

import re

import pytest

from coursekit.book import chapter_pages
from coursekit.data import course as real_course

from .conftest import ROOT, SITE, site_pages

pytestmark = pytest.mark.site


def timelines():
    out = []
    for path in site_pages() if SITE.exists() else []:
        html = (SITE / path).read_text(encoding="utf-8")
        out += [(path, fid) for fid in re.findall(r'<figure class="ck-timeline" id="([^"]+)"', html)]
    return out


TIMELINES = timelines()
PHONE = {"width": 390, "height": 844}

#: Each marker's box, name and data-id, and what the card shows.
MARKERS = """fig => Array.from(fig.querySelectorAll('.ck-tl-ev')).map(b => {
    const r = b.getBoundingClientRect(), n = b.querySelector('.ck-tl-name');
    return {id: b.dataset.id, x: r.left + b.parentNode.parentNode.scrollLeft, y: r.top, w: r.width,
            h: r.height, name: n.textContent, font: parseFloat(getComputedStyle(n).fontSize)};
})"""


def card(page, fid):
    return page.evaluate(f"""() => {{
        const f = document.getElementById('{fid}');
        const sel = f.querySelector('.ck-tl-ev[aria-current="true"]');
        return {{selected: sel && sel.dataset.id, count: f.querySelector('.ck-tl-count').textContent,
                 when: f.querySelector('.ck-timeline-when time')?.getAttribute('datetime'),
                 headline: f.querySelector('.ck-tl-headline')?.textContent,
                 source: f.querySelector('.ck-timeline-source')?.textContent,
                 hash: decodeURIComponent(location.hash.slice(1))}};
    }}""")


def test_every_chapter_has_a_timeline():
    chapters = chapter_pages(ROOT)
    with_timeline = {p for p, _ in TIMELINES}
    missing = [ch for ch, docs in chapters.items() if not {f"{d}.html" for d in docs} & with_timeline]
    assert chapters and missing == [], f"no timeline on any page of {missing}"


@pytest.mark.parametrize("path, fid", TIMELINES)
def test_every_event_reads_on_a_phone_without_a_tap(visit, path, fid):
    """At 390 px, each event of the table has a marker showing its date and title (at least
    11 px, clipped to two lines at most), no marker covers another, and the chapter's lanes
    are labelled; the page itself never scrolls sideways."""
    v = visit(path, **PHONE)
    fig = v.page.locator(f"#{fid}")
    fig.scroll_into_view_if_needed()
    v.page.wait_for_function(f"() => document.querySelector('#{fid}').classList.contains('ck-tl-live')")
    markers = fig.evaluate(MARKERS)
    listed = fig.locator("details.ck-timeline-table").get_attribute("data-events").split()
    assert [m["id"] for m in markers] == listed
    course = real_course()
    for m in markers:
        ev = course.events[m["id"]]
        assert m["name"] == ev.title, m["id"]
        assert m["font"] >= 11 and m["h"] >= 40 and m["w"] >= 120, m
    for i, a in enumerate(markers):
        for b in markers[i + 1:]:
            apart = (a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"]
                     or a["y"] + a["h"] <= b["y"] or b["y"] + b["h"] <= a["y"])
            assert apart, f"{a['id']} and {b['id']} overlap"
    labels = fig.locator(".ck-tl-lane-label").all_inner_texts()
    assert labels and labels[0] in ("This chapter's events", "Events from other chapters")
    assert v.page.evaluate("document.documentElement.scrollWidth") <= 390
    assert v.errors() == []


@pytest.mark.parametrize("path, fid", TIMELINES)
def test_selecting_an_event_shows_it_on_the_card_with_its_source(visit, path, fid):
    v = visit(path, **PHONE)
    page = v.page
    page.wait_for_function(f"() => document.querySelector('#{fid}').classList.contains('ck-tl-live')")
    ids = page.locator(f"#{fid} .ck-tl-ev").evaluate_all("bs => bs.map(b => b.dataset.id)")
    # on load, the first event is on the card
    first = card(page, fid)
    assert first["selected"] == ids[0] and first["count"] == f"1 of {len(ids)}"
    course = real_course()
    target = ids[len(ids) // 2]
    page.locator(f"#{fid} .ck-tl-ev[data-id='{target}']").click()
    shown = card(page, fid)
    ev = course.events[target]
    assert shown["selected"] == target and shown["hash"] == target
    assert shown["headline"] == ev.title and shown["when"] == ev.date.iso()
    page.locator(f"#{fid} .ck-timeline-detail .ck-timeline-source").wait_for()  # the first use loads them
    shown = card(page, fid)
    assert shown["count"] == f"{len(ids) // 2 + 1} of {len(ids)}"
    assert shown["source"].startswith("Source: ") and course.sources[ev.sources[0]].publisher in shown["source"]
    assert page.locator(f"#{fid} .ck-timeline-detail a[href]").count() >= 2  # a source and the event's link
    # the selected marker is scrolled into the navigator's view
    inside = page.evaluate(f"""() => {{
        const nav = document.querySelector('#{fid} .ck-tl-nav').getBoundingClientRect();
        const m = document.querySelector('#{fid} .ck-tl-ev[aria-current]').getBoundingClientRect();
        return m.left >= nav.left - 1 && m.right <= nav.right + 1;
    }}""")
    assert inside
    assert v.errors() == []


@pytest.mark.parametrize("path, fid", TIMELINES[:1] + TIMELINES[-1:])
def test_previous_next_arrow_keys_and_swipe_step_through_the_events(visit, path, fid):
    v = visit(path, width=1280, height=900)
    page = v.page
    page.wait_for_function(f"() => document.querySelector('#{fid}').classList.contains('ck-tl-live')")
    ids = page.locator(f"#{fid} .ck-tl-ev").evaluate_all("bs => bs.map(b => b.dataset.id)")
    prev, nxt = page.locator(f"#{fid} .ck-tl-prev"), page.locator(f"#{fid} .ck-tl-next")
    assert prev.is_disabled() and nxt.is_enabled()
    nxt.click()
    nxt.click()
    assert card(page, fid)["selected"] == ids[2]
    prev.click()
    assert card(page, fid)["selected"] == ids[1]
    # the keyboard: Tab reaches the selected marker (one tab stop for the navigator), arrows move
    page.locator(f"#{fid} .ck-tl-ev[data-id='{ids[1]}']").focus()
    page.keyboard.press("ArrowRight")
    assert card(page, fid)["selected"] == ids[2]
    assert page.evaluate("document.activeElement.dataset.id") == ids[2]
    page.keyboard.press("End")
    assert card(page, fid)["selected"] == ids[-1] and nxt.is_disabled()
    page.keyboard.press("Home")
    assert card(page, fid)["selected"] == ids[0]
    assert page.locator(f"#{fid} .ck-tl-ev[tabindex='0']").count() == 1
    # a swipe to the left on the card shows the next event, to the right the previous one
    swipe = """([sel, dx]) => {
        const c = document.querySelector(sel), r = c.getBoundingClientRect();
        const at = x => new Touch({identifier: 1, target: c, clientX: x, clientY: r.top + 40});
        const x0 = r.left + r.width / 2;
        c.dispatchEvent(new TouchEvent('touchstart', {touches: [at(x0)], changedTouches: [at(x0)], bubbles: true}));
        c.dispatchEvent(new TouchEvent('touchend', {touches: [], changedTouches: [at(x0 + dx)], bubbles: true}));
    }"""
    page.evaluate(swipe, [f"#{fid} .ck-tl-card", -120])
    assert card(page, fid)["selected"] == ids[1]
    page.evaluate(swipe, [f"#{fid} .ck-tl-card", 120])
    assert card(page, fid)["selected"] == ids[0]
    page.evaluate(swipe, [f"#{fid} .ck-tl-card", -20])  # too short: a tap, not a swipe
    assert card(page, fid)["selected"] == ids[0]
    assert v.errors() == []


@pytest.mark.parametrize("path, fid", TIMELINES[:1])
def test_on_a_phone_the_navigator_stays_put_while_stepping(visit, path, fid):
    """The card keeps one height (its tallest event's, at most 60% of the screen), so the
    navigator under it does not move from event to event."""
    v = visit(path, width=390, height=844)
    page = v.page
    page.wait_for_function(f"() => document.querySelector('#{fid}').classList.contains('ck-tl-live')")
    n = page.locator(f"#{fid} .ck-tl-ev").count()
    tops = set()
    for _ in range(min(n - 1, 12)):
        tops.add(round(page.evaluate(f"document.querySelector('#{fid} .ck-tl-nav').getBoundingClientRect().top + scrollY")))
        page.locator(f"#{fid} .ck-tl-next").click()
    assert len(tops) == 1, f"the navigator moved: {sorted(tops)}"
    height = page.evaluate(f"document.querySelector('#{fid} .ck-tl-card').getBoundingClientRect().height")
    assert height <= 0.6 * 844 + 1
    assert v.errors() == []


@pytest.mark.parametrize("path, fid", TIMELINES[:1] + TIMELINES[-1:])
def test_a_link_to_an_event_opens_it_selected(visit, site_url, path, fid):
    """``page.html#<event id>``, for an instructor's slides: the page opens at the timeline,
    with that event on the card and in view in the navigator, on a phone too."""
    html = (SITE / path).read_text(encoding="utf-8")
    fig_html = html.split(f'id="{fid}"', 1)[1]
    ids = re.findall(r'<button type="button" class="ck-tl-ev[^"]*" id="([^"]+)"', fig_html)
    target = ids[-3]
    v = visit(f"{path}#{target}", **PHONE)
    page = v.page
    page.wait_for_function(f"() => document.querySelector('#{fid} .ck-tl-ev[aria-current]')?.dataset.id === '{target}'")
    assert card(page, fid)["headline"] == real_course().events[target].title
    seen = page.evaluate(f"""() => {{
        const nav = document.querySelector('#{fid} .ck-tl-nav').getBoundingClientRect();
        const m = document.getElementById('{target}').getBoundingClientRect();
        const c = document.querySelector('#{fid} .ck-tl-card').getBoundingClientRect();
        return {{inNav: m.left >= nav.left - 1 && m.right <= nav.right + 1,
                 cardOnScreen: c.top < innerHeight && c.bottom > 0}};
    }}""")
    assert seen == {"inNav": True, "cardOnScreen": True}
    # the card's own link is the same address, and following another link selects that event
    page.locator(f"#{fid} .ck-tl-permalink a").wait_for()
    assert page.locator(f"#{fid} .ck-tl-permalink a").get_attribute("href") == f"#{target}"
    page.evaluate(f"location.hash = '#{ids[1]}'")
    page.wait_for_function(f"() => document.querySelector('#{fid} .ck-tl-ev[aria-current]')?.dataset.id === '{ids[1]}'")
    assert v.errors() == []


@pytest.mark.parametrize("path, fid", TIMELINES[:1])
def test_text_alternative_lists_events_with_sources_compactly_on_a_phone(visit, path, fid):
    v = visit(path, **PHONE)
    table = v.page.locator(f"#{fid} details.ck-timeline-table")
    table.locator("summary").click()
    assert table.locator("table").is_visible()
    rows = table.locator("tbody tr")
    rows.first.wait_for()  # opening the table loads the chapter's events
    assert rows.count() == len(table.get_attribute("data-events").split()) >= 5
    for i in range(rows.count()):
        assert rows.nth(i).locator("td").nth(2).inner_text().strip(), "an event without a source"
    # one block per event, full width (not three squeezed columns): far shorter than before
    layout = table.evaluate("""d => {
        const t = d.querySelector('table'), td = d.querySelector('tbody td');
        return {display: getComputedStyle(td).display, wide: t.scrollWidth <= t.clientWidth + 1,
                perRow: t.querySelector('tbody').getBoundingClientRect().height / t.tBodies[0].rows.length,
                tdWidth: d.querySelector('tbody td:nth-child(2)').getBoundingClientRect().width,
                tableWidth: t.getBoundingClientRect().width};
    }""")
    assert layout["display"] == "block" and layout["wide"]
    assert layout["tdWidth"] >= 0.95 * layout["tableWidth"]
    # the same table was 31,000 px for 57 events at 390 px (about 540 px an event); since the
    # evidence audit gave events more sources, a block averages about 300 px
    assert layout["perRow"] < 360, layout


@pytest.mark.parametrize("path, fid", TIMELINES[:1] + TIMELINES[-1:])
def test_the_summaries_load_at_the_first_use_only(visit, path, fid):
    """A reader who only reads the page does not download the chapter's event summaries (its
    ck-events script, 10-25 KB gzipped): the card shows the first event's date and title from
    the navigator, sized for the longest card, until the reader uses the timeline; then the
    script loads once, and the navigator under the card does not move."""
    v = visit(path, **PHONE)
    page = v.page
    page.wait_for_function(f"() => document.querySelector('#{fid}').classList.contains('ck-tl-live')")
    loaded = "() => performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/ck-events'))"
    page.wait_for_timeout(300)
    assert page.evaluate(loaded) == []
    ids = page.locator(f"#{fid} .ck-tl-ev").evaluate_all("bs => bs.map(b => b.dataset.id)")
    ev = real_course().events[ids[0]]
    before = card(page, fid)
    assert before["headline"] == ev.title and before["when"] == ev.date.iso() and before["source"] is None
    top = f"() => Math.round(document.querySelector('#{fid} .ck-tl-nav').getBoundingClientRect().top + scrollY)"
    nav_top = page.evaluate(top)
    page.locator(f"#{fid} .ck-tl-load").click()
    page.locator(f"#{fid} .ck-timeline-detail .ck-timeline-source").wait_for()
    after = card(page, fid)
    assert after["selected"] == ids[0] and after["headline"] == ev.title
    assert page.evaluate(top) == nav_top, "the navigator moved when the summaries arrived"
    assert page.locator(f"#{fid} details.ck-timeline-table tbody tr").count() == len(ids)
    page.locator(f"#{fid} .ck-tl-next").click()
    page.locator(f"#{fid} details.ck-timeline-table summary").click()
    src = page.locator(f"#{fid} details.ck-timeline-table").get_attribute("data-src")
    assert [n.rsplit("/", 1)[1] for n in page.evaluate(loaded)] == [src.rsplit("/", 1)[1]]
    assert v.errors() == []
