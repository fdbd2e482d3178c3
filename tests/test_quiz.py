"""Quizzes: the live widget (marked in Python) and the static HTML (the contract quiz.js uses)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from coursekit.questions import load_all, load_bank
from coursekit.quiz import WIDGET_MIME, Quiz, instructor_mode, reveal_all
from coursekit.quiz.html import render_page

FILES = Path(__file__).resolve().parent / "files"
GOLDENS = FILES / "quiz_html"


@pytest.fixture(scope="module")
def course(fake_course):
    return fake_course


@pytest.fixture(scope="module")
def bank(course):
    return load_bank(FILES / "questions" / "valid.yaml", course)


@pytest.fixture
def update_goldens(request):
    """`pytest --update-goldens` (if tests/conftest.py defines it) or COURSEKIT_UPDATE_GOLDENS=1."""
    try:
        opt = request.config.getoption("--update-goldens")
    except ValueError:
        opt = False
    return bool(opt) or os.environ.get("COURSEKIT_UPDATE_GOLDENS") == "1"


@pytest.fixture(autouse=True)
def no_instructor_mode(monkeypatch):
    monkeypatch.delenv("COURSEKIT_INSTRUCTOR", raising=False)
    reveal_all(False)
    yield
    reveal_all(False)


def numeric_question(course, tmp_path, figure, tolerance_line):
    """A one-question bank around ``figure`` with the given tolerance line."""
    text = (FILES / "questions" / "valid.yaml").read_text(encoding="utf-8")
    text = text.replace("    figure: minusma-fatalities-all-causes\n", f"    figure: {figure}\n")
    text = text.replace("    tolerance: 0.05\n", f"    {tolerance_line}\n")
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    return load_bank(path, course)["fatalities"]


def classes(widget):
    return set(widget._dom_classes)


# --------------------------------------------------------------------------- widget

def test_widget_single_wrong_then_right(bank):
    """Does choosing a wrong option and pressing Check show that option's feedback, then
    the right one the right feedback?"""
    w = Quiz(bank["res-2100-body"]).widget
    w.choices.value = 1
    w.check_button.click()
    assert not w.result.correct
    assert "ck-incorrect" in classes(w.feedback)
    assert w.feedback_text == ("Not quite.\nThe AU ran AFISMA, the mission MINUSMA took over from.\n"
                               "Only the Security Council can create a UN peacekeeping operation.")
    assert "The AU ran AFISMA" in w.feedback.value
    assert w.reset_button.layout.display is None  # Try again is offered
    w.choices.value = 2  # options show in their presented order: ECOWAS, the AU, the Council
    w.check_button.click()
    assert w.result.correct
    assert classes(w.feedback) >= {"ck-correct"} and "ck-incorrect" not in classes(w.feedback)
    assert w.feedback_text.startswith("Correct.\nResolution 2100 of the Security Council")


def test_widget_check_without_answer_asks_for_one(bank):
    """Does Check with nothing chosen ask for an answer without marking it wrong?"""
    w = Quiz(bank["res-2100-body"]).widget
    w.check_button.click()
    assert not w.result.answered
    assert w.feedback_text == "Choose an answer, then press Check."
    assert not classes(w.feedback) & {"ck-correct", "ck-incorrect"}


def test_widget_multiple(bank):
    """Is a multiple-select answer right only with exactly the right options ticked?"""
    w = Quiz(bank["mandate-parts"]).widget
    w.checkboxes[1].value = True  # presented order: Supporting..., Stabilising..., Counter-...
    w.check_button.click()
    assert not w.result.correct
    assert "You left out \u201cSupporting the transitional roadmap\u201d" in w.feedback_text
    w.checkboxes[1].value = False
    w.checkboxes[0].value = True
    w.checkboxes[1].value = True
    w.check_button.click()
    assert w.result.correct
    w.checkboxes[2].value = True
    w.check_button.click()
    assert not w.result.correct
    assert "\u201cCounter-terrorism offensives\u201d: No; France's Operation Serval did that." in w.feedback_text


def test_widget_truefalse(bank):
    """Does each truth value show its own feedback?"""
    w = Quiz(bank["withdrawal-consent"]).widget
    w.choices.value = True
    w.check_button.click()
    assert not w.result.correct
    assert "needs the host state's consent" in w.feedback_text
    w.choices.value = False
    w.check_button.click()
    assert w.result.correct
    assert "without consent the Council ended the mandate" in w.feedback_text


@pytest.mark.parametrize("typed, correct, hint", [
    ("311", True, None),
    ("295.45", True, None),      # lower edge: 311 - 5 %
    ("326.55", True, None),      # upper edge
    ("295.44", False, "Your answer is too low."),
    ("326.56", False, "Your answer is too high."),
    ("1,200", False, "Your answer is too low read as 1.2 and too high read as 1200."),
    ("1.200,5", False, "Your answer is too high."),
])
def test_widget_numeric_relative_tolerance_edges(bank, typed, correct, hint):
    """Is the relative tolerance applied inclusively at both edges, with a too-low/high hint?"""
    w = Quiz(bank["fatalities"]).widget
    w.number.value = typed
    w.check_button.click()
    assert w.result.correct is correct
    if correct:
        assert w.feedback_text == "Correct.\nThat is the UN's count.\nThe figure: 311 deaths."
    else:
        assert w.feedback_text == f"Not quite.\n{hint}\nCheck the UN peacekeeping fatalities table."


def test_widget_numeric_not_a_number(bank):
    """Does text that is not a number ask for digits instead of marking it wrong?"""
    w = Quiz(bank["fatalities"]).widget
    w.number.value = "about three hundred"
    w.check_button.click()
    assert not w.result.answered
    assert "Type a number in digits" in w.feedback_text


@pytest.mark.parametrize("typed, correct", [("301", True), ("321", True), ("300.99", False),
                                            ("321.01", False)])
def test_numeric_absolute_tolerance(course, tmp_path, typed, correct):
    """Is `tolerance_abs` a margin in the figure's unit, inclusive?"""
    q = numeric_question(course, tmp_path, "minusma-fatalities-all-causes", "tolerance_abs: 10")
    assert q.check(typed).correct is correct


