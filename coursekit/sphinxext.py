"""Sphinx extension: course data in prose, per-page assets, and a build that fails on bad data.

Adds to the book:

- roles ``{date}`event-id```, ``{value}`figure-id``` and ``{quote}`quote-id```, which print
  the record from ``data/`` and cite its sources as footnotes (like ``{footcite}``);
- directives ``objectives`` (a chapter's learning objectives, from its question bank),
  ``key-terms`` (a box of glossary entries) and ``course-glossary`` (the shared glossary);
- the scripts a page needs, served from the book's own ``_static`` and added only to pages
  that use them: quiz.js/quiz.css for quizzes, timeline.js for timelines, cite.js for
  citations, plotly.js for a plotly figure.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

from . import yamlio
from .book import chapter_pages
from .data import check_bibliography_style, course as load_cached_course
from .errors import DataError
from .files import course_glob
from .maps import MAP_MIME
from .data import CONCERNS
from .timeline import BOOK_MIME

PACKAGE = Path(__file__).resolve().parent

#: The plotly.js the book serves on a page that shows a plotly figure of its own (the course's
#: timelines and bar charts are HTML and need none): npm's partial bundle (scatter, bar, pie),
#: 0.4 MB gzipped against the 1.5 MB of the full bundle that the Python package ships. Its
#: version must be the one Python plotly draws for.
PLOTLY_BUNDLE = ("plotly.js-basic-dist-min", "plotly-basic.min.js")
#: The trace types that bundle draws; a figure of any other type would stay blank in the book.
PLOTLY_TRACES = frozenset({"scatter", "bar", "pie"})


#: Scripts and stylesheets every page gets: the header's menu buttons, reading offline.
EVERY_PAGE = ([("nav.js", None), ("offline.js", None)], [("offline.css", None), ("content.css", None)])
#: (marker found in a page's HTML, scripts as (name, "defer" or None), stylesheets) served
#: from the package.
PAGE_ASSETS = [
    ('class="output text_html"><div class="ck-', [], [("outputs.css", None)]),
    ('class="output text_html"><figure class="ck-', [], [("outputs.css", None)]),
    ("plotly-graph-div", [(PLOTLY_BUNDLE[1], "defer"), ("charts.js", "defer")], []),
    # (each timeline's events script, named by its data-src, loads at the reader's first use of
    # the timeline: see _page_context and timeline.js)
    ("ck-timeline", [("timeline.js", "defer")], [("timeline.css", None)]),
    ('<figure class="ck-map', [("maps.js", "defer")], [("maps.css", None)]),
    ("ck-quiz", [("quiz.js", None), ("progress.js", None)], [("quiz.css", None)]),
    ("ck-figtable", [], [("figures.css", None)]),
    ('class="footnote-reference', [("cite.js", "defer")], [("footnotes.css", None)]),
    ("admonition", [], [("print.css", None)]),
]


#: A book timeline's events script, named on its table (``coursekit.timeline.events_file``).
EVENTS_SRC = re.compile(r'<details class="ck-timeline-table" data-events="[^"]*" data-src="(ck-events[a-z-]*\.js)"')


def plotly_bundle(srcdir) -> Path:
    """The book's plotly.js file under ``node_modules`` (``npm ci`` installs it), checked against
    the version the installed Python plotly expects."""
    import json

    import plotly
    import plotly.offline

    package, name = PLOTLY_BUNDLE
    folder = Path(srcdir) / "node_modules" / package
    if not (folder / name).exists():
        raise ExtensionError(f"node_modules/{package}/{name} is missing: run `npm ci` in the "
                             "course folder (`make book` does), which installs it from package.json")
    have = json.loads((folder / "package.json").read_text(encoding="utf-8"))["version"]
    want = plotly.offline.get_plotlyjs_version()
    if have != want:
        raise ExtensionError(
            f"node_modules/{package} is plotly.js {have}, but Python plotly {plotly.__version__} "
            f"draws for plotly.js {want}: set {package} to {want} in package.json and run "
            "`npm install`")
    return folder / name


def check_trace_types(figure) -> None:
    """Fail the build on a figure that the book's plotly.js bundle cannot draw."""
    import json

    if isinstance(figure, str):
        figure = json.loads(figure)
    types = {trace.get("type", "scatter") for trace in (figure or {}).get("data", [])}
    if types - PLOTLY_TRACES:
        raise ExtensionError(
            f"a figure draws {', '.join(sorted(types - PLOTLY_TRACES))}, which the book's plotly.js "
            f"({PLOTLY_BUNDLE[0]}) does not include; it draws {', '.join(sorted(PLOTLY_TRACES))}. "
            "Use one of those, or serve a bundle that has it (coursekit/sphinxext.py, PLOTLY_BUNDLE)")


