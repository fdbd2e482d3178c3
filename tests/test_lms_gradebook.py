"""Do the LMS gradebooks have the columns Moodle's and Canvas's importers look for, and only the
rows they can match?

Moodle: ``mod/assign/feedback/offline/importgradeslib.php`` (moodle/moodle) finds the columns
``Identifier``, ``Grade`` and ``Last modified (grade)`` by header text and strips
``get_string('hiddenuser', 'assign')`` ("Participant") from the identifier to get the participant
number; the full header is the one of Moodle's "Download grading worksheet". Canvas: the import
takes the columns of its own export (Student, ID, SIS User ID, SIS Login ID, Section, then the
assignments) and a "Points Possible" row.

The French worksheet's header is made of Moodle's French strings as the French language pack
has them (github.com/projectestac/moodle-langpacks, fr/assign.php, fr/moodle.php,
fr/assignfeedback_comments.php; see coursekit/grade/lms.py), typed here again, not imported.
"""

import csv
from datetime import datetime

import pytest

from coursekit.grade.lms import (CANVAS_FILE, MOODLE_FILE, MOODLE_FR_FILE, GradeLine, left_out,
                                 write_lms_gradebooks)

MOODLE_HEADER = ["Identifier", "Full name", "Email address", "Status", "Grade", "Maximum Grade",
                 "Grade can be changed", "Last modified (submission)", "Last modified (grade)",
                 "Feedback comments"]
CANVAS_HEADER = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
# fr/assign.php: recordid, status, maxgrade, gradecanbechanged, lastmodifiedsubmission,
# lastmodifiedgrade; fr/moodle.php: fullname, grade; fr/assignfeedback_comments.php: pluginname
MOODLE_FR_HEADER = ["Identifiant", "Nom complet", "Statut", "Note", "Note maximale",
                    "La note peut être modifiée", "Dernière modification (travail remis)",
                    "Dernière modification (note)", "Feedback par commentaires"]

LINES = [
    GradeLine("aissata", "Traoré, Aïssata", "moodle", "12345", 14.5, 16, 'Good: "two sources" & a date'),
    GradeLine("sekou", 'Sékou "Junior" Keïta', "moodle", "678", None, 16, "open answers not marked"),
    GradeLine("ada", "Ada Diallo", "canvas", "4242", 9, 16, "see feedback"),
    GradeLine("bob", "Bob", "", "", 12, 16, "plain file"),
    GradeLine("binta", "Binta Coulibaly", "blackboard", "bcoul", 10, 16, "bb"),
]
NOW = datetime(2026, 12, 2, 23, 46)


def read(path):
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "plain UTF-8, no byte-order mark"
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


@pytest.fixture
def written(tmp_path):
    paths = write_lms_gradebooks(LINES, tmp_path, "Exercise 1: MINUSMA, in numbers", now=NOW)
    return paths, tmp_path


def test_returns_every_file(written):
    paths, out = written
    assert [p.name for p in paths] == [MOODLE_FILE, CANVAS_FILE, MOODLE_FR_FILE]
    assert all(p.parent == out and p.is_file() for p in paths)


def test_moodle_worksheet_in_french(written):
    """What a French Moodle's importer looks for: "Identifiant" with "Participant" and the number
    right after it (hiddenuser has no trailing space in French), "Note", "Dernière modification
    (note)" as a time PHP's strtotime reads, and the comments column."""
    paths, _ = written
    rows = read(paths[2])
    assert rows[0] == MOODLE_FR_HEADER
    body = {r[0]: dict(zip(MOODLE_FR_HEADER, r)) for r in rows[1:]}
    assert set(body) == {"Participant12345", "Participant678"}
    a = body["Participant12345"]
    assert a["Nom complet"] == "Traoré, Aïssata" and a["Note"] == "14.5" and a["Note maximale"] == "16"
    assert a["Dernière modification (note)"] == "2026-12-02 23:46"
    assert datetime.strptime(a["Dernière modification (note)"], "%Y-%m-%d %H:%M") == NOW
    assert a["Feedback par commentaires"] == "Good: \"two sources\" &amp; a date"
    assert body["Participant678"]["Note"] == ""


def test_only_the_languages_asked_for(tmp_path):
    paths = write_lms_gradebooks(LINES, tmp_path, "A", now=NOW, languages=("en",))
    assert [p.name for p in paths] == [MOODLE_FILE, CANVAS_FILE] and not (tmp_path / MOODLE_FR_FILE).exists()
    with pytest.raises(ValueError, match="no Moodle worksheet in 'de'"):
        write_lms_gradebooks(LINES, tmp_path, "A", now=NOW, languages=("de",))


