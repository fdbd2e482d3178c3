"""The sandbox's claims (see coursekit/grade/sandbox.py): each attack is tried and must fail.

Each test runs against every way the grader can be run here: as root (chroot and a uid of its
own), and, when the tests run as root as in CI, also as an unprivileged user (uid 65534: chroot
inside a user namespace). Run by an unprivileged user, the tests use that user only.
"""

import json
import os
import socket
import tempfile
import time
from pathlib import Path

import pytest

from coursekit.grade.run import Sandbox, make_job
from coursekit.grade.score import decode

from test_grade_support import EXERCISE, NOBODY, ROOT, as_nobody

MODES = ["root", "nobody"] if os.geteuid() == 0 else ["user"]


class NobodySandbox(Sandbox):
    """The fork server started by an unprivileged user, as when an instructor is not root."""

    def __init__(self, data_root, home):
        super().__init__(data_root)
        self.home = home

    def command(self):
        return as_nobody(super().command(), self.home)


@pytest.fixture(scope="module", params=MODES)
def box(request, tmp_path_factory):
    if request.param == "nobody":
        b = NobodySandbox(str(ROOT / "data"), tmp_path_factory.mktemp("nobody") / "home").start()
    else:
        b = Sandbox(str(ROOT / "data")).start()
    b.mode = request.param
    yield b
    b.close()


@pytest.fixture
def isolated(box):
    if box.isolation == "none":
        pytest.skip("this machine allows neither root nor unprivileged user namespaces here")
    return box


def run(box, cells, names, **limits):
    res = box.run(make_job(cells, names, {"cell": 3, "notebook": 10, **limits}))
    res["decoded"] = {k: decode(v) for k, v in res["values"].items()}
    return res


def test_values_are_reported_per_cell(box):
    """Are plain values, pandas tables and `...` taken out of the child?"""
    res = run(box, ["a = 1\nb = {2013: [1, 2.5, 'x']}", "c = course_tables().events.head(2)\nd = ...",
                    "from coursekit.exercises import course_tables"][::-1] + [], ["a", "b", "c", "d"])
    assert res["status"] == "ok"
    assert res["decoded"]["a"] == 1 and res["decoded"]["b"] == {2013: [1, 2.5, "x"]}
    assert res["decoded"]["d"] is Ellipsis
    assert list(res["decoded"]["c"]["id"])[:1] == ["mnla-rebellion-begins"] or len(res["decoded"]["c"]) == 2


def _reach(path):
    """Student code that records what happened when it tried to read `path`."""
    return (f"try:\n    with open({str(path)!r}, 'rb') as f:\n        got = f.read(200).decode('latin-1')\n"
            "except Exception as e:\n    got = type(e).__name__")


def test_cannot_read_source_notebook(isolated):
    """Can student code open the exercise source (solutions and hidden tests)? It must not."""
    res = run(isolated, [_reach(EXERCISE)], ["got"])
    assert res["decoded"]["got"] in ("FileNotFoundError", "PermissionError")


@pytest.mark.parametrize("target", ["source", "data", "cache", "passwd"])
def test_cannot_read_grader_files_by_absolute_path(isolated, target, world_readable_cache):
    """Hidden tests, the course data files, the grader's cache and the machine's files: none readable.

    Each can be read by any user of the machine, so only the chroot keeps them out of reach.
    """
    path = {"source": EXERCISE, "data": sorted((ROOT / "data" / "events").glob("*.yaml"))[0],
            "cache": world_readable_cache, "passwd": Path("/etc/passwd")}[target]
    assert path.read_bytes()  # it exists, outside the sandbox
    res = run(isolated, [_reach(path)], ["got"])
    assert res["decoded"]["got"] in ("FileNotFoundError", "PermissionError")


@pytest.fixture
def world_readable_cache():
    """A cached run of the grader in a folder anyone may read (like grading/.runs/)."""
    import shutil

    top = Path(tempfile.mkdtemp(prefix="coursekit-grading-"))
    os.chmod(top, 0o755)
    cache = top / ".runs" / "run.json"
    cache.parent.mkdir(mode=0o755)
    cache.write_text('{"secret": "cached results of other students"}')
    cache.chmod(0o644)
    yield cache
    shutil.rmtree(top)


