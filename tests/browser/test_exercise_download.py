"""Does each exercise work where students open it? Downloaded from the built site as one
archive into an empty folder, outside the course repository, run by a Python that has pandas
and PyYAML but not the course's toolkit: the untouched notebook runs from top to bottom and
its checks answer; the reference solution passes every public check."""

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from coursekit.exercises import load_exercise, student_notebook
from coursekit.files import course_glob

from elsewhere import python_without_coursekit
from .conftest import ROOT, SITE

pytestmark = pytest.mark.site

NAMES = [p.parent.name for p in course_glob(ROOT / "exercises", "*/source.ipynb")]

#: Runs a notebook's code cells in order, in the folder it sits in, and prints what each
#: check("...") returned, as JSON.
DRIVER = r'''
import ast, json, sys, nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
env, out = {"__name__": "__main__"}, []
for cell in nb.cells:
    if cell.cell_type != "code" or cell.source.lstrip().startswith("#| tests"):
        continue
    tree = ast.parse(cell.source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "<cell>", "exec"), env)
    value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), env) if last else None
    if type(value).__name__ == "CheckResult":
        out.append([value.question, value.passed, repr(value)])
import coursekit
print(json.dumps({"checks": out, "toolkit": coursekit.__file__}))
'''


@pytest.fixture(scope="module")
def python(tmp_path_factory):
    return python_without_coursekit(tmp_path_factory.mktemp("plain") / "venv")


def _unpack(name: str, into: Path) -> Path:
    archive = SITE / "exercises" / f"{name}.zip"
    assert archive.exists(), f"{archive} missing: the book serves each exercise as one archive"
    zipfile.ZipFile(io.BytesIO(archive.read_bytes())).extractall(into)
    return into / name


def _run(python: Path, notebook: Path) -> dict:
    driver = notebook.parent / "run_notebook.py"
    driver.write_text(DRIVER)
    proc = subprocess.run([str(python), str(driver), notebook.name], cwd=notebook.parent,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_every_exercise_archive_is_linked():
    """Each chapter's review page links its exercise's archive; the landing page, the primer's."""
    for name in NAMES:
        if name == "00-python":
            assert 'href="exercises/00-python.zip"' in (SITE / "intro.html").read_text(encoding="utf-8")
            continue
        html = (SITE / "chapters" / name / "review.html")
        pages = [html] if html.exists() else list((SITE / "chapters").rglob("*.html"))
        assert any(f'href="../../exercises/{name}.zip"' in p.read_text(encoding="utf-8")
                   for p in pages), name


@pytest.mark.parametrize("name", NAMES)
def test_the_downloaded_exercise_runs_in_an_empty_folder(python, tmp_path, name):
    folder = _unpack(name, tmp_path / "downloads")
    # the untouched copy: runs from top to bottom, and every check answers (and fails)
    untouched = _run(python, folder / "student.ipynb")
    assert untouched["toolkit"].startswith(str(folder)), "it must use the toolkit it carries"
    assert untouched["checks"] and not any(passed for _, passed, _ in untouched["checks"])
    # the reference solution, in the same downloaded folder: every public check passes
    reference = student_notebook(load_exercise(ROOT / "exercises" / name / "source.ipynb"),
                                 solutions=True)
    nbformat.write(reference, folder / "reference.ipynb")
    solved = _run(python, folder / "reference.ipynb")
    assert [msg for q, passed, msg in solved["checks"] if not passed] == []
    assert {q for q, _, _ in solved["checks"]} == {q for q, _, _ in untouched["checks"]}