@pytest.mark.parametrize("typed, correct", [("900", True), ("1250", True), ("1650", True),
                                            ("899", False), ("1651", False)])
def test_numeric_range_figure(course, tmp_path, typed, correct):
    """For a figure given as a range, is anything in the range (plus tolerance) accepted?"""
    q = numeric_question(course, tmp_path, "civilian-deaths-range", "tolerance: 0.1")
    assert (q.low, q.high) == (900, 1650)
    assert q.check(typed).correct is correct


def test_widget_order_move_and_check(bank):
    """Can the reader put events in order with the Up/Down buttons, and is it checked?"""
    q = bank["coups-order"]
    w = Quiz(q).widget
    assert w.order == ["res-2100", "coup-2020", "withdrawal-end", "coup-2012"]
    w.check_button.click()
    assert not w.result.correct
    assert w.feedback_text.startswith("Not quite.\n0 of 4 events are in the right place.")
    # Move coup-2012 from the bottom to the top with its Up button, three times.
    for pos in (3, 2, 1):
        w._rows[pos][1].click()
    assert w.status.value == "\u201cSoldiers overthrow President Tour\u00e9\u201d moved to position 1 of 4."
    assert w.order == ["coup-2012", "res-2100", "coup-2020", "withdrawal-end"]
    assert w._rows[0][1].disabled and w._rows[3][2].disabled
    w.check_button.click()
    assert w.result.correct
    assert w.feedback_text.endswith(
        "In order: Soldiers overthrow President Tour\u00e9 (22 March 2012); Security Council "
        "establishes MINUSMA (25 April 2013); Army officers depose President Ke\u00efta "
        "(18 August 2020); MINUSMA completes its withdrawal (31 December 2023).")
    assert w._rows[0][0].value.endswith("\u2713")


