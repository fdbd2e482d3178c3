"""Public tests for exercise 01-minusma: generated from source.ipynb, do not edit."""


#| tests: events-per-year
def test_is_dict(minusma_per_year):
    """`minusma_per_year` should be a dict from year to number of events."""
    assert isinstance(minusma_per_year, dict), (
        f"`minusma_per_year` is a {type(minusma_per_year).__name__}, not a dict: "
        "a grouped count has .to_dict()")
    assert all(isinstance(k, int) for k in minusma_per_year), "the keys should be years as int, e.g. 2013"
    assert all(isinstance(v, int) and v > 0 for v in minusma_per_year.values()), (
        "the values should be counts (whole numbers above 0)")


#| tests: busiest-year
def test_is_year(busiest_year):
    """`busiest_year` should be a year, as an int."""
    assert isinstance(busiest_year, int), f"`busiest_year` is a {type(busiest_year).__name__}; give a number like 2013"


#| tests: security-share
def test_is_percent(security_share):
    """`security_share` should be a percentage between 0 and 100."""
    assert isinstance(security_share, (int, float)), f"`security_share` is a {type(security_share).__name__}, not a number"
    assert 0 <= security_share <= 100, "a percentage is between 0 and 100: did you forget to multiply by 100, or divide?"


#| tests: first-events
def test_is_list_of_ids(first_minusma, course):
    """`first_minusma` should be a list of up to five event ids."""
    assert isinstance(first_minusma, list), f"`first_minusma` is a {type(first_minusma).__name__}; wrap it in list(...)"
    assert len(first_minusma) <= 5, "give at most five ids"
    unknown = [i for i in first_minusma if i not in set(course.events["id"])]
    assert not unknown, f"these are not event ids: {unknown[:3]}; use the `id` column, not the title"


#| tests: match-actors
def test_shape(matched, course):
    """`matched` should map each event id in `to_match` to an actor id."""
    assert isinstance(matched, dict), f"`matched` is a {type(matched).__name__}, not a dict"
    ids = set(course.events["id"])
    assert all(k in ids for k in matched), "the keys should be event ids from `to_match`"
    assert all(isinstance(v, str) for v in matched.values()), "the values should be actor ids (text)"


#| tests: passage-claim
def test_letter(claim):
    """`claim` should be one of "A", "B", "C" or "D"."""
    assert claim in ("A", "B", "C", "D"), f"`claim` is {claim!r}; give one capital letter in quotes, e.g. \"A\""
