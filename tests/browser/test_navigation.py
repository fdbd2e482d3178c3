"""Can a reader find their way on a phone: do the header's menu and contents buttons open what
they promise, and does every chapter page lie two taps away from any page?"""

import pytest

from coursekit.book import toc_files

from .conftest import ROOT, SITE, site_pages

pytestmark = pytest.mark.site
PAGES = site_pages() if SITE.exists() else []
PHONE = dict(width=390, height=844, is_mobile=True, has_touch=True)
#: a chapter's first page, a later page of it, and a page outside the chapters
SAMPLE = ["chapters/01-minusma.html", "chapters/05-politics/military-rule.html", "glossary.html"]


def visible_toggle(page, which):
    buttons = [b for b in page.locator(f"button.{which}-toggle").all() if b.is_visible()]
    assert len(buttons) == 1, f"{len(buttons)} visible {which} buttons in the header"
    return buttons[0]


@pytest.mark.parametrize("path", SAMPLE)
def test_the_phone_menu_lists_every_chapter_page_and_opens_one(visit, path):
    v = visit(path, **PHONE)
    page = v.page
    dialog = page.locator("dialog#pst-primary-sidebar-modal")
    assert not dialog.is_visible()
    visible_toggle(page, "primary").tap()                                   # tap 1
    dialog.wait_for(state="visible")
    links = dialog.locator("nav a.reference.internal")
    here = path.split("/")[-1]  # the current page's own entry links to "#"
    shown = {a.get_attribute("href").split("#")[0].split("/")[-1] or here for a in links.all() if a.is_visible()}
    chapters = [d for d in toc_files(ROOT) if d.startswith("chapters/")]
    missing = [d for d in chapters if f"{d.split('/')[-1]}.html" not in shown]
    assert missing == [], f"the menu does not show {missing} without another tap"
    target = "chapters/06-region/ecowas-and-coast.html" if "06-region" not in path else "intro.html"
    link = dialog.locator(f'a[href$="{target.split("/")[-1]}"]').first
    link.tap()                                                              # tap 2
    page.wait_for_url(f"**/{target}")
    assert v.errors() == [] and v.external == []


def test_escape_closes_the_phone_menu_and_gives_focus_back(visit):
    v = visit(SAMPLE[1], **PHONE)
    page = v.page
    toggle = visible_toggle(page, "primary")
    toggle.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog#pst-primary-sidebar-modal")
    dialog.wait_for(state="visible")
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert page.evaluate("() => document.activeElement.classList.contains('primary-toggle')")


def test_the_contents_button_opens_this_pages_sections(visit):
    path = SAMPLE[1]
    v = visit(path, **PHONE)
    page = v.page
    dialog = page.locator("dialog#pst-secondary-sidebar-modal")
    visible_toggle(page, "secondary").tap()
    dialog.wait_for(state="visible")
    entries = [a.inner_text().strip() for a in dialog.locator("nav a").all() if a.is_visible()]
    headings = [h.inner_text().strip().rstrip("#").strip()
                for h in page.locator("article section > h2").all()]
    assert headings and all(any(h.endswith(e) or e.endswith(h) for e in entries) for h in headings), \
        (headings, entries)
    dialog.locator("nav a").first.tap()
    dialog.wait_for(state="hidden")


def test_the_menu_button_still_folds_the_sidebar_on_a_desktop(visit):
    v = visit(SAMPLE[0], width=1280, height=900)
    page = v.page
    sidebar = page.locator("#pst-primary-sidebar")
    assert sidebar.is_visible()
    visible_toggle(page, "primary").click()
    page.wait_for_function("() => document.querySelector('#pst-primary-sidebar')"
                           ".classList.contains('pst-sidebar-hidden')")
    assert not page.locator("dialog#pst-primary-sidebar-modal").is_visible()
