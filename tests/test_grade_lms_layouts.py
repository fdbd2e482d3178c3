"""Submissions as the LMSs hand them out: Moodle, Canvas and Blackboard downloads, folders and zips.

File names follow each LMS's own naming (see the docstring of coursekit/grade/collect.py):
Moodle's `mod/assign/classes/downloader.php`, Canvas's `[name_][LATE_]id_attachmentid_file` and
`[name_][LATE_]id_text.html` (instructure/canvas-lms `lib/content_zipper.rb`),
Blackboard's `Assignment_user_attempt_YYYY-MM-DD-HH-MM-SS[_file]` with its .txt receipt (the
receipt text below has the lines of the sample download in codepost-io/integration-blackboard).
"""

import csv
import importlib
import os
import shutil
import stat
import time
import zipfile
from pathlib import Path

import nbformat
import pytest

from coursekit.errors import DataError
from coursekit.exercises import load_exercise
from coursekit.grade.collect import collect, read_blackboard_receipt, unpack_zip

from test_grade_support import EXERCISE, RIGHT, student_nb, with_answers, write_nb

collect_mod = importlib.import_module("coursekit.grade.collect")  # `coursekit.grade.collect` is also a function
DAY = 86400
T0 = time.mktime((2024, 3, 1, 10, 0, 0, 0, 0, -1))


@pytest.fixture(scope="module")
def ex():
    return load_exercise(EXERCISE)


def worked(tag: str):
    """A notebook with the right answers and a cell naming `tag`, so a test can tell it apart."""
    nb = with_answers(student_nb(), RIGHT)
    nb.cells.append(nbformat.v4.new_code_cell(f'which = "{tag}"'))
    return nb


