"""quiz.js in a real headless browser: each kind marks right and wrong answers, quizzes on one
page do not interfere, and everything works from the keyboard."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from coursekit.questions import load_bank
from coursekit.quiz.html import render_page

pytestmark = pytest.mark.slow

FILES = Path(__file__).resolve().parent / "files"


@pytest.fixture(scope="module")
def page_file(tmp_path_factory, fake_course):
    bank = load_bank(FILES / "questions" / "valid.yaml", fake_course)
    path = tmp_path_factory.mktemp("quiz") / "quizzes.html"
    path.write_text(render_page(bank.questions, title="Self-check"), encoding="utf-8")
    return path


@pytest.fixture
def page(browser, page_file):
    ctx = browser.new_context(viewport={"width": 900, "height": 900})
    pg = ctx.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
             else route.abort())
    pg.goto(page_file.as_uri())
    yield pg
    ctx.close()
    assert errors == [], f"JavaScript errors: {errors}"


def quiz(page, qid):
    return page.locator(f"#ck-quiz-{qid}")


def feedback(page, qid):
    return quiz(page, qid).locator(".ck-feedback")


def check(page, qid):
    quiz(page, qid).locator(".ck-check").click()


def test_single_wrong_then_right_and_no_interference(page):
    """Does a wrong choice show its feedback, a right one the right feedback, and does checking
    one quiz leave another alone?"""
    q = quiz(page, "res-2100-body")
    q.get_by_label("The African Union").check()
    check(page, "res-2100-body")
    fb = feedback(page, "res-2100-body")
    assert "ck-incorrect" in fb.get_attribute("class")
    assert fb.inner_text().startswith("Not quite.\n")
    assert "The AU ran AFISMA" in fb.inner_text()
    assert "ck-wrong" in q.locator(".ck-option").nth(1).get_attribute("class")
    # Another quiz on the page, answered right: the first keeps its state.
    quiz(page, "withdrawal-consent").get_by_label("False").check()
    check(page, "withdrawal-consent")
    assert "ck-correct" in feedback(page, "withdrawal-consent").get_attribute("class")
    assert "ck-incorrect" in fb.get_attribute("class")
    assert q.get_by_label("The African Union").is_checked()
    q.get_by_label("The UN Security Council").check()
    check(page, "res-2100-body")
    assert "ck-correct" in fb.get_attribute("class")
    assert "Resolution 2100 of the Security Council" in fb.inner_text()


def test_nothing_chosen_asks_for_an_answer(page):
    """Does Check with nothing chosen ask for an answer rather than mark it?"""
    check(page, "res-2100-body")
    fb = feedback(page, "res-2100-body")
    assert fb.inner_text() == "Choose an answer, then press Check."
    assert "ck-notice" in fb.get_attribute("class")


def test_multiple(page):
    """Is a multiple answer right only with exactly the right boxes ticked?"""
    q = quiz(page, "mandate-parts")
    q.get_by_label("Stabilising population centres").check()
    check(page, "mandate-parts")
    assert "You left out \u201cSupporting the transitional roadmap\u201d" in feedback(page, "mandate-parts").inner_text()
    assert "ck-incorrect" in feedback(page, "mandate-parts").get_attribute("class")
    q.get_by_label("Supporting the transitional roadmap").check()
    check(page, "mandate-parts")
    assert "ck-correct" in feedback(page, "mandate-parts").get_attribute("class")


def test_truefalse_wrong(page):
    """Does the wrong truth value show its own feedback?"""
    quiz(page, "withdrawal-consent").get_by_label("True").check()
    check(page, "withdrawal-consent")
    fb = feedback(page, "withdrawal-consent")
    assert "ck-incorrect" in fb.get_attribute("class")
    assert "needs the host state's consent" in fb.inner_text()


@pytest.mark.parametrize("typed, state, text", [
    ("295.45", "ck-correct", "The figure: 311 deaths."),
    ("326.56", "ck-incorrect", "Your answer is too high."),
    ("1,200", "ck-incorrect", "Your answer is too low read as 1.2 and too high read as 1200."),
    ("311,5", "ck-correct", "The figure: 311 deaths."),
    ("abc", "ck-notice", "Type a number in digits"),
])
def test_numeric(page, typed, state, text):
    """Does the page apply the same bounds and number reading as Python?"""
    box = quiz(page, "fatalities").get_by_label("Your answer (in deaths)")
    box.fill(typed)
    box.press("Enter")  # Enter in the box checks, too
    fb = feedback(page, "fatalities")
    assert state in fb.get_attribute("class")
    assert text in fb.inner_text()


def order_ids(page):
    return quiz(page, "coups-order").locator(".ck-item").evaluate_all(
        "els => els.map(e => e.dataset.id)")


def test_order_with_buttons(page):
    """Can events be put in order with Up/Down, marked wrong first and right at the end?"""
    assert order_ids(page) == ["res-2100", "coup-2020", "withdrawal-end", "coup-2012"]
    check(page, "coups-order")
    assert "0 of 4 events are in the right place." in feedback(page, "coups-order").inner_text()
    up = quiz(page, "coups-order").get_by_role("button", name="Move \u201cSoldiers overthrow President Tour\u00e9\u201d up")
    for _ in range(3):
        up.click()
    assert order_ids(page) == ["coup-2012", "res-2100", "coup-2020", "withdrawal-end"]
    check(page, "coups-order")
    fb = feedback(page, "coups-order")
    assert "ck-correct" in fb.get_attribute("class")
    assert "In order: Soldiers overthrow" in fb.inner_text()
    assert quiz(page, "coups-order").locator(".ck-item-date").first.is_visible()


def test_wiring_is_idempotent(page):
    """Does calling init again leave each quiz wired once (one move per press)?"""
    page.evaluate("window.ckQuiz.init(document); window.ckQuiz.init(document)")
    quiz(page, "coups-order").locator(".ck-item").nth(3).locator(".ck-up").click()
    assert order_ids(page) == ["res-2100", "coup-2020", "coup-2012", "withdrawal-end"]


def test_try_again_resets(page):
    """Does Try again clear the answer and feedback, restore the order and hide itself?"""
    q = quiz(page, "coups-order")
    q.locator(".ck-item").nth(3).locator(".ck-up").click()
    check(page, "coups-order")
    reset = q.locator(".ck-reset")
    assert reset.is_visible()
    reset.click()
    assert order_ids(page) == ["res-2100", "coup-2020", "withdrawal-end", "coup-2012"]
    assert feedback(page, "coups-order").inner_text() == ""
    assert not reset.is_visible()


def test_keyboard_only(page):
    """Can a keyboard user choose, check, reorder and retry with Tab, arrows, Space and Enter?"""
    page.keyboard.press("Tab")  # first radio of the first quiz
    assert page.evaluate("document.activeElement.id") == "ck-quiz-res-2100-body-opt-1"
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")  # radios move with arrows: option 2 (wrong)
    assert quiz(page, "res-2100-body").get_by_label("The African Union").is_checked()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "ck-check"
    page.keyboard.press("Enter")
    assert "ck-incorrect" in feedback(page, "res-2100-body").get_attribute("class")
    page.keyboard.press("Tab")  # Try again is now shown and reachable
    assert page.evaluate("document.activeElement.className") == "ck-reset"
    page.keyboard.press("Space")
    assert feedback(page, "res-2100-body").inner_text() == ""
    # Ordering: the last event's Up button keeps the focus while the event moves up.
    quiz(page, "coups-order").locator(".ck-item").nth(3).locator(".ck-up").focus()
    for _ in range(3):
        page.keyboard.press("Space")
    assert order_ids(page)[0] == "coup-2012"
    # At the top Up is disabled, so the focus moved to the same event's Down button.
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == \
        "Move \u201cSoldiers overthrow President Tour\u00e9\u201d down"
    assert "moved to position 1 of 4" in quiz(page, "coups-order").locator(".ck-announce").inner_text()
    page.keyboard.press("Enter")  # Down again
    assert order_ids(page)[1] == "coup-2012"


def test_phone_width_has_no_horizontal_scroll(browser, page_file, tmp_path):
    """At 375 px wide, does the page fit without horizontal scrolling?"""
    ctx = browser.new_context(viewport={"width": 375, "height": 800})
    pg = ctx.new_page()
    pg.goto(page_file.as_uri())
    pg.locator("#ck-quiz-coups-order .ck-check").click()
    assert pg.evaluate("document.documentElement.scrollWidth") <= 375
    shot = os.environ.get("COURSEKIT_QUIZ_SCREENSHOT")
    if shot:
        pg.screenshot(path=shot, full_page=True)
    ctx.close()


def test_two_standalone_fragments_on_one_page(browser, tmp_path, fake_course):
    """Do two `to_html(standalone=True)` fragments on one page both work, each wired once?"""
    from coursekit.quiz import Quiz

    bank = load_bank(FILES / "questions" / "valid.yaml", fake_course)
    body = Quiz(bank["coups-order"]).to_html(standalone=True) + \
        Quiz(bank["fatalities"]).to_html(standalone=True)
    path = tmp_path / "fragments.html"
    path.write_text(f'<!DOCTYPE html><html lang="en"><meta charset="utf-8"><title>t</title>'
                    f"<body>{body}</body></html>", encoding="utf-8")
    pg = browser.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(path.as_uri())
    pg.locator("#ck-quiz-coups-order .ck-item").nth(3).locator(".ck-up").click()
    assert order_ids(pg) == ["res-2100", "coup-2020", "coup-2012", "withdrawal-end"]
    pg.locator("#ck-quiz-fatalities .ck-number").fill("311")
    pg.locator("#ck-quiz-fatalities .ck-check").click()
    assert "ck-correct" in feedback(pg, "fatalities").get_attribute("class")
    assert errors == []
    pg.close()


def test_the_page_reads_numbers_by_the_shared_table(page):
    """quiz.js's readings and verdicts against the table coursekit.quiz.numbers is tested with
    (tests/test_quiz.py): the same readings, labels, texts and verdicts."""
    from test_quiz import NUMBER_CASES, RANGES, READING_CASES, number_outcome

    typed = [t for t, _ in READING_CASES]
    got = page.evaluate("xs => xs.map(x => window.ckQuiz.readings(x).map(r => [r.label, r.text, r.value]))",
                        typed)
    for (text, expected), found in zip(READING_CASES, got):
        assert [(label, t) for label, t, _ in found] == expected, text
        assert all(value == float(label) for label, _, value in found), text
    cases = [[t, {"low": RANGES[r][0], "high": RANGES[r][1], "thousands_dot": RANGES[r][2]}]
             for r, t, _ in NUMBER_CASES]
    verdicts = page.evaluate("cs => cs.map(c => window.ckQuiz.interpretNumber(c[0], c[1]))", cases)
    for (rng, text, expected), v in zip(NUMBER_CASES, verdicts):
        outcome = number_outcome(v["status"], [r["label"] for r in v["readings"]], v["value"],
                                 v["lead"], RANGES[rng][0])
        assert outcome == expected, (rng, text)


def test_the_page_and_python_agree_on_every_short_text(page):
    """Beyond the table: 4,000 random short texts of digits, separators and signs get the same
    readings in quiz.js as in coursekit.quiz.numbers (a fixed seed, so a failure repeats)."""
    import random

    from coursekit.quiz.numbers import readings

    rnd = random.Random(13289)
    alphabet = "0123456789" * 2 + "..,,  -+\u00a0_'"
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 9))) for _ in range(2000)]
    for _ in range(2000):  # numbers in pieces: runs of 1-4 digits between separators
        runs = ["".join(rnd.choice("0123456789") for _ in range(rnd.choice((1, 2, 3, 3, 3, 4))))
                for _ in range(rnd.randint(1, 4))]
        seps = [rnd.choice(". ,\u202f'") for _ in runs[1:]]
        texts.append(rnd.choice(("", "", "-", "+")) + runs[0] + "".join(a + b for a, b in zip(seps, runs[1:])))
    got = page.evaluate("xs => xs.map(x => window.ckQuiz.readings(x).map(r => [r.label, r.text]))", texts)
    want = [[[r.label, r.text] for r in readings(t)] for t in texts]
    diff = [(t, g, w) for t, g, w in zip(texts, got, want) if g != w]
    assert diff == []
    assert sum(len(w) == 2 for w in want) > 60 and sum(len(w) == 1 for w in want) > 1000


def test_an_ambiguous_number_is_asked_about_then_marked(page):
    """"311,000": no mark, no Try again, two buttons; the choice goes in the box and is marked,
    and the answer recorded for the self-check is what was marked."""
    q = quiz(page, "fatalities")
    # recorded in the page as each event is dispatched (an exposed Python function would
    # receive it later, after however long a busy machine takes)
    page.evaluate("window.ckSeen = []; document.addEventListener('ck-checked', e => ckSeen.push(e.detail))")
    box = q.get_by_label("Your answer (in deaths)")
    box.fill("311,000")
    box.press("Enter")
    fb = feedback(page, "fatalities")
    assert "ck-notice" in fb.get_attribute("class")
    assert fb.inner_text().startswith("\u201c311,000\u201d can be read in more than one way.")
    assert q.locator(".ck-meant").all_inner_texts() == ["311", "311000"]
    assert not q.locator(".ck-reset").is_visible()
    q.get_by_role("button", name="311", exact=True).click()
    assert box.input_value() == "311"
    assert "ck-correct" in fb.get_attribute("class") and q.locator(".ck-meant").count() == 0
    assert page.evaluate("document.activeElement.id") == "ck-quiz-fatalities-answer"
    checked = page.evaluate("window.ckSeen")
    assert [(c["id"], c["correct"], c["response"]) for c in checked] == [("fatalities", True, "311")]


def test_a_first_wrong_try_shows_the_hint_and_the_answer_on_request(browser, tmp_path, fake_course):
    """quiz.js as Question.check(tries=0): the hint first, the answer one tap away, and the
    full feedback at the second wrong try."""
    from dataclasses import replace

    bank = load_bank(FILES / "questions" / "valid.yaml", fake_course)
    hint = "Which body of the UN can create a peacekeeping operation?"
    path = tmp_path / "hint.html"
    path.write_text(render_page([replace(bank["res-2100-body"], hint=hint)], title="Hint"), encoding="utf-8")
    ctx = browser.new_context(viewport={"width": 390, "height": 800})
    pg = ctx.new_page()
    pg.goto(path.as_uri())
    q = pg.locator("#ck-quiz-res-2100-body")
    fb = q.locator(".ck-feedback")
    q.get_by_label("The African Union").check()
    q.locator(".ck-check").click()
    assert fb.inner_text().split("\n")[0] == "Not quite."
    assert hint in fb.inner_text() and "AFISMA" not in fb.inner_text()
    assert q.locator(".ck-option.ck-wrong").count() == 1  # the chosen option is marked wrong
    q.get_by_role("button", name="Show the answer").click()
    assert "The AU ran AFISMA" in fb.inner_text() and "Only the Security Council" in fb.inner_text()
    q.locator(".ck-reset").click()
    q.get_by_label("ECOWAS").check()
    q.locator(".ck-check").click()
    assert "ECOWAS planned AFISMA" in fb.inner_text()  # second wrong try: the full feedback
    assert q.get_by_role("button", name="Show the answer").count() == 0
    ctx.close()


# --------------------------------------------------------------------------- self-check record

@pytest.fixture(scope="module")
def progress_page(tmp_path_factory, fake_course):
    """The quizzes with progress.js too, as the book's pages have them."""
    from coursekit.quiz.html import asset_text

    bank = load_bank(FILES / "questions" / "valid.yaml", fake_course)
    html = render_page(bank.questions, title="Self-check").replace(
        "</body>", f"<script>\n{asset_text('progress.js')}</script>\n</body>")
    path = tmp_path_factory.mktemp("progress") / "chapter.html"
    path.write_text(html, encoding="utf-8")
    return path