def _asset_sources(srcdir) -> dict[str, Path]:
    found = {PLOTLY_BUNDLE[1]: plotly_bundle(srcdir)}
    for folder in (PACKAGE / "assets", PACKAGE / "quiz" / "assets"):
        if folder.is_dir():
            for f in folder.iterdir():
                if f.suffix in (".js", ".css"):
                    found[f.name] = f
    return found


def served_asset(src: Path) -> str:
    """A script or stylesheet as the book serves it: the toolkit's own minified (comments and
    spaces out, licence comments ``/*! */`` kept: a reader on metered data downloads the code,
    not its documentation, about a third less gzipped); a file already minified, as it is. Live
    notebooks inline the readable source."""
    text = src.read_text(encoding="utf-8")
    if src.name.endswith(".min.js") or src.name.endswith(".min.css"):
        return text
    if src.suffix == ".js":
        import rjsmin

        return rjsmin.jsmin(text, keep_bang_comments=True) + "\n"
    if src.suffix == ".css":
        import rcssmin

        return rcssmin.cssmin(text, keep_bang_comments=True) + "\n"
    return text


def _course(env):
    try:
        return load_cached_course(Path(env.app.srcdir))
    except DataError as exc:
        raise ExtensionError(f"course data: {exc}") from None


# --------------------------------------------------------------------------- roles

def _citing_role(kind: str):
    """A role that prints a data record and cites its sources, built on footcite."""
    from sphinxcontrib.bibtex.foot_roles import FootCiteRole

    class DataRole(FootCiteRole):
        def run(self):
            c = _course(self.env)
            key = self.text.strip()
            try:
                if kind == "date":
                    shown = c.format_date(key)
                    srcs = c.events[key].sources
                elif kind == "value":
                    shown = c.format_value(key)
                    srcs = c.figures[key].sources
                elif kind == "count":
                    shown = c.format_count(key)
                    srcs = c.figures[key].sources
                else:
                    q = c.quotes[key]
                    shown = f"\u201c{q.text}\u201d"
                    srcs = q.sources
            except (DataError, KeyError):
                table = {"date": "event", "value": "figure", "count": "figure", "quote": "quote"}[kind]
                msg = self.inliner.reporter.error(
                    f"{{{kind}}} role: no {table} with id `{key}` in data/; "
                    "check the spelling or add the record", line=self.lineno)
                return [nodes.problematic(self.rawtext, self.rawtext)], [msg]
            # its sources as classes: cite.js shows them in a pop-up on a tap, at every use
            text = nodes.inline(shown, shown,
                                classes=[f"ck-{kind}", "ck-cites", f"ck-rec--{key}",
                                         *(f"ck-src--{k}" for k in srcs)])
            # cite a record at its first use on a page, as a footnote would: not at every use
            cited = self.env.temp_data.setdefault("coursekit_cited", set())
            if (kind, key) in cited:
                return [text], []
            cited.add((kind, key))
            self.text = ",".join(srcs)
            refs, msgs = super().run()
            return [text, *refs], msgs

    DataRole.__name__ = f"{kind.title()}Role"
    return DataRole()


# --------------------------------------------------------------------------- directives

