"""Public tests for exercise 03-russia: generated from source.ipynb, do not edit."""


#| tests: russia-per-year
def test_is_dict(russia_per_year):
    """`russia_per_year` should be a dict from year to number of events."""
    assert isinstance(russia_per_year, dict), (
        f"`russia_per_year` is a {type(russia_per_year).__name__}, not a dict: "
        "a grouped count has .to_dict()")
    assert all(isinstance(k, int) for k in russia_per_year), "the keys should be years as int, e.g. 2022"
    assert all(isinstance(v, int) and v > 0 for v in russia_per_year.values()), (
        "the values should be counts (whole numbers above 0)")


#| tests: disputed-events
def test_is_list_of_ids(disputed_russia, course):
    """`disputed_russia` should be a list of event ids."""
    assert isinstance(disputed_russia, list), (
        f"`disputed_russia` is a {type(disputed_russia).__name__}; wrap it in list(...)")
    unknown = [i for i in disputed_russia if i not in set(course.events["id"])]
    assert not unknown, f"these are not event ids: {unknown[:3]}; use the `id` column, not the title"


#| tests: turn-order
TURN_EVENTS = ["eutm-mandate-ends", "french-ambassador-expelled", "russia-mali-defence-agreement-2019",
               "mali-sanctions-veto", "wagner-arrival", "barkhane-leaves-mali"]

def test_same_ids(turn_in_order, course):
    """`turn_in_order` should be a list holding each id of `turn_events` once."""
    assert isinstance(turn_in_order, list), f"`turn_in_order` is a {type(turn_in_order).__name__}; wrap it in list(...)"
    expected = [e for e in TURN_EVENTS if e in set(course.events["id"])]
    assert sorted(turn_in_order) == sorted(expected), (
        "give every id of `turn_events` exactly once, and nothing else (ids, not titles)")


#| tests: moura-named-share
def test_is_percent(named_share):
    """`named_share` should be a percentage between 0 and 100."""
    assert isinstance(named_share, (int, float)), f"`named_share` is a {type(named_share).__name__}, not a number"
    assert 0 <= named_share <= 100, "a percentage is between 0 and 100: did you divide the right way round?"


#| tests: tinzaouaten-claims
def test_shape(wagner_claims, course):
    """`wagner_claims` should be a dict from figure id to a number."""
    assert isinstance(wagner_claims, dict), f"`wagner_claims` is a {type(wagner_claims).__name__}, not a dict"
    unknown = [f for f in wagner_claims if f not in set(course.figures["id"])]
    assert not unknown, f"these are not figure ids: {sorted(map(str, unknown))[:3]}; use the index of `figures`"
    assert all(isinstance(v, (int, float)) for v in wagner_claims.values()), "the values should be numbers"


#| tests: match-actors
CHOICES = ["unsc", "eutm-mali", "africa-corps", "operation-barkhane"]
TO_MATCH = ["gossi-staged-grave", "mali-sanctions-veto", "eutm-mandate-ends", "wagner-departure-africa-corps"]

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
