"""Benchmark of the book build and of page weight, against the targets of the course's spine.

Builds a private copy of the repository (the working tree is never touched) and prints:

- the clean build time (every notebook executed),
- the no-change rebuild time (jupyter-cache: nothing re-executed),
- the rebuild time after editing one chapter's prose (no code changed: nothing re-executed),
- each page's own HTML weight, raw and gzipped, and what the heaviest page is made of (shared
  scripts such as plotly.js and the events data ck-events.js excluded:
  they are separate files, loaded once and cached),

each with its ratio to the target (below 1.0 meets it). Targets on a 2-core machine: clean
build 120 s, no-change rebuild 10 s, each page's own HTML 128 KB.

    .venv/bin/python bench/book_bench.py [--keep]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JB = Path(sys.executable).parent / "jupyter-book"
TARGETS = {"clean build (s)": 120.0, "no-change rebuild (s)": 10.0, "prose-edit rebuild (s)": 10.0}
PAGE_TARGET_KB = 128.0  # tests/browser/test_pages.py PAGE_LIMIT; 100 KB before the evidence audit


def build(src: Path) -> float:
    # the copy's own coursekit and data, also in the kernels that execute its notebooks
    env = {**os.environ, "PYTHONPATH": str(src)}
    t = time.perf_counter()
    proc = subprocess.run([str(JB), "build", "-W", "--keep-going", str(src)],
                          capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(f"build failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return elapsed


def edit_prose(src: Path) -> str:
    """Change one markdown cell of the first chapter, as `make notebooks` would after an edit."""
    nb_path = sorted((src / "chapters").glob("*.ipynb"))[0]
    nb = json.loads(nb_path.read_text())
    cell = next(c for c in nb["cells"] if c["cell_type"] == "markdown" and len("".join(c["source"])) > 200)
    cell["source"] = "".join(cell["source"]) + "\n\nAn added sentence for the benchmark."
    nb_path.write_text(json.dumps(nb, indent=1))
    return nb_path.name


def page_weights(site: Path) -> list[tuple[str, float, float]]:
    rows = []
    for p in sorted(site.rglob("*.html")):
        if "_static" in p.parts or p.name in ("genindex.html", "search.html"):
            continue
        raw = p.read_bytes()
        rows.append((str(p.relative_to(site)), len(raw) / 1024, len(gzip.compress(raw)) / 1024))
    return rows


PARTS = {  # what a chapter page is made of: regular expressions over its HTML
    "footnote list (the chapter's bibliography)": r'<aside class="footnote-list.*?</aside>\s*</aside>',
    "footnote references": r'<a class="footnote-reference.*?</a>',
    "quizzes": r'<div class="ck-quiz".*?</script>\s*</div>',
    "timeline (chart spec, event ids)": r'<figure class="ck-timeline".*?</figure>',
    "figure tables": r'<table><caption>(?![^<]*timeline).*?</table>',
}


def breakdown(html: str) -> list[tuple[str, float]]:
    """KB per part of a page; the rest is prose, headings, boxes and the theme's frame."""
    import re

    rows, left = [], len(html)
    for name, pattern in PARTS.items():
        n = sum(len(m) for m in re.findall(pattern, html, re.S))
        rows.append((name, n / 1024))
        left -= n
    text = re.sub(r"<[^>]+>", "", re.search(r"<article.*?</article>", html, re.S).group(0))
    rows.append(("everything else (prose, boxes, theme)", left / 1024))
    rows.append(("(visible text of the article alone)", len(text) / 1024))
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", action="store_true", help="keep the temporary copy and print its path")
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="book-bench-"))
    src = tmp / "book"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv", "_build", "node_modules", ".git", "*.egg-info"))
    try:
        times = {}
        times["clean build (s)"] = build(src)
        times["no-change rebuild (s)"] = build(src)
        edited = edit_prose(src)
        times["prose-edit rebuild (s)"] = build(src)
        print(f"Book build on {Path('/proc/cpuinfo').read_text().count('processor')} cores "
              f"({len(list((src / 'chapters').glob('*.ipynb')))} chapters in {len(list((src / 'chapters').rglob('*.ipynb')))} "
              f"page notebooks; prose edited in {edited})")
        print(f"{'measure':28} {'value':>9} {'target':>8} {'ratio':>6}")
        for k, v in times.items():
            print(f"{k:28} {v:9.1f} {TARGETS[k]:8.0f} {v / TARGETS[k]:6.2f}")
        print()
        print(f"{'page (own HTML)':40} {'raw KB':>8} {'gzip KB':>8} {'ratio':>6}")
        worst = 0.0
        for name, raw, gz in page_weights(src / "_build" / "html"):
            worst = max(worst, raw / PAGE_TARGET_KB)
            print(f"{name:40} {raw:8.1f} {gz:8.1f} {raw / PAGE_TARGET_KB:6.2f}")
        site = src / "_build" / "html"
        heaviest = max(page_weights(site), key=lambda r: r[1])[0]
        print(f"\nwhat {heaviest} is made of:")
        for name, kb in breakdown((site / heaviest).read_text(encoding="utf-8")):
            print(f"  {name:44} {kb:7.1f} KB")
        static = site / "_static"
        shared = ("plotly-basic.min.js", "ck-events.js", "timeline.js", "quiz.js", "progress.js")
        print("\nshared, cached once: " + ", ".join(
            f"{n} {(static / n).stat().st_size / 1024:.1f} KB" for n in shared))
        print(f"worst page ratio: {worst:.2f} (target: below 1.00)")
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
