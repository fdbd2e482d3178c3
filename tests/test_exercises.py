"""The exercise generator and the students' `check(...)`, without the grader."""

import re
import shutil
from pathlib import Path

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


SECRETS = (
    # hidden tests (by name, and a helper)
    "def test_value", "def test_supported", "def test_gap", "def test_share", "def test_order",
    "def test_days", "def test_per_day", "def test_claim", "_ceiling_in_force",
    # solutions and the lines that lead to them
    'claim = "B"', 'supported = {"A", "D"}', "all_causes =", 'figures.loc["minusma-ceiling-police-2016"',
    'start = date.fromisoformat(events.loc["res-2690"',
    # the marking schemes of the two open questions
    "Model answer and marking", "Marking (1 point each)",
)


def test_student_copy_holds_no_solutions_or_hidden_tests():
    text = (EXERCISE.parent / "student.ipynb").read_text() + (EXERCISE.parent / "public_tests.py").read_text()
    for secret in ("BEGIN SOLUTION", "# SOLUTION", "HIDDEN", *SECRETS):
        assert secret not in text, secret
    source = EXERCISE.read_text()
    for secret in SECRETS:  # still in the source: the check above is not vacuous
        assert secret in source or secret.replace('"', '\\"') in source, secret


def test_student_copy_has_one_check_per_question_and_placeholders():
    nb = student_nb()
    checks = [c.source for c in nb.cells if c.source.startswith("check(")]
    ex = load_exercise(EXERCISE)
    assert checks == [f'check("{q.id}")' for q in ex.questions.values() if q.kind == "auto"]
    src = "\n".join(c.source for c in nb.cells)
    assert f"hostile_share = {ANSWER_PLACEHOLDER}" in src and CODE_PLACEHOLDER in src
    assert all(f"{v} = {ANSWER_PLACEHOLDER}" in src for v in ex.variables), "every answer has a placeholder"
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_exercise_declares_points_and_variables():
    ex = load_exercise(EXERCISE)
    assert ex.max_points == 16 and sum(q.points for q in ex.questions.values() if q.kind == "auto") == 10
    assert ex.variables == ["hostile_share", "supported", "police_gap", "police_share", "exit_order",
                            "withdrawal_days", "per_day", "claim"]
    assert [(q.id, q.points) for q in ex.questions.values() if q.kind == "auto"] == [
        ("hostile-share", 2), ("counts-support", 2), ("ceiling-gap", 2), ("exit-order", 1),
        ("withdrawal-pace", 2), ("passage-claim", 1)]
    assert [(q.id, q.points) for q in ex.questions.values() if q.kind == "open"] == [
        ("why-leave", 4), ("read-a-count", 2)]
    for q in ex.questions.values():  # every automatic question has a public test and a hidden one
        if q.kind == "auto":
            public = {n for tc in q.tests for n in re.findall(r"^def (test_\w+)", tc.public_source, re.M)}
            every = {n for tc in q.tests for n in re.findall(r"^def (test_\w+)", tc.source, re.M)}
            assert public and every - public, q.id
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
    result = Checker()("hostile-share", ns)
    assert not result.passed
    assert "`hostile_share` is not defined" in repr(result) or "still `...`" in repr(result)
    assert "Hidden tests may check more" in repr(result)
    for q in load_exercise(EXERCISE).questions.values():  # every question, not just the first
        if q.kind == "auto":
            result = Checker()(q.id, ns)
            assert not result.passed and "still `...`" in repr(result), q.id


@pytest.mark.parametrize("question, values, message", [
    ("hostile-share", {"hostile_share": "37.5"}, "`hostile_share` is a str, not a number"),
    ("hostile-share", {"hostile_share": 0.56}, None),
    ("hostile-share", {"hostile_share": 56.0 * 100}, "a percentage is between 0 and 100"),
    ("counts-support", {"supported": "AD"}, "`supported` is a str; make a set"),
    ("counts-support", {"supported": {"a", "d"}}, "these are not letters A to D"),
    ("ceiling-gap", {"police_gap": "194", "police_share": 89.9}, "`police_gap` is a str, not a number"),
    ("ceiling-gap", {"police_gap": -286.0, "police_share": 119.9}, "check which ceiling was in force"),
    ("exit-order", {"exit_order": "res-2690"}, "`exit_order` is a str; wrap it in list(...)"),
    ("withdrawal-pace", {"withdrawal_days": 184.0, "per_day": 75.4}, "give a whole number of days"),
    ("withdrawal-pace", {"withdrawal_days": 184, "per_day": "75.4"}, "`per_day` is a str, not a number"),
    ("passage-claim", {"claim": "b"}, "give one capital letter in quotes"),
])
def test_check_explains_a_wrong_type(monkeypatch, question, values, message):
    monkeypatch.chdir(EXERCISE.parent)
    result = Checker()(question, values)
    if message is None:  # the right kind of value: the public check passes, the hidden test decides
        assert result.passed, repr(result)
    else:
        assert not result.passed and message in repr(result), repr(result)


