"""Does each chapter's "Answers and explanations" page (printed after the chapter in the PDF)
hold every quiz of that chapter's pages, in page order, each with its right answer?

Built from the real banks and chapter sources, with no browser: the page is parsed with the
standard library's HTML parser. The expected quizzes are read here independently of coursekit:
the chapter's pages from ``_toc.yml`` (a jupyter-book v1 table of contents: ``parts`` ->
``chapters`` -> ``file`` with ``sections``, https://jupyterbook.org/en/stable/structure/toc.html),
and on each page the ``quiz("id")`` calls of its MyST source, in order.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from coursekit.data import course as load_course
from coursekit.errors import DataError
from coursekit.pdf import answers_html, chapter_numbers, pointer_text
from coursekit.questions import load_all

ROOT = Path(__file__).resolve().parents[1]


def _toc_chapters() -> dict[str, list[str]]:
    """chapter folder -> its pages' docnames, first page first, straight from ``_toc.yml``."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    out: dict[str, list[str]] = {}
    for part in toc["parts"]:
        for ch in part["chapters"]:
            if ch["file"].startswith("chapters/"):
                out[ch["file"].split("/")[1]] = [ch["file"]] + [s["file"] for s in ch.get("sections", [])]
    return out


CHAPTERS = _toc_chapters()


def _shown(chapter: str) -> list[str]:
    """The question ids the chapter's pages show, in reading order."""
    ids: list[str] = []
    for doc in CHAPTERS[chapter]:
        text = (ROOT / f"{doc}.md").read_text(encoding="utf-8")
        for qid in re.findall(r"""^quiz\(["']([a-z0-9-]+)["']\)""", text, re.M):
            if qid not in ids:
                ids.append(qid)
    return ids


class _Answers(HTMLParser):
    """Collects each ``section.ck-answer``: its question id and the text of its parts by class."""

    def __init__(self):
        super().__init__()
        self.sections: list[dict] = []
        self.h1 = ""
        self.external: list[str] = []
        self._stack: list[str] = []  # the class of each open element ('' when none)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("link", "script", "img", "iframe") or (tag == "a" and a.get("href")):
            self.external.append(tag)
        if tag == "section" and "ck-answer" in (a.get("class") or "").split():
            self.sections.append({"id": a.get("data-question"), "text": "", "answer": "", "n": ""})
        if tag not in ("meta", "br", "hr"):
            self._stack.append(f"{tag}.{a.get('class') or ''}")

    def handle_endtag(self, tag):
        if self._stack:
            self._stack.pop()

    def handle_data(self, data):
        if self._stack and self._stack[-1].startswith("h1."):
            self.h1 += data
        if not self.sections or not any(s.startswith("section.") for s in self._stack):
            return
        s = self.sections[-1]
        s["text"] += data
        if any(c.endswith("ck-answer-right") for c in self._stack):
            s["answer"] += data
        if self._stack[-1] == "span.ck-answer-n":
            s["n"] += data


def _parse(page: str) -> _Answers:
    p = _Answers()
    p.feed(page)
    return p


def _flat(text: str) -> str:
    return " ".join(str(text).split())


@pytest.fixture(scope="module")
def loaded():
    course = load_course(ROOT)
    return course, load_all(ROOT, course)


@pytest.fixture(scope="module")
def pages(loaded):
    """Each chapter's answers page, as ``coursekit pdf`` prints it."""
    course, banks = loaded
    numbers = chapter_numbers(ROOT)
    return {ch: answers_html(ROOT, ch, numbers[ch], f"Title of {ch}", banks=banks, course=course)
            for ch in CHAPTERS}


def _right_answer(q) -> list[str]:
    """What the answer must say, from the bank: the right options' texts, True or False, the
    figure, the events in order."""
    if q.kind in ("single", "multiple"):
        return [o.text.rstrip(".") for o in q.options if o.correct]
    if q.kind == "truefalse":
        return ["Answer: True" if q.answer else "Answer: False"]
    if q.kind == "numeric":
        return [q.answer_text]
    return [f"{i.label} ({i.date})" for i in q.items]


