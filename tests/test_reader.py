"""Do the downloadable chapter notebooks read well outside the book (no raw MyST left)?"""

import json
import os
import re
from pathlib import Path

import nbformat
import pytest

from coursekit.book import chapter_notebooks, chapter_pages
from coursekit.data import course as real_course, load_course
from coursekit.evidence import citations
from coursekit.files import course_glob
from coursekit.reader import render_notebook
from elsewhere import course_repository, python_without_coursekit

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "files" / "course"
MYST = re.compile(r"\{[a-z-]+\}`|```\{|^\([\w-]+\)=", re.M)


def test_roles_and_directives_become_plain_markdown():
    course = load_course(FIXTURE)
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("(label)=\n# Title\n\nOn {date}`res-2100`, {value}`troop-ceiling`{footcite}`unsc-2013-res2100`; "
                                      "again {date}`res-2100`. {quote}`q1` See {footcite}`print-only`. "
                                      "A {term}`MINUSMA` and {term}`council <UN Security Council>`."),
        nbformat.v4.new_code_cell("quiz('x')"),
        nbformat.v4.new_markdown_cell("```{key-terms} minusma\n```\n\n## References\n\n```{footbibliography}\n```"),
    ])
    out = render_notebook(nb, course)
    md = out.cells[0].source
    assert MYST.search(md) is None
    # the {footcite} right after the value repeats its source: one mark, not "[1][1]"
    assert "On 25 April 2013[1], 12,640 military personnel[1]; again 25 April 2013." in md
    assert "\u201cA test quotation.\u201d[2] See [3]." in md
    assert "A **MINUSMA** and **council**." in md
    assert out.cells[1].source == "quiz('x')"  # code runs live as before
    refs = out.cells[2].source
    assert "- **MINUSMA** (United Nations Multidimensional" in refs
    assert "1. United Nations Security Council. [*Resolution 2100 (2013)*](https://example.org/res2100). 2013-04-25." in refs
    assert "3. Some Press. *A Printed Book*. 2020." in refs


def test_the_notes_show_the_passage_each_claim_rests_on():
    """A reader notebook's references carry, under each source, the evidence the book's pop-up
    shows: the source's words (with our translation), where they are, when they were checked."""
    course = real_course()
    ev = next(e for e in course.prose_evidence if e.quote and e.translation)
    para = next(c.paragraph for c in citations(ROOT)
                if c.page == ev.page and c.source == ev.source and ev.claim in c.paragraph)
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell(para),
        nbformat.v4.new_markdown_cell("```{footbibliography}\n```")])
    refs = render_notebook(nb, course, page=ev.page[:-3]).cells[-1].source
    assert f"   - > \u201c{ev.quote}\u201d ({ev.at}; checked {ev.checked})." in refs
    assert f"Our translation: {ev.translation}" in refs
    # a record's evidence follows its role: the date's source shows the passage that dates it
    rec = next(r for r in course.events.values() if any(e.quote for e in r.evidence))
    e = next(e for e in rec.evidence if e.quote)
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell(f"On {{date}}`{rec.id}`."),
        nbformat.v4.new_markdown_cell("```{footbibliography}\n```")])
    assert f"\u201c{e.quote}\u201d" in render_notebook(nb, course).cells[-1].source


