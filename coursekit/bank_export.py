"""`coursekit export-bank`: the chapters' question banks in the formats an LMS imports.

Formats (``--format``):

``moodle-xml`` -> ``after-minusma-moodle.xml``
    Moodle XML, as documented in MoodleDocs "Moodle XML format"
    (https://docs.moodle.org/en/Moodle_XML_format): a ``<quiz>`` of ``<question>`` elements, a
    ``category`` pseudo-question before each chapter (``$course$/After MINUSMA/NN title``), then
    ``multichoice`` (single and multiple select), ``truefalse``, ``numerical`` and ``ordering``.
    ``ordering`` is Moodle's Ordering question type, part of the standard distribution since
    Moodle 4.4 (``question/type/ordering`` in moodle/moodle); older sites need the Ordering plugin.
    Every answer's fraction is one of Moodle's grade options (``question_bank::
    fraction_options_full`` in ``lib/questionlib.php``): the import's default "Match grades:
    error if grade not listed" refuses any other. :func:`check_moodle_xml` checks a file against
    this structure.
``gift`` -> ``after-minusma-gift.txt``
    GIFT, as documented in MoodleDocs "GIFT format" and implemented by Moodle's
    ``question/format/gift/format.php``: ``$CATEGORY:`` lines, ``::name::``, ``[html]`` text,
    ``=right`` / ``~wrong`` / ``~%33.33333%partly right`` answers with ``#feedback``,
    ``{TRUE#feedback if wrong#feedback if right}``, numerical ranges ``{#=lo..hi#feedback
    ~#feedback for any other number}``, ``####general feedback``, and ``\\`` before each of
    ``~ = # { } :`` (and before ``\\`` itself). :func:`parse_gift` reads back what we write.
    GIFT has no ordering questions and no hints.
``qti`` -> ``after-minusma-qti.zip``
    An IMS content package (``imsmanifest.xml`` with ``imsqti_xmlv1p2`` resources) holding one
    QTI 1.2 assessment per chapter, in the form Canvas's own quiz export writes (the
    ``question_type`` metadata field: ``multiple_choice_question``, ``multiple_answers_question``,
    ``true_false_question``, ``numerical_question``; ``SCORE`` out of 100; an ``itemfeedback``
    per answer), for Canvas's *Import Course Content > QTI .zip file*. Canvas Classic Quizzes
    have no ordering question and no hints. :func:`read_qti` checks and reads a package back.

Whatever a format cannot express is listed, with the question id, kind and reason, in
``not-exported.txt`` next to the files and in the command's output. The texts are converted from
the banks' markup (``*emphasis*``, ``**strong**``, ```code```, ``[text](url)``, MyST roles
``{role}`text```) to HTML; ``{date:ID}`` placeholders were already filled in when the banks
were loaded, and a check refuses to write anything in which a role or placeholder survives.

How the marking differs from the book's (said in ``not-exported.txt`` too): Moodle gives partial
credit on a multiple-select question (each right option 100/N %, each wrong one -100/N %, the
total never below 0), where the book marks all or nothing; an ordering question is marked all
or nothing, like the book. The book's hint after a first wrong try is Moodle's hint, shown in
the "Interactive with multiple tries" behaviour.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DataError

__all__ = ["FORMATS", "FILES", "export_banks", "moodle_xml", "gift", "check_moodle_xml",
           "parse_gift", "qti_zip", "qti_files", "read_qti", "to_html", "to_plain",
           "not_exported", "register", "main", "MOODLE_FRACTIONS"]

FORMATS = ("moodle-xml", "gift", "qti")
FILES = {"moodle-xml": "after-minusma-moodle.xml", "gift": "after-minusma-gift.txt",
         "qti": "after-minusma-qti.zip"}
NOT_EXPORTED = "not-exported.txt"
COURSE_CATEGORY = "After MINUSMA"

#: Moodle's grade options in per cent (``question_bank::fraction_options_full``): 0, 100, then
#: the positive fractions p/q (q <= 6), p/10, 1/q (q <= 10), 1/20, and their negatives.
_RAW = (0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
        0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05)
MOODLE_FRACTIONS = tuple(sorted({0.0, 100.0, -100.0} | {round(100 * f, 5) for f in _RAW}
                                | {round(-100 * f, 5) for f in _RAW}))

# --------------------------------------------------------------------------- text

_ROLE = re.compile(r"\{[a-zA-Z][\w:-]*\}`([^`]*)`")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EM = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_CODE = re.compile(r"`([^`]+)`")
#: What must never reach an LMS: a MyST role or an unfilled ``{kind:ID}`` placeholder.
LEAK = re.compile(r"\{[a-zA-Z][\w-]*\}`|\{[a-z_]+:[^{}\s]*\}")


def _role_text(m: re.Match) -> str:
    """A MyST role's visible text: ``{term}`peacekeeping <peacekeeping>``` -> peacekeeping."""
    return re.sub(r"\s*<[^<>]*>$", "", m.group(1)).strip()


def to_plain(text: str | None) -> str:
    """The banks' markup as plain text: roles and links reduced to their text, no asterisks."""
    if not text:
        return ""
    t = _ROLE.sub(_role_text, str(text))
    t = _LINK.sub(r"\1", t)
    t = _STRONG.sub(r"\1", t)
    t = _EM.sub(r"\1", t)
    return _CODE.sub(r"\1", t)


def to_html(text: str | None) -> str:
    """The banks' markup as an HTML fragment (escaped text with ``<em>``, ``<strong>``,
    ``<code>``, ``<a>``); roles give their text."""
    if not text:
        return ""
    t = _ROLE.sub(_role_text, str(text))
    out, last = [], 0
    for m in _LINK.finditer(t):
        out.append(_inline_html(t[last:m.start()]))
        out.append(f'<a href="{html.escape(m.group(2), quote=True)}">{_inline_html(m.group(1))}</a>')
        last = m.end()
    out.append(_inline_html(t[last:]))
    return "".join(out)


