"""Report step alone: gradebook CSV, feedback text and summary, from hand-made rows."""

from coursekit.grade.report import Row, feedback_markdown, gradebook_csv, lms_feedback, summary
from coursekit.grade.score import QuestionScore, TestResult

RUBRIC = [{"points": 3, "criterion": "gives two reasons from the record"},
          {"points": 1, "criterion": "names a source for each"}]


def rows():
    a = Row("ada", "ada.ipynb", "ok", "", name="Ada Lovelace", scores=[
        QuestionScore("q1", "auto", 1.5, 2, [TestResult("test_shape", True, "shape", 1, False),
                                              TestResult("test_value", False, "wrong count", 1, True)]),
        QuestionScore("essay", "open", 0, 4, answer="Because.", rubric=RUBRIC),
    ])
    b = Row("bob", "bob.txt", "not-a-notebook", "`bob.txt` is not a notebook", scores=[
        QuestionScore("q1", "auto", 0, 2), QuestionScore("essay", "open", 0, 4, rubric=RUBRIC)])
    return [b, a]


def marked(row: Row, points: float, criteria=None, comment="") -> Row:
    s = next(s for s in row.scores if s.kind == "open")
    s.marked, s.points, s.criteria, s.comment = True, points, criteria, comment
    return row


def test_gradebook_csv_is_sorted_and_leaves_open_questions_and_total_blank_until_marked():
    assert gradebook_csv(rows(), ["q1", "essay"]) == (
        "student,name,file,q1,essay,auto,hand,total,max,marked,status,reason\n"
        "ada,Ada Lovelace,ada.ipynb,1.5,,1.5,,,6,0 of 1,ok,\n"
        "bob,,bob.txt,0,,0,,,6,0 of 1,not-a-notebook,`bob.txt` is not a notebook\n")


def test_gradebook_csv_counts_hand_marks_once_complete():
    b, a = rows()
    marked(a, 3.5)
    assert gradebook_csv([a, b], ["q1", "essay"]).splitlines()[1:] == [
        "ada,Ada Lovelace,ada.ipynb,1.5,3.5,1.5,3.5,5,6,1 of 1,ok,",
        "bob,,bob.txt,0,,0,,,6,0 of 1,not-a-notebook,`bob.txt` is not a notebook"]
    assert a.final_total == 5 and b.final_total is None


def test_feedback_says_what_failed_and_shows_the_open_answer_with_its_rubric():
    text = feedback_markdown(rows()[1], "01-minusma")
    assert "hidden test `test_value` failed: wrong count" in text
    assert "test `test_shape` passed" in text
    assert "Automatic score: **1.5 / 2**" in text and "**The total is not final**" in text
    assert "### essay: not marked yet (out of 4)" in text and "> Because." in text
    assert "- 3 points: gives two reasons from the record" in text
    assert "For the instructor" not in text


def test_feedback_of_a_marked_answer_ticks_the_criteria_and_gives_the_comment():
    text = feedback_markdown(marked(rows()[1], 3, [3, None], "Add a source."), "01-minusma")
    assert "### essay: 3 / 4" in text
    assert "- met (3 / 3 points): gives two reasons from the record" in text
    assert "- not met (0 / 1 point): names a source for each" in text
    assert "Comment:\n\n> Add a source." in text and "Total: **4.5 / 6**" in text
    assert "Total: 4.5 / 6." in lms_feedback(marked(rows()[1], 3))


def test_summary_lists_problems_and_counts_marking():
    text = summary(rows(), 2)
    assert text.startswith("2 submissions graded; 1 not-a-notebook, 1 ok; median 0.75 / 2")
    assert "Marked by hand: 0 of 2 open answers." in text
    assert "bob (bob.txt): not-a-notebook" in text
