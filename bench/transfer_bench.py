"""Benchmark: what each page of the built book costs a reader on a slow mobile connection.

Serves ``_build/html`` gzipped (as any web server would) on 127.0.0.1 and opens every page in
headless Chromium twice:

- **cold**: a first visit with an empty cache. Prints the bytes transferred (gzipped, as the
  browser received them) against the target: 250 KB for a text page, 600 KB for a page with a
  timeline, chart or map;
- **warm**: the next page of a chapter for a reader who reads it in order: the chapter's
  earlier pages (from its first page) opened first in the same browser, their files cached.
  Against 30 KB, the target issue 11 sets for "the next page of a chapter". A chapter's first
  page and the other pages are measured too, after the page before them in reading order, and
  printed for information (marked "info"): a chapter's first page is where the course's
  scripts for quizzes and maps first load, once for the whole course;
- **first paint** under a throttled mobile profile (1.6 Mbit/s down, 750 kbit/s up, 150 ms
  latency, a CPU 4x slower), cold: the time to the first contentful paint, and the time until
  the article's text is visible, reported as the share of the time the page's scripts need to
  finish (text visible before any chart script runs is the target).

Each line ends with its ratio to the target (below 1.00 meets it). Run on demand:

    .venv/bin/python bench/transfer_bench.py [--pages N] [--no-throttle]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
sys.path.insert(0, str(ROOT))

from coursekit.book import toc_files  # noqa: E402
from coursekit.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

TEXT_KB, CHART_KB, WARM_KB = 250.0, 600.0, 30.0
#: the throttled profile of the reader review (issue 11)
THROTTLE = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8,
            "uploadThroughput": 750_000 / 8}
CPU_SLOWDOWN = 4


class Gzipped(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped when the browser accepts it (compressed once, kept in memory)."""

    cache: dict[str, bytes] = {}

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path.split("?")[0]))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        key = str(path)
        if key not in self.cache:
            self.cache[key] = gzip.compress(path.read_bytes(), 9)
        body = self.cache[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        import io

        return io.BytesIO(body)


def serve():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Gzipped, directory=str(SITE)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_port}"


def transferred(page, cdp, url) -> float:
    """KB received (headers and gzipped bodies) while ``url`` loads and settles."""
    sizes: dict[str, int] = {}
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto(url, wait_until="load")
    page.evaluate("() => document.fonts.ready.then(() => new Promise(r => setTimeout(r, 300)))")
    return sum(sizes.values()) / 1024


def has_chart(path: str) -> bool:
    """A page with a chart, a timeline or a map (the markers the book's page assets use)."""
    html = (SITE / path).read_text(encoding="utf-8")
    return any(m in html for m in ("plotly-graph-div", 'class="ck-timeline"', '<figure class="ck-map'))


def read_before(path: str, pages: list[str]) -> list[str]:
    """What a reader opened before ``path``, reading in order: the chapter's earlier pages (its
    first page and the pages between), or, for a chapter's first page or any other page, the
    page before it in the book."""
    i = pages.index(path)
    if i == 0:
        return []
    if path.startswith("chapters/") and "/" in path[len("chapters/"):]:
        first = path[len("chapters/"):].split("/")[0] + ".html"
        start = pages.index("chapters/" + first)
        return pages[start:i]
    return [pages[i - 1]]


def is_next_page(path: str) -> bool:
    """A chapter's second or later page (``chapters/NN-name/page.html``): the warm target's."""
    return path.startswith("chapters/") and "/" in path[len("chapters/"):]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=0, help="only the first N pages in reading order")
    ap.add_argument("--no-throttle", action="store_true", help="skip the throttled first-paint runs")
    args = ap.parse_args(argv)
    if not (SITE / "intro.html").exists():
        print("no built book: run `make book` first", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    pages = [f"{d}.html" for d in toc_files(ROOT)]
    pages = pages[:args.pages] if args.pages else pages
    httpd, base = serve()
    worst = 0.0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        print(f"{'page':48} {'cold KB':>8} {'target':>7} {'ratio':>6} {'warm KB':>8} {'ratio':>6}")
        for path in pages:
            target = CHART_KB if has_chart(path) else TEXT_KB
            ctx = browser.new_context(service_workers="block")  # HTTP as it is, no offline copy
            page = ctx.new_page()
            cdp = ctx.new_cdp_session(page)
            cdp.send("Network.enable")
            cold = transferred(page, cdp, f"{base}/{path}")
            ctx.close()
            warm = float("nan")
            before = read_before(path, pages)
            if before:
                ctx = browser.new_context(service_workers="block")  # HTTP as it is, no offline copy
                page = ctx.new_page()
                cdp = ctx.new_cdp_session(page)
                cdp.send("Network.enable")
                for earlier in before:
                    transferred(page, cdp, f"{base}/{earlier}")
                warm = transferred(page, cdp, f"{base}/{path}")
                ctx.close()
            next_page = is_next_page(path)
            ratios = [cold / target] + ([warm / WARM_KB] if warm == warm and next_page else [])
            worst = max([worst, *ratios])
            print(f"{path:48} {cold:8.1f} {target:7.0f} {cold / target:6.2f} {warm:8.1f} "
                  f"{(warm / WARM_KB) if warm == warm else float('nan'):6.2f}"
                  + ("" if next_page or warm != warm else " info"))
        if not args.no_throttle:
            print(f"\nthrottled (1.6 Mbit/s, 150 ms, CPU x{CPU_SLOWDOWN}), cold:")
            print(f"{'page':48} {'first paint s':>13} {'text s':>7} {'scripts done s':>14} {'text/scripts':>12}")
            sample = [pages[0]] + [p for p in pages if has_chart(p)][:2] + [p for p in pages if not has_chart(p)][1:2]
            for path in dict.fromkeys(sample):
                ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                          service_workers="block")
                page = ctx.new_page()
                cdp = ctx.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.emulateNetworkConditions", THROTTLE)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
                page.add_init_script("""(() => {
                    window.__textAt = null;
                    const t0 = performance.now();
                    const probe = () => {
                        const p = document.querySelector('article p');
                        if (p && p.getBoundingClientRect().height > 0 && window.__textAt === null)
                            window.__textAt = performance.now() - t0;
                        else if (window.__textAt === null) requestAnimationFrame(probe);
                    };
                    requestAnimationFrame(probe);
                })()""")
                page.goto(f"{base}/{path}", wait_until="load", timeout=300_000)
                fcp = page.evaluate("() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || null")
                text = page.evaluate("() => window.__textAt")
                done = page.evaluate("() => performance.timing.loadEventEnd - performance.timing.navigationStart")
                ratio = (text or 0) / done if done else float("nan")
                print(f"{path:48} {fcp / 1000 if fcp else float('nan'):13.1f} "
                      f"{(text or float('nan')) / 1000:7.1f} {done / 1000:14.1f} {ratio:12.2f}")
                ctx.close()
        browser.close()
    httpd.shutdown()
    print(f"\nworst transfer ratio: {worst:.2f} (target: below 1.00)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