class _MystDirective(SphinxDirective):
    def parse_myst(self, lines: list[str]) -> list[nodes.Node]:
        container = nodes.container()
        self.state.nested_parse(StringList(lines, source=self.env.docname), self.content_offset,
                                container)
        return container.children


class ObjectivesDirective(_MystDirective):
    """Learning objectives of a chapter, read from ``data/questions/<chapter>.yaml``."""

    required_arguments = 1

    def run(self):
        chapter = self.arguments[0]
        path = Path(self.env.app.srcdir) / "data" / "questions" / f"{chapter}.yaml"
        self.env.note_dependency(str(path))
        if not path.exists():
            raise self.error(f"objectives: no question bank {path.name} in data/questions/")
        objectives = (yamlio.safe_load(path.read_text(encoding="utf-8")) or {}).get("objectives") or []
        if not objectives:
            raise self.error(f"objectives: {path.name} lists no `objectives`")
        lines = [":::{admonition} Learning objectives", ":class: ck-objectives", "",
                 "By the end of this chapter you should be able to:", ""]
        lines += [f"{i}. {o['text']}" for i, o in enumerate(objectives, 1)]
        lines += [":::"]
        out = self.parse_myst(lines)
        toc = Path(self.env.app.srcdir) / "_toc.yml"
        pages = chapter_pages(toc.parent).get(chapter, []) if toc.exists() else []
        if len(pages) > 1:  # filled in once every page's title is known (_fill_chapter_pages)
            out.append(chapter_pages_node(pages=pages))
        return out


def _drop_repeated_citations(app, doctree, docname):
    """A role cites its record's sources at their first use on a page; an author's ``{footcite}``
    of the same source right after it would print "[1][1]". In each run of adjacent footnote
    references, keep the first mark of each source (and drop the extra back-link)."""
    for parent in {id(r.parent): r.parent for r in doctree.findall(nodes.footnote_reference)}.values():
        seen: set[str] = set()
        for child in list(parent.children):
            if not isinstance(child, nodes.footnote_reference):
                if not (isinstance(child, nodes.Text) and not child.astext()):
                    seen = set()
                continue
            target = child.get("refid") or child.get("refname")
            if target in seen:
                footnote = doctree.ids.get(child.get("refid", ""))
                if footnote is not None:
                    footnote["backrefs"] = [b for b in footnote["backrefs"] if b not in child["ids"]]
                parent.remove(child)
            else:
                seen.add(target)


_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def _plain_claim(claim: str) -> str:
    """A claim or a paragraph as they are compared: no emphasis marks, one space between
    words, and straight quotes (the built text has typographic ones: "country’s")."""
    return " ".join(claim.replace("*", "").translate(_QUOTES).split())


def _before_mark(para, ref) -> str:
    """The words a footnote mark closes: the paragraph's text from the previous mark of the
    same source (or the paragraph's start) up to this mark, so that two sentences of one
    paragraph citing one source each show their own evidence."""
    parts: list[str] = []
    start = 0
    for node in para.findall():
        if node is ref:
            break
        if isinstance(node, nodes.footnote_reference) and node.get("refid") == ref.get("refid"):
            start = sum(map(len, parts))
        elif isinstance(node, nodes.Text) and not isinstance(node.parent, nodes.footnote_reference):
            parts.append(str(node))
    return _plain_claim("".join(parts)[start:])


