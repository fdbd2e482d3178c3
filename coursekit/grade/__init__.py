"""`coursekit grade`: grade a folder of submitted notebooks against an exercise's source.

Steps, each a module testable alone, called in this order by `main`:
collect (read files) -> run (sandboxed execution, see sandbox.py for the threat model)
-> score (tests run here, on the values taken out of the student's process) -> report.
`coursekit mark` (marking.py) then marks the open questions by hand from results.json.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from coursekit.errors import DataError
from coursekit.exercises import Exercise, load_exercise, read_course_tables
from coursekit.grade.collect import collect
from coursekit.grade.marking import refresh_marks
from coursekit.grade.marking import register as _register_mark
from coursekit.grade.report import Row, save_results, summary, write_reports
from coursekit.grade.run import run_all
from coursekit.grade.sandbox import DEFAULT_LIMITS, NOT_ISOLATED_WARNING, isolation_mode
from coursekit.grade.score import decode_values, score

__all__ = ["main", "register"]

NOT_ISOLATED_NOTE = ("this notebook ran without isolation (no root, no user namespaces on the "
                     "grading machine), so its code could read files such as the answer key; "
                     "check its work before trusting the score")


def _row_status(result: dict, names: list[str]) -> tuple[str, str]:
    status = result.get("status", "grader-error")
    reason = result.get("reason") or ""
    cells = result.get("cells", [])
    if status == "ok":
        bad = [c for c in cells if c.get("status") != "ok"]
        if any(c.get("status") == "memory" for c in bad):
            status = "memory"
        elif any(c.get("status") == "timeout" for c in bad):
            status = "timeout"
        elif bad:
            status = "errors"
        if bad:
            c = bad[0]
            more = f" (and {len(bad) - 1} more cells)" if len(bad) > 1 else ""
            reason = f"cell {c['i'] + 1}: {c.get('error') or c.get('status')}{more}"
    missing = [n for n in names if n not in result.get("values", {})]
    if missing and status in ("ok", "errors"):
        sep = "; " if reason else ""
        reason += f"{sep}not defined at the end: {', '.join(missing)} (renamed, deleted or not reached)"
    return status, reason


def _load_exercise(exercise) -> Exercise:
    """The exercise's source notebook, or a DataError naming the file and what is wrong."""
    src = Path(exercise)
    if src.is_dir():
        src = src / "source.ipynb"
    if not src.is_file():
        raise DataError(f"{src}: no such file; give --exercise the exercise's folder (holding "
                        "source.ipynb) or its source notebook")
    try:
        return load_exercise(src)
    except DataError:
        raise
    except ValueError as err:  # nbformat's NotJSONError and the source's own checks
        text = str(err)
        raise DataError(text if str(src) in text else f"{src}: {text}") from None


