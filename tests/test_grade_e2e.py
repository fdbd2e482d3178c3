"""The whole grader on the fixture submissions: statuses, totals, reruns, resuming, Dask, CLI."""

import json
import re
import shutil

import pytest

import coursekit.grade as grade
import coursekit.grade.run as run_mod
from coursekit.exercises import load_exercise

from test_grade_support import EXERCISE, FILES, ROOT, expected_outcome

LIMITS = dict(cell_timeout=2, notebook_timeout=15, memory_mb=512)
#: the graded folder is a module fixture: one worker grades it once (pytest-xdist, --dist loadgroup)
pytestmark = pytest.mark.xdist_group("grade-e2e")


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """A snapshot of the course data, so that edits made meanwhile do not change a run."""
    snap = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(ROOT / "data", snap)
    return snap


@pytest.fixture(scope="module")
def graded(tmp_path_factory, data):
    out = tmp_path_factory.mktemp("out")
    rows = grade.main(FILES, EXERCISE, out, data=data, progress=False, **LIMITS)
    return out, rows


def test_every_fixture_gets_its_expected_status_and_total(graded):
    _, rows = graded
    got = {r.file: (r.status, r.total) for r in rows}
    want = {p.name: expected_outcome(p.name) for p in FILES.iterdir()}
    assert got == want


def test_every_row_has_a_plain_reason_unless_clean(graded):
    _, rows = graded
    for r in rows:
        assert (r.status == "ok") or r.reason, r.file


def test_gradebook_and_feedback_files(graded):
    out, rows = graded
    lines = (out / "gradebook.csv").read_text().splitlines()
    assert lines[0] == ("student,name,file,hostile-share,counts-support,ceiling-gap,exit-order,withdrawal-pace,"
                        "passage-claim,why-leave,read-a-count,auto,hand,total,max,marked,status,reason")
    assert len(lines) == len(rows) + 1
    fb = (out / "feedback" / "ok-9--partly-right-with-open-answer.md").read_text()
    assert "diop-withdrawal-request" in fb and "answers marked by hand" in fb
    # the two half-right questions say what to look at, without giving the answer away
    assert "## exit-order: 0.5 / 1" in fb and "the ids are not in date order" in fb
    assert "## passage-claim: 0.5 / 1" in fb and "what does it say the Council added?" in fb
    assert "## withdrawal-pace: 2 / 2" in fb
    fb = (out / "feedback" / "ok-7--deleted-two-answer-cells.md").read_text()
    assert "`police_gap` is not defined" in fb


def test_rerun_gives_the_same_gradebook_without_running_anything(graded, data, tmp_path, monkeypatch):
    out, _ = graded
    before = (out / "gradebook.csv").read_text()
    monkeypatch.setattr(run_mod.SandboxPool, "run", lambda *a, **k: pytest.fail("re-ran a cached notebook"))
    grade.main(FILES, EXERCISE, out, data=data, progress=False, **LIMITS)
    assert (out / "gradebook.csv").read_text() == before


def test_interrupted_run_resumes(data, tmp_path, monkeypatch):
    subs = tmp_path / "subs"
    subs.mkdir()
    names = ["ok-10--all-right.ipynb", "unchanged-0--untouched.ipynb", "ok-9--partly-right.ipynb"]
    for n in names[:2]:
        shutil.copy(FILES / n, subs / n)
    grade.main(subs, EXERCISE, tmp_path / "out", data=data, progress=False, **LIMITS)
    shutil.copy(FILES / names[2], subs / names[2])
    ran = []
    real = run_mod.SandboxPool.run
    monkeypatch.setattr(run_mod.SandboxPool, "run", lambda self, job: ran.append(job) or real(self, job))
    rows = grade.main(subs, EXERCISE, tmp_path / "out", data=data, progress=False, **LIMITS)
    assert len(ran) == 1 and len(rows) == 3


def test_jobs_hold_no_hidden_tests(data, tmp_path, monkeypatch):
    """Only code and variable names go to the sandbox."""
    ex = load_exercise(EXERCISE)
    hidden = {name for q in ex.questions.values() for tc in q.tests
              for name in set(re.findall(r"^def (\w+)", tc.source, re.M)) - set(re.findall(r"^def (\w+)", tc.public_source, re.M))}
    assert {"test_supported", "test_gap", "test_days", "test_per_day", "test_claim", "_ceiling_in_force"} <= hidden
    sent = []
    real = run_mod.SandboxPool.run
    monkeypatch.setattr(run_mod.SandboxPool, "run", lambda self, job: sent.append(json.dumps(job)) or real(self, job))
    subs = tmp_path / "s"
    subs.mkdir()
    shutil.copy(FILES / "ok-10--all-right.ipynb", subs)
    grade.main(subs, EXERCISE, tmp_path / "out", data=data, progress=False, **LIMITS)
    # as whole words: the helper `_days` is also the end of the variable name `withdrawal_days`
    assert sent and not any(re.search(rf"\b{h}\b", s) for h in hidden for s in sent)
    assert not any("BEGIN SOLUTION" in s or "HIDDEN" in s for s in sent)


