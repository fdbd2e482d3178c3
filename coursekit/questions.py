"""Load and validate the chapters' question banks (``data/questions/*.yaml``); no display here.

A bank is checked against ``data/schema/questions.schema.json`` and then against the rules a
schema cannot express: exactly one right option for ``single``, known objective, event, figure
and source ids, every objective covered, an event order the dates decide. Any problem raises
:class:`~coursekit.errors.DataError` naming the file, the question and the fix.

Loading also resolves each question against the course data: ``{date:EVENT_ID}`` and
``{value:FIGURE_ID}`` placeholders are filled in, a numeric question's answer is read from its
figure and an ordering question's right order from its events' dates. The resulting
:class:`Question` objects are all the quiz views need, and :meth:`Question.check` marks an
answer the same way for the live widget, the grader and (mirrored in ``quiz.js``) the book.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from . import yamlio
from .errors import DataError
from .files import course_glob
from .data import load_evidence

__all__ = [
    "Bank", "Objective", "Option", "OrderItem", "Question", "Result",
    "load_bank", "load_all", "get_question", "parse_number",
]

KINDS = ("single", "multiple", "truefalse", "numeric", "order")
SCHEMA_NAME = "questions.schema.json"
_SCHEMA_PATH = ("data", "schema", SCHEMA_NAME)

#: Keys every question may have; the rest belong to one kind (see :data:`_KIND_KEYS`).
_COMMON_KEYS = {"id", "kind", "objectives", "prompt", "explanation", "sources", "evidence",
                "level", "hint"}
#: What a question asks a student to do; all but ``recall`` test understanding.
LEVELS = ("recall", "apply", "compare", "explain", "judge")
_KIND_KEYS = {
    "single": {"options"},
    "multiple": {"options"},
    "truefalse": {"answer", "feedback_true", "feedback_false"},
    "numeric": {"figure", "tolerance", "tolerance_abs", "feedback_correct", "feedback_incorrect"},
    "order": {"events", "feedback"},
}
_PLACEHOLDER = re.compile(r"\{([a-z_]+):([^{}\s]*)\}")

#: Messages shown when a check cannot mark the answer (the same wording is in quiz.js).
MSG_CHOOSE = "Choose an answer, then press Check."
MSG_NUMBER = "Type a number in digits, for example 1200 or 12.5, then press Check."


# --------------------------------------------------------------------------- the model

@dataclass(frozen=True)
class Objective:
    """A learning objective of a chapter."""

    id: str
    text: str


@dataclass(frozen=True)
class Option:
    """One choice of a ``single`` or ``multiple`` question."""

    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class OrderItem:
    """One event of an ``order`` question, with its date as prose ("25 April 2013")."""

    id: str
    label: str
    date: str


@dataclass(frozen=True)
class Result:
    """The outcome of :meth:`Question.check`.

    Attributes:
        correct: whether the answer is right.
        feedback: texts to show, in order (the feedback for what was chosen, then the
            question's explanation).
        marks: for choice kinds ``(option index, chosen-and-right-or-missed?)`` pairs for every
            option the reader chose or should have chosen; for ``order`` ``(event id, in the
            right place?)`` for every event.
        answered: False when there was nothing to mark (no option chosen, not a number);
            ``feedback`` then says what to do.
    """

    correct: bool
    feedback: tuple[str, ...]
    marks: tuple[tuple[Any, bool], ...] = ()
    answered: bool = True
    #: a first wrong try: the feedback is the question's hint, not the answer; the full
    #: feedback comes at the next wrong try or on request
    hinted: bool = False

    @property
    def headline(self) -> str:
        if not self.answered:
            return ""
        return "Correct." if self.correct else "Not quite."


@dataclass(frozen=True)
class Question:
    """A validated question with its placeholders filled in and its answer resolved.

    Only the fields of its ``kind`` are set: ``options`` (single, multiple); ``answer``,
    ``feedback_true``, ``feedback_false`` (truefalse); ``figure``, ``low``, ``high``,
    ``answer_text``, ``unit``, ``feedback_correct``, ``feedback_incorrect`` (numeric: any number
    from ``low`` to ``high`` is accepted); ``items`` in the right order and ``feedback`` (order).
    """

    id: str
    kind: str
    prompt: str
    objectives: tuple[str, ...]
    chapter: str = ""
    file: str = ""
    explanation: str | None = None
    #: what the question asks: recall, apply, compare, explain or judge (:data:`LEVELS`)
    level: str | None = None
    #: shown after a first wrong try instead of the answer: points to the reasoning
    hint: str | None = None
    sources: tuple[str, ...] = ()
    #: what the cited sources say in support of the feedback (``data.Evidence``)
    evidence: tuple = ()
    options: tuple[Option, ...] = ()
    answer: bool | None = None
    feedback_true: str | None = None
    feedback_false: str | None = None
    figure: str | None = None
    low: float | None = None
    high: float | None = None
    answer_text: str | None = None
    unit: str | None = None
    feedback_correct: str | None = None
    feedback_incorrect: str | None = None
    #: a whole count of 1,000 or more: "13.289" means 13,289 (a dot between groups of three
    #: digits is the thousands separator many francophone readers write), never 13.289
    thousands_dot: bool = False
    items: tuple[OrderItem, ...] = ()
    feedback: str | None = None

    # ----------------------------------------------------------------- presentation order
    def presented_items(self) -> tuple[OrderItem, ...]:
        """The events of an ``order`` question in the order first shown to the reader.

        A shuffle derived from the question id (a hash, not a random generator), so every
        view and every build shows the same order; never the right order itself.
        """
        def key(item: OrderItem) -> str:
            return hashlib.sha256(f"{self.id}:{item.id}".encode()).hexdigest()

        shown = sorted(self.items, key=key)
        if len(shown) > 1 and [i.id for i in shown] == [i.id for i in self.items]:
            shown = shown[1:] + shown[:1]
        return tuple(shown)

    # ----------------------------------------------------------------- marking
    def check(self, response, tries: int | None = None) -> Result:
        """Mark a response and say why.

        Args:
            response: ``single``: the chosen option's index (or None); ``multiple``: the chosen
                indices; ``truefalse``: True or False (or None); ``numeric``: a number or the
                text typed; ``order``: the event ids in the reader's order.
            tries: how many wrong answers the reader has given before this one, or None for
                the full feedback at once (the answer key, the grader). A first wrong answer
                (``tries=0``) to a question with a ``hint`` gets the hint instead of the answer.
        """
        result = getattr(self, f"_check_{self.kind}")(response)
        if result.answered and not result.correct and tries == 0 and self.hint:
            return self._hinted(result)
        if result.answered and self.explanation:
            result = Result(result.correct, result.feedback + (self.explanation,),
                            result.marks, True)
        return result

    def _hinted(self, full: Result) -> Result:
        """What a first wrong try shows: that it is wrong, and the hint. Nothing that gives the
        answer away: no option's feedback, and no marks on a multiple-select's options (which
        would show the right set) or on an order's events."""
        lead = ()
        if self.kind in ("numeric", "order"):
            lead = full.feedback[:1]  # "too low" / "2 of 4 events are in the right place"
        marks = full.marks if self.kind in ("single", "truefalse") else ()
        return Result(False, lead + (self.hint,), marks, True, hinted=True)

    def _check_single(self, response) -> Result:
        if response is None or response == "":
            return Result(False, (MSG_CHOOSE,), answered=False)
        i = int(response)
        if not 0 <= i < len(self.options):
            raise ValueError(f"question `{self.id}` has options 0 to {len(self.options) - 1}; got {i}")
        opt = self.options[i]
        return Result(opt.correct, (opt.feedback,), ((i, opt.correct),))

    def _check_multiple(self, response) -> Result:
        chosen = sorted({int(i) for i in (response or ())})
        if not chosen:
            return Result(False, (MSG_CHOOSE,), answered=False)
        for i in chosen:
            if not 0 <= i < len(self.options):
                raise ValueError(f"question `{self.id}` has options 0 to {len(self.options) - 1}; got {i}")
        feedback, marks = [], []
        for i, opt in enumerate(self.options):
            if i in chosen:
                feedback.append(f"\u201c{opt.text}\u201d: {opt.feedback}")
                marks.append((i, opt.correct))
            elif opt.correct:
                feedback.append(f"You left out \u201c{opt.text}\u201d: {opt.feedback}")
                marks.append((i, False))
        correct = set(chosen) == {i for i, o in enumerate(self.options) if o.correct}
        return Result(correct, tuple(feedback), tuple(marks))

    def _check_truefalse(self, response) -> Result:
        if response is None or response == "":
            return Result(False, (MSG_CHOOSE,), answered=False)
        if isinstance(response, str):
            response = response.strip().lower() == "true"
        chosen = bool(response)
        text = self.feedback_true if chosen else self.feedback_false
        return Result(chosen == self.answer, (text,), ((chosen, chosen == self.answer),))

    def _check_numeric(self, response) -> Result:
        """A number is marked as it is; text is read by the quizzes' rule
        (:mod:`coursekit.quiz.numbers`): "1,5" is 1.5, and text that reads as two numbers
        with different verdicts ("2,500" for an answer of 2.5) is not marked."""
        lead = None
        if isinstance(response, (int, float)) and not isinstance(response, bool):
            x = float(response)
        else:
            from .quiz.numbers import ask_message, interpret  # (it imports this module)

            v = interpret(response, self.low, self.high, self.thousands_dot)
            if v.status == "none":
                return Result(False, (MSG_NUMBER,), answered=False)
            if v.status == "ask":
                return Result(False, (ask_message(response),), answered=False)
            x, lead = v.value, v.lead
        if self.low <= x <= self.high:
            return Result(True, (self.feedback_correct, f"The figure: {self.answer_text}."))
        hint = lead or ("Your answer is too low." if x < self.low else "Your answer is too high.")
        return Result(False, (hint, self.feedback_incorrect))

    def _check_order(self, response) -> Result:
        ids = [str(r) for r in (response or ())]
        right = [i.id for i in self.items]
        if sorted(ids) != sorted(right):
            raise ValueError(f"question `{self.id}`: an order must list exactly the events "
                             f"{', '.join(right)}; got {', '.join(ids) or 'nothing'}")
        marks = tuple((eid, eid == right[pos]) for pos, eid in enumerate(ids))
        n_ok = sum(ok for _, ok in marks)
        if n_ok == len(right):
            dates = "; ".join(f"{i.label} ({i.date})" for i in self.items)
            return Result(True, (self.feedback, f"In order: {dates}."), marks)
        return Result(False, (f"{n_ok} of {len(right)} events are in the right place.",
                              self.feedback), marks)

    # ----------------------------------------------------------------- export
    def to_dict(self) -> dict:
        """The fields of this kind as plain JSON-able data (used by the views and the grader)."""
        out: dict[str, Any] = {"id": self.id, "kind": self.kind, "prompt": self.prompt}
        if self.kind in ("single", "multiple"):
            out["options"] = [{"text": o.text, "correct": o.correct, "feedback": o.feedback}
                              for o in self.options]
        elif self.kind == "truefalse":
            out.update(answer=self.answer, feedback_true=self.feedback_true,
                       feedback_false=self.feedback_false)
        elif self.kind == "numeric":
            out.update(low=self.low, high=self.high, answer_text=self.answer_text, unit=self.unit,
                       thousands_dot=self.thousands_dot,
                       feedback_correct=self.feedback_correct,
                       feedback_incorrect=self.feedback_incorrect)
        elif self.kind == "order":
            out.update(order=[i.id for i in self.items],
                       items={i.id: {"label": i.label, "date": i.date} for i in self.items},
                       feedback=self.feedback)
        if self.explanation:
            out["explanation"] = self.explanation
        if self.hint:
            out["hint"] = self.hint
        return out


@dataclass(frozen=True)
class Bank:
    """One chapter's learning objectives and questions, from ``data/questions/NN-name.yaml``."""

    chapter: str
    objectives: tuple[Objective, ...]
    questions: tuple[Question, ...]
    file: str = ""
    by_id: dict[str, Question] = field(default_factory=dict, compare=False, repr=False)

    def __getitem__(self, qid: str) -> Question:
        return self.by_id[qid]


# --------------------------------------------------------------------------- numbers

_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$")


_DOTTED = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+$")


def parse_number(text, thousands_dot: bool = False) -> float | None:
    """Read a number as a reader types it: "1200", "1,200", "1 200", "12.5"; else None.

    A comma is only a thousands separator ("1,5" is rejected rather than guessed). With
    ``thousands_dot`` (the answer is a whole count of 1,000 or more, which no decimal could
    approach), "13.289" and "1.234.567" read as 13,289 and 1,234,567.
    """
    if text is None:
        return None
    s = re.sub(r"[\s\u00a0\u202f_]", "", str(text))
    if thousands_dot and _DOTTED.match(s):
        return float(s.replace(".", ""))
    if not s or not _NUMBER.match(s) or not re.search(r"\d", s):
        return None
    return float(s.replace(",", ""))


# --------------------------------------------------------------------------- loading

def _rel(path: Path, root: Path | None) -> str:
    path = Path(path)
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return Path(path).resolve().relative_to(Path(base).resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


@functools.lru_cache(maxsize=None)
def _schema() -> dict:
    here = Path(__file__).resolve().parent.parent.joinpath(*_SCHEMA_PATH)
    return json.loads(here.read_text(encoding="utf-8"))


def _suggest(word: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(known), n=1)
    return f" (did you mean `{close[0]}`?)" if close else ""


def _json_type(value) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "empty" if value is None else type(value).__name__


_TYPE_WORDS = {"string": "text", "boolean": "true or false", "number": "a number",
               "array": "a list", "object": "a mapping with keys", "integer": "a whole number"}


def _schema_problem(data: dict, err) -> tuple[str, str]:
    """Turn a jsonschema error into (record, "problem; fix")."""
    path = list(err.absolute_path)
    record = ""
    if len(path) >= 2 and path[0] in ("questions", "objectives") and isinstance(path[1], int):
        item = data[path[0]][path[1]]
        rid = item.get("id") if isinstance(item, dict) else None
        noun = "question" if path[0] == "questions" else "objective"
        record = f"{noun} `{rid}`" if isinstance(rid, str) else f"{noun} #{path[1] + 1}"
        path = path[2:]
    if len(path) >= 2 and path[0] == "options" and isinstance(path[1], int):
        where = f"option {path[1] + 1}" + (f" `{path[2]}`" if len(path) > 2 else "")
    elif path and isinstance(path[-1], int):
        where = f"item {path[-1] + 1} of `{path[-2]}`" if len(path) > 1 else f"item {path[-1] + 1}"
    elif path:
        where = f"`{path[-1]}`"
    else:
        where = ""
    v, inst = err.validator, err.instance
    if v == "required":
        missing = [k for k in err.validator_value if k not in inst]
        key = missing[0] if missing else err.validator_value[0]
        kind = inst.get("kind") if isinstance(inst, dict) else None
        who = f"a `{kind}` question" if record.startswith("question") and kind in KINDS else (
            where or "the file")
        return record, f"{who} needs `{key}`; add it (see data/README.md, Questions)"
    if v == "additionalProperties":
        allowed = sorted(err.schema.get("properties", {}))
        extra = sorted(k for k in inst if k not in allowed)
        return record, (f"unknown key `{extra[0]}`{_suggest(extra[0], allowed)}; remove it or fix "
                        f"its spelling (allowed: {', '.join(allowed)})")
    if v == "enum":
        return record, (f"{where} is `{inst}`{_suggest(str(inst), err.validator_value)}; use one "
                        f"of {', '.join(err.validator_value)}")
    if v == "type":
        want = err.validator_value if isinstance(err.validator_value, str) else err.validator_value[0]
        return record, f"{where or 'the file'} is {_json_type(inst)}; write {_TYPE_WORDS.get(want, want)}"
    if v == "minItems":
        n = len(inst)
        if where == "`options`":
            return record, (f"`options` lists only {n} option{'s' * (n != 1)}; give at least "
                            f"{err.validator_value}")
        if where == "`events`":
            return record, (f"`events` lists only {n} event{'s' * (n != 1)}; list at least "
                            f"{err.validator_value} "
                            "so that the order is worth asking")
        if where == "`objectives`" and not record:
            return record, (f"`objectives` lists only {n}; give 3 to 5 measurable learning "
                            "objectives")
        return record, f"{where} is empty; list at least {err.validator_value}"
    if v == "maxItems" and where == "`objectives`":
        return record, f"{len(inst)} objectives; keep 3 to 5, merging or dropping the rest"
    if v == "uniqueItems":
        seen, dup = set(), None
        for x in inst:
            if x in seen:
                dup = x
                break
            seen.add(x)
        return record, f"{where} lists `{dup}` twice; remove the duplicate"
    if v == "pattern" and err.validator_value.startswith("^[a-z0-9]"):
        return record, (f"{where} `{inst}` is not kebab-case; use lower-case letters, digits and "
                        "hyphens")
    if v == "pattern" and where == "`chapter`":
        return record, f"`chapter` `{inst}` is not NN-name; write it like `01-minusma`"
    if v in ("pattern", "minLength"):
        return record, f"{where} is empty; write the text"
    if v in ("minimum", "maximum") and where == "`tolerance`":
        return record, ("`tolerance` is relative (0.05 means 5%) and lies between 0 and 1; for a "
                        "margin in the figure's unit use `tolerance_abs`")
    return record, f"{where + ': ' if where else ''}{err.message}; see data/schema/{SCHEMA_NAME}"


def _path_key(err):
    return [(0, p) if isinstance(p, int) else (1, str(p)) for p in err.absolute_path]


def _validate_schema(data, rel: str) -> None:
    from .data import jsonschema_module

    jsonschema = jsonschema_module()

    if not isinstance(data, dict):
        raise DataError(f"{rel}: the file is {_json_type(data)}, not a mapping with `chapter`, "
                        "`objectives` and `questions`; see data/README.md, Questions")
    validator = jsonschema.Draft202012Validator(_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: (_path_key(e), e.validator))
    if errors:
        record, problem = _schema_problem(data, errors[0])
        raise DataError(f"{rel}{', ' + record if record else ''}: {problem}")


def _date_iso(event) -> str:
    d = event.date
    return d.iso() if hasattr(d, "iso") else str(d)


def _date_key(event) -> tuple:
    parts = [int(p) for p in _date_iso(event).split("-")]
    return tuple(parts + [0] * (3 - len(parts)))


def _overlap(a: str, b: str) -> bool:
    """Dates at their precision that cannot be ordered: equal, or one contains the other."""
    return a == b or a.startswith(b + "-") or b.startswith(a + "-")


class _Filler:
    """Fills ``{date:ID}`` and ``{value:ID}`` in the text fields of one question."""

    def __init__(self, course, where: str):
        self.course, self.where = course, where

    def __call__(self, text: str | None, field_name: str) -> str | None:
        if text is None:
            return None
        text = " ".join(str(text).split())

        def sub(m: re.Match) -> str:
            kind, rid = m.group(1), m.group(2)
            ph = m.group(0)
            if kind == "date":
                if rid not in self.course.events:
                    raise DataError(f"{self.where}: `{ph}` in {field_name} names no event in "
                                    f"data/events/{_suggest(rid, self.course.events)}; fix the id "
                                    "or add the event")
                return self.course.format_date(rid)
            if kind in ("value", "count"):
                if rid not in self.course.figures:
                    raise DataError(f"{self.where}: `{ph}` in {field_name} names no figure in "
                                    f"data/figures/{_suggest(rid, self.course.figures)}; fix the id "
                                    "or add the figure")
                return (self.course.format_value if kind == "value" else self.course.format_count)(rid)
            raise DataError(f"{self.where}: `{ph}` in {field_name} is not a placeholder; write "
                            "`{date:EVENT_ID}`, `{value:FIGURE_ID}` or `{count:FIGURE_ID}`")

        return _PLACEHOLDER.sub(sub, text)


def presented_options(qid: str, options: tuple) -> tuple:
    """The options in the order every view shows them (the book, live widgets, the answer
    key, the PDF): an order derived from the question id and each option's text by a hash, not
    the order the bank lists them in. Authors tend to write the right answer first and the
    wrong ones last; readers learn such habits quickly. The order is the same for every reader
    and every build, so a class can discuss "option b)". ``tests/test_course.py`` checks that
    across all banks no position, length or true/false pattern gives answers away."""
    def key(opt) -> str:
        return hashlib.sha256(f"{qid}\0{opt.text}".encode()).hexdigest()

    return tuple(sorted(options, key=key))


def _build_question(q: dict, course, objective_ids: list[str], rel: str, chapter: str) -> Question:
    where = f"{rel}, question `{q['id']}`"
    kind = q["kind"]
    for key in q:
        if key not in _COMMON_KEYS and key not in _KIND_KEYS[kind]:
            raise DataError(f"{where}: `{key}` does not apply to a `{kind}` question; remove it "
                            "(see data/README.md, Questions)")
    for oid in q["objectives"]:
        if oid not in objective_ids:
            raise DataError(f"{where}: objective `{oid}`{_suggest(oid, objective_ids)} is not one "
                            f"of this chapter's objectives ({', '.join(objective_ids)}); fix the "
                            "id or add the objective")
    for key in q.get("sources", []):
        if key not in course.sources:
            raise DataError(f"{where}: unknown source key `{key}`{_suggest(key, course.sources)}; "
                            "add it to a file in data/references/ or fix the spelling")
    fill = _Filler(course, where)
    common = dict(id=q["id"], kind=kind, prompt=fill(q["prompt"], "`prompt`"),
                  objectives=tuple(q["objectives"]), chapter=chapter, file=rel,
                  explanation=fill(q.get("explanation"), "`explanation`"),
                  level=q.get("level"), hint=fill(q.get("hint"), "`hint`"),
                  sources=tuple(q.get("sources", ())),
                  evidence=load_evidence(where, q.get("evidence"), q.get("sources", ()),
                                         course.sources, rel))

    if kind in ("single", "multiple"):
        opts = q["options"]
        n_right = sum(bool(o.get("correct", False)) for o in opts)
        if n_right == 0:
            every = "the right answer" if kind == "single" else "every right answer"
            raise DataError(f"{where}: no option is marked `correct: true`; mark {every}")
        if kind == "single" and n_right > 1:
            raise DataError(f"{where}: {n_right} options are marked `correct: true` but a `single` "
                            "question has exactly one; unmark the wrong ones or use `kind: multiple`")
        texts = [" ".join(o["text"].split()) for o in opts]
        for i, t in enumerate(texts):
            if texts.index(t) != i:
                raise DataError(f"{where}: options {texts.index(t) + 1} and {i + 1} have the same "
                                "text; reword one of them")
        options = tuple(
            Option(fill(o["text"], f"the `text` of option {i + 1}"),
                   bool(o.get("correct", False)),
                   fill(o["feedback"], f"the `feedback` of option {i + 1}"))
            for i, o in enumerate(opts))
        return Question(**common, options=presented_options(q["id"], options))

    if kind == "truefalse":
        return Question(**common, answer=q["answer"],
                        feedback_true=fill(q["feedback_true"], "`feedback_true`"),
                        feedback_false=fill(q["feedback_false"], "`feedback_false`"))

    if kind == "numeric":
        fid = q["figure"]
        if fid not in course.figures:
            raise DataError(f"{where}: figure `{fid}` is not in data/figures/"
                            f"{_suggest(fid, course.figures)}; fix the id or add the figure")
        fig = course.figures[fid]
        has_rel, has_abs = "tolerance" in q, "tolerance_abs" in q
        if has_rel and has_abs:
            raise DataError(f"{where}: both `tolerance` and `tolerance_abs` are given; keep one")
        if not (has_rel or has_abs):
            raise DataError(f"{where}: no tolerance; add `tolerance: 0.05` (relative, 5%) or "
                            f"`tolerance_abs: N` (in {fig.unit})")
        lo = fig.value if fig.value is not None else fig.low
        hi = fig.value if fig.value is not None else fig.high
        if lo is None or hi is None:
            raise DataError(f"{where}: figure `{fid}` has no `value` (nor `low` and `high`); give "
                            "the figure a number or ask about another one")
        if has_abs:
            lo, hi = lo - q["tolerance_abs"], hi + q["tolerance_abs"]
        else:
            lo, hi = lo - abs(lo) * q["tolerance"], hi + abs(hi) * q["tolerance"]
        # Round away float noise (311 * 0.05 = 15.55 exactly, not 15.549999...).
        lo, hi = round(lo, 9), round(hi, 9)
        whole = all(v is not None and float(v).is_integer()
                    for v in (fig.value, fig.low, fig.high) if v is not None)
        return Question(**common, figure=fid, low=lo, high=hi,
                        answer_text=course.format_value(fid), unit=fig.unit,
                        thousands_dot=whole and abs(fig.value if fig.value is not None else fig.low) >= 1000,
                        feedback_correct=fill(q["feedback_correct"], "`feedback_correct`"),
                        feedback_incorrect=fill(q["feedback_incorrect"], "`feedback_incorrect`"))

    # order
    for eid in q["events"]:
        if eid not in course.events:
            raise DataError(f"{where}: event `{eid}` is not in data/events/"
                            f"{_suggest(eid, course.events)}; fix the id or add the event")
    events = [course.events[e] for e in q["events"]]
    for i, a in enumerate(events):
        for b in events[i + 1:]:
            da, db = _date_iso(a), _date_iso(b)
            if _overlap(da, db):
                when = f"both date from {da}" if da == db else f"date from {da} and {db}"
                raise DataError(f"{where}: events `{a.id}` and `{b.id}` {when}, so their order is "
                                "ambiguous; replace one with an event of a clearly different date")
    ordered = sorted(zip(q["events"], events), key=lambda p: _date_key(p[1]))
    items = tuple(OrderItem(eid, " ".join(ev.title.split()), course.format_date(eid))
                  for eid, ev in ordered)
    return Question(**common, items=items, feedback=fill(q["feedback"], "`feedback`"))


def _read_yaml(path: Path, rel: str):
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(f"{rel}: no such file; check the path") from None
    try:
        return yamlio.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark else ""
        raise DataError(f"{rel}: not valid YAML{at}: {getattr(exc, 'problem', exc)}; fix the "
                        "syntax (indentation, quotes, colons)") from None


def load_bank(path: str | Path, course, *, root: str | Path | None = None) -> Bank:
    """Load and validate one question bank.

    Args:
        path: a ``data/questions/NN-name.yaml`` file.
        course: the course data (:func:`coursekit.data.load_course`), used to check and fill
            in event, figure and source ids.
        root: the folder error messages give paths relative to (default: ``course.root``,
            else the working directory).

    Raises:
        DataError: the first problem, naming the file, the question and the fix.
    """
    root = root if root is not None else getattr(course, "root", None)
    rel = _rel(Path(path), Path(root) if root else None)
    data = _read_yaml(Path(path), rel)
    _validate_schema(data, rel)

    objective_ids: list[str] = []
    for o in data["objectives"]:
        if o["id"] in objective_ids:
            raise DataError(f"{rel}, objective `{o['id']}`: the id is used twice; rename one")
        objective_ids.append(o["id"])

    questions: dict[str, Question] = {}
    for q in data["questions"]:
        if q["id"] in questions:
            raise DataError(f"{rel}, question `{q['id']}`: the id is used twice in this file; "
                            "rename one of them")
        questions[q["id"]] = _build_question(q, course, objective_ids, rel, data["chapter"])

    covered = {oid for q in questions.values() for oid in q.objectives}
    for oid in objective_ids:
        if oid not in covered:
            raise DataError(f"{rel}, objective `{oid}`: no question checks it; add `{oid}` to the "
                            "`objectives` of a question that does, or write one")

    fill = _Filler(course, rel)
    objectives = tuple(Objective(o["id"], fill(o["text"], f"objective `{o['id']}`"))
                       for o in data["objectives"])
    return Bank(data["chapter"], objectives, tuple(questions.values()), rel, dict(questions))


def load_all(root: str | Path | None = None, course=None) -> dict[str, Bank]:
    """Load every ``data/questions/*.yaml`` under ``root``, keyed by chapter, in file order.

    Args:
        root: the course repository (default: the one coursekit is installed from).
        course: its loaded data (default: :func:`coursekit.data.course` of ``root``).

    Raises:
        DataError: a problem in one bank, or a question id or chapter used by two banks.
    """
    from . import data as _data

    root = Path(root) if root is not None else _data.default_root()
    if course is None:
        course = _data.course(root)
    banks: dict[str, Bank] = {}
    seen: dict[str, str] = {}
    for path in course_glob(root / "data" / "questions", "*.yaml"):
        bank = load_bank(path, course, root=root)
        if bank.chapter in banks:
            raise DataError(f"{bank.file}: chapter `{bank.chapter}` already has a bank, "
                            f"{banks[bank.chapter].file}; merge the two files")
        for q in bank.questions:
            if q.id in seen:
                raise DataError(f"{bank.file}, question `{q.id}`: the id is already used in "
                                f"{seen[q.id]}; rename one of them (ids are unique across all banks)")
            seen[q.id] = bank.file
        banks[bank.chapter] = bank
    return banks


@functools.lru_cache(maxsize=4)
def _index(root: Path) -> dict[str, Question]:
    return {q.id: q for bank in load_all(root).values() for q in bank.questions}


def get_question(qid: str, root: str | Path | None = None) -> Question:
    """The question ``qid`` from the banks of ``root`` (default: this repository).

    Banks are loaded once per root and cached; restart the kernel after editing them.

    Raises:
        DataError: no bank has that id (or a bank is invalid).
    """
    from . import data as _data

    index = _index(Path(root).resolve() if root else _data.default_root())
    try:
        return index[qid]
    except KeyError:
        raise DataError(f"no question `{qid}` in data/questions/{_suggest(qid, index)}; check the "
                        "id, or add the question to the chapter's bank") from None


get_question.cache_clear = _index.cache_clear  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- patterns

#: How much better than chance a blind strategy may do before the banks give answers away.
PATTERN_MARGIN = 0.15
_HEDGES = re.compile(r"\b(usually|mostly|in part|partly|some|according to|may|might|largely|"
                     r"often|generally|both|not only)\b", re.I)


def patterns(banks: dict) -> dict:
    """What a student who does not read could exploit, over all banks, in the order readers
    see the options: how often a blind strategy ("always the same position", "the longest
    option", "the only hedged option", "always False", "tick all but the last") is right,
    against chance. Also each chapter's count of recall and understanding questions."""
    singles = [q for b in banks.values() for q in b.questions if q.kind == "single"]
    positions: dict[int, int] = {}
    longest = shortest = hedged = hedged_n = 0
    for q in singles:
        right = next(i for i, o in enumerate(q.options) if o.correct)
        positions[right] = positions.get(right, 0) + 1
        lengths = [len(o.text) for o in q.options]
        longest += lengths[right] == max(lengths) and lengths.count(max(lengths)) == 1
        shortest += lengths[right] == min(lengths) and lengths.count(min(lengths)) == 1
        marked = [i for i, o in enumerate(q.options) if _HEDGES.search(o.text)]
        if len(marked) == 1:
            hedged_n += 1
            hedged += marked[0] == right
    n = len(singles) or 1
    chance = sum(1 / len(q.options) for q in singles) / n
    tf = [q.answer for b in banks.values() for q in b.questions if q.kind == "truefalse"]
    multi = [q for b in banks.values() for q in b.questions if q.kind == "multiple"]
    opts = [o for q in multi for o in q.options]
    last_wrong = sum(not q.options[-1].correct for q in multi)
    levels = {ch: {"recall": sum(q.level == "recall" for q in b.questions),
                   "understanding": sum(q.level not in (None, "recall") for q in b.questions),
                   "no level": sum(q.level is None for q in b.questions)}
              for ch, b in banks.items()}
    return {
        "single-choice questions": len(singles),
        "chance (one option at random)": round(chance, 3),
        "right answer at position (a, b, c, d)": dict(sorted(positions.items())),
        "always the same position": round(max(positions.values(), default=0) / n, 3),
        "the longest option": round(longest / n, 3),
        "the shortest option": round(shortest / n, 3),
        "the only hedged option": (round(hedged / hedged_n, 3) if hedged_n else None, hedged_n),
        "true/false answers True, False": (sum(tf), len(tf) - sum(tf)),
        "multiple-select: last option wrong": (round(last_wrong / len(multi), 3) if multi else None,
                                               round(sum(not o.correct for o in opts) / len(opts), 3)
                                               if opts else None),
        "levels per chapter": levels,
    }


def pattern_problems(report: dict, margin: float = PATTERN_MARGIN) -> list[str]:
    """The blind strategies that beat chance by more than ``margin``, as sentences."""
    out = []
    chance = report["chance (one option at random)"]
    for name in ("always the same position", "the longest option", "the shortest option"):
        if report[name] > chance + margin:
            out.append(f"single choice: '{name}' is right {report[name]:.0%} of the time, "
                       f"against {chance:.0%} by chance")
    rate, count = report["the only hedged option"]
    if rate is not None and count >= 6 and rate > chance + margin:
        out.append(f"single choice: 'the only hedged option' is right {rate:.0%} of {count} times")
    t, f = report["true/false answers True, False"]
    if t + f and max(t, f) / (t + f) > 0.5 + margin:
        out.append(f"true/false: {t} True against {f} False; 'always {'True' if t > f else 'False'}'"
                   f" is right {max(t, f) / (t + f):.0%} of the time")
    last, wrong = report["multiple-select: last option wrong"]
    if last is not None and last > wrong + margin:
        out.append(f"multiple select: the last option is wrong {last:.0%} of the time, against "
                   f"{wrong:.0%} of all options")
    return out
