"""Hand marking end to end on a small exercise: grade -> mark -> fill the sheet -> apply.

The sheet is read as a spreadsheet saves it (RFC 4180 CSV from Python's csv module, or with
semicolons as Excel writes it in a French locale); the LMS writer is replaced by a stub that
records the `GradeLine`s it is given (interface in coursekit/grade/lms.py).
"""

import csv
import io
import json
import shutil
import sys
import types
from pathlib import Path

import nbformat
import pytest

import coursekit.grade as grade
from coursekit.errors import DataError
from coursekit.exercises import generate
from coursekit.grade import marking
from coursekit.grade.marking import CHANGED, anon_ref

LIMITS = dict(cell_timeout=5, notebook_timeout=30, memory_mb=512)
MODEL = "MODEL-ANSWER-SECRET: the UN and a news agency count different deaths"
WHY_RUBRIC = [{"points": 2, "criterion": "names two sources and says how their counts differ"},
              {"points": 1, "criterion": "says which count the answer relies on and why"}]


def _exercise(folder: Path) -> Path:
    """A two-part exercise: one tested question (2 points), two open ones with rubrics (3 + 1)."""
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    open_why = md(f"<!-- BEGIN SOLUTION -->\n{MODEL}\n<!-- END SOLUTION -->")
    open_why.metadata = {"coursekit": {"open": "why", "points": 3, "rubric": WHY_RUBRIC}}
    open_year = md("<!-- BEGIN SOLUTION -->\nMODEL-YEAR-SECRET 2013\n<!-- END SOLUTION -->")
    open_year.metadata = {"coursekit": {"open": "year", "points": 1,
                                        "rubric": [{"points": 1, "criterion": "names the year the mission began"}]}}
    nb = nbformat.v4.new_notebook(cells=[
        md("# Demo exercise"),
        code("x = 6 * 7  # SOLUTION"),
        code("#| tests: product\n#| points: 2\ndef test_x(x):\n    assert x == 42, 'x should be 42'"),
        md("## Question 2: two counts (open, 3 points)\n\nCompare the two counts of the dead.\n\n"
           "Write your answer in the cell below, replacing its text."),
        open_why,
        md("## Question 3: when? (open, 1 point)\n\nIn which year did the mission begin?"),
        open_year,
    ])
    for n, c in enumerate(nb.cells):
        c.id = f"c{n}"
    folder.mkdir(parents=True)
    nbformat.write(nb, str(folder / "source.ipynb"))
    generate(folder / "source.ipynb")
    return folder / "source.ipynb"


def _submission(exercise: Path, x: str, why: str, year: str) -> str:
    nb = nbformat.read(str(exercise.parent / "student.ipynb"), as_version=4)
    for c in nb.cells:
        if c.cell_type == "code" and c.source.startswith("x = "):
            c.source = f"x = {x}"
        qid = c.get("metadata", {}).get("coursekit", {}).get("open")
        if qid:
            c.source = {"why": why, "year": year}[qid]
    return nbformat.writes(nb)


ADA_WHY = "The UN counts all causes; AFP counts hostile acts.\nI rely on the UN's."
BOB_WHY = "Bob: one count is bigger. <script>alert(1)</script>"


@pytest.fixture(scope="module")
def graded_once(tmp_path_factory):
    base = tmp_path_factory.mktemp("marking")
    ex = _exercise(base / "ex")
    subs = base / "subs"
    subs.mkdir()
    (subs / "ada.ipynb").write_text(_submission(ex, "42", ADA_WHY, "2013"))
    (subs / "bob.ipynb").write_text(_submission(ex, "41", BOB_WHY, ""))
    (subs / "cy.txt").write_text("my answers are in my head")
    grade.main(subs, ex, base / "out", progress=False, log=io.StringIO(), **LIMITS)
    return base


@pytest.fixture
def work(graded_once, tmp_path):
    """A fresh copy of the graded folder (exercise, submissions, output) for one test."""
    shutil.copytree(graded_once, tmp_path / "w")
    return tmp_path / "w"


@pytest.fixture
def lms_calls(monkeypatch):
    """Replace coursekit.grade.lms by a stub with the documented interface; record its calls."""
    calls = []
    stub = types.ModuleType("coursekit.grade.lms")

    class GradeLine:
        def __init__(self, student, name, lms, lms_id, grade, max_grade, feedback):
            self.__dict__.update(locals())

    def write_lms_gradebooks(lines, out_dir, assignment):
        calls.append((lines, Path(out_dir), assignment))
        return []

    stub.GradeLine, stub.write_lms_gradebooks = GradeLine, write_lms_gradebooks
    monkeypatch.setitem(sys.modules, "coursekit.grade.lms", stub)
    return calls


