"""Reader notebooks: a chapter's notebook with its MyST markup turned into plain Markdown.

The chapters are written for the book: ``{date}`res-2100``` prints a date from the data,
``{footcite}`` cites, ``key-terms`` renders a box. Jupyter, VS Code and Colab render none of
these, so a downloaded notebook would show ids instead of dates. :func:`render_notebook`
resolves every role and directive from the same data, with numbered notes and a list of
references at the end; the code cells (quizzes, timelines) are kept and still run live,
after a setup cell (:data:`SETUP`) that installs the toolkit where the kernel lacks it.
The book writes these into the site as the chapters' downloadable ``.ipynb`` files, and
``coursekit reader`` writes them into the repository's ``notebooks/chapters/``, which the
launch buttons open.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
from . import yamlio
from .book import chapter_notebooks, chapter_pages, page_title
from .data import Course

ROLE = re.compile(r"\{(date|value|count|quote|footcite|term|ref)\}`([^`]*)`")
DIRECTIVE = re.compile(r"^```\{(objectives|key-terms|exercise-link|footbibliography)\}\s*([^\n]*)\n```\s*$",
                       re.M)
LABEL = re.compile(r"^\([\w-]+\)=\s*$\n?", re.M)
MARKS = re.compile(r"(?:\[\d+\]){2,}")


class _Notes:
    """Numbers sources in order of first citation, like the book's footnotes."""

    def __init__(self, course: Course, page: str | None = None):
        self.course = course
        self.page = f"{page}.md" if page else None
        self.order: list[str] = []
        self.cited_records: set[tuple[str, str]] = set()

    def evidence(self, key: str) -> list:
        """What ``key`` says in support of this page's claims: the evidence of the records the
        page prints, and of its prose citations (``data/evidence/``)."""
        found = []
        for kind, rid in sorted(self.cited_records):
            if kind in ("date", "value", "count", "quote"):
                found += [e for e in self.course.evidence_of(rid) if e.source == key]
        found += [e for e in self.course.prose_evidence if e.page == self.page and e.source == key]
        seen, out = set(), []
        for e in found:
            ident = (e.quote, e.unverified, e.at)
            if ident not in seen:
                seen.add(ident)
                out.append(e)
        return out

    def cite(self, keys) -> str:
        marks = []
        for k in keys:
            if k not in self.course.sources:
                continue
            if k not in self.order:
                self.order.append(k)
            marks.append(f"[{self.order.index(k) + 1}]")
        return "".join(marks)

    def references(self) -> str:
        lines = []
        for i, k in enumerate(self.order, 1):
            s = self.course.sources[k]
            title = f"[*{s.title}*]({s.url})" if s.url else f"*{s.title}*"
            lines.append(f"{i}. {s.publisher}. {title}. {s.date}.")
            for e in self.evidence(k):  # the passage each claim rests on, as the book's pop-up shows
                where = f" ({e.at}; checked {e.checked})" if e.at else f" (checked {e.checked})"
                if e.quote:
                    tr = f" Our translation: {e.translation}" if e.translation else ""
                    lines.append(f"   - > \u201c{e.quote}\u201d{where}.{tr}")
                else:
                    lines.append(f"   - *Not verified:* {e.unverified}{where}.")
        return "\n".join(lines) if lines else "(no references)"


def _role(course: Course, notes: _Notes, kind: str, arg: str) -> str:
    arg = arg.strip()
    if kind == "footcite":
        return notes.cite([k.strip() for k in arg.split(",")])
    if kind in ("term", "ref"):
        m = re.match(r"(.*?)\s*<([^>]+)>$", arg)
        text = m.group(1) if m else arg
        return f"**{text}**" if kind == "term" else text
    if kind == "date":
        text, srcs = course.format_date(arg), course.events[arg].sources
    elif kind == "value":
        text, srcs = course.format_value(arg), course.figures[arg].sources
    elif kind == "count":
        text, srcs = course.format_count(arg), course.figures[arg].sources
    else:
        q = course.quotes[arg]
        text, srcs = f"\u201c{q.text}\u201d", q.sources
    if (kind, arg) in notes.cited_records:  # cite a record at its first use, as the book does
        return text
    notes.cited_records.add((kind, arg))
    return text + notes.cite(srcs)


