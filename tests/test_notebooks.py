"""Do the chapter notebooks run cleanly, and are the committed ones what running them gives?

Each chapter is executed for real by pytest-notebook; its outputs must equal the committed
outputs except where they cannot be deterministic (a widget's model id is new in every kernel).
The MyST source and the .ipynb must hold the same cells (jupytext pairing has not drifted).
"""

import re
from pathlib import Path

import jupytext
import nbformat
import pytest
from pytest_notebook.nb_regression import NBRegressionFixture

from coursekit.book import chapter_notebooks
from coursekit.files import course_glob

ROOT = Path(__file__).resolve().parent.parent
#: Every page of every chapter (``chapters/05-politics.ipynb``, ``chapters/05-politics/review.ipynb``).
CHAPTERS = chapter_notebooks(ROOT)


def name(path):
    return path.relative_to(ROOT / "chapters").with_suffix("").as_posix()


def test_every_chapter_page_has_its_notebook_and_source():
    chapters = ROOT / "chapters"
    mds = sorted(course_glob(chapters, "*.md") + course_glob(chapters, "*/*.md"))
    notebooks = sorted(course_glob(chapters, "*.ipynb") + course_glob(chapters, "*/*.ipynb"))
    assert len(CHAPTERS) > 7 and [p.with_suffix(".ipynb") for p in mds] == notebooks == sorted(CHAPTERS)


@pytest.mark.parametrize("path", CHAPTERS, ids=name)
def test_paired_source_and_notebook_hold_the_same_cells(path):
    """Edit chapters/*.md, then `make notebooks`; this fails if that step was skipped."""
    md = jupytext.read(path.with_suffix(".md"))
    nb = nbformat.read(path, as_version=4)
    cells = lambda n: [(c.cell_type, c.source.strip()) for c in n.cells]  # noqa: E731
    assert cells(md) == cells(nb), f"{path.name} is out of date with {path.stem}.md: run `make notebooks`"


@pytest.mark.parametrize("path", CHAPTERS, ids=name)
def test_committed_notebook_matches_a_fresh_run(path):
    fixture = NBRegressionFixture(
        exec_timeout=180,
        exec_cwd=str(path.parent),
        diff_ignore=(
            "/metadata/language_info",
            "/metadata/widgets",
            "/cells/*/metadata/execution",
            "/cells/*/execution_count",
            "/cells/*/outputs/*/execution_count",
            "/cells/*/outputs/*/data/application/vnd.jupyter.widget-view+json",
        ),
    )
    result = fixture.check(str(path), raise_errors=False)
    errors = [o for c in result.nb_final.cells if c.cell_type == "code"
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == [], f"{path.name}: a cell raised: {errors[:1]}"
    assert not result.diff_filtered, f"{path.name} differs from a fresh run (run `make notebooks`):\n{result.diff_string[:3000]}"
    # the outputs really are there: every quiz, timeline, table and chart cell produced HTML
    html_outputs = [o for c in result.nb_final.cells for o in c.get("outputs", [])
                    if "text/html" in o.get("data", {})]
    n_calls = sum(len(re.findall(r"\b(quiz|timeline|figure_table|bar_chart|event_map|lineage_diagram)\(", c.source))
                  for c in result.nb_final.cells if c.cell_type == "code")
    assert len(html_outputs) == n_calls > 0