def put(path: Path, nb=None, *, text: str | None = None, mtime: float = T0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if text is not None:
        path.write_text(text)
    else:
        write_nb(nb, path)
    os.utime(path, (mtime, mtime))
    return path


def which(sub) -> str:
    return next(c for c in sub.cells if c.startswith("which = ")).split('"')[1]


def by_student(subs):
    return {s.student: s for s in subs}


def receipt(name: str, user: str, assignment: str, ts: str, files: list[str]) -> str:
    lines = [f"Name: {name} ({user})", f"Assignment: {assignment}",
             f"Date Submitted: {ts}", "Current Grade: Needs Grading", "",
             "Submission Field:", "There is no student submission text data for this assignment.", "",
             "Comments:", "There are no student comments for this assignment.", "", "Files:"]
    for f in files:
        lines += [f"\tOriginal filename: {f.split('_')[-1]}", f"\tFilename: {f}", ""]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- Moodle


def test_moodle_folder_newest_of_two_notebooks_counts(ex, tmp_path):
    """Moodle 4 folders: the newer notebook counts even with the earlier name; the older is listed."""
    d = tmp_path / "Ada Lovelace_101_assignsubmission_file"
    put(d / "zz-first-try.ipynb", worked("old"), mtime=T0)
    put(d / "v2" / "aa-final.ipynb", worked("new"), mtime=T0 + DAY)  # nested, as Moodle keeps sub-folders
    [s] = collect(tmp_path, ex)
    assert (s.student, s.name, s.lms, s.lms_id) == ("moodle-101", "Ada Lovelace", "moodle", "101")
    assert s.status is None and which(s) == "new" and s.path.name == "aa-final.ipynb"
    assert "not run" in s.reason and "zz-first-try.ipynb" in s.reason
    assert any("zz-first-try.ipynb" in n and "2 notebooks submitted" in n for n in s.notes)


def test_moodle_older_layouts_online_text_and_other_files(ex, tmp_path):
    """Moodle 3 folders (trailing `_`), flat files, online text and a PDF: one row per student."""
    put(tmp_path / "Bintou Diallo_102_assignsubmission_file_" / "exercise.ipynb", worked("b"))
    put(tmp_path / "Bintou Diallo_102_assignsubmission_file_" / "notes.pdf", text="%PDF-1.4")
    put(tmp_path / "Bintou Diallo_102_assignsubmission_onlinetext_" / "onlinetext.html", text="<p>Hello</p>")
    put(tmp_path / "Cheick Traoré_103_assignsubmission_file_mon exercice.ipynb", worked("c"))
    put(tmp_path / "Cheick Traoré_103_assignsubmission_onlinetext_onlinetext.html", text="<p>Done</p>")
    put(tmp_path / "Djeneba Coulibaly_104_assignsubmission_file" / "report.docx", text="not a notebook")
    subs = by_student(collect(tmp_path, ex))
    assert set(subs) == {"moodle-102", "moodle-103", "moodle-104"}
    b, c, d = subs["moodle-102"], subs["moodle-103"], subs["moodle-104"]
    assert b.name == "Bintou Diallo" and which(b) == "b" and b.status is None
    assert any("notes.pdf" in n and "onlinetext.html" in n for n in b.notes)
    assert c.name == "Cheick Traoré" and which(c) == "c" and any("onlinetext.html" in n for n in c.notes)
    assert d.status == "not-a-notebook" and "no notebook" in d.reason and "report.docx" in d.reason
    assert d.name == "Djeneba Coulibaly" and d.lms_id == "104"


def test_thirty_moodle_students_in_one_zip(ex, tmp_path):
    """Moodle's zip of 30 submissions: every student found, with name and participant id; mtimes kept."""
    names = [f"Étudiant{i:02d} Maïga" if i % 3 == 0 else f"Student {i:02d} Keïta" for i in range(30)]
    archive = tmp_path / "COURSE-Exercise 1-42.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for i, name in enumerate(names):
            folder = f"{name}_{5000 + i}_assignsubmission_file"
            old = zipfile.ZipInfo(f"{folder}/exercise.ipynb", date_time=(2024, 3, 1, 9, 0, 0))
            z.writestr(old, nbformat.writes(worked(f"old-{i}")))
            if i % 5 == 0:  # a few resubmitted under another name, a day later
                new = zipfile.ZipInfo(f"{folder}/exercise (1).ipynb", date_time=(2024, 3, 2, 9, 0, 0))
                z.writestr(new, nbformat.writes(worked(f"new-{i}")))
    subs = by_student(collect(archive, ex, unpack_to=tmp_path / "out" / "submissions"))
    assert len(subs) == 30
    for i, name in enumerate(names):
        s = subs[f"moodle-{5000 + i}"]
        assert (s.name, s.lms, s.lms_id) == (name, "moodle", str(5000 + i))
        assert which(s) == (f"new-{i}" if i % 5 == 0 else f"old-{i}")
    unpacked = tmp_path / "out" / "submissions" / f"{names[0]}_5000_assignsubmission_file" / "exercise.ipynb"
    assert time.localtime(unpacked.stat().st_mtime)[:6] == (2024, 3, 1, 9, 0, 0)


# ---------------------------------------------------------------- Canvas


def test_canvas_late_resubmission_counts_whatever_the_file_times(ex, tmp_path):
    put(tmp_path / "lovelaceada_201_9001_exercise.ipynb", worked("first"), mtime=T0 + DAY)
    put(tmp_path / "lovelaceada_LATE_201_9050_exercise-1.ipynb", worked("resubmitted"), mtime=T0)
    put(tmp_path / "lovelaceada_201_9002_sources.txt", text="my sources")
    put(tmp_path / "keitaamadou_202_9003_ex1.ipynb", worked("amadou"))
    subs = by_student(collect(tmp_path, ex))
    assert set(subs) == {"canvas-201", "canvas-202"}
    a = subs["canvas-201"]
    assert (a.name, a.lms, a.lms_id) == ("lovelaceada", "canvas", "201")
    assert which(a) == "resubmitted" and "lovelaceada_201_9001_exercise.ipynb" in a.reason
    assert any("LATE" in n for n in a.notes) and any("sources.txt" in n for n in a.notes)
    assert which(subs["canvas-202"]) == "amadou" and not any("LATE" in n for n in subs["canvas-202"].notes)


def test_canvas_names_as_canvas_sanitizes_them(ex, tmp_path):
    """Canvas's sortable names after `sanitize_user_name` and `sanitize_file_name`
    (content_zipper.rb): accents kept, punctuation gone, `_<digits>_` collapsed, `_` otherwise
    kept; the first `_<digits>_` after the name is the user id. Older Canvas wrote `-` instead."""
    put(tmp_path / "traoréaïssata_301_9100_exercise.ipynb", worked("aissata"))  # "Traoré, Aïssata"
    put(tmp_path / "some9991234guy_302_9101_exercise.ipynb", worked("guy"))  # "some_999_, _1234_guy"
    put(tmp_path / "o_brienpat_303_9102_exercise.ipynb", worked("pat"))  # "o_brien, pat"
    put(tmp_path / "other-567--guy-8_304_9103_exercise.ipynb", worked("old"))  # older Canvas
    subs = by_student(collect(tmp_path, ex))
    assert {k: (s.name, which(s)) for k, s in subs.items()} == {
        "canvas-301": ("traoréaïssata", "aissata"), "canvas-302": ("some9991234guy", "guy"),
        "canvas-303": ("o_brienpat", "pat"), "canvas-304": ("other-567--guy-8", "old")}


def test_canvas_anonymous_grading_download(ex, tmp_path):
    """Anonymous grading: no name, the id is `anon_` and five base58 characters, `LATE_` first."""
    put(tmp_path / "anon_x7Kp2_9200_exercise.ipynb", worked("first"))
    put(tmp_path / "LATE_anon_x7Kp2_9260_exercise-1.ipynb", worked("second"))
    put(tmp_path / "anon_Qm3zA_9201_2024_report.ipynb", worked("other"))  # a file name with digits
    subs = by_student(collect(tmp_path, ex))
    assert set(subs) == {"canvas-anon_x7Kp2", "canvas-anon_Qm3zA"}
    a = subs["canvas-anon_x7Kp2"]
    assert (a.name, a.lms, a.lms_id) == ("", "canvas", "anon_x7Kp2")
    assert which(a) == "second" and any("LATE" in n for n in a.notes)
    assert which(subs["canvas-anon_Qm3zA"]) == "other"


def test_canvas_online_text_and_url_are_listed_not_graded(ex, tmp_path):
    """`<name>[_LATE]_<id>_text.html` and `_link.html`: the student gets a row, the page is listed."""
    put(tmp_path / "diallobinta_LATE_401_text.html", text="<p>my answer</p>")
    put(tmp_path / "keitasekou_402_link.html", text="<a href='https://example.org'>x</a>")
    put(tmp_path / "keitasekou_402_9300_exercise.ipynb", worked("sekou"))
    subs = by_student(collect(tmp_path, ex))
    assert set(subs) == {"canvas-401", "canvas-402"}
    b = subs["canvas-401"]
    assert (b.name, b.status) == ("diallobinta", "not-a-notebook")
    assert "diallobinta_LATE_401_text.html" in b.reason and any("LATE" in n for n in b.notes)
    s = subs["canvas-402"]
    assert which(s) == "sekou" and any("keitasekou_402_link.html" in n for n in s.notes)


# ---------------------------------------------------------------- Blackboard


def test_blackboard_attempts_with_receipts(ex, tmp_path):
    """Newest attempt by the time in its name; the receipt gives the name and is not a row."""
    for ts, tag, mtime in [("2024-03-01-10-22-33", "first", T0 + DAY), ("2024-03-02-08-00-00", "second", T0)]:
        f = f"Exercise 1_akeita_attempt_{ts}_notebook.ipynb"
        put(tmp_path / f, worked(tag), mtime=mtime)
        put(tmp_path / f"Exercise 1_akeita_attempt_{ts}.txt",
            text=receipt("Amadou Keïta", "akeita", "Exercise 1", "Friday, March 1, 2024 10:22:33 AM GMT", [f]))
    # a user name with `_` in an assignment name with `_`: only the receipt can tell where it starts
    f = "Ex_1_a_kone_attempt_2024-03-01-11-00-00_ex.ipynb"
    put(tmp_path / f, worked("awa"))
    put(tmp_path / "Ex_1_a_kone_attempt_2024-03-01-11-00-00.txt",
        text=receipt("Awa Koné", "a_kone", "Ex_1", "Friday, March 1, 2024 11:00:00 AM GMT", [f]))
    put(tmp_path / "Exercise 1_bsow_attempt_2024-03-01-12-00-00_bsow.ipynb", worked("sow"))  # no receipt
    subs = by_student(collect(tmp_path, ex))
    assert set(subs) == {"blackboard-akeita", "blackboard-a_kone", "blackboard-bsow"}
    k = subs["blackboard-akeita"]
    assert (k.name, k.lms, k.lms_id) == ("Amadou Keïta", "blackboard", "akeita")
    assert which(k) == "second" and "2024-03-01-10-22-33_notebook.ipynb" in k.reason
    assert sum("receipt" in n for n in k.notes) == 2
    assert subs["blackboard-a_kone"].name == "Awa Koné" and which(subs["blackboard-a_kone"]) == "awa"
    assert subs["blackboard-bsow"].name == "" and subs["blackboard-bsow"].lms_id == "bsow"


def test_blackboard_receipt_is_parsed():
    text = receipt("Student One", "student1", "Recursion", "Saturday, August 17, 2019 12:51:51 PM EDT",
                   ["Recursion_student1_attempt_2019-08-17-12-51-51_BFS.ipynb"])
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write(text)
    info = read_blackboard_receipt(f.name)
    os.unlink(f.name)
    assert info["name"] == "Student One" and info["username"] == "student1"
    assert info["submitted"].startswith("Saturday, August 17, 2019")
    assert info["files"] == {"Recursion_student1_attempt_2019-08-17-12-51-51_BFS.ipynb": "BFS.ipynb"}


# ---------------------------------------------------------------- mixtures, nothing lost


def test_mixed_download_loses_no_file(ex, tmp_path):
    files = [
        put(tmp_path / "ada.ipynb", worked("ada-1"), mtime=T0),
        put(tmp_path / "ada.resubmitted.ipynb", worked("ada-2"), mtime=T0 + 60),
        put(tmp_path / "bob.txt", text="sorry"),
        put(tmp_path / "Ada Lovelace_101_assignsubmission_file" / "a.ipynb", worked("m")),
        put(tmp_path / "Ada Lovelace_101_assignsubmission_file" / "data.csv", text="x\n1\n"),
        put(tmp_path / "Ada Lovelace_101_assignsubmission_file" / ".ipynb_checkpoints" / "a-checkpoint.ipynb",
            worked("checkpoint"), mtime=T0 + DAY),
        put(tmp_path / "lovelaceada_201_9001_exercise.ipynb", worked("c")),
        put(tmp_path / "Ex 1_akeita_attempt_2024-03-01-10-22-33_nb.ipynb", worked("bb")),
        put(tmp_path / "Ex 1_akeita_attempt_2024-03-01-10-22-33.txt",
            text=receipt("Amadou Keïta", "akeita", "Ex 1", "Friday",
                         ["Ex 1_akeita_attempt_2024-03-01-10-22-33_nb.ipynb"])),
        put(tmp_path / "chris" / "work" / "notes.md", text="only notes"),
    ]
    subs = collect(tmp_path, ex)
    assert sorted(s.student for s in subs) == ["ada", "blackboard-akeita", "bob", "canvas-201", "chris", "moodle-101"]
    s = by_student(subs)
    assert which(s["ada"]) == "ada-2" and "`ada.ipynb`" in s["ada"].reason
    assert which(s["moodle-101"]) == "m", "a hidden checkpoint never counts"
    assert s["chris"].status == "not-a-notebook" and "work/notes.md" in s["chris"].reason
    shown = " ".join([s.path.name for s in subs] + [n for s in subs for n in s.notes] + [s.reason or "" for s in subs])
    for f in files:
        assert f.name in shown, f"{f} is in no row"


# ---------------------------------------------------------------- zip safety


def _zip(path: Path, entries: dict) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data) if isinstance(name, str) else z.writestr(*name, data)
    return path


