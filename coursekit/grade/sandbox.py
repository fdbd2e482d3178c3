"""The fork server that runs untrusted student notebooks, one child process per submission.

Threat model (each claim is tested in tests/test_grade_sandbox.py):

The student's code is hostile. It may try to read the answer key, raise its score, starve or
crash the grader, or harm other submissions. What it can reach:

1. **No answer key in memory.** This server is a fresh interpreter (``python -m
   coursekit.grade.sandbox``) started before the grader reads any source notebook. It receives
   only the submission's code cells and the names of the graded variables; hidden tests and
   solutions never enter it, so a child forked from it cannot find them in its memory.
2. **No answer key on disk.** Each child ``chroot``s into an empty temporary directory, so the
   repository, source notebooks, the course data files, ``/proc`` (other processes' memory and
   environment) and the grader's files are out of reach, and it gets its own network namespace
   (no network at all). How, depends on who runs the grader (``isolation_mode()``):

   - ``root``: the child chroots and drops to its own unprivileged uid (100000 + its pid) with
     no groups.
   - ``userns`` (not root): the child enters a new unprivileged user namespace (with new mount,
     network, IPC and PID namespaces), which lets it chroot without root; it keeps the grader's
     uid (mapped to itself) but drops every capability and sets ``no_new_privs`` before student
     code runs, so it cannot chroot again to escape, mount anything or regain privileges. Its
     own PID namespace means ``kill(-1)`` reaches only its own processes, and everything it
     forked dies with it.
   - ``none``: unprivileged user namespaces are disabled on this machine (e.g.
     ``kernel.unprivileged_userns_clone=0``) and the grader is not root. The child only gets
     an empty working directory and a clean environment: that is *not* isolation, and
     ``coursekit grade`` says so before the run, in the summary and in each feedback file.

   A child that cannot be isolated as its mode promises is not run (status ``grader-error``).
   Only modules imported before the fork can be used: the server pre-imports ``PRELOAD`` (and
   what they import); an import hook refuses anything else with a plain-language message
   (``not_available``), in every mode.
3. **The score is computed elsewhere.** The child reports values only: after each cell it
   encodes the graded variables into tagged JSON (plain data, pandas tables; never pickle) and
   writes them to a pipe that is not its stdout. The grader decodes them and runs the tests
   in its own process. Redefining ``check``, patching ``assert`` or builtins, printing "score
   100" or exiting early changes nothing but the values the student hands in.
4. **Limits.** Per-cell wall clock (a ``TimeoutError``-like exception, then SIGKILL after a
   grace period), per-notebook wall clock (SIGKILL), ``RLIMIT_AS`` (memory), ``RLIMIT_CPU``,
   ``RLIMIT_NOFILE``, ``RLIMIT_FSIZE`` (output files), ``RLIMIT_NPROC`` (fork bombs, per uid),
   no core dumps; stdout/stderr are capped; the value stream is capped. When the child ends,
   everything it started is killed, so nothing it forked outlives it or touches another
   submission: as root each child has its own uid, so ``kill(-1)`` reaches only its own
   processes; in a user namespace it is the first process of its own PID namespace.
5. **Nothing is lost.** Values are streamed after every cell, so a notebook killed in cell 9
   keeps what cells 1-8 computed; a cell that fails or times out does not stop the next one.
"""

from __future__ import annotations

import ctypes
import json
import math
import os
import resource
import select
import shutil
import signal
import sys
import tempfile
import time

MAX_STREAM = 8 * 1024 * 1024  # bytes of values a child may send
MAX_VALUE = 2 * 1024 * 1024  # bytes of one encoded value
MAX_STRING = 200_000
MAX_NODES = 200_000
MAX_DEPTH = 40
GRACE = 1.0  # seconds after a cell's limit before the child is killed
DEFAULT_LIMITS = {"cell": 30.0, "notebook": 120.0, "memory_mb": 1024, "output_kb": 256, "nproc": 32}

PRELOAD = [
    "json", "math", "statistics", "collections", "itertools", "functools", "re", "datetime",
    "random", "string", "textwrap", "decimal", "fractions", "operator", "copy", "pprint",
    "dataclasses", "typing", "numpy", "pandas", "yaml",
]
# what a refused import's message lists (PRELOAD, and the course's own helpers)
AVAILABLE = PRELOAD + ["coursekit.exercises", "coursekit.checks"]


# ---------------------------------------------------------------- value encoding (child side)


