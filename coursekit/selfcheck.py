"""`coursekit selfcheck`: read students' self-check records into a class overview.

A self-check record is the JSON file the book's "Download my self-check record" button writes
(``coursekit/quiz/assets/progress.js``): every attempt at each practice question, with the answer
given, whether it was right and when. It is a self-check, not an exam: the student can change it,
and the page that made it can keep no secret. Its checksum (SHA-256 of the record without its
``checksum`` field, as JSON with sorted keys, no spaces, UTF-8: :func:`checksum`, the same
algorithm as ``progress.js``) shows only that a file was changed by hand after it was
downloaded; anyone can recompute it.

``coursekit selfcheck FOLDER --out DIR`` reads every file in FOLDER (subfolders included, so an
LMS download with one folder per student works as it comes; FOLDER may also be that download's
.zip), and writes into DIR:

- ``selfcheck.html``: the overview to read, with bar charts (inline SVG, nothing fetched);
- ``selfcheck-questions.csv``: per question, how many students tried it, how many were right at
  the first try, the most chosen wrong answer;
- ``selfcheck-objectives.csv``: the same per learning objective of a chapter;
- ``selfcheck-records.csv``: every file read, counted or not and why (edited, duplicate,
  unreadable), so that nothing handed in is lost.

Rows are sorted so that what to re-teach comes first: the lowest share right at the first try.
Answers are marked again against the question banks, so a ``correct`` changed by hand in a
record does not change the counts (the record is flagged as edited all the same).
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
import unicodedata
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from .errors import DataError

__all__ = ["checksum", "canonical_json", "Attempt", "Record", "BadFile", "read_record", "parse_record",
           "read_folder", "mark_duplicates", "question_rows", "objective_rows", "write_overview",
           "main", "register"]

#: The ``kind`` every record carries (progress.js).
RECORD_KIND = "self-check record"
#: Files larger than this are not records (a record of all 84 questions with 50 attempts each
#: stays far below it).
MAX_BYTES = 5_000_000
#: Moodle's "Download all submissions" folder: ``Full Name_12345_assignsubmission_file_``.
MOODLE_FOLDER = re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_assignsubmission_\w+?_?$")

STATUS_TEXT = {
    "ok": "counted; checksum matches",
    "no-checksum": "counted; written before records had a checksum (only the last answer kept)",
    "edited": "counted, but changed after download (checksum does not match); answers re-marked",
    "duplicate": "not counted: the same student handed in a newer record",
    "unreadable": "not counted: not a self-check record",
}


# --------------------------------------------------------------------------- checksum

def canonical_json(data) -> str:
    """JSON with keys sorted and no spaces, non-ASCII kept: what progress.js's ``canonical`` gives."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def checksum(record: dict) -> str:
    """SHA-256 (hex) of ``record`` without its ``checksum`` field, as canonical JSON in UTF-8."""
    body = {k: v for k, v in record.items() if k != "checksum"}
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- reading

@dataclass
class Attempt:
    """One answer to one question, as recorded."""

    answer: object
    correct: bool
    at: str = ""


@dataclass
class Record:
    """One student's record, read from ``file``."""

    file: str
    student: str
    browser: str
    downloaded_at: str
    format: int
    #: question id -> attempts, first attempt first
    answers: dict[str, list[Attempt]]
    status: str = "ok"
    notes: list[str] = field(default_factory=list)

    @property
    def counted(self) -> bool:
        return self.status in ("ok", "no-checksum", "edited")

    @property
    def key(self) -> str:
        """Who this is, for finding duplicates: the name, without case, accents or extra spaces."""
        text = unicodedata.normalize("NFKD", self.student)
        text = "".join(c for c in text if not unicodedata.combining(c))
        return " ".join(text.casefold().split())


@dataclass
class BadFile:
    """A file that is not a readable self-check record, and why."""

    file: str
    reason: str


def _name_from_path(rel: str) -> str:
    """A student name from where the file sits: a Moodle folder, else the file's name."""
    path = Path(rel)
    for part in reversed(path.parts[:-1]):
        m = MOODLE_FOLDER.match(part)
        if m:
            return m.group("name")
    stem = re.sub(r"^after-minusma-self-check-?", "", path.stem)
    return stem or path.stem


