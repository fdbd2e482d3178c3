"""The whole course as one PDF, printed from the built site by headless Chromium.

Pages are printed in table-of-contents order, with every text alternative (timeline tables,
figure tables) opened and every figure drawn first, then joined into one file with a bookmark
per page. ``make book`` runs it; the landing page links the result.

    coursekit pdf [--site _build/html] [--out _build/html/after-minusma.pdf]
"""

from __future__ import annotations

import functools
import http.server
import shutil
import tempfile
import threading
from pathlib import Path

from .browser import CHROMIUM, CHROMIUM_ARGS
from .book import toc_files
from .data import default_root

PDF_NAME = "after-minusma.pdf"


def toc_pages(root: Path) -> list[str]:
    """The book's pages in reading order, as paths of HTML files in the site."""
    return [f"{p}.html" for p in toc_files(root)]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


_PREPARE = """async () => {
  document.querySelectorAll('details').forEach(d => d.open = true);
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


def build_pdf(site: Path, out: Path, root: Path | None = None) -> dict:
    """Print every page of ``site`` (a built book) into ``out``; return what was printed."""
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader, PdfWriter

    root = root or default_root()
    site = site.resolve()
    pages = [p for p in toc_pages(root) if (site / p).exists()]
    missing = [p for p in toc_pages(root) if not (site / p).exists()]
    if missing:
        raise FileNotFoundError(f"pages of _toc.yml missing from {site}: {', '.join(missing)}; "
                                "build the book first (make book)")
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_port}"
    writer = PdfWriter()
    external: list[str] = []
    tmp = Path(tempfile.mkdtemp(prefix="course-pdf-"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # the printable width of A4 with these margins, so figures are drawn at their print size
        # (no service worker: every request goes through the route below)
        page = browser.new_page(viewport={"width": 680, "height": 1000}, service_workers="block")

        def route(r):
            if r.request.url.startswith(base):
                r.continue_()
            else:
                external.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        for i, path in enumerate(pages):
            page.goto(f"{base}/{path}", wait_until="load")
            page.emulate_media(media="print")
            page.evaluate(_PREPARE)
            part = tmp / f"{i:03d}.pdf"
            page.pdf(path=str(part), format="A4", print_background=True,
                     margin={"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"})
            page.emulate_media(media="screen")
            title = page.title().split("\u2014")[0].split(" | ")[0].strip()
            start = len(writer.pages)
            for pg in PdfReader(str(part)).pages:
                writer.add_page(pg)
            writer.add_outline_item(title, start)
        browser.close()
    httpd.shutdown()
    shutil.rmtree(tmp, ignore_errors=True)
    writer.add_metadata({"/Title": "After MINUSMA", "/Subject": "Course module, printed from the book"})
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)  # -5%
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as fh:
        writer.write(fh)
    return {"pages": pages, "pdf_pages": len(writer.pages), "external": external, "out": out}


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
    if result["external"]:
        print(f"warning: pages asked for outside resources (blocked): {result['external'][:3]}")
    print(f"{out}: {result['pdf_pages']} pages from {len(result['pages'])} book pages")
    return 0