def test_root_folder_is_empty(isolated):
    """Listing / shows only the submission's own empty working folder."""
    code = ("import os\nlisting = sorted(os.listdir('/'))\nhere = sorted(os.listdir('.'))\n"
            "up = sorted(os.listdir('../../..'))")
    res = run(isolated, [code], ["listing", "here", "up"])
    assert res["status"] == "ok"
    for name in ("listing", "here", "up"):
        assert set(res["decoded"][name]) <= {".output"}, res["decoded"]


def test_cannot_escape_the_chroot(isolated):
    """The classic escape (chroot into a subfolder, climb out) and a new user namespace both fail."""
    code = ("import ctypes, os\nout = []\ntry:\n    os.mkdir('x')\n    os.chroot('x')\n"
            "    for _ in range(20):\n        os.chdir('..')\n    os.chroot('.')\n    out.append('escaped')\n"
            "except Exception as e:\n    out.append(type(e).__name__)\n"
            "libc = ctypes.CDLL(None, use_errno=True)\n"
            "out.append('unshared' if libc.unshare(0x10000000 | 0x00020000) == 0 else 'refused')\n"
            "out.append(sorted(os.listdir('/')))")
    res = run(isolated, [code], ["out"])
    out = res["decoded"]["out"]
    assert out[0] == "PermissionError" and out[1] == "refused" and "etc" not in out[2], out