class _Budget:
    def __init__(self):
        self.nodes = 0


def encode(value, budget=None, depth=0):
    """Turn a student's value into tagged JSON-able data (done inside the child)."""
    budget = budget or _Budget()
    budget.nodes += 1
    if budget.nodes > MAX_NODES or depth > MAX_DEPTH:
        return {"$": "unsupported", "type": "too large or too deeply nested"}
    if value is None or type(value) is bool:
        return value
    if value is Ellipsis:
        return {"$": "ellipsis"}
    np = sys.modules.get("numpy")
    pd = sys.modules.get("pandas")
    if isinstance(value, bool) or (np is not None and isinstance(value, np.bool_)):
        return bool(value)
    if isinstance(value, int) or (np is not None and isinstance(value, np.integer)):
        v = int(value)
        return v if abs(v) < 2**63 else {"$": "unsupported", "type": "integer too large"}
    if isinstance(value, float) or (np is not None and isinstance(value, np.floating)):
        v = float(value)
        return v if math.isfinite(v) else {"$": "float", "v": repr(v)}
    if isinstance(value, str):
        if len(value) > MAX_STRING:
            return {"$": "unsupported", "type": "string too long"}
        return str.__str__(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else list(value)
        enc = [encode(v, budget, depth + 1) for v in items]
        if isinstance(value, list):
            return enc
        return {"$": "tuple" if isinstance(value, tuple) else "set", "v": enc}
    if isinstance(value, dict):
        return {"$": "dict", "v": [[encode(k, budget, depth + 1), encode(v, budget, depth + 1)]
                                   for k, v in list(dict.items(value))]}
    if pd is not None:
        if isinstance(value, pd.DataFrame):
            return {"$": "DataFrame",
                    "columns": [encode(c, budget, depth + 1) for c in value.columns],
                    "index": [encode(i, budget, depth + 1) for i in value.index],
                    "v": [[encode(x, budget, depth + 2) for x in row] for row in value.itertuples(index=False)]}
        if isinstance(value, pd.Series):
            return {"$": "Series", "name": encode(value.name, budget, depth + 1),
                    "index": [encode(i, budget, depth + 1) for i in value.index],
                    "v": [encode(x, budget, depth + 1) for x in value.tolist()]}
        if isinstance(value, pd.Timestamp):
            return {"$": "Timestamp", "v": value.isoformat()}
        if value is pd.NaT:
            return None
    if np is not None and isinstance(value, np.ndarray):
        return {"$": "ndarray", "v": encode(value.tolist(), budget, depth + 1)}
    import datetime as dt

    if isinstance(value, (dt.date, dt.datetime)):
        return {"$": "date", "v": value.isoformat()}
    return {"$": "unsupported", "type": type(value).__name__[:80]}


# ---------------------------------------------------------------- the child


class CellTimeout(BaseException):
    """Raised in student code when a cell runs past its time limit."""


def not_available(name: str) -> str:
    """Why graded code cannot import `name`, in plain words (the cell's error message)."""
    return (f"`{name}` is not available when notebooks are graded: graded code can import only "
            f"{', '.join(AVAILABLE)} (and what they use). Remove this import, or use one of these.")


class _PreloadedOnly:
    """Import hook of the child: a module that was not loaded before the fork is refused with a
    reason, the same way whatever the isolation (in a chroot it could not be read anyway)."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name in sys.builtin_module_names:
            return None
        raise ModuleNotFoundError(not_available(name), name=name)


class _CappedWriter:
    def __init__(self, cap):
        self.cap, self.size, self.parts = cap, 0, []

    def write(self, s):
        s = str(s)
        if self.size < self.cap:
            self.parts.append(s[: self.cap - self.size])
        self.size += len(s)
        return len(s)

    def flush(self):
        pass

    def isatty(self):
        return False


class _ShellStub:
    """Enough of IPython's get_ipython() for magics to be ignored instead of crashing."""

    def run_line_magic(self, *a, **k):
        return None

    run_cell_magic = system = getoutput = run_line_magic

    def __getattr__(self, name):
        return lambda *a, **k: None


def _send(fd, obj):
    data = (json.dumps(obj, separators=(",", ":"), allow_nan=False) + "\n").encode()
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


# ---------------------------------------------------------------- isolation

CLONE_NEWNS = 0x00020000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
USERNS_FLAGS = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWPID
_PR_SET_PDEATHSIG, _PR_CAPBSET_DROP, _PR_SET_NO_NEW_PRIVS = 1, 24, 38
_LINUX_CAPABILITY_VERSION_3 = 0x20080522
ISOLATION_FAILED = 71  # exit code of a child that could not be isolated (it ran no student code)
NOT_ISOLATED_WARNING = (
    "warning: student code is NOT isolated from this machine's files: not running as root, and "
    "this machine does not allow unprivileged user namespaces (needed to chroot without root), so "
    "submissions can read the exercise's source.ipynb (answers, hidden tests). Grade untrusted "
    "work as root, in a container, or after enabling user namespaces (sysctl "
    "kernel.unprivileged_userns_clone=1 or user.max_user_namespaces > 0)."
)

_LIBC = None
_MODE = None


def _libc():
    global _LIBC
    if _LIBC is None:
        _LIBC = ctypes.CDLL(None, use_errno=True)
    return _LIBC


def _check(ret, what):
    if ret != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _unshare(flags):
    if hasattr(os, "unshare"):  # Python 3.12+
        os.unshare(flags)
    else:
        _check(_libc().unshare(ctypes.c_int(flags)), "unshare")


def _write_proc(path, text):
    fd = os.open(path, os.O_WRONLY)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)


