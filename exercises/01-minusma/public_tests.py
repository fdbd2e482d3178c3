"""Public tests for exercise 01-minusma: generated from source.ipynb, do not edit."""


#| tests: hostile-share
from coursekit.checks import percentage

def test_is_percent(hostile_share):
    """`hostile_share` should be a percentage between 0 and 100."""
    percentage(hostile_share, "hostile_share",
               hint="divide the hostile-acts count by the all-causes count, then multiply by 100")


#| tests: counts-support
from coursekit.checks import is_set

def test_letters(supported):
    """`supported` should be a set of letters among A, B, C and D."""
    is_set(supported, "supported", also=(list, tuple))
    assert len(supported) > 0, "give at least one letter"
    bad = [x for x in supported if x not in ("A", "B", "C", "D")]
    assert not bad, f'these are not letters A to D: {bad[:3]}; write them in quotes, e.g. {{"A"}}'


#| tests: ceiling-gap
from coursekit.checks import is_number, percentage

def test_kinds(police_gap, police_share):
    """`police_gap` should be a number and `police_share` a percentage."""
    is_number(police_gap, "police_gap")
    percentage(police_share, "police_share",
               hint="more police deployed than allowed? check which ceiling was in force on the count's date")


#| tests: exit-order
from coursekit.checks import same_ids

TO_ORDER = ["withdrawal-end", "res-2690", "liquidation-begins", "minusma-leaves-kidal",
            "diop-withdrawal-request", "minusma-protection-mandate-ends", "minusma-drawdown-begins"]

def test_same_ids(exit_order, course):
    """`exit_order` should hold each id of `to_order` once."""
    same_ids(exit_order, "exit_order", TO_ORDER, course)


#| tests: withdrawal-pace
from coursekit.checks import is_number

def test_kinds(withdrawal_days, per_day):
    """`withdrawal_days` should be a whole number of days above 0, `per_day` a number."""
    assert isinstance(withdrawal_days, int) and withdrawal_days > 0, (
        f"`withdrawal_days` is {withdrawal_days!r}; give a whole number of days, e.g. (end - start).days")
    is_number(per_day, "per_day")


#| tests: passage-claim
from coursekit.checks import letter

def test_letter(claim):
    """`claim` should be one of "A", "B", "C" or "D"."""
    letter(claim)
