"""Does every chapter's exercise hold up: generated copy current, no solutions leaked, the
reference solution scoring full marks and the untouched student notebook scoring zero?

Graded for real with `coursekit grade` on the course's own data.
"""

import csv
import re
from pathlib import Path

import nbformat
import pytest
import yaml

from coursekit.book import chapter_pages
from coursekit.exercises import load_exercise, stale
from coursekit.files import course_glob
from coursekit.grade import main as grade

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = course_glob(ROOT / "exercises", "*/source.ipynb")
CHAPTERS = sorted(chapter_pages(ROOT))
PRIMER = "00-python"  # the one exercise that goes with no chapter: the Python primer


def test_every_chapter_has_an_exercise():
    """Each chapter has exactly its exercise; besides them there is the primer, and nothing else."""
    names = [p.parent.name for p in EXERCISES]
    assert PRIMER in names, f"the primer exercises/{PRIMER} is missing"
    assert PRIMER not in CHAPTERS
    assert [n for n in names if n != PRIMER] == CHAPTERS


#: How a question's text names its objective (issue 13, point 7), as exercise 01 does: a line
#: `*Objective `id`: text*` under the question's title, the text being the bank's.
OBJECTIVE = re.compile(r"^\*Objective `([^`]+)`: (.+?)\*$", re.M | re.S)


def _question_texts(nb) -> dict[str, str]:
    """Question id -> the markdown cell that asks it: the nearest `## Question` cell above the
    question's tests cell or open answer cell."""
    texts, current = {}, None
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("coursekit", {})
        if cell.cell_type == "markdown" and cell.source.startswith("## Question"):
            current = cell.source
        elif cell.cell_type == "markdown" and "open" in meta:
            texts.setdefault(str(meta["open"]), current)
        elif cell.cell_type == "code" and cell.source.startswith("#| tests:"):
            qid = cell.source.splitlines()[0].split(":", 1)[1].strip()
            texts.setdefault(qid, current)
    return texts


def _bank_objectives(chapter: str) -> dict[str, str]:
    """The chapter's objectives in its bank, data/questions/<chapter>.yaml: id -> text."""
    bank = yaml.safe_load((ROOT / "data" / "questions" / f"{chapter}.yaml").read_text(encoding="utf-8"))
    return {o["id"]: " ".join(str(o["text"]).split()) for o in bank["objectives"]}


@pytest.mark.parametrize("source", [p for p in EXERCISES if p.parent.name != PRIMER],
                         ids=lambda p: p.parent.name)
def test_every_question_names_an_objective_of_its_chapter(source):
    """Each question (auto-graded and open) says, under its title, which objective of its
    chapter it assesses, with the objective's text as the chapter's bank words it."""
    chapter = source.parent.name
    objectives = _bank_objectives(chapter)
    ex = load_exercise(source)
    texts = _question_texts(ex.notebook)
    assert set(texts) == set(ex.questions), f"{chapter}: questions without a `## Question` cell"
    for qid, text in texts.items():
        assert text is not None, f"{chapter}, question `{qid}`: no `## Question` cell above it"
        named = OBJECTIVE.findall(text)
        assert len(named) == 1, f"{chapter}, question `{qid}`: name one objective, as `*Objective `id`: text*`"
        oid, words = named[0]
        assert oid in objectives, (f"{chapter}, question `{qid}`: objective `{oid}` is not one of the "
                                   f"chapter's ({', '.join(objectives)})")
        words, expected = " ".join(words.split()), objectives[oid]
        assert words[:1].lower() + words[1:] == expected[:1].lower() + expected[1:], (
            f"{chapter}, question `{qid}`: the text of objective `{oid}` differs from the bank's")


@pytest.mark.parametrize("source", EXERCISES, ids=lambda p: p.parent.name)
def test_generated_student_copy_is_current_and_keeps_secrets(source):
    assert stale(source) == [], f"run `coursekit exercises generate {source.parent.relative_to(ROOT)}`"
    text = (source.parent / "student.ipynb").read_text() + (source.parent / "public_tests.py").read_text()
    for secret in ("BEGIN SOLUTION", "END SOLUTION", "# SOLUTION", "BEGIN HIDDEN", "END HIDDEN"):
        assert secret not in text, f"{source.parent.name}: the student copy contains {secret!r}"


@pytest.mark.parametrize("source", EXERCISES, ids=lambda p: p.parent.name)
def test_reference_scores_full_marks_and_untouched_scores_zero(source, tmp_path):
    subs = tmp_path / "submissions"
    subs.mkdir()
    ref = nbformat.read(str(source), as_version=4)
    ref.cells = [c for c in ref.cells if not c.source.startswith("#| tests:")]
    nbformat.write(ref, str(subs / "reference.ipynb"))
    (subs / "untouched.ipynb").write_bytes((source.parent / "student.ipynb").read_bytes())
    out = tmp_path / "grading"
    grade(str(subs), str(source.parent), str(out), jobs=1, data=str(ROOT / "data"))
    rows = {r["student"]: r for r in csv.DictReader(open(out / "gradebook.csv"))}
    ref_row, raw = rows["reference"], rows["untouched"]
    assert ref_row["status"] == "ok", ref_row["reason"]
    ex = load_exercise(source)
    max_auto = sum(q.points for q in ex.questions.values() if q.kind == "auto")
    assert float(ref_row["auto"]) == max_auto > 0, f"reference scored {ref_row['auto']}/{max_auto}"
    assert float(ref_row["max"]) == ex.max_points
    assert raw["status"] == "unchanged", raw["reason"]  # not run: the notebook as handed out
    assert float(raw["auto"]) == 0
    assert (out / "feedback" / "untouched.md").exists()


def test_relative_data_path_works_from_any_folder(tmp_path, monkeypatch):
    """`coursekit grade ... --data data` (relative) grades as well as an absolute path."""
    source = ROOT / "exercises" / "01-minusma" / "source.ipynb"  # the first chapter's exercise
    assert source in EXERCISES
    subs = tmp_path / "submissions"
    subs.mkdir()
    ref = nbformat.read(str(source), as_version=4)
    ref.cells = [c for c in ref.cells if not c.source.startswith("#| tests:")]
    nbformat.write(ref, str(subs / "reference.ipynb"))
    monkeypatch.chdir(ROOT)
    grade(str(subs), str(source.parent), str(tmp_path / "out"), jobs=1, data="data")
    row = next(csv.DictReader(open(tmp_path / "out" / "gradebook.csv")))
    auto = sum(q.points for q in load_exercise(source).questions.values() if q.kind == "auto")
    assert row["status"] == "ok" and float(row["auto"]) == auto
