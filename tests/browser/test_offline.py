"""Can a reader keep the course and read it with no connection: every chapter page, a quiz, a
timeline, search? And does a rebuilt book replace the copy a reader kept?"""

import functools
import http.server
import json
import re
import shutil
import threading

import pytest

from coursekit.book import toc_files
from coursekit.offline import course_files, write_worker

from .conftest import ROOT, SITE

pytestmark = pytest.mark.site
PHONE = dict(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)


def serve(folder):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_port}"


def keep_the_course(context, base):
    """A first visit, then the footer's button; returns the page once the copy is ready."""
    page = context.new_page()
    page.goto(f"{base}/intro.html", wait_until="load")
    box = page.locator(".ck-offline")
    page.wait_for_function("() => document.querySelector('.ck-offline')?.dataset.state", timeout=120_000)
    state = box.locator(".ck-offline-state").inner_text()
    assert re.search(r"stores \d+\.\d MB", state), state
    box.locator("button.ck-offline-keep").click()
    page.wait_for_function("() => document.querySelector('.ck-offline').dataset.state === 'ready'",
                           timeout=120_000)
    assert "Ready" in box.locator(".ck-offline-state").inner_text()
    return page


def test_a_kept_course_reads_offline(browser, site_url):
    context = browser.new_context(service_workers="allow", **PHONE)
    outside = []
    context.on("request", lambda r: r.url.startswith(site_url) or outside.append(r.url))
    try:
        page = keep_the_course(context, site_url)
        context.set_offline(True)
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        for doc in toc_files(ROOT):
            page.goto(f"{site_url}/{doc}.html", wait_until="load")
            assert page.locator("article h1").count() == 1, f"{doc} did not open offline"
        # a quiz answers, a timeline draws and shows an event, search finds
        quiz_page = next(f"{d}.html" for d in toc_files(ROOT)
                         if 'class="ck-quiz"' in (SITE / f"{d}.html").read_text(encoding="utf-8"))
        page.goto(f"{site_url}/{quiz_page}")
        quiz = page.locator(".ck-quiz").first
        quiz.locator(".ck-check").click()
        assert quiz.locator(".ck-feedback").inner_text().strip()
        timeline_page = next(f"{d}.html" for d in toc_files(ROOT)
                             if 'class="ck-timeline"' in (SITE / f"{d}.html").read_text(encoding="utf-8"))
        page.goto(f"{site_url}/{timeline_page}")
        page.locator("figure.ck-timeline .ck-tl-ev").nth(2).click()
        page.locator("figure.ck-timeline .ck-tl-ev[aria-current='true']").nth(0).wait_for()
        assert page.locator("figure.ck-timeline .ck-tl-count").first.inner_text().startswith("3 of ")
        page.locator(".ck-timeline-detail .ck-timeline-source").first.wait_for()
        page.goto(f"{site_url}/search.html?q=Wagner")
        page.locator("#search-results ul.search li").first.wait_for()
        assert errors == [] and outside == []
    finally:
        context.close()


def test_the_worker_lists_what_pages_use_and_not_what_they_do_not():
    files = dict(course_files(SITE))
    pages = {f"{d}.html" for d in toc_files(ROOT)}
    assert pages <= set(files)
    assert "searchindex.js" in files and "_static/quiz.js" in files
    assert any(f.endswith(".woff2") for f in files), "the icon font the theme's CSS names"
    assert not [f for f in files if f.endswith((".map", ".pdf")) or f.startswith("_sources/")]
    assert "_static/scripts/fontawesome.js" not in files, "no page loads it"
    worker = (SITE / "sw.js").read_text(encoding="utf-8")
    assert json.loads(re.search(r"const FILES = (.*);", worker).group(1)) == [list(f) for f in course_files(SITE)]
    manifest = json.loads((SITE / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["start_url"] == "intro.html" and (SITE / manifest["icons"][0]["src"]).exists()
    assert 'rel="manifest"' in (SITE / "chapters/01-minusma.html").read_text(encoding="utf-8")


def test_a_rebuilt_book_replaces_the_kept_copy(browser, tmp_path):
    site = tmp_path / "html"
    shutil.copytree(SITE, site, ignore=shutil.ignore_patterns("*.pdf", "_sources", "*.map"))
    write_worker(site)
    httpd, base = serve(site)
    context = browser.new_context(service_workers="allow", **PHONE)
    try:
        page = keep_the_course(context, base)
        old = page.evaluate("() => caches.keys()")
        intro = site / "intro.html"
        intro.write_text(intro.read_text(encoding="utf-8").replace(
            '<h1>After MINUSMA<a class="headerlink"', '<h1>After MINUSMA (rebuilt)<a class="headerlink"'),
            encoding="utf-8")
        write_worker(site)  # what the next build does
        page.evaluate("() => navigator.serviceWorker.getRegistration().then(r => r.update())")
        page.wait_for_function("keys => caches.keys().then(k => k.length === 1 && k[0] !== keys[0])", arg=old,
                               timeout=30_000)
        page.goto(f"{base}/intro.html", wait_until="load")
        assert "(rebuilt)" in page.locator("article h1").inner_text()
    finally:
        context.close()
        httpd.shutdown()