def _attempts(entry: dict, where: str) -> list[Attempt]:
    tries = entry.get("attempts")
    if tries is None:  # format 1: only the last answer
        return [Attempt(entry.get("answer"), bool(entry.get("correct")), str(entry.get("answered_at") or ""))]
    if not isinstance(tries, list) or not all(isinstance(t, dict) for t in tries):
        raise DataError(f"{where}: `attempts` is not a list of attempts")
    return [Attempt(t.get("answer"), bool(t.get("correct")), str(t.get("at") or "")) for t in tries]


def read_record(path: str | Path, rel: str | None = None) -> Record:
    """Read one record; its status says whether it is intact (``ok``), older (``no-checksum``)
    or changed after download (``edited``).

    Raises:
        DataError: not JSON, or not a self-check record (the message names the file).
    """
    path = Path(path)
    rel = rel or path.name
    if path.stat().st_size > MAX_BYTES:
        raise DataError(f"{rel}: {path.stat().st_size:,} bytes, too large for a self-check record")
    return parse_record(path.read_bytes(), rel)


def parse_record(raw: bytes, rel: str) -> Record:
    """A record from the bytes of file ``rel`` (see :func:`read_record`)."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise DataError(f"{rel}: not a text file; a self-check record is a .json file") from None
    except json.JSONDecodeError as exc:
        raise DataError(f"{rel}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
                        "ask the student to download the record again") from None
    if not isinstance(data, dict) or data.get("kind") != RECORD_KIND or not isinstance(data.get("answers"), list):
        raise DataError(f"{rel}: not a self-check record (no `kind: {RECORD_KIND}` with a list of "
                        "`answers`); it should come from the book's \"Download my self-check record\"")
    answers: dict[str, list[Attempt]] = {}
    notes = []
    for i, entry in enumerate(data["answers"]):
        where = f"{rel}, answer {i + 1}"
        if not isinstance(entry, dict) or not isinstance(entry.get("question"), str):
            notes.append(f"answer {i + 1} has no question id; left out")
            continue
        try:
            tries = _attempts(entry, where)
        except DataError as exc:
            notes.append(f"{exc}; left out")
            continue
        if tries:
            answers[entry["question"]] = tries
    fmt = data.get("format", 1)
    rec = Record(rel, str(data.get("student") or "").strip() or _name_from_path(rel),
                 str(data.get("browser") or ""), str(data.get("downloaded_at") or ""),
                 fmt if isinstance(fmt, int) else 1, answers, notes=notes)
    given = data.get("checksum")
    if not given:
        rec.status = "no-checksum"
    elif not isinstance(given, dict) or given.get("algorithm") != "SHA-256":
        rec.status = "edited"
        rec.notes.append("checksum in an unknown form")
    elif given.get("value") != checksum(data):
        rec.status = "edited"
        rec.notes.append("checksum does not match: the file was changed after it was downloaded")
    return rec


def _read_zip(archive: Path) -> tuple[list[Record], list[BadFile]]:
    """Every file in a .zip (an LMS's "download all"), as :func:`read_folder` reads a folder."""
    records, bad = [], []
    try:
        zf = zipfile.ZipFile(archive)
    except zipfile.BadZipFile:
        raise DataError(f"{archive}: not a readable .zip archive; unpack it and give the folder") from None
    with zf:
        for info in sorted(zf.infolist(), key=lambda i: i.filename):
            rel = info.filename
            if info.is_dir() or any(part.startswith(".") or part == "__MACOSX" for part in rel.split("/")):
                continue
            if info.file_size > MAX_BYTES:
                bad.append(BadFile(rel, f"{rel}: {info.file_size:,} bytes, too large for a self-check record"))
                continue
            try:
                records.append(parse_record(zf.read(info), rel))
            except (DataError, OSError, zipfile.BadZipFile) as exc:
                bad.append(BadFile(rel, str(exc)))
    return records, bad


def read_folder(folder: str | Path) -> tuple[list[Record], list[BadFile]]:
    """Every file under ``folder`` (hidden files and folders left out), or in a .zip archive,
    read as a record or reported as a bad file by name; nothing raises for one bad file."""
    folder = Path(folder)
    if folder.is_file() and folder.suffix.lower() == ".zip":
        return _read_zip(folder)
    if not folder.is_dir():
        raise DataError(f"{folder}: no such folder; give the folder holding the students' "
                        "self-check records (.json files)")
    records, bad = [], []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if any(part.startswith(".") for part in Path(rel).parts):
            continue
        try:
            records.append(read_record(path, rel))
        except (DataError, OSError) as exc:
            bad.append(BadFile(rel, str(exc)))
    return records, bad


def mark_duplicates(records: list[Record]) -> None:
    """The same student twice: the newest record (by download time, then file name) counts, the
    others get status ``duplicate``. Records from one browser under different names get a note."""
    by_key: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        by_key[r.key].append(r)
    for group in by_key.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda r: (r.downloaded_at, r.file))
        newest = group[-1]
        for r in group[:-1]:
            r.status = "duplicate"
            r.notes.append(f"the same student as {newest.file}, which is newer and counted")
    by_browser: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        if r.browser:
            by_browser[r.browser].append(r)
    for group in by_browser.values():
        names = {r.key for r in group}
        if len(names) > 1:
            for r in group:
                others = ", ".join(o.file for o in group if o is not r)
                r.notes.append(f"downloaded from the same browser as {others} (a shared computer, "
                               "or one record handed in under two names)")