def _enter_userns():
    """Become root of new user, mount, network, IPC and PID namespaces (no privilege needed).

    The grader's uid and gid are mapped to themselves, and only them. Must run in a
    single-threaded process (the kernel refuses CLONE_NEWUSER otherwise): a forked child.
    """
    uid, gid = os.geteuid(), os.getegid()
    _unshare(USERNS_FLAGS)
    _write_proc("/proc/self/setgroups", "deny")
    _write_proc("/proc/self/uid_map", f"{uid} {uid} 1")
    _write_proc("/proc/self/gid_map", f"{gid} {gid} 1")


def _drop_capabilities():
    """Give up every capability the new user namespace granted, for good."""
    libc = _libc()
    for cap in range(64):
        if libc.prctl(_PR_CAPBSET_DROP, ctypes.c_ulong(cap), 0, 0, 0) != 0:
            break  # EINVAL past the last capability this kernel knows
    header = (ctypes.c_uint32 * 2)(_LINUX_CAPABILITY_VERSION_3, 0)
    data = (ctypes.c_uint32 * 6)()
    _check(libc.capset(header, data), "capset")
    _check(libc.prctl(_PR_SET_NO_NEW_PRIVS, ctypes.c_ulong(1), 0, 0, 0), "prctl(NO_NEW_PRIVS)")


def _probe_userns() -> bool:
    """Can an unprivileged child of this process chroot in a user namespace? (a forked test)"""
    workdir = tempfile.mkdtemp(prefix="coursekit-probe-")
    try:
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                _enter_userns()
                os.chroot(workdir)
                os.chdir("/")
                _drop_capabilities()
                code = 0
            except BaseException:  # noqa: BLE001
                pass
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    except OSError:
        return False
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def isolation_mode() -> str:
    """How children are locked away here: "root", "userns" or "none" (see the module docstring)."""
    global _MODE
    if os.geteuid() == 0:
        return "root"
    if _MODE is None:
        _MODE = "userns" if _probe_userns() else "none"
    return _MODE


def _isolate(job, workdir, mode, wfd):
    """Lock this forked child away; returns in the process that will run the student's code."""
    limits = job["limits"]
    os.setsid()
    null = os.open(os.devnull, os.O_RDONLY)
    out = os.open(os.path.join(workdir, ".output"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(null, 0)
    os.dup2(out, 1)
    os.dup2(out, 2)
    # the value pipe moves to fd 3; everything else is closed
    if wfd != 3:
        os.dup2(wfd, 3)
    os.closerange(4, 65536)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGPIPE):
        signal.signal(sig, signal.SIG_DFL)
    vm = _vmsize()
    mem = int(limits["memory_mb"]) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (vm + mem, vm + mem))
    cpu = int(limits["notebook"]) + 5
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (16 * 1024 * 1024,) * 2)
    resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    nproc = (int(limits["nproc"]),) * 2
    if mode == "root":
        uid = 100000 + os.getpid()
        _unshare(CLONE_NEWNET | CLONE_NEWIPC)
        os.chown(workdir, uid, uid)
        os.chown(os.path.join(workdir, ".output"), uid, uid)
        os.chroot(workdir)
        os.chdir("/")
        os.setgroups([])
        os.setgid(uid)
        resource.setrlimit(resource.RLIMIT_NPROC, nproc)
        os.setuid(uid)
    elif mode == "userns":
        _enter_userns()
        # the new PID namespace starts with our next child: it runs the notebook as its pid 1,
        # this process only passes on how it ended
        pid = os.fork()
        if pid != 0:
            _relay(pid)
        _check(_libc().prctl(_PR_SET_PDEATHSIG, ctypes.c_ulong(signal.SIGKILL), 0, 0, 0), "prctl(PDEATHSIG)")
        os.chroot(workdir)
        os.chdir("/")
        _drop_capabilities()
        resource.setrlimit(resource.RLIMIT_NPROC, nproc)
    else:
        os.chdir(workdir)
    os.environ.clear()
    os.environ.update({"HOME": "/" if mode != "none" else workdir, "LANG": "C.UTF-8",
                       "MPLBACKEND": "Agg", "PATH": "/usr/bin:/bin"})


