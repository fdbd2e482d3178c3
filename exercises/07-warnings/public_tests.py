"""Public tests for exercise 07-warnings: generated from source.ipynb, do not edit."""


#| tests: record-support
from coursekit.checks import is_set

def test_letters(supported):
    """`supported` should be a set of letters among A, B, C and D."""
    is_set(supported, "supported", also=(list, tuple))
    assert len(supported) > 0, "give at least one letter"
    bad = [x for x in supported if x not in ("A", "B", "C", "D")]
    assert not bad, f'these are not letters A to D: {bad[:3]}; write them in quotes, e.g. {{"A"}}'


#| tests: coup-base-rate
from coursekit.checks import is_list

COUPS = ["niger-coup-2023", "coup-2021", "guinea-bissau-coup-2025", "burkina-coup-2022-09", "coup-2020",
         "benin-coup-attempt-2025", "burkina-coup-2022-01"]

def test_shape(coups_before, coups_after, course):
    """`coups_before` and `coups_after` should be lists of ids from `coups`, each id in one of them."""
    is_list(coups_before, "coups_before")
    is_list(coups_after, "coups_after")
    unknown = [e for e in coups_before + coups_after if e not in COUPS]
    assert not unknown, f"these are not ids from `coups`: {sorted(map(str, unknown))[:3]}"
    both = set(coups_before) & set(coups_after)
    assert not both, f"these ids are in both lists: {sorted(both)[:3]}"


#| tests: wagner-range
from coursekit.checks import number_pair

def test_is_pair(wagner_range):
    """`wagner_range` should be a pair of numbers (lowest, highest)."""
    number_pair(wagner_range, "wagner_range", "(300, 900)")


#| tests: record-order
from coursekit.checks import same_ids

TO_ORDER = ["kidal-retaken", "election-postponed-2023", "bamako-attack-2024", "parties-dissolved-2025",
            "niger-coup-2023", "wagner-departure-africa-corps", "fuel-blockade-2025",
            "algiers-agreement-ended"]

def test_same_ids(record_order, course):
    """`record_order` should be a list holding each id of `to_order` once."""
    same_ids(record_order, "record_order", TO_ORDER, course)


#| tests: warning-verdicts
from coursekit.checks import counts, is_dict

LABELS = {"followed", "not followed", "unverifiable"}

def test_shape(verdicts, matches, course):
    """`verdicts` should label every warning; `matches` should map warnings to counts."""
    is_dict(verdicts, "verdicts")
    is_dict(matches, "matches")
    ev = course.events
    ids = set(ev[ev["id"].str.startswith("warning-") & (ev["year"] == 2023)]["id"])
    assert set(verdicts) == ids, (
        f"`verdicts` should have one key per warning of `warnings_2023` ({len(ids)}), it has {len(verdicts)}")
    bad = sorted({str(v) for v in verdicts.values()} - LABELS)
    assert not bad, f"unknown labels {bad[:3]}; use \"followed\", \"not followed\" or \"unverifiable\""
    assert set(matches) <= {k for k, v in verdicts.items() if v == "followed"}, (
        "`matches` should only have the warnings you labelled \"followed\"")
    counts(matches.values(), "the values of `matches`")


#| tests: forecast-claim
from coursekit.checks import letter

def test_letter(claim):
    """`claim` should be one of "A", "B", "C" or "D"."""
    letter(claim)


#| tests: forecast-contradicted
from coursekit.checks import one_of

CANDIDATES = ["wagner-departure-africa-corps", "kidal-retaken", "bamako-attack-2024", "niger-coup-2023"]

def test_is_candidate(contradicted_by):
    """`contradicted_by` should be one of the ids in `candidates`."""
    one_of(contradicted_by, "contradicted_by", CANDIDATES, "`candidates`")