def test_order_partial_marks(bank):
    """Does a partly right order say how many events are in place and mark each one?"""
    q = bank["coups-order"]
    r = q.check(["coup-2012", "res-2100", "withdrawal-end", "coup-2020"])
    assert not r.correct
    assert r.feedback[0] == "2 of 4 events are in the right place."
    assert r.marks == (("coup-2012", True), ("res-2100", True), ("withdrawal-end", False),
                       ("coup-2020", False))
    with pytest.raises(ValueError, match="must list exactly the events"):
        q.check(["coup-2012"])


def test_widget_reset(bank):
    """Does Try again clear the answer, the feedback and hide itself?"""
    w = Quiz(bank["res-2100-body"]).widget
    w.choices.value = 1
    w.check_button.click()
    w.reset_button.click()
    assert w.choices.value is None and w.feedback.value == "" and w.result is None
    assert w.reset_button.layout.display == "none"
    o = Quiz(bank["coups-order"]).widget
    o.move(0, 1)
    o.reset()
    assert o.order == [i.id for i in bank["coups-order"].presented_items()]


def test_instructor_mode_adds_a_reveal_button_that_shows_nothing_until_pressed(bank, monkeypatch):
    """Instructor mode (reveal_all() or COURSEKIT_INSTRUCTOR=1) no longer shows the answer up
    front: each widget gets a "Reveal answer" button; pressing it shows the answer and every
    option's feedback, pressing it again hides them. Off by default."""
    def reveal_box(w):
        return [c for c in w.children if "ck-reveal" in getattr(c, "_dom_classes", ())]

    assert not instructor_mode()
    plain = Quiz(bank["res-2100-body"]).widget
    assert plain.reveal_button is None and reveal_box(plain) == []
    assert "Reveal answer" not in [getattr(c, "description", "") for c in plain.children]
    with pytest.raises(RuntimeError, match="not in instructor mode"):
        plain.toggle_reveal()

    reveal_all()
    w = Quiz(bank["res-2100-body"]).widget
    (box,) = reveal_box(w)
    assert w.reveal_button in w.children and w.reveal_button.description == "Reveal answer"
    assert box.value == "" and box.layout.display == "none"  # the class votes first
    w.reveal_button.click()
    assert box.layout.display is None and w.reveal_button.description == "Hide answer"
    assert "<strong>Answer: The UN Security Council</strong>" in box.value
    # every option's feedback, wrong ones included, and the explanation
    for text in ("Resolution 2100 of the Security Council created the mission.",
                 "The AU ran AFISMA, the mission MINUSMA took over from.",
                 "ECOWAS planned AFISMA but did not create MINUSMA.",
                 "Only the Security Council can create a UN peacekeeping operation."):
        assert text in box.value
    assert "\u2717 \u201cThe African Union\u201d" in box.value
    assert w.result is None  # revealing does not answer the question
    w.reveal_button.click()
    assert box.value == "" and box.layout.display == "none"
    reveal_all(False)

    monkeypatch.setenv("COURSEKIT_INSTRUCTOR", "1")
    w = Quiz(bank["fatalities"]).widget
    assert w.toggle_reveal() is True
    assert "311 deaths (accepted: 295.45 to 326.55)" in w.reveal_box.value
    assert "Right: That is the UN&#x27;s count." in w.reveal_box.value
    assert "Wrong: Check the UN peacekeeping fatalities table." in w.reveal_box.value


def test_reveal_details_for_truefalse_and_order(bank):
    """answer_details: both truth values' feedback, marked; the events in order with dates."""
    from coursekit.quiz.widget import answer_details

    tf = answer_details(bank["withdrawal-consent"])
    assert tf[0] == "Answer: False"
    assert tf[1] == "\u2717 True: No; a peacekeeping mission needs the host state's consent."
    assert tf[2] == "\u2713 False: Right; without consent the Council ended the mandate."
    order = answer_details(bank["coups-order"])
    q = bank["coups-order"]
    assert order[0] == "Answer, in order:"
    assert order[1:-1] == [f"{n}. {i.label} ({i.date})" for n, i in enumerate(q.items, 1)]
    assert [i.id for i in q.items] == ["coup-2012", "res-2100", "coup-2020", "withdrawal-end"]
    assert order[-1] == q.feedback