def test_the_downloaded_record_keeps_every_attempt_and_python_reads_it(browser, progress_page, tmp_path,
                                                                       fake_course):
    """A wrong then a right answer, Try again between them, a reload: the record lists both
    attempts in order with their times, and coursekit.selfcheck finds its checksum intact."""
    from coursekit import selfcheck

    bank = load_bank(FILES / "questions" / "valid.yaml", fake_course)
    q = bank["res-2100-body"]
    wrong = next(i for i, o in enumerate(q.options) if o.text == "The African Union")
    right = next(i for i, o in enumerate(q.options) if o.correct)
    ctx = browser.new_context(accept_downloads=True)
    pg = ctx.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(progress_page.as_uri())
    quiz_ = pg.locator("#ck-quiz-res-2100-body")
    quiz_.locator(f'.ck-option[data-index="{wrong}"] input').check()
    quiz_.locator(".ck-check").click()
    quiz_.locator(".ck-reset").click()
    quiz_.locator(f'.ck-option[data-index="{right}"] input').check()
    quiz_.locator(".ck-check").click()
    pg.reload()  # the restored answer is not a new attempt
    assert "ck-correct" in quiz_.locator(".ck-feedback").get_attribute("class")
    pg.locator(".ck-progress-name").fill("Moussa Diarra")
    pg.locator(".ck-progress-name").dispatch_event("change")
    with pg.expect_download() as info:
        pg.locator(".ck-progress-download").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.name == "after-minusma-self-check-moussa-diarra.json"
    rec = json.loads(target.read_text(encoding="utf-8"))
    assert rec["checksum"]["value"] == selfcheck.checksum(rec)
    r = selfcheck.read_record(target)
    assert r.status == "ok" and r.student == "Moussa Diarra"
    tries = r.answers["res-2100-body"]
    assert [(t.answer, t.correct) for t in tries] == [([str(wrong)], False), ([str(right)], True)]
    assert tries[0].at <= tries[1].at
    # an edited copy is flagged
    rec["answers"][0]["attempts"][0]["correct"] = True
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(rec), encoding="utf-8")
    assert selfcheck.read_record(edited).status == "edited"
    assert errors == []
    ctx.close()


