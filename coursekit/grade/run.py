"""Run step: execute submissions in sandboxed children of pre-warmed fork servers.

`Sandbox` is one fork server (a fresh `python -m coursekit.grade.sandbox`); `run_all` keeps a
pool of them, one per parallel slot, locally or on the workers of a Dask cluster. Results are
cached on disk as each one finishes, so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from coursekit.files import course_glob
from coursekit.grade.sandbox import DEFAULT_LIMITS

RUN_FORMAT = 2  # bump when a cached run result would mean something else


def _server_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "TZ", "SYSTEMROOT")}
    env.update({"PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1", "OPENBLAS_NUM_THREADS": "1",
                "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "MPLBACKEND": "Agg",
                "PYTHONNOUSERSITE": "1"})
    return env


class Sandbox:
    """One fork server process; `run(job)` grades one submission in a fresh child."""

    def __init__(self, data_root: str | None = None):
        self.data_root = data_root
        self.proc = None
        self.startup = 0.0
        self.isolation = None

    def command(self) -> list[str]:
        cmd = [sys.executable, "-m", "coursekit.grade.sandbox"]
        if self.data_root:
            cmd += ["--data", str(self.data_root)]
        return cmd

    def start(self):
        self.proc = subprocess.Popen(self.command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, env=_server_env(), cwd="/",
                                     start_new_session=True)
        hello = self.proc.stdout.readline()
        if not hello:
            raise RuntimeError("the grading sandbox did not start; run "
                               "`python -m coursekit.grade.sandbox` to see why")
        hello = json.loads(hello)
        self.startup = hello["startup"]
        self.isolation = hello.get("isolation")  # see sandbox.isolation_mode
        return self

    def run(self, job: dict) -> dict:
        for attempt in (1, 2):
            if self.proc is None or self.proc.poll() is not None:
                self.start()
            try:
                self.proc.stdin.write((json.dumps(job) + "\n").encode())
                self.proc.stdin.flush()
                line = self.proc.stdout.readline()
                if line:
                    return json.loads(line)
            except (BrokenPipeError, ValueError):
                pass
            self.close()
        return {"status": "grader-error", "reason": "the grading sandbox failed twice on this notebook",
                "cells": [], "values": {}, "timing": {}}

    def close(self):
        if self.proc is not None:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=5)
            except Exception:  # noqa: BLE001
                self.proc.kill()
                self.proc.wait()
            self.proc = None


class SandboxPool:
    """Sandboxes shared by threads: one is taken per job and given back afterwards."""

    def __init__(self, data_root=None):
        self.data_root = data_root
        self.free: list[Sandbox] = []
        self.lock = threading.Lock()
        self.all: list[Sandbox] = []

    def run(self, job: dict) -> dict:
        with self.lock:
            box = self.free.pop() if self.free else None
        if box is None:
            box = Sandbox(self.data_root).start()
            with self.lock:
                self.all.append(box)
        try:
            return box.run(job)
        finally:
            with self.lock:
                self.free.append(box)

    def close(self):
        for box in self.all:
            box.close()
        self.all, self.free = [], []


_WORKER_POOLS: dict = {}
_WORKER_LOCK = threading.Lock()


def run_on_worker(job: dict, data_root: str | None) -> dict:
    """Entry point on a Dask worker: a per-process pool of fork servers, kept between tasks."""
    with _WORKER_LOCK:
        pool = _WORKER_POOLS.get(data_root)
        if pool is None:
            pool = _WORKER_POOLS[data_root] = SandboxPool(data_root)
    return pool.run(job)


def make_job(cells: list[str], names: list[str], limits: dict | None = None) -> dict:
    """What the sandbox receives: code and variable names only, never tests or solutions."""
    return {"cells": list(cells), "names": list(names), "limits": {**DEFAULT_LIMITS, **(limits or {})}}


def cache_key(digest: str, job_names, limits, data_fingerprint: str) -> str:
    h = hashlib.sha256()
    h.update(json.dumps([RUN_FORMAT, digest, list(job_names), limits, data_fingerprint],
                        sort_keys=True).encode())
    return h.hexdigest()[:32]


def data_fingerprint(data_root) -> str:
    if not data_root or not Path(data_root).is_dir():
        return "none"
    h = hashlib.sha256()
    for p in course_glob(Path(data_root), "*.yaml", recursive=True):
        h.update(str(p.relative_to(data_root)).encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def run_all(items, names, *, limits=None, jobs=None, scheduler=None, data_root=None,
            cache_dir=None, on_result=None):
    """Run every (key, cells) item; return {key: run result}.

    Args:
        items: list of (key, cells, digest) with digest a hash of the submitted file.
        names: the graded variable names.
        limits: per-cell/notebook seconds, memory_mb, output_kb (see sandbox.DEFAULT_LIMITS).
        jobs: parallel fork servers on this machine (default: number of CPUs).
        scheduler: a Dask scheduler address ("tcp://host:8786") or a distributed.Client;
            submissions then run on the cluster's workers.
        data_root: the course data folder, loaded once by each fork server.
        cache_dir: finished results are written here and reused on the next run.
        on_result: called as on_result(key, result, cached) after each one.
    """
    limits = {**DEFAULT_LIMITS, **(limits or {})}
    data_root = str(data_root) if data_root else None
    fp = data_fingerprint(data_root)
    results: dict = {}
    todo = []
    cache = Path(cache_dir) if cache_dir else None
    if cache:
        cache.mkdir(parents=True, exist_ok=True)
    for key, cells, digest in items:
        ck = cache_key(digest, names, limits, fp)
        cached = cache / f"{ck}.json" if cache else None
        if cached and cached.exists():
            try:
                results[key] = json.loads(cached.read_text())
                if on_result:
                    on_result(key, results[key], True)
                continue
            except ValueError:
                pass
        todo.append((key, make_job(cells, names, limits), cached))

    def finish(key, result, cached):
        results[key] = result
        if cached and result.get("status") != "grader-error":
            tmp = cached.with_suffix(".tmp")
            tmp.write_text(json.dumps(result, sort_keys=True))
            os.replace(tmp, cached)
        if on_result:
            on_result(key, result, False)

    if not todo:
        return results
    if scheduler is not None:
        _run_dask(todo, scheduler, data_root, finish)
        return results
    pool = SandboxPool(data_root)
    try:
        with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as ex:
            futures = {ex.submit(pool.run, job): (key, cached) for key, job, cached in todo}
            for fut in as_completed(futures):
                key, cached = futures[fut]
                finish(key, fut.result(), cached)
    finally:
        pool.close()
    return results


def _run_dask(todo, scheduler, data_root, finish):
    from distributed import Client, as_completed as dask_completed

    client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
    try:
        futures = {}
        for key, job, cached in todo:
            fut = client.submit(run_on_worker, job, data_root, pure=False, key=f"grade-{key}-{id(job)}")
            futures[fut] = (key, cached)
        for fut in dask_completed(list(futures)):
            key, cached = futures[fut]
            try:
                result = fut.result()
            except Exception as err:  # noqa: BLE001
                result = {"status": "grader-error", "reason": f"the cluster failed to run it: {err}",
                          "cells": [], "values": {}, "timing": {}}
            finish(key, result, cached)
    finally:
        if client is not scheduler:
            client.close()
