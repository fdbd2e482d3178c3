"""Self-contained HTML for a quiz in the static book, marked in the page by ``assets/quiz.js``.

The markup is the contract the book's Sphinx extension and browser tests rely on::

    <div class="ck-quiz" id="ck-quiz-{id}" data-kind="single|multiple|truefalse|numeric|order">
      <fieldset><legend>{prompt}</legend> ...inputs with <label>s, or the list to order... </fieldset>
      <div class="ck-actions"><button class="ck-check">Check</button>
                              <button class="ck-reset" hidden>Try again</button></div>
      <div class="ck-feedback" role="status" aria-live="polite"></div>
      <script type="application/json" class="ck-quiz-data">{page_data(question)}</script>
    </div>

After Check the feedback region gets class ``ck-correct`` or ``ck-incorrect`` (``ck-notice``
when there was nothing to mark) and shows the feedback for what was chosen; options and
events get ``ck-right``/``ck-wrong``. Element ids derive from the question id, and the same
question always gives byte-identical HTML.

In instructor mode (a page opened with ``?instructor=1``), ``quiz.js`` adds to each quiz a
``<button class="ck-reveal-answer">Reveal answer</button>`` in ``ck-actions`` and a hidden
``<div class="ck-reveal" id="ck-quiz-{id}-reveal">`` after the feedback, which the button fills
with the answer and every option's feedback; the markup written here does not change.

The embedded data holds the answer, so anyone can read it in the page source: fine for
self-checks, never for graded work.
"""

from __future__ import annotations

import json
from html import escape
from importlib import resources

from ..questions import Question

__all__ = ["render", "render_page", "page_data", "asset_text", "ASSETS"]

#: The files ``quiz.js`` and ``quiz.css`` add to a page (see :func:`asset_text`).
ASSETS = ("quiz.css", "quiz.js")

HINTS = {
    "single": "Choose one answer.",
    "multiple": "Choose every answer that applies.",
    "truefalse": "Is this statement true or false?",
    "numeric": "Type a number in digits.",
    "order": "Put the events in order, earliest first, with the \u2191 and \u2193 buttons.",
}


def asset_text(name: str) -> str:
    """The text of ``coursekit/quiz/assets/<name>`` (``quiz.js`` or ``quiz.css``)."""
    return resources.files("coursekit.quiz").joinpath("assets", name).read_text(encoding="utf-8")


def _e(text) -> str:
    return escape(str(text), quote=True)


