"""Public tests for exercise 01-minusma: generated from source.ipynb, do not edit."""


#| tests: events-per-year
from coursekit.checks import counts_per_year

def test_is_dict(minusma_per_year):
    """`minusma_per_year` should be a dict from year to number of events."""
    counts_per_year(minusma_per_year, "minusma_per_year", example=2013)


#| tests: busiest-year
def test_is_year(busiest_year):
    """`busiest_year` should be a year, as an int."""
    assert isinstance(busiest_year, int), f"`busiest_year` is a {type(busiest_year).__name__}; give a number like 2013"


#| tests: security-share
from coursekit.checks import percentage

def test_is_percent(security_share):
    """`security_share` should be a percentage between 0 and 100."""
    percentage(security_share, "security_share")


#| tests: first-events
from coursekit.checks import event_ids

def test_is_list_of_ids(first_minusma, course):
    """`first_minusma` should be a list of up to five event ids."""
    event_ids(first_minusma, "first_minusma", course, at_most=5)


#| tests: match-actors
from coursekit.checks import mapping

def test_shape(matched, course):
    """`matched` should map each event id in `to_match` to an actor id."""
    mapping(matched, "matched", course.events["id"])


#| tests: passage-claim
from coursekit.checks import letter

def test_letter(claim):
    """`claim` should be one of "A", "B", "C" or "D"."""
    letter(claim)
