"""The quiz as ipywidgets, for a live kernel: answers are marked in Python by Question.check.

Every control is a standard ipywidget, so it is reachable with Tab and works with Space and
Enter. The parts a test (or a curious reader) may drive are attributes: ``choices`` (single,
truefalse), ``checkboxes`` (multiple), ``number`` and ``meant_buttons`` (numeric), ``order``
and ``move(i, d)`` (order), ``check_button``, ``reset_button``, and the outcome in
``feedback`` and ``result``. A number that reads two ways with different verdicts ("2.500"
where 2.5 is right) is not marked: ``meant_buttons`` ask which was meant (the rule is in
:mod:`coursekit.quiz.numbers`, as in the book's quiz.js).
In instructor mode (``reveal=True``) a ``reveal_button`` ("Reveal answer") shows, in
``reveal_box``, the answer and every option's feedback; nothing is shown before it is pressed.
"""

from __future__ import annotations

from html import escape

import ipywidgets as w

from ..questions import Question, Result
from . import numbers
from .html import HINTS, asset_text

__all__ = ["QuizWidget", "answer_summary", "answer_details"]


def answer_summary(q: Question) -> str:
    """The right answer in words (for instructor mode and plain-text output)."""
    if q.kind in ("single", "multiple"):
        return "; ".join(o.text for o in q.options if o.correct)
    if q.kind == "truefalse":
        return "True" if q.answer else "False"
    if q.kind == "numeric":
        return f"{q.answer_text} (accepted: {q.low:g} to {q.high:g})"
    return "; ".join(f"{i.label} ({i.date})" for i in q.items)


def _mark(right: bool) -> str:
    return "\u2713" if right else "\u2717"


def _quoted(text: str) -> str:
    return f"\u201c{text}\u201d"


def answer_details(q: Question) -> list[str]:
    """What "Reveal answer" shows: the answer, then the feedback of every option (right ones
    marked \u2713, wrong ones \u2717) or of each outcome, then the explanation if any."""
    if q.kind == "order":  # one event a line: readable when projected
        lines = ["Answer, in order:"] + [f"{n}. {i.label} ({i.date})" for n, i in enumerate(q.items, 1)]
    else:
        lines = [f"Answer: {answer_summary(q)}"]
    if q.kind in ("single", "multiple"):
        lines += [f"{_mark(o.correct)} {_quoted(o.text)}: {o.feedback}"
                  for o in q.options]
    elif q.kind == "truefalse":
        lines += [f"{_mark(q.answer)} True: {q.feedback_true}",
                  f"{_mark(not q.answer)} False: {q.feedback_false}"]
    elif q.kind == "numeric":
        lines += [f"Right: {q.feedback_correct}", f"Wrong: {q.feedback_incorrect}"]
    elif q.feedback:
        lines.append(q.feedback)
    if q.explanation:
        lines.append(q.explanation)
    return lines


def _paragraphs(texts) -> str:
    return "".join(f"<p>{escape(t)}</p>" for t in texts)