def _relay(pid):
    """Wait for the notebook's process and end the same way; never returns."""
    os.close(3)  # the notebook's process holds the only writer of the value pipe
    code = 70
    try:
        while True:
            try:
                _, status = os.waitpid(pid, 0)
                break
            except InterruptedError:
                continue
        if os.WIFSIGNALED(status):
            sig = os.WTERMSIG(status)
            if sig not in (signal.SIGKILL, signal.SIGSTOP):
                signal.signal(sig, signal.SIG_DFL)
            os.kill(os.getpid(), sig)
            code = 128 + sig
        else:
            code = os.WEXITSTATUS(status)
    except BaseException:  # noqa: BLE001
        pass
    os._exit(code)


def _vmsize():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 1 << 30


def _child(job, workdir, mode, wfd):
    """Runs in the forked child; never returns."""
    try:
        _isolate(job, workdir, mode, wfd)
    except BaseException:  # noqa: BLE001 - not isolated: run nothing
        os._exit(ISOLATION_FAILED)
    code = 0
    try:
        _execute(job, 3)
    except BaseException:  # noqa: BLE001 - nothing may escape into the server's loop
        code = 70
    os._exit(code)


def _execute(job, fd):
    import builtins
    import linecache
    import traceback

    try:
        from IPython.core.inputtransformer2 import TransformerManager

        transform = TransformerManager().transform_cell
    except ImportError:  # pragma: no cover
        transform = lambda s: s  # noqa: E731

    limits = job["limits"]
    names = job["names"]
    sys.meta_path.insert(0, _PreloadedOnly)
    writer = _CappedWriter(int(limits["output_kb"]) * 1024)
    sys.stdout = sys.stderr = writer
    shell = _ShellStub()
    ns = {"__name__": "__main__", "__builtins__": builtins, "get_ipython": lambda: shell}
    sent: dict[str, str] = {}

    def on_alarm(signum, frame):
        raise CellTimeout()

    for i, src in enumerate(job["cells"]):
        _send(fd, {"ev": "start", "i": i})
        t0 = time.perf_counter()
        status, error = "ok", None
        filename = f"<cell {i + 1}>"
        try:
            code = transform(src)
            linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
            compiled = compile(code, filename, "exec")
            signal.signal(signal.SIGALRM, on_alarm)
            signal.setitimer(signal.ITIMER_REAL, float(limits["cell"]), 0.25)
            try:
                exec(compiled, ns)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        except CellTimeout:
            status, error = "timeout", f"stopped after {limits['cell']:g} s (cell time limit)"
        except SystemExit:
            status, error = "error", "the cell called sys.exit() or exit(); the grader went on"
        except MemoryError:
            status, error = "memory", f"ran out of memory (limit {limits['memory_mb']} MB)"
        except BaseException as err:  # noqa: BLE001
            status = "error"
            try:
                tb = traceback.extract_tb(err.__traceback__)
                line = next((f.lineno for f in reversed(tb) if f.filename == filename), None)
                where = f"line {line}: " if line else ""
                error = (where + "".join(traceback.format_exception_only(type(err), err)).strip())[:500]
            except BaseException:  # noqa: BLE001
                error = "an exception that could not be described"
        t1 = time.perf_counter()
        changed = {}
        for name in names:
            if name not in ns:
                continue
            try:
                text = json.dumps(encode(ns[name]), separators=(",", ":"), allow_nan=False)
            except BaseException as err:  # noqa: BLE001
                text = json.dumps({"$": "unsupported", "type": f"could not be read ({type(err).__name__})"})
            if len(text) > MAX_VALUE:
                text = json.dumps({"$": "unsupported", "type": f"too large ({len(text) // 2**20} MB as data)"})
            if sent.get(name) != text:
                sent[name] = changed[name] = text
        t2 = time.perf_counter()
        head = json.dumps({"ev": "cell", "i": i, "status": status, "error": error, "code_s": t1 - t0,
                           "encode_s": t2 - t1}, separators=(",", ":"))
        values = ",".join(json.dumps(k) + ":" + v for k, v in changed.items())
        data = (head[:-1] + ',"values":{' + values + "}}\n").encode()
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    removed = [n for n in sent if n not in ns]
    _send(fd, {"ev": "done", "removed": removed, "output_bytes": writer.size})