def gradebook(out: Path) -> dict:
    with open(out / "gradebook.csv", encoding="utf-8", newline="") as f:
        return {r["student"]: r for r in csv.DictReader(f)}


def read_sheet(out: Path) -> tuple[list[str], list[dict]]:
    with open(out / "marking" / "marks.csv", encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


def write_sheet(out: Path, header, rows, delimiter=","):
    with open(out / "marking" / "marks.csv", "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header, delimiter=delimiter)
        w.writeheader()
        w.writerows(rows)


def fill(out: Path, entries: dict, delimiter=",") -> int:
    """Set cells of the sheet: {(student, question): {column: text}}; return the line of the
    first entry (header = line 1)."""
    header, rows = read_sheet(out)
    first = None
    for n, r in enumerate(rows):
        key = (r["student"], r["question"])
        if key in entries:
            r.update(entries[key])
            first = first or n + 2
    write_sheet(out, header, rows, delimiter)
    return first


def test_grade_then_mark_then_apply(work, lms_calls):
    out = work / "out"
    gb = gradebook(out)
    assert [k for k in gb["ada"]] == ["student", "name", "file", "product", "why", "year", "auto", "hand",
                                      "total", "max", "marked", "status", "reason"]
    assert (gb["ada"]["auto"], gb["ada"]["why"], gb["ada"]["total"], gb["ada"]["max"], gb["ada"]["marked"]) == \
        ("2", "", "", "6", "0 of 2")
    # persisted for marking: every row with its open answers
    saved = json.loads((out / "results.json").read_text())
    assert {r["student"]: {s["id"]: s["answer"] for s in r["scores"] if s["kind"] == "open"}
            for r in saved["rows"]} == {"ada": {"why": ADA_WHY, "year": "2013"},
                                        "bob": {"why": BOB_WHY, "year": ""}, "cy": {"why": None, "year": None}}

    from coursekit.cli import main

    assert main(["mark", str(out)]) == 0
    header, rows = read_sheet(out)
    assert header[:7] == ["student", "name", "ref", "question", "max", "points", "comment"]
    assert {"why: 1", "why: 2", "year: 1", "flag"} <= set(header)
    assert [(r["student"], r["question"]) for r in rows] == [
        (s, q) for q in ("why", "year") for s in sorted(["ada", "bob", "cy"], key=lambda s: anon_ref("ex", s))]
    by = {(r["student"], r["question"]): r for r in rows}
    assert (by[("bob", "year")]["points"], by[("bob", "year")]["comment"]) == ("0", "no answer")  # blank cell
    assert by[("cy", "why")]["points"] == "" and by[("ada", "why")]["points"] == ""

    page = (out / "marking" / "index.html").read_text()
    for text in ("Compare the two counts of the dead.", "names two sources and says how their counts differ",
                 MODEL, "The UN counts all causes; AFP counts hostile acts.",
                 "Bob: one count is bigger. &lt;script&gt;alert(1)&lt;/script&gt;",
                 anon_ref("ex", "ada"), "prefers-color-scheme: dark"):
        assert text in page, text
    assert "ada.ipynb" not in page and ">ada<" not in page  # answers under their reference only
    assert "http://" not in page and "https://" not in page and "<script" not in page and "src=" not in page
    assert page.index(anon_ref("ex", sorted(["ada", "bob", "cy"], key=lambda s: anon_ref("ex", s))[0])) < \
        page.index(anon_ref("ex", sorted(["ada", "bob", "cy"], key=lambda s: anon_ref("ex", s))[1]))

    fill(out, {("ada", "why"): {"why: 1": "1", "why: 2": "x", "comment": "Name AFP's source."},
               ("ada", "year"): {"points": "1", "comment": "Right year."},
               ("bob", "why"): {"points": "2,5", "comment": "Say which count you use."}})
    assert main(["mark", str(out), "--apply"]) == 0
    gb = gradebook(out)
    assert (gb["ada"]["why"], gb["ada"]["year"], gb["ada"]["hand"], gb["ada"]["total"], gb["ada"]["marked"]) == \
        ("2", "1", "3", str(int(gb["ada"]["auto"]) + 3), "2 of 2")
    assert (gb["bob"]["why"], gb["bob"]["year"], gb["bob"]["hand"], gb["bob"]["marked"]) == ("2.5", "0", "2.5", "2 of 2")
    assert float(gb["bob"]["total"]) == float(gb["bob"]["auto"]) + 2.5
    assert (gb["cy"]["why"], gb["cy"]["hand"], gb["cy"]["total"], gb["cy"]["marked"]) == ("", "", "", "0 of 2")

    fb = (out / "feedback" / "ada.md").read_text()
    assert "### why: 2 / 3" in fb and "> I rely on the UN's." in fb
    assert "- partly met (1 / 2 points): names two sources and says how their counts differ" in fb
    assert "- met (1 / 1 point): says which count the answer relies on and why" in fb
    assert "Name AFP's source." in fb and "Right year." in fb and "Total: **5 / 6**" in fb
    for secret in ("MODEL-ANSWER-SECRET", "MODEL-YEAR-SECRET", "For the instructor", "Model answer", "S-"):
        assert secret not in fb, secret
    fb = (out / "feedback" / "cy.md").read_text()
    assert "### why: not marked yet (out of 3)" in fb and "The total is not final" in fb
    assert "- 2 points: names two sources" in fb  # the rubric, without criteria ticked

    lines, folder, assignment = lms_calls[-1]
    assert (folder, assignment) == (out, "ex")
    got = {ln.student: (ln.grade, ln.max_grade) for ln in lines}
    assert got == {"ada": (5.0, 6.0), "bob": (float(gb["bob"]["total"]), 6.0), "cy": (None, 6.0)}
    assert "Not final" in next(ln.feedback for ln in lines if ln.student == "cy")


def test_regrading_keeps_marks_and_flags_a_changed_answer(work, lms_calls):
    out, subs = work / "out", work / "subs"
    marking.write_sheet(out)
    fill(out, {("bob", "why"): {"points": "2", "comment": "ok"}, ("ada", "why"): {"points": "3"}})
    marking.apply(out, log=io.StringIO())
    before = (out / "gradebook.csv").read_text()
    grade.main(subs, work / "ex", out, progress=False, log=io.StringIO(), **LIMITS)
    assert (out / "gradebook.csv").read_text() == before  # same folder, same marks

    # bob resubmits with another answer to `why`
    (subs / "bob.ipynb").write_text(_submission(work / "ex" / "source.ipynb", "41", "Bob, second try.", ""))
    log = io.StringIO()
    grade.main(subs, work / "ex", out, progress=False, log=log, **LIMITS)
    _, rows = read_sheet(out)
    bob = next(r for r in rows if (r["student"], r["question"]) == ("bob", "why"))
    assert bob["flag"] == CHANGED and bob["points"] == "2"  # kept, but not silently counted
    gb = gradebook(out)
    assert (gb["bob"]["why"], gb["bob"]["total"], gb["bob"]["marked"]) == ("", "", "1 of 2")
    assert gb["ada"]["why"] == "3"
    assert "### why: not marked yet" in (out / "feedback" / "bob.md").read_text()
    assert any(ln.student == "bob" and ln.grade is None for ln in lms_calls[-1][0])
    assert CHANGED in (out / "marking" / "index.html").read_text()

    # the marker checks the mark and clears the flag: it counts again
    fill(out, {("bob", "why"): {"flag": ""}})
    marking.apply(out, log=io.StringIO())
    assert gradebook(out)["bob"]["why"] == "2"


def test_a_sheet_older_than_the_answers_does_not_count_the_old_mark(work, lms_calls):
    out = work / "out"
    marking.write_sheet(out)
    fill(out, {("ada", "why"): {"points": "3", "answer_hash": "0123456789ab"}})
    log = io.StringIO()
    marking.apply(out, log=log)
    assert gradebook(out)["ada"]["why"] == "" and "ada/why" in log.getvalue()
    assert "the answer changed after the sheet was written" in log.getvalue()


def test_marks_survive_a_rewrite_of_the_sheet_and_semicolons(work, lms_calls):
    out = work / "out"
    marking.write_sheet(out)
    fill(out, {("ada", "why"): {"points": "1,5", "comment": "Réponse « correcte », mais courte"}}, delimiter=";")
    marking.write_sheet(out)  # `coursekit mark` again: the sheet is rewritten, marks kept
    _, rows = read_sheet(out)
    ada = next(r for r in rows if (r["student"], r["question"]) == ("ada", "why"))
    assert (ada["points"], ada["comment"], ada["flag"]) == ("1,5", "Réponse « correcte », mais courte", "")
    marking.apply(out, log=io.StringIO())
    assert gradebook(out)["ada"]["why"] == "1.5"


@pytest.mark.parametrize("entries, message", [
    ({("ada", "why"): {"points": "4"}}, "column `points`: 4 is outside 0 to 3, the points of `why`"),
    ({("ada", "why"): {"points": "two"}}, "column `points`: `two` is not a number"),
    ({("ada", "why"): {"why: 1": "maybe"}}, "column `why: 1`: `maybe` is neither a number nor x"),
    ({("ada", "why"): {"why: 1": "3"}}, "column `why: 1`: 3 is outside 0 to 2"),
    ({("ada", "why"): {"points": "1", "why: 1": "x"}}, "column `points`: 1 but the criteria add up to 2"),
    ({("ada", "why"): {"year: 1": "x"}}, "column `year: 1`: this column is for question `year`"),
    ({("ada", "why"): {"student": "zed"}}, "column `student`: unknown student `zed`"),
    ({("ada", "why"): {"question": "product"}}, "column `question`: unknown question `product`"),
])
def test_bad_values_are_named_with_file_line_and_column(work, lms_calls, entries, message):
    out = work / "out"
    marking.write_sheet(out)
    line = fill(out, entries)
    before = (out / "gradebook.csv").read_text()
    with pytest.raises(DataError) as err:
        marking.apply(out, log=io.StringIO())
    assert f"{out / 'marking' / 'marks.csv'}, line {line}, {message}" in str(err.value)
    assert (out / "gradebook.csv").read_text() == before  # nothing applied


def test_cli_reports_a_bad_sheet_and_a_missing_results_file(work, tmp_path, capsys, lms_calls):
    from coursekit.cli import main

    out = work / "out"
    marking.write_sheet(out)
    fill(out, {("bob", "year"): {"points": "-1"}})
    assert main(["mark", str(out), "--apply"]) == 2
    assert "column `points`: -1 is outside 0 to 1" in capsys.readouterr().err
    assert main(["mark", str(tmp_path / "nothing")]) == 2
    assert "results.json not found: run `coursekit grade" in capsys.readouterr().err
    # saved by a spreadsheet in a legacy code page instead of UTF-8
    sheet = out / "marking" / "marks.csv"
    sheet.write_bytes(sheet.read_text(encoding="utf-8-sig").replace("no answer", "pas de réponse").encode("cp1252"))
    assert main(["mark", str(out), "--apply"]) == 2
    assert "marks.csv: not UTF-8 text" in capsys.readouterr().err


def test_local_form_saves_marks_into_the_sheet(work, lms_calls):
    """`coursekit mark --serve`: 127.0.0.1 only, a token on every request, a bad value not saved."""
    import threading
    import urllib.error
    import urllib.parse
    import urllib.request

    out = work / "out"
    server, url = marking.make_server(out, port=0, token="tok123")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        assert server.server_address[0] == "127.0.0.1" and url.endswith("/?token=tok123")
        page = urllib.request.urlopen(url).read().decode()
        assert page.count('<form class="mark-form" method="post" action="/save">') == 6 and MODEL in page
        base = url.split("?")[0]
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(base)  # no token
        assert err.value.code == 403

        def post(**fields):
            data = urllib.parse.urlencode({"token": "tok123", "comment": "", **fields}).encode()
            try:
                return urllib.request.urlopen(base + "save", data=data).read().decode()
            except urllib.error.HTTPError as e:
                return e.code, e.read().decode()

        post(student="ada", question="why", points="", **{"why: 1": "x", "why: 2": "0"}, comment="Good sources.")
        by = {(r["student"], r["question"]): r for r in read_sheet(out)[1]}
        assert (by[("ada", "why")]["why: 1"], by[("ada", "why")]["comment"]) == ("x", "Good sources.")
        code, body = post(student="bob", question="why", points="9")
        assert code == 400 and "not saved" in body and "column `points`: 9 is outside 0 to 3" in body
        assert read_sheet(out)[1] == list(by.values())  # the sheet is as it was
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(base + "save", data=b"token=wrong&student=ada&question=why&points=3")
    finally:
        server.shutdown()
        server.server_close()
    marking.apply(out, log=io.StringIO())
    assert gradebook(out)["ada"]["why"] == "2"


def test_a_row_twice_and_a_multiline_comment_are_placed_by_line(work, lms_calls):
    out = work / "out"
    marking.write_sheet(out)
    fill(out, {("ada", "why"): {"comment": "first line\nsecond line"}})
    header, rows = read_sheet(out)
    rows.append(dict(rows[-1]))  # the last row again, after a comment spanning two lines
    write_sheet(out, header, rows)
    text = (out / "marking" / "marks.csv").read_text(encoding="utf-8-sig")
    last = text.count("\n")  # the duplicate is the file's last line
    with pytest.raises(DataError, match=rf"marks.csv, line {last}: student `{rows[-1]['student']}`, "
                                        rf"question `year` is already on line {last - 1}"):
        marking.apply(out, log=io.StringIO())
