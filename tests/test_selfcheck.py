"""`coursekit selfcheck`: students' self-check records (made by the book's progress.js) read into
a class overview; the checksum computed the same way in JavaScript and in Python.

The records here are made by the real ``coursekit/quiz/assets/progress.js`` run under node (its
storage code, without a page; tests/test_quiz_js.py makes one in a real browser page), or, for
a class of 30, written in the same shape by :func:`make_record` and sealed with
:func:`coursekit.selfcheck.checksum`, whose agreement with progress.js is tested first.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from coursekit import selfcheck
from coursekit.questions import load_bank

FILES = Path(__file__).resolve().parent / "files"
PROGRESS_JS = Path(__file__).resolve().parents[1] / "coursekit" / "quiz" / "assets" / "progress.js"

#: Runs progress.js under node with a storage object like localStorage; argv: steps (JSON list of
#: [id, kind, response, correct]), student name, JSON of entries to pre-store in an older format.
NODE_DRIVER = r"""
global.document = { readyState: "complete", querySelectorAll: () => [] };
global.window = {};
require(process.argv[2]);
const P = window.ckProgress;
class Store {
  constructor() { this.m = new Map(); }
  get length() { return this.m.size; }
  key(i) { const k = [...this.m.keys()][i]; return k === undefined ? null : k; }
  getItem(k) { return this.m.has(k) ? this.m.get(k) : null; }
  setItem(k, v) { this.m.set(k, String(v)); }
  removeItem(k) { this.m.delete(k); }
}
const s = new Store();
const old = JSON.parse(process.argv[5] || "{}");
for (const id of Object.keys(old)) s.setItem(P.PREFIX + id, JSON.stringify(old[id]));
for (const [id, kind, response, correct] of JSON.parse(process.argv[3])) {
  const entry = P.addAttempt(P.load(s, id), { id, kind, response, correct }, "chapters/01-minusma.html");
  s.setItem(P.PREFIX + id, JSON.stringify(entry));
}
const mode = process.argv[6] || "record";
if (mode === "record") console.log(JSON.stringify(P.record(s, process.argv[4])));
else console.log(JSON.stringify(JSON.parse(process.argv[4]).map(t => [P.sha256(t), P.canonical(JSON.parse(t))])));
"""


def node() -> str:
    path = shutil.which("node")
    assert path, "node is missing: install Debian's nodejs (the book build needs it for npm ci too)"
    return path


def run_js(tmp_path, steps, student="", old=None, mode="record"):
    driver = tmp_path / "driver.js"
    driver.write_text(NODE_DRIVER, encoding="utf-8")
    args = [node(), str(driver), str(PROGRESS_JS), json.dumps(steps), student, json.dumps(old or {}), mode]
    out = subprocess.run(args, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def bank(fake_course):
    return load_bank(FILES / "questions" / "valid.yaml", fake_course)


@pytest.fixture(scope="module")
def banks(bank):
    return {bank.chapter: bank}


def index_of(q, text):
    return str(next(i for i, o in enumerate(q.options) if o.text == text))


# --------------------------------------------------------------------------- JS and Python agree

def test_sha256_and_canonical_json_are_the_same_in_js_and_python(tmp_path):
    """progress.js's own SHA-256 (crypto.subtle is missing on plain-http pages) against hashlib,
    at the padding edges (55, 56, 64 bytes) and with accents, quotes, emoji and control
    characters; its canonical JSON against json.dumps(sort_keys=True, separators=(",", ":"))."""
    data = [{"b": [1, "x\n\"\u00e9\\", None], "a": {"z": True, "y": False}, "\u00e9": "\U0001f600\t"},
            ["Mopti", "S\u00e9gou", "\u201cquoted\u201d", "\u0001"], "a" * 55, "a" * 56, "a" * 64, "x" * 1000, ""]
    texts = [json.dumps(d, ensure_ascii=False) for d in data]
    got = run_js(tmp_path, [], json.dumps(texts), mode="hash")
    for text, d, (sha, canon) in zip(texts, data, got):
        assert sha == hashlib.sha256(text.encode("utf-8")).hexdigest(), text[:30]
        assert canon == selfcheck.canonical_json(d)


def test_a_record_made_by_progress_js_keeps_every_attempt_and_its_checksum_matches(tmp_path, bank):
    q = bank["res-2100-body"]
    wrong, right = index_of(q, "The African Union"), index_of(q, "The UN Security Council")
    rec = run_js(tmp_path, [["res-2100-body", "single", [wrong], False],
                            ["res-2100-body", "single", [right], True],
                            ["fatalities", "numeric", "900", False]], student="Aminata Traor\u00e9")
    assert rec["checksum"]["algorithm"] == "SHA-256"
    assert rec["checksum"]["value"] == selfcheck.checksum(rec)
    assert "not an exam" in rec["note"]
    assert (rec["answered"], rec["correct"], rec["attempts"]) == (2, 1, 3)
    path = tmp_path / "rec.json"
    path.write_text(json.dumps(rec, indent=2, ensure_ascii=False), encoding="utf-8")
    r = selfcheck.read_record(path)
    assert r.status == "ok" and r.student == "Aminata Traor\u00e9"
    tries = r.answers["res-2100-body"]
    assert [(t.answer, t.correct) for t in tries] == [([wrong], False), ([right], True)]
    assert tries[0].at <= tries[1].at and tries[0].at.endswith("Z")


def test_an_older_stored_answer_becomes_the_first_attempt_and_attempts_are_bounded(tmp_path, bank):
    """What earlier versions of progress.js stored ({kind, correct, response, page, at}) is read
    as one attempt; after MAX_ATTEMPTS the first attempt and the latest ones are kept."""
    old = {"withdrawal-consent": {"kind": "truefalse", "correct": False, "response": ["true"],
                                  "page": "chapters/01-minusma.html", "at": "2026-11-01T10:00:00.000Z"}}
    rec = run_js(tmp_path, [["withdrawal-consent", "truefalse", ["false"], True]], old=old)
    (entry,) = rec["answers"]
    assert [(a["answer"], a["correct"]) for a in entry["attempts"]] == [(["true"], False), (["false"], True)]
    assert entry["attempts"][0]["at"] == "2026-11-01T10:00:00.000Z"

    steps = [["fatalities", "numeric", str(n), False] for n in range(1, 61)]
    rec = run_js(tmp_path, steps)
    (entry,) = rec["answers"]
    assert len(entry["attempts"]) == 50 and entry["attempts_not_kept"] == 10
    assert entry["attempts"][0]["answer"] == "1"  # the first try stays
    assert [a["answer"] for a in entry["attempts"][1:]] == [str(n) for n in range(12, 61)]


# --------------------------------------------------------------------------- one record

def test_an_edited_record_is_flagged_and_its_answers_marked_by_the_bank(tmp_path, bank, banks):
    q = bank["res-2100-body"]
    wrong = index_of(q, "The African Union")
    rec = run_js(tmp_path, [["res-2100-body", "single", [wrong], False]], student="Ada")
    rec["answers"][0]["attempts"][0]["correct"] = True  # the student makes the wrong answer right
    rec["answers"][0]["correct"] = True
    path = tmp_path / "ada.json"
    path.write_text(json.dumps(rec), encoding="utf-8")
    r = selfcheck.read_record(path)
    assert r.status == "edited" and r.counted
    assert any("checksum does not match" in n for n in r.notes)
    rows, _ = selfcheck.question_rows([r], banks)
    row = next(x for x in rows if x["question"] == "res-2100-body")
    assert (row["tried"], row["right_first_try"]) == (1, 0)  # still wrong
    assert row["most_chosen_wrong"] == "\u201cThe African Union\u201d"


@pytest.mark.parametrize("content, reason", [
    (b'{"kind": "self-check record", "answers": [', "not valid JSON (line 1"),
    (b'{"name": "something else"}', "not a self-check record"),
    (b"\xff\xfe\x00garbage\x81", "not a text file"),
])
def test_bad_files_are_named_with_the_reason(tmp_path, content, reason):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(selfcheck.DataError) as exc:
        selfcheck.read_record(path)
    assert str(exc.value).startswith("bad.json: ") and reason in str(exc.value)


# --------------------------------------------------------------------------- a class

def make_record(student: str, answers: dict, downloaded_at: str) -> dict:
    """A record in progress.js's shape (format 2), sealed with the shared checksum."""
    entries = []
    for qid, (kind, tries) in answers.items():
        attempts = [{"answer": a, "correct": c, "at": f"2026-12-01T09:{i:02d}:00.000Z"}
                    for i, (a, c) in enumerate(tries)]
        entries.append({"question": qid, "page": "chapters/01-minusma.html", "kind": kind,
                        "correct": attempts[-1]["correct"], "answer": attempts[-1]["answer"],
                        "answered_at": attempts[-1]["at"], "attempts": attempts, "attempts_not_kept": 0})
    rec = {"course": "After MINUSMA", "kind": "self-check record", "format": 2, "note": "self-check",
           "student": student, "browser": f"b-{student}", "downloaded_at": downloaded_at,
           "answered": len(entries), "correct": sum(e["correct"] for e in entries),
           "attempts": sum(len(e["attempts"]) for e in entries), "answers": entries}
    rec["checksum"] = {"algorithm": "SHA-256", "of": "...", "value": selfcheck.checksum(rec)}
    return rec