def _inline_html(text: str) -> str:
    t = html.escape(text, quote=False)
    t = _STRONG.sub(r"<strong>\1</strong>", t)
    t = _EM.sub(r"<em>\1</em>", t)
    return _CODE.sub(r"<code>\1</code>", t)


def _num(x: float) -> str:
    """A number without float noise or trailing zeros: 13289, 6.22, 0.5."""
    text = f"{round(float(x), 6):.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _pct(x: float) -> str:
    """A Moodle fraction in per cent as Moodle writes it: 100, 50, 33.33333, -25."""
    return _num(round(x, 5))


# --------------------------------------------------------------------------- the plan

@dataclass
class Skipped:
    """A question, or part of one, that a format cannot carry."""

    qid: str
    kind: str
    fmt: str
    why: str

    def line(self) -> str:
        return f"{self.qid}\t{self.kind}\t{self.fmt}\t{self.why}"


@dataclass
class Chapter:
    """One bank with the category it goes to."""

    number: str
    title: str
    questions: tuple = ()

    @property
    def category(self) -> str:
        title = to_plain(self.title).replace("/", "-")
        return f"$course$/{COURSE_CATEGORY}/{self.number} {title}".strip()


@dataclass
class Export:
    """What :func:`export_banks` wrote."""

    paths: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def chapters(banks: dict, root: Path | None = None) -> list[Chapter]:
    """The banks in order, each with its number and its page's title (the chapter id if the
    page cannot be read)."""
    from .book import page_title

    out = []
    for chapter, bank in banks.items():
        number = chapter.split("-", 1)[0]
        try:
            title = page_title(Path(root), f"chapters/{chapter}") if root else chapter
        except (OSError, ValueError):
            title = chapter
        out.append(Chapter(number, title, tuple(bank.questions)))
    return out


def _multiple_fractions(q) -> list[float]:
    """Per option: 100/N for each of the N right options, -100/N for each wrong one."""
    n = sum(o.correct for o in q.options)
    share = round(100 / n, 5)
    return [share if o.correct else -share for o in q.options]


def _feedback_numeric(q) -> str:
    return f"{q.feedback_correct} The figure: {q.answer_text}."


def _order_text(q) -> str:
    return "In order: " + "; ".join(f"{i.label} ({i.date})" for i in q.items) + "."


def _prompt_numeric(q) -> str:
    unit = f" Unit: {q.unit}." if q.unit else ""
    return f"{q.prompt} (Type the number in digits.{unit})"


def not_exported(chs: list[Chapter], fmt: str) -> list[Skipped]:
    """What ``fmt`` leaves out, question by question."""
    out = []
    for ch in chs:
        for q in ch.questions:
            if fmt == "gift" and q.kind == "order":
                out.append(Skipped(q.id, q.kind, fmt, "GIFT has no ordering question type; the "
                                   "Moodle XML file has it (qtype ordering)"))
            elif fmt == "gift" and q.hint:
                out.append(Skipped(q.id, q.kind, fmt, "hint left out (GIFT has no hints); the "
                                   "question itself is exported, and the Moodle XML file has the hint"))
            elif fmt == "qti" and q.kind == "order":
                out.append(Skipped(q.id, q.kind, fmt, "Canvas Classic Quizzes, which a QTI 1.2 "
                                   "package is imported into, have no ordering question type"))
            elif fmt == "qti" and q.hint:
                out.append(Skipped(q.id, q.kind, fmt, "hint left out (QTI 1.2 as Canvas reads it "
                                   "has no hints); the question itself is exported"))
            elif fmt == "moodle-xml" and q.kind not in ("single", "multiple", "truefalse",
                                                       "numeric", "order"):
                out.append(Skipped(q.id, q.kind, fmt, "no Moodle question type for this kind"))
    return out


# --------------------------------------------------------------------------- Moodle XML

def _text_el(parent: ET.Element, tag: str, text: str, fmt: str | None = "html") -> ET.Element:
    el = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(el, "text").text = text
    return el


def _answer(parent: ET.Element, fraction: float, text: str, feedback: str = "",
            fmt: str = "html") -> ET.Element:
    a = ET.SubElement(parent, "answer", {"fraction": _pct(fraction), "format": fmt})
    ET.SubElement(a, "text").text = text
    _text_el(a, "feedback", to_html(feedback))
    return a


def _common(el: ET.Element, q, prompt: str) -> None:
    _text_el(el, "name", q.id, None)
    _text_el(el, "questiontext", f"<p>{to_html(prompt)}</p>")
    _text_el(el, "generalfeedback", f"<p>{to_html(q.explanation)}</p>" if q.explanation else "")
    ET.SubElement(el, "defaultgrade").text = "1"
    ET.SubElement(el, "penalty").text = "0.3333333"
    ET.SubElement(el, "hidden").text = "0"
    ET.SubElement(el, "idnumber").text = q.id


def _combined(el: ET.Element, right: str = "", partly: str = "", wrong: str = "") -> None:
    _text_el(el, "correctfeedback", to_html(right))
    _text_el(el, "partiallycorrectfeedback", to_html(partly))
    _text_el(el, "incorrectfeedback", to_html(wrong))


def _hints(el: ET.Element, q) -> None:
    if q.hint:
        _text_el(el, "hint", f"<p>{to_html(q.hint)}</p>")