def test_dask_local_cluster_gives_the_same_grades(data, tmp_path):
    from distributed import Client, LocalCluster

    subs = tmp_path / "subs"
    subs.mkdir()
    for n in ["ok-10--all-right.ipynb", "ok-9--partly-right.ipynb", "errors-9--raises-exception.ipynb",
              "not-a-notebook-0--notes.txt"]:
        shutil.copy(FILES / n, subs / n)
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            rows = grade.main(subs, EXERCISE, tmp_path / "out", data=data, progress=False,
                              scheduler=client.scheduler.address, **LIMITS)
    assert {r.file: (r.status, r.total) for r in rows} == {n: expected_outcome(n) for n in
                                                            (p.name for p in subs.iterdir())}


def test_cli_grade_and_exercises_check(data, tmp_path, capsys):
    from coursekit.cli import main

    subs = tmp_path / "subs"
    subs.mkdir()
    shutil.copy(FILES / "ok-10--all-right.ipynb", subs)
    code = main(["grade", str(subs), "--exercise", str(EXERCISE.parent), "--out", str(tmp_path / "out"),
                 "--data", str(data), "--cell-timeout", "5"])
    assert code == 0 and (tmp_path / "out" / "gradebook.csv").exists()
    assert "1 submissions graded" in capsys.readouterr().err
    assert main(["exercises", "check", str(EXERCISE.parent)]) == 0


def test_cli_error_for_missing_folder(tmp_path, capsys):
    from coursekit.cli import main

    assert main(["grade", str(tmp_path / "nope"), "--exercise", str(EXERCISE.parent)]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_unprivileged_instructor_gets_the_same_grades_isolated(graded, data, tmp_path_factory):
    """`coursekit grade` run by an ordinary user: every fixture scores as when run as root,
    with no warning, because each notebook is chrooted inside a user namespace."""
    import os
    import subprocess
    import sys

    from test_grade_support import NOBODY, as_nobody, nobody_env

    root_out, _ = graded
    home = tmp_path_factory.mktemp("nobody") / "home"
    cmd = as_nobody([sys.executable, "-m", "coursekit", "grade", str(home / "subs"), "--exercise",
                     str(EXERCISE.parent), "--out", str(home / "out"), "--data", str(home / "data"),
                     "--cell-timeout", str(LIMITS["cell_timeout"]),
                     "--notebook-timeout", str(LIMITS["notebook_timeout"]),
                     "--memory-mb", str(LIMITS["memory_mb"])], home)
    shutil.copytree(FILES, home / "subs")
    shutil.copytree(data, home / "data")
    for d, _, files in os.walk(home):
        for p in [d, *(os.path.join(d, f) for f in files)]:
            if os.geteuid() == 0:
                os.chown(p, NOBODY, NOBODY)
    proc = subprocess.run(cmd, env=nobody_env(home), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "NOT isolated" not in proc.stderr and "WITHOUT isolation" not in proc.stderr
    assert (home / "out" / "gradebook.csv").read_text() == (root_out / "gradebook.csv").read_text()


def test_without_isolation_the_instructor_is_told_everywhere(data, tmp_path, monkeypatch):
    """No root and no user namespaces: a warning before the run, in the summary and in feedback."""
    import io

    subs = tmp_path / "subs"
    subs.mkdir()
    shutil.copy(FILES / "ok-10--all-right.ipynb", subs)
    monkeypatch.setattr(grade, "isolation_mode", lambda: "none")
    real = run_mod.SandboxPool.run
    monkeypatch.setattr(run_mod.SandboxPool, "run", lambda self, job: {**real(self, job), "isolation": "none"})
    log = io.StringIO()
    rows = grade.main(subs, EXERCISE, tmp_path / "out", data=data, progress=False, log=log, **LIMITS)
    text = log.getvalue()
    assert text.startswith("warning: student code is NOT isolated") and "source.ipynb" in text
    assert "1 of 1 submissions ran WITHOUT isolation" in text
    assert rows[0].total == 10
    assert "ran without isolation" in (tmp_path / "out" / "feedback" / "ok-10--all-right.md").read_text()
