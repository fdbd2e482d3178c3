"""Citations in place: does a tap on a footnote mark, a date, a figure or a quotation open its
sources beside the text (no jump), with targets big enough for a finger, on a phone, in light
and dark, with the keyboard too?"""

import re

import pytest

from coursekit.data import course as real_course

from .conftest import SITE, site_pages
from .test_modes import contrast

pytestmark = pytest.mark.site

PHONE = {"width": 390, "height": 844}


def _page_with_repeated_dates():
    """A chapter page where some date is printed again after its first, cited, use."""
    for path in site_pages() if SITE.exists() else []:
        html = (SITE / path).read_text(encoding="utf-8")
        dates = re.findall(r'<span class="ck-date ck-cites ([^"]+)">', html)
        if len(dates) != len(set(dates)) and 'class="ck-value ck-cites' in html:
            return [path]
    return []


PAGES = _page_with_repeated_dates()

POP = """() => { const p = document.querySelector('.ck-cite-pop');
    if (!p) return null;
    const r = p.getBoundingClientRect();
    return {text: p.innerText, top: r.top, bottom: r.bottom, left: r.left, right: r.right,
            focused: p.contains(document.activeElement), links: p.querySelectorAll('a[href]').length,
            colour: getComputedStyle(p).color, background: getComputedStyle(p).backgroundColor}; }"""


def _box(locator):
    return locator.evaluate("e => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; }")


def test_a_page_prints_a_date_twice():
    assert PAGES, "no page prints a date twice and a figure: the tests below need one"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_a_footnote_mark_opens_its_source_beside_the_text(visit, path, scheme):
    v = visit(path, color_scheme=scheme, **PHONE)
    page = v.page
    mark = page.locator("article a.footnote-reference").nth(2)
    mark.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('article .ck-cites[role=button]')")  # cite.js ran
    key = mark.get_attribute("href").split("#footcite-")[1]
    reference = page.locator(f"#footcite-{key} > p").inner_text()
    # a finger-sized target: the mark answers a tap 10 px above and below its text
    box = _box(mark)
    mid_x, mid_y = (box["left"] + box["right"]) / 2, (box["top"] + box["bottom"]) / 2
    for dy in (-10, 10):
        hit = page.evaluate("([x, y]) => document.elementFromPoint(x, y)?.closest('a.footnote-reference')?.getAttribute('href')",
                            [mid_x, mid_y + dy])
        assert hit == mark.get_attribute("href"), f"a tap {dy} px from the mark's middle misses it"
    before = page.evaluate("scrollY")
    page.mouse.click(mid_x, mid_y)
    pop = page.evaluate(POP)
    assert pop, "no pop-up"
    assert page.evaluate("scrollY") == before, "the page jumped"
    assert reference.strip() in pop["text"]
    # beside the mark: just below it (or just above), inside the screen's width
    assert 0 <= pop["top"] - box["bottom"] <= 12 or 0 <= box["top"] - pop["bottom"] <= 12, (pop, box)
    assert pop["left"] >= 0 and pop["right"] <= PHONE["width"]
    assert pop["focused"] and pop["links"] >= 2  # the source itself, and the page's list
    assert contrast(pop["colour"], pop["background"]) >= 4.5, pop
    # Escape closes it and gives the focus back to the mark
    page.keyboard.press("Escape")
    assert page.evaluate(POP) is None
    assert page.evaluate("document.activeElement.getAttribute('href')") == mark.get_attribute("href")
    assert v.errors() == []


