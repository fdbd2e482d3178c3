"""Does the Sphinx extension print data with citations, and fail the build on a bad reference?

Each test builds a one-page book (tests/files/book) over the fixture course data.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FILES = Path(__file__).parent / "files"
JB = Path(sys.executable).parent / "jupyter-book"


@pytest.fixture
def book(tmp_path):
    root = tmp_path / "book"
    shutil.copytree(FILES / "book", root)
    shutil.copytree(FILES / "course" / "data", root / "data")
    return root


def build(root):
    proc = subprocess.run([str(JB), "build", "-W", "--keep-going", str(root)],
                          capture_output=True, text=True)
    return proc.returncode, proc.stdout + proc.stderr


def test_roles_print_the_data_and_cite_its_sources(book):
    rc, out = build(book)
    assert rc == 0, out[-2000:]
    html = (book / "_build" / "html" / "page.html").read_text()
    assert html.count('<span class="ck-date">25 April 2013</span>') == 2
    # the second use of the same record on the page is not cited again
    assert html.count('href="#footcite-unsc-2013-res2100"') == 2  # its date and its value
    assert ">12,640 military personnel</span>" in html
    assert ">between 10 and 20 deaths</span>" in html
    assert "\u201cA test quotation.\u201d" in html
    assert "27 November 2026" in html  # the as-of date, from coursekit.data.AS_OF
    # each role cites: the footnotes list the sources with publisher, linked title and date
    assert 'id="footcite-unsc-2013-res2100"' in html
    assert "United Nations Security Council." in html and 'href="https://example.org/res2100"' in html
    assert "Some Press." in html and "No URL: print only" in html
    # footnote brackets are drawn by footnotes.css, not by two spans in every reference
    assert "fn-bracket" not in html and 'class="footnote-reference"' in html
    assert 'href="_static/footnotes.css' in html
    css = (book / "_build" / "html" / "_static" / "footnotes.css").read_text()
    assert 'a.footnote-reference::before' in css and 'content: "["' in css
    # key terms link to the shared glossary, which holds every term
    assert 'href="glossary.html#term-MINUSMA"' in html
    glossary = (book / "_build" / "html" / "glossary.html").read_text()
    assert "UN Security Council" in glossary and "MINUSMA" in glossary


def test_unknown_event_fails_the_build_with_its_id(book):
    page = book / "page.md"
    page.write_text(page.read_text().replace("{date}`res-2100`", "{date}`res-2101`"))
    rc, out = build(book)
    assert rc != 0
    assert "{date} role: no event with id `res-2101` in data/" in out


def test_bad_data_fails_the_build_with_the_validation_message(book):
    ev = book / "data" / "events" / "minusma.yaml"
    ev.write_text(ev.read_text().replace("sources: [unsc-2023-res2690]\n", "sources: [nope]\n", 1))
    rc, out = build(book)
    assert rc != 0
    assert "unknown source key `nope`" in out


def test_unknown_key_term_fails_the_build(book):
    page = book / "page.md"
    page.write_text(page.read_text().replace("```{key-terms} minusma", "```{key-terms} minusma wagner"))
    rc, out = build(book)
    assert rc != 0
    assert "key-terms: no glossary entry `wagner`" in out
