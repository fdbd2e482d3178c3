"""Public tests for exercise 05-politics: generated from source.ipynb, do not edit."""


#| tests: charter-deadline
import re

def test_kinds(charter_end, months_to_deadline):
    """`charter_end` should be a month as text, "YYYY-MM"; `months_to_deadline` a whole number."""
    assert isinstance(charter_end, str) and re.fullmatch(r"\d{4}-\d{2}", charter_end), (
        f"`charter_end` is {charter_end!r}; give a month as text, e.g. \"2022-11\"")
    assert isinstance(months_to_deadline, int) and months_to_deadline > 0, (
        f"`months_to_deadline` is {months_to_deadline!r}; give a whole number of months above 0")


#| tests: referendum-turnout
from coursekit.checks import percentage

def test_is_percent(turnout):
    """`turnout` should be a percentage between 0 and 100."""
    percentage(turnout, "turnout", hint="divide the votes cast by the registered voters, then multiply by 100")


#| tests: turnout-revision
from coursekit.checks import is_number

def test_is_number(turnout_revision):
    """`turnout_revision` should be a number of percentage points."""
    is_number(turnout_revision, "turnout_revision")
    assert -100 <= turnout_revision <= 100, "a difference of two percentages lies between -100 and 100"


#| tests: timetable-order
from coursekit.checks import same_ids

TIMETABLE = ["election-postponed-2023", "transition-charter-2020", "goita-mandate-2025",
             "ecowas-sanctions-2022", "transition-deadline-passes", "five-year-transition-proposed",
             "transition-24-months-decree", "ecowas-sanctions-lifted"]

def test_same_ids(timetable, course):
    """`timetable` should be a list holding each id of `to_order` once."""
    same_ids(timetable, "timetable", TIMETABLE, course)


#| tests: match-actors
from coursekit.checks import mapping

MATCH_IDS = ["m5-rfp-rally-2020", "cnt-members-appointed", "ecowas-sanctions-2022",
             "constitution-referendum-2023", "joliba-tv-closed"]

def test_shape(matched, course):
    """`matched` should map each event id in `to_match` to an actor id."""
    mapping(matched, "matched", MATCH_IDS, course, course.glossary["id"])


#| tests: party-counts
from coursekit.checks import figure_ids, is_set

def test_shape(party_counts, course):
    """`party_counts` should be a set of figure ids beginning with `protest-deaths-2020-`."""
    is_set(party_counts, "party_counts", also=(list, tuple))
    figure_ids(party_counts, course, prefix="protest-deaths-2020-", what="ids of the protest death counts")


#| tests: passage-claim
from coursekit.checks import letter

def test_letter(claim):
    """`claim` should be one of "A", "B", "C" or "D"."""
    letter(claim)
