"""Report step: the gradebook CSV, one feedback file per student, the LMS gradebooks, the
end-of-run summary, and results.json, from which `coursekit mark` rewrites all of them."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from coursekit.errors import DataError
from coursekit.grade.score import QuestionScore, TestResult

STATUS_TEXT = {
    "ok": "ran to the end",
    "errors": "ran to the end, some cells raised errors",
    "timeout": "stopped at a time limit",
    "exited": "stopped its own process before the end",
    "memory": "ran out of memory",
    "too-large": "too large to read",
    "invalid": "not a readable notebook",
    "not-a-notebook": "not a notebook file",
    "grader-error": "the grader failed on it; please report",
    "empty": "no work in it: every answer cell is as handed out or blank",
    "unchanged": "the notebook as handed out, not changed",
}


@dataclass
class Row:
    student: str
    file: str
    status: str
    reason: str
    scores: list[QuestionScore] = field(default_factory=list)
    cells: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    name: str = ""  # from the LMS download (collect.Submission)
    lms: str = ""
    lms_id: str = ""

    @property
    def auto(self) -> float:
        """Points of the automatically graded questions."""
        return round(sum(s.points for s in self.scores if s.kind == "auto"), 2)

    @property
    def hand(self) -> float:
        """Points of the open questions marked so far."""
        return round(sum(s.points for s in self.scores if s.kind == "open" and s.marked), 2)

    @property
    def open_count(self) -> int:
        return sum(s.kind == "open" for s in self.scores)

    @property
    def marked_count(self) -> int:
        return sum(s.kind == "open" and s.marked for s in self.scores)

    @property
    def complete(self) -> bool:
        """Every open question has a counted hand mark (always true without open questions)."""
        return self.marked_count == self.open_count

    @property
    def total(self) -> float:
        """Automatic points plus the hand marks entered so far (see `final_total`)."""
        return round(self.auto + self.hand, 2)

    @property
    def final_total(self) -> float | None:
        """The total once every open question is marked, else None: never a pretend total."""
        return self.total if self.complete else None

    @property
    def max_points(self) -> float:
        return round(sum(s.max_points for s in self.scores), 2)


def gradebook_csv(rows: list[Row], question_ids: list[str]) -> str:
    """One row per submission, sorted by student id.

    Open questions hold the hand mark once marked and are blank until then; `auto` and `hand`
    are the points so far, `total` is left blank until every open question is marked, and
    `marked` says how many are ("1 of 2")."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["student", "name", "file", *question_ids, "auto", "hand", "total", "max", "marked",
                "status", "reason"])
    for r in sorted(rows, key=lambda r: (r.student, r.file)):
        by_id = {s.id: s for s in r.scores}
        cols = []
        for qid in question_ids:
            s = by_id.get(qid)
            if s is not None and s.kind == "open":
                cols.append(_num(s.points) if s.marked else "")
            else:
                cols.append(_num(s.points if s else 0.0))
        w.writerow([r.student, r.name, r.file, *cols, _num(r.auto),
                    _num(r.hand) if r.marked_count else "",
                    _num(r.total) if r.complete else "", _num(r.max_points),
                    f"{r.marked_count} of {r.open_count}", r.status, r.reason])
    return out.getvalue()


def _num(x: float) -> str:
    return f"{x:g}"


def _pts(x: float) -> str:
    return f"{x:g} point" + ("" if x == 1 else "s")


def _score_line(row: Row) -> list[str]:
    auto = [s for s in row.scores if s.kind == "auto"]
    opens = [s for s in row.scores if s.kind == "open"]
    max_auto = sum(s.max_points for s in auto)
    lines = [f"Automatic score: **{_num(row.auto)} / {_num(max_auto)}**"]
    if not opens:
        return lines
    max_open = sum(s.max_points for s in opens)
    if row.complete:
        lines += ["", f"Marked by hand: **{_num(row.hand)} / {_num(max_open)}**. "
                      f"Total: **{_num(row.total)} / {_num(row.max_points)}**"]
    else:
        lines += ["", f"Marked by hand: {row.marked_count} of {row.open_count} open questions so far"
                      + (f" ({_num(row.hand)} points)" if row.marked_count else "")
                      + ". **The total is not final** until every open question is marked."]
    return lines