def main(submissions, exercise, out="grading", *, jobs=None, scheduler=None, data=None,
         cell_timeout=DEFAULT_LIMITS["cell"], notebook_timeout=DEFAULT_LIMITS["notebook"],
         memory_mb=DEFAULT_LIMITS["memory_mb"], resume=True, progress=None, log=None) -> list[Row]:
    """Grade every file in `submissions`; write gradebook.csv and feedback/ into `out`.

    Args:
        submissions: folder of submitted files, one per student.
        exercise: the exercise's source notebook (or its folder).
        out: output folder; `out/.runs/` caches finished runs so a rerun resumes, and
            `out/results.json` keeps every row for `coursekit mark` (marks already entered in
            `out/marking/marks.csv` are kept and counted).
        jobs: parallel sandboxes on this machine (default: CPU count).
        scheduler: Dask scheduler address or Client; run the notebooks on its workers.
        data: the course data folder handed to student code (default: data/ found from cwd).
        cell_timeout, notebook_timeout: wall-clock limits in seconds.
        memory_mb: memory allowed to student code, above the pre-loaded libraries.
        resume: reuse cached runs of unchanged files (False: run everything again).
        progress: show a progress bar (default: when stderr is a terminal).
        log: where to print the summary (default: stderr).
    """
    t0 = time.perf_counter()
    log = log or sys.stderr
    ex = _load_exercise(exercise)
    if data is None:
        from coursekit.exercises import find_data_root

        try:
            data = find_data_root(ex.path.parent)
        except FileNotFoundError:
            data = None
    else:
        # the sandboxes run in their own folders: a relative path must not depend on their cwd
        data = Path(data).resolve()
        if not (data / "events").is_dir():
            raise DataError(f"--data {data}: no events/ folder there; give the course's data/ folder")
    course = read_course_tables(data) if data else None
    out = Path(out)
    names = ex.variables
    subs = collect(submissions, ex, unpack_to=out / "submissions")  # a .zip is unpacked there first
    runnable = [s for s in subs if s.status is None]
    limits = {"cell": float(cell_timeout), "notebook": float(notebook_timeout), "memory_mb": int(memory_mb)}
    if scheduler is None and isolation_mode() == "none":
        print(NOT_ISOLATED_WARNING, file=log)
    bar = _Progress(len(runnable), progress if progress is not None else sys.stderr.isatty())
    results = run_all([(s.student, s.cells, s.digest) for s in runnable], names, limits=limits,
                      jobs=jobs, scheduler=scheduler, data_root=data,
                      cache_dir=(out / ".runs") if resume else None,
                      on_result=lambda key, res, cached: bar.step(key))
    bar.close()
    rows = []
    for s in subs:
        if s.status is not None:
            row = Row(s.student, s.path.name, s.status, s.reason or "", notes=list(s.notes),
                      name=s.name, lms=s.lms, lms_id=s.lms_id)
            row.scores = score(ex, {}, {}, course)
            rows.append(row)
            continue
        res = results[s.student]
        status, reason = _row_status(res, names)
        reason = "; ".join(r for r in (reason, s.reason) if r)  # e.g. the student's older files, not run
        values = decode_values(res.get("values", {}))
        row = Row(s.student, s.path.name, status, reason, cells=res.get("cells", []), notes=list(s.notes),
                  name=s.name, lms=s.lms, lms_id=s.lms_id)
        if res.get("isolation") == "none":
            row.notes.append(NOT_ISOLATED_NOTE)
        row.scores = score(ex, values, s.answers, course)
        rows.append(row)
    qids = list(ex.questions)
    max_auto = sum(q.points for q in ex.questions.values() if q.kind == "auto")
    save_results(rows, out, ex)
    refresh_marks(out, rows, log=log)  # marks already entered in marking/marks.csv count again
    path = write_reports(rows, out, ex.name, qids)
    print(summary(rows, max_auto, time.perf_counter() - t0), file=log)
    exposed = sum(NOT_ISOLATED_NOTE in r.notes for r in rows)
    if exposed:
        print(f"warning: {exposed} of {len(rows)} submissions ran WITHOUT isolation (see the "
              "warning above): their code could read the answer key; their feedback says so", file=log)
    print(f"gradebook: {path}; feedback: {out / 'feedback'}", file=log)
    if any(r.open_count for r in rows):
        print(f"open questions: run `coursekit mark {out}` to mark them by hand", file=log)
    return rows


class _Progress:
    def __init__(self, total, enabled):
        self.total, self.done, self.enabled = total, 0, enabled and total > 0

    def step(self, label):
        self.done += 1
        if self.enabled:
            width = 30
            fill = int(width * self.done / self.total)
            sys.stderr.write(f"\r[{'#' * fill}{'.' * (width - fill)}] {self.done}/{self.total} {label[:30]:30}")
            sys.stderr.flush()

    def close(self):
        if self.enabled:
            sys.stderr.write("\n")


def _cmd_grade(args) -> int:
    """Bad input raises DataError (or OSError); `coursekit.cli.main` reports it, exit code 2."""
    main(args.submissions, args.exercise, args.out, jobs=args.jobs, scheduler=args.scheduler,
         data=args.data, cell_timeout=args.cell_timeout, notebook_timeout=args.notebook_timeout,
         memory_mb=args.memory_mb, resume=not args.no_resume)
    return 0


def register(subparsers) -> None:
    """Add `grade` and `mark` to an argparse subparsers object (defaults come from `main`)."""
    p = subparsers.add_parser("grade", help="grade a folder or .zip of submitted notebooks",
                              description=main.__doc__.split("\n")[0])
    p.add_argument("submissions", help="folder or .zip of submissions: .ipynb files or a Moodle, Canvas or Blackboard download")
    p.add_argument("--exercise", required=True, help="exercise folder or its source.ipynb")
    p.add_argument("--out", default="grading", help="output folder (default: grading)")
    p.add_argument("--jobs", type=int, default=None, help="parallel sandboxes (default: CPU count)")
    p.add_argument("--scheduler", default=None, help="Dask scheduler address, e.g. tcp://host:8786")
    p.add_argument("--data", default=None, help="course data folder (default: data/ of this repository)")
    p.add_argument("--cell-timeout", type=float, default=DEFAULT_LIMITS["cell"], help="seconds per cell")
    p.add_argument("--notebook-timeout", type=float, default=DEFAULT_LIMITS["notebook"], help="seconds per notebook")
    p.add_argument("--memory-mb", type=int, default=DEFAULT_LIMITS["memory_mb"], help="memory for student code")
    p.add_argument("--no-resume", action="store_true", help="run every notebook again, ignoring the cache")
    p.set_defaults(func=_cmd_grade)
    _register_mark(subparsers)
