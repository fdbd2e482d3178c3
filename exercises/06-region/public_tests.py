"""Public tests for exercise 06-region: generated from source.ipynb, do not edit."""


#| tests: region-also
CONCERNS = {"minusma", "security", "russia", "jihadism", "politics", "region", "warnings"}

def test_is_dict(region_also):
    """`region_also` should be a dict from concern to number of `region` events."""
    assert isinstance(region_also, dict), (
        f"`region_also` is a {type(region_also).__name__}, not a dict: a value count has .to_dict()")
    assert "region" not in region_also, "leave out `region` itself"
    unknown = [k for k in region_also if k not in CONCERNS]
    assert not unknown, f"these are not concerns: {unknown[:3]}"
    assert all(isinstance(v, int) and v > 0 for v in region_also.values()), (
        "the values should be counts (whole numbers above 0)")


#| tests: same-series
BENIN_IDS = ["benin-north-incidents-2021", "benin-north-incidents-2024",
             "benin-veg-attacks-2021", "benin-veg-attacks-2023"]

def test_is_one_of_the_ids(same_series):
    """`same_series` should be one of the other three figure ids, as text."""
    assert isinstance(same_series, str), f"`same_series` is a {type(same_series).__name__}; give one id in quotes"
    assert same_series in BENIN_IDS, f"{same_series!r} is not one of the four Benin figures printed above"
    assert same_series != "benin-north-incidents-2024", "pick another figure than the 2024 one itself"


#| tests: benin-growth
def test_is_ratio(benin_growth):
    """`benin_growth` should be a positive number (a ratio, not a percentage)."""
    assert isinstance(benin_growth, (int, float)), f"`benin_growth` is a {type(benin_growth).__name__}, not a number"
    assert benin_growth > 0, "a ratio of two counts is above 0: divide the 2024 count by the 2021 count"


#| tests: w-park-range
def test_is_pair(w_park_range):
    """`w_park_range` should be a pair of numbers (lowest, highest)."""
    assert isinstance(w_park_range, (tuple, list)) and len(w_park_range) == 2, (
        "give a tuple of two numbers, e.g. (3, 9)")
    low, high = w_park_range
    assert all(isinstance(v, (int, float)) for v in (low, high)), "both ends should be numbers"
    assert low <= high, "put the lowest toll first"


#| tests: bloc-order
BLOC = ["aes-founded", "burkina-coup-2022-09", "ecowas-exit-effective", "mali-leaves-g5-sahel",
        "niger-coup-2023", "burkina-coup-2022-01", "ecowas-exit-announced", "aes-confederation"]

def test_same_ids(bloc_order, course):
    """`bloc_order` should be a list holding each id of `to_order` once."""
    assert isinstance(bloc_order, list), f"`bloc_order` is a {type(bloc_order).__name__}; wrap it in list(...)"
    given = [i for i in BLOC if i in set(course.events["id"])]
    assert sorted(bloc_order) == sorted(given), "give exactly the ids of `to_order`, each once (ids, not titles)"


#| tests: match-actors
MATCH_IDS = ["burkina-coup-2022-01", "niger-coup-2023", "mali-leaves-g5-sahel", "aes-founded",
             "accra-initiative-founded", "benin-porga-attack-2021"]

def test_shape(matched, course):
    """`matched` should map each event id in `to_match` to an actor id."""
    assert isinstance(matched, dict), f"`matched` is a {type(matched).__name__}, not a dict"
    assert all(k in MATCH_IDS for k in matched), "the keys should be the event ids of `to_match`"
    assert all(isinstance(v, str) for v in matched.values()), "the values should be actor ids (text)"
    glossary = set(course.glossary["id"])
    unknown = [v for v in matched.values() if v not in glossary]
    assert not unknown, f"these are not glossary ids: {unknown[:3]}; pick from `actor_choices`"


#| tests: passage-claim
def test_letter(claim):
    """`claim` should be one of "A", "B", "C" or "D"."""
    assert claim in ("A", "B", "C", "D"), f"`claim` is {claim!r}; give one capital letter in quotes, e.g. \"A\""
