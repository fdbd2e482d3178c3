"""Public tests for exercise 03-russia: generated from source.ipynb, do not edit."""


#| tests: russian-share
from coursekit.checks import percentage

def test_is_percent(russian_share):
    """`russian_share` should be a percentage between 0 and 100."""
    percentage(russian_share, "russian_share",
               hint="divide the Russian estimate by the French troops, then multiply by 100")


#| tests: presence-support
from coursekit.checks import is_set

def test_letters(supported):
    """`supported` should be a set of letters among A, B, C and D."""
    is_set(supported, "supported", also=(list, tuple))
    assert len(supported) > 0, "give at least one letter"
    bad = [x for x in supported if x not in ("A", "B", "C", "D")]
    assert not bad, f'these are not letters A to D: {bad[:3]}; write them in quotes, e.g. {{"A"}}'


#| tests: turn-order
from coursekit.checks import same_ids

TURN_EVENTS = ["eutm-mandate-ends", "french-ambassador-expelled", "russia-mali-defence-agreement-2019",
               "mali-sanctions-veto", "wagner-arrival", "barkhane-leaves-mali"]

def test_same_ids(turn_in_order, course):
    """`turn_in_order` should be a list holding each id of `turn_events` once."""
    same_ids(turn_in_order, "turn_in_order", TURN_EVENTS, course, given="turn_events")


#| tests: moura-named-share
from coursekit.checks import percentage

def test_is_percent(named_share):
    """`named_share` should be a percentage between 0 and 100."""
    percentage(named_share, "named_share", hint="did you divide the right way round?")


#| tests: tinzaouaten-claims
from coursekit.checks import figure_ids, is_dict

def test_shape(wagner_claims, course):
    """`wagner_claims` should be a dict from figure id to a number."""
    is_dict(wagner_claims, "wagner_claims")
    figure_ids(wagner_claims, course)
    assert all(isinstance(v, (int, float)) for v in wagner_claims.values()), "the values should be numbers"


#| tests: match-actors
from coursekit.checks import mapping

CHOICES = ["unsc", "eutm-mali", "africa-corps", "operation-barkhane"]
TO_MATCH = ["gossi-staged-grave", "mali-sanctions-veto", "eutm-mandate-ends", "wagner-departure-africa-corps"]

def test_shape(matched, course):
    """`matched` should map each event id in `to_match` to one of `actor_choices`."""
    mapping(matched, "matched", TO_MATCH, course, CHOICES, every=True)


#| tests: passage-claim
from coursekit.checks import letter

def test_letter(claim):
    """`claim` should be one of "A", "B", "C" or "D"."""
    letter(claim)