def test_check_outside_the_folder_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match="open the notebook from its exercise folder"):
        Checker()("hostile-share", {})


# ---------------------------------------------------------------- the primer, exercises/00-python
# Not tied to a chapter; the same checks as exercise 1 above (the grading itself, reference full
# marks and untouched zero, is in test_exercises_all.py).

PRIMER = ROOT / "exercises" / "00-python" / "source.ipynb"
PRIMER_SECRETS = (
    "def test_value", "def test_counts", "def test_order", "is_russia =", "is_jihadism =", "is_region =",
    'old = figures.loc["minusma-ceiling-military-2013"', 'date.fromisoformat(events.loc["res-2085"',
)


def test_primer_student_copy_is_current_and_holds_no_solutions():
    assert stale(PRIMER) == [], "run `coursekit exercises generate exercises/00-python`"
    text = (PRIMER.parent / "student.ipynb").read_text() + (PRIMER.parent / "public_tests.py").read_text()
    for secret in ("BEGIN SOLUTION", "# SOLUTION", "HIDDEN", *PRIMER_SECRETS):
        assert secret not in text, secret
    source = PRIMER.read_text()
    for secret in PRIMER_SECRETS:
        assert secret in source or secret.replace('"', '\\"') in source, secret


def test_primer_declares_points_and_variables():
    ex = load_exercise(PRIMER)
    assert ex.max_points == 6
    assert [(q.id, q.kind, q.points) for q in ex.questions.values()] == [
        ("count-rows", "auto", 1), ("per-year", "auto", 1), ("per-concern", "auto", 1),
        ("in-order", "auto", 1), ("percent-change", "auto", 1), ("days-between", "auto", 1)]
    assert ex.variables == ["n_russia", "jihadism_per_year", "concern_counts", "first_region",
                            "ceiling_rise", "afisma_to_minusma"]
    # every question has a public test and a hidden one
    for q in ex.questions.values():
        public = {n for tc in q.tests for n in re.findall(r"^def (test_\w+)", tc.public_source, re.M)}
        every = {n for tc in q.tests for n in re.findall(r"^def (test_\w+)", tc.source, re.M)}
        assert public and every - public, q.id


def test_primer_student_copy_has_one_check_per_question_and_placeholders():
    nb = nbformat.read(str(PRIMER.parent / "student.ipynb"), as_version=4)
    ex = load_exercise(PRIMER)
    checks = [c.source for c in nb.cells if c.source.startswith("check(")]
    assert checks == [f'check("{q.id}")' for q in ex.questions.values()]
    src = "\n".join(c.source for c in nb.cells)
    assert all(f"{v} = {ANSWER_PLACEHOLDER}" in src for v in ex.variables) and CODE_PLACEHOLDER in src
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_primer_reference_passes_and_untouched_fails_public_checks(monkeypatch):
    nb = nbformat.read(str(PRIMER), as_version=4)
    nb.cells = [c for c in nb.cells if not c.source.startswith("#| tests:")]
    ns = _run_cells(nb, PRIMER.parent, monkeypatch)
    raw = _run_cells(nbformat.read(str(PRIMER.parent / "student.ipynb"), as_version=4), PRIMER.parent, monkeypatch)
    check = Checker()
    for q in load_exercise(PRIMER).questions.values():
        assert check(q.id, ns).passed, repr(check(q.id, ns))
        result = check(q.id, raw)
        assert not result.passed and "still `...`" in repr(result), repr(result)
        assert "Hidden tests may check more" in repr(result)


