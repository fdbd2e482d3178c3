"""Score step: decode the values a student's process reported and run every test on them here.

This runs in the grader's process, never in the student's; decoding builds only plain Python
values, numpy arrays and pandas objects from tagged JSON (no pickle, no eval).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coursekit.exercises import Exercise, run_test, test_functions


class Unreadable:
    """A value the grader could not read (e.g. an object of the student's own class)."""

    def __init__(self, what: str):
        self.what = what

    def __repr__(self):
        return f"<unreadable: {self.what}>"


def decode(data, depth=0):
    """Rebuild a value from the tagged JSON made by sandbox.encode."""
    if depth > 60:
        return Unreadable("nested too deeply")
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    if isinstance(data, list):
        return [decode(x, depth + 1) for x in data]
    if not isinstance(data, dict):
        return Unreadable("unknown")
    tag = data.get("$")
    v = data.get("v")
    if tag == "ellipsis":
        return Ellipsis
    if tag == "float":
        return float(v) if v in ("nan", "inf", "-inf") else Unreadable("float")
    if tag in ("tuple", "set") and isinstance(v, list):
        items = [decode(x, depth + 1) for x in v]
        if tag == "tuple":
            return tuple(items)
        try:
            return set(items)
        except TypeError:
            return Unreadable("set of unhashable values")
    if tag == "dict" and isinstance(v, list):
        out = {}
        for pair in v:
            if not (isinstance(pair, list) and len(pair) == 2):
                return Unreadable("dict")
            k = decode(pair[0], depth + 1)
            try:
                out[k] = decode(pair[1], depth + 1)
            except TypeError:
                return Unreadable("dict with unhashable keys")
        return out
    if tag in ("DataFrame", "Series", "ndarray"):
        import numpy as np
        import pandas as pd

        try:
            if tag == "ndarray":
                return np.array(decode(v, depth + 1))
            index = [_hashable(decode(i, depth + 1)) for i in data.get("index", [])]
            if tag == "Series":
                return pd.Series([decode(x, depth + 1) for x in v], index=index or None,
                                 name=_hashable(decode(data.get("name"), depth + 1)), dtype=None if v else object)
            columns = [_hashable(decode(c, depth + 1)) for c in data.get("columns", [])]
            rows = [[decode(x, depth + 2) for x in row] for row in v]
            return pd.DataFrame(rows, columns=columns, index=index or None)
        except Exception as err:  # noqa: BLE001
            return Unreadable(f"{tag} ({err})")
    if tag in ("Timestamp", "date") and isinstance(v, str):
        import pandas as pd

        try:
            return pd.Timestamp(v)
        except ValueError:
            return Unreadable(tag)
    if tag == "unsupported":
        return Unreadable(str(data.get("type"))[:80])
    return Unreadable("unknown")


def _hashable(x):
    try:
        hash(x)
        return x
    except TypeError:
        return repr(x)


@dataclass
class TestResult:
    __test__ = False  # not a pytest class
    name: str
    passed: bool
    message: str
    weight: float
    hidden: bool


@dataclass
class QuestionScore:
    id: str
    kind: str  # "auto" or "open"
    points: float
    max_points: float
    tests: list[TestResult] = field(default_factory=list)
    answer: str | None = None  # open questions: the student's text, for the instructor
    # open questions, filled from the marking sheet (coursekit.grade.marking): `points` holds
    # the hand mark once `marked`; `criteria` the points given per rubric criterion when the
    # marker used them (None for a criterion left blank), `flag` why a mark is not counted
    rubric: list[dict] = field(default_factory=list)
    marked: bool = False
    comment: str = ""
    criteria: list[float] | None = None
    flag: str = ""


def _describe_unreadable(values: dict) -> dict:
    out = {}
    for name, value in values.items():
        if isinstance(value, Unreadable):
            out[name] = value
    return out


def score(exercise: Exercise, values: dict, answers: dict | None = None, course=None) -> list[QuestionScore]:
    """Run every test of `exercise` on decoded `values`; open questions are set aside, unmarked
    (their marks come from the marking sheet, see coursekit.grade.marking)."""
    answers = answers or {}
    scores = []
    for q in exercise.questions.values():
        if q.kind == "open":
            scores.append(QuestionScore(q.id, "open", 0.0, q.points, answer=answers.get(q.id),
                                        rubric=[dict(c) for c in q.rubric]))
            continue
        results = []
        for tc in q.tests:
            public = set(test_functions(tc.public_source))
            for name, func in test_functions(tc.source, f"<tests {q.id}>").items():
                bad = [p for p in func.__code__.co_varnames[: func.__code__.co_argcount]
                       if isinstance(values.get(p), Unreadable)]
                if bad:
                    ok, msg = False, (f"`{bad[0]}` could not be read by the grader "
                                      f"({values[bad[0]].what}); use numbers, text, lists, dicts or pandas tables")
                else:
                    ok, msg = run_test(func, values, course)
                results.append(TestResult(name, ok, msg, tc.weights.get(name, 1.0), name not in public))
        total = sum(r.weight for r in results) or 1.0
        got = sum(r.weight for r in results if r.passed)
        scores.append(QuestionScore(q.id, "auto", round(q.points * got / total, 2), q.points, results))
    return scores


def decode_values(raw: dict) -> dict:
    return {str(k): decode(v) for k, v in (raw or {}).items()}