# ---------------------------------------------------------------- the server side


def _reap_uid(uid):
    """Kill every process of `uid` (a helper that becomes uid and signals -1)."""
    pid = os.fork()
    if pid == 0:
        try:
            os.setgid(uid)
            os.setuid(uid)
            os.kill(-1, signal.SIGKILL)
        except BaseException:  # noqa: BLE001
            pass
        os._exit(0)
    os.waitpid(pid, 0)


def run_job(job: dict) -> dict:
    """Fork a child for one submission, watch it, and return what it reported."""
    limits = {**DEFAULT_LIMITS, **job.get("limits", {})}
    job = {**job, "limits": limits}
    mode = isolation_mode()
    t_start = time.perf_counter()
    workdir = tempfile.mkdtemp(prefix="coursekit-run-")
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(rfd)
        _child(job, workdir, mode, wfd)
    os.close(wfd)
    t_forked = time.perf_counter()
    try:
        pidfd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        pidfd = None

    cells: list[dict] = []
    values: dict = {}
    status, reason = None, None
    current = None
    nb_deadline = t_start + float(limits["notebook"])
    cell_deadline = None
    buf = b""
    received = 0
    done = False
    exited = False
    eof = False
    code_s = encode_s = 0.0
    while True:
        now = time.perf_counter()
        deadline = min(d for d in (nb_deadline, cell_deadline) if d is not None)
        if now >= deadline:
            if cell_deadline is not None and now >= cell_deadline and now < nb_deadline:
                status = "timeout"
                reason = f"cell {current + 1} ran past its {limits['cell']:g} s limit and was stopped"
                cells.append({"i": current, "status": "timeout", "error": reason})
            else:
                status = "timeout"
                reason = f"the notebook ran past its {limits['notebook']:g} s limit and was stopped"
                if current is not None and not any(c["i"] == current for c in cells):
                    cells.append({"i": current, "status": "timeout", "error": reason})
            break
        waits = [rfd] + ([pidfd] if pidfd is not None and not exited else [])
        timeout = deadline - now if pidfd is not None and not exited else min(deadline - now, 0.05)
        ready, _, _ = select.select(waits, [], [], timeout)
        if pidfd is not None and pidfd in ready:
            exited = True
        if rfd in ready:
            chunk = os.read(rfd, 1 << 16)
            if not chunk:
                eof = True
                break
            received += len(chunk)
            if received > MAX_STREAM:
                status, reason = "too-large", "the graded variables are too large to read (over 8 MB)"
                break
            buf += chunk
            *lines, buf = buf.split(b"\n")
            for line in lines:
                try:
                    msg = json.loads(line)
                except ValueError:
                    continue
                if not isinstance(msg, dict):
                    continue
                if msg.get("ev") == "start" and isinstance(msg.get("i"), int):
                    current = msg["i"]
                    cell_deadline = time.perf_counter() + float(limits["cell"]) + GRACE
                elif msg.get("ev") == "cell" and isinstance(msg.get("i"), int):
                    cell_deadline = None
                    code_s += float(msg.get("code_s") or 0)
                    encode_s += float(msg.get("encode_s") or 0)
                    cells.append({"i": msg["i"], "status": str(msg.get("status"))[:20],
                                  "error": None if msg.get("error") is None else str(msg["error"])[:500]})
                    if isinstance(msg.get("values"), dict):
                        values.update({str(k): v for k, v in msg["values"].items()})
                elif msg.get("ev") == "done":
                    for n in msg.get("removed") or []:
                        values.pop(n, None)
                    done = True
            if done:
                break
        elif exited and rfd not in ready:
            # the child is gone; a process it forked may still hold the pipe open
            ready, _, _ = select.select([rfd], [], [], 0.05)
            if not ready:
                break
    if eof and not exited and pidfd is not None:
        # the notebook closed the pipe, most likely by ending its process: let the child end
        # (in a user namespace, the relay needs a moment to pass on how) before killing it
        select.select([pidfd], [], [], 1.0)
    # end the child and everything it started
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        pass
    if mode == "root":
        _reap_uid(100000 + pid)
    _, wstatus = os.waitpid(pid, 0)
    if pidfd is not None:
        os.close(pidfd)
    os.close(rfd)
    if status is None and not done:
        status = "exited"
        if os.WIFSIGNALED(wstatus):
            sig = os.WTERMSIG(wstatus)
            if sig == signal.SIGXCPU:
                status, reason = "timeout", "used up its CPU time limit"
            else:
                reason = f"the notebook's process was killed by signal {signal.Signals(sig).name} (often: out of memory)"
        elif os.WEXITSTATUS(wstatus) == ISOLATION_FAILED:
            status = "grader-error"
            reason = (f"the grader could not lock this notebook away ({mode} isolation failed), "
                      "so it did not run it; please report")
        elif os.WEXITSTATUS(wstatus) == 70:
            reason = ("the notebook broke the Python process it ran in (e.g. by replacing built-in "
                      "functions), so values after that point could not be read")
        else:
            reason = f"the notebook stopped its own process (exit code {os.WEXITSTATUS(wstatus)}) before the end"
        if current is not None and not any(c["i"] == current for c in cells):
            cells.append({"i": current, "status": "exited", "error": reason})
    shutil.rmtree(workdir, ignore_errors=True)
    t_end = time.perf_counter()
    return {
        "status": status or "ok",
        "reason": reason,
        "cells": cells,
        "values": values,
        "isolation": mode,
        "timing": {"startup": t_forked - t_start, "code": code_s, "extract": encode_s,
                   "total": t_end - t_start},
    }


