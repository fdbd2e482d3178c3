"""Hand marking of open questions: a page to read, a sheet to fill, and the marks read back.

`coursekit grade` saves every row in ``grading/results.json``. From it:

- ``coursekit mark grading`` writes ``grading/marking/index.html`` (per open question: the
  question, its rubric, the model answer, then every student's answer under an anonymous
  reference, in a stable order) and ``grading/marking/marks.csv``, one row per student and open
  question, to fill in: ``points`` and ``comment``, or instead of ``points`` one column per
  rubric criterion (``why-leave: 1``, ...), with ``x`` for a criterion met or the points given
  for it. Rewriting the sheet keeps every mark already entered; a mark whose answer has changed
  since (a resubmission) gets a ``flag`` and stops counting until the marker checks it and
  clears the flag.
- ``coursekit mark grading --apply`` reads the sheet back (every bad cell reported with its file,
  line and column) and rewrites ``gradebook.csv``, ``feedback/`` and the LMS gradebooks.

The sheet is UTF-8 with a byte-order mark, so that Excel shows accented names; it may be saved
back with commas, semicolons or tabs (Excel in a French locale writes semicolons) and decimal
commas ("1,5").
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import sys
from dataclasses import dataclass
from pathlib import Path

from coursekit.errors import DataError
from coursekit.grade.report import Results, Row, load_results, write_reports

__all__ = ["write_sheet", "read_marks", "apply_marks", "apply", "refresh_marks", "marking_html",
           "register", "MARKING_DIR", "SHEET_FILE", "PAGE_FILE"]

MARKING_DIR = "marking"
SHEET_FILE = "marks.csv"
PAGE_FILE = "index.html"
REMOVED_FILE = "marks-removed.csv"
FIXED = ["student", "name", "ref", "question", "max", "points", "comment"]
TAIL = ["flag", "answer_hash"]
CHANGED = "answer changed since it was marked: check the mark, then clear this cell"
NO_ANSWER = "no answer"
#: what a marker may write in a criterion's column for "met" (full points) or "not met" (0)
MET = {"x", "y", "yes", "oui", "o", "met", "ok", "✓", "✔"}
NOT_MET = {"n", "no", "non", "-", "not met"}


def answer_hash(answer: str | None) -> str:
    """A short fingerprint of an answer's text: the sheet keeps the one it was marked on."""
    return hashlib.sha256((answer or "").strip().encode("utf-8")).hexdigest()[:12]


def anon_ref(exercise: str, student: str) -> str:
    """An anonymous reference for a student, the same on every run (for reading answers blind).
    It starts with a letter so that a spreadsheet never reads it as a number."""
    return "S-" + hashlib.sha256(f"{exercise}\0{student}".encode("utf-8")).hexdigest()[:6]


def criterion_columns(results: Results) -> dict[str, list[str]]:
    """Question id -> the sheet's column names for its rubric criteria."""
    return {q["id"]: [f"{q['id']}: {n}" for n in range(1, len(q.get("rubric") or []) + 1)]
            for q in results.open_questions}


def header(results: Results) -> list[str]:
    return FIXED + [c for cols in criterion_columns(results).values() for c in cols] + TAIL


# ---------------------------------------------------------------- reading the sheet


