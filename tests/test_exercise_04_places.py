"""Exercise 04-jihadism's task on the map's data (issue 14, point 6): the places table students
read (`course_tables().places`, the events' `places`), its copy in the downloaded archive, and
the distance-from-Bamako questions, whose expected answers follow the course data."""

import ast
import io
import math
import shutil
import zipfile
from pathlib import Path

import nbformat
import pytest
import yaml

from coursekit.data import load_course
from coursekit.exercises import (
    PLACE_COLUMNS, exercise_archive, load_exercise, read_course_tables, run_test, student_notebook,
    test_functions,
)

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "exercises" / "04-jihadism"
QUESTIONS = ("distance-km", "attacks-km", "median-km")


@pytest.fixture(scope="module")
def tables():
    return read_course_tables(ROOT / "data")


def _tests(question: str) -> dict:
    """The test functions (public and hidden) of one question of exercise 04."""
    ex = load_exercise(FOLDER / "source.ipynb")
    return {n: f for tc in ex.questions[question].tests for n, f in test_functions(tc.source).items()}


def _run(nb, cwd: Path, monkeypatch) -> dict:
    """Run a notebook's code cells (not its tests or checks) in `cwd`; return its variables."""
    monkeypatch.chdir(cwd)
    ns = {"__name__": "__main__"}
    for c in nb.cells:
        if c.cell_type == "code" and not c.source.startswith(("#| tests", "check(")):
            exec(compile(ast.parse(c.source), "<cell>", "exec"), ns)
    return ns


def _failures(question: str, values: dict, course) -> list[str]:
    return [f"{n}: {msg}" for n, f in _tests(question).items()
            for ok, msg in [run_test(f, values, course)] if not ok]


# ---------------------------------------------------------------- the tables


def test_places_table_is_the_gazetteer(tables):
    """One row per place of data/places, indexed by id, with the coordinates the loader checked."""
    course = load_course(ROOT)
    places = tables.places
    assert set(PLACE_COLUMNS) <= set(places.columns)
    assert set(places.index) == set(course.places) and list(places.index) == list(places["id"])
    for pid, p in course.places.items():
        row = places.loc[pid]
        assert (row["name"], row["kind"], row["country"]) == (p.name, p.kind, p.country), pid
        assert (float(row["lat"]), float(row["lon"])) == (p.lat, p.lon), pid
    assert str(places["lat"].dtype) == "float64" and str(places["lon"].dtype) == "float64"


def test_events_carry_their_place_ids(tables):
    """`events["places"]` is each event's list of place ids, as its record gives them ([] if none)."""
    course = load_course(ROOT)
    ev = tables.events
    assert all(isinstance(v, list) for v in ev["places"])
    assert {i: tuple(v) for i, v in ev["places"].items()} == {i: e.places for i, e in course.events.items()}
    assert any(ev["places"].map(len) > 1) and any(ev["places"].map(len) == 0)  # both kinds exist
    named = {p for ps in ev["places"] for p in ps}
    assert named <= set(tables.places.index)


def test_data_without_places_gives_an_empty_places_table(tmp_path):
    """Course data from before the gazetteer (no data/places, events without `places`) still loads."""
    data = tmp_path / "data"
    (data / "events").mkdir(parents=True)
    (data / "events" / "e.yaml").write_text(yaml.safe_dump([
        {"id": "e-1", "date": "2013-04-25", "title": "An event", "summary": "Something happened.",
         "concerns": ["minusma"], "sources": ["s"]}]))
    tables = read_course_tables(data)
    assert len(tables.places) == 0 and set(PLACE_COLUMNS) <= set(tables.places.columns)
    assert tables.events.loc["e-1", "places"] == []
    assert "places=0" in repr(tables)


def test_archive_carries_the_places_without_their_evidence(tmp_path):
    """The download holds data/places (records without `evidence`), and the tables read from it
    are the course's."""
    blob = exercise_archive(FOLDER, ROOT)
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        names = [n for n in z.namelist() if n.startswith("04-jihadism/data/places/")]
        assert sorted(Path(n).name for n in names) == sorted(
            p.name for p in (ROOT / "data" / "places").glob("*.yaml"))
        for n in names:
            recs = yaml.safe_load(z.read(n))
            assert recs and all("evidence" not in r and "lat" in r and "lon" in r for r in recs), n
        z.extractall(tmp_path)
    unpacked = read_course_tables(tmp_path / "04-jihadism" / "data")
    real = read_course_tables(ROOT / "data")
    cols = PLACE_COLUMNS
    assert unpacked.places[cols].equals(real.places[cols])
    assert unpacked.events["places"].to_dict() == real.events["places"].to_dict()


