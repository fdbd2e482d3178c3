"""Does the Sphinx extension print data with citations, and fail the build on a bad reference?

Each test builds a one-page book (tests/files/book) over the fixture course data.
"""

import json
import re

import pytest
import yaml
from tinybook import build, make


@pytest.fixture
def book(tmp_path):
    return make(tmp_path)


def test_roles_print_the_data_and_cite_its_sources(book):
    rc, out = build(book)
    assert rc == 0, out[-2000:]
    html = (book / "_build" / "html" / "page.html").read_text()
    # both uses name the record's sources, which cite.js shows in a pop-up on a tap
    assert html.count('<span class="ck-date ck-cites ck-rec--res-2100 ck-src--unsc-2013-res2100">25 April 2013</span>') == 2
    # the second use of the same record on the page is not cited again
    # its date and its value; the {footcite} written right after the value adds no second "[1]"
    assert html.count('href="#footcite-unsc-2013-res2100"') == 2
    assert 'role="doc-backlink">3<' not in html  # nor a back-link to a mark that is not there
    assert ">12,640 military personnel</span>" in html
    assert ">between 10 and 20 deaths</span>" in html
    assert "\u201cA test quotation.\u201d" in html
    assert "Course as of 31 December 2023." in html  # the as-of date, from data/course.yaml
    # each role cites: the footnotes list the sources with publisher, linked title and date
    assert 'id="footcite-unsc-2013-res2100"' in html
    assert "United Nations Security Council." in html and 'href="https://example.org/res2100"' in html
    assert "Some Press." in html and "No URL: print only" in html
    # footnote brackets are drawn by footnotes.css, not by two spans in every reference
    assert "fn-bracket" not in html and 'class="footnote-reference"' in html
    assert 'href="_static/footnotes.css' in html
    assert '<script defer="defer" src="_static/cite.js' in html
    css = (book / "_build" / "html" / "_static" / "footnotes.css").read_text()
    assert 'a.footnote-reference::before' in css and 'content:"["' in css.replace(': ', ':')
    # each configuration script once (jupyter-book adds thebe's and togglebutton's twice)
    assert html.count("const THEBE_JS_URL") == 1 and html.count("var togglebuttonSelector") == 1
    # key terms link to the shared glossary, which holds every term
    assert 'href="glossary.html#term-MINUSMA"' in html
    glossary = (book / "_build" / "html" / "glossary.html").read_text()
    assert "UN Security Council" in glossary and "MINUSMA" in glossary
    # the corrections page lists every correction, newest first, with what, why and sources
    fixes = (book / "_build" / "html" / "corrections.html").read_text()
    newer, older = fixes.find(">15 January 2026<"), fixes.find(">1 June 2025<")
    assert 0 < newer < older, "corrections are listed newest first"
    assert "<strong>Where.</strong> page.md; figure troop-ceiling" in fixes  # not a link
    assert "<strong>It said.</strong> A ceiling of 12,000 military personnel." in fixes
    assert "<strong>It says now.</strong> A ceiling of 12,640 military personnel." in fixes
    assert 'href="#footcite-unsc-2013-res2100"' in fixes and "stated as of 31 December 2023" in fixes


def add_evidence(book):
    """Evidence for a record the page prints and for a sentence of the page's prose."""
    path = book / "data" / "events" / "minusma.yaml"
    events = yaml.safe_load(path.read_text())
    events[0]["evidence"] = [{"source": "unsc-2013-res2100", "at": "paragraphe 7",
                              "quote": "Décide de créer la MINUSMA", "lang": "fr",
                              "translation": "Decides to establish MINUSMA",
                              "checked": "2026-12-01"}]
    path.write_text(yaml.safe_dump(events, sort_keys=False, allow_unicode=True))
    page = book / "page.md"
    # two sentences of one paragraph cite one source; the first has an apostrophe, which the
    # built page prints typographic ("Council’s"): each mark must still find its own sentence
    page.write_text(page.read_text().replace(
        "Course as of", "The Council's vote later ended the\nmission{footcite}`unsc-2023-res2690`. "
        "It set a deadline{footcite}`unsc-2023-res2690`. Course as of"))
    (book / "data" / "evidence" / "page.yaml").write_text(yaml.safe_dump([{
        "page": "page.md", "claim": "The Council's vote later ended the mission",
        "source": "unsc-2023-res2690", "at": "operative paragraph 1",
        "quote": "Decides to terminate the mandate", "checked": "2026-12-01"}, {
        "page": "page.md", "claim": "It set a deadline",
        "source": "unsc-2023-res2690", "at": "operative paragraph 2",
        "quote": "by 31 December 2023", "checked": "2026-12-01"}]))