def test_every_chapter_has_quizzes_to_answer():
    assert len(CHAPTERS) >= 7
    assert all(_shown(ch) for ch in CHAPTERS), "a chapter without quizzes: this test would be empty"


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_answers_hold_every_quiz_of_the_chapter_in_page_order(chapter, pages):
    found = _parse(pages[chapter])
    assert [s["id"] for s in found.sections] == _shown(chapter)
    assert [s["n"] for s in found.sections] == [f"{k}." for k in range(1, len(found.sections) + 1)]
    # no quiz of another chapter
    others = {qid for ch in CHAPTERS if ch != chapter for qid in _shown(ch)}
    assert others and not others & {s["id"] for s in found.sections}


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_each_answer_is_the_right_one_with_its_feedback(chapter, pages, loaded):
    _, banks = loaded
    index = {q.id: q for b in banks.values() for q in b.questions}
    for s in _parse(pages[chapter]).sections:
        q = index[s["id"]]
        answer, text = _flat(s["answer"]), _flat(s["text"])
        assert _flat(q.prompt) in text, q.id
        for expected in _right_answer(q):
            assert _flat(expected) in answer, (q.id, expected, answer)
        if q.kind in ("single", "multiple"):  # a wrong option is never given as the answer
            for o in q.options:
                if not o.correct:
                    assert _flat(o.text.rstrip(".")) not in answer, (q.id, o.text)
        right_feedback = {"single": [o.feedback for o in q.options if o.correct],
                          "multiple": [o.feedback for o in q.options if o.correct],
                          "truefalse": [q.feedback_true if q.answer else q.feedback_false],
                          "numeric": [q.feedback_correct], "order": [q.feedback]}[q.kind]
        for fb in right_feedback + ([q.explanation] if q.explanation else []):
            assert _flat(fb) in text, (q.id, fb[:60])


def test_answers_page_is_self_contained_and_titled(pages):
    page = pages["02-security"]
    found = _parse(page)
    assert found.external == []  # printed from a temporary folder: nothing to fetch
    assert _flat(found.h1) == f"Answers and explanations: chapter {chapter_numbers(ROOT)['02-security']}"
    assert "<title>Answers: 2. Title of 02-security</title>" in page


def test_numbers_match_the_pointers_printed_under_the_quizzes():
    """The k-th answer of chapter N is the one the k-th quiz's pointer names."""
    assert pointer_text(2, 5) == "Answer: see Answers and explanations, chapter 2, question 5."
    numbers = chapter_numbers(ROOT)
    assert list(numbers) == list(CHAPTERS)
    assert list(numbers.values()) == list(range(1, len(CHAPTERS) + 1))


def test_printed_pages_are_named_when_known(loaded):
    course, banks = loaded
    first, second = _shown("03-russia")[:2]
    page = answers_html(ROOT, "03-russia", 3, "Russia", banks=banks, course=course,
                        printed={first: 217})
    sections = _parse(page).sections
    assert "the quiz is on page 217." in _flat(sections[0]["text"])
    assert "the quiz is on page" not in sections[1]["text"]
    assert sections[1]["id"] == second


def test_a_quiz_no_bank_has_is_named(tmp_path, loaded):
    course, banks = loaded
    (tmp_path / "chapters").mkdir()
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nparts:\n  - caption: C\n    chapters:\n"
        "      - file: chapters/01-test\n", encoding="utf-8")
    (tmp_path / "chapters" / "01-test.md").write_text(
        '# Test\n\n## One\n\n```{code-cell}\nquiz("no-such-question")\n```\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"chapters/01-test\.md: quiz\(\"no-such-question\"\)"):
        answers_html(tmp_path, "01-test", 1, "Test", banks=banks, course=course)
