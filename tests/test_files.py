"""Do editor and Jupyter leftovers stay out of every listing of course files?

An author who opens a chapter, a data file or an exercise in JupyterLab gets a
``.ipynb_checkpoints/`` folder beside it; Emacs, Vim and LibreOffice leave locks, swaps and
backups. None of them may count as a chapter, a record, a bank or an exercise.
"""

import os
import shutil
from pathlib import Path

import pytest

from coursekit import sphinxext
from coursekit.data import load_course
from coursekit.exercises import _sources
from coursekit.files import course_glob, is_leftover
from coursekit.grade.run import data_fingerprint
from coursekit.questions import load_all

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", [
    "chapters/.ipynb_checkpoints/02-security-checkpoint.ipynb",
    "chapters/02-security/.ipynb_checkpoints/review-checkpoint.ipynb",
    "data/events/.ipynb_checkpoints/minusma-checkpoint.yaml",
    "data/events/.#minusma.yaml",
    "data/events/#minusma.yaml#",
    "data/events/minusma.yaml~",
    "data/events/.minusma.yaml.swp",
    "data/questions/.~lock.01-minusma.yaml#",
    "exercises/01-minusma/source-checkpoint.ipynb",
    ".DS_Store",
])
def test_leftovers_are_recognised(name):
    assert is_leftover(ROOT / name, ROOT)


@pytest.mark.parametrize("name", [
    "chapters/02-security.ipynb", "chapters/02-security/review.md", "data/events/minusma.yaml",
    "exercises/01-minusma/source.ipynb", "notebooks/chapters/01-minusma.ipynb",
])
def test_course_files_are_not_leftovers(name):
    assert not is_leftover(ROOT / name, ROOT)


def test_a_checkout_inside_a_hidden_folder_still_counts():
    """Only parts below the folder listed count: a clone in ``~/.cache/course`` is not a leftover."""
    assert not is_leftover(Path("/home/a/.cache/course/data/events/minusma.yaml"),
                           Path("/home/a/.cache/course"))


def _leave_leftovers(root: Path):
    """What an afternoon of editing leaves: JupyterLab checkpoints of a chapter page, a data file
    and an exercise, an Emacs lock (a dangling link) and autosave, a Vim swap, a backup copy."""
    def put(rel, text="not course content: {"):
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")

    put("chapters/.ipynb_checkpoints/02-security-checkpoint.ipynb")
    put("chapters/.ipynb_checkpoints/02-security-checkpoint.md")
    put("chapters/02-security/.ipynb_checkpoints/review-checkpoint.ipynb")
    put("notebooks/chapters/.ipynb_checkpoints/01-minusma-checkpoint.ipynb")
    put("data/events/.ipynb_checkpoints/minusma-checkpoint.yaml",
        (root / "data/events/minusma.yaml").read_text(encoding="utf-8"))  # duplicate ids if read
    put("data/questions/.ipynb_checkpoints/01-minusma-checkpoint.yaml")
    put("data/events/#minusma.yaml#")
    put("data/events/.minusma.yaml.swp")
    put("data/glossary/.hidden.yaml")
    put("data/references/.#minusma.bib")
    put("exercises/.ipynb_checkpoints/source.ipynb")
    put("exercises/01-minusma/.ipynb_checkpoints/source-checkpoint.ipynb")
    os.symlink("root@host.1234:1700000000", root / "data/events/.#minusma.yaml")  # Emacs lock


@pytest.fixture(scope="module")
def course_copy(tmp_path_factory):
    """The course's files copied, then listed and fingerprinted before any leftover exists."""
    root = tmp_path_factory.mktemp("course")
    for folder in ("data", "chapters", "exercises", "notebooks"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copy(ROOT / "_toc.yml", root / "_toc.yml")
    (root / "node_modules").symlink_to(ROOT / "node_modules")  # the served plotly.js
    listings = lambda: {  # noqa: E731
        "pages": course_glob(root / "chapters", "*.md") + course_glob(root / "chapters", "*/*.md"),
        "notebooks": course_glob(root / "chapters", "*/*.ipynb") + course_glob(root / "chapters", "*.ipynb"),
        "readers": course_glob(root / "notebooks", "*.ipynb", recursive=True),
        "exercises": _sources([root / "exercises"]),
        "grader data": data_fingerprint(root / "data"),
        "book data": sphinxext._data_fingerprint(str(root)),
    }
    clean = listings()
    course = load_course(root)
    counts = {k: len(getattr(course, k)) for k in ("events", "figures", "quotes", "glossary", "sources")}
    _leave_leftovers(root)
    return root, clean, listings, counts


def test_listings_ignore_leftovers(course_copy):
    root, clean, listings, _ = course_copy
    assert listings() == clean


def test_course_data_and_banks_load_as_before(course_copy):
    root, _, _, counts = course_copy
    course = load_course(root)
    assert {k: len(getattr(course, k)) for k in counts} == counts
    assert sorted(load_all(root, course)) == sorted(load_all(ROOT))
