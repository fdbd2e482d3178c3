"""Does each timeline in the built book draw its events, zoom, and show an event's details?"""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from coursekit.data import load_course

from coursekit.book import chapter_pages

from .conftest import ROOT, SITE, site_pages

pytestmark = pytest.mark.site


def timelines():
    out = []
    for path in site_pages() if SITE.exists() else []:
        html = (SITE / path).read_text(encoding="utf-8")
        out += [(path, fid) for fid in re.findall(r'<figure class="ck-timeline" id="([^"]+)"', html)]
    return out


TIMELINES = timelines()


def test_every_chapter_has_a_timeline():
    chapters = chapter_pages(ROOT)
    with_timeline = {p for p, _ in TIMELINES}
    missing = [ch for ch, docs in chapters.items() if not {f"{d}.html" for d in docs} & with_timeline]
    assert chapters and missing == [], f"no timeline on any page of {missing}"


@pytest.mark.parametrize("path, fid", TIMELINES)
def test_timeline_draws_every_event_of_its_table(visit, path, fid):
    v = visit(path)
    fig = v.page.locator(f"#{fid}")
    fig.scroll_into_view_if_needed()
    v.page.wait_for_function(
        f"() => document.querySelector('#{fid} .plotly-graph-div')?._fullData?.length > 0")
    drawn = v.page.evaluate(f"""() => {{
        const gd = document.querySelector('#{fid} .plotly-graph-div');
        return gd._fullData.flatMap(t => t.customdata.map(c => c[0]));
    }}""")
    rows = fig.locator("table tbody tr").evaluate_all("rs => rs.map(r => r.id)")
    assert sorted(f"{fid}-{e}" for e in drawn) == sorted(rows)
    # the markers are really in the SVG, one per event
    assert fig.locator(".subplot.xy .scatterlayer .point").count() == len(rows)
    # every event drawn exists in the data, with its date as the data says
    course = load_course()
    for row in fig.locator("table tbody tr").all():
        ev = course.events[row.get_attribute("id")[len(fid) + 1:]]
        assert row.locator("time").get_attribute("datetime") == ev.date.iso()


@pytest.mark.parametrize("path, fid", TIMELINES)
def test_clicking_an_event_shows_its_details_and_source(visit, path, fid):
    v = visit(path)
    v.page.wait_for_function(
        f"() => document.querySelector('#{fid} .plotly-graph-div')?._fullData?.length > 0")
    point = v.page.locator(f"#{fid} .subplot.xy .scatterlayer .point").first
    point.scroll_into_view_if_needed()
    point.click(force=True)
    panel = v.page.locator(f"#{fid} .ck-timeline-detail")
    panel.locator(".ck-timeline-source").wait_for(timeout=5000)
    text = panel.inner_text()
    assert "Source:" in text
    # the panel shows one event of the table: its date and its summary
    rows = v.page.locator(f"#{fid} tbody tr").all()
    shown = [r for r in rows
             if r.locator("time").text_content() in text and r.locator("td").nth(1).text_content() in text]
    assert len(shown) >= 1, f"the details panel shows no event of the table: {text!r}"
    assert panel.locator("a[href]").count() >= 1 or "No URL" in text


RANGE = "sel => document.querySelector(sel)._fullLayout.xaxis.range.map(r => String(r).slice(0, 10))"


@pytest.mark.parametrize("path, fid", TIMELINES[:1])
def test_timeline_zooms_and_resets(visit, path, fid):
    """Dragging across the chart zooms in; a double-click goes back to the whole period. Each
    step waits for plotly's new range (never a fixed time: a loaded machine is slow)."""
    v = visit(path)
    sel = f"#{fid} .plotly-graph-div"
    v.page.wait_for_function(f"() => document.querySelector('{sel}')?._fullLayout?.xaxis?.range")
    before = v.page.evaluate(RANGE, sel)
    v.page.locator(sel).scroll_into_view_if_needed()
    box = v.page.locator(f"{sel} .nsewdrag").first.bounding_box()
    y = box["y"] + box["height"] / 2
    v.page.mouse.move(box["x"] + box["width"] * 0.3, y)
    v.page.mouse.down()
    v.page.mouse.move(box["x"] + box["width"] * 0.5, y, steps=5)
    v.page.mouse.up()
    changed = f"([sel, b]) => ({RANGE})(sel).join() !== b.join()"
    v.page.wait_for_function(changed, arg=[sel, before], timeout=10_000)
    back = f"([sel, b]) => ({RANGE})(sel).join() === b.join()"
    # a click within 300 ms of the drag's press would make the double-click a triple one: this
    # wait is a minimum gap, as a person leaves, not a guess at how long the machine needs
    v.page.wait_for_timeout(400)
    # plotly counts two clicks as a double-click only within 300 ms of each other by its own
    # clock; a starved renderer can see them further apart, so a missed one is tried again
    for _ in range(3):
        v.page.mouse.dblclick(box["x"] + box["width"] * 0.5, y)
        try:
            v.page.wait_for_function(back, arg=[sel, before], timeout=5_000)
            break
        except PlaywrightTimeout:
            continue
    assert v.page.evaluate(RANGE, sel) == before, "a double-click should show the whole period again"


@pytest.mark.parametrize("path, fid", TIMELINES[:1])
def test_text_alternative_lists_events_with_sources(visit, path, fid):
    v = visit(path)
    table = v.page.locator(f"#{fid} details.ck-timeline-table")
    table.locator("summary").click()
    assert table.locator("table").is_visible()
    rows = table.locator("tbody tr")
    assert rows.count() >= 5
    for i in range(rows.count()):
        assert rows.nth(i).locator("td").nth(2).inner_text().strip(), "an event without a source"
