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


def test_the_parallel_run_keeps_each_group_on_one_worker(tmp_path):
    """`make test` runs the suite with ``--dist loadgroup`` so that the tests sharing one costly
    set-up (the PDF's text, the live Jupyter servers, the graded folder, a page's desktop visit)
    run on one worker and set it up once. With pytest 9.2 and pytest-xdist 3.8 the groups were
    silently split (pytest-xdist#1386): each set-up ran twice. Here two files' grouped tests
    must all run on one worker, beside ungrouped ones."""
    for name in ("a", "b"):
        (tmp_path / f"test_{name}.py").write_text(
            "import pytest\n\n"
            "@pytest.mark.xdist_group('shared')\n"
            "@pytest.mark.parametrize('i', range(4))\n"
            "def test_grouped(i):\n    pass\n\n"
            "@pytest.mark.parametrize('i', range(4))\n"
            "def test_free(i):\n    pass\n")
    make = (ROOT / "Makefile").read_text()
    args = re.search(r"-m pytest (.*)", make).group(1).split()
    assert "loadgroup" in args
    proc = subprocess.run([sys.executable, "-m", "pytest", *args, "-v",
                           "--rootdir", str(tmp_path), "-c", os.devnull, str(tmp_path)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    ran = re.findall(r"\[(gw\d+)\] .*PASSED \S+::(test_\w+)\[", proc.stdout)
    assert len(ran) == 16, proc.stdout[-2000:]
    assert len({w for w, t in ran if t == "test_grouped"}) == 1, ran