@pytest.mark.parametrize("question, values, message", [
    ("count-rows", {"n_russia": "12"}, "`n_russia` is '12'; give a whole number"),
    ("per-year", {"jihadism_per_year": [1, 2]}, "is a list, not a dict"),
    ("per-year", {"jihadism_per_year": {"2017": 3}}, "the keys should be years as int"),
    ("per-concern", {"concern_counts": [("russia", 3)]}, "is a list, not a dict"),
    ("in-order", {"first_region": "res-2100"}, "`first_region` is a str; wrap it in list(...)"),
    ("percent-change", {"ceiling_rise": "18.7"}, "`ceiling_rise` is a str, not a number"),
    ("days-between", {"afisma_to_minusma": 125.0}, "give a whole number of days"),
])
def test_primer_check_explains_a_wrong_type(monkeypatch, question, values, message):
    monkeypatch.chdir(PRIMER.parent)
    result = Checker()(question, values)
    assert not result.passed and message in repr(result), repr(result)


# ---------------------------------------------------------------- rubrics of open questions


def _open_nb(meta: dict):
    prompt = nbformat.v4.new_markdown_cell("## Question 1: why? (open)\n\nSay why.")
    cell = nbformat.v4.new_markdown_cell("<!-- BEGIN SOLUTION -->\nModel.\n<!-- END SOLUTION -->")
    cell.id = "q1-answer"
    cell.metadata = {"coursekit": {"open": "why", "points": 3, **meta}}
    return nbformat.v4.new_notebook(cells=[prompt, cell])


@pytest.mark.parametrize("rubric, message", [
    ([{"points": 2, "criterion": "names two sources"}], "the rubric's points add up to 2, but the question is worth 3"),
    ([{"points": 2, "criterion": "names two sources"}, {"points": 1, "criterion": "  "}], "rubric criterion 2 has no text"),
    ([{"points": 3}], "rubric criterion 1 has no text"),
    ([{"criterion": "names two sources"}], 'rubric criterion 1 \\("names two sources"\\) has no points'),
    ([{"points": 0, "criterion": "a"}, {"points": 3, "criterion": "b"}], 'rubric criterion 1 \\("a"\\) has 0 points; give it more than 0'),
    ("names two sources", "`rubric` should be a list"),
])
def test_a_bad_rubric_is_an_error_naming_notebook_cell_and_question(rubric, message):
    with pytest.raises(ValueError, match=r"demo/source.ipynb, cell 1 \(id q1-answer\), open question `why`: "
                                         + message):
        parse_exercise(_open_nb({"rubric": rubric}), "demo", path=Path("demo/source.ipynb"))


def test_a_rubric_is_loaded_with_the_question_it_marks():
    ex = parse_exercise(_open_nb({"rubric": [{"points": 2, "criterion": "names  two\nsources"},
                                             {"points": 1, "criterion": "says which it uses"}]}), "demo")
    q = ex.questions["why"]
    assert q.rubric == [{"points": 2.0, "criterion": "names two sources"}, {"points": 1.0, "criterion": "says which it uses"}]
    assert q.prompt == "## Question 1: why? (open)\n\nSay why." and q.model_answer == "Model."


@pytest.mark.parametrize("source", sorted((ROOT / "exercises").glob("*/source.ipynb")), ids=lambda p: p.parent.name)
def test_every_open_question_has_a_rubric_students_see_without_the_model_answer(source):
    """Each open question of the course is marked with a rubric of its own; the student copy shows
    its criteria just above the answer cell, and none of the model answer."""
    ex = load_exercise(source)
    student = nbformat.read(str(source.parent / "student.ipynb"), as_version=4)
    texts = [c.source for c in student.cells]
    seen_criteria = set()
    for q in (q for q in ex.questions.values() if q.kind == "open"):
        assert q.rubric, f"{source.parent.name}: open question `{q.id}` has no rubric"
        assert sum(c["points"] for c in q.rubric) == q.points
        at = next(i for i, c in enumerate(student.cells) if c.get("metadata", {}).get("coursekit", {}).get("open") == q.id)
        for c in q.rubric:
            assert c["criterion"] not in seen_criteria, f"{q.id}: a criterion copied from another question"
            seen_criteria.add(c["criterion"])
            assert c["criterion"] in texts[at - 1], f"{q.id}: criterion not shown under the question"
        model_lines = [ln.strip() for ln in q.model_answer.splitlines() if len(ln.strip()) > 30]
        assert model_lines, q.id
        for line in model_lines:
            assert not any(line in t for t in texts), f"{q.id}: the model answer is in the student copy"


def test_a_malformed_exercise_source_ends_in_one_error_line(tmp_path, capsys):
    """Does `coursekit exercises generate` on a source that is not a notebook end like every
    command's bad input: one line naming the file, exit code 2, nothing written?"""
    from coursekit.cli import main

    bad = tmp_path / "source.ipynb"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["exercises", "generate", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and "source.ipynb" in err[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["source.ipynb"]
