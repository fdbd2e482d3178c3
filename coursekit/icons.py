"""Only the icons the book shows: the theme's FontAwesome webfont cut down to them.

pydata-sphinx-theme draws its header and sidebar icons (menu, search, light/dark, download,
...) from FontAwesome's solid webfont: 156 KB, about 2,000 glyphs, on every reader's first
visit, for some fifteen icons. At the end of a build (before the offline worker lists the
files) :func:`subset_icon_font` finds every ``fa-NAME`` class the built pages and the theme's
scripts use, looks up each one's code point in the theme's stylesheet, and rewrites the
served font with those glyphs alone (a few KB). The stylesheet is left as it is.
"""
from __future__ import annotations

import re
from pathlib import Path

__all__ = ["icons_used", "subset_icon_font"]

FONT = Path("_static/vendor/fontawesome/webfonts/fa-solid-900.woff2")
STYLES = Path("_static/styles/pydata-sphinx-theme.css")
#: Scripts that write icons into pages at run time (the search dialog's close button).
SCRIPTS = [Path("_static/scripts/pydata-sphinx-theme.js"), Path("_static/scripts/sphinx-book-theme.js")]
_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+:(?::)?before,?)+)\{content:"\\([0-9a-f]+)"\}')
_CLASS = re.compile(r"\bfa-([a-z0-9][a-z0-9-]*)")


def codepoints(css: str) -> dict[str, int]:
    """Icon name -> code point, from the theme's stylesheet."""
    out = {}
    for selectors, hexcode in _RULE.findall(css):
        for name in re.findall(r"\.fa-([a-z0-9-]+):", selectors):
            out[name] = int(hexcode, 16)
    return out


_ESCAPE = re.compile(r"\\([ef][0-9a-f]{3})\b")


def _styled(site: Path) -> dict[str, int]:
    """Icons the stylesheets draw by themselves (admonition titles, the sidebar's arrows): the
    private-use characters, literal or escaped, outside the ``.fa-NAME:before`` table."""
    out = {}
    for css in sorted((site / "_static").rglob("*.css")):
        text = _RULE.sub("", css.read_text(encoding="utf-8", errors="replace"))
        codes = {ord(c) for c in text if 0xE000 <= ord(c) <= 0xF8FF}
        codes |= {int(h, 16) for h in _ESCAPE.findall(text)}
        out.update({f"U+{c:04X}": c for c in codes})
    return out


def icons_used(site: Path) -> dict[str, int]:
    """Every icon the built ``site`` shows, with its code point. An icon that a stylesheet draws
    by itself is named by its code point (``U+F0EB``, a tip's bulb)."""
    site = Path(site)
    table = codepoints((site / STYLES).read_text(encoding="utf-8"))
    names = set()
    texts = [p for p in site.rglob("*.html") if "_sources" not in p.parts]
    texts += [site / s for s in SCRIPTS if (site / s).exists()]
    for path in texts:
        names |= set(_CLASS.findall(path.read_text(encoding="utf-8", errors="replace")))
    return {**_styled(site), **{n: table[n] for n in sorted(names) if n in table}}


def _theme_font() -> Path | None:
    """The full font as pydata-sphinx-theme ships it."""
    try:
        import pydata_sphinx_theme
    except ImportError:
        return None
    path = (Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
            / FONT.relative_to("_static"))
    return path if path.exists() else None


def subset_icon_font(site: Path) -> tuple[int, int]:
    """Rewrite the site's solid icon font with only the glyphs it uses; return (bytes before,
    bytes after). A site without the theme's font is left alone."""
    from fontTools import subset

    site = Path(site)
    font = site / FONT
    if not font.exists() or not (site / STYLES).exists():
        return (0, 0)
    original = _theme_font() or font  # always cut from the theme's full font, never from a cut one
    before = original.stat().st_size
    used = icons_used(site)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    loaded = subset.load_font(str(original), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(set(used.values())))
    subsetter.subset(loaded)
    subset.save_font(loaded, str(font), options)
    return before, font.stat().st_size


def _build_finished(app, exception):
    if exception or app.builder.format != "html":
        return
    subset_icon_font(Path(app.outdir))


def setup(app):
    # after the themes' own files are in place, before the offline worker (priority 900) lists them
    app.connect("build-finished", _build_finished, priority=850)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
