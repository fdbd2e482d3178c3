"""Public tests for exercise 04-jihadism: generated from source.ipynb, do not edit."""


#| tests: after-the-peacekeepers
from coursekit.checks import is_dict, is_set

BLOCKADE_EVENTS = ["fuel-blockade-2025", "timbuktu-blockade", "bamako-attack-2024", "tombouctou-boat-attack"]

def test_shape(months_after, before_exit, course):
    """`months_after` should map each id of `blockade_events` to a whole number of months;
    `before_exit` should be a set of some of those ids."""
    shown = [e for e in BLOCKADE_EVENTS if e in course.events.index]
    is_dict(months_after, "months_after")
    assert set(months_after) == set(shown), (
        f"`months_after` should have one key per id of `blockade_events` ({len(shown)}), it has {len(months_after)}")
    assert all(isinstance(v, int) for v in months_after.values()), "the values of `months_after` should be whole numbers (int)"
    is_set(before_exit, "before_exit", also=(list, tuple))
    unknown = [e for e in before_exit if e not in shown]
    assert not unknown, f"these are not ids from `blockade_events`: {sorted(map(str, unknown))[:3]}"


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


#| tests: distance-km
import math

from coursekit.checks import is_dict


def test_equator(trial_km):
    """`distance_km(0, 0, 0, 1)` (one degree along the equator) should be about 111.2 km."""
    is_dict(trial_km, "trial_km", "run the cell after your function as it is")
    value = trial_km.get("equator, 1 degree")
    assert isinstance(value, (int, float)), (
        f"`distance_km(0, 0, 0, 1)` gave {value!r}, not a number: does your function end with `return`?")
    assert abs(value - 2 * math.pi * 6371 / 360) < 0.5, (
        f"`distance_km(0, 0, 0, 1)` gave {value:.1f} km, not about 111.2: did you turn degrees into "
        "radians (math.radians), and use R = 6371?")


#| tests: attacks-km
import pandas as pd


def test_table(attacks_km):
    """`attacks_km` should be a table with the columns id, year, place and km."""
    assert isinstance(attacks_km, pd.DataFrame), (
        f"`attacks_km` is a {type(attacks_km).__name__}, not a table (DataFrame): select columns "
        "with rows[[\"id\", \"year\", \"place\", \"km\"]]")
    missing = [c for c in ["id", "year", "place", "km"] if c not in attacks_km.columns]
    assert not missing, f"`attacks_km` has no column {missing[0]!r}; keep id, year, place and km"
    assert len(attacks_km) > 0, "`attacks_km` has no rows"
    assert attacks_km["km"].map(lambda v: isinstance(v, (int, float))).all(), (
        "some values of `km` are not numbers: does `distance_km` end with `return`?")


#| tests: median-km
import statistics

from coursekit.checks import is_dict


def test_shape(median_km_per_year):
    """`median_km_per_year` should be a dict from a year (int) to a number of km."""
    is_dict(median_km_per_year, "median_km_per_year", "a grouped median has .to_dict()")
    assert all(isinstance(k, int) for k in median_km_per_year), "the keys should be years (int), e.g. 2022"
    assert all(isinstance(v, (int, float)) for v in median_km_per_year.values()), "the values should be numbers"


def test_from_table(median_km_per_year, attacks_km):
    """Each year's value is the median `km` of that year's rows of `attacks_km`."""
    is_dict(median_km_per_year, "median_km_per_year", "a grouped median has .to_dict()")
    by_year = {}
    for y, km in zip(attacks_km["year"], attacks_km["km"]):
        by_year.setdefault(int(y), []).append(float(km))
    assert set(median_km_per_year) == set(by_year), "one entry per year of `attacks_km`, no more"
    assert all(abs(median_km_per_year[y] - statistics.median(v)) <= 0.051 for y, v in by_year.items()), (
        "some values are not the median of that year's `km` (not the mean: .median())")
