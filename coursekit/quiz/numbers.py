"""How a numeric quiz reads what a reader types, and when it asks what the reader meant.

Readers of this course write numbers in two conventions: English ("13,289" and "1.5") and
French or continental ("13 289", "13.289" and "1,5"). The same text can mean different numbers
in the two: "2.500" is two and a half, or two thousand five hundred. A quiz must not mark such
an answer right or wrong on a guess. This module is the rule; ``assets/quiz.js`` implements
the same rule for the book (``readNumber``), and ``tests/test_quiz_js.py`` checks both against
one table of cases (``NUMBER_CASES`` in ``tests/test_quiz.py``).

**1. Every reading of the text.** Surrounding spaces are ignored; a sign (``+``, ``-`` or the
minus sign ``\u2212``) may lead. A number has an integer part and, after a *decimal mark*, a
fraction of one or more digits (``.5`` and ``,5`` are a half; ``5.`` is not a number). The
integer part may be split into groups by a *group separator*: a first group of one to three
digits that does not start with 0, then groups of exactly three digits. A group separator is
a space (also the no-break spaces ``U+00A0``, ``U+202F``, the thin space ``U+2009``), an
underscore or an apostrophe (``'`` or ``\u2019``), which are never decimal marks; or a comma or
a dot, when the other one is the decimal mark. One number uses one kind of group separator.
Every way of choosing the decimal mark (``.`` or ``,``) and the group separator that reads the
whole text is a *reading*; anything else is not a number ("1 5", "1,234,56", "3e5", "1.2.3").

==============  ==============  ==========================================
typed           readings        why
==============  ==============  ==========================================
``1,5``         1.5             a comma before fewer than three digits is a decimal mark
``12,00``       12              (the decimal reading of a French "12,00")
``13 289``      13289           a space only ever groups digits
``1.234.567``   1234567         two dots can only be group separators
``1.234,5``     1234.5          a dot, then a comma: French grouping
``1,234.5``     1234.5          a comma, then a dot: English grouping
``0,500``       0.5             a group cannot start with 0
``2.500``       2.5 or 2500     one separator before exactly three digits
``1,200``       1.2 or 1200     the same, with a comma
==============  ==============  ==========================================

So only one pattern is ambiguous: a single comma or dot followed by exactly three digits, and
its two readings differ by a factor of 1,000.

**2. Implausible readings.** Where the answer is a whole count of 1,000 or more (the
question's ``thousands_dot``: a count of people, say 13,289), a reading made with a decimal
mark that lies outside the accepted range is dropped: nobody counts 13.289 personnel, nor
writes a count of 55 people as "55.000". So "13.289" is 13,289 there, and "55.000" is 55,000.
Readings inside the range always stay, and so does the only reading of a text ("13,2" is
13.2).

**3. The verdict.** With the remaining readings and the question's accepted range
(``low`` to ``high``, the tolerance included):

* no reading: not a number; the reader is asked to type digits (nothing is marked);
* every reading within the range: right;
* no reading within the range: wrong. The usual "too low" or "too high" line says which way,
  or, where one reading is too low and the other too high, both ("Your answer is too low read
  as 1.2 and too high read as 1200.");
* some readings right and some wrong: nothing is marked. The quiz asks which number was meant,
  with a button for each reading ("2.5", "2500"); the button puts that number in the box in a
  form with one reading ("2500"; "1.2340" for 1.234, whose plain form would be ambiguous again)
  and checks it. The record of the answer (``progress.js``) thus holds what was marked.

Examples, for a question whose answer is 2.5 (accepted 2.4 to 2.6): "2,5" and "2.5" are
right, "2,500" asks "2.5 or 2500?", "25" is too high. For 13,289 military personnel
(``thousands_dot``, accepted exactly): "13 289", "13,289", "13.289" and "13289" are right,
"13.000" is 13,000 (too low), "13,2" is too low. For 311 deaths (accepted 304.78 to
317.22, not ``thousands_dot``): "311" and "311,0" are right, "311,000" asks "311 or 311000?",
"1,200" is too low as 1.2 and too high as 1200.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..questions import MSG_NUMBER, Question, Result

__all__ = ["Reading", "Verdict", "NumericCheck", "readings", "interpret", "check", "MSG_ASK"]

#: What the quiz says when it asks which reading was meant (the same wording is in quiz.js).
MSG_ASK = "\u201c{typed}\u201d can be read in more than one way. Which number did you mean?"

#: Spaces that may surround a number or group its digits (the same set is in quiz.js)
_WHITE = " \t\n\r\u00a0\u2009\u202f"
_SPACES = re.compile("[" + _WHITE + "_'\u2019]+")
_SIGN = re.compile(r"([+\-\u2212]?)(.*)", re.S)
_DIGITS = re.compile(r"[0-9]+")
_GROUP_FIRST = re.compile(r"[1-9][0-9]{0,2}")
_GROUP = re.compile(r"[0-9]{3}")
_AMBIGUOUS = re.compile(r"-?[1-9][0-9]{0,2}\.[0-9]{3}")
#: (group separator, decimal mark) pairs; "" is no group separator, " " any space-like one
_CONVENTIONS = (("", "."), ("", ","), (" ", "."), (" ", ","), (",", "."), (".", ","))


@dataclass(frozen=True)
class Reading:
    """One number a text can mean.

    Attributes:
        value: the number.
        label: the number written plainly: digits, ``.`` as the decimal mark, no grouping,
            no trailing zeros in the fraction ("1.5", "1500", "-2").
        text: a form of it that has this reading only, to put in the answer box ("1.5",
            "1500"; "1.2340" where the label "1.234" would be ambiguous).
        decimal: the text was read with a decimal mark ("55.000" read as 55; not as 55000).
    """

    value: float
    label: str
    text: str
    decimal: bool = False


@dataclass(frozen=True)
class Verdict:
    """What a typed answer comes to, before any feedback.

    Attributes:
        status: ``"none"`` (not a number), ``"right"``, ``"wrong"`` or ``"ask"`` (readings
            disagree: ask which was meant).
        readings: the readings left after dropping implausible ones, smallest first.
        value: for right and wrong, the value to mark (the first reading).
        lead: for a wrong answer read as too low one way and too high the other, the line
            that says so (it replaces "Your answer is too low/high.").
    """

    status: str
    readings: tuple[Reading, ...] = ()
    value: float | None = None
    lead: str | None = None


@dataclass(frozen=True)
class NumericCheck:
    """:func:`check`'s answer: the result to show and, when asking, the readings to offer."""

    result: Result
    choices: tuple[Reading, ...] = ()


