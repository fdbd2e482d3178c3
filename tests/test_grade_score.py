"""Score step alone: decoding values safely, partial credit, messages."""

import math

import pandas as pd
import pytest

from coursekit.exercises import load_exercise, parse_exercise
from coursekit.grade.sandbox import encode
from coursekit.grade.score import Unreadable, decode, decode_values, score

from test_grade_support import EXERCISE, EXPECTED, make_data


def roundtrip(v):
    return decode(encode(v))


@pytest.mark.parametrize("value", [
    None, True, 3, -2.5, "text", [1, [2, "x"]], (1, 2), {1, 2}, {2013: 3, "a": [1]}, {(1, 2): None},
])
def test_plain_values_roundtrip(value):
    assert roundtrip(value) == value and type(roundtrip(value)) is type(value)


def test_pandas_and_numpy_roundtrip():
    import numpy as np

    df = pd.DataFrame({"year": [2013, 2023], "n": [2, 7]}, index=["a", "b"])
    assert roundtrip(df).equals(df)
    s = pd.Series([1, 2], index=[2013, 2014], name="n")
    assert roundtrip(s).equals(s)
    assert roundtrip(np.int64(5)) == 5 and type(roundtrip(np.int64(5))) is int
    assert list(roundtrip(np.array([1, 2]))) == [1, 2]
    assert math.isnan(roundtrip(float("nan")))
    assert roundtrip(...) is Ellipsis


def test_forged_objects_become_plain_data():
    """A dict subclass whose == always says True arrives as a plain dict."""
    class Liar(dict):
        def __eq__(self, other):
            return True

    v = roundtrip(Liar(a=1))
    assert type(v) is dict and v != {"b": 2}


def test_unknown_types_are_unreadable_not_executed():
    class Mine:
        pass

    assert isinstance(roundtrip(Mine()), Unreadable)
    assert isinstance(decode({"$": "pickle", "v": "gASV..."}), Unreadable)
    assert isinstance(decode({"no": "tag"}), Unreadable)


def test_deep_nesting_is_bounded():
    deep = []
    for _ in range(100):
        deep = [deep]
    assert "unreadable" in repr(roundtrip(deep))


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    from coursekit.exercises import read_course_tables

    return read_course_tables(make_data(tmp_path_factory.mktemp("d")))


def test_full_and_zero_marks(course):
    ex = load_exercise(EXERCISE)
    full = score(ex, dict(EXPECTED), {}, course)
    assert sum(s.points for s in full if s.kind == "auto") == 10
    zero = score(ex, {}, {}, course)
    assert sum(s.points for s in zero) == 0
    assert all(not t.passed and "not defined" in t.message for s in zero for t in s.tests)


def test_partial_credit_uses_declared_weights(course):
    """hostile-share: the public test weighs 1, the hidden 3, of 2 points -> 0.5 for shape only."""
    ex = load_exercise(EXERCISE)
    s = {q.id: q for q in score(ex, {**EXPECTED, "hostile_share": 12.3}, {}, course)}
    assert s["hostile-share"].points == 0.5
    assert [t.hidden for t in s["hostile-share"].tests] == [False, True]
    # counts-support weighs its tests the same way: the course's letters are wrong on this data
    s = {q.id: q for q in score(ex, {**EXPECTED, "supported": {"A", "D"}}, {}, course)}
    assert s["counts-support"].points == 0.5
    assert [t.hidden for t in s["counts-support"].tests] == [False, True]


def test_partial_credit_with_three_weighted_tests(course):
    """ceiling-gap weighs 1 + 2 + 2 of 2 points: a gap to the wrong (2013) ceiling keeps 1.2."""
    ex = load_exercise(EXERCISE)
    s = {q.id: q for q in score(ex, {**EXPECTED, "police_gap": -200.0}, {}, course)}
    assert s["ceiling-gap"].points == 1.2
    assert [(t.hidden, t.passed) for t in s["ceiling-gap"].tests] == [(False, True), (True, False), (True, True)]
    # the share of the 2013 ceiling (over 100%) fails the public test with its hint, and the hidden one
    s = {q.id: q for q in score(ex, {**EXPECTED, "police_share": 120.0}, {}, course)}
    assert s["ceiling-gap"].points == 0.8
    assert "check which ceiling was in force" in s["ceiling-gap"].tests[0].message


def test_wrong_day_count_is_not_penalised_twice(course):
    """withdrawal-pace: per_day worked out from a wrong day count still earns its share."""
    ex = load_exercise(EXERCISE)
    s = {q.id: q for q in score(ex, {**EXPECTED, "withdrawal_days": 184, "per_day": round(8650 / 184, 1)}, {}, course)}
    assert s["withdrawal-pace"].points == 1.2
    assert [t.passed for t in s["withdrawal-pace"].tests] == [True, False, True]
    # a float day count: the public test asks for a whole number (its weight of 1 is lost)
    s = {q.id: q for q in score(ex, {**EXPECTED, "withdrawal_days": 173.0}, {}, course)}
    assert [t.passed for t in s["withdrawal-pace"].tests] == [False, True, True]
    assert s["withdrawal-pace"].points == 1.6
    assert "give a whole number of days" in s["withdrawal-pace"].tests[0].message


def test_open_answers_are_set_aside_unscored(course):
    ex = load_exercise(EXERCISE)
    s = {q.id: q for q in score(ex, dict(EXPECTED), {"why-leave": "Because ..."}, course)}
    assert s["why-leave"].kind == "open" and s["why-leave"].points == 0 and s["why-leave"].answer == "Because ..."
    # unmarked until the marking sheet says otherwise, and carrying the question's rubric for the feedback
    assert not s["why-leave"].marked and s["why-leave"].rubric == ex.questions["why-leave"].rubric
    assert sum(c["points"] for c in s["why-leave"].rubric) == s["why-leave"].max_points == 4


def test_unreadable_value_message(course):
    ex = load_exercise(EXERCISE)
    s = {q.id: q for q in score(ex, {**EXPECTED, "claim": Unreadable("Foo")}, {}, course)}
    assert "could not be read by the grader (Foo)" in s["passage-claim"].tests[0].message


def test_decode_values_names():
    assert decode_values({"x": {"$": "tuple", "v": [1]}}) == {"x": (1,)}
