"""Sphinx directive ``answer-key``: a chapter's questions with their answers, from its bank.

````md
```{answer-key} 02-security
```
````

renders, for every question of ``data/questions/02-security.yaml`` in bank order: its kind, the
section of the chapter where it is shown, the prompt, the right answer (the right option(s);
True or False; the figure with the range accepted and the tolerance; the events in order with
their dates), the feedback for each answer, the explanation and the objectives it checks. All of
it is read from the bank and the course data when the book is built, never typed twice.

The key is written for instructors: include it only in pages meant for them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from . import yamlio
from .book import chapter_pages
from .data import format_number
from .errors import DataError
from .files import course_glob
from .questions import Bank, Question, load_all
from .quiz import KIND_NAMES

__all__ = ["AnswerKeyDirective", "Entry", "PageQuiz", "chapter_quiz_sections", "chapter_quizzes",
           "describe", "quiz_sections", "setup"]

_QUIZ_CALL = re.compile(r"""\bquiz\(\s*["']([a-z0-9-]+)["']""")
_HEADING = re.compile(r"^##\s+(.+?)\s*$")


@dataclass
class Entry:
    """One question of the key, as plain text (no markup), ready to render.

    Attributes:
        answer: the right answer in one line.
        steps: for ``order``, the events in the right order, each with its date.
        lines: further ``(label, text)`` lines: the range accepted, the figure, its certainty.
        feedback: ``(answer, right?, feedback)`` for each answer (numeric and order: one for a
            right and one for a wrong answer, or one for any answer).
        objectives: the texts of the objectives the question checks.
    """

    question: Question
    answer: str
    steps: list[str] = field(default_factory=list)
    lines: list[tuple[str, str]] = field(default_factory=list)
    feedback: list[tuple[str, bool, str]] = field(default_factory=list)
    objectives: list[str] = field(default_factory=list)
    section: str | None = None


def _letter(i: int) -> str:
    return f"{chr(97 + i)})"


def _tolerance_text(raw: dict, unit: str) -> str:
    if "tolerance_abs" in raw:
        t = raw["tolerance_abs"]
        return "exact answer only" if t == 0 else f"tolerance \u00b1{format_number(t)} {unit}"
    pct = raw.get("tolerance", 0) * 100
    return ("exact answer only" if pct == 0
            else f"tolerance \u00b1{format_number(round(pct, 6))}% of the figure")


def describe(q: Question, bank: Bank, course, raw: dict | None = None,
             section: str | None = None) -> Entry:
    """The answer-key entry of one validated question.

    Args:
        q: the question, loaded by :func:`coursekit.questions.load_bank`.
        bank: its bank (for the objectives' texts).
        course: the course data (for the figure of a numeric question).
        raw: the question's record as written in the YAML file (for its tolerance).
        section: the heading of the chapter section that shows the question, if known.
    """
    objectives = {o.id: o.text for o in bank.objectives}
    e = Entry(q, "", objectives=[objectives[o] for o in q.objectives], section=section)
    if q.kind in ("single", "multiple"):
        right = [(i, o) for i, o in enumerate(q.options) if o.correct]
        e.answer = "; ".join(f"{_letter(i)} {o.text.rstrip('.')}" for i, o in right)
        e.feedback = [(f"{_letter(i)} {o.text}", o.correct, o.feedback)
                      for i, o in enumerate(q.options)]
    elif q.kind == "truefalse":
        e.answer = "True" if q.answer else "False"
        e.feedback = [("True", q.answer is True, q.feedback_true),
                      ("False", q.answer is False, q.feedback_false)]
        e.feedback.sort(key=lambda f: not f[1])
    elif q.kind == "numeric":
        fig = course.figures[q.figure]
        e.answer = q.answer_text
        e.lines.append(("Accepted", f"any number from {format_number(q.low)} to "
                        f"{format_number(q.high)} {q.unit} "
                        f"({_tolerance_text(raw or {}, q.unit)})"))
        e.lines.append(("Figure", f"{fig.label} (`{fig.id}`): {fig.measure}"))
        if fig.certainty != "confirmed" and fig.note:
            e.lines.append((f"Certainty: {fig.certainty}", fig.note))
        e.feedback = [("A right answer", True, q.feedback_correct),
                      ("A wrong answer", False, q.feedback_incorrect)]
    elif q.kind == "order":
        e.answer = "the events in this order:"
        e.steps = [f"{item.label} ({item.date})" for item in q.items]
        e.feedback = [("Any answer", True, q.feedback)]
    return e


def quiz_sections(chapter_source: Path) -> dict[str, str]:
    """Question id -> heading of the ``##`` section whose code calls ``quiz("id")``."""
    found: dict[str, str] = {}
    heading = "(before the first section)"
    for line in chapter_source.read_text(encoding="utf-8").splitlines():
        m = _HEADING.match(line)
        if m:
            heading = m.group(1)
        for qid in _QUIZ_CALL.findall(line):
            found.setdefault(qid, heading)
    return found


def chapter_quiz_sections(root: Path, chapter: str) -> tuple[list[Path], dict[str, str]]:
    """A chapter's page sources (as ``_toc.yml`` lists them; its first page alone if the table
    of contents omits it) and, across them, question id -> the section that shows it."""
    pages = chapter_pages(root).get(chapter, [f"chapters/{chapter}"])
    sources = [Path(root) / f"{doc}.md" for doc in pages if (Path(root) / f"{doc}.md").exists()]
    sections: dict[str, str] = {}
    for source in sources:
        for qid, heading in quiz_sections(source).items():
            sections.setdefault(qid, heading)
    return sources, sections


@dataclass(frozen=True)
class PageQuiz:
    """One quiz as a chapter shows it: the page (docname), the question id, the ``##`` section."""

    page: str
    question: str
    section: str


def chapter_quizzes(root: Path, chapter: str) -> list[PageQuiz]:
    """Every quiz on a chapter's pages in reading order: the pages as ``_toc.yml`` lists them,
    on each page in the order its source calls ``quiz("id")``. A question shown twice counts
    once, where it is first shown. Questions of other banks (a review page's cumulative quiz)
    are included: what counts is the page that shows them."""
    out: list[PageQuiz] = []
    seen: set[str] = set()
    for doc in chapter_pages(root).get(chapter, [f"chapters/{chapter}"]):
        source = Path(root) / f"{doc}.md"
        if not source.exists():
            continue
        for qid, heading in quiz_sections(source).items():
            if qid not in seen:
                seen.add(qid)
                out.append(PageQuiz(doc, qid, heading))
    return out


# --------------------------------------------------------------------------- rendering

def _para(*parts, classes=()) -> nodes.paragraph:
    p = nodes.paragraph(classes=list(classes))
    for part in parts:
        p += part if isinstance(part, nodes.Node) else _inline_code(part)
    return p


def _inline_code(text: str) -> list[nodes.Node]:
    """Plain text in which `backticked` ids show as code; nothing else is interpreted."""
    out: list[nodes.Node] = []
    for i, chunk in enumerate(str(text).split("`")):
        if chunk:
            out.append(nodes.literal(chunk, chunk) if i % 2 else nodes.Text(chunk))
    return out


def _colon(label: str) -> str:
    return label if label[-1:] in ".?!:" else label + ":"


def _labelled(label: str, text: str) -> nodes.paragraph:
    p = nodes.paragraph()
    p += nodes.strong(label, label)
    p += nodes.Text(" ")
    for n in _inline_code(text):
        p += n
    return p


def render_entry(e: Entry, number: int) -> nodes.Element:
    """One question as an admonition, with a stable id ``ck-answer-<question id>``."""
    q = e.question
    title_text = f"{number}. {q.id} ({KIND_NAMES[q.kind]})"
    box = nodes.admonition("", classes=["ck-answer", f"ck-answer-{q.kind}"],
                           ids=[f"ck-answer-{q.id}"])
    title = nodes.title(title_text, "")
    title += nodes.Text(f"{number}. ")
    title += nodes.literal(q.id, q.id)
    title += nodes.Text(f" ({KIND_NAMES[q.kind]})")
    box += title
    if e.section:
        box += _labelled("Shown in:", e.section)
    box += _labelled("Question:", q.prompt)
    box += _labelled("Answer:", e.answer)
    if e.steps:
        steps = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
        for text in e.steps:
            item = nodes.list_item()
            item += _para(text)
            steps += item
        box += steps
    if e.lines:
        items = nodes.bullet_list()
        for label, text in e.lines:
            item = nodes.list_item()
            item += _labelled(f"{label}:", text)
            items += item
        box += items
    fb = nodes.bullet_list(classes=["ck-answer-feedback"])
    for label, right, text in e.feedback:
        item = nodes.list_item(classes=["ck-right" if right else "ck-wrong"])
        mark = ("\u2713 " if right else "\u2717 ") if q.kind in ("single", "multiple", "truefalse") else ""
        item += _labelled(_colon(f"{mark}{label}"), text or "")
        fb += item
    box += _para(nodes.strong("Feedback:", "Feedback:"))
    box += fb
    if q.explanation:
        box += _labelled("Explanation:", q.explanation)
    if len(e.objectives) == 1:
        box += _labelled("Checks:", e.objectives[0])
    else:
        box += _para(nodes.strong("Checks:", "Checks:"))
        objectives = nodes.bullet_list()
        for text in e.objectives:
            item = nodes.list_item()
            item += _para(text)
            objectives += item
        box += objectives
    return box


# --------------------------------------------------------------------------- the directive

class AnswerKeyDirective(SphinxDirective):
    """Every question of a chapter's bank with its answer, feedback and objectives."""

    required_arguments = 1

    def run(self):
        from .sphinxext import _course  # the book's cached course data (ExtensionError on bad data)

        chapter = self.arguments[0].strip()
        root = Path(self.env.app.srcdir)
        folder = root / "data" / "questions"
        path = folder / f"{chapter}.yaml"
        self.env.note_dependency(str(path))
        if not path.exists():
            known = [p.stem for p in course_glob(folder, "*.yaml")]
            close = difflib.get_close_matches(chapter, known, n=1)
            hint = f" (did you mean `{close[0]}`?)" if close else ""
            raise self.error(
                f"answer-key: no question bank data/questions/{chapter}.yaml{hint}; the argument is "
                f"a bank's file name without `.yaml` (one of: {', '.join(known) or 'none'})")
        course = _course(self.env)
        try:
            banks = load_all(root, course)
        except DataError as exc:
            raise self.error(f"answer-key: {exc}") from None
        bank = next((b for b in banks.values() if Path(b.file).name == path.name), None)
        if bank is None:  # pragma: no cover - load_all reads every file of the folder
            raise self.error(f"answer-key: data/questions/{chapter}.yaml was not loaded")
        raw = {q["id"]: q for q in yamlio.safe_load(path.read_text(encoding="utf-8"))["questions"]}
        sources, sections = chapter_quiz_sections(root, bank.chapter)
        for source in sources:
            self.env.note_dependency(str(source))

        intro = nodes.paragraph()
        n = len(bank.questions)
        shown = sum(q.id in sections for q in bank.questions)
        intro += nodes.Text(f"{n} question{'s' * (n != 1)} in ")
        intro += nodes.literal(bank.file, bank.file)
        if sources:
            intro += nodes.Text(f"; {shown} shown in the chapter, in the sections named. ")
            if shown < n:
                intro += nodes.Text("The others are not placed in the chapter: use them in "
                                    "class or in a test. ")
        else:
            intro += nodes.Text(". ")
        intro += nodes.Text("Options are lettered in the order the quiz shows them.")
        out = nodes.container(classes=["ck-answer-key"])
        out += intro
        for i, q in enumerate(bank.questions, 1):
            entry = describe(q, bank, course, raw.get(q.id), sections.get(q.id)
                             or ("not placed in the chapter" if sources else None))
            out += render_entry(entry, i)
        return [out]


def setup(app):
    app.add_directive("answer-key", AnswerKeyDirective)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