def _moodle_question(q) -> ET.Element | None:
    if q.kind in ("single", "multiple"):
        el = ET.Element("question", {"type": "multichoice"})
        _common(el, q, q.prompt)
        ET.SubElement(el, "single").text = "true" if q.kind == "single" else "false"
        ET.SubElement(el, "shuffleanswers").text = "true"
        ET.SubElement(el, "answernumbering").text = "abc"
        ET.SubElement(el, "showstandardinstruction").text = "1"
        _combined(el)
        if q.kind == "multiple":
            ET.SubElement(el, "shownumcorrect")
        fractions = ([100.0 if o.correct else 0.0 for o in q.options] if q.kind == "single"
                     else _multiple_fractions(q))
        for opt, frac in zip(q.options, fractions):
            _answer(el, frac, to_html(opt.text), opt.feedback)
    elif q.kind == "truefalse":
        el = ET.Element("question", {"type": "truefalse"})
        _common(el, q, q.prompt)
        _answer(el, 100.0 if q.answer else 0.0, "true", q.feedback_true, "moodle_auto_format")
        _answer(el, 0.0 if q.answer else 100.0, "false", q.feedback_false, "moodle_auto_format")
    elif q.kind == "numeric":
        el = ET.Element("question", {"type": "numerical"})
        _common(el, q, _prompt_numeric(q))
        a = _answer(el, 100.0, _num((q.low + q.high) / 2), _feedback_numeric(q), "moodle_auto_format")
        ET.SubElement(a, "tolerance").text = _num((q.high - q.low) / 2)
        a = _answer(el, 0.0, "*", q.feedback_incorrect, "moodle_auto_format")
        ET.SubElement(a, "tolerance").text = "0"
        ET.SubElement(el, "unitgradingtype").text = "0"
        ET.SubElement(el, "unitpenalty").text = "0.1000000"
        ET.SubElement(el, "showunits").text = "3"
        ET.SubElement(el, "unitsleft").text = "0"
    elif q.kind == "order":
        el = ET.Element("question", {"type": "ordering"})
        _common(el, q, q.prompt if "earliest" in q.prompt.lower() else f"{q.prompt} Earliest first.")
        for tag, value in (("layouttype", "VERTICAL"), ("selecttype", "ALL"),
                           ("selectcount", "0"), ("gradingtype", "ALL_OR_NOTHING"),
                           ("showgrading", "SHOW"), ("numberingstyle", "none")):
            ET.SubElement(el, tag).text = value
        _combined(el, f"{q.feedback} {_order_text(q)}", q.feedback, q.feedback)
        ET.SubElement(el, "shownumcorrect")
        for pos, item in enumerate(q.items, start=1):
            a = ET.SubElement(el, "answer", {"fraction": str(pos), "format": "html"})
            ET.SubElement(a, "text").text = to_html(item.label)
    else:
        return None
    _hints(el, q)
    return el


