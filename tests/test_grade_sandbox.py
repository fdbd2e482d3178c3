"""The sandbox's claims (see coursekit/grade/sandbox.py): each attack is tried and must fail."""

import json
import os
import time
from pathlib import Path

import pytest

from coursekit.grade.run import Sandbox, make_job
from coursekit.grade.score import decode

from test_grade_support import EXERCISE, ROOT

root_only = pytest.mark.skipif(os.geteuid() != 0, reason="chroot and uid isolation need root")


@pytest.fixture(scope="module")
def box():
    b = Sandbox(str(ROOT / "data")).start()
    yield b
    b.close()


def run(box, cells, names, **limits):
    res = box.run(make_job(cells, names, {"cell": 3, "notebook": 10, **limits}))
    res["decoded"] = {k: decode(v) for k, v in res["values"].items()}
    return res


def _uids_over(n, wait=3.0):
    """uids >= n of live (not zombie) processes, after waiting up to `wait` s for them to go."""
    end = time.time() + wait
    while True:
        uids = set()
        for p in Path("/proc").iterdir():
            if p.name.isdigit():
                try:
                    if p.stat().st_uid >= n and "\nState:\tZ" not in (p / "status").read_text():
                        uids.add(p.stat().st_uid)
                except OSError:
                    pass
        if not uids or time.time() > end:
            return uids
        time.sleep(0.1)


def _describe(uids):
    out = []
    for p in Path("/proc").iterdir():
        try:
            if p.name.isdigit() and p.stat().st_uid in uids:
                out.append((p.name, (p / "status").read_text().split("\n")[2], (p / "cmdline").read_bytes()[:80]))
        except OSError:
            pass
    return out


def test_values_are_reported_per_cell(box):
    """Are plain values, pandas tables and `...` taken out of the child?"""
    res = run(box, ["a = 1\nb = {2013: [1, 2.5, 'x']}", "c = course_tables().events.head(2)\nd = ...",
                    "from coursekit.exercises import course_tables"][::-1] + [], ["a", "b", "c", "d"])
    assert res["status"] == "ok"
    assert res["decoded"]["a"] == 1 and res["decoded"]["b"] == {2013: [1, 2.5, "x"]}
    assert res["decoded"]["d"] is Ellipsis
    assert list(res["decoded"]["c"]["id"])[:1] == ["mnla-rebellion-begins"] or len(res["decoded"]["c"]) == 2


@root_only
def test_cannot_read_source_notebook(box):
    """Can student code open the exercise source (solutions and hidden tests)? It must not."""
    res = run(box, [f"try:\n    leak = open({str(EXERCISE)!r}).read()\nexcept Exception as e:\n    leak = type(e).__name__"],
              ["leak"])
    assert res["decoded"]["leak"] in ("FileNotFoundError", "PermissionError")


@root_only
def test_cannot_read_parent_memory_or_environment(box):
    """Are /proc/<ppid>/mem and /proc/<ppid>/environ out of reach?"""
    code = ("import os\nout = []\nfor f in ('mem', 'environ', 'cmdline'):\n"
            "    try:\n        open(f'/proc/{os.getppid()}/{f}', 'rb').read(10)\n        out.append('read')\n"
            "    except Exception as e:\n        out.append(type(e).__name__)\n")
    res = run(box, [code], ["out"])
    assert "read" not in res["decoded"]["out"]


def test_environment_is_clean(box):
    """Does the child see only a minimal environment (no grader variables, no secrets)?"""
    os.environ["COURSEKIT_TEST_SECRET"] = "x"  # not inherited: the server was started with a clean env
    res = run(box, ["import os\nenv = sorted(os.environ)"], ["env"])
    assert set(res["decoded"]["env"]) <= {"HOME", "LANG", "MPLBACKEND", "PATH"}


def test_no_answer_key_in_the_job():
    """Does the job sent to the sandbox hold only code and names, never tests or solutions?"""
    from coursekit.exercises import load_exercise

    ex = load_exercise(EXERCISE)
    job = json.dumps(make_job(["x = 1"], ex.variables))
    for q in ex.questions.values():
        for tc in q.tests:
            assert "HIDDEN" not in job and "def test_" not in job and tc.source not in job


@root_only
def test_grader_modules_cannot_load_the_key(box):
    """Importing the grader inside the child gives no way to read the source notebook."""
    code = ("import coursekit.exercises as ce\ntry:\n    ce.load_exercise(" + repr(str(EXERCISE)) + ")\n"
            "    got = 'loaded'\nexcept Exception as e:\n    got = type(e).__name__")
    res = run(box, [code], ["got"])
    assert res["decoded"]["got"] != "loaded"