@pytest.fixture
def class_folder(tmp_path, bank):
    """30 students' records (Moodle's one folder per student for half of them), one student's
    older copy handed in too, a broken file and a JSON file that is no record."""
    q = bank["res-2100-body"]
    au, ecowas, council = (index_of(q, t) for t in ("The African Union", "ECOWAS", "The UN Security Council"))
    m = bank["mandate-parts"]
    serval = index_of(m, "Counter-terrorism offensives")
    right_set = sorted(str(i) for i, o in enumerate(m.options) if o.correct)
    folder = tmp_path / "records"
    for i in range(30):
        name = f"Student {i:02d}"
        answers = {}
        # res-2100-body: 12 wrong first (9 the AU, 3 ECOWAS), then right; 18 right first
        first = [au] if i < 9 else [ecowas] if i < 12 else [council]
        tries = [(first, first == [council])] + ([([council], True)] if first != [council] else [])
        answers["res-2100-body"] = ("single", tries)
        # mandate-parts: tried by the first 10 only, 8 of them ticking Serval's task too at first
        if i < 10:
            first = right_set + [serval] if i < 8 else right_set
            answers["mandate-parts"] = ("multiple", [(first, i >= 8), (right_set, True)][: 1 if i >= 8 else 2])
        # withdrawal-consent: everyone right first
        answers["withdrawal-consent"] = ("truefalse", [(["false"], True)])
        rec = make_record(name, answers, f"2026-12-01T10:{i:02d}:00.000Z")
        if i % 2:
            where = folder / f"{name}_{1000 + i}_assignsubmission_file_" / "after-minusma-self-check.json"
            rec["student"] = ""  # no name typed: taken from Moodle's folder
            rec["checksum"]["value"] = selfcheck.checksum(rec)
        else:
            where = folder / f"{name.replace(' ', '-').lower()}.json"
        where.parent.mkdir(parents=True, exist_ok=True)
        where.write_text(json.dumps(rec, indent=2), encoding="utf-8")
    # Student 04 also handed in an older record, all wrong: it must not count
    older = make_record("student 04", {"res-2100-body": ("single", [([au], False)]),
                                       "withdrawal-consent": ("truefalse", [(["true"], False)])},
                        "2026-11-20T08:00:00.000Z")
    (folder / "student-04-old.json").write_text(json.dumps(older), encoding="utf-8")
    (folder / "broken.json").write_text('{"kind": "self-check record", "answers": [{"question"',
                                        encoding="utf-8")
    (folder / "notes.json").write_text('{"todo": 1}', encoding="utf-8")
    return folder