def _directive(course: Course, notes: _Notes, name: str, arg: str) -> str:
    arg = arg.strip()
    if name == "objectives":
        bank = yamlio.safe_load((course.root / "data" / "questions" / f"{arg}.yaml").read_text())
        items = "\n".join(f"{i}. {o['text']}" for i, o in enumerate(bank["objectives"], 1))
        text = f"**Learning objectives.** By the end of this chapter you should be able to:\n\n{items}"
        pages = chapter_pages(course.root).get(arg, []) if (course.root / "_toc.yml").exists() else []
        if len(pages) > 1:  # the notebooks of its other pages sit in a folder beside this one
            rest = "\n".join(f"{i}. [{page_title(course.root, d)}]({d.split('/', 1)[1]}.ipynb)"
                             for i, d in enumerate(pages[1:], 2))
            text += (f"\n\n**In this chapter.** This notebook is page 1 of {len(pages)}; the others are:"
                     f"\n\n{rest}")
        return text
    if name == "key-terms":
        lines = []
        for tid in arg.split():
            t = course.glossary[tid]
            exp = f" ({t.expansion})" if t.expansion else ""
            lines.append(f"- **{t.term}**{exp}: {t.definition}")
        return "**Key terms**\n\n" + "\n".join(lines)
    if name == "exercise-link":
        return (f"**Practise.** The exercise notebook for this chapter is `exercises/{arg}/student.ipynb` "
                "in the course repository (with `public_tests.py` beside it).")
    return notes.references()


def substitutions(course: Course) -> dict[str, str]:
    """What pages write as ``{{ name }}`` (MyST substitutions), from ``data/course.yaml``:
    ``as_of`` (the date up to which the sources were reviewed), ``coverage`` (what the
    course cannot know after it, and which months it covers only in part) and, where the course
    gives it, ``mali_as_of`` (the date of the newest source it cites on Mali itself)."""
    subs = {"as_of": str(course.as_of), "coverage": course.coverage}
    if course.mali_as_of is not None:
        subs["mali_as_of"] = str(course.mali_as_of)
    return subs


def render_markdown(text: str, course: Course, notes: _Notes) -> str:
    text = LABEL.sub("", text)
    for name, value in substitutions(course).items():
        text = text.replace("{{ %s }}" % name, value)
    text = ROLE.sub(lambda m: _role(course, notes, m.group(1), m.group(2)), text)
    # a role cites its record's sources; a {footcite} of the same source right after it adds no
    # second mark (as in the book: "[1]", not "[1][1]")
    text = MARKS.sub(lambda m: "".join(dict.fromkeys(re.findall(r"\[\d+\]", m.group(0)))), text)
    return DIRECTIVE.sub(lambda m: _directive(course, notes, m.group(1), m.group(2)), text)


#: The first code cell of a reader notebook. In a kernel that already has the toolkit (the course
#: environment, Binder after postBuild) it does nothing. Elsewhere (Colab, a hub, a fresh
#: Jupyter) it installs the toolkit from the course repository that holds the notebook
#: (nbgitpuller, a download into a checkout) or else from a clone of the public repository.
#: It cannot live in coursekit: it runs before coursekit can be imported. Colab shows it as a
#: form (``cellView``), its title only; Jupyter shows the code.
SETUP = """\
#@title Setup: installs the course toolkit (coursekit) where this kernel lacks it; else does nothing
import importlib.util, pathlib, subprocess, sys
if importlib.util.find_spec("coursekit") is None:
    here = pathlib.Path.cwd().resolve()
    repo = next((p for p in (here, *here.parents) if (p / "coursekit" / "__init__.py").is_file()
                 and (p / "data" / "events").is_dir()), None)
{fetch}
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-e", str(repo)], check=True)
    sys.path.insert(0, str(repo))  # this kernel sees the editable install only after a restart
    if "google.colab" in sys.modules:
        from google.colab import output
        output.enable_custom_widget_manager()
"""
_CLONE = """\
    if repo is None:  # not inside the course repository: clone it
        repo = pathlib.Path({folder}).resolve()
        if not (repo / "coursekit").is_dir():
            subprocess.run(["git", "clone", "-q", "--depth", "1", "--branch", {branch},
                            {url}, str(repo)], check=True)"""
_NO_CLONE = """\
    if repo is None:
        raise ModuleNotFoundError("This chapter needs the course toolkit, coursekit: open it inside "
                                  "a clone of the course repository, or install it there with "
                                  "`pip install -e .` (see the README).")"""


def repository(root: Path) -> tuple[str, str]:
    """The course's public repository and branch, as ``_config.yml`` names them ("" if unnamed)."""
    path = Path(root) / "_config.yml"
    config = yamlio.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    repo = (config or {}).get("repository") or {}
    return (repo.get("url") or "").strip(), (repo.get("branch") or "main").strip()


def setup_source(url: str = "", branch: str = "main") -> str:
    """The setup cell for a course repository at ``url`` (none named: it explains instead)."""
    if url:
        folder = url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git") or "course"
        fetch = _CLONE.format(**{k: json.dumps(v) for k, v in
                                 dict(folder=folder, branch=branch, url=url).items()})
    else:
        fetch = _NO_CLONE
    return SETUP.format(fetch=fetch).rstrip("\n")