def test_exception_does_not_stop_later_cells(box):
    res = run(box, ["1/0", "x = 2"], ["x"])
    assert res["cells"][0]["status"] == "error" and "ZeroDivisionError" in res["cells"][0]["error"]
    assert res["decoded"]["x"] == 2


def test_sys_exit_is_a_cell_error(box):
    res = run(box, ["import sys\nsys.exit(3)", "x = 1"], ["x"])
    assert res["status"] == "ok" and res["cells"][0]["status"] == "error" and res["decoded"]["x"] == 1


def test_os_exit_keeps_earlier_values(box):
    """os._exit after printing a fake score: status `exited`, earlier values kept, nothing forged."""
    res = run(box, ["x = 1", "print('score 100')\nimport os\nos._exit(0)", "x = 2"], ["x"])
    assert res["status"] == "exited" and res["decoded"]["x"] == 1


def test_infinite_loop_is_stopped_and_the_next_cell_runs(box):
    t = time.perf_counter()
    res = run(box, ["a = 1", "while True:\n    pass", "b = 2"], ["a", "b"], cell=1)
    assert res["cells"][1]["status"] == "timeout"
    assert res["decoded"] == {"a": 1, "b": 2}
    assert time.perf_counter() - t < 3


def test_loop_that_swallows_interrupts_is_killed_and_keeps_values(box):
    code = "while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass"
    t = time.perf_counter()
    res = run(box, ["a = 1", code], ["a"], cell=1)
    assert res["status"] == "timeout" and res["decoded"] == {"a": 1}
    assert time.perf_counter() - t < 1 + 1.0 + 1.5  # limit + grace + slack


def test_notebook_limit(box):
    res = run(box, ["import time\ntime.sleep(0.8)"] * 5, [], cell=5, notebook=2)
    assert res["status"] == "timeout" and "notebook" in res["reason"]


def test_memory_bomb(box):
    res = run(box, ["x = bytearray(10 * 2**30)", "y = 1"], ["y"], memory_mb=256)
    assert res["cells"][0]["status"] == "memory" and res["decoded"]["y"] == 1


def test_huge_output_is_capped(box):
    res = run(box, ["for i in range(300000):\n    print('x' * 100)", "import os\nos.write(1, b'y' * 2**20)\ny = 1"], ["y"])
    assert res["status"] == "ok" and res["decoded"]["y"] == 1


def test_huge_file_write_fails_inside_the_cell(box):
    res = run(box, ["f = open('big', 'wb')\nf.write(b'x' * 64 * 2**20)\nf.close()", "y = 1"], ["y"])
    assert res["cells"][0]["status"] == "error" and res["decoded"]["y"] == 1


def test_huge_value_is_refused(box):
    """A graded value too large to read arrives as unreadable, and later values still arrive."""
    res = run(box, ["x = ['y' * 100000] * 200", "y = 1"], ["x", "y"])
    assert "too large" in repr(res["decoded"]["x"]) and res["decoded"]["y"] == 1


def test_too_much_data_in_total_is_stopped(box):
    res = run(box, [f"v{i} = ['y' * 100000] * 15" for i in range(8)], [f"v{i}" for i in range(8)])
    assert res["status"] == "too-large"


def test_unreadable_value(box):
    res = run(box, ["class A:\n    def __eq__(self, o):\n        return True\nx = A()"], ["x"])
    assert repr(res["decoded"]["x"]).startswith("<unreadable")


@root_only
def test_fork_bomb_is_contained_and_cleaned_up(box):
    code = ("import os, time\nforks = 0\ntry:\n    while forks < 5000:\n        if os.fork() == 0:\n"
            "            time.sleep(30)\n            os._exit(0)\n        forks += 1\nexcept OSError:\n    pass")
    res = run(box, [code], ["forks"])
    assert res["decoded"]["forks"] < 64
    left = _uids_over(100000)
    assert not left, f"processes of a finished submission are still alive: {_describe(left)}"


@root_only
def test_kill_all_reaches_only_its_own_processes(box):
    """kill(-1) as the child's uid reaches no other process: the server and the grader go on."""
    res = run(box, ["import os, signal\nx = 1\nos.kill(-1, signal.SIGKILL)"], ["x"])
    assert res["status"] == "ok" and res["decoded"]["x"] == 1
    assert run(box, ["y = 2"], ["y"])["decoded"] == {"y": 2}


def test_server_survives_many_jobs(box):
    for i in range(5):
        assert run(box, [f"v = {i}"], ["v"])["decoded"]["v"] == i


def test_magics_do_not_crash(box):
    res = run(box, ["%matplotlib inline\n!ls\nx = 1"], ["x"])
    assert res["status"] == "ok" and res["decoded"]["x"] == 1
