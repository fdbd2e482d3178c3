"""Is the whole course available as one PDF, with every chapter, its figures' text alternatives,
and after each chapter the answers to its quizzes?

The PDF tests read ``_build/html/after-minusma.pdf``; set ``COURSEKIT_PDF_SITE`` to another
built site holding its PDF (``coursekit pdf --site DIR``) to test that one instead.
"""

import html as _html
import os
import re
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from coursekit.book import chapter_pages
from coursekit.pdf import PDF_NAME, pointer_text, toc_pages

from .conftest import ROOT, SITE

pytestmark = [pytest.mark.site, pytest.mark.xdist_group("pdf")]  # one worker prints the PDF once

#: The site whose PDF is tested (default: the built book).
PDF_SITE = Path(os.environ.get("COURSEKIT_PDF_SITE") or SITE)
ANSWERS = "Answers: "


@pytest.fixture(scope="module")
def pdf():
    path = PDF_SITE / PDF_NAME
    assert path.exists(), f"{path} is missing: `make book` prints the course to PDF"
    return PdfReader(str(path))


@pytest.fixture(scope="module")
def page_texts(pdf):
    """Each page's text, whitespace collapsed and ligatures ("ﬁ") undone (extracted once: 1,000
    pages take a minute)."""
    return [unicodedata.normalize("NFKC", " ".join((p.extract_text() or "").split())) for p in pdf.pages]


@pytest.fixture(scope="module")
def pdf_text(page_texts):
    """The PDF's text, whitespace collapsed and ligatures undone."""
    return " ".join(page_texts)


def _titles():
    out = []
    for page in toc_pages(ROOT):
        html = (PDF_SITE / page).read_text(encoding="utf-8")
        title = _html.unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1))
        out.append(" ".join(title.split("\u2014")[0].split()))
    return out


def test_pdf_has_every_page_in_order_with_a_bookmark(pdf):
    titles = _titles()
    pages = [o for o in pdf.outline if not o.title.startswith(ANSWERS)]  # the answers: below
    assert [" ".join(o.title.split()) for o in pages] == titles
    starts = [pdf.get_destination_page_number(o) for o in pdf.outline]
    assert starts == sorted(set(starts)), "pages are out of table-of-contents order"
    # each bookmark opens the page that starts with that page's numbered title ("5.7. ...")
    for item, title in zip(pages, titles):
        first = pdf.pages[pdf.get_destination_page_number(item)].extract_text() or ""
        assert unicodedata.normalize("NFKC", " ".join(first.split())).startswith(title), (title, first[:80])


def test_pdf_carries_timelines_text_alternatives(pdf_text):
    from coursekit.data import course

    pages = [(PDF_SITE / p).read_text(encoding="utf-8") for p in toc_pages(ROOT)]
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

    n_img = sum((PDF_SITE / p).read_text(encoding="utf-8").count("<img") for p in toc_pages(ROOT))
    images = 0
    for num in range(1, len(pdf.xref_objStm) + sum(len(v) for v in pdf.xref.values()) + 1):
        try:
            obj = pdf.get_object(num)
        except Exception:  # a number the file does not use
            continue
        images += isinstance(obj, StreamObject) and obj.get("/Subtype") == "/Image"
    assert images <= n_img


def _squash(text: str) -> str:
    """Text without whitespace or soft hyphens, ligatures undone: a line may wrap anywhere."""
    return re.sub(r"[\s\u00ad]+", "", unicodedata.normalize("NFKC", text or ""))


def test_each_chapter_is_followed_by_the_answers_to_its_quizzes(pdf, page_texts):
    """After a chapter's last page and before the next page of the book: "Answers and
    explanations: chapter N", with every quiz the chapter's printed pages show (read from the
    built pages, in order) and its right answer from the bank; each printed quiz names its
    answer's number."""
    from coursekit.questions import load_all

    index = {q.id: q for bank in load_all(ROOT).values() for q in bank.questions}
    outline = [(" ".join(o.title.split()), pdf.get_destination_page_number(o)) for o in pdf.outline]
    titles = dict(zip(toc_pages(ROOT), _titles()))
    text = [_squash(t) for t in page_texts]
    names = [t for t, _ in outline]
    chapters = chapter_pages(ROOT)
    assert len(chapters) >= 7
    for number, (chapter, docs) in enumerate(chapters.items(), 1):
        first, last = titles[f"{docs[0]}.html"], titles[f"{docs[-1]}.html"]
        at = names.index(last)
        title, start = outline[at + 1]
        assert title == f"{ANSWERS}{first}", f"after {last}: {title}"
        end = outline[at + 2][1] if at + 2 < len(outline) else len(pdf.pages)
        assert outline[names.index(first)][1] < outline[at][1] < start < end
        section = "".join(text[start:end])
        assert section.startswith(_squash(f"Answers and explanations: chapter {number}"))
        # the quizzes the chapter's printed pages show, in order
        chapter_text = "".join(text[outline[names.index(first)][1]:start])
        shown = []
        for doc in docs:
            html = (PDF_SITE / f"{doc}.html").read_text(encoding="utf-8")
            shown += [q for q in re.findall(r'<div class="ck-quiz" id="ck-quiz-([a-z0-9-]+)"', html)
                      if q not in shown]
        assert shown, chapter
        starts, pos = [], 0
        for k, qid in enumerate(shown, 1):
            assert _squash(pointer_text(number, k)) in chapter_text, (chapter, k, qid)
            pos = section.find(_squash(f"{k}. {index[qid].prompt}"), pos)
            assert pos >= 0, f"{chapter}: answer {k} ({qid}) missing or out of order"
            starts.append(pos)
        assert _squash(pointer_text(number, len(shown) + 1)) not in chapter_text
        # one entry per quiz, no more ("Page “…”, section “…”" says where each is printed)
        assert section.count(_squash("Page \u201c")) == len(shown), chapter
        for qid, a, b in zip(shown, starts, starts[1:] + [len(section)]):
            q, entry = index[qid], section[a:b]
            if q.kind in ("single", "multiple"):
                right = [o.text.rstrip(".") for o in q.options if o.correct]
            elif q.kind == "truefalse":
                right = [f"Answer: {q.answer}"]
            elif q.kind == "numeric":
                right = [f"Answer: {q.answer_text}"]
            else:
                right = [f"{i.label} ({i.date})" for i in q.items]
            for r in right:
                assert _squash(r) in entry, (chapter, qid, r)


def test_landing_page_links_the_pdf(visit):
    v = visit("intro.html")
    link = v.page.locator(f'a[href="{PDF_NAME}"]')
    assert link.count() == 1
    resp = v.page.request.get(link.evaluate("a => a.href"))
    assert resp.status == 200 and resp.body()[:5] == b"%PDF-"
