"""Checks shared by the exercises' tests: one definition of each "is this the right kind of answer".

The tests cells of ``exercises/*/source.ipynb`` (and so the generated ``public_tests.py`` that
students run with ``check("question-id")``) import what they need from here::

    #| tests: events-per-year
    #| points: 2
    from coursekit.checks import counts_per_year

    def test_is_dict(minusma_per_year):
        \"\"\"`minusma_per_year` should be a dict from year to number of events.\"\"\"
        counts_per_year(minusma_per_year, "minusma_per_year", example=2013)

Each check takes the student's value and the name it has in the notebook, and raises
``AssertionError`` with a message written for the student (what is wrong, and how to fix it);
the grader and ``check`` show that message. ``course`` is the course data as given to tests
(``coursekit.exercises.CourseTables``). The checks hold no answer: they are public, and the
module needs nothing but the installed ``coursekit`` (students run it on their own machine).
"""

from __future__ import annotations

__all__ = [
    "is_dict", "is_list", "is_number", "is_set", "counts", "counts_per_year", "counts_per_concern",
    "percentage", "percent_change", "number_pair", "event_ids", "figure_ids", "same_ids", "mapping",
    "one_of", "letter", "with_concern", "in_date_order", "matched_as_recorded", "close_to",
]


def _kind(value) -> str:
    return type(value).__name__


# ---------------------------------------------------------------- kinds of value


def is_dict(value, name: str, hint: str = "") -> None:
    """`value` is a dict; `hint` says how to make one (e.g. "a grouped count has .to_dict()")."""
    assert isinstance(value, dict), f"`{name}` is a {_kind(value)}, not a dict" + (f": {hint}" if hint else "")


def is_list(value, name: str) -> None:
    assert isinstance(value, list), f"`{name}` is a {_kind(value)}; wrap it in list(...)"


def is_number(value, name: str) -> None:
    """An int or a float (as Python counts them: True is 1)."""
    assert isinstance(value, (int, float)), f"`{name}` is a {_kind(value)}, not a number"


def is_set(value, name: str, also: tuple = ()) -> None:
    """A set (or one of the types in `also`, e.g. ``(list, tuple)`` where order does not matter)."""
    assert isinstance(value, (set, *also)), f'`{name}` is a {_kind(value)}; make a set, e.g. {{"id-1", "id-2"}}'


def counts(values, what: str = "the values") -> None:
    """Every one of `values` is a whole number above 0."""
    assert all(isinstance(v, int) and v > 0 for v in values), f"{what} should be counts (whole numbers above 0)"


def counts_per_year(value, name: str, example: int, since: int | None = None, since_hint: str = "") -> None:
    """A dict from year (int) to a count, such as a grouped count's ``.to_dict()``.

    Args:
        example: a year shown in the message about the keys.
        since: the first year that may appear; `since_hint` says why (default: "count only the
            years from SINCE on").
    """
    is_dict(value, name, "a grouped count has .to_dict()")
    assert all(isinstance(k, int) for k in value), f"the keys should be years as int, e.g. {example}"
    if since is not None:
        assert all(k >= since for k in value), since_hint or f"count only the years from {since} on"
    counts(value.values())


def counts_per_concern(value, name: str, leave_out: str, leave_out_hint: str = "") -> None:
    """A dict from concern id to a count, without the concern `leave_out`."""
    from coursekit.data import CONCERNS

    is_dict(value, name, "a value count has .to_dict()")
    assert leave_out not in value, leave_out_hint or f"leave out the concern `{leave_out}` itself"
    unknown = [k for k in value if k not in CONCERNS]
    assert not unknown, f"these are not concerns: {unknown[:3]}"
    counts(value.values())


def percentage(value, name: str, hint: str = "did you forget to multiply by 100, or divide?") -> None:
    """A number from 0 to 100; `hint` says how to get there."""
    is_number(value, name)
    assert 0 <= value <= 100, f"a percentage is between 0 and 100: {hint}"


def percent_change(value, name: str) -> None:
    """A percentage change of a count: a number, -100 or more."""
    is_number(value, name)
    assert -100 <= value, "a count cannot fall by more than 100%"


def number_pair(value, name: str, example: str, order_hint: str = "put the lowest number first") -> None:
    """A (lowest, highest) pair of numbers; `example` as typed, e.g. "(3, 9)"."""
    assert isinstance(value, (tuple, list)) and len(value) == 2, f"give a tuple of two numbers, e.g. {example}"
    low, high = value
    assert all(isinstance(v, (int, float)) for v in (low, high)), "both ends should be numbers"
    assert low <= high, order_hint


# ---------------------------------------------------------------- ids from the course data


