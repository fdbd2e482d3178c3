"""A real JupyterLab server for the live-notebook tests.

The server runs with this venv's Python (so the kernel imports ``coursekit`` from it) on
127.0.0.1, with a token, on a temporary copy of the chapter notebooks: a test never writes into
``chapters/``. Its Jupyter config, data, runtime, settings and workspace folders are temporary
too, so nothing from the machine's own Jupyter set-up leaks in (labextensions still come from
the venv). The server gets its own process group, killed at teardown with its kernels.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: What a launch (Binder, hub, Colab) or an instructor opens: the reader copies of the chapters.
CHAPTERS = ROOT / "notebooks" / "chapters"
START_TIMEOUT = 60  # seconds for `jupyter lab` to answer
UI_TIMEOUT = 20_000  # ms for any one thing to appear in the page

#: User settings: no autosave (the copy is thrown away anyway) and no news or update checks,
#: which would ask the reader with a toast and then fetch from the internet.
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
}


@dataclass
class LabServer:
    url: str  # http://127.0.0.1:PORT
    token: str
    root: Path  # the folder it serves
    log: Path

    def lab_url(self, name: str) -> str:
        return f"{self.url}/lab/tree/{name}?token={self.token}&reset"

    def notebook_url(self, name: str) -> str:
        """The same notebook in Notebook 7 (the ``notebook`` package's pages on this server)."""
        return f"{self.url}/notebooks/{name}?token={self.token}"

    def log_tail(self, n: int = 40) -> str:
        lines = self.log.read_text(errors="replace").splitlines() if self.log.exists() else []
        return "\n".join(lines[-n:])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _kill_kernels_left(runtime_dir: Path) -> None:
    """Kernels run in their own session (jupyter_client), out of the server's process group;
    the server shuts them down on SIGTERM, but not if it had to be killed: kill any process
    still started with a connection file in this server's (temporary) runtime folder."""
    mark = str(runtime_dir).encode()
    for proc_dir in Path("/proc").glob("[0-9]*"):
        try:
            if mark in (proc_dir / "cmdline").read_bytes():
                os.kill(int(proc_dir.name), signal.SIGKILL)
        except (OSError, ValueError):
            continue


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    """``jupyter lab`` serving temporary copies of notebooks/chapters/01-minusma.ipynb and of
    its review page, 01-minusma/review.ipynb (the reader notebooks a launch opens): one set for JupyterLab,
    one (in ``notebook7/``) for Notebook 7, so that each front end starts its own kernel."""
    base = tmp_path_factory.mktemp("jupyterlab")
    work = base / "notebooks"
    (work / "notebook7").mkdir(parents=True)
    blank = {"cells": [{"cell_type": "code", "execution_count": None, "id": "blank", "metadata": {},
                        "outputs": [], "source": "1 + 1"}],
             "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
             "nbformat": 4, "nbformat_minor": 5}
    for dest in (work, work / "notebook7"):
        shutil.copy2(CHAPTERS / "01-minusma.ipynb", dest / "01-minusma.ipynb")
        (dest / "01-minusma").mkdir()  # the chapter's review page, which holds its timeline
        shutil.copy2(CHAPTERS / "01-minusma" / "review.ipynb", dest / "01-minusma" / "review.ipynb")
        (dest / "blank.ipynb").write_text(json.dumps(blank))  # the front end's own baseline

    dirs = {name: base / name for name in ("config", "data", "runtime", "settings", "workspaces", "ipython")}
    for d in dirs.values():
        d.mkdir()
    for rel, values in LAB_SETTINGS.items():
        path = dirs["settings"] / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))

    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "COURSEKIT_"))}
    env.update(JUPYTER_CONFIG_DIR=str(dirs["config"]), JUPYTER_DATA_DIR=str(dirs["data"]),
               JUPYTER_RUNTIME_DIR=str(dirs["runtime"]), JUPYTERLAB_SETTINGS_DIR=str(dirs["settings"]),
               JUPYTERLAB_WORKSPACES_DIR=str(dirs["workspaces"]), IPYTHONDIR=str(dirs["ipython"]),
               PYDEVD_DISABLE_FILE_VALIDATION="1")

    token = secrets.token_hex(16)
    proc, server = _start(work, env, token, base)
    try:
        yield server
    finally:
        _stop(proc)
        _kill_kernels_left(dirs["runtime"])


def _start(work: Path, env: dict, token: str, base: Path):
    """Start ``jupyter lab`` on a free port and wait until it answers.

    The port is found free here and then bound by the server a moment later; if another process
    took it in between (the tests run side by side), the server says so and exits: it is started
    again on another port, up to three times. Any other early exit fails at once with its log."""
    for attempt in range(3):
        port = _free_port()
        cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work}",
               "--LabApp.expose_app_in_browser=True",  # window.jupyterapp, to run commands
               "--JupyterNotebookApp.expose_app_in_browser=True",
               "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
        log = base / f"jupyterlab-{attempt}.log"
        with open(log, "wb") as out:
            proc = subprocess.Popen(cmd, cwd=work, env=env, stdout=out, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, start_new_session=True)
        server = LabServer(f"http://127.0.0.1:{port}", token, work, log)
        deadline = time.monotonic() + START_TIMEOUT
        try:
            while not _answers(f"{server.url}/api/status?token={token}"):
                if proc.poll() is not None:
                    if f"The port {port} is already in use" in server.log_tail() and attempt < 2:
                        break  # taken in between: another port
                    pytest.fail(f"jupyter lab exited with code {proc.returncode}:\n{server.log_tail()}")
                if time.monotonic() > deadline:
                    pytest.fail(f"jupyter lab did not answer within {START_TIMEOUT} s:\n{server.log_tail()}")
                time.sleep(0.2)
            else:
                return proc, server
        except BaseException:
            _stop(proc)
            raise
    raise AssertionError("unreachable")  # the last attempt returns or fails


@pytest.fixture
def lab_page(browser, lab_server):
    """A page in a fresh browser context (``.page``); requests to any host but the server are
    aborted and listed in ``.external``, uncaught page errors in ``.page_errors``."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(UI_TIMEOUT)
    page = context.new_page()
    lab = SimpleNamespace(page=page, external=[], page_errors=[])

    def route(r):
        url = r.request.url
        if url.startswith(lab_server.url + "/") or url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            lab.external.append(url)
            r.abort()

    context.route("**/*", route)
    page.on("pageerror", lambda e: lab.page_errors.append(f"{e}\n{e.stack}"))
    yield lab
    context.close()