def test_mimebundle_has_widget_html_and_text(bank):
    """Does the output carry the widget view (JupyterLab), HTML (the book) and plain text?"""
    b = Quiz(bank["res-2100-body"])._repr_mimebundle_()
    assert set(b) == {"text/plain", "text/html", WIDGET_MIME}
    assert b[WIDGET_MIME]["model_id"]
    assert 'class="ck-quiz"' in b["text/html"]
    assert b["text/plain"].startswith("Quiz `res-2100-body` (single choice): Which body")


def test_quiz_rejects_wrong_argument():
    """Is a Quiz of something that is not a question a TypeError saying what to pass?"""
    with pytest.raises(TypeError, match='call quiz\\("question-id"\\)'):
        Quiz(42)


# --------------------------------------------------------------------------- static HTML

QIDS = ["res-2100-body", "mandate-parts", "withdrawal-consent", "fatalities", "coups-order"]


@pytest.mark.parametrize("qid", QIDS)
def test_html_contract(bank, qid):
    """Does the HTML have the structure quiz.js and the Sphinx extension rely on?"""
    q = bank[qid]
    soup = BeautifulSoup(Quiz(q).to_html(), "html.parser")
    roots = soup.select("div.ck-quiz")
    assert len(roots) == 1
    root = roots[0]
    assert root["id"] == f"ck-quiz-{qid}" and root["data-kind"] == q.kind
    assert root.fieldset.legend.get_text() == q.prompt
    for inp in root.select("input"):
        label = root.select_one(f'label[for="{inp["id"]}"]')
        assert label is not None and label.get_text().strip()
        assert inp["id"].startswith(f"ck-quiz-{qid}-")
    assert root.select_one("button.ck-check").get_text() == "Check"
    reset = root.select_one("button.ck-reset")
    assert reset.get_text() == "Try again" and reset.has_attr("hidden")
    fb = root.select_one("div.ck-feedback")
    assert fb["role"] == "status" and fb["aria-live"] == "polite"
    data = root.select_one('script[type="application/json"].ck-quiz-data')
    from coursekit.quiz.html import page_data

    assert json.loads(data.string) == page_data(q)
    # the page holds each text once: the markup shows it, the data only marks answers
    assert "prompt" not in data.string and all("text" not in o for o in page_data(q).get("options", []))
    ids = [t["id"] for t in root.select("[id]")]
    assert len(ids) == len(set(ids))


def test_html_choice_inputs(bank):
    """Are single choices radios in one group, multiple choices checkboxes, one per option?"""
    soup = BeautifulSoup(Quiz(bank["res-2100-body"]).to_html(), "html.parser")
    radios = soup.select('input[type="radio"]')
    assert len(radios) == 3 and {r["name"] for r in radios} == {"ck-quiz-res-2100-body"}
    soup = BeautifulSoup(Quiz(bank["mandate-parts"]).to_html(), "html.parser")
    assert len(soup.select('input[type="checkbox"]')) == 3


def test_html_order_has_labelled_buttons(bank):
    """Does every event to order have Up and Down buttons whose names say which event moves?"""
    soup = BeautifulSoup(Quiz(bank["coups-order"]).to_html(), "html.parser")
    items = soup.select("ol.ck-order > li.ck-item")
    assert [li["data-id"] for li in items] == [i.id for i in bank["coups-order"].presented_items()]
    for li in items:
        label = li.select_one(".ck-item-label").get_text()
        assert li.select_one("button.ck-up")["aria-label"] == f"Move \u201c{label}\u201d up"
        assert li.select_one("button.ck-down")["aria-label"] == f"Move \u201c{label}\u201d down"
    assert items[0].select_one(".ck-up").has_attr("disabled")
    assert items[-1].select_one(".ck-down").has_attr("disabled")