def _collect_evidence(app, doctree, docname):
    """What the page's citations rest on, for cite.js's pop-up: each record a role prints
    (``ck-rec--ID``) with its evidence, and each footnote mark with the evidence for its
    sentence (``data/evidence/``), numbered by a ``ck-ev--N`` class on the mark. A mark that
    follows a record's role shows that record's evidence; a mark in prose, the entries whose
    ``claim`` is in the words it closes (:func:`_before_mark`), else in its paragraph (or, if
    the words are split by markup, all of that source's entries for the page). An entry that
    no mark's words close (its sentence cites nothing, or only a record's role is cited) is
    added to the marks of its source in its paragraph, or on the page: none is ever lost."""
    c = _course(app.env)
    page = f"{docname}.md"
    prose: dict[str, list] = {}
    for e in c.prose_evidence:
        if e.page == page:
            prose.setdefault(e.source, []).append(e)
    recs: dict[str, list] = {}
    for node in doctree.findall(nodes.inline):
        for cls in node.get("classes", []):
            if cls.startswith("ck-rec--") and cls[8:] not in recs:
                try:
                    recs[cls[8:]] = [e.as_dict() for e in c.evidence_of(cls[8:])]
                except KeyError:
                    recs[cls[8:]] = []
    marks: list[list[dict]] = []
    placed: list[tuple[str, str]] = []  # each mark's source and paragraph text
    shown: set[int] = set()
    for ref in doctree.findall(nodes.footnote_reference):
        refid = ref.get("refid") or ""
        if not refid.startswith("footcite-"):
            continue
        key = refid[len("footcite-"):]
        found = None
        parent = ref.parent
        if parent is not None:  # the record whose role this mark follows, if any
            i = parent.index(ref)
            while i > 0 and isinstance(parent[i - 1], nodes.footnote_reference):
                i -= 1
            prev = parent[i - 1] if i > 0 else None
            rid = next((k[8:] for k in (prev.get("classes", []) if isinstance(prev, nodes.Element)
                                        else []) if k.startswith("ck-rec--")), None)
            if rid is not None:
                found = [e for e in recs.get(rid, []) if e["source"] == key]
        para = ref.parent
        while para is not None and not isinstance(para, nodes.paragraph):
            para = para.parent
        para = para or ref.parent
        whole = _plain_claim(para.astext())
        if not found and key in prose:
            own = _before_mark(para, ref)
            chosen = ([e for e in prose[key] if _plain_claim(e.claim) in own]
                      or [e for e in prose[key] if _plain_claim(e.claim) in whole] or prose[key])
            shown.update(id(e) for e in chosen)
            found = [e.as_dict() for e in chosen]
        if found or key in prose:
            ref["classes"].append(f"ck-ev--{len(marks)}")
            marks.append(list(found or []))
            placed.append((key, whole))
    for key, entries in prose.items():  # entries no mark's words closed: none is lost
        for e in entries:
            if id(e) in shown:
                continue
            at = [i for i, (k, text) in enumerate(placed) if k == key and _plain_claim(e.claim) in text]
            for i in at or [i for i, (k, _) in enumerate(placed) if k == key]:
                marks[i].append(e.as_dict())
    store = app.env.__dict__.setdefault("_coursekit_evidence", {})
    store[docname] = {"rec": {k: v for k, v in recs.items() if v}, "fn": marks}


def _evidence_script(app, pagename, templatename, context, doctree):
    """The page's evidence as a JSON file of its own (``_static/evidence/PAGE.json``), which
    cite.js fetches at the first tap: a reader who never opens a pop-up never downloads it
    (tens of KB on a chapter page), and the page's HTML stays light. The offline copy includes
    it (coursekit.offline follows the ``data-src``)."""
    data = app.env.__dict__.get("_coursekit_evidence", {}).pop(pagename, None)
    if not data or not (data["rec"] or data["fn"]) or not context.get("body"):
        return
    rel = f"_static/evidence/{pagename}.json"
    out = Path(app.outdir) / rel
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    src = context["pathto"](rel, 1)
    context["body"] += f'<script type="application/json" id="ck-evidence" data-src="{src}"></script>'


class chapter_pages_node(nodes.General, nodes.Element):
    """Placeholder for the "In this chapter" box: the chapter's pages, linked, in order."""


def _fill_chapter_pages(app, doctree, docname):
    """Under a chapter's objectives, list its pages (phone readers do not see the sidebar)."""
    for node in list(doctree.findall(chapter_pages_node)):
        box = nodes.admonition(classes=["ck-chapter-pages"])
        box += nodes.title("", "In this chapter")
        items = nodes.enumerated_list()
        for doc in node["pages"]:
            title = app.env.titles[doc].astext() if doc in app.env.titles else doc
            para = nodes.paragraph()
            if doc == docname:
                para += nodes.strong("", title)
                para += nodes.Text(" (this page)")
            else:
                para += nodes.reference("", title, internal=True,
                                        refuri=app.builder.get_relative_uri(docname, doc))
            items += nodes.list_item("", para)
        box += items
        node.replace_self(box)


