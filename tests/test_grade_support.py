"""Shared helpers for the grading tests: a small made-up course data folder and submissions.

The data here is fixture data, not course content: ids and titles say so.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
EXERCISE = ROOT / "exercises" / "01-minusma" / "source.ipynb"
FILES = Path(__file__).parent / "files" / "submissions"

FIXTURE_EVENTS = [
    {"id": "res-2100", "date": "2013-04-25", "title": "Fixture: mission established",
     "summary": "Fixture text: the UN Security Council adopts a resolution setting up the mission.",
     "concerns": ["minusma", "security"], "actors": ["unsc", "minusma"], "sources": ["fixture"]},
    {"id": "fx-deploy", "date": "2013-07", "title": "Fixture: deployment",
     "summary": "Fixture text.", "concerns": ["minusma"], "actors": ["minusma"], "sources": ["fixture"]},
    {"id": "fx-attack-1", "date": "2014", "title": "Fixture: attack",
     "summary": "Fixture text.", "concerns": ["security", "jihadism"], "actors": ["jnim"], "sources": ["fixture"]},
    {"id": "fx-accord", "date": "2015-06-20", "title": "Fixture: accord",
     "summary": "Fixture text.", "concerns": ["politics", "minusma"], "actors": ["mali-gov", "cma"],
     "sources": ["fixture"]},
    {"id": "fx-coup-a", "date": "2020-08-18", "title": "Fixture: coup",
     "summary": "Fixture text.", "concerns": ["politics"], "actors": ["fama"], "sources": ["fixture"]},
    {"id": "fx-coup-b", "date": "2021-05-24", "title": "Fixture: second coup",
     "summary": "Fixture text.", "concerns": ["politics", "minusma"], "actors": ["fama"], "sources": ["fixture"]},
    {"id": "fx-wagner", "date": "2021-12", "title": "Fixture: contractors",
     "summary": "Fixture text.", "concerns": ["russia", "security"], "actors": ["wagner"], "sources": ["fixture"]},
    {"id": "fx-request", "date": "2023-06-16", "title": "Fixture: request to leave",
     "summary": "Fixture text.", "concerns": ["minusma", "politics"], "actors": ["mali-gov"],
     "sources": ["fixture"]},
    {"id": "fx-end-mandate", "date": "2023-06-30", "title": "Fixture: mandate ends",
     "summary": "Fixture text.", "concerns": ["minusma"], "actors": ["unsc"], "sources": ["fixture"]},
    {"id": "fx-withdrawal", "date": "2023-12-31", "title": "Fixture: withdrawal ends",
     "summary": "Fixture text.", "concerns": ["minusma", "warnings"], "actors": [], "sources": ["fixture"]},
]

# the values the reference solution must produce on FIXTURE_EVENTS
EXPECTED = {
    "minusma_per_year": {2013: 2, 2015: 1, 2021: 1, 2023: 3},
    "busiest_year": 2023,
    "security_share": 30.0,
    "first_minusma": ["res-2100", "fx-deploy", "fx-accord", "fx-coup-b", "fx-request"],
    "matched": {"res-2100": "unsc", "fx-deploy": "minusma", "fx-accord": "mali-gov", "fx-coup-b": "fama"},
    "claim": "B",
}


def make_data(folder: Path) -> Path:
    """Write the fixture course data into folder/data and return that path."""
    data = Path(folder) / "data"
    (data / "events").mkdir(parents=True, exist_ok=True)
    (data / "events" / "fixture.yaml").write_text(yaml.safe_dump(FIXTURE_EVENTS, sort_keys=False))
    for kind in ("figures", "quotes", "glossary"):
        (data / kind).mkdir(exist_ok=True)
    return data


def source_nb():
    return nbformat.read(str(EXERCISE), as_version=4)


def student_nb():
    return nbformat.read(str(EXERCISE.parent / "student.ipynb"), as_version=4)


def reference_nb():
    """The source notebook as a student would hand it in: solutions in, tests cells out."""
    nb = source_nb()
    nb.cells = [c for c in nb.cells if not c.source.startswith("#| tests:")]
    return nb


def with_answers(nb, answers: dict):
    """The student notebook with `name = value` lines appended to each answer cell."""
    nb = json.loads(nbformat.writes(nb))
    for cell in nb["cells"]:
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for name, code in answers.items():
            if src.lstrip().startswith(f"{name} = ...") or f"\n{name} = ..." in src:
                src = src.replace(f"{name} = ...", f"{name} = {code}", 1)
        cell["source"] = src
    return nbformat.reads(json.dumps(nb), as_version=4)


def write_nb(nb, path: Path) -> Path:
    path.write_text(nbformat.writes(nb))
    return path


def add_cell(nb, source: str, index: int | None = None):
    """A copy of `nb` with a code cell holding `source` inserted (default: after the setup cell)."""
    nb = nbformat.reads(nbformat.writes(nb), as_version=4)
    cell = nbformat.v4.new_code_cell(source)
    nb.cells.insert(2 if index is None else index, cell)
    return nb


def test_fixture_data_matches_expected(tmp_path):
    """Do the fixture's expected answers follow from the fixture events (checked with pandas)?"""
    from coursekit.exercises import read_course_tables

    ev = read_course_tables(make_data(tmp_path)).events
    mins = ev[ev["concerns"].map(lambda c: "minusma" in c)]
    assert mins.groupby("year").size().to_dict() == EXPECTED["minusma_per_year"]
    assert list(mins["id"].head(5)) == EXPECTED["first_minusma"]
