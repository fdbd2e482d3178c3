"""The whole course as one PDF, printed from the built site by headless Chromium.

Pages are printed in table-of-contents order, with every text alternative (timeline tables,
figure tables) opened and every figure drawn first, then joined into one file with a bookmark
per page. ``make book`` runs it; the landing page links the result.

The PDF is a study book: after each chapter's last page comes an "Answers and explanations"
section for the quizzes of that chapter's pages, in the order they are printed, each with its
right answer and the feedback the quiz gives (:func:`answers_html`, built from the banks with
:func:`coursekit.answerkey.describe`, as the instructor guide's key is). Each printed quiz says
where its answer is ("Answer: see Answers and explanations, chapter 2, question 5"), and each
answer says on which PDF page its quiz is. The section is a small page generated in a temporary
folder and printed by the same Chromium session; it has its own bookmark ("Answers: 2. The
security vacuum"). The live book is unchanged.

    coursekit pdf [--site _build/html] [--out _build/html/after-minusma.pdf]
"""

from __future__ import annotations

import functools
import html
import http.server
import re
import shutil
import tempfile
import threading
import unicodedata
from pathlib import Path

from . import yamlio
from .answerkey import PageQuiz, chapter_quizzes, describe
from .book import chapter_pages, page_title, toc_files
from .browser import CHROMIUM, CHROMIUM_ARGS
from .data import default_root
from .errors import DataError

PDF_NAME = "after-minusma.pdf"
#: Where the answers sections are served from, beside the site, during printing.
_ANSWERS_URL = "_ck_pdf_answers"


def toc_pages(root: Path) -> list[str]:
    """The book's pages in reading order, as paths of HTML files in the site."""
    return [f"{p}.html" for p in toc_files(root)]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


_PREPARE = """async () => {
  document.querySelectorAll('details').forEach(d => d.open = true);
  // the timelines' tables: their events load at a reader's first use (timeline.js)
  if (window.ckTimelinesLoad) await window.ckTimelinesLoad();
  document.querySelectorAll('.ck-progress').forEach(e => e.remove());
  // the theme prints its own page title, without the number the article's heading has ("5.7.")
  const printed = document.querySelector('#jb-print-docs-body h1');
  const heading = document.querySelector('article h1');
  if (printed && heading) {
    const own = heading.cloneNode(true);
    own.querySelectorAll('.headerlink').forEach(a => a.remove());
    printed.textContent = own.textContent.trim();
  }
  // the notes carry the evidence, as the pop-up does on screen: under each source, the
  // passages this page's claims rest on (the source's words, our translation, where, checked)
  const tag = document.getElementById('ck-evidence');
  const ev = tag && tag.dataset.src ? await fetch(tag.dataset.src).then(r => r.json()).catch(() => null) : null;
  if (ev) {
    const all = [...(ev.fn || []).flat(), ...Object.values(ev.rec || {}).flat()];
    const seen = new Set();
    for (const e of all) {
      const id = e.source + '|' + (e.quote || e.unverified) + '|' + e.at;
      const note = document.getElementById('footcite-' + e.source);
      if (seen.has(id) || !note) continue;
      seen.add(id);
      const q = document.createElement('p');
      q.className = 'ck-ev-print';
      const where = (e.at ? e.at + '; ' : '') + 'checked ' + e.checked;
      q.textContent = e.quote
        ? '\u201c' + e.quote + '\u201d (' + where + ')' + (e.translation ? ' Our translation: ' + e.translation : '')
        : 'Not verified: ' + e.unverified + ' (' + where + ')';
      if (e.quote && e.lang) q.lang = e.lang;
      note.appendChild(q);
    }
  }
  const graphs = [...document.querySelectorAll('.plotly-graph-div')];
  for (let i = 0; i < 100 && graphs.some(g => !g.querySelector('.main-svg')); i++) {
    await new Promise(r => setTimeout(r, 100));
  }
  if (window.Plotly) {  // redraw each figure at the printed column's width
    for (const g of graphs) { await Plotly.Plots.resize(g); }
  }
  return graphs.length;
}"""


# --------------------------------------------------------------------------- answers sections