class KeyTermsDirective(_MystDirective):
    """A box defining the glossary entries named in the arguments."""

    required_arguments = 1
    final_argument_whitespace = True

    def run(self):
        c = _course(self.env)
        lines = [":::{admonition} Key terms", ":class: ck-key-terms", ""]
        for tid in self.arguments[0].split():
            if tid not in c.glossary:
                raise self.error(f"key-terms: no glossary entry `{tid}` in data/glossary/")
            t = c.glossary[tid]
            exp = f" ({t.expansion})" if t.expansion else ""
            lines.append(f"- {{term}}`{t.term}`{exp}: {t.definition}")
        lines += [":::"]
        return self.parse_myst(lines)


class CorrectionsDirective(_MystDirective):
    """Every correction of a fact the course had published, newest first
    (``data/corrections/*.yaml``): when, where, what it said, what it says now, why, sources.

    Arguments, if any, name the files to show (``{corrections} minusma`` shows
    ``data/corrections/minusma.yaml``): the book gives each chapter's corrections a page of its
    own, so that no page outgrows the page-weight limit as corrections accumulate."""

    optional_arguments = 8

    def run(self):
        c = _course(self.env)
        folder = Path(self.env.app.srcdir) / "data" / "corrections"
        for path in course_glob(folder, "*.yaml"):
            self.env.note_dependency(str(path))
        chosen = c.corrections
        if self.arguments:
            missing = [a for a in self.arguments if not (folder / f"{a}.yaml").exists()]
            if missing:
                raise self.error(f"corrections: no file data/corrections/{missing[0]}.yaml")
            chosen = [k for k in c.corrections if Path(k.file).stem in self.arguments]
        if not chosen:
            return self.parse_myst(["No correction has been made yet."])
        out = []
        for k in chosen:
            # plain text, not MyST: a path such as "chapters/05-politics.md" must not turn into
            # a link (".md" is a top-level domain to the linkifier)
            box = nodes.admonition(classes=["ck-correction"])
            box += nodes.title(text=k.date.label())
            for label, text in (("Where.", k.where), ("It said.", k.said), ("It says now.", k.says),
                                ("Why.", k.why)):
                para = nodes.paragraph()
                para += nodes.strong(text=label)
                para += nodes.Text(" " + text)
                box += para
            if k.sources:
                box += self.parse_myst([f"Sources: {{footcite}}`{','.join(k.sources)}`"])
            out.append(box)
        return out


class CourseGlossaryDirective(_MystDirective):
    """The whole shared glossary, as a Sphinx glossary that ``{term}`` links to."""

    def run(self):
        c = _course(self.env)
        for path in course_glob(Path(self.env.app.srcdir) / "data" / "glossary", "*.yaml"):
            self.env.note_dependency(str(path))
        lines = ["```{glossary}", ":sorted:", ""]
        for t in c.glossary.values():
            lines.append(t.term)
            exp = f"*{t.expansion}.* " if t.expansion else ""
            lines.append(f"  {exp}{t.definition}")
            lines.append("")
        lines.append("```")
        return self.parse_myst(lines)


EXERCISE_FILES = ("student.ipynb", "public_tests.py")