# --------------------------------------------------------------------------- marking again

def _response(q, answer):
    """A recorded answer (as quiz.js's getResponse gives it) in the form Question.check takes."""
    if q.kind == "single":
        return int(answer[0]) if answer else None
    if q.kind == "multiple":
        return [int(i) for i in answer]
    if q.kind == "truefalse":
        return answer[0] if answer else None
    return answer


def _remark(q, attempt: Attempt) -> tuple[bool, object]:
    """(right?, the check's Result or None) for one attempt, marked by the bank."""
    try:
        result = q.check(_response(q, attempt.answer))
    except (ValueError, TypeError, IndexError, KeyError, AttributeError):
        return attempt.correct, None
    if not result.answered:
        return attempt.correct, None
    return result.correct, result


def _wrong_choices(q, attempt: Attempt, result) -> set[str]:
    """What was wrong in a wrong attempt, in words an instructor can act on."""
    if result is None or result.correct:
        return set()
    if q.kind in ("single", "multiple"):
        return {f"\u201c{q.options[i].text}\u201d" for i, right in result.marks
                if not q.options[i].correct}
    if q.kind == "truefalse":
        return {"True" if q.answer is False else "False"}
    if q.kind == "numeric":
        return {result.feedback[0].replace("Your answer is ", "").rstrip(".")}  # too low / too high
    labels = {i.id: i.label for i in q.items}
    return {f"\u201c{labels[eid]}\u201d out of place" for eid, ok in result.marks if not ok}


# --------------------------------------------------------------------------- the overview

def _pct(n: int, d: int) -> float | None:
    return round(100 * n / d, 1) if d else None


def question_rows(records: list[Record], banks: dict) -> tuple[list[dict], list[str]]:
    """One row per question of the banks, worst first; and notes on unknown question ids."""
    counted = [r for r in records if r.counted]
    unknown = Counter()
    rows = []
    by_id = {q.id: (bank, q) for bank in banks.values() for q in bank.questions}
    for r in counted:
        for qid in r.answers:
            if qid not in by_id:
                unknown[qid] += 1
    for chapter, bank in banks.items():
        for q in bank.questions:
            tried = right_first = right_last = attempts = 0
            wrong = Counter()
            for r in counted:
                tries = r.answers.get(q.id)
                if not tries:
                    continue
                marks = [_remark(q, a) for a in tries]
                tried += 1
                attempts += len(tries)
                right_first += marks[0][0]
                right_last += marks[-1][0]
                chosen = set()
                for a, (_, result) in zip(tries, marks):
                    chosen |= _wrong_choices(q, a, result)
                wrong.update(chosen)
            top = wrong.most_common(1)
            rows.append({
                "chapter": chapter, "question": q.id, "kind": q.kind, "level": q.level or "",
                "objectives": " ".join(q.objectives), "prompt": q.prompt,
                "tried": tried, "right_first_try": right_first,
                "right_first_pct": _pct(right_first, tried), "right_last_try": right_last,
                "attempts": attempts,
                "most_chosen_wrong": top[0][0] if top else "",
                "chosen_by": top[0][1] if top else 0,
            })
    rows.sort(key=_worst_first)
    notes = [f"question `{qid}` is in {n} record(s) but in no question bank (renamed or removed); "
             "left out" for qid, n in sorted(unknown.items())]
    return rows, notes


