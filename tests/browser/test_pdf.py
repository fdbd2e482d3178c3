"""Is the whole course available as one PDF, with every chapter, its figures' text alternatives?"""

import html as _html
import re

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


def _titles():
    out = []
    for page in toc_pages(ROOT):
        html = (SITE / page).read_text(encoding="utf-8")
        title = _html.unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1))
        out.append(" ".join(title.split("\u2014")[0].split()))
    return out


def test_pdf_has_every_page_in_order_with_a_bookmark(pdf):
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    titles = _titles()
    positions = [text.find(t) for t in titles]
    assert all(p >= 0 for p in positions), [t for t, p in zip(titles, positions) if p < 0]
    assert positions == sorted(positions), "pages are out of table-of-contents order"
    assert [" ".join(o.title.split()) for o in pdf.outline] == titles


def test_pdf_carries_timelines_text_alternatives(pdf):
    text = " ".join((p.extract_text() or "") for p in pdf.pages)
    n_timelines = sum((SITE / p).read_text().count('class="ck-timeline"') for p in toc_pages(ROOT))
    assert text.count("as a table (text alternative)") == n_timelines > 0
    # the tables themselves are printed, not just their headings
    assert text.count("Source") >= n_timelines


def test_landing_page_links_the_pdf(visit):
    v = visit("intro.html")
    link = v.page.locator(f'a[href="{PDF_NAME}"]')
    assert link.count() == 1
    resp = v.page.request.get(link.evaluate("a => a.href"))
    assert resp.status == 200 and resp.body()[:5] == b"%PDF-"
