"""Can every reader read every page: light and dark, phone and desktop, before and after using it?

axe-core checks the article (everything the course writes) on each page at 1280 and 390 px, in
the light and the dark colour scheme (the phone's setting), on load, after every quiz on the
page is answered wrongly, after each is answered rightly, and with each timeline's details and
tables open. Charts, which axe cannot check (their text is SVG), are
checked for contrast here, and so is the theme's own light/dark switch.
"""

import re

import pytest

from coursekit.data import course as real_course
from coursekit.questions import load_all

from .conftest import ROOT, SITE, _open, site_pages

pytestmark = pytest.mark.site
PAGES = site_pages() if SITE.exists() else []
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: axe-core over the part of the article a state changes (a CSS selector), or all of it.
AXE_ARTICLE = """async (within) => {
    const r = await axe.run({include: [...document.querySelectorAll(within || 'article')]},
                            {resultTypes: ['violations']});
    return r.violations.flatMap(x => x.nodes.map(n =>
        `${x.id}: ${n.target.join(' ')} ${n.html.slice(0, 100)} (${(n.failureSummary || '').split('\\n')[1] || ''})`));
}"""


@pytest.fixture(scope="module")
def bank():
    course = real_course()
    return {q.id: q for b in load_all(course.root, course).values() for q in b.questions}


def open_page(browser, site_url, path, scheme, width):
    phone = width < 600
    context, v = _open(browser, site_url, {"width": width, "height": 844 if phone else 900},
                       color_scheme=scheme, is_mobile=phone, has_touch=phone)
    v.page.goto(f"{site_url}/{path}", wait_until="load")
    # drawn: every chart plotted and given the page's colours
    v.page.wait_for_function("""() =>
        [...document.querySelectorAll('.plotly-graph-div')].every(gd => gd.dataset.ckMode)""")
    return context, v


def answers(page, bank, right: bool) -> list[dict]:
    """What a reader would enter in each quiz on the page, from the question banks."""
    out = []
    for qid in page.locator(".ck-quiz").evaluate_all("qs => qs.map(q => q.id.slice(8))"):
        q = bank[qid]
        a = {"id": qid, "kind": q.kind}
        if q.kind in ("single", "multiple"):
            good = [i for i, o in enumerate(q.options) if o.correct]
            bad = [i for i, o in enumerate(q.options) if not o.correct]
            a["pick"] = (good if right else bad)[:1 if q.kind == "single" else None]
        elif q.kind == "truefalse":
            a["value"] = str(q.answer if right else not q.answer).lower()
        elif q.kind == "numeric":
            a["number"] = str((q.low + q.high) / 2 if right else q.high * 3 + 7)
        elif q.kind == "order":
            order = [item.id for item in q.items]
            a["order"] = order if right else order[::-1]
        out.append(a)
    return out


#: Enter answers through the quiz's own controls (inputs, Up buttons, Try again, Check), all in
#: one round trip; returns each quiz's verdict.
ENTER = """answers => answers.map(a => {
    const quiz = document.getElementById('ck-quiz-' + a.id);
    const again = quiz.querySelector('.ck-reset');
    if (!again.hidden) again.click();
    quiz.querySelectorAll('.ck-option input').forEach(i => { if (i.checked) i.click(); });
    (a.pick || []).forEach(i => quiz.querySelector(`.ck-option[data-index="${i}"] input`).click());
    if (a.value) quiz.querySelector(`.ck-option[data-value="${a.value}"] input`).click();
    if (a.number) {
        const box = quiz.querySelector('input.ck-number');
        box.value = a.number;
        box.dispatchEvent(new Event('input', {bubbles: true}));
    }
    (a.order || []).forEach((id, target) => {
        for (let n = 0; n < 50; n++) {
            const items = [...quiz.querySelectorAll('.ck-item')];
            const li = items.find(x => x.dataset.id === id);
            if (items.indexOf(li) <= target) break;
            li.querySelector('button.ck-up').click();
        }
    });
    quiz.querySelector('.ck-check').click();
    return quiz.querySelector('.ck-feedback').className;
})"""


def _answer_all(page, bank, right: bool):
    given = answers(page, bank, right)
    verdicts = page.evaluate(ENTER, given)
    want = "ck-correct" if right else "ck-incorrect"
    assert all(want in v for v in verdicts), list(zip([a["id"] for a in given], verdicts))


def _open_timelines(page):
    for fig in page.locator("figure.ck-timeline").all():
        # a later event selected (the first is on the card from the start)
        marker = fig.locator(".ck-tl-ev").nth(1)
        marker.scroll_into_view_if_needed()
        marker.click()
        fig.locator(".ck-tl-ev[aria-current='true']").nth(0).wait_for()
        fig.locator(".ck-timeline-detail .ck-timeline-source").wait_for()
    # every closed <details> (a timeline's or a chart's table) opened by its summary
    page.evaluate("""() => document.querySelectorAll('article details:not([open]) > summary')
                             .forEach(s => s.click())""")
    assert page.locator("article details:not([open])").count() == 0
    for table in page.locator("figure.ck-timeline details.ck-timeline-table").all():
        table.locator("tbody tr").first.wait_for()  # its events, loaded at the first use