def _worst_first(row: dict):
    pct = row["right_first_pct"]
    return (pct is None, pct if pct is not None else 0.0, -row.get("tried", row.get("answers", 0)), row["chapter"],
            row.get("question") or row.get("objective"))


def objective_rows(qrows: list[dict], banks: dict) -> list[dict]:
    """One row per chapter objective: its questions' answers together, worst first."""
    rows = []
    for chapter, bank in banks.items():
        for obj in bank.objectives:
            mine = [r for r in qrows if r["chapter"] == chapter and obj.id in r["objectives"].split()]
            tried = sum(r["tried"] for r in mine)
            right = sum(r["right_first_try"] for r in mine)
            rated = [r for r in mine if r["tried"]]
            weakest = min(rated, key=_worst_first)["question"] if rated else ""
            levels = Counter(r["level"] or "no level" for r in mine)
            rows.append({
                "chapter": chapter, "objective": obj.id, "text": obj.text,
                "questions": len(mine), "questions_tried": len(rated),
                "levels": ", ".join(f"{n} {lvl}" for lvl, n in sorted(levels.items())),
                "answers": tried, "right_first_try": right, "right_first_pct": _pct(right, tried),
                "weakest_question": weakest,
            })
    rows.sort(key=_worst_first)
    return rows


QUESTION_COLUMNS = ["rank", "chapter", "question", "kind", "level", "objectives", "tried",
                    "right_first_try", "right_first_pct", "right_last_try", "attempts",
                    "most_chosen_wrong", "chosen_by", "prompt"]
OBJECTIVE_COLUMNS = ["rank", "chapter", "objective", "questions", "questions_tried", "levels",
                     "answers", "right_first_try", "right_first_pct", "weakest_question", "text"]
RECORD_COLUMNS = ["file", "student", "status", "counted", "questions", "attempts",
                  "downloaded_at", "explanation"]


def _write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for i, row in enumerate(rows, 1):
            out = {"rank": i, **row}
            out = {k: ("" if v is None else v) for k, v in out.items()}
            writer.writerow(out)


def record_rows(records: list[Record], bad: list[BadFile]) -> list[dict]:
    """Every file read, in file order: what happened to it."""
    rows = [{"file": r.file, "student": r.student, "status": r.status,
             "counted": "yes" if r.counted else "no", "questions": len(r.answers),
             "attempts": sum(len(t) for t in r.answers.values()), "downloaded_at": r.downloaded_at,
             "explanation": "; ".join([STATUS_TEXT[r.status]] + r.notes)} for r in records]
    rows += [{"file": b.file, "student": "", "status": "unreadable", "counted": "no", "questions": 0,
              "attempts": 0, "downloaded_at": "", "explanation": b.reason} for b in bad]
    return sorted(rows, key=lambda r: r["file"])


# --------------------------------------------------------------------------- HTML

_CSS = """
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d0d7de;
  --bar: #0072b2; --track: #e6ebf0; --low: #b42318; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0f1720; --fg: #e6edf3; --muted: #a8b3bd; --line: #3a4a5a; --bar: #56b4e9;
    --track: #26323e; --low: #ff8a80; } }
body { margin: 0 auto; max-width: 64rem; padding: 1rem; font-family: system-ui, sans-serif;
  background: var(--bg); color: var(--fg); line-height: 1.45; }
h1, h2 { line-height: 1.2; }
.note { color: var(--muted); }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; margin: 0.5rem 0 1.5rem; }
th, td { border-bottom: 1px solid var(--line); padding: 0.3rem 0.4rem; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.flag { color: var(--low); font-weight: 600; }
svg { display: block; max-width: 100%; height: auto; color: var(--fg); }
svg .track { fill: var(--track); }
svg .bar { fill: var(--bar); }
svg text { fill: currentColor; font: 12px system-ui, sans-serif; }
"""