def _sniff(text: str) -> csv.Dialect | type[csv.Dialect]:
    first = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(first, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def read_sheet(path: Path) -> list[tuple[int, dict]]:
    """(line number, {column: raw text}) for each non-blank row of a marks sheet.

    Raises DataError when the student or question column is missing or a (student, question)
    pair appears twice, naming the file and the line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise DataError(f"{path}: not UTF-8 text (byte {err.start}); in Excel save it as \"CSV UTF-8 "
                        "(Comma delimited)\", in LibreOffice choose the character set \"Unicode (UTF-8)\"") from None
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=_sniff(text))
    fields = [f.strip() for f in (reader.fieldnames or [])]
    reader.fieldnames = fields
    for col in ("student", "question"):
        if col not in fields:
            raise DataError(f"{path}, line 1: no `{col}` column; the header should start with "
                            f"{', '.join(FIXED)} (run `coursekit mark` to write a fresh sheet)")
    rows, seen, end = [], {}, reader.line_num
    for rec in reader:
        line, end = end + 1, reader.line_num  # where the row starts (a comment may span lines)
        rec = {k: (v or "").strip() if isinstance(v, str) else "" for k, v in rec.items() if k is not None}
        if not any(rec.values()):
            continue
        key = (rec.get("student", ""), rec.get("question", ""))
        if key in seen:
            raise DataError(f"{path}, line {line}: student `{key[0]}`, question `{key[1]}` "
                            f"is already on line {seen[key]}; keep one of the two rows")
        seen[key] = line
        rows.append((line, rec))
    return rows


def parse_number(text: str) -> float:
    """A number as a marker types it: "2", "1.5" or, with a decimal comma, "1,5"."""
    t = text.strip().replace("\u00a0", "").replace(" ", "")
    if t.count(",") == 1 and "." not in t:
        t = t.replace(",", ".")
    value = float(t)  # ValueError for anything else
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(text)
    return value


@dataclass
class Mark:
    """A mark read from the sheet for one student and open question."""

    student: str
    question: str
    line: int
    points: float | None  # None: not marked
    comment: str = ""
    criteria: list[float | None] | None = None  # per criterion, when the marker used them
    flag: str = ""  # the sheet's flag: not counted while set
    stale: bool = False  # the answer changed after the sheet was written: not counted

    @property
    def counts(self) -> bool:
        return self.points is not None and not self.flag and not self.stale


def read_marks(path: Path, results: Results) -> dict[tuple[str, str], Mark]:
    """Read and check every mark in the sheet; raise one DataError listing every bad cell
    ("FILE, line N, column `points`: ...")."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path} not found: run `coursekit mark {path.parent.parent}` to write it")
    students = {r.student: r for r in results.rows}
    questions = {q["id"]: q for q in results.open_questions}
    crit_cols = criterion_columns(results)
    col_owner = {c: qid for qid, cols in crit_cols.items() for c in cols}
    marks, errors = {}, []
    for line, rec in read_sheet(path):
        where = f"{path}, line {line}"
        sid, qid = rec.get("student", ""), rec.get("question", "")
        if sid not in students:
            errors.append(f"{where}, column `student`: unknown student `{sid}` (not in "
                          f"{path.parent.parent / 'results.json'}); check the spelling")
            continue
        if qid not in questions:
            errors.append(f"{where}, column `question`: unknown question `{qid}`; the open questions "
                          f"are {', '.join(questions) or 'none'}")
            continue
        q = questions[qid]
        row_errors: list[str] = []
        points = None
        if rec.get("points", ""):
            try:
                points = parse_number(rec["points"])
            except ValueError:
                row_errors.append(f"{where}, column `points`: `{rec['points']}` is not a number")
            else:
                if points < 0 or points > q["points"] + 1e-9:
                    row_errors.append(f"{where}, column `points`: {rec['points']} is outside 0 to "
                                      f"{q['points']:g}, the points of `{qid}`")
        for col, value in rec.items():
            if value and col in col_owner and col_owner[col] != qid:
                row_errors.append(f"{where}, column `{col}`: this column is for question "
                                  f"`{col_owner[col]}`, but the row is for `{qid}`")
        criteria = None
        if any(rec.get(c, "") for c in crit_cols.get(qid, [])):
            criteria = []
            for col, crit in zip(crit_cols[qid], q["rubric"]):
                criteria.append(_criterion_value(rec.get(col, ""), crit["points"], f"{where}, column `{col}`",
                                                 row_errors))
            got = round(sum(c or 0.0 for c in criteria), 6)
            if points is not None and abs(points - got) > 1e-9:
                row_errors.append(f"{where}, column `points`: {rec['points']} but the criteria add up to "
                                  f"{got:g}; give one or the other, or make them agree")
            points = got if points is None else points
        if row_errors:
            errors += row_errors
            continue
        row = students[sid]
        answer = next((s.answer for s in row.scores if s.id == qid), None)
        stale = bool(rec.get("answer_hash")) and rec["answer_hash"] != answer_hash(answer)
        marks[(sid, qid)] = Mark(sid, qid, line, points, rec.get("comment", ""), criteria,
                                 rec.get("flag", ""), stale)
    if errors:
        raise DataError(f"{len(errors)} problem(s) in the marks, nothing applied:\n  " + "\n  ".join(errors))
    return marks


