"""Public tests for exercise 00-python: generated from source.ipynb, do not edit."""


#| tests: count-rows
def test_is_count(n_russia):
    """`n_russia` should be a whole number above 0."""
    assert isinstance(n_russia, int) and n_russia > 0, (
        f"`n_russia` is {n_russia!r}; give a whole number, e.g. int(mask.sum())")


#| tests: per-year
from coursekit.checks import counts_per_year

def test_is_dict(jihadism_per_year):
    """`jihadism_per_year` should be a dict from year to number of events."""
    counts_per_year(jihadism_per_year, "jihadism_per_year", example=2017)


#| tests: per-concern
from coursekit.checks import counts, is_dict

def test_is_dict(concern_counts):
    """`concern_counts` should be a dict from concern id to a count."""
    is_dict(concern_counts, "concern_counts", "a value count has .to_dict()")
    assert all(isinstance(k, str) for k in concern_counts), "the keys should be concern ids (text)"
    counts(concern_counts.values())


#| tests: in-order
from coursekit.checks import event_ids

def test_is_list_of_ids(first_region, course):
    """`first_region` should be a list of up to three event ids."""
    event_ids(first_region, "first_region", course, at_most=3)


#| tests: percent-change
from coursekit.checks import percent_change

def test_is_change(ceiling_rise):
    """`ceiling_rise` should be a percentage change (a number)."""
    percent_change(ceiling_rise, "ceiling_rise")


#| tests: days-between
def test_is_days(afisma_to_minusma):
    """`afisma_to_minusma` should be a whole number of days above 0."""
    assert isinstance(afisma_to_minusma, int) and afisma_to_minusma > 0, (
        f"`afisma_to_minusma` is {afisma_to_minusma!r}; give a whole number of days, e.g. (later - earlier).days")