#: The answers section's print style: light, compact, readable; the same A4 margins as the pages.
ANSWERS_CSS = """
@page { size: A4; margin: 16mm 14mm; }
html { color: #1a1a1a; background: #fff; }
body { margin: 0; font: 10.5pt/1.45 "DejaVu Sans", "Noto Sans", "Liberation Sans", Arial, sans-serif; }
h1 { font-size: 17pt; line-height: 1.25; margin: 0 0 0.2em; color: #123a63; }
.ck-answers-sub { font-size: 12pt; margin: 0 0 0.6em; color: #123a63; }
.ck-answers-intro { color: #555; margin: 0 0 1.2em; font-size: 9.5pt; }
.ck-answer { margin: 0 0 1em; padding: 0 0 0.8em; border-bottom: 1px solid #ddd; }
.ck-answer:last-child { border-bottom: 0; }
.ck-answer p { margin: 0.25em 0; }
.ck-answer ul, .ck-answer ol { margin: 0.2em 0; padding-left: 1.4em; }
.ck-answer-q { font-weight: 600; break-after: avoid; }
.ck-answer-n { color: #123a63; }
.ck-answer-where { color: #666; font-size: 9pt; break-after: avoid; }
.ck-answer-right { break-inside: avoid; }
.ck-answer-right strong, .ck-answer-why strong { color: #1b6e2e; }
.ck-answer-others { color: #444; font-size: 9pt; list-style: none; padding-left: 0.6em; }
.ck-answer-others li { margin: 0.15em 0; }
code { font-size: 0.92em; }
"""


def pointer_text(number: int, k: int) -> str:
    """What a printed quiz says about its answer: the ``k``-th answer of chapter ``number``."""
    return f"Answer: see Answers and explanations, chapter {number}, question {k}."


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _rich(text: str) -> str:
    """Plain bank text as HTML: `backticked` ids as code, nothing else interpreted."""
    return "".join(f"<code>{_e(c)}</code>" if i % 2 else _e(c)
                   for i, c in enumerate(str(text or "").split("`")))