def test_html_numeric_input_is_labelled_with_unit(bank):
    """Is the number box a labelled text input that accepts "1,200" (not type=number)?"""
    soup = BeautifulSoup(Quiz(bank["fatalities"]).to_html(), "html.parser")
    inp = soup.select_one("input.ck-number")
    assert inp["type"] == "text" and inp["inputmode"] == "decimal"
    assert soup.select_one(f'label[for="{inp["id"]}"]').get_text() == "Your answer (in deaths)"


def test_html_escapes_text_and_script(course, tmp_path):
    """Can question text never break out of its element or of the JSON <script>?"""
    text = (FILES / "questions" / "valid.yaml").read_text(encoding="utf-8").replace(
        "Which body established", "Which <b>body</b> & </script><script>alert(1)</script> established")
    path = tmp_path / "b.yaml"
    path.write_text(text, encoding="utf-8")
    q = load_bank(path, course)["res-2100-body"]
    html = Quiz(q).to_html()
    assert "<b>" not in html and "</script><script>" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.legend.get_text() == q.prompt
    assert "</script><script>" not in soup.select_one("script.ck-quiz-data").string


def test_html_is_deterministic_across_processes(bank):
    """Does the same question give byte-identical HTML, even in another process?"""
    q = bank["coups-order"]
    assert Quiz(q).to_html() == Quiz(q).to_html()
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import fake_course; "
            "from coursekit.questions import load_bank; from coursekit.quiz import Quiz; "
            "b = load_bank(sys.argv[2], fake_course.FakeCourse()); "
            "sys.stdout.buffer.write(Quiz(b['coups-order']).to_html().encode())")
    env = dict(os.environ, PYTHONHASHSEED="12345")
    out = subprocess.run([sys.executable, "-c", code, str(FILES),
                          str(FILES / "questions" / "valid.yaml")],
                         capture_output=True, env=env, check=True, cwd=FILES.parent.parent)
    assert out.stdout.decode() == Quiz(q).to_html()


def test_standalone_inlines_assets(bank):
    """Does standalone HTML carry quiz.css and quiz.js, so it works outside the book?"""
    html = Quiz(bank["fatalities"]).to_html(standalone=True)
    assert html.startswith("<style>") and ".ck-quiz" in html
    assert "window.ckQuiz" in html and html.rstrip().endswith("</script>")
    page = render_page([bank["fatalities"], bank["coups-order"]], title="Two quizzes")
    assert page.count("window.ckQuiz = {") == 1 and page.count('<div class="ck-quiz" id=') == 2


@pytest.mark.parametrize("qid", QIDS)
def test_html_matches_golden(bank, qid, update_goldens):
    """Is the HTML unchanged from the stored golden (update with --update-goldens)?"""
    html = Quiz(bank[qid]).to_html()
    path = GOLDENS / f"{qid}.html"
    if update_goldens or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
        if not update_goldens:
            pytest.fail(f"wrote missing golden {path.name}; check it and run again")
    assert html == path.read_text(encoding="utf-8"), (
        f"{qid}: HTML differs from {path}; if the change is intended, rerun with "
        "--update-goldens (or COURSEKIT_UPDATE_GOLDENS=1) and review the diff")


def test_entry_point_and_instructor_hook(bank, monkeypatch):
    """Does `quiz("id")` give the Quiz, `coursekit.quiz.reveal_all()` work, and an unknown id
    name the closest one?"""
    import coursekit
    from coursekit import questions, quiz
    from coursekit.errors import DataError

    monkeypatch.setattr(questions, "_index", lambda root: {q.id: q for q in bank.questions})
    shown = quiz("fatalities")
    assert isinstance(shown, Quiz) and shown.question is bank["fatalities"]
    assert coursekit.quiz("fatalities").question is bank["fatalities"]
    coursekit.quiz.reveal_all()
    assert instructor_mode()
    with pytest.raises(DataError) as exc:
        quiz("fatality")
    assert str(exc.value) == ("no question `fatality` in data/questions/ (did you mean "
                              "`fatalities`?); check the id, or add the question to the "
                              "chapter's bank")


