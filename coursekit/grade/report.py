"""Report step: the gradebook CSV, one feedback file per student, and the end-of-run summary."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from coursekit.grade.score import QuestionScore

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
    def total(self) -> float:
        return round(sum(s.points for s in self.scores if s.kind == "auto"), 2)


def gradebook_csv(rows: list[Row], question_ids: list[str], open_ids: set[str], max_auto: float) -> str:
    """One row per submission, sorted by student id; open questions left blank for the marker."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["student", "file", *question_ids, "total", f"max", "status", "reason"])
    for r in sorted(rows, key=lambda r: (r.student, r.file)):
        by_id = {s.id: s for s in r.scores}
        cols = []
        for qid in question_ids:
            s = by_id.get(qid)
            cols.append("" if qid in open_ids else _num(s.points if s else 0.0))
        w.writerow([r.student, r.file, *cols, _num(r.total), _num(max_auto), r.status, r.reason])
    return out.getvalue()


def _num(x: float) -> str:
    return f"{x:g}"


def feedback_markdown(row: Row, exercise_name: str) -> str:
    """What one student sees: each question's tests, why the failed ones failed, open answers."""
    lines = [f"# Feedback: {exercise_name}, {row.student}", ""]
    lines.append(f"File: `{row.file}`. Status: **{row.status}** ({STATUS_TEXT.get(row.status, row.status)}).")
    if row.reason:
        lines += ["", row.reason]
    for n in row.notes:
        lines += ["", f"Note: {n}"]
    auto = [s for s in row.scores if s.kind == "auto"]
    max_auto = sum(s.max_points for s in auto)
    lines += ["", f"Automatic score: **{_num(row.total)} / {_num(max_auto)}**", ""]
    for s in auto:
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
        lines += ["## For the instructor: answers marked by hand", ""]
        for s in opens:
            lines.append(f"### {s.id} (out of {_num(s.max_points)})")
            lines.append("")
            ans = (s.answer or "").strip()
            lines.append(ans if ans else "_(no answer)_")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def summary(rows: list[Row], max_auto: float, seconds: float | None = None) -> str:
    counts = Counter(r.status for r in rows)
    totals = sorted(r.total for r in rows)
    parts = [f"{len(rows)} submissions graded"]
    if seconds is not None:
        parts[0] += f" in {seconds:.1f} s"
    parts.append(", ".join(f"{n} {st}" for st, n in sorted(counts.items())))
    if totals:
        mid = totals[len(totals) // 2] if len(totals) % 2 else (totals[len(totals) // 2 - 1] + totals[len(totals) // 2]) / 2
        parts.append(f"median {mid:g} / {max_auto:g}, lowest {totals[0]:g}, highest {totals[-1]:g}")
    problems = [r for r in rows if r.status not in ("ok", "errors")]
    text = "; ".join(parts) + "."
    for r in sorted(problems, key=lambda r: r.student):
        text += f"\n  {r.student} ({r.file}): {r.status}: {r.reason}"
    return text


def write_reports(rows: list[Row], out_dir: Path, exercise_name: str, question_ids, open_ids, max_auto) -> Path:
    """Write gradebook.csv and feedback/<student>.md into out_dir; return the CSV's path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    fb = out_dir / "feedback"
    fb.mkdir(exist_ok=True)
    for r in rows:
        (fb / f"{r.student}.md").write_text(feedback_markdown(r, exercise_name), encoding="utf-8")
    path = out_dir / "gradebook.csv"
    path.write_text(gradebook_csv(rows, question_ids, open_ids, max_auto), encoding="utf-8")
    return path