@pytest.mark.parametrize("entry", ["../evil.ipynb", "ok/../../evil.ipynb", "/tmp/evil.ipynb", "C:/evil.ipynb",
                                   "..\\evil.ipynb"])
def test_zip_slip_entry_is_refused_by_name(ex, tmp_path, entry):
    archive = _zip(tmp_path / "download.zip", {"ada.ipynb": "{}", entry: "{}"})
    dest = tmp_path / "out" / "submissions"
    with pytest.raises(DataError) as err:
        collect(archive, ex, unpack_to=dest)
    msg = str(err.value)
    assert "download.zip" in msg and entry in msg and "zip slip" in msg
    assert not dest.exists()
    assert not (tmp_path / "evil.ipynb").exists() and not (tmp_path / "out" / "evil.ipynb").exists()


def test_zip_symlink_duplicate_and_limits_are_refused(ex, tmp_path, monkeypatch):
    link = zipfile.ZipInfo("ada.ipynb")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    with pytest.raises(DataError, match=r"links\.zip: entry `ada.ipynb` is a symbolic link"):
        unpack_zip(_zip(tmp_path / "links.zip", {(link,): "/etc/passwd"}), tmp_path / "a")
    with pytest.raises(DataError, match=r"twice\.zip: entry `x/ada.ipynb` is in the archive twice"):
        with pytest.warns(UserWarning):  # zipfile itself warns about the duplicate name
            archive = _zip(tmp_path / "twice.zip", {"x/ada.ipynb": "1", ("x/ada.ipynb",): "2"})
        unpack_zip(archive, tmp_path / "b")
    archive = _zip(tmp_path / "big.zip", {f"s{i}.ipynb": "x" * 100 for i in range(5)})
    monkeypatch.setattr(collect_mod, "ZIP_MAX_FILES", 4)
    with pytest.raises(DataError, match=r"big\.zip: 5 entries, more than the 4 allowed"):
        unpack_zip(archive, tmp_path / "c")
    monkeypatch.setattr(collect_mod, "ZIP_MAX_FILES", 100)
    monkeypatch.setattr(collect_mod, "ZIP_MAX_BYTES", 400)
    with pytest.raises(DataError, match=r"big\.zip: .* once unpacked, more than"):
        unpack_zip(archive, tmp_path / "c")
    assert not any((tmp_path / d).exists() for d in "abc")
    (tmp_path / "bad.zip").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(DataError, match=r"bad\.zip: not a readable \.zip"):
        unpack_zip(tmp_path / "bad.zip", tmp_path / "d")


