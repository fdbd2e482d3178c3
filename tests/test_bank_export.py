"""Do the exported banks follow the documented Moodle XML and GIFT formats, hold every question
the format can express with its answers and feedback, and list the rest?

QTI: an IMS content package of QTI 1.2 assessments in the form of Canvas's own quiz export
(``question_type`` metadata, SCORE out of 100), read back with :func:`read_qti`.
Moodle XML: MoodleDocs "Moodle XML format" (https://docs.moodle.org/en/Moodle_XML_format) and
the grade options of ``question_bank::fraction_options_full`` (moodle/moodle
``lib/questionlib.php``); Moodle has no XSD, so :func:`check_moodle_xml` is a structural checker
written from those. GIFT: MoodleDocs "GIFT format" and ``question/format/gift/format.php``
(escapes ``\\~ \\= \\# \\{ \\} \\:``, ``{TRUE#wrong#right}``, ``{#lo..hi}``, ``~%50%``, ``####``).
"""

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from coursekit.bank_export import (FILES, MOODLE_FRACTIONS, NOT_EXPORTED, Chapter,
                                   check_moodle_xml, export_banks, gift, moodle_xml, parse_gift,
                                   qti_files, read_qti, to_html, to_plain)
from coursekit.data import load_course
from coursekit.questions import Option, OrderItem, Question, load_all


@pytest.fixture(scope="module")
def course_banks():
    course = load_course()
    return course, load_all(course.root, course)


@pytest.fixture(scope="module")
def exported(tmp_path_factory, course_banks):
    course, banks = course_banks
    out = tmp_path_factory.mktemp("banks")
    result = export_banks(out, root=course.root, banks=banks)
    return out, result, banks


def questions(banks):
    return [q for b in banks.values() for q in b.questions]


def p(text):
    return f"<p>{to_html(text)}</p>"


# --------------------------------------------------------------------------- Moodle XML

