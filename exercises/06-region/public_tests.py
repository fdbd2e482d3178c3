"""Public tests for exercise 06-region: generated from source.ipynb, do not edit."""


#| tests: exit-dates
from coursekit.checks import is_set

def test_kinds(days_to_effect, supported):
    """`days_to_effect` should be a whole number of days; `supported` a set of letters A to D."""
    assert isinstance(days_to_effect, int) and days_to_effect > 0, (
        f"`days_to_effect` is {days_to_effect!r}; give a whole number of days, e.g. (end - start).days")
    is_set(supported, "supported", also=(list, tuple))
    assert len(supported) > 0, "give at least one letter"
    bad = [x for x in supported if x not in ("A", "B", "C", "D")]
    assert not bad, f'these are not letters A to D: {bad[:3]}; write them in quotes, e.g. {{"A"}}'


#| tests: same-series
from coursekit.checks import one_of

BENIN_IDS = ["benin-north-incidents-2021", "benin-north-incidents-2024",
             "benin-veg-attacks-2021", "benin-veg-attacks-2023"]

def test_is_one_of_the_ids(same_series):
    """`same_series` should be one of the other three figure ids, as text."""
    one_of(same_series, "same_series", BENIN_IDS, "the four Benin figures printed above")
    assert same_series != "benin-north-incidents-2024", "pick another figure than the 2024 one itself"


#| tests: benin-growth
from coursekit.checks import is_number

def test_is_ratio(benin_growth):
    """`benin_growth` should be a positive number (a ratio, not a percentage)."""
    is_number(benin_growth, "benin_growth")
    assert benin_growth > 0, "a ratio of two counts is above 0: divide the 2024 count by the 2021 count"


#| tests: w-park-range
from coursekit.checks import number_pair

def test_is_pair(w_park_range):
    """`w_park_range` should be a pair of numbers (lowest, highest)."""
    number_pair(w_park_range, "w_park_range", "(3, 9)", "put the lowest toll first")


#| tests: bloc-order
from coursekit.checks import same_ids

BLOC = ["aes-founded", "burkina-coup-2022-09", "ecowas-exit-effective", "mali-leaves-g5-sahel",
        "niger-coup-2023", "burkina-coup-2022-01", "ecowas-exit-announced", "aes-confederation"]

def test_same_ids(bloc_order, course):
    """`bloc_order` should be a list holding each id of `to_order` once."""
    same_ids(bloc_order, "bloc_order", BLOC, course)


#| tests: match-actors
from coursekit.checks import mapping

MATCH_IDS = ["burkina-coup-2022-01", "niger-coup-2023", "mali-leaves-g5-sahel", "aes-founded",
             "accra-initiative-founded", "benin-porga-attack-2021"]

def test_shape(matched, course):
    """`matched` should map each event id in `to_match` to an actor id."""
    mapping(matched, "matched", MATCH_IDS, course, course.glossary["id"])


#| tests: passage-claim
from coursekit.checks import letter

def test_letter(claim):
    """`claim` should be one of "A", "B", "C" or "D"."""
    letter(claim)