class ExerciseLinkDirective(SphinxDirective):
    """A box linking a chapter to its exercise notebook (copied into the site to download)."""

    required_arguments = 1

    def run(self):
        name = self.arguments[0]
        folder = Path(self.env.app.srcdir) / "exercises" / name
        missing = [f for f in EXERCISE_FILES if not (folder / f).exists()]
        if missing:
            raise self.error(f"exercise-link: exercises/{name}/ has no {', '.join(missing)}; "
                             f"run `coursekit exercises generate exercises/{name}`")
        for f in EXERCISE_FILES:
            self.env.note_dependency(str(folder / f))
        up = "../" * self.env.docname.count("/")
        from .exercises import exercise_archive

        size = len(exercise_archive(folder, Path(self.env.app.srcdir)))
        zip_link = (f'<a href="{up}exercises/{name}.zip" download="{name}.zip"><code>{name}.zip'
                    f'</code></a> ({max(1, round(size / 1024))} KB)')
        links = " and ".join(
            f'<a href="{up}exercises/{name}/{f}" download="{f}"><code>{f}</code></a>'
            for f in EXERCISE_FILES)
        html_ = (f'<div class="admonition tip ck-exercise"><p class="admonition-title">Practise: the '
                 f'exercise notebook</p><p>Download {zip_link}, unzip it and open '
                 '<code>student.ipynb</code> from its folder in Jupyter, JupyterLab, VS Code or '
                 'Colab (its <code>README.txt</code> says how): the archive carries the course '
                 'data and the checks, so it runs outside the course repository, with Python, '
                 'pandas and PyYAML. Run <code>check("...")</code> after each question to test your '
                 f'answers; your instructor grades the notebook with <code>coursekit grade</code>. '
                 f'In the course environment (this repository, Binder or your JupyterHub), '
                 f'{links} are enough.</p></div>')
        return [nodes.raw("", html_, format="html")]


def _write_reader_notebooks(app, exception):
    """The download button serves each chapter with its MyST markup resolved (coursekit.reader)."""
    if exception or app.builder.format != "html":
        return
    from .reader import write_reader_notebooks

    chapters = [d for d in app.env.found_docs if d.startswith("chapters/")]
    write_reader_notebooks(Path(app.srcdir), Path(app.outdir), chapters, _course(app.env))


def _copy_exercises(app, exception):
    """Put each exercise's student files into the site, for the chapters' download links."""
    if exception or app.builder.format != "html":
        return
    for folder in course_glob(Path(app.srcdir) / "exercises", "*"):
        if all((folder / f).exists() for f in EXERCISE_FILES):
            dest = Path(app.outdir) / "exercises" / folder.name
            dest.mkdir(parents=True, exist_ok=True)
            for f in EXERCISE_FILES:
                shutil.copyfile(folder / f, dest / f)
            # the one download that runs anywhere: notebook, checks, data and toolkit together
            from .exercises import exercise_archive

            (dest.parent / f"{folder.name}.zip").write_bytes(exercise_archive(folder, Path(app.srcdir)))
    # the question banks for an LMS (Moodle XML, GIFT, QTI), linked from the instructor guide
    from .bank_export import export_banks

    if course_glob(Path(app.srcdir) / "data" / "questions", "*.yaml"):  # a course with quiz banks
        export_banks(Path(app.outdir) / "_static" / "banks", root=Path(app.srcdir), course=_course(app.env))


# --------------------------------------------------------------------------- events

def _builder_inited(app):
    if app.builder.format != "html":
        _course(app.env)
        return
    _course(app.env)  # fail early, with the data error, before reading any page
    try:
        check_bibliography_style(app.srcdir)
    except DataError as exc:
        raise ExtensionError(f"course data: {exc}") from None
    out = Path(app.doctreedir) / "coursekit-static"
    out.mkdir(parents=True, exist_ok=True)
    for name, src in _asset_sources(app.srcdir).items():
        dest, text = out / name, served_asset(src)
        if not dest.exists() or dest.read_text(encoding="utf-8") != text:
            dest.write_text(text, encoding="utf-8")
    from .timeline import events_script

    from .maps import BASEMAP_FILE, basemap_file_svg

    from .timeline import events_file

    course = _course(app.env)
    generated = [(events_file(k), events_script(course, k)) for k in (None, *CONCERNS)]
    for name, text in (*generated, (BASEMAP_FILE, basemap_file_svg())):
        dest = out / name
        if not dest.exists() or dest.read_text(encoding="utf-8") != text:
            dest.write_text(text, encoding="utf-8")
    if str(out) not in app.config.html_static_path:
        app.config.html_static_path.append(str(out))