def preload(data_root: str | None) -> None:
    """Import what student code may use and load the course data, before any fork."""
    import importlib

    _libc()

    for mod in PRELOAD:
        try:
            importlib.import_module(mod)
        except ImportError:
            pass
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        TransformerManager().transform_cell("%matplotlib inline\nx = 1\n")
    except ImportError:  # pragma: no cover
        pass
    import coursekit.checks  # noqa: F401 - students may use the shared checks too
    import coursekit.exercises as exercises

    exercises.GRADING = True
    if data_root and os.path.isdir(os.path.join(data_root, "events")):
        exercises._PRELOADED = exercises.read_course_tables(data_root)
    # warm pandas' lazily imported parts so they exist after chroot
    try:
        import pandas as pd

        df = pd.DataFrame({"a": [1, 2, 2], "b": ["x", "y", "y"], "d": ["2013-04-25", "2020-08", "2023"]})
        df.groupby("b")["a"].agg(["sum", "mean", "count"])
        df["b"].value_counts().to_dict()
        df.sort_values("d").explode("b").pivot_table(index="b", values="a", aggfunc="sum")
        pd.to_datetime(df["d"], format="mixed").dt.year
        df.merge(df, on="a").describe()
        str(df), repr(df["a"]), df.to_dict("records"), df.query("a > 1")
        df.assign(e=df["a"].pct_change()).round(2)
    except Exception:  # noqa: BLE001
        pass


def serve(stdin=None, stdout=None, data_root=None) -> None:
    """Read one JSON job per line; write one JSON result per line."""
    t0 = time.perf_counter()
    preload(data_root)
    stdin = stdin or sys.stdin.buffer
    stdout = stdout or sys.stdout.buffer
    hello = {"ready": True, "startup": time.perf_counter() - t0, "isolation": isolation_mode()}
    stdout.write((json.dumps(hello) + "\n").encode())
    stdout.flush()
    for line in stdin:
        if not line.strip():
            continue
        try:
            result = run_job(json.loads(line))
        except Exception as err:  # noqa: BLE001
            result = {"status": "grader-error", "reason": f"{type(err).__name__}: {err}",
                      "cells": [], "values": {}, "timing": {}}
        stdout.write((json.dumps(result, allow_nan=False) + "\n").encode())
        stdout.flush()


if __name__ == "__main__":
    data = None
    if "--data" in sys.argv:
        data = sys.argv[sys.argv.index("--data") + 1]
    serve(data_root=data)