def test_rerun_replaces_its_own_unpacking_but_no_other_folder(ex, tmp_path):
    archive = _zip(tmp_path / "d.zip", {"ada.ipynb": nbformat.writes(worked("one"))})
    dest = tmp_path / "out" / "submissions"
    assert which(collect(archive, ex, unpack_to=dest)[0]) == "one"
    _zip(archive, {"ada.ipynb": nbformat.writes(worked("two"))})
    assert which(collect(archive, ex, unpack_to=dest)[0]) == "two"
    other = tmp_path / "mine"
    other.mkdir()
    (other / "keep.txt").write_text("x")
    with pytest.raises(DataError, match="was not unpacked by coursekit"):
        unpack_zip(archive, other)
    assert (other / "keep.txt").exists()


# ---------------------------------------------------------------- empty and unchanged


def test_untouched_notebook_is_unchanged_even_after_running_it(ex, tmp_path):
    nb = student_nb()
    for i, c in enumerate(nb.cells):  # run in Jupyter: outputs, counts and metadata change, text does not
        if c.cell_type == "code":
            c.execution_count = i
            c.outputs = [nbformat.v4.new_output("stream", name="stdout", text="hello\n")]
        c.metadata["collapsed"] = True
    nb.metadata["widgets"] = {"state": {}}
    [s] = collect(put(tmp_path / "s" / "ada.ipynb", nb).parent, ex)
    assert s.status == "unchanged" and "exactly the one handed out" in s.reason and "not run" in s.reason


