"""Places without the course environment: a Python that lacks coursekit, a bare copy of the
repository. For the tests of what Colab, a hub or Binder do with the course."""

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def python_without_coursekit(venv: Path) -> Path:
    """A venv whose only link to ours is a path line: our libraries, but not the editable coursekit."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "course-env.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return python


def course_repository(path: Path) -> Path:
    """A git repository holding the toolkit and the data, as the public one does."""
    path.mkdir()
    for name in ("coursekit", "data"):
        shutil.copytree(ROOT / name, path / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "postBuild"):
        shutil.copy(ROOT / name, path)
    git = ["git", "-C", str(path), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "course"], check=True)
    return path
