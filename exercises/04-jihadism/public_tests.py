"""Public tests for exercise 04-jihadism: generated from source.ipynb, do not edit."""


#| tests: jihadism-per-year
def test_is_dict(jihadism_per_year):
    """`jihadism_per_year` should be a dict from year to number of events."""
    assert isinstance(jihadism_per_year, dict), (
        f"`jihadism_per_year` is a {type(jihadism_per_year).__name__}, not a dict: "
        "a grouped count has .to_dict()")
    assert all(isinstance(k, int) for k in jihadism_per_year), "the keys should be years as int, e.g. 2017"
    assert all(isinstance(v, int) and v > 0 for v in jihadism_per_year.values()), (
        "the values should be counts (whole numbers above 0)")


#| tests: origins-order
ORIGIN_EVENTS = ["jnim-isgs-war", "jnim-founded", "isgs-pledge", "is-sahel-province",
                 "katiba-macina-emerges", "is-recognizes-isgs"]

def test_same_ids(origins_in_order, course):
    """`origins_in_order` should be a list holding each id of `origin_events` once."""
    assert isinstance(origins_in_order, list), (
        f"`origins_in_order` is a {type(origins_in_order).__name__}; wrap it in list(...)")
    expected = [e for e in ORIGIN_EVENTS if e in set(course.events["id"])]
    assert sorted(origins_in_order) == sorted(expected), (
        "give every id of `origin_events` exactly once, and nothing else (ids, not titles)")


#| tests: idp-series
def test_shape(idp_by_date):
    """`idp_by_date` should be a dict from an `as_of` date (text) to a number."""
    assert isinstance(idp_by_date, dict), f"`idp_by_date` is a {type(idp_by_date).__name__}, not a dict"
    assert all(isinstance(k, str) for k in idp_by_date), (
        "the keys should be the `as_of` dates as text, e.g. \"2014-12-31\"")
    assert all(isinstance(v, (int, float)) for v in idp_by_date.values()), "the values should be numbers"


#| tests: idp-change
def test_is_number(idp_change_pct):
    """`idp_change_pct` should be a number: a percentage change."""
    assert isinstance(idp_change_pct, (int, float)), (
        f"`idp_change_pct` is a {type(idp_change_pct).__name__}, not a number")
    assert -100 <= idp_change_pct, "a count cannot fall by more than 100%"


#| tests: top-perpetrator
def test_is_figure_id(top_perpetrator):
    """`top_perpetrator` should be the id of one of the ACLED figures."""
    assert isinstance(top_perpetrator, str) and top_perpetrator.startswith("acled-2023-civilian-events-"), (
        f"`top_perpetrator` is {top_perpetrator!r}; give a figure id (text) starting with acled-2023-civilian-events-")


#| tests: which-group
CHOICES = ["jnim", "is-sahel"]
TO_MATCH = ["isgs-pledge", "timbuktu-blockade", "menaka-offensive-2022", "bamako-attack-2024",
            "is-recognizes-isgs", "fuel-blockade-2025"]

def test_shape(matched, course):
    """`matched` should map each event id in `to_match` to "jnim" or "is-sahel"."""
    assert isinstance(matched, dict), f"`matched` is a {type(matched).__name__}, not a dict"
    assert all(k in TO_MATCH for k in matched), "the keys should be the event ids of `to_match`"
    missing = [e for e in TO_MATCH if e in set(course.events["id"]) and e not in matched]
    assert not missing, f"give an organization for every event of `to_match`; missing: {missing[:3]}"
    assert all(v in CHOICES for v in matched.values()), "the values should be \"jnim\" or \"is-sahel\""


#| tests: passage-claim
def test_letter(claim):
    """`claim` should be one of "A", "B", "C" or "D"."""
    assert claim in ("A", "B", "C", "D"), f"`claim` is {claim!r}; give one capital letter in quotes, e.g. \"A\""