def test_the_page_carries_the_evidence_its_pop_ups_show(book):
    add_evidence(book)
    rc, out = build(book)
    assert rc == 0, out[-2000:]
    html = (book / "_build" / "html" / "page.html").read_text()
    # the evidence is a file of the page's own, fetched at the first tap, not page weight
    tag = re.search(r'<script type="application/json" id="ck-evidence" data-src="([^"]+)"></script>', html)
    assert tag and tag.group(1) == "_static/evidence/page.json"
    data = json.loads((book / "_build" / "html" / tag.group(1)).read_text())
    # the record's evidence, in its language with our translation, keyed by the record's id
    assert data["rec"] == {"res-2100": [{"source": "unsc-2013-res2100", "at": "paragraphe 7",
                                         "quote": "Décide de créer la MINUSMA", "lang": "fr",
                                         "translation": "Decides to establish MINUSMA",
                                         "checked": "2026-12-01"}]}
    assert 'ck-rec--res-2100' in html
    # the prose citation's mark points at its sentence's evidence, and keeps the compact form
    para = re.search(r"The Council\u2019s vote.*?</p>", html, re.S)
    assert para, "the sentences, with their typographic apostrophe"
    marks = re.findall(r'<a class="footnote-reference ck-ev--(\d+)" href="#footcite-unsc-2023-res2690"', para.group(0))
    assert len(marks) == 2, para.group(0)
    assert [data["fn"][int(m)] for m in marks] == [
        [{"source": "unsc-2023-res2690", "at": "operative paragraph 1",
          "quote": "Decides to terminate the mandate", "lang": "en", "checked": "2026-12-01"}],
        [{"source": "unsc-2023-res2690", "at": "operative paragraph 2",
          "quote": "by 31 December 2023", "lang": "en", "checked": "2026-12-01"}]]
    assert "fn-bracket" not in html and '<script defer="defer" src="_static/cite.js' in html


@pytest.mark.parametrize("path, old, new, message", [
    ("page.md", "{date}`res-2100`", "{date}`res-2101`", "{date} role: no event with id `res-2101` in data/"),
    ("data/events/minusma.yaml", "sources: [unsc-2023-res2690]\n", "sources: [nope]\n",
     "unknown source key `nope`"),
    ("page.md", "```{key-terms} minusma", "```{key-terms} minusma wagner",
     "key-terms: no glossary entry `wagner`"),
    ("corrections.md", "```{corrections}\n", "```{corrections} course nosuch\n",
     "corrections: no file data/corrections/nosuch.yaml"),
], ids=["unknown-event", "unknown-source", "unknown-key-term", "unknown-corrections-file"])
def test_a_bad_reference_fails_the_build_naming_it(book, path, old, new, message):
    """Does a page or data file that names something that does not exist fail the build,
    with a message that names it?"""
    f = book / path
    assert old in f.read_text()
    f.write_text(f.read_text().replace(old, new, 1))
    rc, out = build(book)
    assert rc != 0
    assert message in out


def _with_notebook_page(book, config_extra: str):
    """The tiny book plus a notebook chapter, and extra _config.yml lines."""
    import json

    nb = {"cells": [{"cell_type": "markdown", "id": "a", "metadata": {}, "source": "# Live page\n\nText."}],
          "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
          "nbformat": 4, "nbformat_minor": 5}
    (book / "live.ipynb").write_text(json.dumps(nb))
    toc = book / "_toc.yml"
    toc.write_text(toc.read_text() + "  - file: live\n")
    cfg = book / "_config.yml"
    cfg.write_text(cfg.read_text() + config_extra)


LAUNCH = """
launch_buttons:
  notebook_interface: jupyterlab
  binderhub_url: "https://mybinder.org"
  colab_url: "https://colab.research.google.com"
  jupyterhub_url: "https://hub.example.edu"
"""