def test_no_network(isolated):
    """A socket to a server listening on this machine cannot connect: the child has no network."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    port = srv.getsockname()[1]
    code = ("import socket\ntry:\n    socket.create_connection(('127.0.0.1', %d), timeout=1).close()\n"
            "    net = 'connected'\nexcept Exception as e:\n    net = type(e).__name__" % port)
    try:
        res = run(isolated, [code], ["net"])
    finally:
        srv.close()
    assert res["decoded"]["net"] != "connected" and res["status"] == "ok"


def test_cannot_read_parent_memory_or_environment(isolated):
    """Are /proc/<ppid>/mem and /proc/<ppid>/environ out of reach?"""
    code = ("import os\nout = []\nfor f in ('mem', 'environ', 'cmdline'):\n"
            "    try:\n        open(f'/proc/{os.getppid()}/{f}', 'rb').read(10)\n        out.append('read')\n"
            "    except Exception as e:\n        out.append(type(e).__name__)\n")
    res = run(isolated, [code], ["out"])
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


def test_grader_modules_cannot_load_the_key(isolated):
    """Importing the grader inside the child gives no way to read the source notebook."""
    code = ("import coursekit.exercises as ce\ntry:\n    ce.load_exercise(" + repr(str(EXERCISE)) + ")\n"
            "    got = 'loaded'\nexcept Exception as e:\n    got = type(e).__name__")
    res = run(isolated, [code], ["got"])
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


def _live_processes():
    """{pid: (uid, session id)} of every live (not zombie) process on the machine."""
    out = {}
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                fields = (p / "stat").read_text().rsplit(")", 1)[1].split()
                if fields[0] != "Z":
                    out[int(p.name)] = (p.stat().st_uid, int(fields[3]))
            except (OSError, IndexError, ValueError):
                pass
    return out


def _left_behind(isolated, uid, before, wait=3.0):
    """Processes this submission started that are still alive, after waiting up to `wait` s.

    Other tests grade side by side with this one (other workers), so the machine may hold
    processes of other submissions: only this submission's are counted. As root, each
    submission has a uid of its own, which the submission reported. In a user namespace every
    submission runs as the same user; the submission's processes share the session its child
    opened, and that child has ended (the server waited for it) while another submission's
    child is alive for as long as its processes are.
    """
    end = time.time() + wait
    while True:
        procs = _live_processes()
        if isolated.mode == "root":
            left = {pid for pid, (u, _) in procs.items() if u == uid}
        else:
            left = {pid for pid, (u, sid) in procs.items()
                    if u == uid and pid not in before and pid != isolated.proc.pid and sid not in procs}
        if not left or time.time() > end:
            return sorted(left)
        time.sleep(0.1)


def test_fork_bomb_is_contained_and_cleaned_up(isolated):
    code = ("import os, time\nuid = os.getuid()\nforks = 0\ntry:\n    while forks < 5000:\n"
            "        if os.fork() == 0:\n            time.sleep(30)\n            os._exit(0)\n"
            "        forks += 1\nexcept OSError:\n    pass")
    before = set(_live_processes())
    res = run(isolated, [code], ["forks", "uid"])
    assert res["decoded"]["forks"] < 64
    uid = res["decoded"]["uid"]
    assert uid >= 100000 if isolated.mode == "root" else uid == {"nobody": NOBODY}.get(isolated.mode, os.geteuid())
    left = _left_behind(isolated, uid, before)
    assert not left, f"processes of a finished submission are still alive: {left}"


def test_kill_all_reaches_only_its_own_processes(isolated):
    """kill(-1) from the child reaches no other process: the server and the grader go on."""
    res = run(isolated, ["import os, signal\nx = 1\nos.kill(-1, signal.SIGKILL)"], ["x"])
    assert res["status"] == "ok" and res["decoded"]["x"] == 1
    assert run(isolated, ["y = 2"], ["y"])["decoded"] == {"y": 2}
    assert isolated.proc.poll() is None


def test_isolation_is_reported(box):
    """The server says how it locks children away, and each result says how it ran."""
    expected = {"root": "root", "nobody": "userns"}.get(box.mode)
    if expected:
        assert box.isolation == expected
    assert run(box, ["x = 1"], ["x"])["isolation"] == box.isolation


def test_without_isolation_the_notebook_still_runs_and_says_so(monkeypatch):
    """Where neither root nor user namespaces are available the run goes on, marked `none`."""
    import coursekit.grade.sandbox as sb

    monkeypatch.setattr(sb, "isolation_mode", lambda: "none")
    res = sb.run_job(make_job(["import os\nx = len(os.getcwd()) > 1"], ["x"], {"cell": 3, "notebook": 10}))
    assert res["status"] == "ok" and res["isolation"] == "none" and decode(res["values"]["x"]) is True


def test_a_child_that_cannot_be_isolated_runs_nothing(monkeypatch):
    """If locking the child away fails, no student code runs: a grader error, never a silent run."""
    import coursekit.grade.sandbox as sb

    def fail(*a):
        raise OSError(1, "unshare: Operation not permitted")

    monkeypatch.setattr(sb, "isolation_mode", lambda: "userns")
    monkeypatch.setattr(sb, "_enter_userns", fail)
    res = sb.run_job(make_job(["x = 1"], ["x"], {"cell": 3, "notebook": 10}))
    assert res["status"] == "grader-error" and "could not lock" in res["reason"] and not res["values"]


def test_server_survives_many_jobs(box):
    for i in range(5):
        assert run(box, [f"v = {i}"], ["v"])["decoded"]["v"] == i


def test_magics_do_not_crash(box):
    res = run(box, ["%matplotlib inline\n!ls\nx = 1"], ["x"])
    assert res["status"] == "ok" and res["decoded"]["x"] == 1


def test_import_of_a_module_not_preloaded_says_why(box):
    """An import the grader cannot serve fails in its cell with a plain reason; the rest runs."""
    res = run(box, ["import sqlite3", "from requests import get", "import no_such_module_xyz",
                    "import json, collections.abc, pandas as pd\nfrom coursekit.checks import letter\n"
                    "from coursekit.exercises import Checker, course_tables\nx = 1"], ["x"])
    assert res["status"] == "ok" and res["decoded"] == {"x": 1}
    for cell, name in zip(res["cells"][:3], ["sqlite3", "requests", "no_such_module_xyz"]):
        assert cell["status"] == "error", cell
        assert f"`{name}` is not available when notebooks are graded" in cell["error"], cell["error"]
        assert "pandas" in cell["error"] and "Remove this import" in cell["error"]
    assert res["cells"][3]["status"] == "ok"


def test_import_message_fits_the_gradebook():
    """The whole message (and the module list) fits in the 500 characters a cell error keeps."""
    from coursekit.grade.sandbox import AVAILABLE, PRELOAD, not_available

    msg = "line 1: ModuleNotFoundError: " + not_available("a_rather_long_module_name.submodule")
    assert len(msg) < 500 and all(m in msg for m in AVAILABLE) and set(PRELOAD) <= set(AVAILABLE)


def test_documented_modules_are_the_preloaded_ones():
    """docs/grading.md lists exactly the modules the sandbox preloads."""
    from coursekit.grade.sandbox import AVAILABLE

    doc = (ROOT / "docs" / "grading.md").read_text()
    for m in AVAILABLE:
        assert f"`{m}`" in doc, m
