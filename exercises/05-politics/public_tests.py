"""Public tests for exercise 05-politics: generated from source.ipynb, do not edit."""


#| tests: politics-per-year
def test_is_dict(politics_per_year):
    """`politics_per_year` should be a dict from year to number of events, from 2020 on."""
    assert isinstance(politics_per_year, dict), (
        f"`politics_per_year` is a {type(politics_per_year).__name__}, not a dict: "
        "a grouped count has .to_dict()")
    assert all(isinstance(k, int) for k in politics_per_year), "the keys should be years as int, e.g. 2020"
    assert all(k >= 2020 for k in politics_per_year), "count only the years from 2020 on"
    assert all(isinstance(v, int) and v > 0 for v in politics_per_year.values()), (
        "the values should be counts (whole numbers above 0)")


#| tests: referendum-turnout
def test_is_percent(turnout):
    """`turnout` should be a percentage between 0 and 100."""
    assert isinstance(turnout, (int, float)), f"`turnout` is a {type(turnout).__name__}, not a number"
    assert 0 <= turnout <= 100, (
        "a percentage is between 0 and 100: divide the votes cast by the registered voters, "
        "then multiply by 100")


#| tests: turnout-revision
def test_is_number(turnout_revision):
    """`turnout_revision` should be a number of percentage points."""
    assert isinstance(turnout_revision, (int, float)), (
        f"`turnout_revision` is a {type(turnout_revision).__name__}, not a number")
    assert -100 <= turnout_revision <= 100, "a difference of two percentages lies between -100 and 100"


#| tests: timetable-order
TIMETABLE = ["election-postponed-2023", "transition-charter-2020", "goita-mandate-2025",
             "ecowas-sanctions-2022", "transition-deadline-passes", "five-year-transition-proposed",
             "transition-24-months-decree", "ecowas-sanctions-lifted"]

def test_same_ids(timetable, course):
    """`timetable` should be a list holding each id of `to_order` once."""
    assert isinstance(timetable, list), f"`timetable` is a {type(timetable).__name__}; wrap it in list(...)"
    given = [i for i in TIMETABLE if i in set(course.events["id"])]
    assert sorted(timetable) == sorted(given), (
        "give exactly the ids of `to_order`, each once (ids, not titles)")


#| tests: match-actors
MATCH_IDS = ["m5-rfp-rally-2020", "cnt-members-appointed", "ecowas-sanctions-2022",
             "constitution-referendum-2023", "joliba-tv-closed"]

def test_shape(matched, course):
    """`matched` should map each event id in `to_match` to an actor id."""
    assert isinstance(matched, dict), f"`matched` is a {type(matched).__name__}, not a dict"
    assert all(k in MATCH_IDS for k in matched), "the keys should be the event ids of `to_match`"
    assert all(isinstance(v, str) for v in matched.values()), "the values should be actor ids (text)"
    glossary = set(course.glossary["id"])
    unknown = [v for v in matched.values() if v not in glossary]
    assert not unknown, f"these are not glossary ids: {unknown[:3]}; pick from `actor_choices`"


#| tests: party-counts
def test_shape(party_counts, course):
    """`party_counts` should be a set of figure ids beginning with `protest-deaths-2020-`."""
    assert isinstance(party_counts, (set, list, tuple)), (
        f"`party_counts` is a {type(party_counts).__name__}; make a set, e.g. {{\"id-1\", \"id-2\"}}")
    known = set(course.figures["id"])
    bad = [i for i in party_counts if i not in known or not str(i).startswith("protest-deaths-2020-")]
    assert not bad, f"these are not ids of the protest death counts: {sorted(map(str, bad))[:3]}"


#| tests: passage-claim
def test_letter(claim):
    """`claim` should be one of "A", "B", "C" or "D"."""
    assert claim in ("A", "B", "C", "D"), f"`claim` is {claim!r}; give one capital letter in quotes, e.g. \"A\""