# ---------------------------------------------------------------- the questions


def test_reference_passes_and_untouched_fails(tables, monkeypatch):
    ex = load_exercise(FOLDER / "source.ipynb")
    solved = _run(student_notebook(ex, solutions=True), FOLDER, monkeypatch)
    untouched = _run(student_notebook(ex), FOLDER, monkeypatch)
    for q in QUESTIONS:
        assert _failures(q, solved, tables) == [], q
        assert len(_failures(q, untouched, tables)) == len(_tests(q)), q
    # the answer means something: several years, and Bamako itself at distance 0
    assert len(solved["median_km_per_year"]) >= 3
    at_bamako = solved["attacks_km"][solved["attacks_km"]["place"] == "bamako"]["km"]
    assert len(at_bamako) >= 1 and all(abs(k) < 1e-6 for k in at_bamako)


def test_a_wrong_distance_loses_the_hidden_points(tables, monkeypatch):
    """Forgetting the radians, or another radius, fails the known pairs."""
    ex = load_exercise(FOLDER / "source.ipynb")
    solved = _run(student_notebook(ex, solutions=True), FOLDER, monkeypatch)
    tests, right = _tests("distance-km"), solved["distance_km"]
    assert run_test(tests["test_known_pairs"], {"trial_km": _run_cell("q10-trial", solved)}, tables)[0]
    for wrong in (lambda a, b, c, d: 2 * 6371 * math.asin(min(1, math.sqrt(
                      math.sin((c - a) / 2) ** 2 + math.cos(a) * math.cos(c) * math.sin((d - b) / 2) ** 2))),
                  lambda a, b, c, d: right(a, b, c, d) * 6378 / 6371):
        solved["distance_km"] = wrong
        trial = _run_cell("q10-trial", solved)
        assert not run_test(tests["test_known_pairs"], {"trial_km": trial}, tables)[0]


def _run_cell(cell_id: str, ns: dict):
    """Run one cell of the source notebook in `ns` and return the value of its last line."""
    nb = nbformat.read(FOLDER / "source.ipynb", as_version=4)
    src = next(c.source for c in nb.cells if c.get("id") == cell_id)
    tree = ast.parse(src)
    last = tree.body.pop()
    exec(compile(tree, "<cell>", "exec"), ns)
    return eval(compile(ast.Expression(last.value), "<cell>", "eval"), ns)


def test_expected_answers_follow_the_data(tmp_path, tables, monkeypatch):
    """Move a place and add an attack: the reference, run on that data, passes; the answers
    computed from the course's data no longer do."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    recs = yaml.safe_load((data / "places" / "mali.yaml").read_text(encoding="utf-8"))
    kati = next(r for r in recs if r["id"] == "kati")
    kati["lat"] += 1.0
    (data / "places" / "mali.yaml").write_text(yaml.safe_dump(recs, allow_unicode=True), encoding="utf-8")
    extra = [{"id": "test-attack-2019", "date": "2019-06-01", "title": "A test attack",
              "summary": "An attack added by the test.", "concerns": ["jihadism"],
              "actors": ["jnim"], "sources": ["x"], "places": ["timbuktu", "gao"]}]
    (data / "events" / "zz-test.yaml").write_text(yaml.safe_dump(extra), encoding="utf-8")
    changed = read_course_tables(data)

    ex = load_exercise(FOLDER / "source.ipynb")
    (tmp_path / "ex").mkdir()
    on_changed = _run(student_notebook(ex, solutions=True), tmp_path / "ex", monkeypatch)
    assert 2019 in on_changed["median_km_per_year"]
    on_real = _run(student_notebook(ex, solutions=True), FOLDER, monkeypatch)
    for q in ("attacks-km", "median-km"):
        assert _failures(q, on_changed, changed) == [], q
        assert _failures(q, on_real, changed), f"{q}: the expected answer did not follow the data"
    assert _failures("distance-km", on_changed, changed) == []
    assert _failures("distance-km", on_real, changed)  # bamako to kati moved by a degree
