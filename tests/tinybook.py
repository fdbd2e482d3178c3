"""The one-page book the Sphinx-extension tests build (tests/files/book over the fixture data)."""

import shutil
import subprocess
import sys
from pathlib import Path

FILES = Path(__file__).parent / "files"
JB = Path(sys.executable).parent / "jupyter-book"


def make(tmp_path: Path) -> Path:
    """A fresh copy of the tiny book, with the fixture course's data/, under ``tmp_path``."""
    root = tmp_path / "book"
    shutil.copytree(FILES / "book", root)
    shutil.copytree(FILES / "course" / "data", root / "data")
    (root / "node_modules").symlink_to(FILES.parent.parent / "node_modules")  # the served plotly.js
    return root


def build(root: Path) -> tuple[int, str]:
    """``jupyter-book build -W --keep-going``: its exit code and everything it printed."""
    proc = subprocess.run([str(JB), "build", "-W", "--keep-going", str(root)],
                          capture_output=True, text=True)
    return proc.returncode, proc.stdout + proc.stderr