def _open_answer_markdown(s: QuestionScore) -> list[str]:
    """One open question in a student's feedback: the answer, the mark, the rubric, the comment."""
    head = f"### {s.id}: {_num(s.points)} / {_num(s.max_points)}" if s.marked else \
        f"### {s.id}: not marked yet (out of {_num(s.max_points)})"
    lines = [head, "", "Your answer:", ""]
    ans = (s.answer or "").strip()
    lines += [f"> {ln}".rstrip() for ln in ans.splitlines()] if ans else ["> _(no answer)_"]
    lines.append("")
    if s.rubric:
        used = s.marked and s.criteria is not None
        lines += ["Marking criteria" + (" (what your answer met):" if used else ":"), ""]
        for n, c in enumerate(s.rubric):
            if used:
                got = s.criteria[n] if n < len(s.criteria) and s.criteria[n] is not None else 0.0
                how = "met" if got >= c["points"] else ("partly met" if got > 0 else "not met")
                lines.append(f"- {how} ({_num(got)} / {_pts(c['points'])}): {c['criterion']}")
            else:
                lines.append(f"- {_pts(c['points'])}: {c['criterion']}")
        lines.append("")
    if s.marked and s.comment.strip():
        lines += ["Comment:", ""] + [f"> {ln}".rstrip() for ln in s.comment.strip().splitlines()] + [""]
    return lines


def feedback_markdown(row: Row, exercise_name: str) -> str:
    """What one student sees: each question's tests, why the failed ones failed, and each open
    answer with its mark, the rubric and the marker's comment. Nothing meant only for the
    instructor (no model answer)."""
    lines = [f"# Feedback: {exercise_name}, {row.student}", ""]
    lines.append(f"File: `{row.file}`. Status: **{row.status}** ({STATUS_TEXT.get(row.status, row.status)}).")
    if row.reason:
        lines += ["", row.reason]
    for n in row.notes:
        lines += ["", f"Note: {n}"]
    lines += ["", *_score_line(row), ""]
    for s in (s for s in row.scores if s.kind == "auto"):
        lines.append(f"## {s.id}: {_num(s.points)} / {_num(s.max_points)}")
        lines.append("")
        for t in s.tests:
            mark = "passed" if t.passed else "failed"
            label = "hidden test" if t.hidden else "test"
            msg = t.message.replace("\n", " ")
            lines.append(f"- {label} `{t.name}` {mark}" + ("" if t.passed else f": {msg}"))
        lines.append("")
    errors = [c for c in row.cells if c.get("status") != "ok"]
    if errors:
        lines += ["## Cells that did not run cleanly", ""]
        lines += [f"- cell {c['i'] + 1}: {c.get('error') or c.get('status')}" for c in errors]
        lines.append("")
    opens = [s for s in row.scores if s.kind == "open"]
    if opens:
        lines += ["## Open questions: answers marked by hand", ""]
        for s in opens:
            lines += _open_answer_markdown(s)
    return "\n".join(lines).rstrip() + "\n"


