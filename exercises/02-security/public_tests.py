"""Public tests for exercise 02-security: generated from source.ipynb, do not edit."""


#| tests: sg-periods
from coursekit.checks import percent_change

def test_kinds(raw_change, daily_change):
    """`raw_change` and `daily_change` should be percentage changes (numbers)."""
    percent_change(raw_change, "raw_change")
    percent_change(daily_change, "daily_change")


#| tests: departures-support
from coursekit.checks import is_set

def test_letters(supported):
    """`supported` should be a set of letters among A, B, C and D."""
    is_set(supported, "supported", also=(list, tuple))
    assert len(supported) > 0, "give at least one letter"
    bad = [x for x in supported if x not in ("A", "B", "C", "D")]
    assert not bad, f'these are not letters A to D: {bad[:3]}; write them in quotes, e.g. {{"A"}}'


#| tests: camps-order
from coursekit.checks import same_ids

CAMP_EVENTS = ["kidal-retaken", "tessalit-handover", "ber-camp-taken", "anefis-taken",
               "bourem-attack", "aguelhok-camp-left"]

def test_same_ids(camps_in_order, course):
    """`camps_in_order` should be a list holding each id of `camp_events` once."""
    same_ids(camps_in_order, "camps_in_order", CAMP_EVENTS, course, given="camp_events")


#| tests: documented-change
from coursekit.checks import percent_change

def test_is_number(documented_change):
    """`documented_change` should be a number: a percentage change."""
    percent_change(documented_change, "documented_change")


#| tests: claim-or-count
from coursekit.checks import is_set

TO_CLASSIFY = ["ber-fama-killed-2023-08", "minusma-civilians-killed-2022", "french-soldiers-killed-mali",
               "hrw-civilians-killed-army-wagner-2024", "bourem-assailants-killed-2023-09",
               "civilians-killed-sg-2021-22"]

def test_shape(claimed):
    """`claimed` should be a set of figure ids taken from `to_classify`."""
    is_set(claimed, "claimed")
    unknown = [f for f in claimed if f not in TO_CLASSIFY]
    assert not unknown, f"these are not ids from `to_classify`: {sorted(map(str, unknown))[:3]}"


#| tests: match-actors
from coursekit.checks import mapping

CHOICES = ["operation-barkhane", "minusma", "wagner-group", "fla"]
TO_MATCH = ["kidal-retaken", "barkhane-leaves-mali", "fla-formed", "tessalit-handover"]

def test_shape(matched, course):
    """`matched` should map each event id in `to_match` to one of `actor_choices`."""
    mapping(matched, "matched", TO_MATCH, course, CHOICES, every=True)


#| tests: passage-claim
from coursekit.checks import letter

def test_letter(claim):
    """`claim` should be one of "A", "B", "C" or "D"."""
    letter(claim)