def read_csv(path):
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_a_class_of_30_with_a_broken_file_and_a_duplicate(class_folder, banks, tmp_path, bank):
    out = tmp_path / "overview"
    log = tmp_path / "log.txt"
    with log.open("w") as fh:
        paths = selfcheck.main(class_folder, out, banks=banks, log=fh)
    text = log.read_text()
    assert "33 file(s): 30 record(s) counted, 0 edited after download, 1 duplicate(s) not counted, 2 unreadable" in text
    assert "broken.json: not valid JSON" in text and "notes.json: not a self-check record" in text

    records = {r["file"]: r for r in read_csv(paths["records"])}
    assert len(records) == 33  # nothing handed in is lost
    assert records["broken.json"]["status"] == "unreadable" and records["broken.json"]["counted"] == "no"
    assert records["student-04-old.json"]["status"] == "duplicate"
    assert "student-04.json" in records["student-04-old.json"]["explanation"]
    assert records["student-04.json"]["status"] == "ok"
    moodle = records["Student 01_1001_assignsubmission_file_/after-minusma-self-check.json"]
    assert moodle["student"] == "Student 01" and moodle["counted"] == "yes"
    assert sum(r["counted"] == "yes" for r in records.values()) == 30

    rows = {r["question"]: r for r in read_csv(paths["questions"])}
    r = rows["res-2100-body"]
    assert (r["tried"], r["right_first_try"], r["right_first_pct"], r["right_last_try"]) == ("30", "18", "60.0", "30")
    assert r["attempts"] == "42"
    assert (r["most_chosen_wrong"], r["chosen_by"]) == ("\u201cThe African Union\u201d", "9")
    r = rows["mandate-parts"]
    assert (r["tried"], r["right_first_try"], r["right_first_pct"]) == ("10", "2", "20.0")
    assert (r["most_chosen_wrong"], r["chosen_by"]) == ("\u201cCounter-terrorism offensives\u201d", "8")
    r = rows["withdrawal-consent"]
    assert (r["tried"], r["right_first_try"], r["most_chosen_wrong"]) == ("30", "30", "")
    assert rows["fatalities"]["tried"] == "0" and rows["fatalities"]["right_first_pct"] == ""
    # what to re-teach first comes first; untried questions last
    order = [r["question"] for r in read_csv(paths["questions"])]
    assert order[:3] == ["mandate-parts", "res-2100-body", "withdrawal-consent"]
    assert set(order[3:]) == {"fatalities", "coups-order"}

    objectives = read_csv(paths["objectives"])
    why = next(o for o in objectives if o["objective"] == "why-2013")
    assert (why["questions"], why["questions_tried"], why["answers"], why["right_first_try"]) == ("3", "3", "70", "50")
    assert why["weakest_question"] == "mandate-parts" and why["right_first_pct"] == "71.4"
    assert objectives[0]["objective"] == "why-2013"  # the only objective with answers


