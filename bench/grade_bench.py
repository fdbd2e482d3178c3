"""Benchmark: `coursekit grade` against `nbgrader autograde` on the same 30 submissions.

10 right, 10 partly right, 5 that raise, 5 that hang (an endless loop in a last, extra cell).
Both graders get the same per-cell time limit; every grade must equal the expected one.

    .venv/bin/python bench/grade_bench.py [--cell-timeout 5] [--jobs N] [--skip-nbgrader]

nbgrader (bench only) is listed in bench/requirements.txt (`make bench` installs it). The nbgrader copy of the exercise is
built here from the same source notebook: answer cells become nbgrader solution cells, each tests
cell an autograder cell whose output is its partial credit (same tests, same weights).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
EXERCISE = ROOT / "exercises" / "01-minusma" / "source.ipynb"
DATA = ROOT / "data"
sys.path.insert(0, str(ROOT))

from coursekit.exercises import load_exercise, parse_options  # noqa: E402

ANSWER_CELLS = ["q1-answer", "q2-answer", "q3-answer", "q4-answer", "q5-answer", "q6-answer"]
HANG = "while True:\n    pass"


def solution_source(src: str) -> str:
    """The source cell with its solution markers removed (the solution kept)."""
    lines = [ln for ln in src.splitlines() if ln.strip() not in ("# BEGIN SOLUTION", "# END SOLUTION")]
    return "\n".join(re.sub(r"\s*# SOLUTION\s*$", "", ln) for ln in lines)


def variants(source_nb) -> dict:
    """kind -> (answer cell id -> source, extra cell or None, expected total)."""
    right = {c.id: solution_source(c.source) for c in source_nb.cells if c.id in ANSWER_CELLS}
    partly = {**right, "q2-answer": "busiest_year = min(minusma_per_year)", "q6-answer": 'claim = "A"'}
    raises = {**right, "q6-answer": 'claim = undefined_name + "B"'}
    return {"right": (right, None, 10.0), "partly": (partly, None, 9.0),
            "raises": (raises, None, 9.0), "hangs": (right, HANG, 10.0)}


PLAN = [("right", 10), ("partly", 10), ("raises", 5), ("hangs", 5)]


def ours_submission(student_nb, answers, extra):
    nb = nbformat.from_dict(json.loads(nbformat.writes(student_nb)))
    for c in nb.cells:
        if c.id in answers:
            c.source = answers[c.id]
    if extra:
        nb.cells.append(nbformat.v4.new_code_cell(extra))
    return nb


SCORE_HELPER = '''
def _ck_score(funcs, weights, points):
    import inspect
    total = got = 0.0
    for f in funcs:
        w = weights.get(f.__name__, 1.0)
        total += w
        try:
            kwargs = {}
            for p in inspect.signature(f).parameters:
                kwargs[p] = course if p == "course" else globals()[p]
                if kwargs[p] is Ellipsis:
                    raise AssertionError("not answered")
            f(**kwargs)
            got += w
        except Exception:
            pass
    return round(points * got / (total or 1.0), 2)
'''


def nbgrader_source(source_nb, ex):
    """The exercise in nbgrader's format, with the same tests and weights."""
    cells = []
    for c in source_nb.cells:
        c = nbformat.from_dict(json.loads(json.dumps(c)))
        meta = {"grade": False, "solution": False, "locked": True, "grade_id": c.id, "schema_version": 3}
        if c.cell_type == "code":
            opts, body = parse_options(c.source)
            if c.id == "setup":
                c.source = c.source.replace("course_tables()", f"course_tables({str(DATA)!r})") + "\n" + SCORE_HELPER
            elif c.id in ANSWER_CELLS:
                c.source = "### BEGIN SOLUTION\n" + solution_source(c.source) + "\n### END SOLUTION"
                meta.update(solution=True, locked=False)
            elif "tests" in opts:
                q = ex.questions[str(opts["tests"])]
                names = [ln.split("(")[0][4:] for ln in body.splitlines() if ln.startswith("def test_")]
                c.source = (body + f"\n_ck_score([{', '.join(names)}], {dict(q.tests[0].weights)!r}, "
                            f"{q.points})")
                meta.update(grade=True, points=q.points)
        elif c.metadata.get("coursekit", {}).get("open"):
            meta.update(solution=True, grade=True, locked=False,
                        points=c.metadata["coursekit"].get("points", 0))
            c.source = "YOUR ANSWER HERE"
        c.metadata = {"nbgrader": meta}
        cells.append(c)
    nb = nbformat.v4.new_notebook(cells=cells, metadata=source_nb.metadata)
    return nb