def _config_inited(app, config):
    """Cite every ``data/references/*.bib``; give pages the course's as-of date and coverage.

    Pages write ``{{ as_of }}``, ``{{ coverage }}`` and, in sentences about Mali alone,
    ``{{ mali_as_of }}`` (MyST substitutions, from ``data/course.yaml``) rather than typing the
    date.
    """
    from .reader import substitutions

    try:
        subs = substitutions(load_cached_course(Path(app.srcdir)))
    except DataError as exc:
        raise ExtensionError(f"course data: {exc}") from None
    as_of = subs["as_of"]
    config.myst_substitutions = {**(config.myst_substitutions or {}), **subs}
    opts = dict(config.html_theme_options or {})
    opts.setdefault("extra_footer", f"<p>Sources reviewed up to {as_of}. Every date, figure and "
                    "quotation comes from the course data, with its source.</p>"
                    '<div class="ck-offline" hidden></div>')  # offline.js fills it
    if not opts.get("repository_url") and opts.get("launch_buttons"):
        # the theme would warn about (and -W fail on) launch links to no repository
        from sphinx.util import logging

        logging.getLogger(__name__).info(
            "coursekit: launch buttons are off until _config.yml names the repository (repository.url)")
        opts["launch_buttons"] = {}
    config.html_theme_options = opts
    templates = str(PACKAGE / "templates")  # the theme's assets less FontAwesome's script
    if templates not in config.templates_path:
        config.templates_path.insert(0, templates)
    listed = {str(Path(b)) for b in config.bibtex_bibfiles}
    for bib in course_glob(Path(app.srcdir) / "data" / "references", "*.bib"):
        rel = str(bib.relative_to(app.srcdir))
        if rel not in listed:
            config.bibtex_bibfiles.append(rel)


def _drop_widget_state(app, pagename, templatename, context, doctree):
    """Leave out the saved ipywidgets state (hundreds of KB a page) that myst-nb would embed.

    The book shows each output's ``text/html`` (``nb_mime_priority_overrides``), never a
    widget view, and loads no widget manager (``nb_ipywidgets_js: {}``): the state is dead weight.
    """
    meta = getattr(app.env, "nb_metadata", None)
    if meta and pagename in meta:
        meta[pagename].get("js_files", {}).pop("ipywidgets_state", None)


def _page_context(app, pagename, templatename, context, doctree):
    from .compact import compact_footnotes, defer_inline_charts

    from .maps import STATIC_TOKEN

    body = defer_inline_charts(compact_footnotes(context.get("body") or ""))
    if STATIC_TOKEN in body:  # a map's reference to the shared basemap file
        body = body.replace(STATIC_TOKEN, context["pathto"]("_static", 1))
    # a timeline's events script, named on its table: timeline.js loads it from this address when
    # the reader first uses the timeline (an event past the first, the table, a link, printing),
    # so a reader who only reads the page does not download it; the offline copy follows it
    static = context["pathto"]("_static", 1)
    body = EVENTS_SRC.sub(lambda m: m.group(0).replace(f'data-src="{m.group(1)}"',
                                                       f'data-src="{static}/{m.group(1)}"'), body)
    context["body"] = body
    for marker, scripts, styles in [("", *EVERY_PAGE), *PAGE_ASSETS]:
        if marker in body:
            for name, loading in scripts:
                # "defer": chart scripts run after the page is parsed, so text shows first
                app.add_js_file(name, **({loading: loading} if loading else {}))
            for name, _ in styles:
                app.add_css_file(name)