def _criterion_value(text: str, most: float, where: str, errors: list[str]) -> float | None:
    t = text.strip().lower()
    if not t:
        return None
    if t in MET:
        return float(most)
    if t in NOT_MET:
        return 0.0
    try:
        value = parse_number(t)
    except ValueError:
        errors.append(f"{where}: `{text}` is neither a number nor x (met) / n (not met)")
        return None
    if value < 0 or value > most + 1e-9:
        errors.append(f"{where}: {text} is outside 0 to {most:g}, the points of this criterion")
        return None
    return value


def apply_marks(rows: list[Row], marks: dict[tuple[str, str], Mark]) -> dict[str, list[str]]:
    """Put the counted marks into the rows' open-question scores (in place).

    Returns lists of "student/question" keys: `flagged` (the sheet's flag is set), `stale` (the
    answer changed since the sheet was written) and `missing` (no mark yet)."""
    out = {"flagged": [], "stale": [], "missing": []}
    for r in rows:
        for s in r.scores:
            if s.kind != "open":
                continue
            m = marks.get((r.student, s.id))
            s.marked, s.points, s.comment, s.criteria, s.flag = False, 0.0, "", None, ""
            if m is None or m.points is None:
                out["missing"].append(f"{r.student}/{s.id}")
                continue
            if m.flag or m.stale:
                s.flag = m.flag or CHANGED
                out["flagged" if m.flag else "stale"].append(f"{r.student}/{s.id}")
                continue
            s.marked, s.points, s.comment, s.criteria = True, round(m.points, 2), m.comment, m.criteria
    return out


# ---------------------------------------------------------------- writing the sheet


def _has_mark(rec: dict) -> bool:
    return bool(rec.get("points", "")) or any(v for k, v in rec.items() if ": " in k and v)


def sheet_rows(results: Results, existing: list[tuple[int, dict]]) -> tuple[list[dict], list[dict]]:
    """The sheet's rows (question by question, in the anonymous order), merged with what the
    marker entered before; and the marked rows whose student is no longer in the results."""
    old = {(rec.get("student", ""), rec.get("question", "")): rec for _, rec in existing}
    crit = criterion_columns(results)
    rows, used = [], set()
    for q in results.open_questions:
        students = sorted(results.rows, key=lambda r: anon_ref(results.exercise, r.student))
        for r in students:
            answer = next((s.answer for s in r.scores if s.id == q["id"]), None)
            digest = answer_hash(answer)
            rec = {c: "" for c in header(results)}
            rec.update(student=r.student, name=r.name, ref=anon_ref(results.exercise, r.student),
                       question=q["id"], max=f"{q['points']:g}", answer_hash=digest)
            prev = old.get((r.student, q["id"]))
            if prev is not None:
                used.add((r.student, q["id"]))
                for c in ["points", "comment", "flag", *crit[q["id"]]]:
                    rec[c] = prev.get(c, "")
                if _has_mark(prev) and prev.get("answer_hash") and prev["answer_hash"] != digest:
                    rec["flag"] = CHANGED
            elif answer is not None and not answer.strip():
                rec.update(points="0", comment=NO_ANSWER)  # a blank answer cell; None: no cell at all
            rows.append(rec)
    removed = [rec for key, rec in old.items() if key not in used and _has_mark(rec)]
    return rows, removed


def _write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    w.writeheader()
    w.writerows(rows)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(buf.getvalue(), encoding="utf-8-sig", newline="")
    tmp.replace(path)