def test_widget_gives_a_hint_first_then_the_answer(bank):
    """Live widget: a first wrong try shows the hint and a Show the answer button; the button,
    or a second wrong try after Try again, shows the full feedback."""
    from dataclasses import replace

    hint = "Which body of the UN can create a peacekeeping operation?"
    w = Quiz(replace(bank["res-2100-body"], hint=hint)).widget
    w.choices.value = 1
    w.check_button.click()
    assert w.feedback_text == f"Not quite.\n{hint}"
    assert w.explain_button.layout.display is None
    w.explain_button.click()
    assert "The AU ran AFISMA" in w.feedback_text and w.explain_button.layout.display == "none"
    w.reset_button.click()
    w.choices.value = 0
    w.check_button.click()
    assert "ECOWAS planned AFISMA" in w.feedback_text  # the second wrong try: everything


# --------------------------------------------------------------------------- typed numbers
# One table for coursekit.quiz.numbers (here) and quiz.js (tests/test_quiz_js.py imports it):
# the rule is in coursekit/quiz/numbers.py's docstring.

#: typed text -> (label, text) of every reading, smallest first; [] = not a number
READING_CASES = [
    ("311", [("311", "311")]),
    (" 1200 ", [("1200", "1200")]),
    ("12.5", [("12.5", "12.5")]),
    ("1,5", [("1.5", "1.5")]),                       # decimal comma: fewer than 3 digits follow
    ("12,00", [("12", "12")]),
    (".5", [("0.5", "0.5")]),
    (",5", [("0.5", "0.5")]),
    ("0,500", [("0.5", "0.5")]),                     # a group never starts with 0
    ("13 289", [("13289", "13289")]),                # a space only groups
    ("13\u00a0289", [("13289", "13289")]),
    ("15\u202f209", [("15209", "15209")]),
    ("1'234", [("1234", "1234")]),
    ("1_000", [("1000", "1000")]),
    ("1.234.567", [("1234567", "1234567")]),         # two dots: groups
    ("1,234,567", [("1234567", "1234567")]),
    ("1.234,5", [("1234.5", "1234.5")]),
    ("1,234.5", [("1234.5", "1234.5")]),
    ("1 234,5", [("1234.5", "1234.5")]),
    ("1 234.5", [("1234.5", "1234.5")]),
    ("1234.567", [("1234.567", "1234.567")]),        # four digits before: not a group
    ("1,2345", [("1.2345", "1.2345")]),
    ("2.500", [("2.5", "2.5"), ("2500", "2500")]),   # the one ambiguous pattern
    ("2,500", [("2.5", "2.5"), ("2500", "2500")]),
    ("1,234", [("1.234", "1.2340"), ("1234", "1234")]),  # "1.234" would be ambiguous again
    ("-2.000", [("-2000", "-2000"), ("-2", "-2")]),
    ("\u22123", [("-3", "-3")]),
    ("+7", [("7", "7")]),
    ("-0", [("0", "0")]),
    ("1 5", []), ("12 34", []), ("1,234,56", []), ("1.2.3", []), ("5.", []), ("3e5", []),
    ("1.234 567", []), ("abc", []), ("", []), ("   ", []), (",", []), ("-", []), (None, []),
]

#: the accepted ranges the cases are marked against: (low, high, thousands_dot)
RANGES = {
    "2.5": (2.4, 2.6, False),          # an answer with decimals
    "311": (295.45, 326.55, False),    # 311 deaths +- 5 %: whole, but under 1,000
    "13289": (13289, 13289, True),     # a whole count of 1,000 or more, accepted exactly
    "2500": (2250, 2750, True),
}

