"""Public tests for exercise 07-warnings: generated from source.ipynb, do not edit."""


#| tests: warning-themes
CONCERNS = {"minusma", "security", "russia", "jihadism", "politics", "region", "warnings"}

def test_is_dict(warning_themes):
    """`warning_themes` should be a dict from concern to number of warnings."""
    assert isinstance(warning_themes, dict), (
        f"`warning_themes` is a {type(warning_themes).__name__}, not a dict: a value count has .to_dict()")
    assert "warnings" not in warning_themes, "leave out the concern `warnings` itself"
    unknown = [k for k in warning_themes if k not in CONCERNS]
    assert not unknown, f"these are not concerns: {unknown[:3]}"
    assert all(isinstance(v, int) and v > 0 for v in warning_themes.values()), (
        "the values should be counts (whole numbers above 0)")


#| tests: record-per-year
def test_is_dict(record_per_year):
    """`record_per_year` should be a dict from year to number of events, from 2023 on."""
    assert isinstance(record_per_year, dict), (
        f"`record_per_year` is a {type(record_per_year).__name__}, not a dict: a grouped count has .to_dict()")
    assert all(isinstance(k, int) for k in record_per_year), "the keys should be years as int, e.g. 2024"
    assert all(k >= 2023 for k in record_per_year), "count only events after the end of the mandate, in 2023"
    assert all(isinstance(v, int) and v > 0 for v in record_per_year.values()), (
        "the values should be counts (whole numbers above 0)")


#| tests: wagner-range
def test_is_pair(wagner_range):
    """`wagner_range` should be a pair of numbers (lowest, highest)."""
    assert isinstance(wagner_range, (tuple, list)) and len(wagner_range) == 2, (
        "give a tuple of two numbers, e.g. (300, 900)")
    low, high = wagner_range
    assert all(isinstance(v, (int, float)) for v in (low, high)), "both ends should be numbers"
    assert low <= high, "put the lowest number first"


#| tests: record-order
TO_ORDER = ["kidal-retaken", "election-postponed-2023", "bamako-attack-2024", "parties-dissolved-2025",
            "niger-coup-2023", "wagner-departure-africa-corps", "fuel-blockade-2025",
            "algiers-agreement-ended"]

def test_same_ids(record_order, course):
    """`record_order` should be a list holding each id of `to_order` once."""
    assert isinstance(record_order, list), f"`record_order` is a {type(record_order).__name__}; wrap it in list(...)"
    given = [i for i in TO_ORDER if i in set(course.events["id"])]
    assert sorted(record_order) == sorted(given), "give exactly the ids of `to_order`, each once (ids, not titles)"


#| tests: warning-verdicts
LABELS = {"followed", "not followed", "unverifiable"}

def test_shape(verdicts, matches, course):
    """`verdicts` should label every warning; `matches` should map warnings to counts."""
    assert isinstance(verdicts, dict), f"`verdicts` is a {type(verdicts).__name__}, not a dict"
    assert isinstance(matches, dict), f"`matches` is a {type(matches).__name__}, not a dict"
    ev = course.events
    ids = set(ev[ev["id"].str.startswith("warning-") & (ev["year"] == 2023)]["id"])
    assert set(verdicts) == ids, (
        f"`verdicts` should have one key per warning of `warnings_2023` ({len(ids)}), it has {len(verdicts)}")
    bad = sorted({str(v) for v in verdicts.values()} - LABELS)
    assert not bad, f"unknown labels {bad[:3]}; use \"followed\", \"not followed\" or \"unverifiable\""
    assert set(matches) <= {k for k, v in verdicts.items() if v == "followed"}, (
        "`matches` should only have the warnings you labelled \"followed\"")
    assert all(isinstance(v, int) and v > 0 for v in matches.values()), (
        "the values of `matches` should be counts (whole numbers above 0)")


#| tests: forecast-claim
def test_letter(claim):
    """`claim` should be one of "A", "B", "C" or "D"."""
    assert claim in ("A", "B", "C", "D"), f"`claim` is {claim!r}; give one capital letter in quotes, e.g. \"A\""


#| tests: forecast-contradicted
CANDIDATES = ["wagner-departure-africa-corps", "kidal-retaken", "bamako-attack-2024", "niger-coup-2023"]

def test_is_candidate(contradicted_by):
    """`contradicted_by` should be one of the ids in `candidates`."""
    assert contradicted_by in CANDIDATES, (
        f"`contradicted_by` is {contradicted_by!r}; give one id of `candidates`, in quotes")
