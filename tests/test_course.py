"""Is the course consistent as a whole: chapters, question banks and data agree, nothing orphaned?"""

import re
from pathlib import Path

import pytest
import yaml

from coursekit.answerkey import chapter_quiz_sections
from coursekit.book import chapter_pages
from coursekit.data import CONCERNS, load_course
from coursekit.files import course_glob
from coursekit.questions import load_all

ROOT = Path(__file__).resolve().parent.parent
#: Each chapter (``05-politics``) -> the MyST sources of its pages, its first page first.
CHAPTERS = {ch: [ROOT / f"{d}.md" for d in docs] for ch, docs in chapter_pages(ROOT).items()}
PAGES = [p for pages in CHAPTERS.values() for p in pages]
ROLE = re.compile(r"\{(date|value|count|quote|footcite)\}`([^`]+)`")


@pytest.fixture(scope="module")
def course():
    return load_course()


@pytest.fixture(scope="module")
def banks(course):
    return load_all(course.root, course)


def text(path):
    return path.read_text(encoding="utf-8")


def chapter_text(chapter):
    return "\n".join(text(p) for p in CHAPTERS[chapter])


def roles(kind):
    return {(ch, k.strip()) for ch in CHAPTERS for r, arg in ROLE.findall(chapter_text(ch)) if r == kind
            for k in arg.split(",")}


def calls(name):
    """Ids passed to quiz(...), figure_table([...]), bar_chart([...]) in the chapters."""
    out = set()
    for ch in CHAPTERS:
        for m in re.finditer(rf"{name}\(\s*(\[[^\]]*\]|\"[^\"]+\")", chapter_text(ch)):
            out |= {(ch, i) for i in re.findall(r'"([^"]+)"', m.group(1))}
    return out


def test_every_page_source_is_in_the_table_of_contents():
    on_disk = course_glob(ROOT / "chapters", "*.md") + course_glob(ROOT / "chapters", "*/*.md")
    assert sorted(on_disk) == sorted(PAGES), "a chapter page is missing from _toc.yml, or listed but absent"
    for ch, pages in CHAPTERS.items():
        assert pages[0] == ROOT / "chapters" / f"{ch}.md"
        assert all(p.parent == ROOT / "chapters" / ch for p in pages[1:]), f"{ch}: keep its pages in chapters/{ch}/"


def test_every_record_a_chapter_prints_exists(course):
    tables = {"date": course.events, "value": course.figures, "quote": course.quotes,
              "footcite": course.sources}
    for kind, table in tables.items():
        missing = sorted((ch, k) for ch, k in roles(kind) if k not in table)
        assert missing == [], f"{{{kind}}} names records that do not exist: {missing}"


def test_each_chapter_uses_exactly_its_own_questions(banks):
    used = calls("quiz")
    for name, pages in CHAPTERS.items():
        assert name in banks, f"{name} has no question bank data/questions/{name}.yaml"
        mine = [i for ch, i in used if ch == name]
        bank = {q.id for q in banks[name].questions}
        assert sorted(set(mine) - bank) == [], f"{name} shows questions from another bank"
        assert sorted(bank - set(mine)) == [], f"{name} never shows these questions of its bank"
        assert len(re.findall(r'quiz\(', chapter_text(name))) == len(bank), f"{name} shows a question twice"
        assert f"```{{objectives}} {name}" in text(pages[0]), f"{name} does not open with its objectives"
        assert all("{objectives}" not in text(p) for p in pages[1:]), f"{name}: objectives on its first page only"
        # the instructors' answer key finds every one of them, on whichever page it is
        assert set(chapter_quiz_sections(ROOT, name)[1]) == bank, f"{name}: the answer key misses a page"


def test_every_objective_is_covered_by_a_question(banks):
    for chapter, bank in banks.items():
        covered = {o for q in bank.questions for o in q.objectives}
        assert {o.id for o in bank.objectives} <= covered, chapter
        assert 3 <= len(bank.objectives) <= 5, f"{chapter}: 3-5 objectives"


def test_every_chapter_has_enough_questions_of_enough_kinds(banks):
    for chapter, bank in banks.items():
        kinds = {q.kind for q in bank.questions}
        assert len(bank.questions) >= 5 and len(kinds) >= 3, chapter


def test_each_page_imports_exactly_what_it_calls():
    """Readers see a page's import line in Jupyter: it names the toolkit calls the page makes."""
    for p in PAGES:
        imports = re.findall(r"(?m)^from coursekit import (.+)$", text(p))
        called = sorted({n for n in re.findall(r"(?m)^(\w+)\(", text(p))} & {"bar_chart", "event_map", "figure_table", "lineage_diagram", "quiz", "timeline"})
        assert len(imports) == 1 and sorted(n.strip() for n in imports[0].split(",")) == called, p.name


def test_every_concern_with_events_has_a_timeline(course):
    shown = set()
    for p in PAGES:
        shown |= set(re.findall(r'timeline\(\s*(?:concern=)?"(\w+)"', text(p)))
    used = {c for e in course.events.values() for c in e.concerns}
    assert used <= shown, f"events of {sorted(used - shown)} appear on no timeline"
    assert shown <= set(CONCERNS)


