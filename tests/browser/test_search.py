"""Does the book's search serve students: accents optional, the course before the instructor
guide, and no hidden quiz answer in the index?"""

import json
import re
import unicodedata

import pytest

from coursekit.search import CourseEnglish, fold

from .conftest import SITE

pytestmark = pytest.mark.site


def search(visit, query):
    v = visit(f"search.html?q={query}")
    v.page.locator("#search-results .search-summary").filter(has_text=re.compile("found|did not match")).wait_for()
    hrefs = v.page.locator("#search-results ul.search li > a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert v.errors() == [] and v.external == []
    return [h.split("?")[0].split("#")[0] for h in hrefs]


def test_a_name_is_found_with_or_without_its_accents(visit):
    with_accent = search(visit, "Goïta")
    without = search(visit, "Goita")
    assert with_accent and sorted(without) == sorted(with_accent)
    pages = [p for p in with_accent if p.startswith("chapters/")]
    assert pages, "no chapter page mentions Goïta?"
    for p in pages[:3]:
        assert "Goïta" in (SITE / p).read_text(encoding="utf-8")


def test_chapter_pages_come_before_the_instructor_guide(visit):
    found = search(visit, "Wagner")
    kinds = ["instructors" if p.startswith("instructors/") else "course" for p in found]
    assert "course" in kinds and "instructors" in kinds, found
    assert kinds == sorted(kinds, key=lambda k: k == "instructors"), f"an instructor page ranks first: {found}"


def _index():
    text = (SITE / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1:text.rindex(")")])


def test_hidden_dates_of_ordering_quizzes_are_not_indexed():
    """A word shown only after an answer (an ordering quiz's dates) finds nothing on its page."""
    index = _index()
    lang = CourseEnglish({})
    checked = 0
    for i, doc in enumerate(index["docnames"]):
        html = (SITE / f"{doc}.html").read_text(encoding="utf-8")
        hidden = " ".join(re.findall(r'<span class="ck-item-date" hidden>(.*?)</span>', html))
        if not hidden:
            continue
        article = html[html.index("<article"):html.index("</article>")]
        visible = re.sub(r"<script.*?</script>|<span class=\"ck-item-date\" hidden>.*?</span>|<[^>]+>",
                         " ", article, flags=re.S)
        seen = {lang.stem(w) for w in lang.split(visible)}
        only_hidden = {lang.stem(w) for w in lang.split(hidden)} - seen
        for stem in only_hidden:
            docs = index["terms"].get(stem, [])
            assert i not in ([docs] if isinstance(docs, int) else docs), \
                f"{doc}: '{stem}', shown only after an answer, is in the search index"
            checked += 1
    assert checked, "no ordering quiz with a date word found nowhere else on its page"


def test_folding_keeps_letters_and_drops_only_accents():
    assert fold("Ménaka Goïta Tinzaouatène") == "Menaka Goita Tinzaouatene"
    assert unicodedata.normalize("NFC", fold("Ségou")) == "Segou"


def test_a_page_loads_the_search_index_only_when_a_reader_searches(visit):
    """A chapter page does not load the search index (about 50 KB gzipped) nor the search
    scripts on a first visit; the header's search, used on a phone, still finds "Goita" on the
    search page, which loads them."""
    v = visit("chapters/02-security/civilians.html", width=375, height=812)
    page = v.page
    loaded = page.evaluate("() => performance.getEntriesByType('resource').map(e => e.name)")
    assert loaded and not [u for u in loaded if re.search(r"searchindex\.js|searchtools\.js|language_data\.js", u)]
    page.locator(".search-button__button:visible").first.click()
    box = page.locator("#pst-search-dialog input[name=q]")
    box.wait_for(state="visible")
    box.fill("Goita")
    box.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q=Goita"))
    page.locator("#search-results .search-summary").filter(has_text=re.compile("found")).wait_for()
    assert page.locator("#search-results ul.search li > a").count() > 0
    assert v.errors() == [] and v.external == []
