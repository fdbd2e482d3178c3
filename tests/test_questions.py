"""Question banks: loading, resolving against the course data, and every rule's error message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coursekit.errors import DataError
from coursekit.questions import Bank, load_all, load_bank, parse_number

FILES = Path(__file__).resolve().parent / "files"
QFILES = FILES / "questions"
REPO = FILES.parent.parent


@pytest.fixture
def course(fake_course):
    return fake_course


def rel(name: str) -> str:
    return f"tests/files/questions/{name}"


# --------------------------------------------------------------------------- a valid bank

def test_valid_bank_loads_every_kind(course):
    """Does a valid bank give a Bank with its chapter, objectives and one question per kind?"""
    bank = load_bank(QFILES / "valid.yaml", course)
    assert isinstance(bank, Bank)
    assert bank.chapter == "01-minusma"
    assert [o.id for o in bank.objectives] == ["why-2013", "cost", "sequence"]
    assert [q.kind for q in bank.questions] == ["single", "multiple", "truefalse", "numeric", "order"]
    assert bank["fatalities"].file == "tests/files/questions/valid.yaml"


def test_placeholders_are_filled_from_the_data(course):
    """Are {date:ID} placeholders replaced by the event's date, in prompts and objectives?"""
    bank = load_bank(QFILES / "valid.yaml", course)
    assert bank["res-2100-body"].prompt == "Which body established MINUSMA on 25 April 2013?"
    assert bank.objectives[0].text.endswith("on 25 April 2013.")


def test_numeric_answer_is_read_from_the_figure(course):
    """Does a numeric question take its answer and its accepted range from the figure?"""
    q = load_bank(QFILES / "valid.yaml", course)["fatalities"]
    assert q.answer_text == "311 deaths"
    assert (q.low, q.high) == (295.45, 326.55)  # 311 +- 5 %
    assert q.unit == "deaths"


def test_order_comes_from_the_dates(course):
    """Is the right order of an ordering question the order of its events' dates?"""
    q = load_bank(QFILES / "valid.yaml", course)["coups-order"]
    assert [i.id for i in q.items] == ["coup-2012", "res-2100", "coup-2020", "withdrawal-end"]
    assert q.items[0].date == "22 March 2012"


def test_presented_order_is_a_deterministic_shuffle(course):
    """Are ordering items shown in a fixed order derived from the id, never the answer?"""
    q = load_bank(QFILES / "valid.yaml", course)["coups-order"]
    shown = [i.id for i in q.presented_items()]
    assert shown == [i.id for i in q.presented_items()]
    assert sorted(shown) == sorted(i.id for i in q.items)
    assert shown != [i.id for i in q.items]


def test_load_all_reads_every_bank(tmp_path, course):
    """Does load_all key the banks of data/questions/ by chapter, with paths relative to root?"""
    qdir = tmp_path / "data" / "questions"
    qdir.mkdir(parents=True)
    shutil.copy(QFILES / "valid.yaml", qdir / "01-minusma.yaml")
    banks = load_all(tmp_path, course)
    assert list(banks) == ["01-minusma"]
    assert banks["01-minusma"].file == "data/questions/01-minusma.yaml"


def test_load_all_rejects_a_question_id_used_in_two_banks(course):
    """Is a question id repeated in another bank reported with both files?"""
    with pytest.raises(DataError) as exc:
        load_all(QFILES / "duplicate-across-banks", course)
    assert str(exc.value) == (
        "data/questions/02-security.yaml, question `res-2100-body`: the id is already used in "
        "data/questions/01-minusma.yaml; rename one of them (ids are unique across all banks)")


def test_data_error_is_a_value_error():
    """Can callers that know nothing of coursekit catch the error as a ValueError?"""
    assert issubclass(DataError, ValueError)


# --------------------------------------------------------------------------- broken banks