def test_no_orphan_figures_quotes_or_sources(course, banks):
    used_figures = {k for _, k in roles("value")} | {k for _, k in roles("count")} \
        | {k for _, k in calls("figure_table")} \
        | {k for _, k in calls("bar_chart")} | {q.figure for b in banks.values() for q in b.questions if q.figure}
    for f in list(used_figures):
        used_figures |= set(course.figures[f].compare) if f in course.figures else set()
    assert sorted(set(course.figures) - used_figures) == [], "figures no chapter or question shows"
    assert sorted(set(course.quotes) - {k for _, k in roles("quote")}) == [], "quotes never quoted"
    cited = {k for _, k in roles("footcite")}
    for table in (course.events, course.figures, course.quotes, course.glossary, course.places):
        for rec in table.values():
            cited |= set(rec.sources)
    for b in banks.values():
        for q in b.questions:
            cited |= set(q.sources)
    for fix in course.corrections:
        cited |= set(fix.sources)
    for g in course.groups.values():  # the armed groups' lineage (data/groups)
        cited |= set(g.sources) | {k for x in g.links for k in x.sources}
    assert sorted(set(course.sources) - cited) == [], "sources that nothing cites"


def test_prose_does_not_qualify_a_value_itself():
    """"about {value}`x`" would print "about about N": the qualifier belongs in the data."""
    bad = [(p.name, m.group(0)) for p in PAGES for m in re.finditer(
        r"\b(about|more\s+than|some|nearly|almost|over|around|at\s+least|fewer\s+than|roughly)\s+\{value\}`[^`]+`", text(p))]
    assert bad == []


def test_prose_does_not_retype_a_date_from_the_data(course):
    """A full date ("25 April 2013") in prose must come from the {date} role."""
    dates = {str(e.date) for e in course.events.values() if e.date.precision == "day"}
    for p in PAGES:
        prose = re.sub(r"```.*?```", "", text(p), flags=re.S)
        typed = sorted(d for d in dates if re.search(rf"\b{re.escape(d)}\b", prose))
        assert typed == [], f"{p.name} types dates that are in data/events: {typed}; use {{date}}"


def test_event_files_are_named_after_a_concern():
    for f in course_glob(ROOT / "data" / "events", "*.yaml"):
        assert f.stem in CONCERNS, f"data/events/{f.name}: name files after a concern"
        for rec in yaml.safe_load(f.read_text()) or []:
            assert f.stem in rec["concerns"], f"{f.name}: event {rec['id']} does not list its file's concern"


def test_prepositions_fit_each_dates_precision(course):
    """"on" before a day, "in" before a month or year, nothing before an approximate date
    (printed "around ..."): the words around a {date} must fit what the data says."""
    texts = [(p.name, text(p)) for p in PAGES + course_glob(ROOT / "instructors", "*.md")]
    texts += [(p.name, text(p)) for p in course_glob(ROOT / "data" / "questions", "*.yaml")]
    bad = []
    for name, body in texts:
        for m in re.finditer(r"\b(in|on|In|On)\s+(?:\{date\}`([^`]+)`|\{date:([^}]+)\})", body):
            ev = course.events.get(m.group(2) or m.group(3))
            if ev is None:
                continue
            want = "" if ev.certainty == "approximate" else "on" if ev.date.precision == "day" else "in"
            if m.group(1).lower() != want:
                bad.append(f"{name}: {' '.join(m.group(0).split())!r} (date {ev.date.iso()}, {ev.certainty})")
    assert bad == [], "\n".join(bad)


def test_no_blind_strategy_beats_chance_by_a_clear_margin(banks):
    """Over all banks, in the order readers see options: no position, no length, no hedge,
    no true/false habit, no last-option habit lets a student guess much better than chance."""
    from coursekit.questions import pattern_problems, patterns

    report = patterns(banks)
    print("\n".join(f"{k}: {v}" for k, v in report.items()))  # the distributions, with -s
    assert pattern_problems(report) == []


def test_the_check_for_patterns_catches_a_bank_that_gives_answers_away(banks):
    """The check itself: the banks as written before options were reordered (right answer
    first) would fail it."""
    from dataclasses import replace

    from coursekit.questions import pattern_problems, patterns

    first = {ch: replace(b, questions=tuple(
        replace(q, options=tuple(sorted(q.options, key=lambda o: not o.correct))) if q.kind == "single" else q
        for q in b.questions)) for ch, b in banks.items()}
    assert any("always the same position" in p for p in pattern_problems(patterns(first)))


def test_each_chapter_tests_understanding_at_least_as_much_as_recall(banks):
    """Every question says what it asks (recall, apply, compare, explain, judge) and gives a
    hint for a first wrong try; each chapter has at least as many understanding questions as
    recall ones, and every objective is assessed by one that is not recall."""
    for chapter, bank in banks.items():
        assert [q.id for q in bank.questions if q.level is None] == [], f"{chapter}: no `level`"
        assert [q.id for q in bank.questions if not q.hint] == [], f"{chapter}: no `hint`"
        recall = [q for q in bank.questions if q.level == "recall"]
        assert len(bank.questions) - len(recall) >= len(recall), chapter
        deeper = {o for q in bank.questions if q.level != "recall" for o in q.objectives}
        assert {o.id for o in bank.objectives} <= deeper, (
            f"{chapter}: objectives assessed by recall only: "
            f"{sorted({o.id for o in bank.objectives} - deeper)}")