def test_moodle_xml_passes_the_structural_check(exported):
    out, _, _ = exported
    text = (out / FILES["moodle-xml"]).read_text(encoding="utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    assert check_moodle_xml(text) == []


def test_moodle_xml_holds_every_question_with_its_answers(exported):
    out, _, banks = exported
    root = ET.parse(out / FILES["moodle-xml"]).getroot()
    by_name = {q.findtext("name/text"): q for q in root.findall("question")
               if q.get("type") != "category"}
    qtype = {"single": "multichoice", "multiple": "multichoice", "truefalse": "truefalse",
             "numeric": "numerical", "order": "ordering"}
    assert set(by_name) == {q.id for q in questions(banks)}
    for q in questions(banks):
        el = by_name[q.id]
        assert el.get("type") == qtype[q.kind], q.id
        assert el.findtext("idnumber") == q.id
        answers = [(a.findtext("text"), float(a.get("fraction")), a.findtext("feedback/text"))
                   for a in el.findall("answer")]
        if q.kind in ("single", "multiple"):
            assert el.findtext("questiontext/text") == p(q.prompt)
            assert el.findtext("single") == ("true" if q.kind == "single" else "false")
            assert [(t, fb) for t, _, fb in answers] == [(to_html(o.text), to_html(o.feedback))
                                                        for o in q.options]
            right = [f > 0 for _, f, _ in answers]
            assert right == [o.correct for o in q.options], q.id
            if q.kind == "single":
                assert sorted(f for _, f, _ in answers)[-2:] == [0.0, 100.0]
            else:
                assert sum(f for _, f, _ in answers if f > 0) == pytest.approx(100, abs=1e-4)
        elif q.kind == "truefalse":
            got = {t: (f, fb) for t, f, fb in answers}
            assert got["true"] == (100.0 if q.answer else 0.0, to_html(q.feedback_true))
            assert got["false"] == (0.0 if q.answer else 100.0, to_html(q.feedback_false))
        elif q.kind == "numeric":
            a = el.find("answer")
            mid, tol = float(a.findtext("text")), float(a.findtext("tolerance"))
            assert (mid - tol, mid + tol) == (pytest.approx(q.low), pytest.approx(q.high))
            assert answers[1][0] == "*" and answers[1][2] == to_html(q.feedback_incorrect)
        else:
            assert [t for t, _, _ in answers] == [to_html(i.label) for i in q.items]
            assert el.findtext("gradingtype") == "ALL_OR_NOTHING"
        hints = [h.findtext("text") for h in el.findall("hint")]
        assert hints == ([p(q.hint)] if q.hint else [])


def test_moodle_xml_categories_per_chapter(exported):
    out, _, banks = exported
    root = ET.parse(out / FILES["moodle-xml"]).getroot()
    cats = [q.findtext("category/text") for q in root.findall("question")
            if q.get("type") == "category"]
    assert [c.split("/")[2][:2] for c in cats] == [ch[:2] for ch in banks]
    assert all(c.startswith("$course$/After MINUSMA/") for c in cats)
    assert cats[0] == "$course$/After MINUSMA/01 MINUSMA: ten years of UN peacekeeping in Mali"


def test_fraction_list_is_moodles():
    assert {100.0, 50.0, 33.33333, 25.0, 20.0, 16.66667, 14.28571, 12.5, 11.11111, 10.0, 5.0,
            0.0, -33.33333, -100.0} <= set(MOODLE_FRACTIONS)
    assert 35.0 not in MOODLE_FRACTIONS and 1 / 3 * 100 not in MOODLE_FRACTIONS


def _valid_xml(exported):
    out, _, _ = exported
    return (out / FILES["moodle-xml"]).read_text(encoding="utf-8")


@pytest.mark.parametrize("change, expected", [
    (lambda t: t.replace("<quiz>", "<quiz><oops>", 1), "not well-formed"),
    (lambda t: re.sub(r'fraction="33\.33333"', 'fraction="35"', t, count=1), "grade options"),
    (lambda t: re.sub(r"(<single>true</single>(?:(?!</question>).)*?)fraction=\"0\"",
                      r'\1fraction="100"', t, count=1, flags=re.S), "exactly one 100"),
    (lambda t: re.sub(r"<tolerance>[^<]*</tolerance>", "", t, count=1), "tolerance"),
    (lambda t: t.replace("<text>false</text>", "<text>maybe</text>", 1), "`true` and one `false`"),
    (lambda t: t.replace("<gradingtype>ALL_OR_NOTHING<", "<gradingtype>SOMEHOW<", 1), "gradingtype"),
    (lambda t: t.replace("Which body established MINUSMA", "Which {term}`body` established", 1),
     "markup left"),
    (lambda t: t.replace("Which body established MINUSMA", "Which body on {date:res-2100}", 1),
     "markup left"),
])
def test_checker_catches_what_moodle_refuses(exported, change, expected):
    bad = change(_valid_xml(exported))
    assert bad != _valid_xml(exported), "the change must apply"
    problems = check_moodle_xml(bad)
    assert any(expected in pr for pr in problems), problems


def test_checker_multiple_select_sum(exported):
    text = _valid_xml(exported)
    # one right option of a multiple-select question no longer counts: the rest add up to < 100
    bad = re.sub(r"(<single>false</single>(?:(?!</question>).)*?)fraction=\"33\.33333\"",
                 r'\1fraction="0"', text, count=1, flags=re.S)
    assert any("add up to" in pr for pr in check_moodle_xml(bad))


# --------------------------------------------------------------------------- GIFT

def test_gift_round_trip_real_banks(exported):
    out, _, banks = exported
    parsed = parse_gift((out / FILES["gift"]).read_text(encoding="utf-8"))
    cats = [b["category"] for b in parsed if "category" in b]
    assert len(cats) == len(banks) and all(c.startswith("$course$/After MINUSMA/") for c in cats)
    got = {b["name"]: b for b in parsed if "name" in b}
    expected = [q for q in questions(banks) if q.kind != "order"]
    assert list(got) == [q.id for q in expected]
    for q in expected:
        b = got[q.id]
        assert b["format"] == "html"
        if q.kind in ("single", "multiple"):
            assert b["qtype"] == "multichoice" and b["text"] == to_html(q.prompt)
            assert b["single"] == (q.kind == "single")
            assert [(t, fb) for t, _, fb in b["answers"]] == [
                (to_html(o.text), to_html(o.feedback)) for o in q.options]
            weights = [w for _, w, _ in b["answers"]]
            assert [w > 0 for w in weights] == [o.correct for o in q.options]
            assert all(w in MOODLE_FRACTIONS for w in weights)
            assert sum(w for w in weights if w > 0) == pytest.approx(100, abs=1e-4)
        elif q.kind == "truefalse":
            assert b["qtype"] == "truefalse" and b["answer"] is q.answer
            assert b["feedback_true"] == to_html(q.feedback_true)
            assert b["feedback_false"] == to_html(q.feedback_false)
        else:
            assert b["qtype"] == "numerical"
            assert (b["low"], b["high"]) == (pytest.approx(q.low), pytest.approx(q.high))
            assert b["feedback"].startswith(to_html(q.feedback_correct))
            assert q.answer_text in b["feedback"]
            assert b["feedback_wrong"] == to_html(q.feedback_incorrect)


SPECIAL = "a ~tilde =equals #hash {brace} :colon \\backslash & <tag> \"quote\" Aïssata, Sékou"


def _synthetic():
    opts = (Option(f"right {SPECIAL}", True, f"yes {SPECIAL}"),
            Option("wrong: {x}", False, "no = never # ever ~ :"),
            Option("*emphasis* and {term}`peacekeeping <pk>`", False, "see *Tombouctou*"))
    return (
        Question(id="sp-single", kind="single", prompt=f"Pick {SPECIAL}?", objectives=("o",),
                 options=opts, hint="think"),
        Question(id="sp-multi", kind="multiple", prompt="Which {a}?", objectives=("o",),
                 options=opts[:1] + (Option("also ~ right", True, "fb #2"),) + opts[1:],
                 explanation="because: {x} = y"),
        Question(id="sp-tf", kind="truefalse", prompt="True: 1 = 1?", objectives=("o",),
                 answer=False, feedback_true="wrong #1", feedback_false="right ~2"),
        Question(id="sp-num", kind="numeric", prompt="How many {x}?", objectives=("o",),
                 low=304.78, high=317.22, answer_text="311 deaths", unit="deaths",
                 feedback_correct="Right: 311", feedback_incorrect="No: {311}"),
        Question(id="sp-order", kind="order", prompt="Order these.", objectives=("o",),
                 items=(OrderItem("a", "A: first", "1 May 2013"), OrderItem("b", "B", "2 May 2013")),
                 feedback="so"),
    )


def test_gift_special_characters_round_trip():
    qs = _synthetic()
    text = gift([Chapter("09", "Test: a/b", qs)])
    # every special character in the texts is escaped: no bare ~ = # { } : in an option line
    line = next(ln for ln in text.splitlines() if ln.startswith("=right"))
    bare = re.sub(r"\\.", "", line[1:])  # what is left once every escaped character is out
    assert line[1:].count("\\~") == 2 and "\\{brace\\}" in line and "\\\\backslash" in line
    assert bare.count("#") == 1, "the feedback separator is the only unescaped special character"
    assert not re.search(r"[~={}:\\]", bare)
    parsed = parse_gift(text)
    assert parsed[0] == {"category": "$course$/After MINUSMA/09 Test: a-b"}
    got = {b["name"]: b for b in parsed[1:]}
    assert set(got) == {"sp-single", "sp-multi", "sp-tf", "sp-num"}, "no ordering in GIFT"
    s = got["sp-single"]
    assert s["text"] == to_html(f"Pick {SPECIAL}?")
    assert s["answers"] == [(to_html(o.text), 100.0 if o.correct else 0.0, to_html(o.feedback))
                            for o in qs[0].options]
    m = got["sp-multi"]
    assert [w for _, w, _ in m["answers"]] == [50.0, 50.0, -50.0, -50.0]
    assert m["answers"][1] == ("also ~ right", 50.0, "fb #2")
    assert m["general"] == "because: {x} = y"
    t = got["sp-tf"]
    assert (t["answer"], t["feedback_true"], t["feedback_false"]) == (False, "wrong #1", "right ~2")
    n = got["sp-num"]
    assert (n["low"], n["high"], n["feedback_wrong"]) == (304.78, 317.22, "No: {311}")


def test_markup_becomes_html_and_never_leaks():
    qs = _synthetic()
    xml = moodle_xml([Chapter("09", "Test", qs)])
    assert check_moodle_xml(xml) == []
    root = ET.fromstring(xml)
    texts = [t.text or "" for t in root.iter("text")]
    assert any("<em>emphasis</em> and peacekeeping" in t for t in texts)
    assert any("see <em>Tombouctou</em>" in t for t in texts)
    assert not any("{term}" in t or "`" in t for t in texts)
    assert any("&lt;tag&gt;" in t for t in texts), "HTML in the source text is shown, not obeyed"
    assert to_plain("the boat *Tombouctou*, {term}`MINUSMA <minusma>`") == "the boat Tombouctou, MINUSMA"


# --------------------------------------------------------------------------- not exported, CLI

def test_not_exported_lists_orders_and_hints(exported):
    out, result, banks = exported
    rows = [ln.split("\t") for ln in (out / NOT_EXPORTED).read_text(encoding="utf-8").splitlines()
            if ln and not ln.startswith("#")]
    assert all(len(r) == 4 for r in rows)
    orders = {q.id for q in questions(banks) if q.kind == "order"}
    assert orders and {r[0] for r in rows if r[1] == "order" and r[2] == "gift"} == orders
    hinted = {q.id for q in questions(banks) if q.hint and q.kind != "order"}
    assert {r[0] for r in rows if r[3].startswith("hint")} == hinted
    assert not [r for r in rows if r[2] == "moodle-xml"], "Moodle XML carries every kind"
    assert {r[0] for r in rows if r[1] == "order" and r[2] == "qti"} == orders
    assert result.counts == {"moodle-xml": len(questions(banks)),
                             "gift": len(questions(banks)) - len(orders),
                             "qti": len(questions(banks)) - len(orders)}


def test_cli_export_bank_one_format(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "coursekit", "export-bank", "--out",
                           str(tmp_path), "--format", "gift"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([FILES["gift"], NOT_EXPORTED])
    assert "not exported (gift): crisis-2012-order (order)" in proc.stdout
    assert re.search(r"^gift: \d+ questions$", proc.stdout, re.M)


# --------------------------------------------------------------------------- QTI 1.2 (Canvas)

def _zip(files):
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_qti_package_holds_every_question_canvas_can(exported):
    out, _, banks = exported
    import zipfile

    data = (out / FILES["qti"]).read_bytes()
    names = zipfile.ZipFile(out / FILES["qti"]).namelist()
    assert names[0] == "imsmanifest.xml" and len(names) == 1 + len(banks)
    problems, items = read_qti(data)
    assert problems == []
    expected = [q for q in questions(banks) if q.kind != "order"]
    assert sorted(items) == sorted(q.id for q in expected)
    kinds = {"single": "multiple_choice_question", "multiple": "multiple_answers_question",
             "truefalse": "true_false_question", "numeric": "numerical_question"}
    for q in expected:
        it = items[q.id]
        assert it["type"] == kinds[q.kind], q.id
        if q.kind in ("single", "multiple"):
            assert it["text"] == p(q.prompt)
            assert [t for _, t in it["choices"]] == [to_html(o.text) for o in q.options]
            idents = [i for i, _ in it["choices"]]
            assert it["right"] == [i for i, o in zip(idents, q.options) if o.correct]
            assert [it["feedback"][f"{i}_fb"] for i in idents] == [p(o.feedback) for o in q.options]
        elif q.kind == "truefalse":
            assert it["right"] == ["true" if q.answer else "false"]
            assert it["feedback"]["true_fb"] == p(q.feedback_true)
            assert it["feedback"]["false_fb"] == p(q.feedback_false)
        else:
            assert (it["low"], it["high"]) == (pytest.approx(q.low), pytest.approx(q.high))
            assert it["feedback"]["general_incorrect_fb"] == p(q.feedback_incorrect)


@pytest.mark.parametrize("breaks, expected", [
    (lambda f: f.pop("after-minusma-09.xml"), "not in the zip"),
    (lambda f: f.update({"after-minusma-09.xml": f["after-minusma-09.xml"].replace(
        b"multiple_choice_question", b"essay_question", 1)}), "question_type"),
    (lambda f: f.update({"after-minusma-09.xml": f["after-minusma-09.xml"].replace(
        b'<setvar action="Set" varname="SCORE">100</setvar>',
        b'<setvar action="Set" varname="SCORE">0</setvar>', 1)}), "give full marks"),
    (lambda f: f.update({"after-minusma-09.xml": f["after-minusma-09.xml"].replace(
        b"<vargte respident=\"response1\">304.78", b"<vargte respident=\"response1\">999", 1)}),
     "is empty"),
    (lambda f: f.update({"after-minusma-09.xml": f["after-minusma-09.xml"].replace(
        b"Pick a", b"Pick {date:coup-2012} a", 1)}), "markup left"),
    (lambda f: f.update({"after-minusma-09.xml": f["after-minusma-09.xml"][:-30]}), "well-formed"),
])
def test_qti_checker_catches_broken_packages(breaks, expected):
    files = qti_files([Chapter("09", "Test", _synthetic())])
    assert read_qti(_zip(files))[0] == []
    before = dict(files)
    breaks(files)
    assert files != before, "the change must apply"
    problems = read_qti(_zip(files))[0]
    assert any(expected in pr for pr in problems), problems