BROKEN = {
    # semantic rules
    "no-correct-option.yaml":
        "question `res-2100-body`: no option is marked `correct: true`; mark the right answer",
    "two-correct-single.yaml":
        "question `res-2100-body`: 2 options are marked `correct: true` but a `single` question "
        "has exactly one; unmark the wrong ones or use `kind: multiple`",
    "multiple-no-correct.yaml":
        "question `mandate-parts`: no option is marked `correct: true`; mark every right answer",
    "duplicate-question-id.yaml":
        "question `res-2100-body`: the id is used twice in this file; rename one of them",
    "unknown-objective.yaml":
        "question `fatalities`: objective `costs` (did you mean `cost`?) is not one of this "
        "chapter's objectives (why-2013, cost, sequence); fix the id or add the objective",
    "uncovered-objective.yaml":
        "objective `sequence`: no question checks it; add `sequence` to the `objectives` of a "
        "question that does, or write one",
    "unknown-figure.yaml":
        "question `fatalities`: figure `minusma-fatalities` is not in data/figures/ (did you mean "
        "`minusma-fatalities-all-causes`?); fix the id or add the figure",
    "no-tolerance.yaml":
        "question `fatalities`: no tolerance; add `tolerance: 0.05` (relative, 5%) or "
        "`tolerance_abs: N` (in deaths)",
    "two-tolerances.yaml":
        "question `fatalities`: both `tolerance` and `tolerance_abs` are given; keep one",
    "unknown-event.yaml":
        "question `coups-order`: event `coup-2013` is not in data/events/ (did you mean "
        "`coup-2021`?); fix the id or add the event",
    "same-date-events.yaml":
        "question `coups-order`: events `withdrawal-request` and `same-day-event` both date from "
        "2023-06-16, so their order is ambiguous; replace one with an event of a clearly "
        "different date",
    "overlapping-dates.yaml":
        "question `coups-order`: events `res-2100` and `year-2013` date from 2013-04-25 and 2013, "
        "so their order is ambiguous; replace one with an event of a clearly different date",
    "unknown-date-placeholder.yaml":
        "question `res-2100-body`: `{date:res-2101}` in `prompt` names no event in data/events/ "
        "(did you mean `res-2100`?); fix the id or add the event",
    "unknown-value-placeholder.yaml":
        "question `fatalities`: `{value:minusma-deaths}` in `feedback_correct` names no figure in "
        "data/figures/ (did you mean `minusma-troops-peak`?); fix the id or add the figure",
    "unknown-placeholder-kind.yaml":
        "question `mandate-parts`: `{quote:diop-2023-06-16}` in the `feedback` of option 2 is not "
        "a placeholder; write `{date:EVENT_ID}`, `{value:FIGURE_ID}` or `{count:FIGURE_ID}`",
    "unknown-source.yaml":
        "question `res-2100-body`: unknown source key `unsc-2013-res-2100` (did you mean "
        "`unsc-2013-res2100`?); add it to a file in data/references/ or fix the spelling",
    "key-of-other-kind.yaml":
        "question `res-2100-body`: `tolerance` does not apply to a `single` question; remove it "
        "(see data/README.md, Questions)",
    # schema rules
    "one-option.yaml":
        "question `res-2100-body`: `options` lists only 1 option; give at least 2",
    "too-few-events.yaml":
        "question `coups-order`: `events` lists only 2 events; list at least 3 so that the order "
        "is worth asking",
    "missing-prompt.yaml":
        "question `withdrawal-consent`: a `truefalse` question needs `prompt`; add it (see "
        "data/README.md, Questions)",
    "misspelt-key.yaml":
        "question `withdrawal-consent`: unknown key `feedback_flase` (did you mean "
        "`feedback_false`?); remove it or fix its spelling (allowed: answer, events, evidence, explanation, "
        "feedback, feedback_correct, feedback_false, feedback_incorrect, feedback_true, figure, "
        "hint, id, kind, level, objectives, options, prompt, sources, tolerance, tolerance_abs)",
    "unknown-kind.yaml":
        "question `withdrawal-consent`: `kind` is `yesno`; use one of single, multiple, "
        "truefalse, numeric, order",
    "truefalse-answer-not-boolean.yaml":
        "question `withdrawal-consent`: `answer` is text; write true or false",
    "id-not-kebab-case.yaml":
        "question `MINUSMA fatalities`: `id` `MINUSMA fatalities` is not kebab-case; use "
        "lower-case letters, digits and hyphens",
    "tolerance-over-one.yaml":
        "question `fatalities`: `tolerance` is relative (0.05 means 5%) and lies between 0 and 1; "
        "for a margin in the figure's unit use `tolerance_abs`",
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_bank_message_names_file_question_and_fix(name, course):
    """Does each broken bank raise a DataError naming the file, the record and the fix?"""
    with pytest.raises(DataError) as exc:
        load_bank(QFILES / name, course)
    assert str(exc.value) == f"{rel(name)}, {BROKEN[name]}"


def test_every_defect_fixture_is_tested():
    """Is there a test case for every fixture file named by its defect?"""
    on_disk = {p.name for p in QFILES.glob("*.yaml")} - {"valid.yaml"}
    assert on_disk == set(BROKEN) | {"not-yaml.yaml", "too-few-objectives.yaml"}


def test_too_few_objectives(course):
    """Is a bank with fewer than 3 objectives rejected, asking for 3 to 5?"""
    with pytest.raises(DataError) as exc:
        load_bank(QFILES / "too-few-objectives.yaml", course)
    assert str(exc.value) == (f"{rel('too-few-objectives.yaml')}: `objectives` lists only 2; "
                              "give 3 to 5 measurable learning objectives")


def test_not_yaml(course):
    """Is a YAML syntax error reported with its line and what to look at?"""
    with pytest.raises(DataError) as exc:
        load_bank(QFILES / "not-yaml.yaml", course)
    msg = str(exc.value)
    assert msg.startswith(f"{rel('not-yaml.yaml')}: not valid YAML at line 6: ")
    assert msg.endswith("; fix the syntax (indentation, quotes, colons)")


def test_not_a_mapping(tmp_path, course):
    """Is a bank that is a list, not a mapping, rejected with the keys it needs?"""
    path = tmp_path / "list.yaml"
    path.write_text("- id: x\n")
    with pytest.raises(DataError, match=r"list.yaml: the file is a list, not a mapping with "
                                        r"`chapter`, `objectives` and `questions`"):
        load_bank(path, course)


def test_missing_file(tmp_path, course):
    """Is a missing bank file an error that says so, not a bare traceback?"""
    with pytest.raises(DataError, match="no such file; check the path"):
        load_bank(tmp_path / "nope.yaml", course)


# --------------------------------------------------------------------------- marking

@pytest.mark.parametrize("text, value", [
    ("311", 311.0), (" 1,200 ", 1200.0), ("1 200", 1200.0), ("12.5", 12.5), ("-3", -3.0),
    ("15\u202f209", 15209.0), (".5", 0.5),
])
def test_parse_number_accepts(text, value):
    """Are the ways readers type numbers read correctly?"""
    assert parse_number(text) == value


@pytest.mark.parametrize("text, value", [
    ("13.289", 13289.0), ("1.234.567", 1234567.0), ("-2.000", -2000.0), ("13.28", 13.28),
    ("13,289", 13289.0), ("12.5", 12.5),
])
def test_dotted_thousands_read_as_thousands_for_a_whole_count(text, value):
    """"13.289" is how many francophone readers write 13,289: read so where the answer is a
    whole count of 1,000 or more (no decimal could be near it), and as 13.289 elsewhere."""
    assert parse_number(text, thousands_dot=True) == value
    assert parse_number("13.289") == 13.289


def test_a_whole_count_question_accepts_dotted_thousands():
    from coursekit.data import load_course
    from coursekit.questions import get_question

    course = load_course()
    big = [q for b in load_all(course.root, course).values() for q in b.questions
           if q.kind == "numeric" and q.thousands_dot]
    assert big, "no numeric question asks for a whole count of 1,000 or more"
    for q in big:
        value = course.figures[q.figure].value
        typed = f"{int(value):,}".replace(",", ".")  # 354739 -> "354.739"
        assert q.check(typed).correct, (q.id, typed)
        assert get_question(q.id).to_dict()["thousands_dot"] is True
    small = [q for b in load_all(course.root, course).values() for q in b.questions
             if q.kind == "numeric" and not q.thousands_dot]
    assert small and all(abs(course.figures[q.figure].value or 0) < 1000
                         or not float(course.figures[q.figure].value or 0.5).is_integer() for q in small)


@pytest.mark.parametrize("text", ["", "   ", "abc", "1,5", "12,00", "3e5", "1.2.3", ",", None])
def test_parse_number_rejects(text):
    """Is anything ambiguous or not a number rejected rather than guessed?"""
    assert parse_number(text) is None


def test_check_single_and_unanswered(course):
    """Does check mark a single choice and ask for an answer when none is given?"""
    q = load_bank(QFILES / "valid.yaml", course)["res-2100-body"]
    right = q.check(2)  # presented order: ECOWAS, the African Union, the Security Council
    assert right.correct and right.headline == "Correct."
    assert right.feedback == ("Resolution 2100 of the Security Council created the mission.",
                              "Only the Security Council can create a UN peacekeeping operation.")
    wrong = q.check(1)
    assert not wrong.correct and wrong.marks == ((1, False),)
    empty = q.check(None)
    assert not empty.answered and empty.feedback == ("Choose an answer, then press Check.",)


def test_check_multiple_reports_missed_options(course):
    """Does a partial multiple answer say which right option was left out?"""
    q = load_bank(QFILES / "valid.yaml", course)["mandate-parts"]
    partial = q.check([1])  # presented order: Supporting..., Stabilising..., Counter-...
    assert not partial.correct
    assert partial.feedback == ("You left out \u201cSupporting the transitional roadmap\u201d: Yes, "
                                "including elections.",
                                "\u201cStabilising population centres\u201d: Yes, the first task listed.")
    assert q.check([0, 1]).correct
    assert not q.check([0, 1, 2]).correct


def test_check_out_of_range_option_is_an_error(course):
    """Is an option index that does not exist a ValueError, not a silent wrong answer?"""
    q = load_bank(QFILES / "valid.yaml", course)["res-2100-body"]
    with pytest.raises(ValueError, match="has options 0 to 2; got 7"):
        q.check(7)


def test_a_first_wrong_try_gets_the_hint_not_the_answer(course):
    """A first wrong answer shows the question's hint (no option's feedback, no marks that
    give the right set away); the next wrong answer, or a request, shows everything."""
    from dataclasses import replace

    bank = load_bank(QFILES / "valid.yaml", course)
    hint = "Which body of the UN can create a peacekeeping operation?"
    q = replace(bank["res-2100-body"], hint=hint)
    first = q.check(1, tries=0)  # presented order: ECOWAS, the African Union, the Council
    assert (first.correct, first.hinted, first.feedback, first.marks) == (False, True, (hint,), ((1, False),))
    second = q.check(1, tries=1)
    assert not second.hinted and second.feedback[0].startswith("The AU ran AFISMA")
    assert q.check(1).feedback == second.feedback  # on request (the answer key, the grader)
    right = q.check(2, tries=0)
    assert right.correct and not right.hinted and "Security Council" in right.feedback[0]
    m = replace(bank["mandate-parts"], hint="Read the mandate's list of tasks again.")
    r = m.check([1], tries=0)
    assert r.hinted and r.marks == () and r.feedback == ("Read the mandate's list of tasks again.",)
    n = replace(bank["fatalities"], hint="Count deaths from all causes.")
    assert n.check("1", tries=0).feedback == ("Your answer is too low.", "Count deaths from all causes.")
    assert replace(bank["res-2100-body"], hint=None).check(1, tries=0).hinted is False


# --------------------------------------------------------------------------- whole-course review

def test_the_whole_course_review_draws_on_every_chapter_and_is_on_the_last_page():
    """Chapter 7's whole-course set: 6-8 questions that ask for understanding (apply, compare,
    judge), each with a hint and feedback for every option, each drawing on an objective of
    one of chapters 1-6 (its `# draws on: CHAPTER OBJECTIVE` comment) so that together they
    cover all six; every one is shown once, on chapter 7's last page."""
    import re

    root = Path(__file__).resolve().parent.parent
    banks = load_all(root)
    review = [q for q in banks["07-warnings"].questions if q.id.startswith("course-")]
    assert 6 <= len(review) <= 8
    text = (root / "data" / "questions" / "07-warnings.yaml").read_text(encoding="utf-8")
    draws = dict((qid, (ch, obj)) for ch, obj, qid in re.findall(
        r"# draws on: (\d\d-[a-z]+) ([a-z0-9-]+)\n  - id: (course-[a-z0-9-]+)", text))
    assert set(draws) == {q.id for q in review}
    for q in review:
        ch, obj = draws[q.id]
        assert obj in {o.id for o in banks[ch].objectives}, (q.id, ch, obj)
        assert q.level in ("apply", "compare", "judge") and q.hint and q.evidence, q.id
        assert all(o.feedback for o in q.options), q.id
    assert sorted(ch for ch, _ in draws.values()) == [f"0{n}-{name}" for n, name in enumerate(
        ("minusma", "security", "russia", "jihadism", "politics", "region"), 1)]
    last = (root / "chapters" / "07-warnings" / "course-review.md").read_text(encoding="utf-8")
    pages = [p.read_text(encoding="utf-8") for p in (root / "chapters").rglob("*.md")]
    for q in review:
        assert last.count(f'quiz("{q.id}")') == 1, q.id
        assert sum(p.count(f'quiz("{q.id}")') for p in pages) == 1, q.id


def test_the_banks_give_no_answers_away_by_pattern():
    """The pattern report over every bank (whole-course set included): no blind strategy
    (same position, longest or shortest option, always True or False...) beats chance by
    more than the margin."""
    from coursekit.questions import pattern_problems, patterns

    report = patterns(load_all(Path(__file__).resolve().parent.parent))
    assert pattern_problems(report) == []
    positions = report["right answer at position (a, b, c, d)"]
    assert max(positions.values()) / sum(positions.values()) <= report["chance (one option at random)"] + 0.15
