"""Do the environment files install what was tested, on this machine (make) and on Binder
(requirements.txt, runtime.txt, postBuild)?"""

import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from elsewhere import ROOT, course_repository, python_without_coursekit



def _pins(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            name, _, ver = line.partition("==")
            assert ver, f"{path.name}: {line!r} is not pinned to one version"
            out[name.strip()] = ver.strip()
    return out


def test_requirements_pin_what_is_installed_and_apply_the_constraints():
    """Every requirement is one exact version, the one installed here; so is every constraint
    on a package installed here (the rest pin the benchmarks' nbgrader and its dependencies,
    which `make bench` installs); and requirements.txt applies constraints.txt itself (Binder
    installs that one file)."""
    from importlib.metadata import PackageNotFoundError

    assert "-c constraints.txt" in [l.split("#")[0].strip() for l in (ROOT / "requirements.txt").read_text().splitlines()]
    required = _pins(ROOT / "requirements.txt")
    wrong = {n: (v, version(n)) for n, v in required.items() if version(n) != v}
    for name, pinned in _pins(ROOT / "constraints.txt").items():
        try:
            if version(name) != pinned:
                wrong[name] = (pinned, version(name))
        except PackageNotFoundError:
            pass
    assert wrong == {}, f"pinned vs installed: {wrong}"


def test_binder_gets_the_python_the_pins_were_tested_on():
    runtime = (ROOT / "runtime.txt").read_text().strip()
    assert runtime == f"python-{sys.version_info.major}.{sys.version_info.minor}"
    needs = re.search(r'requires-python = ">=(\d+)\.(\d+)"', (ROOT / "pyproject.toml").read_text())
    assert sys.version_info[:2] >= (int(needs.group(1)), int(needs.group(2)))


def test_binder_post_build_installs_the_toolkit(tmp_path):
    """postBuild, run as repo2docker runs it (in the repository, the environment's python first
    on PATH), leaves coursekit importable from any folder, with the repository's data."""
    repo = course_repository(tmp_path / "repo")
    python = python_without_coursekit(tmp_path / "env")
    env = {**os.environ, "PATH": f"{python.parent}{os.pathsep}{os.environ['PATH']}",
           "PIP_NO_INDEX": "1", "PIP_NO_BUILD_ISOLATION": "0"}
    run = subprocess.run(["bash", "postBuild"], cwd=repo, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    check = subprocess.run([str(python), "-c", "from coursekit.data import load_course; "
                            "print(load_course().root, len(load_course().events))"],
                           cwd=tmp_path, capture_output=True, text=True)
    root, n = check.stdout.split()
    assert root == str(repo) and int(n) > 100, check.stderr[-2000:]