def test_empty_notebook_with_only_comments_and_a_blank_cell(ex, tmp_path):
    nb = student_nb()
    answer = next(c for c in nb.cells if c.cell_type == "code" and "= ..." in c.source)
    answer.source += "\n# I do not know how to do this"
    nb.cells.insert(3, nbformat.v4.new_code_cell("   \n"))
    [s] = collect(put(tmp_path / "s" / "ada.ipynb", nb).parent, ex)
    assert s.status == "empty" and "no work" in s.reason and "not run" in s.reason
    assert s.answers and not any(s.answers.values())


def test_an_open_answer_or_one_line_of_code_is_work(ex, tmp_path):
    nb = student_nb()
    cell = next(c for c in nb.cells if c.get("metadata", {}).get("coursekit", {}).get("open"))
    cell.source = "Because the government asked the mission to leave."
    put(tmp_path / "s" / "open.ipynb", nb)
    put(tmp_path / "s" / "code.ipynb", with_answers(student_nb(), {"claim": '"B"'}))
    subs = by_student(collect(tmp_path / "s", ex))
    assert subs["open"].status is None and subs["code"].status is None


# ---------------------------------------------------------------- the whole grader on a zip


def test_grade_a_moodle_zip_end_to_end(tmp_path):
    """`coursekit grade download.zip`: unpacked into the output folder, one row per student."""
    from coursekit.cli import main

    root = Path(__file__).resolve().parents[1]
    data = tmp_path / "data"
    shutil.copytree(root / "data", data)
    archive = _zip(tmp_path / "download.zip", {
        "Ada Lovelace_101_assignsubmission_file/ex.ipynb": nbformat.writes(with_answers(student_nb(), RIGHT)),
        "Bintou Diallo_102_assignsubmission_file/ex.ipynb": nbformat.writes(student_nb()),
        "Cheick Traoré_103_assignsubmission_file/essay.pdf": "%PDF",
    })
    out = tmp_path / "grading"
    assert main(["grade", str(archive), "--exercise", str(EXERCISE.parent), "--out", str(out),
                 "--data", str(data), "--cell-timeout", "5"]) == 0
    rows = {r["student"]: r for r in csv.DictReader(open(out / "gradebook.csv"))}
    assert set(rows) == {"moodle-101", "moodle-102", "moodle-103"}
    auto = {q.id: q.points for q in load_exercise(EXERCISE).questions.values() if q.kind == "auto"}
    assert rows["moodle-101"]["status"] == "ok"
    assert {q: float(rows["moodle-101"][q]) for q in auto} == auto  # full marks on every automatic question
    assert rows["moodle-102"]["status"] == "unchanged" and rows["moodle-103"]["status"] == "not-a-notebook"
    assert (out / "submissions" / "Ada Lovelace_101_assignsubmission_file" / "ex.ipynb").is_file()
    assert (out / "feedback" / "moodle-103.md").read_text().count("essay.pdf") >= 1


