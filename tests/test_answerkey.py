"""Does the answer-key directive print every question's answer from the bank, and fail clearly?

The unit tests describe questions of tests/files/answerkey/01-minusma.yaml; the build tests make
a tiny book (tests/files/book over tests/files/course/data, like test_sphinxext.py) with that
bank, a chapter source and a page holding ```{answer-key} 01-minusma```.
"""

import shutil

import pytest
import yaml
from tinybook import FILES, build, make

from coursekit.answerkey import chapter_quiz_sections, describe, quiz_sections
from coursekit.data import load_course
from coursekit.questions import load_bank

KEY = FILES / "answerkey"


@pytest.fixture
def book(tmp_path):
    root = make(tmp_path)
    (root / "data" / "questions").mkdir(exist_ok=True)
    shutil.copyfile(KEY / "01-minusma.yaml", root / "data" / "questions" / "01-minusma.yaml")
    (root / "chapters").mkdir()
    shutil.copyfile(KEY / "chapter.md", root / "chapters" / "01-minusma.md")
    shutil.copyfile(KEY / "answers.md", root / "answers.md")
    with open(root / "_toc.yml", "a") as toc:
        toc.write("  - file: answers\n")
    return root


# --------------------------------------------------------------------------- entries

@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    shutil.copytree(FILES / "course" / "data", root / "data")
    course = load_course(root)
    bank = load_bank(KEY / "01-minusma.yaml", course, root=root)
    raw = {q["id"]: q for q in yaml.safe_load((KEY / "01-minusma.yaml").read_text())["questions"]}
    return course, bank, raw


def entry(loaded, qid):
    course, bank, raw = loaded
    return describe(bank[qid], bank, course, raw[qid])


def test_single_names_the_right_option_with_its_letter(loaded):
    """Is the right option given with the letter of its place in the quiz, and every option's feedback?"""
    e = entry(loaded, "res-2100-body")
    assert e.answer == "b) The UN Security Council"
    assert [(label, right) for label, right, _ in e.feedback] == [
        ("a) The African Union", False), ("b) The UN Security Council", True)]
    assert e.objectives == ["Explain why the Security Council created MINUSMA on 25 April 2013."]


def test_multiple_lists_every_right_option(loaded):
    """Does a multiple-select question's answer list all right options and only those?"""
    e = entry(loaded, "mandate-parts")
    # options are lettered in the order readers see them (coursekit.questions.presented_options)
    assert e.answer == "a) Supporting the transitional roadmap; b) Stabilising population centres"


def test_truefalse_gives_the_answer_and_puts_its_feedback_first(loaded):
    """Is a true/false answer given as True or False, with the right answer's feedback first?"""
    e = entry(loaded, "withdrawal-consent")
    assert e.answer == "False"
    assert e.feedback[0] == ("False", True, "Right; without consent the Council ended the mandate.")
    assert e.feedback[1][:2] == ("True", False)


def test_numeric_gives_the_figure_the_range_accepted_and_the_tolerance(loaded):
    """Does a numeric answer come from the figure, with the range accepted and the tolerance used?"""
    e = entry(loaded, "ceiling")
    assert e.answer == "12,640 military personnel"
    lines = dict(e.lines)
    assert lines["Accepted"] == "any number from 12,008 to 13,272 military personnel (tolerance \u00b15% of the figure)"
    assert lines["Figure"].startswith("Authorised military personnel (`troop-ceiling`): The ceiling")


def test_numeric_range_with_absolute_tolerance_and_its_certainty_note(loaded):
    """Is a contested range shown as a range, with the absolute tolerance and the figure's note?"""
    e = entry(loaded, "deaths")
    assert e.answer == "between 10 and 20 deaths"
    lines = dict(e.lines)
    assert lines["Accepted"] == "any number from 8 to 22 deaths (tolerance \u00b12 deaths)"
    assert lines["Certainty: disputed"] == "Source A says 10, source B says 20."