def nbgrader_submission(release_nb, answers, extra):
    nb = nbformat.from_dict(json.loads(nbformat.writes(release_nb)))
    for c in nb.cells:
        gid = c.metadata.get("nbgrader", {}).get("grade_id")
        if gid in answers:
            c.source = answers[gid]
    if extra:
        nb.cells.append(nbformat.v4.new_code_cell(extra))
    return nb


def run_ours(folder: Path, out: Path, cell_timeout: float, jobs):
    from coursekit import grade
    from coursekit.grade import run as run_mod

    timings = {}
    real = run_mod.run_all

    def spy(*a, **k):
        res = real(*a, **k)
        timings.update({key: r.get("timing", {}) for key, r in res.items()})
        return res

    checking = [0.0]
    real_score = grade.score

    def timed_score(*a, **k):
        t = time.perf_counter()
        try:
            return real_score(*a, **k)
        finally:
            checking[0] += time.perf_counter() - t

    run_mod_run_all = grade.run_all
    grade.run_all, grade.score = spy, timed_score
    t0 = time.perf_counter()
    try:
        rows = grade.main(folder, EXERCISE, out, data=DATA, cell_timeout=cell_timeout,
                          notebook_timeout=max(60, 4 * cell_timeout), jobs=jobs, resume=False,
                          progress=False, log=open(os.devnull, "w"))
    finally:
        grade.run_all, grade.score = run_mod_run_all, real_score
    total = time.perf_counter() - t0
    for t in timings.values():
        t["check"] = checking[0] / max(len(rows), 1)
    return total, {r.student: r.total for r in rows}, timings


def nbgrader_env():
    # nbgrader runs `alembic` from PATH: put this interpreter's scripts first
    return {**os.environ, "PYTHONHASHSEED": "0",
            "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")}


