"""The shared checks (coursekit/checks.py) that every exercise's tests use."""

import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import coursekit.exercises as exercises
from coursekit import checks
from coursekit.exercises import Checker, load_exercise, read_course_tables
from coursekit.files import course_glob

ROOT = Path(__file__).resolve().parents[1]
SOURCES = course_glob(ROOT / "exercises", "*/source.ipynb")


class Course:
    """Just enough of CourseTables for the checks."""

    events = pd.DataFrame({
        "id": ["a", "b", "c"], "date": ["2013-04-25", "2012", "2013-01"],
        "concerns": [["minusma"], ["security", "minusma"], ["politics"]],
        "actors": [["unsc"], [], ["fama", "cma"]],
    }).set_index("id", drop=False).rename_axis(None)
    figures = pd.DataFrame({"id": ["f-1", "f-2", "g-1"]}).set_index("id", drop=False).rename_axis(None)
    glossary = pd.DataFrame({"id": ["unsc", "fama"]}).set_index("id", drop=False).rename_axis(None)


C = Course()

# (call that must pass, call that must fail, a piece of the failure's message)
CASES = [
    (lambda: checks.is_dict({}, "x"), lambda: checks.is_dict([], "x", "use .to_dict()"),
     "`x` is a list, not a dict: use .to_dict()"),
    (lambda: checks.is_list([], "x"), lambda: checks.is_list((1,), "x"), "wrap it in list(...)"),
    (lambda: checks.is_number(2.5, "x"), lambda: checks.is_number("2", "x"), "`x` is a str, not a number"),
    (lambda: checks.is_set([1], "x", also=(list,)), lambda: checks.is_set([1], "x"), "make a set"),
    (lambda: checks.counts_per_year({2013: 2}, "x", example=2013),
     lambda: checks.counts_per_year({"2013": 2}, "x", example=2013), "years as int, e.g. 2013"),
    (lambda: checks.counts_per_year({2020: 1}, "x", 2020, since=2020),
     lambda: checks.counts_per_year({2019: 1}, "x", 2020, since=2020), "from 2020 on"),
    (lambda: checks.counts_per_year({2013: 1}, "x", 2013),
     lambda: checks.counts_per_year({2013: 1.5}, "x", 2013), "counts (whole numbers above 0)"),
    (lambda: checks.counts_per_concern({"security": 1}, "x", "region"),
     lambda: checks.counts_per_concern({"region": 1}, "x", "region"), "leave out the concern `region`"),
    (lambda: checks.counts_per_concern({"security": 1}, "x", "region"),
     lambda: checks.counts_per_concern({"Security": 1}, "x", "region"), "not concerns: ['Security']"),
    (lambda: checks.percentage(12.5, "x"), lambda: checks.percentage(0.125 * 1000, "x"),
     "between 0 and 100"),
    (lambda: checks.percent_change(-40, "x"), lambda: checks.percent_change(-140, "x"), "more than 100%"),
    (lambda: checks.number_pair((1, 2), "x", "(1, 2)"), lambda: checks.number_pair((2, 1), "x", "(1, 2)"),
     "lowest number first"),
    (lambda: checks.number_pair([1, 2.5], "x", "(1, 2)"), lambda: checks.number_pair(3, "x", "(1, 2)"),
     "give a tuple of two numbers, e.g. (1, 2)"),
    (lambda: checks.event_ids(["a", "c"], "x", C), lambda: checks.event_ids(["A"], "x", C),
     "not event ids: ['A']"),
    (lambda: checks.event_ids(["a"], "x", C, at_most=1), lambda: checks.event_ids(["a", "b"], "x", C, at_most=1),
     "at most 1 ids"),
    (lambda: checks.figure_ids(["f-1"], C, "f-"), lambda: checks.figure_ids(["g-1"], C, "f-"),
     "not figure ids: ['g-1']"),
    (lambda: checks.same_ids(["b", "a"], "x", ["a", "b", "z"], C),
     lambda: checks.same_ids(["a"], "x", ["a", "b"], C, given="my_ids"), "every id of `my_ids` exactly once"),
    (lambda: checks.mapping({"a": "unsc"}, "x", ["a", "b"]), lambda: checks.mapping({"z": "unsc"}, "x", ["a"]),
     "event ids of `to_match`"),
    (lambda: checks.mapping({"a": "unsc"}, "x", ["a", "b"], C, ["unsc"]),
     lambda: checks.mapping({"a": "fama"}, "x", ["a"], C, ["unsc"]), "not ids from `actor_choices`: ['fama']"),
    (lambda: checks.mapping({"a": "u", "b": "u"}, "x", ["a", "b"], C, every=True),
     lambda: checks.mapping({"a": "u"}, "x", ["a", "b"], C, every=True, what="organization"),
     "give one organization for every event of `to_match`; missing: ['b']"),
    (lambda: checks.mapping({"a": "u"}, "x", ["a"]), lambda: checks.mapping({"a": 1}, "x", ["a"]),
     "actor ids (text)"),
    (lambda: checks.one_of("a", "x", ["a"], "`ids`"), lambda: checks.one_of("b", "x", ["a"], "`ids`"),
     "give one id of `ids`"),
    (lambda: checks.letter("B"), lambda: checks.letter("AB"), "give one capital letter"),
    (lambda: checks.letter("B"), lambda: checks.letter(["B"]), "`claim` is ['B']"),
    (lambda: checks.in_date_order(["b", "c", "a"], ["a", "b", "c"], C),
     lambda: checks.in_date_order(["a", "b", "c"], ["a", "b", "c"], C), "not in date order"),
    (lambda: checks.matched_as_recorded({"a": "unsc", "c": "fama"}, ["a", "b", "c"], C),
     lambda: checks.matched_as_recorded({"a": "unsc", "c": "cma"}, ["a", "b", "c"], C),
     "1 of 2 events are matched with the wrong actor"),
    (lambda: checks.matched_as_recorded({"c": "cma"}, ["c"], C, choices=["cma"]),
     lambda: checks.matched_as_recorded({}, ["c"], C, choices=["cma"]), "wrong actor, or missing"),
    (lambda: checks.close_to(33.33, 100 / 3, "off"), lambda: checks.close_to(33.4, 100 / 3, "off"), "off"),
    (lambda: checks.close_to(33.333, 100 / 3, "off", to=0.01), lambda: checks.close_to(33.34, 100 / 3, "off", to=0.01),
     "off"),
]


