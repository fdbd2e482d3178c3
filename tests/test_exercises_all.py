"""Does every chapter's exercise hold up: generated copy current, no solutions leaked, the
reference solution scoring full marks and the untouched student notebook scoring zero?

Graded for real with `coursekit grade` on the course's own data.
"""

import csv
from pathlib import Path

import nbformat
import pytest

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