def write_sheet(out_dir: Path, results: Results | None = None) -> tuple[Path, Path, list[dict]]:
    """Write (or rewrite, keeping the marks) marking/marks.csv and marking/index.html.

    Returns the two paths and the sheet's rows."""
    out_dir = Path(out_dir)
    results = results or load_results(out_dir)
    folder = out_dir / MARKING_DIR
    folder.mkdir(parents=True, exist_ok=True)
    sheet = folder / SHEET_FILE
    existing = read_sheet(sheet) if sheet.is_file() else []
    rows, removed = sheet_rows(results, existing)
    if removed:
        gone = folder / REMOVED_FILE
        before = read_sheet(gone) if gone.is_file() else []
        keep = {(r.get("student"), r.get("question")): r for _, r in before}
        keep.update({(r.get("student"), r.get("question")): r for r in removed})
        cols = list(dict.fromkeys(c for r in keep.values() for c in r))
        _write_csv(gone, cols, list(keep.values()))
    _write_csv(sheet, header(results), rows)
    page = folder / PAGE_FILE
    page.write_text(marking_html(results, rows), encoding="utf-8")
    return sheet, page, rows


# ---------------------------------------------------------------- the page to read


CSS = """
:root { color-scheme: light dark; --fg: #1b1b1b; --bg: #ffffff; --muted: #5a5a5a; --line: #d0d0d0;
  --box: #f4f4f4; --flag: #8a4b00; --accent: #1a5fb4; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e8e8e8; --bg: #16181c; --muted: #a8a8a8; --line: #3a3d44; --box: #22252b;
    --flag: #ffb86b; --accent: #8cb4ff; }
}
body { font: 16px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg);
  max-width: 52rem; margin: 0 auto; padding: 1rem; }
h1, h2, h3 { line-height: 1.25; }
section.question { border-top: 3px solid var(--line); margin-top: 2rem; }
.prompt, .model { background: var(--box); padding: .25rem 1rem; border-radius: 6px; }
.model { border-left: 4px solid var(--accent); }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
code { font-size: 90%; }
.answer { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--box); padding: .5rem 1rem;
  border-radius: 6px; margin: 0; font: inherit; }
.ref { font-family: ui-monospace, monospace; }
.mark, .hint { color: var(--muted); }
.flag { color: var(--flag); font-weight: bold; }
a { color: var(--accent); }
form.mark-form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin: .5rem 0 1.5rem; }
form.mark-form label { display: flex; flex-direction: column; font-size: 90%; }
form.mark-form input, form.mark-form textarea, form.mark-form button { font: inherit; color: var(--fg);
  background: var(--bg); border: 1px solid var(--line); border-radius: 4px; padding: .25rem .4rem; }
form.mark-form input { width: 5rem; }
form.mark-form textarea { width: 20rem; max-width: 100%; }
"""