@pytest.mark.parametrize("path", PAGES)
def test_a_date_or_figure_shows_its_sources_at_every_use(visit, path):
    """A date printed again later on the page (with no footnote mark of its own) still opens
    the sources of its event, as the data gives them; so does a figure; the keyboard too."""
    v = visit(path, **PHONE)
    page = v.page
    page.wait_for_function("() => document.querySelector('article .ck-cites[role=button]')")
    course = real_course()
    spans = page.locator("article .ck-date.ck-cites")
    classes = spans.evaluate_all("ss => ss.map(s => s.className)")
    seen, later = set(), None
    for i, c in enumerate(classes):
        if c in seen:
            later = i
            break
        seen.add(c)
    span = spans.nth(later)
    keys = [c[len("ck-src--"):] for c in classes[later].split() if c.startswith("ck-src--")]
    event = next(e for e in course.events.values() if list(e.sources) == keys
                 and course.format_date(e.id) == span.inner_text())
    span.scroll_into_view_if_needed()
    span.click()
    pop = page.evaluate(POP)
    assert pop and pop["text"].startswith(span.inner_text())
    for key in event.sources:
        assert course.sources[key].title in pop["text"], key
    page.mouse.click(5, 400)  # a tap elsewhere closes it
    assert page.evaluate(POP) is None
    # a figure, from the keyboard: Tab reaches it, Enter opens it
    value = page.locator("article .ck-value.ck-cites").first
    value.focus()
    page.keyboard.press("Enter")
    pop = page.evaluate(POP)
    assert pop and pop["text"].startswith(value.inner_text().strip())
    assert value.get_attribute("aria-expanded") == "true"
    page.get_by_role("button", name="Close").click()
    assert page.evaluate(POP) is None and value.get_attribute("aria-expanded") == "false"
    assert v.errors() == []


EVIDENCE_PAGE = "chapters/02-security/civilians.html"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_tap_shows_the_passage_the_claim_rests_on(visit, scheme):
    """A footnote mark's pop-up shows, under its source, the source's own words for this
    sentence, where they are and when they were checked; a figure's, its record's evidence.
    On a phone, in light and dark, readable and inside the screen."""
    v = visit(EVIDENCE_PAGE, color_scheme=scheme, **PHONE)
    page = v.page
    page.wait_for_function("() => document.querySelector('article .ck-cites[role=button]')")
    data = page.evaluate("fetch(document.getElementById('ck-evidence').dataset.src).then(r => r.json())")
    mark = page.locator("article a.footnote-reference[class*='ck-ev--']").nth(3)
    n = int(next(c for c in mark.get_attribute("class").split() if c.startswith("ck-ev--"))[7:])
    mark.scroll_into_view_if_needed()
    mark.click()
    pop = page.locator(".ck-cite-pop")
    pop.locator(".ck-ev-quote").first.wait_for()  # fetched at the first tap
    quotes = pop.locator(".ck-ev-quote").all_inner_texts()
    expected = [f"\u201c{e['quote']}\u201d" for e in data["fn"][n] if e.get("quote")]
    assert quotes == expected and quotes
    assert "checked " in pop.locator(".ck-ev-at").first.inner_text()
    box = pop.evaluate("p => { const r = p.getBoundingClientRect(); return [r.left, r.right, r.bottom - r.top, r.top, r.bottom]; }")
    assert box[0] >= 0 and box[1] <= PHONE["width"] and box[2] <= 0.7 * PHONE["height"] + 1
    assert box[3] >= 0 and box[4] <= PHONE["height"], "the pop-up runs off the screen"
    for sel in (".ck-ev-quote", ".ck-ev-at"):
        colour, bg = pop.evaluate(f"p => [getComputedStyle(p.querySelector('{sel}')).color, getComputedStyle(p).backgroundColor]")
        assert contrast(colour, bg) >= 4.5, (sel, colour, bg)
    page.keyboard.press("Escape")
    # a figure printed by the data: its record's evidence, under the source it belongs to
    rid, entries = next((k, v) for k, v in data["rec"].items() if any(e.get("quote") for e in v)
                        and page.locator(f"article .ck-value.ck-rec--{k}").count())
    span = page.locator(f"article .ck-value.ck-rec--{rid}").first
    span.scroll_into_view_if_needed()
    span.click()
    pop.locator(".ck-ev-quote").first.wait_for()
    text = pop.inner_text()
    assert all(e["quote"][:40] in " ".join(text.split()) for e in entries if e.get("quote")), rid
    assert v.errors() == []