class QuizWidget(w.VBox):
    """An interactive view of one question.

    Args:
        question: a validated question.
        reveal: instructor mode: add a "Reveal answer" button that shows the answer and every
            option's feedback when pressed (for projecting in class, one question at a time).
    """

    def __init__(self, question: Question, reveal: bool = False, **kwargs):
        self.question = q = question
        self.result: Result | None = None
        #: wrong answers given so far: the first gets the question's hint, later ones the answer
        self.tries = 0
        self.prompt = w.HTML(f"<p><strong>{escape(q.prompt)}</strong><br>"
                             f"<em>{escape(HINTS[q.kind])}</em></p>")
        self.feedback = w.HTML("")
        self.feedback.add_class("ck-feedback")
        self.check_button = w.Button(description="Check", button_style="primary",
                                     tooltip="Check your answer")
        self.reset_button = w.Button(description="Try again", tooltip="Clear your answer",
                                     layout=w.Layout(display="none"))
        self.explain_button = w.Button(description="Show the answer", tooltip="Show the answer "
                                       "and the explanation", layout=w.Layout(display="none"))
        self.check_button.on_click(lambda _: self.check())
        self.reset_button.on_click(lambda _: self.reset())
        self.explain_button.on_click(lambda _: self.explain())
        self.status = w.Label("")  # says where a moved event went (order)

        #: numeric: one button per reading of an ambiguous number (empty otherwise)
        self.meant_buttons: list[w.Button] = []
        self.meant_box = w.HBox([], layout=w.Layout(display="none"))
        self.meant_box.add_class("ck-meant-choices")
        body = getattr(self, f"_build_{q.kind}")()
        children = [w.HTML(f"<style>{asset_text('quiz.css')}</style>"), self.prompt, body,
                    w.HBox([self.check_button, self.reset_button]), self.feedback,
                    self.meant_box, self.explain_button]
        #: instructor mode only: the button and the (empty until pressed) box it fills
        self.reveal_button: w.Button | None = None
        self.reveal_box: w.HTML | None = None
        if reveal:
            self.reveal_button = w.Button(description="Reveal answer", icon="eye",
                                          tooltip="Show the answer and every option's feedback")
            self.reveal_button.on_click(lambda _: self.toggle_reveal())
            self.reveal_box = w.HTML("", layout=w.Layout(display="none"))
            self.reveal_box.add_class("ck-reveal")
            children += [self.reveal_button, self.reveal_box]
        super().__init__(children=children, **kwargs)
        self.add_class("ck-w")
        self.add_class(f"ck-w-{q.kind}")

    # ----------------------------------------------------------------- building
    def _build_single(self):
        self.choices = w.RadioButtons(options=[(o.text, i) for i, o in enumerate(self.question.options)],
                                      value=None, layout=w.Layout(width="auto"))
        return self.choices

    def _build_truefalse(self):
        self.choices = w.RadioButtons(options=[("True", True), ("False", False)], value=None,
                                      layout=w.Layout(width="auto"))
        return self.choices

    def _build_multiple(self):
        self.checkboxes = [w.Checkbox(value=False, description=o.text, indent=False,
                                      layout=w.Layout(width="auto"))
                           for o in self.question.options]
        return w.VBox(self.checkboxes)

    def _build_numeric(self):
        q = self.question
        self.number = w.Text(value="", placeholder="e.g. 1200", description="Your answer",
                             style={"description_width": "initial"})
        return w.HBox([self.number, w.Label(q.unit or "")])

    def _build_order(self):
        self.order = [i.id for i in self.question.presented_items()]
        self._labels = {i.id: i.label for i in self.question.items}
        self._rows = []
        for pos in range(len(self.order)):
            text = w.Label("", layout=w.Layout(flex="1 1 auto"))
            up = w.Button(description="Up", icon="arrow-up", layout=w.Layout(width="6em"))
            down = w.Button(description="Down", icon="arrow-down", layout=w.Layout(width="6em"))
            up.on_click(lambda _, p=pos: self.move(p, -1))
            down.on_click(lambda _, p=pos: self.move(p, +1))
            self._rows.append((text, up, down))
        self._marks: dict[str, bool] = {}
        self._refresh_order()
        return w.VBox([w.HBox(list(r)) for r in self._rows] + [self.status])

    def _refresh_order(self):
        n = len(self.order)
        for pos, (eid, (text, up, down)) in enumerate(zip(self.order, self._rows)):
            mark = {True: " \u2713", False: " \u2717"}.get(self._marks.get(eid), "")
            text.value = f"{pos + 1}. {self._labels[eid]}{mark}"
            up.disabled, down.disabled = pos == 0, pos == n - 1
            up.tooltip = f"Move \u201c{self._labels[eid]}\u201d up"
            down.tooltip = f"Move \u201c{self._labels[eid]}\u201d down"

    # ----------------------------------------------------------------- actions
    def move(self, pos: int, direction: int) -> None:
        """Move the event at position ``pos`` (0-based) up (-1) or down (+1)."""
        new = pos + direction
        if not (0 <= pos < len(self.order) and 0 <= new < len(self.order)):
            return
        self.order[pos], self.order[new] = self.order[new], self.order[pos]
        self._marks = {}
        self._refresh_order()
        eid = self.order[new]
        self.status.value = (f"\u201c{self._labels[eid]}\u201d moved to position {new + 1} "
                             f"of {len(self.order)}.")
        _, up, down = self._rows[new]
        target = up if direction < 0 and not up.disabled else down if not down.disabled else up
        target.focus()

    def response(self):
        """What the reader has entered, in the form :meth:`Question.check` takes."""
        kind = self.question.kind
        if kind in ("single", "truefalse"):
            return self.choices.value
        if kind == "multiple":
            return [i for i, box in enumerate(self.checkboxes) if box.value]
        if kind == "numeric":
            return self.number.value
        return list(self.order)

    def check(self) -> Result:
        """Mark the current response and show the feedback (what the Check button does): a
        first wrong answer gets the question's hint and a "Show the answer" button; the next
        wrong answer, or the button, the full feedback."""
        r, choices = self._mark(self.tries)
        if r.answered and not r.correct:
            self.tries += 1
        return self._show(r, choices)

    def explain(self) -> Result:
        """The full feedback for the current answer (what Show the answer does)."""
        return self._show(*self._mark(None))

    def _mark(self, tries: int | None) -> tuple[Result, tuple]:
        """The result for the current response and, for an ambiguous number, its readings."""
        if self.question.kind == "numeric":
            c = numbers.check(self.question, self.response(), tries=tries)
            return c.result, c.choices
        return self.question.check(self.response(), tries=tries), ()

    def choose(self, text: str) -> Result:
        """Put ``text`` (a reading of an ambiguous number) in the box and check it: what a
        button of ``meant_buttons`` does."""
        self.number.value = text
        return self.check()

    def _show_choices(self, choices) -> None:
        self.meant_buttons = []
        for reading in choices:
            b = w.Button(description=reading.label, tooltip=f"I meant {reading.label}")
            b.on_click(lambda _, t=reading.text: self.choose(t))
            self.meant_buttons.append(b)
        self.meant_box.children = tuple(self.meant_buttons)
        self.meant_box.layout.display = None if self.meant_buttons else "none"

    def _show(self, r: Result, choices=()) -> Result:
        self.result = r
        self._show_choices(choices)
        self.explain_button.layout.display = None if r.hinted else "none"
        self.feedback.remove_class("ck-correct")
        self.feedback.remove_class("ck-incorrect")
        if r.answered:
            self.feedback.add_class("ck-correct" if r.correct else "ck-incorrect")
            self.reset_button.layout.display = None
        head = f'<p class="ck-headline"><strong>{r.headline}</strong></p>' if r.answered else ""
        self.feedback.value = head + _paragraphs(r.feedback)
        if self.question.kind == "order":
            self._marks = dict(r.marks)
            self._refresh_order()
        return r

    def reset(self) -> None:
        """Clear the answer and the feedback (what Try again does)."""
        kind = self.question.kind
        if kind in ("single", "truefalse"):
            self.choices.value = None
        elif kind == "multiple":
            for box in self.checkboxes:
                box.value = False
        elif kind == "numeric":
            self.number.value = ""
        else:
            self.order = [i.id for i in self.question.presented_items()]
            self._marks = {}
            self.status.value = ""
            self._refresh_order()
        self.result = None
        self._show_choices(())
        self.feedback.value = ""
        self.feedback.remove_class("ck-correct")
        self.feedback.remove_class("ck-incorrect")
        self.reset_button.layout.display = "none"
        self.explain_button.layout.display = "none"
        self.check_button.focus()

    def toggle_reveal(self) -> bool:
        """Show the answer and every option's feedback, or hide them again (what Reveal answer
        does in instructor mode); returns whether they are now shown."""
        if self.reveal_box is None:
            raise RuntimeError("this quiz is not in instructor mode; call coursekit.quiz.reveal_all() "
                               "or set COURSEKIT_INSTRUCTOR=1 before showing it")
        shown = self.reveal_box.layout.display == "none"
        lines = answer_details(self.question)
        self.reveal_box.value = (f"<p><strong>{escape(lines[0])}</strong></p>" + _paragraphs(lines[1:])
                                 if shown else "")
        self.reveal_box.layout.display = None if shown else "none"
        self.reveal_button.description = "Hide answer" if shown else "Reveal answer"
        return shown

    @property
    def feedback_text(self) -> str:
        """The feedback shown, as plain text (one line per paragraph)."""
        if self.result is None:
            return ""
        lines = ([self.result.headline] if self.result.answered else []) + list(self.result.feedback)
        return "\n".join(lines)