def _dedupe_page_assets(app, pagename, templatename, context, doctree):
    """Keep each identical script or stylesheet once, in its first place (runs last).

    Under jupyter-book, sphinx-thebe and sphinx-togglebutton add their inline configuration
    scripts twice (once with ``filename=None``, once with ``""``); the second
    ``const THEBE_JS_URL`` is a SyntaxError in every reader's console.
    """
    for key in ("script_files", "css_files"):
        files = context.get(key)
        if not isinstance(files, list):
            continue
        seen, kept = set(), []
        for f in files:
            attrs = getattr(f, "attributes", {})
            ident = (getattr(f, "filename", f) or "", tuple(sorted(attrs.items())))
            if ident not in seen:
                seen.add(ident)
                kept.append(f)
        files[:] = kept


def _data_fingerprint(srcdir: str) -> str:
    """A hash of ``data/`` and of the scripts and styles the book serves from the package."""
    import hashlib

    h = hashlib.sha256()
    files = [f for f in course_glob(Path(srcdir) / "data", "*", recursive=True) if f.is_file()]
    files += [p for _, p in sorted(_asset_sources(srcdir).items())]
    for f in files:
        h.update(f.as_posix().encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def _env_get_outdated(app, env, added, changed, removed):
    """Pages print data through roles, and link the package's scripts with a checksum: when
    any data file or served asset changes, re-read and re-write every page. (Sphinx copies
    static files only when it writes pages, so an asset edit alone would never reach the site.)"""
    fp = _data_fingerprint(app.srcdir)
    old = getattr(env, "coursekit_data_fingerprint", None)
    env.coursekit_data_fingerprint = fp
    if old is not None and old != fp:
        return sorted(env.found_docs - set(added) - set(changed))
    return []


def setup(app):
    from .bibstyle import register

    register()
    app.setup_extension("sphinxcontrib.bibtex")
    for kind in ("date", "value", "count", "quote"):
        app.add_role(kind, _citing_role(kind))
    app.add_directive("objectives", ObjectivesDirective)
    app.add_node(chapter_pages_node)
    app.connect("doctree-resolved", _fill_chapter_pages)
    app.connect("doctree-resolved", _drop_repeated_citations)
    app.connect("doctree-resolved", _collect_evidence)
    app.add_directive("key-terms", KeyTermsDirective)
    app.add_directive("course-glossary", CourseGlossaryDirective)
    app.add_directive("corrections", CorrectionsDirective)
    app.add_directive("exercise-link", ExerciseLinkDirective)
    app.setup_extension("coursekit.answerkey")
    app.setup_extension("coursekit.search")
    app.setup_extension("coursekit.icons")
    app.setup_extension("coursekit.offline")
    app.connect("build-finished", _copy_exercises)
    app.connect("build-finished", _write_reader_notebooks)
    app.connect("config-inited", _config_inited, priority=400)
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", _drop_widget_state, priority=400)
    app.connect("html-page-context", _evidence_script, priority=450)
    app.connect("html-page-context", _page_context)
    app.connect("html-page-context", _dedupe_page_assets, priority=900)
    app.connect("env-get-outdated", _env_get_outdated)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}


class PlotlyMimeRenderer:
    """myst-nb plugin: how the book shows timelines and charts.

    A timeline's output carries self-contained ``text/html`` (live notebooks and viewers) and
    :data:`coursekit.timeline.BOOK_MIME`, which the html builder prefers: the same figure
    without inline script and with its table left to the events the site holds once
    (``ck-events.js``). A chart's output carries plotly JSON (for live kernels) beside its HTML;
    rendering the plotly JSON as nothing (rather than warning about an unknown mimetype) keeps
    warnings about genuinely dropped outputs visible.
    """

    mime_priority_overrides = [("html", BOOK_MIME, -1), ("html", MAP_MIME, -1)]

    @staticmethod
    def handle_mime(renderer, data, inline):
        if data.mime_type == "application/vnd.plotly.v1+json":
            check_trace_types(data.content)
            return []
        if data.mime_type in (BOOK_MIME, MAP_MIME) and not inline:
            content = data.content
            if isinstance(content, str):
                import json

                content = json.loads(content)
            return [nodes.raw("", content["html"], format="html", classes=["output", "text_html"])]
        return None