def test_zip_names_without_the_utf8_flag_keep_their_accents(ex, tmp_path):
    """Zips re-made by tools that store UTF-8 names without flagging them (read as cp437 by default)."""
    archive = _zip(tmp_path / "d.zip", {"Cheick TraorXY_103_assignsubmission_file/ex.ipynb":
                                        nbformat.writes(worked("c"))})
    raw = archive.read_bytes()
    assert raw.count(b"TraorXY") == 2  # local header and central directory
    archive.write_bytes(raw.replace(b"TraorXY", "Traoré".encode("utf-8")))
    with zipfile.ZipFile(archive) as z:
        assert not z.infolist()[0].flag_bits & 0x800
    [s] = collect(archive, ex, unpack_to=tmp_path / "out")
    assert s.name == "Cheick Traoré" and s.student == "moodle-103"


def test_cli_says_which_entry_of_which_archive_is_refused(tmp_path, capsys):
    from coursekit.cli import main

    archive = _zip(tmp_path / "moodle-download.zip", {"../../etc/cron.d/x": "boom"})
    assert main(["grade", str(archive), "--exercise", str(EXERCISE.parent), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "moodle-download.zip" in err and "`../../etc/cron.d/x`" in err and "zip slip" in err
    assert not (tmp_path / "out" / "submissions").exists()


# ---------------------------------------------------------------- docs/grading.md says what the code does

DOC = Path(__file__).resolve().parents[1] / "docs" / "grading.md"
#: every example file name of the layouts table in docs/grading.md, with the id it documents
DOC_EXAMPLES = [
    ("ada.ipynb", "ada"),
    ("ada.resubmitted.ipynb", "ada"),
    ("ada/anything.ipynb", "ada"),
    ("Aïssata Traoré_12345_assignsubmission_file/notebook.ipynb", "moodle-12345"),
    ("Aïssata Traoré_12345_assignsubmission_file_/notebook.ipynb", "moodle-12345"),
    ("Aïssata Traoré_12345_assignsubmission_file_notebook.ipynb", "moodle-12345"),
    ("traoréaïssata_12345_67890_notebook.ipynb", "canvas-12345"),
    ("traoréaïssata_LATE_12345_67891_notebook-1.ipynb", "canvas-12345"),
    ("traoréaïssata_12345_text.html", "canvas-12345"),
    ("anon_x7Kp2_67890_notebook.ipynb", "canvas-anon_x7Kp2"),
    ("Exercise 1_akeita_attempt_2024-03-01-10-22-33_notebook.ipynb", "blackboard-akeita"),
]


@pytest.mark.parametrize("name,student", DOC_EXAMPLES)
def test_every_documented_layout_gives_the_documented_id(ex, tmp_path, name, student):
    assert f"`{name}`" in DOC.read_text(encoding="utf-8"), f"docs/grading.md no longer shows `{name}`"
    if name.endswith(".ipynb"):
        put(tmp_path / name, worked("x"))
    else:
        put(tmp_path / name, text="<p>online text</p>")
    [s] = collect(tmp_path, ex)
    assert s.student == student
    assert s.status == (None if name.endswith(".ipynb") else "not-a-notebook")


def test_every_status_is_documented():
    from coursekit.grade.report import STATUS_TEXT

    text = DOC.read_text(encoding="utf-8")
    assert [s for s in STATUS_TEXT if f"`{s}`" not in text] == []
