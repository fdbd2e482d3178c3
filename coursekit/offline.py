"""The book as an installable web app that can be read offline.

At the end of a build (and again after ``coursekit pdf`` adds the PDF) :func:`write_worker`
writes at the site's root:

- ``sw.js``, the service worker (``offline_assets/sw.js``), stamped with this build's version
  (a hash of every file it lists) and the list of files that make up the course: every page,
  each script, style and font the pages use, the search index and the exercise downloads, with
  their sizes; the PDF separately, kept only if the reader asks;
- ``manifest.webmanifest`` and ``icon.svg``, so that a phone can install the course.

Every page links the manifest and loads ``offline.js``, which registers the worker and fills
the control in the footer: how much the course stores, a button to keep it all on the device,
its progress, and when it is ready. A rebuilt book has a new version, whose worker deletes the
old copies.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

__all__ = ["course_files", "write_worker"]

ASSETS = Path(__file__).resolve().parent / "offline_assets"
WORKER, MANIFEST, ICON = "sw.js", "manifest.webmanifest", "icon.svg"
#: Files a page refers to, relative to the page (src, href, and url() in stylesheets).
_REF = re.compile(r"""(?:src|href)=["']([^"'#?]+)[^"']*["']""")
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')?#]+)""")
_SKIP = re.compile(r"(^|/)(_sources|\.doctrees)/|\.map$|\.pdf$|^sw\.js$")


def _refs(path: Path, site: Path) -> set[Path]:
    text = path.read_text(encoding="utf-8", errors="replace")
    found = _CSS_URL.findall(text) if path.suffix == ".css" else _REF.findall(text)
    out = set()
    for ref in found:
        if re.match(r"^[a-z]+:", ref) or ref.startswith("//"):
            continue
        target = (path.parent / ref).resolve()
        if target.is_file() and site in target.parents:
            out.add(target)
    return out


def course_files(site: Path) -> list[tuple[str, int]]:
    """Every file a reader needs to read the course offline: (path from the site root, bytes).

    Starts from every HTML page and follows what they load (scripts, styles, the fonts and
    images those styles name, downloads), leaving out source maps, page sources and the PDF.
    """
    site = Path(site).resolve()
    todo = [p for p in site.rglob("*.html") if not _SKIP.search(p.relative_to(site).as_posix())]
    todo += [p for p in (site / "searchindex.js",) if p.exists()]
    seen: set[Path] = set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        if p.suffix in (".html", ".css"):
            todo += [r for r in _refs(p, site) if r not in seen]
    files = sorted(p.relative_to(site).as_posix() for p in seen)
    return [(f, (site / f).stat().st_size) for f in files if not _SKIP.search(f)]


def write_worker(site: Path, title: str = "After MINUSMA") -> dict:
    """Write sw.js, the web app manifest and its icon into the built ``site``; return a summary."""
    from .pdf import PDF_NAME

    site = Path(site)
    files = course_files(site)
    pdf = site / PDF_NAME
    pdf_entry = [PDF_NAME, pdf.stat().st_size] if pdf.exists() else None
    h = hashlib.sha256()
    for name, _ in files + ([tuple(pdf_entry)] if pdf_entry else []):
        h.update(name.encode() + b"\0" + (site / name).read_bytes())
    version = h.hexdigest()[:16]
    source = (ASSETS / WORKER).read_text(encoding="utf-8")
    worker = (source.replace("__VERSION__", version)
              .replace("__FILES__", json.dumps([list(f) for f in files]))
              .replace("__PDF__", json.dumps(pdf_entry)))
    (site / WORKER).write_text(worker, encoding="utf-8")
    (site / ICON).write_text((ASSETS / ICON).read_text(encoding="utf-8"), encoding="utf-8")
    manifest = {
        "name": title, "short_name": title, "start_url": "intro.html", "scope": "./",
        "display": "standalone", "background_color": "#ffffff", "theme_color": "#1d5fa8",
        "description": "A course on the end of the UN mission in Mali (MINUSMA) and what followed",
        "icons": [{"src": ICON, "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
    }
    (site / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return {"version": version, "files": len(files), "bytes": sum(s for _, s in files),
            "pdf": pdf_entry[1] if pdf_entry else 0}


def _build_finished(app, exception):
    if exception or app.builder.format != "html":
        return
    write_worker(Path(app.outdir), app.config.html_title or app.config.project)


def _page_context(app, pagename, templatename, context, doctree):
    pathto = context["pathto"]
    context["metatags"] = context.get("metatags", "") + (
        f'\n<link rel="manifest" href="{pathto(MANIFEST, 1)}" />'
        '\n<meta name="theme-color" content="#1d5fa8" />')


def setup(app):
    # after the themes' own build-finished work (pydata-sphinx-theme rewrites pygments.css)
    app.connect("build-finished", _build_finished, priority=900)
    app.connect("html-page-context", _page_context)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