def _short(text: str, limit: int = 90) -> str:
    """The start of an option's text, cut at a word, for the list of wrong answers."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"


def _entry_html(entry, k: int, where: str) -> str:
    """One answer: the question, where it is printed, the answer, why, and why not the others."""
    q = entry.question
    out = [f'<section class="ck-answer" id="ck-answers-{_e(q.id)}" data-question="{_e(q.id)}">',
           f'<p class="ck-answer-q"><span class="ck-answer-n">{k}.</span> {_rich(q.prompt)}</p>',
           f'<p class="ck-answer-where">{where}</p>',
           f'<div class="ck-answer-right"><p><strong>Answer:</strong> {_rich(entry.answer)}</p>']
    if entry.steps:
        out.append("<ol>" + "".join(f"<li>{_rich(s)}</li>" for s in entry.steps) + "</ol>")
    for label, text in entry.lines:
        if label == "Figure":  # the figure's id is for authors, not readers
            text = re.sub(r"\s*\(`[^`]*`\)", "", text)
        out.append(f"<p><strong>{_e(label)}:</strong> {_rich(text)}</p>")
    out.append("</div>")
    choice = q.kind in ("single", "multiple")
    right = [(label, text) for label, ok, text in entry.feedback if ok and text]
    wrong = [(label, text) for label, ok, text in entry.feedback if not ok and text]
    for label, text in right:
        lead = f"Why {label.split(' ', 1)[0]}" if q.kind == "multiple" else "Why"
        out.append(f'<p class="ck-answer-why"><strong>{_e(lead)}:</strong> {_rich(text)}</p>')
    if wrong:
        out.append('<ul class="ck-answer-others">')
        for label, text in wrong:
            if choice:  # "b) The option's text" -> "b) The option's te…"
                letter, _, rest = label.partition(" ")
                label = f"{letter} {_short(rest)}"
            mark = "\u2717 " if choice or q.kind == "truefalse" else ""
            out.append(f"<li>{_e(mark)}<em>{_e(label)}</em>: {_rich(text)}</li>")
        out.append("</ul>")
    if q.explanation:
        out.append(f'<p class="ck-answer-why"><strong>Explanation:</strong> {_rich(q.explanation)}</p>')
    out.append("</section>")
    return "\n".join(out)


def answers_html(root: Path, chapter: str, number: int, title: str, *, banks=None, course=None,
                 printed: dict[str, int] | None = None) -> str:
    """The "Answers and explanations" page of one chapter, as a self-contained HTML document.

    Args:
        root: the course repository (its ``_toc.yml``, chapter sources and banks).
        chapter: the chapter's folder name (``02-security``).
        number: the chapter's number in the book (its place in ``_toc.yml``).
        title: the chapter's title, without its number.
        banks: the loaded banks (:func:`coursekit.questions.load_all`); loaded if omitted.
        course: the course data; loaded if omitted.
        printed: question id -> the PDF page its quiz is printed on, where known.

    Every quiz on the chapter's pages appears once, numbered in page order
    (:func:`coursekit.answerkey.chapter_quizzes`), with the entry the instructor guide's key
    gives it (:func:`coursekit.answerkey.describe`).

    Raises:
        DataError: a page shows a question no bank has.
    """
    from . import data as _data
    from .questions import load_all

    root = Path(root)
    course = course if course is not None else _data.course(root)
    banks = banks if banks is not None else load_all(root, course)
    index = {q.id: (q, bank) for bank in banks.values() for q in bank.questions}
    raw: dict[str, dict] = {}
    quizzes = chapter_quizzes(root, chapter)
    titles = {doc: page_title(root, doc) for doc in {pq.page for pq in quizzes}}
    entries = []
    for k, pq in enumerate(quizzes, 1):
        if pq.question not in index:
            raise DataError(f"{pq.page}.md: quiz(\"{pq.question}\") names no question of "
                            "data/questions/; check the id")
        q, bank = index[pq.question]
        if bank.file not in raw:
            data = yamlio.safe_load((root / bank.file).read_text(encoding="utf-8"))
            raw[bank.file] = {r["id"]: r for r in data["questions"]}
        where = f"Page \u201c{_e(titles[pq.page])}\u201d"
        if not pq.section.startswith("("):
            where += f", section \u201c{_e(pq.section)}\u201d"
        if printed and pq.question in printed:
            where += f"; the quiz is on page {printed[pq.question]}"
        entries.append(_entry_html(describe(q, bank, course, raw[bank.file].get(q.id)), k, where + "."))
    n = len(quizzes)
    intro = (f"The {n} quiz{'zes' * (n != 1)} of chapter {number}, numbered in the order the "
             "chapter prints them, each with its answer and the feedback the quiz gives. Options "
             "are lettered a), b), \u2026 in the order they are printed."
             if n else f"Chapter {number} has no quizzes.")
    head = f"Answers: {number}. {title}"
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f"<title>{_e(head)}</title>", f"<style>{ANSWERS_CSS}</style>", "</head>",
        f'<body><main class="ck-answers" data-chapter="{_e(chapter)}">',
        f"<h1>Answers and explanations: chapter {number}</h1>",
        f'<p class="ck-answers-sub">{_e(title)}</p>',
        f'<p class="ck-answers-intro">{_e(intro)}</p>',
        *entries, "</main></body>", "</html>", ""])


def chapter_numbers(root: Path) -> dict[str, int]:
    """Each chapter (``02-security``) -> its number in the book, its place in ``_toc.yml``."""
    return {chapter: i for i, chapter in enumerate(chapter_pages(root), 1)}


_POINTERS = """(pointers) => {
  // after each quiz on paper: where its answer is printed
  const unknown = [];
  document.querySelectorAll('.ck-quiz').forEach(quiz => {
    const id = quiz.id.replace(/^ck-quiz-/, '');
    if (!(id in pointers)) { unknown.push(id); return; }
    const p = document.createElement('p');
    p.className = 'ck-answer-pointer';
    p.textContent = pointers[id];
    p.style.cssText = 'margin:0.4rem 0 0;font-size:0.85em;font-style:italic;color:#444';
    quiz.appendChild(p);
  });
  return unknown;
}"""


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _pages_of(reader, pointers: dict[str, str]) -> dict[str, int]:
    """Question id -> the page (0-based, in ``reader``) whose text holds its pointer."""
    wanted = {qid: _squash(text) for qid, text in pointers.items()}
    found: dict[str, int] = {}
    for j, pg in enumerate(reader.pages):
        text = _squash(pg.extract_text())
        for qid, mark in wanted.items():
            if qid not in found and mark in text:
                found[qid] = j
    return found


def _study_plan(root: Path) -> dict[str, tuple[str, int, list[PageQuiz]]]:
    """Each chapter page's HTML path -> (its chapter, the chapter's number, the chapter's quizzes)."""
    numbers = chapter_numbers(root)
    plan = {}
    for chapter, docs in chapter_pages(root).items():
        quizzes = chapter_quizzes(root, chapter)
        for doc in docs:
            plan[f"{doc}.html"] = (chapter, numbers[chapter], quizzes)
    return plan