# --------------------------------------------------------------------------- instructor mode

def test_no_reveal_button_unless_the_page_asks_for_instructor_mode(page):
    """Readers never see a Reveal answer button or the instructor line by default."""
    assert page.locator(".ck-reveal-answer").count() == 0
    assert page.locator(".ck-instructor-bar").count() == 0
    assert page.locator(".ck-reveal").count() == 0


def test_instructor_mode_reveals_one_question_at_a_time(browser, page_file):
    """?instructor=1: each quiz gets a Reveal answer button showing the answer and every
    option's feedback for that quiz only; the mode stays on for the tab (sessionStorage) and
    Turn off removes the buttons and keeps it off."""
    ctx = browser.new_context()
    pg = ctx.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(page_file.as_uri() + "?instructor=1")
    bar = pg.locator(".ck-instructor-bar")
    assert bar.is_visible() and bar.inner_text().startswith("Instructor mode: on")
    assert pg.locator(".ck-quiz").count() == pg.locator(".ck-reveal-answer").count() == 5
    q = pg.locator("#ck-quiz-res-2100-body")
    box = q.locator(".ck-reveal")
    assert not box.is_visible()
    q.get_by_role("button", name="Reveal answer").click()
    assert box.is_visible()
    text = box.inner_text()
    assert text.startswith("Answer: The UN Security Council")
    for fb in ("Resolution 2100 of the Security Council created the mission.",
               "The AU ran AFISMA, the mission MINUSMA took over from.",
               "ECOWAS planned AFISMA but did not create MINUSMA.",
               "Only the Security Council can create a UN peacekeeping operation."):
        assert fb in text
    assert q.locator(".ck-feedback").inner_text() == ""  # revealing is not answering
    assert not pg.locator("#ck-quiz-fatalities .ck-reveal").is_visible()  # one question at a time
    assert q.locator(".ck-reveal-answer").get_attribute("aria-expanded") == "true"
    order = pg.locator("#ck-quiz-coups-order")
    order.get_by_role("button", name="Reveal answer").click()
    assert order.locator(".ck-reveal p").all_inner_texts()[:2] == [
        "Answer, in order:", "1. Soldiers overthrow President Tour\u00e9 (22 March 2012)"]
    tf = pg.locator("#ck-quiz-withdrawal-consent")
    tf.get_by_role("button", name="Reveal answer").click()
    assert tf.locator(".ck-reveal").inner_text().startswith("Answer: False")
    q.get_by_role("button", name="Hide answer").click()
    assert not box.is_visible()

    pg.goto(page_file.as_uri())  # same tab, no parameter: still on
    assert pg.locator(".ck-reveal-answer").count() == 5
    pg.get_by_role("button", name="Turn off instructor mode").click()
    assert pg.locator(".ck-reveal-answer").count() == 0 and pg.locator(".ck-instructor-bar").count() == 0
    pg.goto(page_file.as_uri())
    assert pg.locator(".ck-reveal-answer").count() == 0
    assert errors == []
    ctx.close()


