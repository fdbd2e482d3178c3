"""Is the whole course available as one PDF, with every chapter, its figures' text alternatives,
and after each chapter the answers to its quizzes?

The PDF tests read ``_build/html/after-minusma.pdf``; set ``COURSEKIT_PDF_SITE`` to another
built site holding its PDF (``coursekit pdf --site DIR``) to test that one instead.
"""

import functools
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


@functools.lru_cache(maxsize=1)
def _extracted(path: Path, stamp: tuple) -> tuple[str, ...]:
    return tuple(unicodedata.normalize("NFKC", " ".join((p.extract_text() or "").split()))
                 for p in PdfReader(str(path)).pages)


@pytest.fixture(scope="module")
def page_texts(pdf):
    """Each page's text, whitespace collapsed and ligatures ("ﬁ") undone: extracted once per
    process and file (1,000 pages take a minute), even when the test runner sets this module's
    fixtures up twice."""
    path = PDF_SITE / PDF_NAME
    st = path.stat()
    return list(_extracted(path, (st.st_size, st.st_mtime_ns)))


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
    # a map told period by period prints a small map per period under it, each captioned as the
    # table heads the period's rows: each caption is in the PDF twice (small map and table)
    captions = [re.sub(r"\s+", "", _html.unescape(c)) for h in pages for c in
                re.findall(r'<div class="ck-map-small" data-period="[^"]*"><svg.*?</svg><p>([^<]+)</p>', h, re.S)]
    assert captions, "no map prints its periods on small maps"
    assert [c for c in captions if squashed.count(c) < 2] == []


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


def _image_xobjects(data: bytes) -> int:
    """How many image XObjects a PDF file holds. An image is a stream, and a stream is never
    stored inside an object stream (PDF 32000-1:2008, 7.5.7), so its dictionary, with
    ``/Subtype /Image``, is in the file's bytes as written; object streams, where other
    dictionaries may be compressed, are inflated and read too."""
    import zlib

    pattern = re.compile(rb"/Subtype\s*/Image\b")
    n = len(pattern.findall(data))
    for m in re.finditer(rb"/Type\s*/ObjStm\b.*?>>\s*stream\r?\n", data, re.S):
        n += len(pattern.findall(zlib.decompressobj().decompress(data[m.end():])))
    return n


def test_image_xobjects_are_counted():
    """The counter used below finds an image however the file writes its dictionary."""
    import zlib

    assert _image_xobjects(b"1 0 obj <</Type /XObject /Subtype /Image /Width 2>> stream\n..") == 1
    assert _image_xobjects(b"<</Subtype/Image>>stream\n.. <</Subtype /Form>>") == 1
    packed = zlib.compress(b"<</Subtype /Image>> <</Subtype /Image>>")
    assert _image_xobjects(b"5 0 obj <</Type /ObjStm /N 2 /Filter /FlateDecode>> stream\n" + packed) == 2
    assert _image_xobjects(b"<</Subtype /Form>> <</Subtype /ImageMask>>") == 0


def test_pdf_prints_without_raster_images():
    """Text, boxes and figures print as vectors: the only raster images are the site's own
    <img> (none today). The theme's box shadows printed as two page-sized masks per box,
    half of the file, until coursekit's print.css removed them."""
    n_img = sum((PDF_SITE / p).read_text(encoding="utf-8").count("<img") for p in toc_pages(ROOT))
    assert _image_xobjects((PDF_SITE / PDF_NAME).read_bytes()) <= n_img


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
