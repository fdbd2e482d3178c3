"""Does every quiz in the built book answer a wrong and a right answer with the right feedback
(a hint first, the answer on request)?

Each quiz's expected answers are read from the question banks (through coursekit), not from the
page, so a page that marked wrongly would fail here.
"""

import re

import pytest

from coursekit.data import course as real_course
from coursekit.questions import load_all

from .answers import _check, _feedback, _norm, _reset, answer
from .conftest import SITE, _open, site_pages

pytestmark = pytest.mark.site


def quizzes():
    out = []
    for path in site_pages() if SITE.exists() else []:
        text = (SITE / path).read_text(encoding="utf-8")
        out += [(path, qid) for qid in re.findall(r'<div class="ck-quiz" id="ck-quiz-([^"]+)"', text)]
    return out


QUIZZES = quizzes()


@pytest.fixture(scope="module")
def bank():
    course = real_course()
    return {q.id: q for b in load_all(course.root, course).values() for q in b.questions}


@pytest.fixture(scope="module")
def page_for(browser, site_url):
    """``page_for(path)``: one open page per book page, shared by the quiz tests of that page,
    which run one after another (QUIZZES is in page order): 32 page loads instead of 84. Each
    test answers its own quiz; test_quizzes_on_one_page_do_not_interfere shows that answering
    one leaves the others untouched."""
    current = {}

    def get(path):
        if current.get("path") != path:
            if current:
                current["context"].close()
            context, v = _open(browser, site_url, {"width": 1280, "height": 900})
            v.page.goto(f"{site_url}/{path}", wait_until="load")
            current.update(path=path, context=context, visit=v)
        return current["visit"]

    yield get
    if current:
        current["context"].close()


def test_every_quiz_on_the_site_comes_from_a_question_bank(bank):
    assert QUIZZES, "no quiz found in the built book"
    unknown = [qid for _, qid in QUIZZES if qid not in bank]
    assert unknown == []
    assert len({qid for _, qid in QUIZZES}) == len(QUIZZES), "a question appears twice"


@pytest.mark.parametrize("path, qid", QUIZZES)
def test_wrong_then_right_answer_gets_the_right_feedback(page_for, bank, path, qid):
    q = bank[qid]
    v = page_for(path)
    quiz = v.page.locator(f"#ck-quiz-{qid}")
    quiz.scroll_into_view_if_needed()
    expected = answer(quiz, q, right=False)
    _check(quiz)
    cls, text = _feedback(quiz)
    assert "ck-incorrect" in cls, f"{qid}: a wrong answer was not marked wrong: {text}"
    # a first wrong try: the hint, not the answer; the answer is one tap away
    assert _norm(q.hint) in text, f"{qid}: the first wrong try does not show the hint"
    assert not any(_norm(fb) in text for fb in expected if _norm(fb) not in _norm(q.hint)), (
        f"{qid}: the first wrong try shows the answer's feedback")
    quiz.get_by_role("button", name="Show the answer").click()
    cls, text = _feedback(quiz)
    for fb in expected:
        assert _norm(fb) in text, f"{qid}: feedback for the chosen answer is missing"
    _reset(quiz)
    if q.kind in ("multiple",):
        for box in quiz.locator(".ck-option input").all():
            box.uncheck()
    expected = answer(quiz, q, right=True)
    _check(quiz)
    cls, text = _feedback(quiz)
    assert "ck-correct" in cls, f"{qid}: a right answer was not marked right: {text}"
    for fb in expected:
        assert _norm(fb) in text
    assert quiz.locator(".ck-feedback").get_attribute("aria-live") == "polite"
    assert v.errors() == []


def test_quizzes_on_one_page_do_not_interfere(visit):
    """Answering one quiz leaves every other quiz on the page untouched."""
    pages = {}
    for path, qid in QUIZZES:
        pages.setdefault(path, []).append(qid)
    path, ids = max(pages.items(), key=lambda kv: len(kv[1]))
    assert len(ids) >= 2
    v = visit(path)
    first = v.page.locator(f"#ck-quiz-{ids[0]}")
    first.scroll_into_view_if_needed()
    _check(first)  # even an empty check gives the first quiz a notice
    assert _feedback(first)[1]
    for other in ids[1:]:
        assert _feedback(v.page.locator(f"#ck-quiz-{other}"))[1] == ""