def _markdown(text: str) -> str:
    """The author's markdown (question, model answer) as HTML: raw HTML and images are turned
    off, so the page stays self-contained."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).disable("image")
    return md.render(text or "")


def marking_html(results: Results, rows: list[dict], form_token: str | None = None,
                 message: str = "") -> str:
    """One self-contained page (no scripts, no external resources): per open question, the
    question, the rubric with its sheet columns, the model answer, then every answer.
    With `form_token` (for `--serve`), each answer has a small form that saves its row."""
    esc = html.escape
    answers = {(r.student, s.id): s.answer for r in results.rows for s in r.scores if s.kind == "open"}
    crit = criterion_columns(results)
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light dark">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>Marking: {esc(results.exercise)}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
        f"<h1>Marking: {esc(results.exercise)}</h1>",
        f'<p class="flag" role="alert">{esc(message)}</p>' if message else "",
        f"<p class=\"hint\">For the instructor only. Fill in <code>{MARKING_DIR}/{SHEET_FILE}</code> (its rows "
        "are in the order of this page), then run <code>coursekit mark GRADING --apply</code>. "
        "Answers are shown under an anonymous reference (<code>ref</code> in the sheet), always in the "
        "same order. In a row, give <code>points</code>, or instead mark each criterion's column with "
        "<code>x</code> (met) or the points given for it; a <code>comment</code> goes to the student.</p>",
    ]
    if not results.open_questions:
        parts.append("<p>This exercise has no open questions: nothing to mark by hand.</p>")
    parts.append("<nav><ul>" + "".join(
        f'<li><a href="#q-{esc(q["id"])}">{esc(q["id"])}</a> ({q["points"]:g} points)</li>'
        for q in results.open_questions) + "</ul></nav>")
    for q in results.open_questions:
        qid = q["id"]
        mine = [r for r in rows if r["question"] == qid]
        done = sum(1 for r in mine if _has_mark(r) and not r.get("flag"))
        parts += [f'<section class="question" id="q-{esc(qid)}">',
                  f"<h2>{esc(qid)} ({q['points']:g} points): {done} of {len(mine)} marked</h2>",
                  "<h3>The question</h3>", f'<div class="prompt">{_markdown(q.get("prompt", ""))}</div>',
                  "<h3>Rubric</h3>"]
        if q.get("rubric"):
            parts.append("<table><tr><th>sheet column</th><th>points</th><th>criterion</th></tr>")
            for col, c in zip(crit[qid], q["rubric"]):
                parts.append(f"<tr><td><code>{esc(col)}</code></td><td>{c['points']:g}</td>"
                             f"<td>{esc(c['criterion'])}</td></tr>")
            parts.append("</table>")
        else:
            parts.append("<p>No rubric in the exercise's source: give <code>points</code> only.</p>")
        parts += ["<h3>Model answer</h3>",
                  f'<div class="model">{_markdown(q.get("model_answer") or "_(none in the source)_")}</div>',
                  f"<h3>Answers ({len(mine)})</h3>"]
        for r in mine:
            raw = answers.get((r["student"], qid))
            text = (raw or "").strip()
            empty = "<em>(no answer)</em>" if raw is not None else \
                "<em>(no answer cell: the file was not read as a notebook, or the cell was deleted)</em>"
            mark = ""
            if _has_mark(r):
                mark = f"marked: {esc(r.get('points') or 'by criteria')} / {q['points']:g}"
                if r.get("comment"):
                    mark += f"; comment: {esc(r['comment'])}"
            flag = f' <span class="flag">{esc(r["flag"])}</span>' if r.get("flag") else ""
            parts += [f'<article id="{esc(qid)}-{esc(r["ref"])}">',
                      f'<h4><span class="ref">{esc(r["ref"])}</span>{flag}</h4>',
                      f'<pre class="answer">{esc(text) if text else empty}</pre>',
                      f'<p class="mark">{mark}</p>' if mark else "",
                      _row_form(r, crit[qid], q, form_token) if form_token else "", "</article>"]
        parts.append("</section>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(p for p in parts if p != "")


def _row_form(r: dict, columns: list[str], q: dict, token: str) -> str:
    esc = html.escape
    anchor = f"{r['question']}-{r['ref']}"
    fields = [f'<input type="hidden" name="{k}" value="{esc(v)}">' for k, v in
              (("token", token), ("student", r["student"]), ("question", r["question"]), ("anchor", anchor))]
    fields.append(f'<label>points (of {q["points"]:g})<input name="points" value="{esc(r.get("points", ""))}" '
                  'inputmode="decimal"></label>')
    for col, c in zip(columns, q.get("rubric") or []):
        fields.append(f'<label title="{esc(c["criterion"])}">{esc(col)} (of {c["points"]:g})'
                      f'<input name="{esc(col)}" value="{esc(r.get(col, ""))}"></label>')
    fields.append(f'<label>comment<textarea name="comment" rows="2">{esc(r.get("comment", ""))}</textarea></label>')
    if r.get("flag"):
        fields.append('<label>flag (clear once checked)<input name="flag" value="'
                      f'{esc(r["flag"])}" style="width:12rem"></label>')
    fields.append("<button>Save</button>")
    return f'<form class="mark-form" method="post" action="/save">{"".join(fields)}</form>'


# ---------------------------------------------------------------- a local form (--serve)


def save_row(out_dir: Path, fields: dict) -> None:
    """Store one row's marks from the form into marks.csv; a DataError (file, line, column) if
    the sheet would not be valid, and then the sheet is left as it was."""
    out_dir = Path(out_dir)
    results = load_results(out_dir)
    sheet = out_dir / MARKING_DIR / SHEET_FILE
    before = sheet.read_bytes()
    _, rows = _sheet_from_disk(out_dir, results)
    key = (fields.get("student", ""), fields.get("question", ""))
    row = next((r for r in rows if (r["student"], r["question"]) == key), None)
    if row is None:
        raise DataError(f"no row for student `{key[0]}`, question `{key[1]}` in {sheet}")
    editable = ["points", "comment", "flag", *criterion_columns(results).get(key[1], [])]
    for col in editable:
        if col in fields or col != "flag":
            row[col] = " ".join(fields.get(col, "").split()) if col != "comment" else fields.get(col, "").strip()
    _write_csv(sheet, header(results), rows)
    try:
        read_marks(sheet, results)
    except DataError:
        sheet.write_bytes(before)
        raise
    (out_dir / MARKING_DIR / PAGE_FILE).write_text(marking_html(results, rows), encoding="utf-8")


def _sheet_from_disk(out_dir: Path, results: Results) -> tuple[Path, list[dict]]:
    sheet = out_dir / MARKING_DIR / SHEET_FILE
    if not sheet.is_file():
        sheet, _, rows = write_sheet(out_dir, results)
        return sheet, rows
    rows, _ = sheet_rows(results, read_sheet(sheet))
    return sheet, rows


def make_server(out_dir: Path, port: int = 0, token: str | None = None):
    """An HTTP server on 127.0.0.1 only, serving the marking page with a form per answer.

    Every request must carry the token (printed with the address, as Jupyter does) and a Host
    of 127.0.0.1 or localhost, so that neither another user of the machine nor a web page
    (DNS rebinding) can read the answers or write marks."""
    import secrets
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import parse_qs, quote, urlsplit

    out_dir = Path(out_dir)
    token = token or secrets.token_urlsafe(16)
    results = load_results(out_dir)
    write_sheet(out_dir, results)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet: the terminal shows the address only
            pass

        def _allowed(self, params: dict) -> bool:
            host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
            return host in ("127.0.0.1", "localhost") and \
                secrets.compare_digest(params.get("token", [""])[0], token)

        def _send(self, code: int, body: str, location: str | None = None) -> None:
            data = body.encode("utf-8")
            self.send_response(code)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                                                        "form-action 'self'")
            self.send_header("Cache-Control", "no-store")
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            url = urlsplit(self.path)
            if url.path != "/" or not self._allowed(parse_qs(url.query)):
                return self._send(403, "forbidden: open the address printed by `coursekit mark --serve`")
            _, rows = _sheet_from_disk(out_dir, results)
            self._send(200, marking_html(results, rows, form_token=token))

        def do_POST(self):
            length = min(int(self.headers.get("Content-Length") or 0), 1_000_000)
            params = parse_qs(self.rfile.read(length).decode("utf-8"), keep_blank_values=True)
            if urlsplit(self.path).path != "/save" or not self._allowed(params):
                return self._send(403, "forbidden")
            fields = {k: v[0] for k, v in params.items()}
            try:
                save_row(out_dir, fields)
            except DataError as err:
                _, rows = _sheet_from_disk(out_dir, results)
                return self._send(400, marking_html(results, rows, form_token=token,
                                                    message=f"not saved: {err}"))
            self._send(303, "saved", location=f"/?token={quote(token)}#{quote(fields.get('anchor', ''))}")

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    return server, f"http://127.0.0.1:{server.server_address[1]}/?token={token}"


# ---------------------------------------------------------------- applying


def refresh_marks(out_dir: Path, rows: list[Row], log=None) -> dict | None:
    """After `coursekit grade`: if a marking sheet exists, rewrite it (marks kept, changed answers
    flagged) and put its marks into `rows`; a sheet with errors is left as it is and reported.
    Returns apply_marks' lists, or None without a sheet."""
    log = log or sys.stderr
    out_dir = Path(out_dir)
    if not (out_dir / MARKING_DIR / SHEET_FILE).is_file():
        return None
    results = load_results(out_dir)
    try:
        write_sheet(out_dir, results)
        marks = read_marks(out_dir / MARKING_DIR / SHEET_FILE, results)
    except (DataError, OSError) as err:  # OSError: e.g. the sheet is open, hence locked, in Excel
        print(f"warning: hand marks not applied: {err}", file=log)
        return None
    return apply_marks(rows, marks)