#: (range, typed, expected): "none", "right", "too low", "too high",
#: "low and high" (wrong, too low one way and too high the other), "ask 2.5|2500"
NUMBER_CASES = [
    ("2.5", "2,5", "right"), ("2.5", "2.5", "right"), ("2.5", "2.50", "right"),
    ("2.5", "2.500", "ask 2.5|2500"), ("2.5", "2,500", "ask 2.5|2500"),
    ("2.5", "25", "too high"), ("2.5", "2,4", "right"), ("2.5", "2,39", "too low"),
    ("2.5", "1,200", "low and high"), ("2.5", "abc", "none"), ("2.5", "2 5", "none"),
    ("311", "311", "right"), ("311", "311,0", "right"), ("311", "311,000", "ask 311|311000"),
    ("311", "1,200", "low and high"), ("311", "300,500", "ask 300.5|300500"),
    ("311", "326,55", "right"), ("311", "326,56", "too high"),
    ("13289", "13289", "right"), ("13289", "13 289", "right"), ("13289", "13,289", "right"),
    ("13289", "13.289", "right"),                    # 13.289 personnel is not a plausible count
    ("13289", "13.000", "too low"), ("13289", "13,2", "too low"), ("13289", "13.290", "too high"),
    ("2500", "2.500", "right"), ("2500", "2,5", "too low"), ("2500", "2.000", "too low"),
    ("2500", "2.600,5", "right"), ("2500", "2,5000", "too low"),
]


def number_outcome(status, labels, value, lead, low) -> str:
    """A verdict as NUMBER_CASES writes it, from either implementation's fields."""
    if status in ("none", "right"):
        return status
    if status == "ask":
        return "ask " + "|".join(labels)
    if lead:
        assert lead == (f"Your answer is too low read as {labels[0]} and too high read as "
                        f"{labels[-1]}.")
        return "low and high"
    return "too low" if value < low else "too high"


@pytest.mark.parametrize("typed, expected", READING_CASES)
def test_every_reading_of_a_typed_number(typed, expected):
    """Are all the conventions' readings found, and nothing that is not a number?"""
    from coursekit.quiz.numbers import readings

    found = readings(typed)
    assert [(r.label, r.text) for r in found] == expected
    for r in found:  # what a "which did you mean" button puts in the box reads one way only
        again = readings(r.text)
        assert len(again) == 1 and again[0].value == r.value == float(r.label)


@pytest.mark.parametrize("rng, typed, expected", NUMBER_CASES)
def test_a_typed_number_is_marked_or_asked_about(rng, typed, expected):
    """Is a number marked only when every plausible reading gives the same verdict?"""
    from coursekit.quiz.numbers import interpret

    low, high, dots = RANGES[rng]
    v = interpret(typed, low, high, dots)
    assert number_outcome(v.status, [r.label for r in v.readings], v.value, v.lead, low) == expected


def test_the_widget_asks_which_number_was_meant_then_marks_it(bank):
    """"311,000" is 311 (right) or 311000 (wrong): the widget marks nothing, counts no try and
    offers both; the chosen one goes in the box, unambiguously, and is marked."""
    w = Quiz(bank["fatalities"]).widget
    assert w.meant_buttons == [] and w.meant_box.layout.display == "none"
    w.number.value = "311,000"
    w.check_button.click()
    assert not w.result.answered and w.tries == 0
    assert w.feedback_text == ("\u201c311,000\u201d can be read in more than one way. "
                               "Which number did you mean?")
    assert not classes(w.feedback) & {"ck-correct", "ck-incorrect"}
    assert [b.description for b in w.meant_buttons] == ["311", "311000"]
    assert w.meant_box.layout.display is None and w.reset_button.layout.display == "none"
    w.meant_buttons[1].click()
    assert w.number.value == "311000" and w.result.answered and not w.result.correct
    assert w.feedback_text.startswith("Not quite.\nYour answer is too high.")
    assert w.meant_buttons == [] and w.meant_box.layout.display == "none" and w.tries == 1
    w.number.value = "311,000"
    w.check_button.click()
    w.reset_button.layout.display = None
    w.reset()
    assert w.meant_buttons == [] and w.number.value == ""


