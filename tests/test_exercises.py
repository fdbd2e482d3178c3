"""The exercise generator and the students' `check(...)`, without the grader."""

import shutil

import nbformat
import pytest

from coursekit.exercises import (
    ANSWER_PLACEHOLDER, CODE_PLACEHOLDER, Checker, clear_solutions, generated_files, load_exercise,
    parse_exercise, stale,
)

from test_grade_support import EXERCISE, ROOT, reference_nb, student_nb


def test_student_notebook_is_up_to_date():
    """Is exercises/01-minusma/student.ipynb what `coursekit exercises generate` writes now?"""
    assert stale(EXERCISE) == [], "run `coursekit exercises generate exercises/01-minusma`"


def test_stale_copy_is_detected(tmp_path):
    shutil.copy(EXERCISE, tmp_path / "source.ipynb")
    assert len(stale(tmp_path / "source.ipynb")) == 2
    from coursekit.exercises import main

    assert main(["exercises", "check", str(tmp_path)]) == 1
    assert main(["exercises", "generate", str(tmp_path)]) == 0
    assert stale(tmp_path / "source.ipynb") == []


def test_generation_is_deterministic():
    ex = load_exercise(EXERCISE)
    assert generated_files(ex) == generated_files(load_exercise(EXERCISE))


def test_student_copy_holds_no_solutions_or_hidden_tests():
    text = (EXERCISE.parent / "student.ipynb").read_text() + (EXERCISE.parent / "public_tests.py").read_text()
    for secret in ("BEGIN SOLUTION", "# SOLUTION", "HIDDEN", "def test_counts", "def test_claim",
                   'claim = "B"', "is_minusma =", "A good answer links"):
        assert secret not in text, secret


def test_student_copy_has_one_check_per_question_and_placeholders():
    nb = student_nb()
    checks = [c.source for c in nb.cells if c.source.startswith("check(")]
    ex = load_exercise(EXERCISE)
    assert checks == [f'check("{q.id}")' for q in ex.questions.values() if q.kind == "auto"]
    src = "\n".join(c.source for c in nb.cells)
    assert f"minusma_per_year = {ANSWER_PLACEHOLDER}" in src and CODE_PLACEHOLDER in src
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_exercise_declares_points_and_variables():
    ex = load_exercise(EXERCISE)
    assert ex.max_points == 16 and sum(q.points for q in ex.questions.values() if q.kind == "auto") == 10
    assert ex.variables == ["minusma_per_year", "busiest_year", "security_share", "first_minusma",
                            "matched", "claim"]
    assert [q.id for q in ex.questions.values() if q.kind == "open"] == ["why-leave", "read-a-count"]


def test_clear_solutions_keeps_indentation():
    src = "def f():\n    # BEGIN SOLUTION\n    return 1\n    # END SOLUTION\nx = f()  # SOLUTION"
    assert clear_solutions(src) == f"def f():\n    {CODE_PLACEHOLDER}\nx = {ANSWER_PLACEHOLDER}"


@pytest.mark.parametrize("source, message", [
    ("# BEGIN SOLUTION\nx = 1", "never closed"),
    ("# END SOLUTION", "without a `# BEGIN SOLUTION`"),
])
def test_unbalanced_markers_are_errors(source, message):
    with pytest.raises(ValueError, match=message):
        clear_solutions(source)


def test_tests_cell_without_points_names_the_fix():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("#| tests: q1\ndef test_a(x):\n    assert x")])
    with pytest.raises(ValueError, match=r"add `#\| points: N`"):
        parse_exercise(nb, "demo")


def _run_cells(nb, cwd, monkeypatch):
    """Run a notebook's code cells in this process, in the exercise folder (like Jupyter)."""
    monkeypatch.chdir(cwd)
    ns = {"__name__": "__main__"}
    for c in nb.cells:
        if c.cell_type == "code" and not c.source.startswith(("#| tests", "check(")):
            exec(compile(c.source, "<cell>", "exec"), ns)
    return ns


def test_reference_passes_public_checks(monkeypatch):
    ns = _run_cells(reference_nb(), EXERCISE.parent, monkeypatch)
    check = Checker()
    for q in load_exercise(EXERCISE).questions.values():
        if q.kind == "auto":
            result = check(q.id, ns)
            assert result.passed, repr(result)


def test_untouched_notebook_fails_checks_helpfully(monkeypatch):
    ns = _run_cells(student_nb(), EXERCISE.parent, monkeypatch)
    result = Checker()("events-per-year", ns)
    assert not result.passed
    assert "`minusma_per_year` is not defined" in repr(result) or "still `...`" in repr(result)
    assert "Hidden tests may check more" in repr(result)


def test_check_explains_a_wrong_type(monkeypatch):
    monkeypatch.chdir(EXERCISE.parent)
    result = Checker()("events-per-year", {"minusma_per_year": [1, 2]})
    assert "is a list, not a dict" in repr(result)


def test_check_outside_the_folder_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match="open the notebook from its exercise folder"):
        Checker()("events-per-year", {})