def test_anonymous_canvas_rows_are_left_out_with_the_reason(tmp_path):
    line = GradeLine("canvas-anon_x7Kp2", "", "canvas", "anon_x7Kp2", 5, 10, "")
    _, canvas, *_ = write_lms_gradebooks([line], tmp_path, "A", now=NOW)
    assert read(canvas)[2:] == []
    assert any("anonymous grading" in n for n in left_out([line]))


def test_moodle_worksheet_header_and_rows(written):
    paths, _ = written
    rows = read(paths[0])
    assert rows[0] == MOODLE_HEADER
    body = {r[0]: dict(zip(MOODLE_HEADER, r)) for r in rows[1:]}
    # only Moodle rows, matched by "Participant <number>" as Moodle strips it
    assert set(body) == {"Participant 12345", "Participant 678"}
    for ident in body:
        assert ident[len("Participant"):].strip().isdigit()
    a = body["Participant 12345"]
    assert a["Full name"] == "Traoré, Aïssata"
    assert a["Grade"] == "14.5" and a["Maximum Grade"] == "16"
    assert a["Feedback comments"] == "Good: \"two sources\" &amp; a date"
    assert a["Last modified (grade)"] == "Wednesday, 2 December 2026, 11:46 PM"
    s = body["Participant 678"]
    assert s["Full name"] == 'Sékou "Junior" Keïta'
    assert s["Grade"] == "", "incomplete grade: empty cell, Moodle skips it and keeps its value"


def test_canvas_gradebook_header_points_row_and_rows(written):
    paths, _ = written
    rows = read(paths[1])
    assert rows[0] == CANVAS_HEADER + ["Exercise 1: MINUSMA, in numbers"]
    assert rows[1][0] == "Points Possible" and rows[1][5] == "16"
    assert rows[2:] == [["Ada Diallo", "4242", "", "", "", "9"]]


def test_names_with_commas_quotes_accents_round_trip(tmp_path):
    names = ['Traoré, Aïssata', 'Sékou "Junior" Keïta', "N'Golo Kanté", "Zoé\tMaïga"]
    lines = [GradeLine(f"s{i}", n, "moodle", str(100 + i), 1, 2, "ok") for i, n in enumerate(names)]
    lines += [GradeLine(f"c{i}", n, "canvas", str(200 + i), 1, 2, "ok") for i, n in enumerate(names)]
    moodle, canvas, moodle_fr = write_lms_gradebooks(lines, tmp_path, "A", now=NOW)
    assert [r[1] for r in read(moodle)[1:]] == names == [r[1] for r in read(moodle_fr)[1:]]
    assert sorted(r[0] for r in read(canvas)[2:]) == sorted(names)


def test_left_out_says_who_and_why():
    notes = left_out(LINES)
    text = "\n".join(notes)
    # Moodle cannot take the Canvas, Blackboard and plain-file rows; Canvas all but Ada
    for who in ("Ada Diallo", "Bob", "Binta Coulibaly"):
        assert any(n.startswith(MOODLE_FILE) and who in n for n in notes), who
    for who in ("Traoré, Aïssata", "Bob", "Binta Coulibaly"):
        assert any(n.startswith(CANVAS_FILE) and who in n for n in notes), who
    assert not any(n.startswith(MOODLE_FILE) and "Aïssata" in n for n in notes)
    assert "Sékou" in text and "grade left empty" in text
    assert "plain file" in text and "Blackboard download" in text


def test_grade_none_for_canvas_row_is_empty(tmp_path):
    _, canvas, _ = write_lms_gradebooks(
        [GradeLine("x", "X", "canvas", "7", None, 10, "")], tmp_path, "A", now=NOW)
    assert read(canvas)[2] == ["X", "7", "", "", "", ""]


def test_blank_assignment_name_gets_a_placeholder_column(tmp_path):
    _, canvas, _ = write_lms_gradebooks(LINES, tmp_path, "  ", now=NOW)
    assert read(canvas)[0][-1] == "Assignment"
    _, canvas, _ = write_lms_gradebooks(LINES, tmp_path, " Exercise\n 1 ", now=NOW)
    assert read(canvas)[0][-1] == "Exercise 1"