def test_a_quiz_can_be_answered_with_the_keyboard_alone(visit, bank):
    path, qid = next((p, i) for p, i in QUIZZES if bank[i].kind == "single")
    q = bank[qid]
    v = visit(path)
    right = next(i for i, o in enumerate(q.options) if o.correct)
    quiz = v.page.locator(f"#ck-quiz-{qid}")
    quiz.locator(".ck-option input").first.focus()
    for _ in range(right):
        v.page.keyboard.press("ArrowDown")
    v.page.keyboard.press("Space")
    v.page.keyboard.press("Tab")
    focused = v.page.evaluate("() => document.activeElement.className")
    assert "ck-check" in focused, "Tab from the options should reach the Check button"
    v.page.keyboard.press("Enter")
    assert "ck-correct" in _feedback(quiz)[0]


def test_a_whole_count_typed_with_dotted_thousands_is_right(page_for, bank):
    """"354.739" (the thousands separator many francophone readers write) is 354,739 where the
    answer is a whole count of 1,000 or more; it was marked "too low"."""
    course = real_course()
    found = [(p, i) for p, i in QUIZZES if bank[i].kind == "numeric" and bank[i].thousands_dot]
    assert found
    for path, qid in found:
        quiz = page_for(path).page.locator(f"#ck-quiz-{qid}")
        quiz.scroll_into_view_if_needed()
        value = course.figures[bank[qid].figure].value
        quiz.locator(".ck-number").fill(f"{int(value):,}".replace(",", "."))
        _check(quiz)
        cls, text = _feedback(quiz)
        assert "ck-correct" in cls, f"{qid}: {text}"


def _first_of_each_kind(bank):
    seen = {}
    for path, qid in QUIZZES:
        seen.setdefault(bank[qid].kind, (path, qid))
    return seen


def test_no_reveal_button_for_readers(visit):
    """By default (no ?instructor=1 in this tab) no page shows a Reveal answer button."""
    path, _ = QUIZZES[0]
    v = visit(path)
    assert v.page.locator(".ck-quiz").count() > 0
    assert v.page.locator(".ck-reveal-answer, .ck-reveal, .ck-instructor-bar").count() == 0
    assert v.errors() == []


def test_instructor_mode_reveals_answer_and_every_feedback_per_question(visit, bank):
    """With ?instructor=1 each quiz has a Reveal answer button; it shows that quiz's answer and
    the feedback of every option (the same lines as the live widget's reveal, from the banks),
    without answering it; the mode stays on for the tab until Turn off."""
    from coursekit.quiz.widget import answer_details

    kinds = _first_of_each_kind(bank)
    assert set(kinds) == {"single", "multiple", "truefalse", "numeric", "order"}
    for kind, (path, qid) in kinds.items():
        v = visit(f"{path}?instructor=1")
        page = v.page
        assert page.locator(".ck-instructor-bar").inner_text().startswith("Instructor mode: on")
        assert page.locator(".ck-reveal-answer").count() == page.locator(".ck-quiz").count()
        quiz = page.locator(f"#ck-quiz-{qid}")
        quiz.scroll_into_view_if_needed()
        assert not quiz.locator(".ck-reveal").is_visible()
        quiz.get_by_role("button", name="Reveal answer").click()
        shown = [_norm(p) for p in quiz.locator(".ck-reveal p").all_inner_texts()]
        want = [_norm(t) for t in answer_details(bank[qid])]
        if kind == "numeric":  # the accepted range is written with JS's number format
            assert shown[0].startswith(f"Answer: {_norm(bank[qid].answer_text)} (accepted: ")
            shown, want = shown[1:], want[1:]
        assert shown == want, f"{qid}: the reveal differs from the banks"
        assert _feedback(quiz)[1] == ""
        others = page.locator(".ck-reveal:visible").count()
        assert others == 1, "revealing one question revealed others"
        assert v.errors() == []
    page.goto(page.url.split("?")[0])  # same tab, no parameter: still on
    assert page.locator(".ck-reveal-answer").count() > 0
    page.get_by_role("button", name="Turn off instructor mode").click()
    assert page.locator(".ck-reveal-answer, .ck-instructor-bar").count() == 0
    page.reload()
    assert page.locator(".ck-reveal-answer").count() == 0
