"""Self-check quizzes: ``quiz("question-id")`` in a chapter shows one question.

``from coursekit import quiz`` gives this package, which is callable: ``quiz(id)`` is
:func:`show`, returning a :class:`Quiz`.

In a live kernel (JupyterLab) the reader gets an ipywidgets view marked in Python; in the
static book the same output shows as HTML marked in the page by ``assets/quiz.js``. Both come
from the one :class:`Quiz` object, whose rich output carries both. The answers are readable in
the page source: quizzes are self-checks, never graded work. A number typed in a numeric
question is read by the rule in :mod:`coursekit.quiz.numbers` (shared with ``quiz.js``): where
"2.500" could be 2.5 or 2500 and only one of them is right, the quiz asks which was meant.

Instructor mode, for projecting in class: call :func:`reveal_all` or set the environment
variable ``COURSEKIT_INSTRUCTOR=1``; each live widget then gets a "Reveal answer" button that
shows the answer and every option's feedback for that question only, when pressed (nothing is
shown up front, so a class can vote first). Off by default. In the static book the same button
appears on a page opened with ``?instructor=1`` (see ``assets/quiz.js``).
"""

from __future__ import annotations

import os
import sys
import types
from pathlib import Path

from ..questions import Question, Result, get_question
from . import html as _html
from . import numbers

__all__ = ["Quiz", "quiz", "show", "reveal_all", "instructor_mode"]

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
KIND_NAMES = {"single": "single choice", "multiple": "multiple select", "truefalse": "true or false",
              "numeric": "number", "order": "put in order"}

_reveal = False


def reveal_all(on: bool = True) -> None:
    """Instructor mode: widgets created from now on get a "Reveal answer" button (answer and
    every option's feedback, shown only when pressed); ``reveal_all(False)`` turns it off."""
    global _reveal
    _reveal = bool(on)


def instructor_mode() -> bool:
    """Whether :func:`reveal_all` is on or ``COURSEKIT_INSTRUCTOR`` is set to 1/true/yes."""
    env = os.environ.get("COURSEKIT_INSTRUCTOR", "").strip().lower()
    return _reveal or env in ("1", "true", "yes", "on")


class Quiz:
    """One question, shown as a live widget or as static HTML.

    Args:
        question: a :class:`~coursekit.questions.Question`, or a question id looked up in the
            course's banks.
        root: the course repository to look the id up in (default: this one).
    """

    def __init__(self, question: Question | str, root: str | Path | None = None):
        if isinstance(question, str):
            question = get_question(question, root)
        if not isinstance(question, Question):
            raise TypeError(f"Quiz takes a Question or a question id, not {type(question).__name__}; "
                            'call quiz("question-id")')
        self.question = question
        self._widget = None

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def widget(self):
        """The ipywidgets view (built on first use; instructor mode is read then)."""
        if self._widget is None:
            from .widget import QuizWidget

            self._widget = QuizWidget(self.question, reveal=instructor_mode())
        return self._widget

    def check(self, response) -> Result:
        """Mark a response without any display, as the widget and the book do; see
        :meth:`Question.check`. A typed number is read by :mod:`coursekit.quiz.numbers`: one
        that reads two ways with different verdicts is not marked (``answered`` is False and
        the feedback asks which number was meant)."""
        if self.question.kind == "numeric":
            return numbers.check(self.question, response).result
        return self.question.check(response)

    def to_html(self, standalone: bool = False) -> str:
        """The quiz as HTML (see :mod:`coursekit.quiz.html` for the markup contract).

        Args:
            standalone: inline quiz.css and quiz.js, for use outside the book.
        """
        return _html.render(self.question, standalone=standalone)

    def to_text(self) -> str:
        """A plain-text rendering (for terminals and text-only outputs); no answers."""
        q = self.question
        lines = [f"Quiz `{q.id}` ({KIND_NAMES[q.kind]}): {q.prompt}"]
        if q.kind in ("single", "multiple"):
            lines += [f"  {chr(97 + i)}) {o.text}" for i, o in enumerate(q.options)]
        elif q.kind == "truefalse":
            lines += ["  True / False"]
        elif q.kind == "order":
            lines += [f"  - {i.label}" for i in q.presented_items()]
        return "\n".join(lines)

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/plain": self.to_text(), "text/html": self.to_html()}
        try:
            view = self.widget._repr_mimebundle_()
        except ImportError:  # no ipywidgets here; the HTML still works
            view = None
        if view and WIDGET_MIME in view:
            bundle[WIDGET_MIME] = view[WIDGET_MIME]
        return bundle

    def __repr__(self) -> str:
        return f"Quiz({self.question.id!r})"


def show(question_id: str, root: str | Path | None = None) -> Quiz:
    """The quiz for ``question_id`` from ``data/questions/``; the notebook entry point.

    Args:
        question_id: a question id, e.g. ``"res-2100-body"``.
        root: the course repository (default: the one coursekit is installed from).

    Raises:
        DataError: no such question, or a bank is invalid.
    """
    return Quiz(question_id, root)


class _CallableModule(types.ModuleType):
    """``coursekit.quiz`` is this package *and* the notebook call ``quiz("question-id")``.

    ``from coursekit import quiz`` must give something a chapter can call, while
    ``coursekit.quiz.reveal_all()`` and ``from coursekit.quiz import Quiz`` must keep working;
    a function bound over the package name would hide the package, so the package itself is
    callable and its ``quiz`` attribute is the package.
    """

    def __call__(self, question_id: str, root: str | Path | None = None) -> Quiz:
        return show(question_id, root)


sys.modules[__name__].__class__ = _CallableModule
quiz = sys.modules[__name__]