def run_nbgrader(course: Path, students, cell_timeout: float):
    env = nbgrader_env()
    nbg = [sys.executable, "-m", "nbgrader"]
    subprocess.run(nbg + ["generate_assignment", "ex1", "--force", "--log-level=ERROR"], cwd=course,
                   check=True, env=env)
    t0 = time.perf_counter()
    subprocess.run(nbg + ["autograde", "ex1", "--force", "--log-level=ERROR"], cwd=course, check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    total = time.perf_counter() - t0
    subprocess.run(nbg + ["export", "--to", "grades.csv", "--log-level=ERROR"], cwd=course, check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    grades = {}
    with open(course / "grades.csv") as f:
        for row in csv.DictReader(f):
            grades[row["student_id"]] = float(row["raw_score"] or 0)
    return total, grades


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cell-timeout", type=float, default=5.0)
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--skip-nbgrader", action="store_true")
    args = ap.parse_args(argv)

    source_nb = nbformat.read(str(EXERCISE), as_version=4)
    student_nb = nbformat.read(str(EXERCISE.parent / "student.ipynb"), as_version=4)
    ex = load_exercise(EXERCISE)
    work = Path(tempfile.mkdtemp(prefix="grade-bench-"))
    kinds = variants(source_nb)
    students = []  # (id, kind, expected)
    for kind, n in PLAN:
        for i in range(n):
            students.append((f"{kind}{i:02d}", kind, kinds[kind][2]))

    ours_dir = work / "ours"
    ours_dir.mkdir()
    for sid, kind, _ in students:
        answers, extra, _ = kinds[kind]
        nbformat.write(ours_submission(student_nb, answers, extra), str(ours_dir / f"{sid}.ipynb"))
    print(f"30 submissions in {work} (10 right, 10 partly right, 5 raise, 5 hang); "
          f"cell limit {args.cell_timeout:g} s; {os.cpu_count()} CPUs\n")

    total, grades, timings = run_ours(ours_dir, work / "ours-out", args.cell_timeout, args.jobs)
    report("coursekit grade", total, grades, students, timings)
    ok = all(grades[s] == e for s, _, e in students)

    if not args.skip_nbgrader:
        try:
            import nbgrader  # noqa: F401
        except ImportError:
            print("nbgrader is not installed: make bench (or pip install -r bench/requirements.txt)")
            return 1
        course = work / "nbgrader"
        (course / "source" / "ex1").mkdir(parents=True)
        nbformat.write(nbgrader_source(source_nb, ex), str(course / "source" / "ex1" / "ex1.ipynb"))
        (course / "nbgrader_config.py").write_text(
            "c = get_config()\n"
            f"c.CourseDirectory.root = {str(course)!r}\n"
            f"c.Execute.timeout = {int(args.cell_timeout)}\n"
            "c.Execute.interrupt_on_timeout = True\n")
        subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", "ex1", "--force",
                        "--log-level=ERROR"], cwd=course, check=True, env=nbgrader_env())
        release = nbformat.read(str(course / "release" / "ex1" / "ex1.ipynb"), as_version=4)
        for sid, kind, _ in students:
            answers, extra, _ = kinds[kind]
            d = course / "submitted" / sid / "ex1"
            d.mkdir(parents=True)
            nbformat.write(nbgrader_submission(release, answers, extra), str(d / "ex1.ipynb"))
        ntotal, ngrades = run_nbgrader(course, students, args.cell_timeout)
        os.environ["BENCH_CELL_TIMEOUT"] = str(args.cell_timeout)
        nb_per = report("nbgrader autograde", ntotal, ngrades, students, None, serial=True)
        fin = [timings[s]["total"] for s, k, _ in students if k != "hangs"]
        print(f"ratio per finishing submission (nbgrader / coursekit): {nb_per / statistics.median(fin):.0f}x")
        ok = ok and all(ngrades.get(s) == e for s, _, e in students)
        print(f"\nratio (nbgrader / coursekit): total {ntotal / total:.1f}x")
    shutil.rmtree(work, ignore_errors=True)
    print("\nall grades as expected" if ok else "\nSOME GRADES DIFFER FROM THE EXPECTED ONES")
    return 0 if ok else 1


def report(name, total, grades, students, timings, serial=False):
    wrong = [(s, grades.get(s), e) for s, _, e in students if grades.get(s) != e]
    print(f"{name}: {total:.1f} s for 30 submissions; grades as expected: "
          f"{30 - len(wrong)}/30" + (f" (wrong: {wrong[:5]})" if wrong else ""))
    if timings:
        fin = [timings[s]["total"] for s, k, _ in students if k != "hangs" and s in timings]
        hang = [timings[s]["total"] for s, k, _ in students if k == "hangs" and s in timings]
        print(f"  median per finishing submission: {statistics.median(fin) * 1000:.0f} ms "
              f"(wall time in its sandbox); hanging ones: {statistics.median(hang):.2f} s each, run in parallel")
        for part in ("startup", "code", "extract", "check"):
            vals = [timings[s].get(part, 0) for s, k, _ in students if k != "hangs"]
            print(f"  {part:>8}: median {statistics.median(vals) * 1000:.1f} ms per finishing submission")
    if serial:
        hang_limit = float(os.environ.get("BENCH_CELL_TIMEOUT", "5"))
        est = (total - 5 * hang_limit) / 25
        print(f"  about {est:.2f} s per finishing submission (total less 5 x the {hang_limit:g} s limit, over 25); "
              "one submission at a time, a new kernel for each")
        return est


if __name__ == "__main__":
    sys.exit(main())
