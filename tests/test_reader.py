"""Do the downloadable chapter notebooks read well outside the book (no raw MyST left)?"""

import json
import re
from pathlib import Path

import nbformat
import pytest

from coursekit.data import load_course
from coursekit.reader import render_notebook

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "files" / "course"
MYST = re.compile(r"\{[a-z-]+\}`|```\{|^\([\w-]+\)=", re.M)


def test_roles_and_directives_become_plain_markdown():
    course = load_course(FIXTURE)
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("(label)=\n# Title\n\nOn {date}`res-2100`, {value}`troop-ceiling`; "
                                      "again {date}`res-2100`. {quote}`q1` See {footcite}`print-only`. "
                                      "A {term}`MINUSMA` and {term}`council <UN Security Council>`."),
        nbformat.v4.new_code_cell("quiz('x')"),
        nbformat.v4.new_markdown_cell("```{key-terms} minusma\n```\n\n## References\n\n```{footbibliography}\n```"),
    ])
    out = render_notebook(nb, course)
    md = out.cells[0].source
    assert MYST.search(md) is None
    assert "On 25 April 2013[1], 12,640 military personnel[1]; again 25 April 2013." in md
    assert "\u201cA test quotation.\u201d[2] See [3]." in md
    assert "A **MINUSMA** and **council**." in md
    assert out.cells[1].source == "quiz('x')"  # code runs live as before
    refs = out.cells[2].source
    assert "- **MINUSMA** (United Nations Multidimensional" in refs
    assert "1. United Nations Security Council. [*Resolution 2100 (2013)*](https://example.org/res2100). 2013-04-25." in refs
    assert "3. Some Press. *A Printed Book*. 2020." in refs


@pytest.mark.parametrize("path", sorted((ROOT / "chapters").glob("*.ipynb")), ids=lambda p: p.stem)
def test_every_chapter_renders_without_myst(path):
    out = render_notebook(nbformat.read(path, as_version=4), load_course())
    md = "\n".join(c.source for c in out.cells if c.cell_type == "markdown")
    assert MYST.search(md) is None, MYST.search(md).group(0)
    assert "{{ as_of }}" not in md and "27 November 2026" in md
    assert "jupytext" not in json.dumps(out.metadata)


def test_repository_reader_notebooks_are_current_and_readable():
    """Are notebooks/chapters/*.ipynb (what launches open) exactly what `coursekit reader`
    writes from today's chapters and data, one per chapter, with no MyST left?"""
    from coursekit.reader import write_repository_notebooks

    course = load_course()
    assert write_repository_notebooks(ROOT, course, check=True) == [], \
        "notebooks/chapters is stale: run `make notebooks` (or `coursekit reader`)"
    names = sorted(p.name for p in (ROOT / "notebooks" / "chapters").glob("*.ipynb"))
    assert names == sorted(p.name for p in (ROOT / "chapters").glob("*.ipynb"))
    nb = nbformat.read(ROOT / "notebooks" / "chapters" / names[0], as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["coursekit"]["generated_from"] == f"chapters/{Path(names[0]).stem}.md"
    md = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert MYST.search(md) is None
    assert any(c.get("outputs") for c in nb.cells if c.cell_type == "code")  # outputs kept


def test_reader_command_finds_and_fixes_a_stale_notebook(tmp_path):
    """Does `coursekit reader --check` fail on a stale copy, and `coursekit reader` fix it?"""
    import shutil

    from coursekit.cli import main

    root = tmp_path / "course"
    shutil.copytree(ROOT / "data", root / "data")
    (root / "chapters").mkdir()
    shutil.copy2(ROOT / "chapters" / "01-minusma.ipynb", root / "chapters")
    assert main(["reader", "--root", str(root), "--check"]) == 1  # missing
    assert main(["reader", "--root", str(root)]) == 0
    out = root / "notebooks" / "chapters" / "01-minusma.ipynb"
    assert out.exists() and main(["reader", "--root", str(root), "--check"]) == 0
    out.write_text(out.read_text().replace("Learning objectives", "Learning goals"))
    assert main(["reader", "--root", str(root), "--check"]) == 1  # edited by hand
    assert main(["reader", "--root", str(root)]) == 0 and "Learning objectives" in out.read_text()