@pytest.mark.parametrize("ok, bad, message", CASES, ids=[str(i) for i in range(len(CASES))])
def test_check_passes_and_fails_with_a_message_for_the_student(ok, bad, message):
    ok()
    with pytest.raises(AssertionError) as err:
        bad()
    assert message in str(err.value)


def test_with_concern():
    assert list(checks.with_concern(C.events, "minusma")["id"]) == ["a", "b"]


def test_every_check_is_exported():
    public = [n for n in vars(checks) if not n.startswith("_") and callable(getattr(checks, n))
              and getattr(checks, n).__module__ == checks.__name__]
    assert sorted(public) == sorted(checks.__all__)


def _reference_values(source: Path) -> dict:
    """Run the reference solution (the source's code cells but its tests) and return its names."""
    nb = nbformat.read(str(source), as_version=4)
    ns: dict = {"__name__": "__main__"}
    for c in nb.cells:
        if c.cell_type == "code" and not c.source.startswith("#| tests"):
            exec(compile(c.source, f"<{source.parent.name}>", "exec"), ns)
    return ns


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.parent.name)
def test_public_checks_work_from_a_bare_exercise_folder(source, tmp_path, monkeypatch):
    """`check("id")` needs only public_tests.py next to the notebook and the installed coursekit."""
    course = read_course_tables(ROOT / "data")
    monkeypatch.setattr(exercises, "_PRELOADED", course)  # the course data, as the notebook loads it
    monkeypatch.chdir(source.parent)
    values = _reference_values(source)
    folder = tmp_path / source.parent.name
    folder.mkdir()
    shutil.copy(source.parent / "public_tests.py", folder)
    monkeypatch.chdir(folder)
    check = Checker()
    for q in load_exercise(source).questions.values():
        if q.kind == "auto":
            result = check(q.id, values)
            assert result.passed and result.results, repr(result)
            wrong = check(q.id, {name: object() for name in q.variables})
            assert not wrong.passed and "(the check raised" not in repr(wrong), repr(wrong)
