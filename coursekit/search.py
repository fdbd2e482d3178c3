"""The book's search, for students: accents optional, the course before the instructor guide,
and nothing indexed that a reader cannot see on the page.

- Words are indexed and looked up without their accents, on both sides: "Goita" finds "Goïta",
  "Menaka" finds "Ménaka" (a Porter-stemmed English index whose stemmer folds accents first, in
  Python for the index and in the page's JavaScript for the query).
- Results from the instructor guide (``instructors/``) come after every chapter result
  (``search_assets/scorer.js``, Sphinx's ``html_search_scorer``).
- Text that a page hides until a reader acts, such as the dates of an ordering quiz, which
  would give its answer away, is left out of the index (only the index: the page keeps it).
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from docutils import nodes
from sphinx.search.en import SearchEnglish

__all__ = ["CourseEnglish", "fold", "setup"]

SCORER = Path(__file__).resolve().parent / "search_assets" / "scorer.js"
#: Elements the course's HTML outputs write with ``hidden``: shown only after an answer.
HIDDEN = re.compile(r'<(span|div|p|button)\b[^>]*?\shidden\b[^>]*>.*?</\1>', re.S)

_FOLD_JS = """;
/* coursekit: fold accents before stemming, as the index was built ("Goita" finds "Goïta"). */
(function () {
  var Porter = Stemmer;
  Stemmer = function () {
    var porter = new Porter();
    this.stemWord = function (w) {
      return porter.stemWord(String(w).normalize("NFD").replace(/[\\u0300-\\u036f]/g, ""));
    };
  };
})();
"""


def fold(word: str) -> str:
    """``word`` without its accents (``Goïta`` -> ``Goita``)."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


class CourseEnglish(SearchEnglish):
    """English search with accents folded away before stemming."""

    js_stemmer_code = SearchEnglish.js_stemmer_code + _FOLD_JS

    def stem(self, word: str) -> str:
        return super().stem(fold(word))

    def word_filter(self, word: str) -> bool:
        return super().word_filter(fold(word))


def _unindex_hidden(app):
    """Index each page as if its hidden elements were not there.

    Sphinx indexes a page's doctree just before writing it, from the same raw HTML nodes; the
    builder's ``index_page`` is wrapped so that those nodes read without their hidden parts while
    the index is fed, and are put back before the page is written.
    """
    builder = app.builder
    original = getattr(builder, "index_page", None)
    if original is None or getattr(original, "_coursekit", False):
        return

    def index_page(pagename, doctree, title):
        swapped = []
        for node in doctree.findall(nodes.raw):
            text = node.astext()
            if " hidden" in text and "html" in node.get("format", "").split():
                stripped = HIDDEN.sub("", text)
                if stripped != text:
                    swapped.append((node, node[:]))
                    node[:] = [nodes.Text(stripped)]
        try:
            original(pagename, doctree, title)
        finally:
            for node, children in swapped:
                node[:] = children

    index_page._coursekit = True
    builder.index_page = index_page


def _config_inited(app, config):
    if not config.html_search_scorer:
        config.html_search_scorer = str(SCORER)


def setup(app):
    app.add_search_language(CourseEnglish)
    app.connect("config-inited", _config_inited)
    app.connect("builder-inited", _unindex_hidden)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
