"""Screenshot a built page in headless Chromium.

    python scripts/screenshot.py SITE_DIR PAGE OUT.png [WIDTH] [CSS_SELECTOR]

With a selector, only that element (the first match) is captured.
"""
import functools
import http.server
import sys
import threading

from playwright.sync_api import sync_playwright

from coursekit.browser import CHROMIUM, CHROMIUM_ARGS


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass


def main(site, page_path, out, width=1200, selector=None):
    handler = functools.partial(Quiet, directory=site)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = b.new_page(viewport={"width": int(width), "height": 900})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1")
                   else r.abort())
        page.goto(f"http://127.0.0.1:{httpd.server_port}/{page_path}")
        page.wait_for_timeout(1500)
        if selector:
            page.locator(selector).first.screenshot(path=out)
        else:
            page.screenshot(path=out, full_page=True)
        b.close()
    httpd.shutdown()


if __name__ == "__main__":
    main(*sys.argv[1:])