def _int_part(part: str, group: str) -> str | None:
    """The digits of an integer part written with ``group`` as its separator, or None."""
    if part == "" or _DIGITS.fullmatch(part):
        return part
    if not group or group not in part:
        return None
    first, *rest = part.split(group)
    if _GROUP_FIRST.fullmatch(first) and rest and all(_GROUP.fullmatch(g) for g in rest):
        return first + "".join(rest)
    return None


def _read(body: str, group: str, mark: str) -> tuple[str, str] | None:
    """(integer digits, fraction digits) of ``body`` in one convention, or None."""
    if body.count(mark) > 1:
        return None
    whole, _, frac = body.partition(mark)
    if mark in body and not _DIGITS.fullmatch(frac):
        return None
    digits = _int_part(whole, group)
    if digits is None or (digits == "" and frac == ""):
        return None
    return digits, frac


def _reading(negative: bool, digits: str, frac: str) -> Reading:
    whole = digits.lstrip("0") or "0"
    decimal = frac != ""  # written with a decimal mark, even if only zeros follow it
    frac = frac.rstrip("0")
    label = f"{whole}.{frac}" if frac else whole
    if negative and label != "0":
        label = "-" + label
    # "1.234" is ambiguous again (one group separator before three digits): "1.2340" is not
    text = label + "0" if _AMBIGUOUS.fullmatch(label) else label
    return Reading(float(label), label, text, decimal)


def readings(text) -> tuple[Reading, ...]:
    """Every reading of ``text`` (rule 1 of the module docstring), smallest first; ``()`` when
    it is not a number."""
    if text is None:
        return ()
    sign, body = _SIGN.fullmatch(str(text).strip(_WHITE)).groups()
    body = _SPACES.sub(" ", body)
    if not body or not re.fullmatch(r"[0-9., ]+", body):
        return ()
    found: dict[str, Reading] = {}
    for group, mark in _CONVENTIONS:
        other = {",", ".", " "} - {group, mark}
        if any(c in body for c in other):
            continue
        parts = _read(body, group, mark)
        if parts is not None:
            r = _reading(sign in ("-", "\u2212"), *parts)
            found.setdefault(r.label, r)
    return tuple(sorted(found.values(), key=lambda r: r.value))


def _plausible(found: tuple[Reading, ...], low: float, high: float, whole_count: bool):
    """Rule 2: drop decimal readings outside the range of a whole count of 1,000 or more."""
    if not whole_count:
        return found
    kept = tuple(r for r in found if not r.decimal or low <= r.value <= high)
    return kept or found


def ask_message(text) -> str:
    """The question put to a reader whose number reads two ways, quoting what was typed."""
    return MSG_ASK.format(typed=re.sub("[" + _WHITE + "]+", " ", str(text).strip(_WHITE)))


def interpret(text, low: float, high: float, thousands_dot: bool = False) -> Verdict:
    """The verdict on ``text`` for an answer accepted from ``low`` to ``high`` (rule 3)."""
    found = _plausible(readings(text), low, high, thousands_dot)
    if not found:
        return Verdict("none")
    inside = [low <= r.value <= high for r in found]
    if all(inside):
        return Verdict("right", found, found[0].value)
    if any(inside):
        return Verdict("ask", found)
    below = [r for r in found if r.value < low]
    lead = None
    if below and len(below) < len(found):
        lead = (f"Your answer is too low read as {below[-1].label} and too high read as "
                f"{found[len(below)].label}.")
    return Verdict("wrong", found, found[0].value, lead)


def check(question: Question, response, tries: int | None = None) -> NumericCheck:
    """Mark a numeric question's response by the rule above, with ``question``'s feedback.

    Args:
        question: a ``numeric`` question.
        response: what was typed (a number is marked as it is).
        tries: as :meth:`Question.check` (a first wrong try gets the hint).
    """
    if isinstance(response, (int, float)) and not isinstance(response, bool):
        return NumericCheck(question.check(response, tries=tries))
    v = interpret(response, question.low, question.high, question.thousands_dot)
    if v.status == "none":
        return NumericCheck(Result(False, (MSG_NUMBER,), answered=False))
    if v.status == "ask":
        return NumericCheck(Result(False, (ask_message(response),), answered=False), v.readings)
    result = question.check(v.value, tries=tries)
    if v.lead:
        result = replace(result, feedback=(v.lead,) + result.feedback[1:])
    return NumericCheck(result)
