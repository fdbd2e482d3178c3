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
