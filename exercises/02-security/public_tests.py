"""Public tests for exercise 02-security: generated from source.ipynb, do not edit."""


#| tests: security-per-year
def test_is_dict(security_per_year):
    """`security_per_year` should be a dict from year to number of events."""
    assert isinstance(security_per_year, dict), (
        f"`security_per_year` is a {type(security_per_year).__name__}, not a dict: "
        "a grouped count has .to_dict()")
    assert all(isinstance(k, int) for k in security_per_year), "the keys should be years as int, e.g. 2023"
    assert all(isinstance(v, int) and v > 0 for v in security_per_year.values()), (
        "the values should be counts (whole numbers above 0)")


#| tests: share-2023
def test_is_percent(share_2023):
    """`share_2023` should be a percentage between 0 and 100."""
    assert isinstance(share_2023, (int, float)), f"`share_2023` is a {type(share_2023).__name__}, not a number"
    assert 0 <= share_2023 <= 100, "a percentage is between 0 and 100: did you forget to multiply by 100, or divide?"


#| tests: camps-order
CAMP_EVENTS = ["kidal-retaken", "tessalit-handover", "ber-camp-taken", "anefis-taken",
               "bourem-attack", "aguelhok-camp-left"]

def test_same_ids(camps_in_order, course):
    """`camps_in_order` should be a list holding each id of `camp_events` once."""
    assert isinstance(camps_in_order, list), f"`camps_in_order` is a {type(camps_in_order).__name__}; wrap it in list(...)"
    expected = [e for e in CAMP_EVENTS if e in set(course.events["id"])]
    assert sorted(camps_in_order) == sorted(expected), (
        "give every id of `camp_events` exactly once, and nothing else (ids, not titles)")


#| tests: documented-change
def test_is_number(documented_change):
    """`documented_change` should be a number: a percentage change."""
    assert isinstance(documented_change, (int, float)), (
        f"`documented_change` is a {type(documented_change).__name__}, not a number")
    assert -100 <= documented_change, "a count cannot fall by more than 100%"


#| tests: claim-or-count
TO_CLASSIFY = ["ber-fama-killed-2023-08", "minusma-civilians-killed-2022", "french-soldiers-killed-mali",
               "hrw-civilians-killed-army-wagner-2024", "bourem-assailants-killed-2023-09",
               "civilians-killed-sg-2021-22"]

def test_shape(claimed):
    """`claimed` should be a set of figure ids taken from `to_classify`."""
    assert isinstance(claimed, set), f"`claimed` is a {type(claimed).__name__}; make a set, e.g. {{\"id-1\", \"id-2\"}}"
    unknown = [f for f in claimed if f not in TO_CLASSIFY]
    assert not unknown, f"these are not ids from `to_classify`: {sorted(map(str, unknown))[:3]}"


#| tests: match-actors
CHOICES = ["operation-barkhane", "minusma", "wagner-group", "fla"]
TO_MATCH = ["kidal-retaken", "barkhane-leaves-mali", "fla-formed", "tessalit-handover"]

def test_shape(matched, course):
    """`matched` should map each event id in `to_match` to one of `actor_choices`."""
    assert isinstance(matched, dict), f"`matched` is a {type(matched).__name__}, not a dict"
    assert all(k in TO_MATCH for k in matched), "the keys should be the event ids of `to_match`"
    missing = [e for e in TO_MATCH if e in set(course.events["id"]) and e not in matched]
    assert not missing, f"give an actor for every event of `to_match`; missing: {missing[:3]}"
    assert all(v in CHOICES for v in matched.values()), "the values should be ids from `actor_choices`"


#| tests: passage-claim
def test_letter(claim):
    """`claim` should be one of "A", "B", "C" or "D"."""
    assert claim in ("A", "B", "C", "D"), f"`claim` is {claim!r}; give one capital letter in quotes, e.g. \"A\""