def _chart(rows: list[dict], label, title: str, chart_id: str) -> str:
    """Horizontal bars of the share right at the first try, one per row (inline SVG)."""
    rows = [r for r in rows if r["right_first_pct"] is not None]
    if not rows:
        return "<p class=\"note\">Nothing answered yet.</p>"
    lw, bw, rh = 300, 330, 22
    height = rh * len(rows) + 10
    parts = [f'<svg id="{chart_id}" role="img" aria-labelledby="{chart_id}-title" viewBox="0 0 {lw + bw + 130} '
             f'{height}" width="{lw + bw + 130}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{chart_id}-title">{escape(title)}</title>']
    for i, r in enumerate(rows):
        y = 5 + i * rh
        text = label(r)
        short = text if len(text) <= 46 else text[:45] + "\u2026"
        pct = r["right_first_pct"]
        n, d = r["right_first_try"], r.get("tried", r.get("answers"))
        parts.append(f'<g><title>{escape(text)}: {pct:g}% right at the first try ({n} of {d})</title>'
                     f'<text x="{lw - 6}" y="{y + 15}" text-anchor="end">{escape(short)}</text>'
                     f'<rect class="track" x="{lw}" y="{y + 3}" width="{bw}" height="{rh - 8}" rx="2"/>'
                     f'<rect class="bar" x="{lw}" y="{y + 3}" width="{bw * pct / 100:.1f}" '
                     f'height="{rh - 8}" rx="2"/>'
                     f'<text x="{lw + bw + 6}" y="{y + 15}">{pct:g}% ({n} of {d})</text></g>')
    parts.append("</svg>")
    return "\n".join(parts)


