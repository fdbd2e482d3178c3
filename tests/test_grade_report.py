"""Report step alone: gradebook CSV, feedback text and summary, from hand-made rows."""

from coursekit.grade.report import Row, feedback_markdown, gradebook_csv, summary
from coursekit.grade.score import QuestionScore, TestResult


def rows():
    a = Row("ada", "ada.ipynb", "ok", "", scores=[
        QuestionScore("q1", "auto", 1.5, 2, [TestResult("test_shape", True, "shape", 1, False),
                                              TestResult("test_value", False, "wrong count", 1, True)]),
        QuestionScore("essay", "open", 0, 4, answer="Because."),
    ])
    b = Row("bob", "bob.txt", "not-a-notebook", "`bob.txt` is not a notebook", scores=[
        QuestionScore("q1", "auto", 0, 2), QuestionScore("essay", "open", 0, 4)])
    return [b, a]


def test_gradebook_csv_is_sorted_and_leaves_open_questions_blank():
    assert gradebook_csv(rows(), ["q1", "essay"], {"essay"}, 2) == (
        "student,file,q1,essay,total,max,status,reason\n"
        "ada,ada.ipynb,1.5,,1.5,2,ok,\n"
        "bob,bob.txt,0,,0,2,not-a-notebook,`bob.txt` is not a notebook\n")


def test_feedback_says_what_failed_and_sets_open_answers_aside():
    text = feedback_markdown(rows()[1], "01-minusma")
    assert "hidden test `test_value` failed: wrong count" in text
    assert "test `test_shape` passed" in text
    assert "## For the instructor: answers marked by hand" in text and "Because." in text
    assert "Automatic score: **1.5 / 2**" in text


def test_summary_lists_problems():
    text = summary(rows(), 2)
    assert text.startswith("2 submissions graded; 1 not-a-notebook, 1 ok; median 0.75 / 2")
    assert "bob (bob.txt): not-a-notebook" in text