def test_order_lists_events_in_date_order_with_their_dates(loaded):
    """Are an order question's events given in the order of their dates, each with its date?"""
    e = entry(loaded, "exit-order")
    assert e.steps == ["Security Council establishes MINUSMA (25 April 2013)",
                       "Security Council ends the mandate (30 June 2023)",
                       "Withdrawal ends (around December 2023)"]


def test_quiz_sections_maps_each_quiz_call_to_its_section():
    """Does each quiz("id") call in a chapter source map to the heading above it?"""
    assert quiz_sections(KEY / "chapter.md") == {
        "res-2100-body": "The creation", "ceiling": "Counting", "exit-order": "Counting"}


def test_a_chapters_quizzes_are_found_on_every_one_of_its_pages(tmp_path):
    """A chapter of several pages: are the quizzes of its later pages "shown" too, with their
    sections, in the order _toc.yml gives the pages?"""
    (tmp_path / "chapters" / "01-minusma").mkdir(parents=True)
    shutil.copyfile(KEY / "chapter.md", tmp_path / "chapters" / "01-minusma.md")
    (tmp_path / "chapters" / "01-minusma" / "later.md").write_text(
        '## The end\n\n```{code-cell} ipython3\nquiz("deaths")\n```\n')
    (tmp_path / "chapters" / "02-other.md").write_text('## Elsewhere\n\nquiz("mandate-parts")\n')
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nchapters:\n  - file: chapters/01-minusma\n    sections:\n"
        "      - file: chapters/01-minusma/later\n  - file: chapters/02-other\n")
    sources, sections = chapter_quiz_sections(tmp_path, "01-minusma")
    assert sources == [tmp_path / "chapters" / "01-minusma.md", tmp_path / "chapters" / "01-minusma" / "later.md"]
    assert sections == {"res-2100-body": "The creation", "ceiling": "Counting", "exit-order": "Counting",
                        "deaths": "The end"}


# --------------------------------------------------------------------------- the book

def test_answer_key_renders_every_question_with_its_answer(book):
    """Does the built page show each question, its answer, feedback, objectives and section?"""
    rc, out = build(book)
    assert rc == 0, out[-3000:]
    html = (book / "_build" / "html" / "answers.html").read_text()
    for qid in ("res-2100-body", "mandate-parts", "withdrawal-consent", "ceiling", "deaths",
                "exit-order"):
        assert f'id="ck-answer-{qid}"' in html
    assert "6 questions in <code" in html and "3 shown in the chapter" in html
    assert "Which body established MINUSMA on 25 April 2013?" in html
    assert "b) The UN Security Council" in html
    assert "Only the Security Council can create a UN peacekeeping operation." in html
    assert "any number from 12,008 to 13,272 military personnel" in html
    assert "Withdrawal ends (around December 2023)" in html
    assert "Shown in:</strong> Counting" in html
    assert "Shown in:</strong> not placed in the chapter" in html
    assert "Distinguish an authorized ceiling from a count." in html
    # the key is not a quiz: the page loads no quiz script
    assert "quiz.js" not in html


def test_unknown_chapter_fails_the_build_naming_the_file_and_the_fix(book):
    page = book / "answers.md"
    page.write_text(page.read_text().replace("{answer-key} 01-minusma", "{answer-key} 01-minusa"))
    rc, out = build(book)
    assert rc != 0
    assert ("answer-key: no question bank data/questions/01-minusa.yaml (did you mean "
            "`01-minusma`?); the argument is a bank's file name without `.yaml`") in out


def test_invalid_bank_fails_the_build_with_the_validation_message(book):
    bank = book / "data" / "questions" / "01-minusma.yaml"
    bank.write_text(bank.read_text().replace("        correct: true\n", "", 1))
    rc, out = build(book)
    assert rc != 0
    assert ("data/questions/01-minusma.yaml, question `res-2100-body`: no option is marked "
            "`correct: true`; mark the right answer") in out
