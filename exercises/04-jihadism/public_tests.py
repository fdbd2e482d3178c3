"""Public tests for exercise 04-jihadism: generated from source.ipynb, do not edit."""


#| tests: jihadism-per-year
from coursekit.checks import counts_per_year

def test_is_dict(jihadism_per_year):
    """`jihadism_per_year` should be a dict from year to number of events."""
    counts_per_year(jihadism_per_year, "jihadism_per_year", example=2017)


#| tests: origins-order
from coursekit.checks import same_ids

ORIGIN_EVENTS = ["jnim-isgs-war", "jnim-founded", "isgs-pledge", "is-sahel-province",
                 "katiba-macina-emerges", "is-recognizes-isgs"]

def test_same_ids(origins_in_order, course):
    """`origins_in_order` should be a list holding each id of `origin_events` once."""
    same_ids(origins_in_order, "origins_in_order", ORIGIN_EVENTS, course, given="origin_events")


#| tests: idp-series
from coursekit.checks import is_dict

def test_shape(idp_by_date):
    """`idp_by_date` should be a dict from an `as_of` date (text) to a number."""
    is_dict(idp_by_date, "idp_by_date")
    assert all(isinstance(k, str) for k in idp_by_date), (
        "the keys should be the `as_of` dates as text, e.g. \"2014-12-31\"")
    assert all(isinstance(v, (int, float)) for v in idp_by_date.values()), "the values should be numbers"


#| tests: idp-change
from coursekit.checks import percent_change

def test_is_number(idp_change_pct):
    """`idp_change_pct` should be a number: a percentage change."""
    percent_change(idp_change_pct, "idp_change_pct")


#| tests: top-perpetrator
def test_is_figure_id(top_perpetrator):
    """`top_perpetrator` should be the id of one of the ACLED figures."""
    assert isinstance(top_perpetrator, str) and top_perpetrator.startswith("acled-2023-civilian-events-"), (
        f"`top_perpetrator` is {top_perpetrator!r}; give a figure id (text) starting with acled-2023-civilian-events-")


#| tests: which-group
from coursekit.checks import mapping

CHOICES = ["jnim", "is-sahel"]
TO_MATCH = ["isgs-pledge", "timbuktu-blockade", "menaka-offensive-2022", "bamako-attack-2024",
            "is-recognizes-isgs", "fuel-blockade-2025"]

def test_shape(matched, course):
    """`matched` should map each event id in `to_match` to "jnim" or "is-sahel"."""
    mapping(matched, "matched", TO_MATCH, course, CHOICES, every=True, what="organization", choices_from="group_choices")


#| tests: passage-claim
from coursekit.checks import letter

def test_letter(claim):
    """`claim` should be one of "A", "B", "C" or "D"."""
    letter(claim)