def _json_for_script(data) -> str:
    """JSON that cannot end its ``<script>`` element early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page_data(q: Question) -> dict:
    """What ``quiz.js`` needs to mark an answer: :meth:`Question.to_dict` without the texts
    the markup already shows (prompt, option texts, events to order), so a page holds each once."""
    data = q.to_dict()
    data.pop("prompt", None)
    data.pop("items", None)
    if "options" in data:
        data["options"] = [{k: v for k, v in o.items() if k != "text"} for o in data["options"]]
    return data


def _choices(q: Question, base: str) -> list[str]:
    input_type = "radio" if q.kind == "single" else "checkbox"
    out = [f'<div class="ck-options">']
    for i, opt in enumerate(q.options):
        oid = f"{base}-opt-{i + 1}"
        out.append(f'<div class="ck-option" data-index="{i}">'
                   f'<input type="{input_type}" id="{oid}" name="{base}" value="{i}">'
                   f'<label for="{oid}">{_e(opt.text)}</label></div>')
    out.append("</div>")
    return out


def _truefalse(base: str) -> list[str]:
    out = ['<div class="ck-options">']
    for value, label in (("true", "True"), ("false", "False")):
        oid = f"{base}-{value}"
        out.append(f'<div class="ck-option" data-value="{value}">'
                   f'<input type="radio" id="{oid}" name="{base}" value="{value}">'
                   f'<label for="{oid}">{label}</label></div>')
    out.append("</div>")
    return out


def _numeric(q: Question, base: str) -> list[str]:
    unit = f" (in {_e(q.unit)})" if q.unit else ""
    return [
        '<div class="ck-numeric">',
        f'<label for="{base}-answer">Your answer<span class="ck-sr-only">{unit}</span></label>',
        f'<span class="ck-entry"><input type="text" inputmode="decimal" autocomplete="off" class="ck-number" '
        f'id="{base}-answer" aria-describedby="{base}-hint">',
        f'<span class="ck-unit" aria-hidden="true">{_e(q.unit or "")}</span></span>',
        "</div>",
    ]


def _order(q: Question, base: str) -> list[str]:
    items = q.presented_items()
    out = [f'<ol class="ck-order" aria-describedby="{base}-hint">']
    for pos, item in enumerate(items):
        label = _e(item.label)
        up_disabled = " disabled" if pos == 0 else ""
        down_disabled = " disabled" if pos == len(items) - 1 else ""
        out.append(
            f'<li class="ck-item" data-id="{_e(item.id)}">'
            f'<span class="ck-item-text"><span class="ck-item-label">{label}</span>'
            f'<span class="ck-item-date" hidden>{_e(item.date)}</span></span>'
            f'<span class="ck-move">'
            f'<button type="button" class="ck-up" aria-label="Move \u201c{label}\u201d up" '
            f'title="Move up"{up_disabled}>\u2191</button>'
            f'<button type="button" class="ck-down" aria-label="Move \u201c{label}\u201d down" '
            f'title="Move down"{down_disabled}>\u2193</button>'
            f"</span></li>")
    out.append("</ol>")
    out.append('<div class="ck-announce ck-sr-only" aria-live="polite"></div>')
    return out


def render(q: Question, standalone: bool = False) -> str:
    """The quiz as an HTML fragment.

    Args:
        q: a validated question (:func:`coursekit.questions.get_question`).
        standalone: inline ``quiz.css`` and ``quiz.js`` so the fragment works in any page;
            the book instead adds them once per page (coursekit's Sphinx extension).
    """
    base = f"ck-quiz-{q.id}"
    parts = [f'<div class="ck-quiz" id="{base}" data-kind="{q.kind}">',
             "<fieldset>",
             f'<legend id="{base}-prompt">{_e(q.prompt)}</legend>',
             f'<p class="ck-hint" id="{base}-hint">{_e(HINTS[q.kind])}</p>']
    if q.kind in ("single", "multiple"):
        parts += _choices(q, base)
    elif q.kind == "truefalse":
        parts += _truefalse(base)
    elif q.kind == "numeric":
        parts += _numeric(q, base)
    elif q.kind == "order":
        parts += _order(q, base)
    else:
        raise ValueError(f"question `{q.id}` has unknown kind `{q.kind}`; load it with "
                         "coursekit.questions so that it is validated")
    parts += [
        "</fieldset>",
        '<div class="ck-actions">'
        '<button type="button" class="ck-check">Check</button>'
        '<button type="button" class="ck-reset" hidden>Try again</button></div>',
        f'<div class="ck-feedback" id="{base}-feedback" role="status" aria-live="polite"></div>',
        f'<script type="application/json" class="ck-quiz-data">{_json_for_script(page_data(q))}</script>',
        "</div>",
    ]
    html = "\n".join(parts)
    if standalone:
        html = (f"<style>\n{asset_text('quiz.css')}</style>\n{html}\n"
                f"<script>\n{asset_text('quiz.js')}</script>")
    return html + "\n"


_PAGE_CSS = ("body { margin: 0 auto; max-width: 48rem; padding: 1rem; "
             "font-family: system-ui, sans-serif; color: #1f2328; }\n")


def render_page(questions, title: str = "Self-check", lang: str = "en") -> str:
    """A complete HTML document with several quizzes and the assets inlined once."""
    body = "\n".join(render(q) for q in questions)
    return (f'<!DOCTYPE html>\n<html lang="{_e(lang)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_e(title)}</title>\n<style>\n{_PAGE_CSS}{asset_text('quiz.css')}</style>\n"
            "</head>\n"
            f"<body>\n<main>\n<h1>{_e(title)}</h1>\n{body}</main>\n"
            f"<script>\n{asset_text('quiz.js')}</script>\n</body>\n</html>\n")