def test_quiz_check_reads_numbers_as_the_views_do(bank):
    """Quiz.check: a French decimal is read, an ambiguous number is asked about, not marked."""
    quiz_ = Quiz(bank["fatalities"])
    assert quiz_.check("311,0").correct
    asked = quiz_.check("311.000")
    assert not asked.answered and "Which number did you mean?" in asked.feedback[0]
    assert quiz_.check("1.200").feedback[0] == ("Your answer is too low read as 1.2 and too high "
                                                "read as 1200.")
    assert quiz_.check(311).correct and not quiz_.check("12 34").answered


# --------------------------------------------------------------------------- styles

def test_the_scripts_style_nothing_inline_and_the_stylesheet_loads_with_them():
    """The Reveal answer button, its box, the instructor line and the self-check name field
    are styled by quiz.css, not by style attributes set in the scripts; and the book loads
    quiz.css on every page that loads quiz.js or progress.js."""
    import re

    from coursekit.quiz.html import asset_text
    from coursekit.sphinxext import PAGE_ASSETS

    css = asset_text("quiz.css")
    for name in ("quiz.js", "progress.js"):
        js = asset_text(name)
        assert "cssText" not in js and not re.search(r"style=\\?[\"']", js), name
        assert not re.search(r"\.style\.(?!width\b)\w+\s*=", js), name  # the meter's width only
    for selector in (".ck-quiz .ck-actions .ck-reveal-answer", ".ck-quiz .ck-reveal ",
                     ".ck-instructor-bar ", ".ck-instructor-bar .ck-instructor-off",
                     ".ck-progress .ck-progress-name", ".ck-quiz .ck-meant "):
        assert selector in css, selector
    for marker, scripts, styles in PAGE_ASSETS:
        names = {n for n, _ in scripts}
        if names & {"quiz.js", "progress.js"}:
            assert ("quiz.css", None) in styles, marker
    assert any("quiz.js" in {n for n, _ in s} for _, s, _ in PAGE_ASSETS)


@pytest.mark.parametrize("rng, typed, expected", NUMBER_CASES)
def test_the_answer_key_and_self_check_marking_read_numbers_as_the_quiz_does(rng, typed, expected):
    """Does Question.check (the answer key, `coursekit selfcheck`'s re-marking) give the verdict
    the quiz gives: marked right or wrong alike, and not marked at all where the quiz asks?"""
    from dataclasses import replace as _replace

    from coursekit.questions import MSG_NUMBER

    low, high, dots = RANGES[rng]
    base = next(q for b in load_all().values() for q in b.questions if q.kind == "numeric")
    q = _replace(base, low=low, high=high, thousands_dot=dots)
    r = q.check(typed)
    if expected == "none":
        assert not r.answered and r.feedback == (MSG_NUMBER,)
    elif expected.startswith("ask"):
        assert not r.answered and "more than one way" in r.feedback[0]
    else:
        assert r.answered and r.correct == (expected == "right")
        if expected == "low and high":
            assert r.feedback[0].startswith("Your answer is too low read as ")
        elif expected in ("too low", "too high"):
            assert r.feedback[0] == f"Your answer is {expected}."

# a whole count typed the French way is read as the count, in the book and in the key
NUMBER_CASES_WHOLE = [("13289", "55.000", "too high"), ("2500", "2.000", "too low"),
                      ("2500", "2.500", "right"), ("13289", "13.000", "too low")]


@pytest.mark.parametrize("rng, typed, expected", NUMBER_CASES_WHOLE)
def test_a_count_typed_with_a_dot_for_thousands_is_not_asked_about(rng, typed, expected):
    from coursekit.quiz.numbers import interpret

    low, high, dots = RANGES[rng]
    v = interpret(typed, low, high, dots)
    assert v.status != "ask" and [r.label for r in v.readings] == [typed.replace(".", "")]
    assert number_outcome(v.status, [r.label for r in v.readings], v.value, v.lead, low) == expected
