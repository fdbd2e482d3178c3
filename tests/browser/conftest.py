"""Fixtures for tests of the built book in headless Chromium.

The site in ``_build/html`` (built by ``make book``, which ``make test`` runs first) is served on
127.0.0.1. Every request to any other host is aborted and recorded, so a test can assert that
no page reaches the internet. Console errors and page errors are recorded too.
"""

from __future__ import annotations

import functools
import http.server
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
#: Known, harmless page errors from the theme (not from course content).
THEME_NOISE = ("Got invalid theme mode",)


def site_pages() -> list[str]:
    """Every content page of the built book, as paths relative to the site root."""
    skip = {"genindex.html", "search.html", "index.html"}  # index.html: the root redirect
    return sorted(str(p.relative_to(SITE)) for p in SITE.rglob("*.html")
                  if str(p.relative_to(SITE)) not in skip
                  and not {"_static", "_sources", "exercises"} & set(p.parts))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url():
    if not (SITE / "intro.html").exists():
        pytest.fail("the built book is missing: run `make book` (or `make test`, which builds it)")
    handler = functools.partial(_Quiet, directory=str(SITE))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


@dataclass
class Visit:
    """A browser page plus what it tried to fetch from outside and what it logged."""

    page: object
    external: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def errors(self) -> list[str]:
        return [e for e in self.console_errors + self.page_errors
                if not any(n in e for n in THEME_NOISE)]


#: Resolves once the page has laid itself out after `load` and every font it asked for has
#: arrived or failed: the late requests a page makes (icon fonts, lazy styles) have been made.
SETTLED = """() => document.fonts.ready.then(() => new Promise(r =>
    requestAnimationFrame(() => requestAnimationFrame(() => r(true)))))"""


def settle(page):
    """Wait for what a loaded page still fetches (not for a fixed time, not for network idle,
    which a page with a running chart may never reach)."""
    page.evaluate(SETTLED)


def _open(browser, site_url, viewport, **ctx):
    # the offline worker would take requests out of the route that records outside ones;
    # tests of reading offline allow it explicitly
    ctx.setdefault("service_workers", "block")
    context = browser.new_context(viewport=viewport, **ctx)
    page = context.new_page()
    visit = Visit(page)

    def route(r):
        if r.request.url.startswith(site_url) or r.request.url.startswith("data:"):
            r.continue_()
        else:
            visit.external.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and visit.console_errors.append(m.text))
    page.on("pageerror", lambda e: visit.page_errors.append(str(e)))
    return context, visit


@pytest.fixture
def visit(browser, site_url):
    """``visit(path)`` opens a page of the book on a desktop-sized viewport."""
    contexts = []

    def go(path: str, width: int = 1280, height: int = 900, **ctx) -> Visit:
        context, v = _open(browser, site_url, {"width": width, "height": height}, **ctx)
        contexts.append(context)
        v.page.goto(f"{site_url}/{path}", wait_until="load")
        return v

    yield go
    for c in contexts:
        c.close()