# --------------------------------------------------------------------------- styles

STYLE_JS = """() => {
  const st = (sel, props) => { const el = document.querySelector(sel); const c = getComputedStyle(el);
                               return props.map(p => c.getPropertyValue(p)); };
  return {
    button: st('.ck-reveal-answer', ['color', 'border-top-style', 'border-top-color', 'background-color']),
    box: st('.ck-reveal', ['border-left-style', 'border-left-color', 'padding-left', 'margin-top']),
    bar: st('.ck-instructor-bar', ['border-top-style', 'padding-left', 'border-top-left-radius']),
    off: st('.ck-instructor-off', ['border-top-style', 'background-color', 'cursor']),
    name: st('.ck-progress-name', ['border-top-style', 'background-color', 'padding-left']),
    text: st('.ck-progress', ['color']),
    nameColor: st('.ck-progress-name', ['color']),
  };
}"""


@pytest.mark.parametrize("theme, accent", [("light", "rgb(29, 95, 168)"), ("dark", "rgb(138, 180, 248)")])
def test_instructor_controls_and_name_field_keep_their_look_from_the_stylesheet(browser, progress_page,
                                                                                  theme, accent):
    """The looks the scripts used to set inline, now from quiz.css, in light and dark mode:
    a dashed Reveal answer button and box in the quiz's accent colour, a dashed instructor
    line, and a name field drawn in the progress bar's own text colour."""
    ctx = browser.new_context()
    pg = ctx.new_page()
    pg.goto(progress_page.as_uri() + "?instructor=1")
    pg.evaluate(f"document.documentElement.setAttribute('data-theme', '{theme}')")
    pg.locator("#ck-quiz-res-2100-body .ck-reveal-answer").click()
    got = pg.evaluate(STYLE_JS)
    assert got["button"] == [accent, "dashed", accent, "rgba(0, 0, 0, 0)"]
    assert got["box"][:2] == ["dashed", accent] and got["box"][2:] == ["12.8px", "12.8px"]
    assert got["bar"] == ["dashed", "12.8px", "4px"]
    assert got["off"] == ["solid", "rgba(0, 0, 0, 0)", "pointer"]
    assert got["name"] == ["solid", "rgba(0, 0, 0, 0)", "6.4px"]
    assert got["nameColor"] == got["text"]
    ctx.close()