def summary(rows: list[Row], max_auto: float, seconds: float | None = None) -> str:
    """The end-of-run summary: statuses, the spread of automatic points, every problem."""
    counts = Counter(r.status for r in rows)
    totals = sorted(r.auto for r in rows)
    parts = [f"{len(rows)} submissions graded"]
    if seconds is not None:
        parts[0] += f" in {seconds:.1f} s"
    parts.append(", ".join(f"{n} {st}" for st, n in sorted(counts.items())))
    if totals:
        mid = totals[len(totals) // 2] if len(totals) % 2 else (totals[len(totals) // 2 - 1] + totals[len(totals) // 2]) / 2
        parts.append(f"median {mid:g} / {max_auto:g}, lowest {totals[0]:g}, highest {totals[-1]:g}")
    problems = [r for r in rows if r.status not in ("ok", "errors")]
    text = "; ".join(parts) + "."
    opens = sum(r.open_count for r in rows)
    if opens:
        text += f"\nMarked by hand: {sum(r.marked_count for r in rows)} of {opens} open answers."
    for r in sorted(problems, key=lambda r: r.student):
        text += f"\n  {r.student} ({r.file}): {r.status}: {r.reason}"
    return text


def lms_feedback(row: Row) -> str:
    """The short plain-text comment that goes with the grade into the LMS."""
    auto = [s for s in row.scores if s.kind == "auto"]
    opens = [s for s in row.scores if s.kind == "open"]
    text = f"Automatic questions: {_num(row.auto)} / {_num(sum(s.max_points for s in auto))}."
    if opens:
        text += (f" Marked by hand: {_num(row.hand)} / {_num(sum(s.max_points for s in opens))}"
                 f" ({row.marked_count} of {row.open_count} marked).")
    if row.complete:
        text += f" Total: {_num(row.total)} / {_num(row.max_points)}."
    else:
        text += " Not final: open questions still to mark."
    if row.status not in ("ok", "errors"):
        text += f" Your file: {STATUS_TEXT.get(row.status, row.status)}."
    return text + " Details in your feedback file."


def grade_lines(rows: list[Row]) -> list:
    """One `coursekit.grade.lms.GradeLine` per row; the grade is None until marking is complete."""
    import importlib

    GradeLine = importlib.import_module("coursekit.grade.lms").GradeLine  # imported only when needed
    return [GradeLine(student=r.student, name=r.name, lms=r.lms, lms_id=r.lms_id,
                      grade=r.final_total, max_grade=r.max_points, feedback=lms_feedback(r))
            for r in sorted(rows, key=lambda r: (r.student, r.file))]


def write_lms(rows: list[Row], out_dir: Path, assignment: str) -> list[Path]:
    """Moodle's and Canvas's gradebook files (coursekit.grade.lms), or [] without that module."""
    import importlib

    try:
        lms = importlib.import_module("coursekit.grade.lms")
    except ModuleNotFoundError:
        return []
    return lms.write_lms_gradebooks(grade_lines(rows), Path(out_dir), assignment)


def write_reports(rows: list[Row], out_dir: Path, exercise_name: str, question_ids) -> Path:
    """Write gradebook.csv, feedback/<student>.md and the LMS gradebooks into out_dir; return
    the gradebook's path.

    Every text is made before the first file is written, so that an error while making them
    leaves the files of the previous run as they were."""
    out_dir = Path(out_dir)
    feedback = {f"{r.student}.md": feedback_markdown(r, exercise_name) for r in rows}
    table = gradebook_csv(rows, list(question_ids))
    fb = out_dir / "feedback"
    fb.mkdir(parents=True, exist_ok=True)
    for name, text in feedback.items():
        (fb / name).write_text(text, encoding="utf-8")
    path = out_dir / "gradebook.csv"
    path.write_text(table, encoding="utf-8")
    write_lms(rows, out_dir, exercise_name)
    return path


# ---------------------------------------------------------------- results.json

RESULTS_FILE = "results.json"
RESULTS_FORMAT = 1
_HAND_FIELDS = ("rubric", "marked", "comment", "criteria", "flag")


@dataclass
class Results:
    """What `coursekit grade` saved: enough to rewrite every report without running anything."""

    exercise: str
    questions: list[dict]  # id, kind, points, and for open ones prompt, rubric, model_answer
    rows: list[Row]

    @property
    def question_ids(self) -> list[str]:
        return [q["id"] for q in self.questions]

    @property
    def open_questions(self) -> list[dict]:
        return [q for q in self.questions if q["kind"] == "open"]


def save_results(rows: list[Row], out_dir: Path, exercise) -> Path:
    """Write out_dir/results.json: every row with its scores and open answers (no hand marks:
    those live in the marking sheet), and the exercise's questions with their rubrics."""
    questions = []
    for q in exercise.questions.values():
        d = {"id": q.id, "kind": q.kind, "points": q.points}
        if q.kind == "open":
            d.update(prompt=q.prompt, rubric=[dict(c) for c in q.rubric], model_answer=q.model_answer)
        questions.append(d)
    out = []
    for r in sorted(rows, key=lambda r: (r.student, r.file)):
        d = asdict(r)
        d["cells"] = [{k: c.get(k) for k in ("i", "status", "error")} for c in r.cells if c.get("status") != "ok"]
        for sc in d["scores"]:
            for k in _HAND_FIELDS:
                sc.pop(k, None)
            if sc["kind"] == "open":
                sc["points"] = 0.0
        out.append(d)
    data = {"format": RESULTS_FORMAT, "exercise": exercise.name, "questions": questions, "rows": out}
    path = Path(out_dir) / RESULTS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def load_results(out_dir: Path) -> Results:
    """Read out_dir/results.json back; a DataError says to run `coursekit grade` if it is missing."""
    path = Path(out_dir) / RESULTS_FILE
    if not path.is_file():
        raise DataError(f"{path} not found: run `coursekit grade SUBMISSIONS --exercise ... --out {out_dir}` first")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != RESULTS_FORMAT:
            raise DataError(f"{path}: written by another version of coursekit; run `coursekit grade` again")
        questions = data["questions"]
        rubrics = {q["id"]: q.get("rubric", []) for q in questions}
        rows = []
        for d in data["rows"]:
            scores = [QuestionScore(**{**sc, "tests": [TestResult(**t) for t in sc.get("tests", [])],
                                       "rubric": [dict(c) for c in rubrics.get(sc["id"], [])]})
                      for sc in d.pop("scores")]
            rows.append(Row(**d, scores=scores))
    except (KeyError, TypeError, ValueError) as err:
        if isinstance(err, DataError):
            raise
        raise DataError(f"{path} is damaged ({err}); run `coursekit grade` again to rewrite it") from None
    return Results(data["exercise"], questions, rows)
