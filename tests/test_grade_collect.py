"""Collect step alone: every file becomes a Submission, with a plain reason when it cannot run."""

import json

import nbformat
import pytest

from coursekit.errors import DataError

from coursekit.exercises import load_exercise
from coursekit.grade.collect import collect, read_submission, student_id

from test_grade_support import EXERCISE, FILES, student_nb, write_nb


@pytest.fixture(scope="module")
def ex():
    return load_exercise(EXERCISE)


def test_every_fixture_file_is_collected(ex):
    subs = collect(FILES, ex)
    assert len(subs) == len([p for p in FILES.iterdir() if not p.name.startswith(".")])


def test_invalid_json_reason(ex):
    s = read_submission(FILES / "invalid-0--truncated-json.ipynb", ex)
    assert s.status == "invalid" and "invalid JSON at line" in s.reason and "new copy" in s.reason


def test_binary_file(ex):
    s = read_submission(FILES / "invalid-0--binary-garbage.ipynb", ex)
    assert s.status == "invalid" and "not text" in s.reason


def test_not_a_notebook(ex):
    s = read_submission(FILES / "not-a-notebook-0--notes.txt", ex)
    assert s.status == "not-a-notebook" and "notes.txt" in s.reason


def test_old_format_is_converted(ex):
    s = read_submission(FILES / "ok-10--old-nbformat-3.ipynb", ex)
    assert s.status is None and s.cells and "converted from notebook format 3" in s.notes[0]


def test_student_id_from_metadata_then_file_name(tmp_path):
    assert student_id(tmp_path / "ada.lovelace.ipynb") == "ada"
    assert student_id(tmp_path / "x.ipynb", {"coursekit": {"student": "s 123/../x"}}) == "s_123_.._x"


def test_duplicate_ids_are_kept_apart(ex, tmp_path):
    for name in ("a.ipynb", "b.ipynb"):
        nb = student_nb()
        nb.metadata["coursekit"] = {"student": "same"}
        write_nb(nb, tmp_path / name)
    ids = [s.student for s in collect(tmp_path, ex)]
    assert len(set(ids)) == 2 and all(i.startswith("same") for i in ids)


def test_open_answer_found_by_cell_id_when_metadata_is_lost(ex, tmp_path):
    nb = json.loads(nbformat.writes(student_nb()))
    for c in nb["cells"]:
        if c.get("metadata", {}).get("coursekit", {}).get("open") == "why-leave":
            c["metadata"] = {}
            c["source"] = "My answer."
    (tmp_path / "s.ipynb").write_text(json.dumps(nb))
    assert read_submission(tmp_path / "s.ipynb", ex).answers["why-leave"] == "My answer."


def test_placeholder_is_no_answer(ex, tmp_path):
    s = read_submission(write_nb(student_nb(), tmp_path / "untouched.ipynb"), ex)
    assert s.answers == {"why-leave": "", "read-a-count": ""}
    assert s.status == "unchanged"  # so it is not run


def test_a_resubmission_is_the_same_student_and_the_newest_counts(ex, tmp_path):
    """`ada.ipynb` + `ada.resubmitted.ipynb` used to be two rows, `ada--ada.ipynb` and
    `ada--ada.resubmitted.ipynb`, with nothing saying which counts (issue 15)."""
    import os

    from test_grade_support import RIGHT, with_answers

    write_nb(with_answers(student_nb(), RIGHT), tmp_path / "ada.resubmitted.ipynb")
    write_nb(with_answers(student_nb(), {"claim": '"A"'}), tmp_path / "ada.ipynb")
    os.utime(tmp_path / "ada.ipynb", (1_700_000_000, 1_700_000_000))  # the first try, a day earlier
    os.utime(tmp_path / "ada.resubmitted.ipynb", (1_700_086_400, 1_700_086_400))
    [s] = collect(tmp_path, ex)
    assert s.student == "ada" and s.path.name == "ada.resubmitted.ipynb" and s.status is None
    assert "not run: `ada.ipynb`" in s.reason and any("`ada.ipynb`" in n for n in s.notes)


def test_missing_folder_says_what_to_give(ex, tmp_path):
    with pytest.raises(DataError, match="give the folder of submitted notebooks"):
        collect(tmp_path / "nope", ex)


def test_a_folder_in_the_folder_gets_a_row(ex, tmp_path):
    (tmp_path / "ada").mkdir()
    [s] = collect(tmp_path, ex)
    assert s.status == "not-a-notebook" and "is a folder" in s.reason


def test_docs_cover_every_command_and_option():
    """Does docs/grading.md mention every command and `coursekit grade` option?"""
    import argparse

    import coursekit.exercises
    import coursekit.grade

    from test_grade_support import ROOT

    doc = (ROOT / "docs" / "grading.md").read_text()
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    coursekit.grade.register(sub)
    coursekit.exercises.register(sub)
    assert "coursekit exercises generate" in doc and "coursekit exercises check" in doc
    for action in sub.choices["grade"]._actions:
        for opt in action.option_strings:
            if opt.startswith("--") and opt != "--help":
                assert opt in doc, f"docs/grading.md does not mention {opt}"