def _table(columns: list[tuple[str, str]], rows: list[dict], numeric=()) -> str:
    head = "".join(f"<th scope=\"col\">{escape(title)}</th>" for _, title in columns)
    body = []
    for i, row in enumerate(rows, 1):
        cells = []
        for key, _ in columns:
            value = i if key == "rank" else row.get(key)
            value = "" if value is None else value
            cls = ' class="n"' if key in numeric or key == "rank" else ""
            if key == "status" and value not in ("ok",):
                cls = ' class="flag"'
            cells.append(f"<td{cls}>{escape(str(value))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def render_html(qrows, orows, rrows, notes, title: str = "Self-check overview") -> str:
    """The overview as one self-contained HTML page (no external resources)."""
    counted = sum(r["counted"] == "yes" for r in rrows)
    flagged = Counter(r["status"] for r in rrows)
    summary = (f"{len(rrows)} file(s) read: {counted} record(s) counted; "
               f"{flagged['edited']} edited after download, {flagged['duplicate']} duplicate(s) "
               f"not counted, {flagged['unreadable']} unreadable, {flagged['no-checksum']} without "
               "checksum (older records).")
    worst_q = [r for r in qrows if r["tried"]][:15]
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>", "<main>",
        f"<h1>{escape(title)}</h1>",
        f"<p>{escape(summary)}</p>",
        '<p class="note">Self-check records are practice, not an exam: students can change them, '
        "and the checksum only shows that a file was changed after it was downloaded. Answers are "
        "marked again against the question banks, so a changed \u201ccorrect\u201d does not count. "
        "Sorted so that what to re-teach comes first: the lowest share right at the first try.</p>",
        *[f'<p class="flag">{escape(n)}</p>' for n in notes],
        "<h2>Learning objectives</h2>",
        _chart(orows, lambda r: f"{r['chapter']} \u00b7 {r['objective']}",
               "Share of answers right at the first try, per learning objective", "ck-chart-objectives"),
        _table([("rank", "#"), ("chapter", "Chapter"), ("objective", "Objective"), ("text", "Objective text"),
                ("questions_tried", "Questions tried"), ("answers", "Answers"),
                ("right_first_try", "Right first try"), ("right_first_pct", "%"),
                ("levels", "Question levels"), ("weakest_question", "Weakest question")],
               orows, numeric=("questions_tried", "answers", "right_first_try", "right_first_pct")),
        "<h2>Questions to look at first</h2>",
        _chart(worst_q, lambda r: r["question"],
               "Share of students right at the first try, the 15 weakest questions", "ck-chart-questions"),
        "<h2>All questions</h2>",
        _table([("rank", "#"), ("chapter", "Chapter"), ("question", "Question"), ("level", "Level"),
                ("prompt", "Prompt"), ("tried", "Tried"), ("right_first_try", "Right first try"),
                ("right_first_pct", "%"), ("right_last_try", "Right at last try"),
                ("most_chosen_wrong", "Most chosen wrong answer"), ("chosen_by", "Chosen by")],
               qrows, numeric=("tried", "right_first_try", "right_first_pct", "right_last_try", "chosen_by")),
        "<h2>Files read</h2>",
        _table([("file", "File"), ("student", "Student"), ("status", "Status"), ("questions", "Questions"),
                ("attempts", "Attempts"), ("downloaded_at", "Downloaded"), ("explanation", "Explanation")],
               rrows, numeric=("questions", "attempts")),
        "</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


def write_overview(records: list[Record], bad: list[BadFile], banks: dict, out: str | Path) -> dict:
    """Write the HTML overview and the three CSV tables into ``out``; return their paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    qrows, notes = question_rows(records, banks)
    orows = objective_rows(qrows, banks)
    rrows = record_rows(records, bad)
    paths = {"html": out / "selfcheck.html", "questions": out / "selfcheck-questions.csv",
             "objectives": out / "selfcheck-objectives.csv", "records": out / "selfcheck-records.csv"}
    _write_csv(paths["questions"], QUESTION_COLUMNS, qrows)
    _write_csv(paths["objectives"], OBJECTIVE_COLUMNS, orows)
    _write_csv(paths["records"], RECORD_COLUMNS, rrows)
    paths["html"].write_text(render_html(qrows, orows, rrows, notes), encoding="utf-8")
    return paths


# --------------------------------------------------------------------------- command

def main(folder, out="selfcheck", *, root=None, banks=None, log=None) -> dict:
    """Read every self-check record in ``folder`` and write the class overview into ``out``.

    Args:
        folder: the records handed in (.json files; subfolders are read too).
        out: output folder.
        root: the course repository whose question banks mark the answers (default: this one).
        banks: the banks themselves (default: loaded from ``root``).
        log: where to print the summary (default: stderr).
    """
    log = log or sys.stderr
    records, bad = read_folder(folder)  # a missing folder or unreadable zip fails before the banks load
    if banks is None:
        from .questions import load_all

        banks = load_all(root)
    mark_duplicates(records)
    paths = write_overview(records, bad, banks, out)
    status = Counter(r.status for r in records)
    print(f"{len(records) + len(bad)} file(s): {sum(r.counted for r in records)} record(s) counted, "
          f"{status['edited']} edited after download, {status['duplicate']} duplicate(s) not counted, "
          f"{len(bad)} unreadable", file=log)
    for b in bad:
        print(f"  unreadable: {b.reason}", file=log)
    for r in records:
        if r.status in ("edited", "duplicate"):
            print(f"  {r.status}: {r.file}: {'; '.join(r.notes)}", file=log)
    print(f"overview: {paths['html']}; tables: {paths['questions']}, {paths['objectives']}, "
          f"{paths['records']}", file=log)
    return paths


def _cmd(args) -> int:
    main(args.folder, args.out, root=args.root)
    return 0


def register(subparsers) -> None:
    """Add `selfcheck` to an argparse subparsers object."""
    p = subparsers.add_parser("selfcheck", help="read students' self-check records into a class overview",
                              description=main.__doc__.split("\n")[0])
    p.add_argument("folder", help="folder (or .zip) of self-check records (.json) handed in by students")
    p.add_argument("--out", default="selfcheck", help="output folder (default: selfcheck)")
    p.add_argument("--root", default=None, help="course repository (default: the one coursekit is in)")
    p.set_defaults(func=_cmd)