RESET = """() => document.querySelectorAll('.ck-quiz .ck-reset').forEach(b => { if (!b.hidden) b.click(); })"""


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", PAGES)
def test_no_accessibility_violation_in_any_state(browser, site_url, bank, path, width):
    """Light, then dark (the phone's setting switched while the page is open, which the theme
    follows): on load, after wrong answers, after right answers, with details open."""
    assert AXE.exists(), "axe-core is missing: `make test` installs it with npm ci"
    context, v = open_page(browser, site_url, path, "light", width)
    try:
        page = v.page
        page.add_script_tag(path=str(AXE))
        has_quiz = page.locator(".ck-quiz").count() > 0
        has_details = page.locator("article details, figure.ck-timeline").count() > 0
        found = {}

        def check(state, within=None):
            found[state] = page.evaluate(AXE_ARTICLE, within)

        assert page.evaluate("() => document.documentElement.dataset.theme") == "light"
        if width < 600:  # light at desktop width on load: test_pages.py checks the whole page
            check("light, on load")
        if has_quiz:
            _answer_all(page, bank, right=False)
            check("light, after wrong answers", "article .ck-quiz")
            _answer_all(page, bank, right=True)
            check("light, after right answers", "article .ck-quiz")
        if has_details:
            _open_timelines(page)
            check("light, timeline details and tables open", "article figure.ck-timeline, article details")
        page.emulate_media(color_scheme="dark")
        page.wait_for_function("() => document.documentElement.dataset.theme === 'dark' && "
                               "[...document.querySelectorAll('.plotly-graph-div')]"
                               ".every(gd => gd.dataset.ckMode === 'dark')")
        check("dark, right answers and details open" if has_quiz or has_details else "dark, on load")
        if has_quiz:
            page.evaluate(RESET)
            check("dark, quizzes not yet answered", "article .ck-quiz")
            _answer_all(page, bank, right=False)
            check("dark, after wrong answers", "article .ck-quiz")
        bad = {state: nodes for state, nodes in found.items() if nodes}
        assert bad == {}, f"{path} ({width} px): " + "\n".join(
            f"{state}:\n  " + "\n  ".join(nodes[:8]) for state, nodes in bad.items())
        assert v.errors() == [] and v.external == []
    finally:
        context.close()


def _luminance(rgb: str) -> float:
    vals = [int(x) for x in re.findall(r"\d+", rgb)[:3]] if rgb.startswith("rgb") else \
        [int(rgb.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)]
    lin = [(c / 255) / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in vals]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


#: Each bar chart's bar colour and value text against what is behind them.
CHART_COLOURS = """() => [...document.querySelectorAll('article figure.ck-chart .ck-bar-row')].map(row => {
    let b = row, bg;
    while (b && ((bg = getComputedStyle(b).backgroundColor) === 'rgba(0, 0, 0, 0)')) b = b.parentElement;
    bg = bg || getComputedStyle(document.body).backgroundColor;
    // a bar is seen by its fill, an uncertain (pale) one by its dashed edge
    const bar = row.querySelector('.ck-bar'), style = getComputedStyle(bar);
    return {bar: bar.classList.contains('ck-bar-uncertain') ? style.borderTopColor : style.backgroundColor,
            text: getComputedStyle(row.querySelector('.ck-bar-value')).color, page: bg};
})"""


def _chart_pages():
    return [next(p for p in PAGES if 'class="ck-chart"' in (SITE / p).read_text(encoding="utf-8"))]


def use_theme_switch(page, mode):
    """Press the theme's switch in the header (it cycles auto, light, dark) until ``mode``."""
    switch = page.locator("button.theme-switch-button").first
    for _ in range(3):
        if page.evaluate("() => document.documentElement.dataset.theme") == mode:
            break
        switch.click()
    assert page.evaluate("() => document.documentElement.dataset.theme") == mode


@pytest.mark.parametrize("path", _chart_pages() if PAGES else [])
def test_charts_follow_the_phone_setting_and_the_theme_switch(browser, site_url, path):
    """In dark mode and in light, and after the theme's switch both ways, a bar chart's bars
    stand out from the page (3:1, as WCAG asks of graphics) and its values read (4.5:1)."""
    context, v = open_page(browser, site_url, path, "dark", 390)
    try:
        page = v.page

        def check(mode):
            found = page.evaluate(CHART_COLOURS)
            assert found, "no bar drawn"
            for c in found:
                assert contrast(c["bar"], c["page"]) >= 3, (mode, c)
                assert contrast(c["text"], c["page"]) >= 4.5, (mode, c)
            return found

        dark = check("dark")
        use_theme_switch(page, "light")
        light = check("light")
        assert dark[0]["page"] != light[0]["page"] and dark[0]["bar"] != light[0]["bar"]
        use_theme_switch(page, "dark")
        assert check("dark again") == dark
        assert v.errors() == []
    finally:
        context.close()


def test_the_theme_switch_gives_quizzes_the_dark_colours(browser, site_url):
    """Switching the theme to dark by hand (with a light phone setting) makes quiz text as
    readable as the phone's dark setting does."""
    path = next(p for p in PAGES if 'class="ck-quiz"' in (SITE / p).read_text(encoding="utf-8"))
    context, v = open_page(browser, site_url, path, "light", 390)
    try:
        page = v.page
        use_theme_switch(page, "dark")
        colours = page.evaluate("""() => [...document.querySelectorAll(
                '.ck-quiz legend, .ck-quiz label, .ck-quiz .ck-item-label')].map(e => {
            let b = e, bg;
            while (b && ((bg = getComputedStyle(b).backgroundColor) === 'rgba(0, 0, 0, 0)')) b = b.parentElement;
            return [getComputedStyle(e).color, bg || getComputedStyle(document.body).backgroundColor];
        })""")
        assert colours
        worst = min(contrast(fg, bg) for fg, bg in colours)
        assert worst >= 4.5, f"quiz text at {worst:.2f}:1 in dark mode"
    finally:
        context.close()