def page_navigation(root: Path, doc: str) -> str | None:
    """For a chapter's later page (``chapters/05-politics/review``): where it sits in its chapter,
    with links to the notebooks of the chapter's first page and of the pages either side."""
    if not (Path(root) / "_toc.yml").exists():
        return None
    chapters = chapter_pages(root)
    name = doc.split("/")[1] if doc.startswith("chapters/") and doc.count("/") == 2 else None
    if name not in chapters or doc not in chapters[name][1:]:
        return None
    pages = chapters[name]
    i = pages.index(doc)

    def link(d: str) -> str:  # relative to this page's notebook, in the chapter's folder
        return f"[{page_title(root, d)}]({'../' if d == pages[0] else ''}{d.rsplit('/', 1)[1]}.ipynb)"

    parts = [f"*Chapter {list(chapters).index(name) + 1}, {link(pages[0])}: page {i + 1} of {len(pages)}."]
    if i > 1:
        parts.append(f"Previous: {link(pages[i - 1])}.")
    if i + 1 < len(pages):
        parts.append(f"Next: {link(pages[i + 1])}.")
    return " ".join(parts) + "*"


def render_notebook(nb, course: Course, setup: str | None = None, page: str | None = None):
    """A copy of ``nb`` whose Markdown cells need no MyST to read; code cells unchanged, and
    ``setup`` (see :func:`setup_source`), if given, as a new cell before the first code cell.
    ``page`` (its docname, ``chapters/05-politics/review``) adds, on a chapter's later page, a
    first cell saying where the page sits in its chapter (:func:`page_navigation`)."""
    out = nbformat.from_dict(nb)
    nav = page_navigation(course.root, page) if page else None
    if nav:
        cell = nbformat.v4.new_markdown_cell(nav)
        cell.id = "coursekit-page-nav"
        out.cells.insert(0, cell)
    if setup is not None:
        first = next((i for i, c in enumerate(out.cells) if c.cell_type == "code"), len(out.cells))
        cell = nbformat.v4.new_code_cell(setup, metadata={"tags": ["coursekit-setup"], "cellView": "form"})
        cell.id = "coursekit-setup"  # a fixed id: the committed copies are reproducible
        out.cells.insert(first, cell)
    notes = _Notes(course, page)
    from .maps import MAP_MIME
    from .timeline import BOOK_MIME

    for cell in out.cells:
        if cell.cell_type == "markdown":
            cell.source = render_markdown(cell.source, course, notes)
        for output in cell.get("outputs", []):
            for mime in (BOOK_MIME, MAP_MIME):  # the book's own views, useless elsewhere
                output.get("data", {}).pop(mime, None)
    out.metadata.pop("jupytext", None)  # a reader copy is not paired with the chapter source
    return out


def write_reader_notebooks(srcdir: Path, outdir: Path, docnames, course: Course) -> list[Path]:
    """Replace the site's copies of the chapter notebooks (the download button) with reader ones."""
    written = []
    for doc in docnames:
        src = Path(srcdir) / f"{doc}.ipynb"
        dest = Path(outdir) / "_sources" / f"{doc}.ipynb"
        if src.exists() and dest.exists():
            nb = nbformat.read(str(src), as_version=4)
            nbformat.write(render_notebook(nb, course, setup_source(*repository(course.root)), doc), str(dest))
            written.append(dest)
    return written


#: Where the repository keeps its reader notebooks, mirroring the book's layout
#: (``notebooks/chapters/01-minusma.ipynb``): what Binder, a JupyterHub or Colab open.
REPOSITORY_FOLDER = "notebooks"


def repository_notebooks(root: Path, course: Course) -> dict[Path, str]:
    """Each chapter's reader notebook (path under ``root`` -> its text), as committed."""
    out = {}
    setup = setup_source(*repository(root))
    for src in chapter_notebooks(root):
        rel = src.relative_to(root)
        nb = render_notebook(nbformat.read(str(src), as_version=4), course, setup,
                             rel.with_suffix("").as_posix())
        nb.metadata["coursekit"] = {"generated_from": rel.with_suffix(".md").as_posix(),
                                    "generator": "coursekit reader"}
        out[Path(root) / REPOSITORY_FOLDER / rel] = nbformat.writes(nb) + "\n"
    return out


def write_repository_notebooks(root: Path, course: Course, check: bool = False) -> list[Path]:
    """Write (or with ``check``, only list) the reader notebooks that are missing or stale."""
    stale = []
    for path, text in repository_notebooks(root, course).items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(path)
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    return stale


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "reader", help=f"write {REPOSITORY_FOLDER}/chapters/*.ipynb: the chapters with their MyST "
                       "resolved, for Jupyter, VS Code, Binder, a hub or Colab")
    p.add_argument("--root", default=None, help="course repository (default: the one coursekit is in)")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 if any is missing or stale")
    p.set_defaults(func=_main)


def _main(args) -> int:
    from .data import load_course

    course = load_course(args.root)
    stale = write_repository_notebooks(course.root, course, check=args.check)
    for path in stale:
        rel = path.relative_to(course.root)
        print(f"{'stale' if args.check else 'wrote'}: {rel}")
    if args.check and stale:
        print("run `make notebooks` (or `coursekit reader`) after changing a chapter or the data")
        return 1
    if not stale:
        print(f"{REPOSITORY_FOLDER}/chapters: up to date")
    return 0