def moodle_xml(chs: list[Chapter]) -> str:
    """The Moodle XML text of every exportable question, a category before each chapter."""
    quiz = ET.Element("quiz")
    for ch in chs:
        quiz.append(ET.Comment(f" chapter {ch.number} "))
        cat = ET.SubElement(quiz, "question", {"type": "category"})
        _text_el(cat, "category", ch.category, None)
        _text_el(cat, "info", "", "html")
        for q in ch.questions:
            el = _moodle_question(q)
            if el is not None:
                quiz.append(ET.Comment(f" question: {q.id} "))
                quiz.append(el)
    ET.indent(quiz, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


_VALID_FRACTION = set(MOODLE_FRACTIONS)


def _fraction_ok(value: str) -> bool:
    try:
        f = float(value)
    except ValueError:
        return False
    return any(abs(f - v) < 1e-5 for v in _VALID_FRACTION)


def _text_of(el: ET.Element | None, tag: str) -> str | None:
    if el is None:
        return None
    child = el.find(tag)
    if child is None:
        return None
    t = child.find("text")
    return None if t is None else (t.text or "")


#: The settings Moodle's ordering question type knows (``qtype_ordering``).
ORDERING_SETTINGS = {
    "layouttype": {"VERTICAL", "HORIZONTAL"},
    "selecttype": {"ALL", "RANDOM", "CONTIGUOUS"},
    "gradingtype": {"ALL_OR_NOTHING", "ABSOLUTE_POSITION", "RELATIVE_TO_CORRECT",
                    "RELATIVE_NEXT_EXCLUDE_LAST", "RELATIVE_NEXT_INCLUDE_LAST",
                    "RELATIVE_ONE_PREVIOUS_AND_NEXT", "RELATIVE_ALL_PREVIOUS_AND_NEXT",
                    "LONGEST_ORDERED_SUBSET", "LONGEST_CONTIGUOUS_SUBSET"},
}
#: Question types a Moodle XML file may hold (standard ones; ``category`` is a pseudo-type).
MOODLE_QTYPES = {"multichoice", "truefalse", "numerical", "ordering", "shortanswer", "matching",
                 "essay", "description", "ddwtos", "gapselect", "cloze", "calculated"}


def check_moodle_xml(text: str | bytes) -> list[str]:
    """Problems that would make Moodle refuse or misread a Moodle XML file; empty if none.

    Checks, from MoodleDocs "Moodle XML format" and the importer's rules: well-formed XML with a
    ``<quiz>`` root; every question has a known ``type``; a category has ``category/text``;
    every other question has ``name/text`` and ``questiontext`` (with ``format`` and ``text``);
    every answer has a ``text`` and a ``fraction`` from Moodle's grade options; ``multichoice``:
    ``single`` true/false, at least two answers, exactly one 100 % answer when single, positive
    fractions adding up to 100 % when multiple; ``truefalse``: a ``true`` and a ``false`` answer,
    one worth 100 and the other 0; ``numerical``: a 100 % answer, each answer a number (or
    ``*``) with a numeric ``tolerance`` of 0 or more; ``ordering``: known layout, selection and
    grading types and two or more items; a ``hint`` has a ``text``; no MyST role or
    ``{kind:ID}`` placeholder in any text.
    """
    try:
        root = ET.fromstring(text.encode("utf-8") if isinstance(text, str) else text)
    except ET.ParseError as exc:
        return [f"not well-formed XML: {exc}"]
    if root.tag != "quiz":
        return [f"the root element is <{root.tag}>, not <quiz>"]
    problems: list[str] = []
    for i, q in enumerate(root.findall("question"), start=1):
        problems += _check_question(q, i)
    return problems


def _check_question(q: ET.Element, i: int) -> list[str]:
    kind = q.get("type")
    where = f"{_text_of(q, 'name') or f'question #{i}'} ({kind})"
    if kind == "category":
        return [] if (_text_of(q, "category") or "").strip() else [f"category #{i}: no category/text"]
    if kind not in MOODLE_QTYPES:
        return [f"{where}: unknown question type"]
    problems = []
    if not (_text_of(q, "name") or "").strip():
        problems.append(f"question #{i}: no name/text")
    qt = q.find("questiontext")
    if qt is None or qt.get("format") is None or not (qt.findtext("text") or "").strip():
        problems.append(f"{where}: questiontext needs a format and a non-empty text")
    problems += [f"{where}: a hint without text" for h in q.findall("hint") if h.find("text") is None]
    answers = q.findall("answer")
    for a in answers:
        if a.find("text") is None:
            problems.append(f"{where}: an answer without text")
        if kind != "ordering" and not _fraction_ok(a.get("fraction", "")):
            problems.append(f"{where}: fraction {a.get('fraction')!r} is not one of Moodle's "
                            "grade options")
    check = {"multichoice": _check_multichoice, "truefalse": _check_truefalse,
             "numerical": _check_numerical, "ordering": _check_ordering}.get(kind)
    if check:
        problems += [f"{where}: {p}" for p in check(q, answers)]
    for t in q.iter("text"):
        leak = LEAK.search(t.text or "")
        if leak:
            problems.append(f"{where}: markup left in the text: {leak.group(0)}")
    return problems


def _fractions(answers: list[ET.Element]) -> list[float]:
    return [float(a.get("fraction")) for a in answers if _fraction_ok(a.get("fraction", ""))]


def _check_multichoice(q: ET.Element, answers: list[ET.Element]) -> list[str]:
    single = (q.findtext("single") or "").strip().lower()
    fractions = _fractions(answers)
    problems = [] if single in ("true", "false", "1", "0") else ["<single> must be true or false"]
    if len(answers) < 2:
        problems.append("fewer than two answers")
    if single in ("true", "1"):
        if sum(abs(f - 100) < 1e-5 for f in fractions) != 1:
            problems.append("a single-answer question needs exactly one 100 % answer")
    elif abs(sum(f for f in fractions if f > 0) - 100) > 1e-3:
        problems.append(f"the positive fractions add up to {sum(f for f in fractions if f > 0):g} %,"
                        " not 100 %")
    return problems


def _check_truefalse(q: ET.Element, answers: list[ET.Element]) -> list[str]:
    texts = sorted((a.findtext("text") or "").strip().lower() for a in answers)
    if texts != ["false", "true"] or sorted(_fractions(answers)) != [0.0, 100.0]:
        return ["needs one `true` and one `false` answer worth 100 and 0"]
    return []


def _check_numerical(q: ET.Element, answers: list[ET.Element]) -> list[str]:
    problems = [] if any(abs(f - 100) < 1e-5 for f in _fractions(answers)) else ["no 100 % answer"]
    for a in answers:
        value, tol = (a.findtext("text") or "").strip(), a.findtext("tolerance")
        if value == "*":
            continue
        try:
            float(value)
            if tol is None or float(tol) < 0:
                raise ValueError
        except (TypeError, ValueError):
            problems.append(f"answer {value!r} needs a number and a tolerance of 0 or more")
    return problems


def _check_ordering(q: ET.Element, answers: list[ET.Element]) -> list[str]:
    problems = [f"<{tag}> must be one of {', '.join(sorted(allowed))}"
                for tag, allowed in ORDERING_SETTINGS.items()
                if (q.findtext(tag) or "").strip() not in allowed]
    return problems + (["fewer than two items"] if len(answers) < 2 else [])


# --------------------------------------------------------------------------- GIFT

_GIFT_SPECIAL = "~=#{}:"


def gift_escape(text: str) -> str:
    """Escape GIFT's special characters with a backslash (the backslash first), newlines as
    ``\\n``, as Moodle's own GIFT export (``repchar``) does."""
    out = text.replace("\\", "\\\\")
    for ch in _GIFT_SPECIAL:
        out = out.replace(ch, "\\" + ch)
    return out.replace("\r", "").replace("\n", "\\n")


def _g(text: str | None) -> str:
    return gift_escape(to_html(text))


def _gift_question(q) -> str | None:
    head = f"// question: {q.id} ({q.kind})\n::{gift_escape(q.id)}::[html]"
    general = f"\n####{_g(q.explanation)}" if q.explanation else ""
    if q.kind == "single":
        body = "\n".join(f"{'=' if o.correct else '~'}{_g(o.text)}#{_g(o.feedback)}"
                         for o in q.options)
        return f"{head}{_g(q.prompt)} {{\n{body}{general}\n}}"
    if q.kind == "multiple":
        body = "\n".join(f"~%{_pct(f)}%{_g(o.text)}#{_g(o.feedback)}"
                         for o, f in zip(q.options, _multiple_fractions(q)))
        return f"{head}{_g(q.prompt)} {{\n{body}{general}\n}}"
    if q.kind == "truefalse":
        right, wrong = ((q.feedback_true, q.feedback_false) if q.answer
                        else (q.feedback_false, q.feedback_true))
        return (f"{head}{_g(q.prompt)} {{{'TRUE' if q.answer else 'FALSE'}#{_g(wrong)}"
                f"#{_g(right)}{general}}}")
    if q.kind == "numeric":
        return (f"{head}{_g(_prompt_numeric(q))} {{#\n={_num(q.low)}..{_num(q.high)}"
                f"#{_g(_feedback_numeric(q))}\n~#{_g(q.feedback_incorrect)}{general}\n}}")
    return None


def gift(chs: list[Chapter]) -> str:
    """The GIFT text of every question GIFT can hold, a ``$CATEGORY:`` before each chapter."""
    blocks = ["// After MINUSMA: question banks exported by `coursekit export-bank`.\n"
              "// Import: Question bank > Import > GIFT format. See not-exported.txt."]
    for ch in chs:
        # The category line is taken literally (Moodle does not unescape it): no escaping here.
        blocks.append(f"$CATEGORY: {ch.category}")
        for q in ch.questions:
            text = _gift_question(q)
            if text is not None:
                blocks.append(text)
    return "\n\n".join(blocks) + "\n"


_GIFT_UNESCAPE = re.compile(r"\\([\\~=#{}:n])")


def _pre(text: str) -> str:
    """Escaped characters to private-use placeholders, as Moodle's ``escapedchar_pre``."""
    return _GIFT_UNESCAPE.sub(lambda m: chr(0xE000 + ord(m.group(1))), text)


def _post(text: str) -> str:
    def back(ch: str) -> str:
        code = ord(ch) - 0xE000
        return "\n" if code == ord("n") else chr(code)
    return re.sub("[\ue000-\ue0ff]", lambda m: back(m.group(0)), text).strip()


def _weight(answer: str) -> tuple[float | None, str]:
    m = re.match(r"^%(-?[0-9]{1,2}(?:\.[0-9]*)?)%", answer)
    if not m:
        return None, answer
    return float(m.group(1)), answer[m.end():]


def _split_feedback(answer: str) -> tuple[str, str]:
    text, _, fb = answer.partition("#")
    return _post(text), _post(fb)


def parse_gift(text: str) -> list[dict]:
    """Read the GIFT subset :func:`gift` writes, following Moodle's ``qformat_gift::readquestion``.

    Returns one dict per block in order: ``{"category": path}`` for a ``$CATEGORY:`` line,
    else ``name``, ``format``, ``text``, ``qtype`` (multichoice, truefalse, numerical),
    ``general`` and: ``single`` and ``answers`` (list of ``(text, per cent, feedback)``) for
    multichoice; ``answer``, ``feedback_true``, ``feedback_false`` for truefalse; ``low``,
    ``high``, ``feedback``, ``feedback_wrong`` for numerical.

    Raises:
        ValueError: a block this subset does not read.
    """
    out = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = [ln for ln in block.split("\n") if not ln.strip().startswith("//")]
        raw = _pre("\n".join(lines).strip())
        if not raw:
            continue
        if raw.startswith("$CATEGORY:"):
            out.append({"category": raw[len("$CATEGORY:"):].strip()})
            continue
        q: dict = {}
        if raw.startswith("::"):
            end = raw.index("::", 2)
            q["name"], raw = _post(raw[2:end]), raw[end + 2:].strip()
        start, finish = raw.find("{"), raw.find("}")
        if start < 0 or finish < start:
            raise ValueError(f"no answer block in {raw[:60]!r}")
        answers = raw[start + 1:finish].strip()
        qtext = raw[:start].strip()
        m = re.match(r"^\[(html|moodle|plain|markdown)\]", qtext)
        q["format"] = m.group(1) if m else "moodle"
        q["text"] = _post(qtext[m.end():] if m else qtext)
        sep = answers.rfind("####")
        q["general"] = _post(answers[sep + 4:]) if sep >= 0 else ""
        answers = answers[:sep].strip() if sep >= 0 else answers
        if answers.startswith("#"):
            q["qtype"] = "numerical"
            body, _, wrong = answers[1:].partition("~")
            parts = [p.strip() for p in body.split("=") if p.strip()]
            if len(parts) != 1:
                raise ValueError(f"{q.get('name')}: one numerical answer expected")
            value, fb = parts[0].split("#", 1) if "#" in parts[0] else (parts[0], "")
            lo, _, hi = value.partition("..")
            q.update(low=float(lo), high=float(hi or lo), feedback=_post(fb),
                     feedback_wrong=_post(wrong.strip()[1:]) if wrong.strip().startswith("#") else "")
        elif "~" in answers:
            q["qtype"] = "multichoice"
            q["single"] = "=" in answers
            items = [a.strip() for a in answers.replace("=", "~=").split("~") if a.strip()]
            parsed = []
            for item in items:
                if item.startswith("="):
                    weight, item = 100.0, item[1:]
                else:
                    weight, item = _weight(item)
                    weight = 0.0 if weight is None else weight
                txt, fb = _split_feedback(item)
                parsed.append((txt, weight, fb))
            q["answers"] = parsed
        else:
            head, *fbs = answers.split("#", 2)
            if head.strip() not in ("T", "TRUE", "F", "FALSE"):
                raise ValueError(f"{q.get('name')}: not a question type this reader knows")
            q["qtype"] = "truefalse"
            q["answer"] = head.strip() in ("T", "TRUE")
            wrong = _post(fbs[0]) if fbs else ""
            right = _post(fbs[1]) if len(fbs) > 1 else ""
            q["feedback_true"], q["feedback_false"] = (right, wrong) if q["answer"] else (wrong, right)
        out.append(q)
    return out



# --------------------------------------------------------------------------- QTI 1.2 (Canvas)

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
#: Canvas's names for the question types (its QTI metadata field ``question_type``).
QTI_TYPES = {"single": "multiple_choice_question", "multiple": "multiple_answers_question",
             "truefalse": "true_false_question", "numeric": "numerical_question"}


def _q(tag: str) -> str:
    return f"{{{QTI_NS}}}{tag}"


def _mattext(parent: ET.Element, html_text: str, tag: str = "material") -> None:
    mat = ET.SubElement(parent, tag)
    ET.SubElement(mat, "mattext", {"texttype": "text/html"}).text = html_text


def _feedback(item: ET.Element, ident: str, text: str) -> None:
    fb = ET.SubElement(item, "itemfeedback", {"ident": ident})
    _mattext(ET.SubElement(fb, "flow_mat"), f"<p>{to_html(text)}</p>")


def _condition(proc: ET.Element, cont: str, score: str | None = None,
               feedback: str | None = None) -> ET.Element:
    rc = ET.SubElement(proc, "respcondition", {"continue": cont})
    var = ET.SubElement(rc, "conditionvar")
    if score is not None:
        ET.SubElement(rc, "setvar", {"action": "Set", "varname": "SCORE"}).text = score
    if feedback is not None:
        ET.SubElement(rc, "displayfeedback", {"feedbacktype": "Response", "linkrefid": feedback})
    return var


def _qti_item(q) -> ET.Element | None:
    """One item as Canvas's own QTI export writes it (``question_type`` metadata, ``SCORE``
    out of 100, ``itemfeedback`` per answer); None for a kind it cannot hold."""
    if q.kind not in QTI_TYPES:
        return None
    item = ET.Element("item", {"ident": q.id, "title": q.id})
    meta = ET.SubElement(ET.SubElement(item, "itemmetadata"), "qtimetadata")
    for label, entry in (("question_type", QTI_TYPES[q.kind]), ("points_possible", "1.0")):
        f = ET.SubElement(meta, "qtimetadatafield")
        ET.SubElement(f, "fieldlabel").text = label
        ET.SubElement(f, "fieldentry").text = entry
    pres = ET.SubElement(item, "presentation")
    _mattext(pres, f"<p>{to_html(_prompt_numeric(q) if q.kind == 'numeric' else q.prompt)}</p>")
    proc = ET.SubElement(item, "resprocessing")
    outcomes = ET.SubElement(proc, "outcomes")
    ET.SubElement(outcomes, "decvar", {"maxvalue": "100", "minvalue": "0",
                                          "varname": "SCORE", "vartype": "Decimal"})
    feedbacks: list[tuple[str, str]] = []
    if q.explanation:
        ET.SubElement(_condition(proc, "Yes", feedback="general_fb"), "other")
        feedbacks.append(("general_fb", q.explanation))
    if q.kind == "numeric":
        resp = ET.SubElement(pres, "response_str", {"ident": "response1", "rcardinality": "Single"})
        fib = ET.SubElement(resp, "render_fib", {"fibtype": "Decimal"})
        ET.SubElement(fib, "response_label", {"ident": "answer1"})
        var = _condition(proc, "No", "100", "correct_fb")
        ET.SubElement(var, "vargte", {"respident": "response1"}).text = _num(q.low)
        ET.SubElement(var, "varlte", {"respident": "response1"}).text = _num(q.high)
        ET.SubElement(_condition(proc, "Yes", feedback="general_incorrect_fb"), "other")
        feedbacks += [("correct_fb", _feedback_numeric(q)),
                      ("general_incorrect_fb", q.feedback_incorrect)]
    else:
        if q.kind == "truefalse":
            choices = [("true", "True", q.answer is True, q.feedback_true),
                       ("false", "False", q.answer is False, q.feedback_false)]
        else:
            choices = [(f"{q.id}-{i + 1}", to_html(o.text), o.correct, o.feedback)
                       for i, o in enumerate(q.options)]
        resp = ET.SubElement(pres, "response_lid", {
            "ident": "response1", "rcardinality": "Multiple" if q.kind == "multiple" else "Single"})
        render = ET.SubElement(resp, "render_choice")
        for ident, text, _, _ in choices:
            label = ET.SubElement(render, "response_label", {"ident": ident})
            _mattext(label, text)
        for ident, _, _, fb in choices:
            var = _condition(proc, "Yes", feedback=f"{ident}_fb")
            ET.SubElement(var, "varequal", {"respident": "response1"}).text = ident
            feedbacks.append((f"{ident}_fb", fb))
        var = _condition(proc, "No", "100")
        if q.kind == "multiple":
            both = ET.SubElement(var, "and")
            for ident, _, right, _ in choices:
                parent = both if right else ET.SubElement(both, "not")
                ET.SubElement(parent, "varequal", {"respident": "response1"}).text = ident
        else:
            right = next(ident for ident, _, ok, _ in choices if ok)
            ET.SubElement(var, "varequal", {"respident": "response1"}).text = right
    for ident, text in feedbacks:
        _feedback(item, ident, text)
    return item


def _qti_assessment(ch: Chapter) -> ET.Element:
    root = ET.Element("questestinterop", {"xmlns": QTI_NS})
    title = f"{COURSE_CATEGORY} {ch.number}: {to_plain(ch.title)}"
    assessment = ET.SubElement(root, "assessment", {"ident": f"after-minusma-{ch.number}",
                                                        "title": title})
    section = ET.SubElement(assessment, "section", {"ident": "root_section"})
    for q in ch.questions:
        item = _qti_item(q)
        if item is not None:
            section.append(item)
    return root


def _qti_manifest(names: list[str]) -> ET.Element:
    c = lambda tag: tag  # noqa: E731
    man = ET.Element(c("manifest"), {"identifier": "after-minusma-question-banks", "xmlns": CP_NS})
    meta = ET.SubElement(man, c("metadata"))
    ET.SubElement(meta, c("schema")).text = "IMS Content"
    ET.SubElement(meta, c("schemaversion")).text = "1.1.3"
    ET.SubElement(man, c("organizations"))
    res = ET.SubElement(man, c("resources"))
    for name in names:
        r = ET.SubElement(res, c("resource"), {"identifier": name.rsplit(".", 1)[0],
                                               "type": "imsqti_xmlv1p2", "href": name})
        ET.SubElement(r, c("file"), {"href": name})
    return man


def _xml_bytes(el: ET.Element) -> bytes:
    """An element written with its own ``xmlns`` attribute as the default namespace."""
    ET.indent(el, space="  ")
    body = ET.tostring(el, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


def qti_files(chs: list[Chapter]) -> dict[str, bytes]:
    """The files of the IMS content package: ``imsmanifest.xml`` and one QTI 1.2 assessment
    per chapter (Canvas makes each a quiz and a question bank of the same name)."""
    files = {}
    for ch in chs:
        if any(q.kind in QTI_TYPES for q in ch.questions):
            files[f"after-minusma-{ch.number}.xml"] = _xml_bytes(_qti_assessment(ch))
    return {"imsmanifest.xml": _xml_bytes(_qti_manifest(list(files))), **files}


def qti_zip(chs: list[Chapter]) -> bytes:
    """The IMS content package as zip bytes (fixed timestamps: the same banks give the same zip)."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in qti_files(chs).items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buf.getvalue()


def read_qti(data: bytes) -> tuple[list[str], dict[str, dict]]:
    """Read a package back: problems found, and per item ``{type, text, choices: [(ident,
    text)], right: [idents], low, high, feedback: {ident: text}}``.

    Structure checked (IMS QTI 1.2 ASI and IMS Content Packaging as Canvas reads them): a zip
    with ``imsmanifest.xml`` whose ``imsqti_xmlv1p2`` resources name files in the zip; each file
    well-formed, a ``questestinterop`` in the QTI 1.2 namespace; each item with a known
    ``question_type``, a question text, a ``SCORE`` decvar, exactly one condition setting SCORE
    to 100 that names only existing choices (a single-answer item: exactly one), numeric bounds
    low <= high, and every ``displayfeedback`` pointing to an ``itemfeedback``.
    """
    import io
    import zipfile

    problems: list[str] = []
    items: dict[str, dict] = {}
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return ["not a zip file"], items
    names = set(zf.namelist())
    if "imsmanifest.xml" not in names:
        return ["no imsmanifest.xml"], items
    try:
        man = ET.fromstring(zf.read("imsmanifest.xml"))
    except ET.ParseError as exc:
        return [f"imsmanifest.xml is not well-formed: {exc}"], items
    hrefs = [f.get("href") for r in man.iter(f"{{{CP_NS}}}resource")
             if r.get("type") == "imsqti_xmlv1p2" for f in r.iter(f"{{{CP_NS}}}file")]
    if not hrefs:
        problems.append("the manifest lists no imsqti_xmlv1p2 resource")
    for href in hrefs:
        if href not in names:
            problems.append(f"the manifest names {href}, which is not in the zip")
            continue
        try:
            root = ET.fromstring(zf.read(href))
        except ET.ParseError as exc:
            problems.append(f"{href} is not well-formed: {exc}")
            continue
        if root.tag != _q("questestinterop"):
            problems.append(f"{href}: the root is {root.tag}, not QTI 1.2 questestinterop")
            continue
        for item in root.iter(_q("item")):
            problems += _read_item(item, f"{href}, item {item.get('ident')}", items)
    for name, item in items.items():
        for text in [item["text"], *[t for _, t in item["choices"]], *item["feedback"].values()]:
            if LEAK.search(text):
                problems.append(f"{name}: markup left in the text: {LEAK.search(text).group(0)}")
    return problems, items


def _read_item(item: ET.Element, where: str, items: dict) -> list[str]:
    problems = []
    meta = {f.findtext(_q("fieldlabel")): f.findtext(_q("fieldentry"))
            for f in item.iter(_q("qtimetadatafield"))}
    kind = meta.get("question_type")
    if kind not in QTI_TYPES.values():
        return [f"{where}: question_type {kind!r} is not one this export writes"]
    text = item.findtext(f"{_q('presentation')}/{_q('material')}/{_q('mattext')}") or ""
    if not text.strip():
        problems.append(f"{where}: no question text")
    choices = [(lab.get("ident"), lab.findtext(f"{_q('material')}/{_q('mattext')}") or "")
               for lab in item.iter(_q("response_label"))]
    feedback = {fb.get("ident"): fb.findtext(f".//{_q('mattext')}") or ""
                for fb in item.iter(_q("itemfeedback"))}
    if item.find(f".//{_q('decvar')}[@varname='SCORE']") is None:
        problems.append(f"{where}: no SCORE outcome")
    full = [rc for rc in item.iter(_q("respcondition"))
            if (rc.findtext(_q("setvar")) or "").strip() in ("100", "100.0")]
    if len(full) != 1:
        problems.append(f"{where}: {len(full)} conditions give full marks, not 1")
    right, low, high = [], None, None
    for rc in full[:1]:
        cond = rc.find(_q("conditionvar"))
        right = [v.text for v in cond.iter(_q("varequal"))
                 if not any(v in list(n.iter()) for n in cond.iter(_q("not")))]
        known = {ident for ident, _ in choices}
        if kind != "numerical_question" and not set(right) <= known:
            problems.append(f"{where}: the right answer names a choice that does not exist")
        if kind in ("multiple_choice_question", "true_false_question") and len(right) != 1:
            problems.append(f"{where}: a single-answer item needs exactly one right choice")
        if kind == "numerical_question":
            try:
                low, high = float(cond.findtext(_q("vargte"))), float(cond.findtext(_q("varlte")))
            except (TypeError, ValueError):
                problems.append(f"{where}: a numerical item needs numeric vargte and varlte")
            else:
                if low > high:
                    problems.append(f"{where}: the range {low}..{high} is empty")
    for df in item.iter(_q("displayfeedback")):
        if df.get("linkrefid") not in feedback:
            problems.append(f"{where}: feedback {df.get('linkrefid')} is not in the item")
    items[item.get("ident")] = {"type": kind, "text": text, "choices": choices, "right": right,
                                "low": low, "high": high, "feedback": feedback}
    return problems


# --------------------------------------------------------------------------- the command

_DIFFERENCES = (
    "multiple-select questions (all formats): Moodle gives partial credit, each right option "
    "100/N %, each wrong one -100/N %, never below 0; the book marks them all or nothing",
    "numerical questions: the book also reads 1,200 and 13.289 (a thousands dot); how Moodle "
    "reads a thousands separator depends on the site's language settings",
    "hints: Moodle shows a question's hint only in the 'Interactive with multiple tries' behaviour",
    "ordering questions (Moodle XML): qtype ordering, standard from Moodle 4.4; older sites need "
    "the Ordering plugin",
    "multiple-answer questions (QTI, Canvas): the package gives full marks for exactly the right "
    "options; Canvas Classic Quizzes may still award partial credit by their own rule",
)


def _write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def export_banks(out: str | Path, formats=FORMATS, *, root=None, course=None, banks=None) -> Export:
    """Write the banks in ``formats`` into ``out`` with ``not-exported.txt``.

    Args:
        out: the folder to write.
        formats: names from :data:`FORMATS`.
        root: the course repository (default: this one).
        course, banks: already loaded data (default: loaded from ``root``).

    Raises:
        DataError: a bank is invalid, or the export would not pass its own check (a leaked
            role, a fraction Moodle refuses); nothing is written then.
    """
    from . import data as _data
    from .questions import load_all

    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise DataError(f"unknown format {unknown[0]!r}; use one of {', '.join(FORMATS)} or all")
    if banks is None:
        course = course or _data.load_course(root)
        banks = load_all(course.root, course)
        root = course.root
    chs = chapters(banks, Path(root) if root else None)
    result = Export()
    texts: dict[str, str | bytes] = {}
    for fmt in formats:
        if fmt == "moodle-xml":
            text = moodle_xml(chs)
            problems = check_moodle_xml(text)
        elif fmt == "gift":
            text = gift(chs)
            problems = _check_gift(text, chs)
        else:
            text = qti_zip(chs)
            problems = read_qti(text)[0]
        if problems:
            raise DataError(f"{FILES[fmt]} would not import: {problems[0]}"
                            + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""))
        texts[fmt] = text
        skipped = not_exported(chs, fmt)
        result.skipped += skipped
        whole = {s.qid for s in skipped if not s.why.startswith("hint")}
        result.counts[fmt] = sum(1 for ch in chs for q in ch.questions if q.id not in whole)
    out = Path(out)
    for fmt, text in texts.items():
        result.paths.append(_write(out / FILES[fmt], text))
    result.paths.append(_write(out / NOT_EXPORTED, _not_exported_text(result)))
    return result


def _gift_texts(parsed: dict) -> list[str]:
    texts = [parsed.get(k) or "" for k in ("text", "general", "feedback", "feedback_wrong",
                                            "feedback_true", "feedback_false")]
    for text, _, fb in parsed.get("answers", ()):
        texts += [text, fb]
    return texts


def _check_gift(text: str, chs: list[Chapter]) -> list[str]:
    """Read the GIFT back: the same questions in the same order, and no markup left in them."""
    try:
        parsed = [p for p in parse_gift(text) if "category" not in p]
    except ValueError as exc:
        return [str(exc)]
    problems = [f"{p.get('name')}: markup left in the text: {LEAK.search(t).group(0)}"
                for p in parsed for t in _gift_texts(p) if LEAK.search(t)]
    expected = [q.id for ch in chs for q in ch.questions if q.kind != "order"]
    if [p.get("name") for p in parsed] != expected:
        problems.append("the questions read back are not the questions written")
    return problems


def _not_exported_text(result: Export) -> str:
    lines = ["# What the exported files cannot carry (written by `coursekit export-bank`).",
             "# question id<TAB>kind<TAB>format<TAB>why"]
    lines += [s.line() for s in result.skipped] or ["# nothing: every question is in every file"]
    lines += ["", "# How the marking differs from the book's:"] + [f"# - {d}" for d in _DIFFERENCES]
    return "\n".join(lines) + "\n"


def main(out, formats=FORMATS, root=None) -> Export:
    """Export and print a summary: files, counts, and every question left out and why."""
    result = export_banks(out, formats, root=root)
    for path in result.paths:
        print(f"wrote {path}")
    for fmt in formats:
        print(f"{fmt}: {result.counts[fmt]} questions")
    whole = [s for s in result.skipped if not s.why.startswith("hint")]
    hints = [s for s in result.skipped if s.why.startswith("hint")]
    for s in whole:
        print(f"not exported ({s.fmt}): {s.qid} ({s.kind}): {s.why}")
    for fmt in sorted({s.fmt for s in hints}):
        n = sum(s.fmt == fmt for s in hints)
        print(f"{fmt}: {n} hints left out (the format has none); listed in {NOT_EXPORTED}")
    return result


def _cmd(args) -> int:
    formats = FORMATS if args.format == "all" else (args.format,)
    main(args.out, formats, root=args.root)
    return 0


def register(subparsers) -> None:
    """Add `export-bank` to an argparse subparsers object."""
    p = subparsers.add_parser(
        "export-bank", help="write the quiz banks as Moodle XML, GIFT and QTI for an LMS",
        description="Write the chapters' question banks in formats Moodle (and other LMSs) "
                    "import, with not-exported.txt listing what a format cannot carry.")
    p.add_argument("--out", required=True, help="folder to write the files into")
    p.add_argument("--format", choices=(*FORMATS, "all"), default="all",
                   help="which format (default: all)")
    p.add_argument("--root", default=None, help="course repository (default: the one coursekit is in)")
    p.set_defaults(func=_cmd)