def test_launch_buttons_open_the_reader_notebooks_once_the_repository_is_named(book):
    """With repository.url set, do Binder, hub and Colab links open notebooks/<page>.ipynb?"""
    _with_notebook_page(book, LAUNCH + "repository:\n  url: https://github.com/example-org/after-minusma\n"
                              "  path_to_book: notebooks\n  branch: main\n")
    rc, out = build(book)
    assert rc == 0, out[-2000:]
    html = (book / "_build" / "html" / "live.html").read_text()
    assert ("https://mybinder.org/v2/gh/example-org/after-minusma/main?urlpath=lab/tree/notebooks/live.ipynb"
            in html)
    assert ("https://colab.research.google.com/github/example-org/after-minusma/blob/main/notebooks/live.ipynb"
            in html)
    # nbgitpuller clones into a folder named after the repository, then opens the reader notebook
    assert ("https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A//github.com/example-org/"
            "after-minusma&urlpath=lab/tree/after-minusma/notebooks/live.ipynb&branch=main") in html


def test_launch_buttons_are_off_without_a_repository_and_the_build_stays_clean(book):
    """With no repository.url (this repository's own state), no launch link, and no warning
    that would fail a -W build."""
    _with_notebook_page(book, LAUNCH + 'repository:\n  url: ""\n  path_to_book: notebooks\n')
    rc, out = build(book)
    assert rc == 0, out[-2000:]
    html = (book / "_build" / "html" / "live.html").read_text()
    assert "mybinder.org" not in html and "colab.research.google.com" not in html
    assert "launch buttons are off until _config.yml names the repository" in out


def test_an_edited_data_file_or_served_script_makes_every_page_rebuild(tmp_path, monkeypatch):
    """Sphinx copies static files only when it writes pages: does the fingerprint that
    re-reads every page change with the data and with each script the book serves?"""
    from coursekit import sphinxext

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "events.yaml").write_text("a: 1\n")
    script = tmp_path / "timeline.js"
    script.write_text("var a = 1;\n")
    monkeypatch.setattr(sphinxext, "_asset_sources", lambda srcdir: {"timeline.js": script})
    first = sphinxext._data_fingerprint(str(tmp_path))
    assert sphinxext._data_fingerprint(str(tmp_path)) == first  # nothing changed
    script.write_text("var a = 2;\n")
    second = sphinxext._data_fingerprint(str(tmp_path))
    assert second != first
    (tmp_path / "data" / "events.yaml").write_text("a: 2\n")
    assert sphinxext._data_fingerprint(str(tmp_path)) not in (first, second)


def test_a_chapters_first_page_lists_its_pages_and_follows_a_retitled_one(book):
    """A chapter of two pages: its first page lists both under the objectives, the other linked;
    after the second page is retitled, an incremental build shows the new title there."""
    import shutil

    from tinybook import FILES

    (book / "data" / "questions").mkdir(exist_ok=True)  # git keeps no empty folder
    shutil.copyfile(FILES / "answerkey" / "01-minusma.yaml", book / "data" / "questions" / "01-minusma.yaml")
    (book / "chapters" / "01-minusma").mkdir(parents=True)
    (book / "chapters" / "01-minusma.md").write_text("# The first page\n\n```{objectives} 01-minusma\n```\n")
    (book / "chapters" / "01-minusma" / "more.md").write_text("# The second page\n\nText.\n")
    with open(book / "_toc.yml", "a") as toc:
        toc.write("  - file: chapters/01-minusma\n    sections:\n      - file: chapters/01-minusma/more\n")
    rc, out = build(book)
    assert rc == 0, out[-3000:]
    first = book / "_build" / "html" / "chapters" / "01-minusma.html"
    html = first.read_text()
    assert "In this chapter" in html and "<strong>The first page</strong> (this page)" in html
    assert 'href="01-minusma/more.html">The second page</a>' in html
    (book / "chapters" / "01-minusma" / "more.md").write_text("# The retitled page\n\nText.\n")
    rc, out = build(book)
    assert rc == 0, out[-3000:]
    assert 'href="01-minusma/more.html">The retitled page</a>' in first.read_text()
