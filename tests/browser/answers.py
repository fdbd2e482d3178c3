"""Answering a quiz in the built book as a reader would, rightly or wrongly (for the browser tests).

What is right comes from the question banks (through coursekit), never from the page.
"""

import html as _html


def _norm(text: str) -> str:
    return " ".join(_html.unescape(text).split())


def _feedback(quiz):
    box = quiz.locator(".ck-feedback")
    return box.get_attribute("class"), _norm(box.inner_text())


def _check(quiz):
    quiz.locator("button.ck-check").click()


def _reset(quiz):
    btn = quiz.locator("button.ck-reset")
    if btn.is_visible():
        btn.click()


def _put_in_order(quiz, order):
    """Use the Up buttons (as a keyboard user would) to put the items in ``order``."""
    for target, eid in enumerate(order):
        for _ in range(20):
            ids = quiz.locator(".ck-item").evaluate_all("els => els.map(e => e.dataset.id)")
            if ids.index(eid) == target:
                break
            quiz.locator(f'.ck-item[data-id="{eid}"] button.ck-up').click()


def answer(quiz, q, right: bool):
    """Give a right or a wrong answer to question ``q`` in the page; return what we expect."""
    kind = q.kind
    if kind in ("single", "multiple"):
        correct = [i for i, o in enumerate(q.options) if o.correct]
        wrong = [i for i, o in enumerate(q.options) if not o.correct]
        chosen = correct if right else wrong[:1]
        if kind == "single":
            chosen = chosen[:1]
        for i in chosen:
            quiz.locator(f'.ck-option[data-index="{i}"] input').check()
        return [q.options[i].feedback for i in chosen]
    if kind == "truefalse":
        value = q.answer if right else not q.answer
        quiz.locator(f'.ck-option[data-value="{str(value).lower()}"] input').check()
        return [q.feedback_true if value else q.feedback_false]
    if kind == "numeric":
        lo, hi = q.low, q.high
        quiz.locator("input.ck-number").fill(str((lo + hi) / 2 if right else hi * 3 + 7))
        return [q.feedback_correct if right else q.feedback_incorrect]
    if kind == "order":
        order = [item.id for item in q.items]
        _put_in_order(quiz, order if right else list(reversed(order)))
        return [q.feedback] if q.feedback else []
    raise AssertionError(f"unknown kind {kind}")