def build_pdf(site: Path, out: Path, root: Path | None = None) -> dict:
    """Print every page of ``site`` (a built book) into ``out``, with each chapter's answers
    section after its last page; return what was printed.

    The result: ``pages`` (the site's pages printed), ``pdf_pages``, ``external`` (requests to
    other hosts, blocked), ``answers`` (chapter -> the PDF page its answers section starts on,
    1-based), ``unanswered`` (quizzes printed whose question no chapter source shows: they get
    no pointer and no answer) and ``out``.
    """
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader, PdfWriter

    from . import data as _data
    from .questions import load_all

    root = root or default_root()
    site = site.resolve()
    pages = [p for p in toc_pages(root) if (site / p).exists()]
    missing = [p for p in toc_pages(root) if not (site / p).exists()]
    if missing:
        raise FileNotFoundError(f"pages of _toc.yml missing from {site}: {', '.join(missing)}; "
                                "build the book first (make book)")
    course = _data.course(root)
    banks = load_all(root, course)
    plan = _study_plan(root)
    last_page = {chapter: f"{docs[-1]}.html" for chapter, docs in chapter_pages(root).items()}
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_port}"
    writer = PdfWriter()
    external: list[str] = []
    unanswered: list[str] = []
    answers_at: dict[str, int] = {}
    tmp = Path(tempfile.mkdtemp(prefix="course-pdf-"))
    served = tmp / _ANSWERS_URL
    served.mkdir()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # the printable width of A4 with these margins, so figures are drawn at their print size
        # (no service worker: every request goes through the route below)
        page = browser.new_page(viewport={"width": 680, "height": 1000}, service_workers="block")

        def route(r):
            url = r.request.url
            if url.startswith(f"{base}/{_ANSWERS_URL}/"):  # a generated answers section
                r.fulfill(path=str(served / url.rsplit("/", 1)[1]),
                          content_type="text/html; charset=utf-8")
            elif url.startswith(base):
                r.continue_()
            else:
                external.append(url)
                r.abort()

        def print_part(url: str, name: str, pointers: dict[str, str] | None = None):
            page.goto(url, wait_until="load")
            page.emulate_media(media="print")
            page.evaluate(_PREPARE)
            if pointers is not None:
                unanswered.extend(page.evaluate(_POINTERS, pointers))
            part = tmp / name
            page.pdf(path=str(part), format="A4", print_background=True,
                     margin={"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"})
            page.emulate_media(media="screen")
            title = page.title().split("\u2014")[0].split(" | ")[0].strip()
            reader = PdfReader(str(part))
            start = len(writer.pages)
            for pg in reader.pages:
                writer.add_page(pg)
            writer.add_outline_item(title, start)
            return reader, start, title

        page.route("**/*", route)
        printed: dict[str, int] = {}  # question id -> the PDF page (1-based) of its quiz
        for i, path in enumerate(pages):
            chapter, number, quizzes = plan.get(path, (None, 0, []))
            pointers = None
            if chapter:
                pointers = {pq.question: pointer_text(number, k)
                            for k, pq in enumerate(quizzes, 1) if f"{pq.page}.html" == path}
            reader, start, title = print_part(f"{base}/{path}", f"{i:03d}.pdf", pointers)
            if not chapter:
                continue
            for qid, j in _pages_of(reader, pointers or {}).items():
                printed[qid] = start + j + 1
            if path == last_page[chapter]:
                own = page_title(root, f"chapters/{chapter}")
                name = f"{chapter}.html"
                (served / name).write_text(
                    answers_html(root, chapter, number, own, banks=banks, course=course,
                                 printed=printed), encoding="utf-8")
                answers_at[chapter] = len(writer.pages) + 1
                print_part(f"{base}/{_ANSWERS_URL}/{name}", f"{i:03d}-answers.pdf")
        browser.close()
    httpd.shutdown()
    shutil.rmtree(tmp, ignore_errors=True)
    writer.add_metadata({"/Title": "After MINUSMA", "/Subject": "Course module, printed from the book"})
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)  # -5%
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as fh:
        writer.write(fh)
    return {"pages": pages, "pdf_pages": len(writer.pages), "external": external,
            "answers": answers_at, "unanswered": unanswered, "out": out}


def register(subparsers) -> None:
    p = subparsers.add_parser("pdf", help="print the built book into one PDF (needs Debian chromium)")
    p.add_argument("--site", default="_build/html", help="the built site (default: _build/html)")
    p.add_argument("--out", default=None, help=f"the PDF to write (default: SITE/{PDF_NAME})")
    p.set_defaults(func=_main)


def _main(args) -> int:
    site = Path(args.site)
    out = Path(args.out) if args.out else site / PDF_NAME
    result = build_pdf(site, out)
    if out.parent.resolve() == site.resolve():
        from .offline import write_worker

        write_worker(site)  # the offline copy can now offer the PDF
    if result["unanswered"]:
        print(f"warning: quizzes printed without an answer (no chapter source shows them): "
              f"{', '.join(result['unanswered'][:5])}")
    if result["external"]:
        print(f"warning: pages asked for outside resources (blocked): {result['external'][:3]}")
    print(f"{out}: {result['pdf_pages']} pages from {len(result['pages'])} book pages, with "
          f"{len(result['answers'])} chapters' answers sections")
    return 0
