"""Is the whole course available as one PDF, with every chapter, its figures' text alternatives?"""

import html as _html
import re
import unicodedata

import pytest
from pypdf import PdfReader

from coursekit.pdf import PDF_NAME, toc_pages

from .conftest import ROOT, SITE

pytestmark = pytest.mark.site


@pytest.fixture(scope="module")
def pdf():
    path = SITE / PDF_NAME
    assert path.exists(), f"{path} is missing: `make book` prints the course to PDF"
    return PdfReader(str(path))


@pytest.fixture(scope="module")
def pdf_text(pdf):
    """The PDF's text, whitespace collapsed and ligatures ("ﬁ") undone (extracted once: 500
    pages take seconds)."""
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    return unicodedata.normalize("NFKC", text)


def _titles():
    out = []
    for page in toc_pages(ROOT):
        html = (SITE / page).read_text(encoding="utf-8")
        title = _html.unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1))
        out.append(" ".join(title.split("\u2014")[0].split()))
    return out


def test_pdf_has_every_page_in_order_with_a_bookmark(pdf):
    titles = _titles()
    assert [" ".join(o.title.split()) for o in pdf.outline] == titles
    starts = [pdf.get_destination_page_number(o) for o in pdf.outline]
    assert starts == sorted(set(starts)), "pages are out of table-of-contents order"
    # each bookmark opens the page that starts with that page's numbered title ("5.7. ...")
    for item, title in zip(pdf.outline, titles):
        first = pdf.pages[pdf.get_destination_page_number(item)].extract_text() or ""
        assert unicodedata.normalize("NFKC", " ".join(first.split())).startswith(title), (title, first[:80])


def test_pdf_carries_timelines_text_alternatives(pdf_text):
    from coursekit.data import course

    pages = [(SITE / p).read_text(encoding="utf-8") for p in toc_pages(ROOT)]
    n_timelines = sum(h.count('class="ck-timeline"') for h in pages)
    assert len(re.findall(r"events as a table \(text alternative\)", pdf_text)) == n_timelines > 0
    # the maps too: each prints its table of places and events
    n_maps = sum(h.count('<figure class="ck-map') for h in pages)
    assert pdf_text.count("The map as a table (text alternative)") == n_maps > 0
    # the tables themselves are printed (filled from ck-events.js before printing): every
    # event of every timeline, by its title
    events = course().events
    shown = {i for h in pages for ids in re.findall(r'data-events="([^"]*)"', h) for i in ids.split()}
    assert shown
    squashed = re.sub(r"\s+", "", pdf_text)  # a title may wrap anywhere, even after a hyphen
    missing = [i for i in shown if re.sub(r"\s+", "", events[i].title) not in squashed]
    assert missing == [], f"timeline events missing from the PDF: {missing[:5]}"


def test_pdf_notes_carry_the_evidence(pdf_text):
    """The printed notes show the passage each claim rests on, as the pop-up does on screen."""
    from coursekit.data import course

    c = course()
    quoted = [e for e in c.prose_evidence if e.quote and len(e.quote) > 60]
    assert quoted
    # a sample across the book (every 25th); the PDF's text wraps lines, so compare words
    flat = " ".join(pdf_text.replace("\u00ad", "").split())
    missing = [e.quote for e in quoted[::25]
               if " ".join(unicodedata.normalize("NFKC", e.quote).split()[:8]) not in flat]
    assert not missing, missing[:3]
    assert "checked 2026-" in flat


def test_pdf_prints_without_raster_images(pdf):
    """Text, boxes and figures print as vectors: the only raster images are the site's own
    <img> (none today). The theme's box shadows printed as two page-sized masks per box,
    half of the file, until coursekit's print.css removed them."""
    from pypdf.generic import StreamObject

    n_img = sum((SITE / p).read_text(encoding="utf-8").count("<img") for p in toc_pages(ROOT))
    images = 0
    for num in range(1, len(pdf.xref_objStm) + sum(len(v) for v in pdf.xref.values()) + 1):
        try:
            obj = pdf.get_object(num)
        except Exception:  # a number the file does not use
            continue
        images += isinstance(obj, StreamObject) and obj.get("/Subtype") == "/Image"
    assert images <= n_img


def test_landing_page_links_the_pdf(visit):
    v = visit("intro.html")
    link = v.page.locator(f'a[href="{PDF_NAME}"]')
    assert link.count() == 1
    resp = v.page.request.get(link.evaluate("a => a.href"))
    assert resp.status == 200 and resp.body()[:5] == b"%PDF-"