def event_ids(value, name: str, course, at_most: int | None = None) -> None:
    """A list of ids of events of the course data (at most `at_most` of them)."""
    is_list(value, name)
    if at_most is not None:
        assert len(value) <= at_most, f"give at most {at_most} ids"
    known = set(course.events["id"])
    unknown = [i for i in value if i not in known]
    assert not unknown, f"these are not event ids: {unknown[:3]}; use the `id` column, not the title"


def figure_ids(ids, course, prefix: str = "", what: str = "figure ids") -> None:
    """Every one of `ids` is the id of a figure of the course data (starting with `prefix`)."""
    known = set(course.figures["id"])
    bad = [i for i in ids if i not in known or not str(i).startswith(prefix)]
    hint = "" if prefix else "; use the index of `figures`"
    assert not bad, f"these are not {what}: {sorted(map(str, bad))[:3]}{hint}"


def same_ids(value, name: str, ids, course, given: str = "to_order") -> None:
    """A list holding each of `ids` (those in the course data) once, in any order.

    `given` is the name under which the notebook shows `ids` to the student.
    """
    is_list(value, name)
    known = set(course.events["id"])
    expected = [e for e in ids if e in known]
    assert sorted(value) == sorted(expected), (
        f"give every id of `{given}` exactly once, and nothing else (ids, not titles)")


def mapping(value, name: str, keys, course=None, choices=None, *, every: bool = False,
            what: str = "actor", keys_from: str = "to_match", choices_from: str = "actor_choices") -> None:
    """A dict from some of `keys` (event ids) to one of `choices` each (any text if None).

    Args:
        every: each of `keys` that is in the course data needs a value (needs `course`).
        what: what a value is, for the messages ("actor", "organization").
        keys_from, choices_from: the names under which the notebook shows `keys` and `choices`.
    """
    is_dict(value, name)
    keys = set(keys)
    assert all(k in keys for k in value), f"the keys should be the event ids of `{keys_from}`"
    if every:
        known = set(course.events["id"])
        missing = [e for e in sorted(keys) if e in known and e not in value]
        assert not missing, f"give one {what} for every event of `{keys_from}`; missing: {missing[:3]}"
    if choices is None:
        assert all(isinstance(v, str) for v in value.values()), f"the values should be {what} ids (text)"
    else:
        choices = set(choices)
        unknown = [v for v in value.values() if v not in choices]
        assert not unknown, f"these are not ids from `{choices_from}`: {sorted(map(str, unknown))[:3]}"


def one_of(value, name: str, choices, choices_from: str) -> None:
    """One of `choices`, as text; `choices_from` names where the notebook shows them."""
    assert isinstance(value, str), f"`{name}` is a {_kind(value)}; give one id in quotes"
    assert value in choices, f"`{name}` is {value!r}; give one id of {choices_from}"


def letter(value, name: str = "claim", letters: str = "ABCD") -> None:
    """One capital letter among `letters`."""
    assert isinstance(value, str) and len(value) == 1 and value in letters, (
        f'`{name}` is {value!r}; give one capital letter in quotes, e.g. "{letters[0]}"')


# ---------------------------------------------------------------- for hidden tests


def with_concern(events, concern: str):
    """The rows of an events table that list `concern` among their concerns."""
    return events[events["concerns"].map(lambda cs: concern in cs)]


def in_date_order(value, ids, course) -> None:
    """`value` is `ids` (those in the course data) sorted by date, then id."""
    ev = course.events
    ev = ev[ev["id"].isin(list(ids))].sort_values(["date", "id"])
    assert value == list(ev["id"]), "the ids are not in date order"


def matched_as_recorded(value: dict, ids, course, choices=None, what: str = "actor") -> None:
    """Each of `ids` that has actors is matched with the actor its event record names.

    With `choices`, any recorded actor among them is right; without, the record's first actor.
    """
    ev = course.events
    ev = ev[ev["id"].isin(list(ids)) & (ev["actors"].map(len) > 0)]
    if choices is None:
        expected = {i: {a[0]} for i, a in ev["actors"].items()}
    else:
        expected = {i: set(a) & set(choices) for i, a in ev["actors"].items()}
        expected = {i: ok for i, ok in expected.items() if ok}
    wrong = [e for e in expected if value.get(e) not in expected[e]]
    assert not wrong, f"{len(wrong)} of {len(expected)} events are matched with the wrong {what}, or missing"


def close_to(value, expected, message: str, to: float = 0.1) -> None:
    """`value` is `expected` when both are rounded to `to` (0.1: one decimal)."""
    assert abs(value - expected) <= to * 0.51, message