def test_the_overview_page_is_self_contained_with_a_chart(class_folder, banks, tmp_path):
    paths = selfcheck.main(class_folder, tmp_path / "o", banks=banks, log=open("/dev/null", "w"))
    html = paths["html"].read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find_all(["script", "link", "img", "iframe"]) == []
    assert not [t for t in soup.find_all(src=True)] and not [t for t in soup.find_all(href=True)]
    assert "prefers-color-scheme: dark" in html  # readable in dark mode
    chart = soup.find("svg", id="ck-chart-questions")
    bars = chart.find_all("rect", class_="bar")
    labels = [t.get_text() for t in chart.find_all("text")]
    assert labels[:2] == ["mandate-parts", "20% (2 of 10)"]  # worst first
    assert float(bars[0]["width"]) == pytest.approx(330 * 0.2)
    assert float(bars[1]["width"]) == pytest.approx(330 * 0.6)
    assert soup.find("svg", id="ck-chart-objectives").find("title").get_text().startswith("Share of answers")
    assert "not an exam" in soup.get_text()
    flagged = [td.get_text() for td in soup.select("td.flag")]
    assert flagged.count("duplicate") == 1 and flagged.count("unreadable") == 2


def test_an_older_record_without_checksum_counts_its_last_answer(tmp_path, bank, banks):
    q = bank["res-2100-body"]
    old = {"course": "After MINUSMA", "kind": "self-check record", "downloaded_at": "2026-10-01T00:00:00Z",
           "answered": 1, "correct": 1,
           "answers": [{"question": "res-2100-body", "page": "chapters/01-minusma.html", "kind": "single",
                        "correct": True, "answer": [index_of(q, "The UN Security Council")],
                        "answered_at": "2026-10-01T00:00:00Z"}]}
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "old.json").write_text(json.dumps(old), encoding="utf-8")
    records, bad = selfcheck.read_folder(tmp_path / "in")
    assert bad == [] and records[0].status == "no-checksum" and records[0].student == "old"
    rows, _ = selfcheck.question_rows(records, banks)
    row = next(x for x in rows if x["question"] == "res-2100-body")
    assert (row["tried"], row["right_first_try"]) == (1, 1)


def test_the_command_line(class_folder, tmp_path, banks, monkeypatch, capsys):
    """`coursekit selfcheck FOLDER --out DIR` as registered for the coursekit CLI."""
    parser = argparse.ArgumentParser()
    selfcheck.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["selfcheck", str(class_folder), "--out", str(tmp_path / "out")])
    monkeypatch.setattr("coursekit.questions.load_all", lambda root=None, course=None: banks)
    assert args.func(args) == 0
    assert "30 record(s) counted" in capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "selfcheck-objectives.csv", "selfcheck-questions.csv", "selfcheck-records.csv", "selfcheck.html"]


def test_a_missing_folder_is_a_clear_error(tmp_path, banks):
    with pytest.raises(selfcheck.DataError, match="no such folder"):
        selfcheck.main(tmp_path / "nope", tmp_path / "out", banks=banks)


def test_a_zip_download_reads_as_the_folder_does(class_folder, tmp_path, banks):
    """An LMS's "download all" .zip (one folder per student inside) gives the same overview as
    the unpacked folder."""
    import zipfile

    archive = tmp_path / "submissions.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for p in sorted(class_folder.rglob("*")):
            if p.is_file():
                zf.write(p, p.relative_to(class_folder).as_posix())
        zf.writestr("__MACOSX/._broken.json", b"\x00\x05")
    null = open("/dev/null", "w")
    from_zip = selfcheck.main(archive, tmp_path / "z", banks=banks, log=null)
    from_dir = selfcheck.main(class_folder, tmp_path / "d", banks=banks, log=null)
    for key in ("questions", "objectives", "records"):
        assert from_zip[key].read_text() == from_dir[key].read_text(), key
    assert len(read_csv(from_zip["records"])) == 33
