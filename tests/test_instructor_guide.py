"""Do the instructor guide's lesson plans say where each item is, and say it right?

Each row of a lesson plan names the chapter page that shows what it puts on the screen and the
quizzes it pauses for, with a MyST link (``[review page](../chapters/01-minusma/review.md)``).
The book builds the paired ``.ipynb`` of a chapter's ``.md`` source under the same document
name, so a link to the ``.md`` resolves to the built page (Sphinx ``Project.path2doc`` strips
the source suffix); a link to a page that is not in ``_toc.yml`` would fail the build.
"""

import re
from pathlib import Path

import pytest

from coursekit.answerkey import quiz_sections
from coursekit.book import chapter_pages

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "instructors"
LINK = re.compile(r"\[[^\]]+\]\(([^)\s]+)\)")
ITEM = re.compile(r"\[[^\]]+\]\(([^)\s]+)\)|`([a-z0-9]+(?:-[a-z0-9]+)+)`")
CHAPTERS = chapter_pages(ROOT)


def doc_of(target: str) -> str:
    """The document a link from an instructors/ page points to (``chapters/01-minusma/end``)."""
    return (GUIDE / target).resolve().relative_to(ROOT).with_suffix("").as_posix()


def plan_rows(text: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of every lesson-plan table row (before the discussion questions)."""
    rows = []
    for n, line in enumerate(text.split("## Discussion questions")[0].splitlines(), 1):
        if line.startswith("| ") and not line.startswith(("| minutes", "| ---")):
            rows.append((n, [c.strip() for c in line.strip().strip("|").split("|")]))
    return rows


def misplaced(chapter: str, text: str) -> list[str]:
    """Every quiz id in a plan row that is not on the page the row names for it.

    In a row, a quiz belongs to the last page linked before it in its cell, or, at the start of
    the "pause for" cell ("Same section: ..."), to the last page linked in "on the screen"."""
    where = {q: doc for doc in CHAPTERS[chapter] for q in quiz_sections(ROOT / f"{doc}.md")}
    bad = []
    for n, cells in plan_rows(text):
        assert len(cells) == 4, f"line {n}: a plan row has 4 cells, not {len(cells)}"
        page = None
        for cell in cells[2:]:
            for link, qid in ITEM.findall(cell):
                if link:
                    page = doc_of(link)
                elif where.get(qid) != page:
                    bad.append(f"line {n}: `{qid}` is said to be on {page}, but is on {where.get(qid)}")
    return bad


@pytest.mark.parametrize("chapter", list(CHAPTERS))
def test_every_link_goes_to_a_page_of_the_chapter_in_the_toc(chapter):
    text = (GUIDE / f"{chapter}.md").read_text(encoding="utf-8")
    targets = [t for t in LINK.findall(text) if "chapters/" in t]
    assert targets, f"instructors/{chapter}.md links no chapter page"
    for t in targets:
        assert doc_of(t) in CHAPTERS[chapter], f"instructors/{chapter}.md: {t} is not a page of the chapter"
        assert (GUIDE / t).exists() and (GUIDE / t).with_suffix(".ipynb").exists(), t


@pytest.mark.parametrize("chapter", list(CHAPTERS))
def test_every_quiz_in_a_plan_is_on_the_page_the_plan_names(chapter):
    assert misplaced(chapter, (GUIDE / f"{chapter}.md").read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("chapter", list(CHAPTERS))
def test_each_plan_names_every_quiz_of_the_chapter(chapter):
    """Paused on in class or set as homework: each plan (50 and 90 minutes) covers them all."""
    quizzes = {q for doc in CHAPTERS[chapter] for q in quiz_sections(ROOT / f"{doc}.md")}
    text = (GUIDE / f"{chapter}.md").read_text(encoding="utf-8").split("## Discussion questions")[0]
    plans = text.split("## A 90-minute session")
    assert len(plans) == 2, f"instructors/{chapter}.md: a 50- and a 90-minute plan"
    for plan in plans:
        named = set(re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)+)`", plan.split("## A 50-minute session")[-1]))
        assert named <= quizzes, f"{chapter}: no such quiz in the chapter: {sorted(named - quizzes)}"
        assert quizzes <= named, f"{chapter}: quizzes in no plan row: {sorted(quizzes - named)}"


def test_the_check_catches_a_quiz_put_on_the_wrong_page():
    text = (GUIDE / "01-minusma.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if "`crisis-2012-order`" in line)
    moved = row.replace("(../chapters/01-minusma.md), \"The crisis of 2012\"",
                        "(../chapters/01-minusma/end.md), \"The crisis of 2012\"")
    assert moved != row
    found = misplaced("01-minusma", text.replace(row, moved))
    assert any("`crisis-2012-order`" in b and "01-minusma/end" in b for b in found)


def test_the_guide_links_the_banks_the_exporter_writes():
    from coursekit.bank_export import FILES

    text = (GUIDE / "index.md").read_text(encoding="utf-8")
    linked = set(re.findall(r'href="\.\./_static/banks/([^"]+)"', text))
    assert linked == set(FILES.values())