def apply(out_dir: Path, log=None) -> list[Row]:
    """`coursekit mark GRADING --apply`: read the sheet, rewrite the gradebook, feedback and LMS files."""
    log = log or sys.stderr
    out_dir = Path(out_dir)
    results = load_results(out_dir)
    marks = read_marks(out_dir / MARKING_DIR / SHEET_FILE, results)
    state = apply_marks(results.rows, marks)
    path = write_reports(results.rows, out_dir, results.exercise, results.question_ids)
    total = sum(r.open_count for r in results.rows)
    done = sum(r.marked_count for r in results.rows)
    print(f"{done} of {total} open answers marked; gradebook: {path}; feedback: {out_dir / 'feedback'}",
          file=log)
    if state["stale"]:
        print(f"not counted, the answer changed after the sheet was written (run `coursekit mark "
              f"{out_dir}` to flag them): {', '.join(state['stale'])}", file=log)
    if state["flagged"]:
        print(f"not counted, flagged in the sheet (check the mark, clear `flag`): "
              f"{', '.join(state['flagged'])}", file=log)
    if done < total:
        left = sum(not r.complete for r in results.rows)
        print(f"totals stay blank for {left} student{'s' if left != 1 else ''} until their open "
              "answers are marked", file=log)
    return results.rows