@pytest.mark.parametrize("path", chapter_notebooks(ROOT), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_chapter_renders_without_myst(path):
    out = render_notebook(nbformat.read(path, as_version=4), real_course())
    md = "\n".join(c.source for c in out.cells if c.cell_type == "markdown")
    assert MYST.search(md) is None, MYST.search(md).group(0)
    assert "{{ as_of }}" not in md and "{{ coverage }}" not in md
    if path.parent.name == "chapters":  # a chapter's first page says its "as of" date and its limits
        course = real_course()
        assert str(course.as_of) in md and course.coverage in md
    assert "jupytext" not in json.dumps(out.metadata)


def test_repository_reader_notebooks_are_current_and_readable():
    """Are notebooks/chapters/*.ipynb (what launches open) exactly what `coursekit reader`
    writes from today's chapters and data, one per chapter, with no MyST left?"""
    from coursekit.reader import write_repository_notebooks

    course = real_course()
    assert write_repository_notebooks(ROOT, course, check=True) == [], \
        "notebooks/chapters is stale: run `make notebooks` (or `coursekit reader`)"
    readers = ROOT / "notebooks" / "chapters"
    names = sorted(p.relative_to(readers) for p in course_glob(readers, "*.ipynb", recursive=True))
    assert names == sorted(p.relative_to(ROOT / "chapters") for p in chapter_notebooks(ROOT)), \
        "notebooks/chapters holds a notebook that no chapter page makes, or lacks one"
    for name in names:
        nb = nbformat.read(readers / name, as_version=4)
        nbformat.validate(nb)
        assert nb.metadata["coursekit"]["generated_from"] == f"chapters/{name.with_suffix('.md').as_posix()}"
        md = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        assert MYST.search(md) is None
        assert any(c.get("outputs") for c in nb.cells if c.cell_type == "code")  # outputs kept
    # a chapter's first notebook links the notebooks of its other pages, in order, and they exist
    for chapter, docs in chapter_pages(ROOT).items():
        nb = nbformat.read(readers / f"{chapter}.ipynb", as_version=4)
        md = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        links = re.findall(r"\]\(([^)]+\.ipynb)\)", md)
        assert links == [f"{d.split('/', 1)[1]}.ipynb" for d in docs[1:]], chapter
        assert all((readers / link).exists() for link in links)
        # each later page opens with where it sits in the chapter, its links to real notebooks
        for i, doc in enumerate(docs[1:], 2):
            first = nbformat.read(readers / f"{doc.split('/', 1)[1]}.ipynb", as_version=4).cells[0]
            assert first.id == "coursekit-page-nav" and f"page {i} of {len(docs)}" in first.source
            for link in re.findall(r"\]\(([^)]+\.ipynb)\)", first.source):
                assert (readers / chapter / link).resolve().exists(), (doc, link)
            assert ("Next:" in first.source) == (i < len(docs))


def test_reader_command_finds_and_fixes_a_stale_notebook(tmp_path):
    """Does `coursekit reader --check` fail on a stale copy, and `coursekit reader` fix it?"""
    import shutil

    from coursekit.cli import main

    root = tmp_path / "course"
    shutil.copytree(ROOT / "data", root / "data")
    (root / "chapters").mkdir()
    shutil.copy2(ROOT / "chapters" / "01-minusma.ipynb", root / "chapters")
    (root / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n  - file: chapters/01-minusma\n")
    assert main(["reader", "--root", str(root), "--check"]) == 1  # missing
    assert main(["reader", "--root", str(root)]) == 0
    out = root / "notebooks" / "chapters" / "01-minusma.ipynb"
    assert out.exists() and main(["reader", "--root", str(root), "--check"]) == 0
    out.write_text(out.read_text().replace("Learning objectives", "Learning goals"))
    assert main(["reader", "--root", str(root), "--check"]) == 1  # edited by hand
    assert main(["reader", "--root", str(root)]) == 0 and "Learning objectives" in out.read_text()


def test_setup_cell_comes_first_and_clones_the_named_repository(tmp_path):
    """Does each reader notebook open with the setup cell, cloning the repository that
    _config.yml names, and explaining what to do when none is named?"""
    from coursekit.reader import repository, setup_source

    nb = nbformat.read(ROOT / "notebooks" / "chapters" / "01-minusma.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].source == setup_source(*repository(ROOT)) and code[0].id == "coursekit-setup"
    assert code[0].metadata["cellView"] == "form"  # Colab shows its title, not its code
    assert code[1].source.startswith("from coursekit import")
    assert sum(c.source.startswith("#@title Setup: installs the course toolkit") for c in code) == 1

    (tmp_path / "_config.yml").write_text("repository:\n  url: https://github.com/an-org/after-minusma.git\n"
                                          "  branch: spring\n")
    src = setup_source(*repository(tmp_path))
    assert '"--branch", "spring",\n' in src and '"https://github.com/an-org/after-minusma.git"' in src
    assert 'pathlib.Path("after-minusma")' in src
    assert '"git", "clone"' not in setup_source("", "main")
    assert "ModuleNotFoundError" in setup_source("", "main")
    compile(src, "setup", "exec")


def test_setup_cell_installs_from_the_checkout_it_runs_in(tmp_path, monkeypatch):
    """On a hub (nbgitpuller) or in a downloaded checkout, does the setup cell install the toolkit
    from the repository around the notebook, and clone nothing even with no URL named?"""
    import subprocess

    from coursekit.reader import setup_source

    repo = course_repository(tmp_path / "after-minusma")
    (repo / "notebooks" / "chapters").mkdir(parents=True)
    python = python_without_coursekit(tmp_path / "bare")
    env = {**os.environ, "PIP_NO_INDEX": "1", "PIP_NO_BUILD_ISOLATION": "0"}
    check = "\nimport coursekit; print(coursekit.__file__)"
    run = subprocess.run([str(python), "-c", setup_source("", "main") + check], env=env,
                         cwd=repo / "notebooks" / "chapters", capture_output=True, text=True)
    assert run.stdout.strip() == str(repo / "coursekit" / "__init__.py"), run.stderr
    elsewhere = subprocess.run([str(python), "-c", "import coursekit; print(coursekit.__file__)"],
                               cwd=tmp_path, capture_output=True, text=True)
    assert elsewhere.stdout.strip() == str(repo / "coursekit" / "__init__.py")  # installed for good

    lost = subprocess.run([str(python_without_coursekit(tmp_path / "bare2")), "-c", setup_source("", "main")],
                          env=env, cwd=tmp_path, capture_output=True, text=True)
    assert lost.returncode == 1 and "ModuleNotFoundError: This chapter needs the course toolkit" in lost.stderr


@pytest.mark.slow
def test_a_reader_notebook_runs_where_the_toolkit_is_not_installed(tmp_path, monkeypatch):
    """Opened on its own, as on Colab or a fresh hub, does a chapter's reader notebook run top to
    bottom: its setup cell clones the course repository and installs the toolkit from it?

    The kernel is a Python that sees this environment's libraries but not coursekit; the
    repository is a local git repository (file:// URL); pip works offline."""
    import subprocess

    import nbclient

    from coursekit.reader import render_notebook, setup_source

    origin = course_repository(tmp_path / "after-minusma-origin")

    python = python_without_coursekit(tmp_path / "bare")
    spec = tmp_path / "jupyter" / "kernels" / "bare"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "bare", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_NO_BUILD_ISOLATION", "0")  # pip's spelling of --no-build-isolation

    chapter = nbformat.read(ROOT / "chapters" / "01-minusma.ipynb", as_version=4)
    nb = render_notebook(chapter, real_course(), setup_source(f"file://{origin}", "main"))
    nb.cells.append(nbformat.v4.new_code_cell("import coursekit; print(coursekit.__file__)"))
    work = tmp_path / "content"  # Colab's working folder
    work.mkdir()
    nbclient.NotebookClient(nb, timeout=300, kernel_name="bare",
                            resources={"metadata": {"path": str(work)}}).execute()

    assert nb.cells[-1].outputs[0].text.strip() == str(work / "after-minusma-origin" / "coursekit" / "__init__.py")
    widgets = [o for c in nb.cells for o in c.get("outputs", []) if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(widgets) == sum("quiz(" in c.source for c in nb.cells if c.cell_type == "code")
    # installed for good: a restarted kernel imports it with no setup
    again = subprocess.run([str(python), "-c", "import coursekit, coursekit.data as d; print(d.default_root())"],
                           capture_output=True, text=True, cwd=tmp_path)
    assert again.stdout.strip() == str(work / "after-minusma-origin"), again.stderr