def _cmd_mark(args) -> int:
    """Bad input (no results.json, a bad line in marks.csv) raises DataError, reported by
    `coursekit.cli.main` with exit code 2; nothing is rewritten then."""
    if args.apply:
        apply(args.grading)
    elif args.serve:
        server, url = make_server(args.grading, args.port)
        print(f"marking form: {url}\n(marks are saved into {Path(args.grading) / MARKING_DIR / SHEET_FILE}; "
              f"Ctrl-C to stop, then run `coursekit mark {args.grading} --apply`)", file=sys.stderr)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
    else:
        sheet, page, rows = write_sheet(args.grading)
        flagged = sum(1 for r in rows if r.get("flag"))
        todo = sum(1 for r in rows if not _has_mark(r))
        print(f"read {page}; fill {sheet} ({len(rows)} rows, {todo} to mark"
              + (f", {flagged} flagged" if flagged else "") + f"); then run `coursekit mark "
              f"{args.grading} --apply`", file=sys.stderr)
    return 0


def register(subparsers) -> None:
    """Add `mark` to an argparse subparsers object."""
    p = subparsers.add_parser("mark", help="mark open questions by hand, with their rubrics",
                              description="Write GRADING/marking/index.html and marks.csv to mark open "
                                          "answers; with --apply, read the marks back into the gradebook, "
                                          "feedback and LMS files.")
    p.add_argument("grading", help="the output folder of `coursekit grade` (holds results.json)")
    p.add_argument("--apply", action="store_true",
                   help="read marking/marks.csv and rewrite gradebook.csv, feedback/ and the LMS gradebooks")
    p.add_argument("--serve", action="store_true",
                   help="serve the page with a form per answer on 127.0.0.1 (saves into marks.csv)")
    p.add_argument("--port", type=int, default=8765, help="port for --serve (default: 8765)")
    p.set_defaults(func=_cmd_mark)
