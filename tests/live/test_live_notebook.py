"""Does a chapter work as a live notebook in JupyterLab and in Notebook 7?

A real ``jupyter lab`` (see ``conftest.py``) serves copies of ``notebooks/chapters/01-minusma.ipynb``
and of the chapter's review page ``01-minusma/review.ipynb`` (the reader notebooks that launch
buttons open, their MyST resolved into plain Markdown); headless Chromium opens them in
JupyterLab and in Notebook 7, and in each clears the stored outputs, runs every cell in a fresh
kernel and then uses what the kernel drew: on the chapter's first page a quiz answered by
clicking its ipywidgets (wrong, Try again, right), on its review page the timeline, made
interactive by its own inline script (a marker selected, then Next). Every request to a host other than
127.0.0.1 is aborted and recorded: JupyterLab and the chapter must work offline.

Screenshots (quiz after a wrong and a right answer, timeline with an event selected) are left in the
test's ``tmp_path`` (``pytest --basetemp=DIR`` to choose where).

The expected feedback is computed here by ``coursekit.questions`` for the question's id, never
copied from the page or typed in.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from coursekit.questions import get_question
from coursekit.timeline import Timeline

from .conftest import UI_TIMEOUT

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("live")]  # one worker runs the servers

NOTEBOOK = "01-minusma.ipynb"
REVIEW = "01-minusma/review.ipynb"  # the chapter's last page, with its timeline
QUESTION = "serval-trigger"  # a single-choice quiz of that chapter
TIMELINE_CALL = 'timeline(concern="minusma")'
RUN_TIMEOUT = 60_000  # ms for the whole notebook to run

#: front end -> (the notebook's path on the server, how to open it)
FRONT_ENDS = {
    "jupyterlab": (NOTEBOOK, "lab_url"),
    "notebook7": (f"notebook7/{NOTEBOOK}", "notebook_url"),
}

# All in the page, through window.jupyterapp (the server runs with expose_app_in_browser).
JS_PANEL = """(path) => {
    const w = window.jupyterapp?.shell?.currentWidget;
    return !!(w && w.context && w.context.path === path && w.sessionContext?.session?.kernel);
}"""
JS_READY = """async () => {
    const w = window.jupyterapp.shell.currentWidget;
    await w.context.ready;
    await w.sessionContext.ready;
    return w.sessionContext.session.kernel.status;
}"""
JS_CODE_CELLS = """const w = window.jupyterapp.shell.currentWidget;
    const cells = w.content.widgets.filter(
        c => c.model.type === 'code' && c.model.sharedModel.getSource().trim() !== '');"""
JS_STATE = """() => { %s
    return {
        kernel: w.sessionContext.session?.kernel?.status,
        cells: cells.length,
        done: cells.filter(c => c.model.executionCount !== null).length,
        outputs: cells.reduce((n, c) => n + c.model.outputs.length, 0),
    };
}""" % JS_CODE_CELLS
JS_FINISHED = """() => { %s
    return w.sessionContext.session?.kernel?.status === 'idle'
        && cells.every(c => c.model.executionCount !== null);
}""" % JS_CODE_CELLS
JS_OUTPUTS = """() => { %s
    return cells.map(c => ({
        source: c.model.sharedModel.getSource(),
        outputs: c.model.outputs.toJSON().map(o => ({
            type: o.output_type, name: o.name || null,
            ename: o.ename || null, evalue: o.evalue || null,
            text: typeof o.text === 'string' ? o.text : (o.text || []).join(''),
            mimes: Object.keys(o.data || {}),
        })),
    }));
}""" % JS_CODE_CELLS

JS_WIDGET_ERRORS = """() => [...document.querySelectorAll('.jp-OutputArea-output')]
    .map(e => e.textContent).filter(t => t.includes('Error displaying widget'))"""


def _cell(notebook, source: str):
    """The one code cell whose source is ``source`` (CodeMirror holds the text in .cm-line)."""
    cell = notebook.locator(".jp-CodeCell").filter(
        has=notebook.page.locator(".cm-content .cm-line", has_text=source))
    expect(cell).to_have_count(1, timeout=UI_TIMEOUT)
    return cell


# CSS and text rather than get_by_role: Playwright's first role query over JupyterLab's large
# DOM takes seconds.
def _button(widget, label: str):
    return widget.locator("button.widget-button").filter(has_text=re.compile(f"^{re.escape(label)}$"))


def _radio(widget, label: str):
    """The radio button of ``label`` (ipywidgets: <label>text<input type=radio></label>)."""
    return (widget.locator(".widget-radio-box label").filter(has_text=re.compile(f"^{re.escape(label)}$"))
            .locator("input[type=radio]"))


def _norm(text: str) -> str:
    return " ".join(text.split())


def _expected(result) -> str:
    """What the widget's feedback box should say for a Result, as normalized text."""
    return _norm(" ".join(([result.headline] if result.answered else []) + list(result.feedback)))


def _open_and_run(page, lab_server, url_of, path, timings, t0):
    """Open ``path``, wait for its kernel, clear its stored outputs and run every cell as a
    reader would (Run > Run All Cells); check that no cell failed and that every quiz and
    timeline cell drew something. Returns each code cell's source and outputs."""
    page.goto(url_of(path), wait_until="domcontentloaded")
    page.wait_for_function(JS_PANEL, arg=path, timeout=45_000)
    page.evaluate(JS_READY)
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").first.wait_for()
    timings[f"open {path}"] = time.monotonic() - t0 - sum(timings.values())

    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    state = page.evaluate(JS_STATE)
    assert state["outputs"] == 0 and state["done"] == 0, f"the stored outputs were not cleared: {state}"
    assert state["cells"] >= 3, f"the notebook looks empty: {state}"
    page.locator(".lm-MenuBar-itemLabel").filter(has_text=re.compile("^Run$")).click()
    page.locator(".lm-Menu-itemLabel").filter(has_text=re.compile("^Run All Cells$")).click()
    try:
        page.wait_for_function(JS_FINISHED, timeout=RUN_TIMEOUT, polling=250)
    except Exception:  # say how far it got
        pytest.fail(f"{path} did not finish running: {page.evaluate(JS_STATE)}\n"
                    f"server log:\n{lab_server.log_tail()}")
    timings[f"run {path}"] = time.monotonic() - t0 - sum(timings.values())

    cells = page.evaluate(JS_OUTPUTS)
    errors = [f"{c['source'][:60]!r}: {o['ename']}: {o['evalue']}"
              for c in cells for o in c["outputs"] if o["type"] == "error"]
    assert errors == [], f"{path}: cells raised errors:\n" + "\n".join(errors)
    setup = [c for c in cells if c["source"].startswith("#@title Setup: installs the course toolkit")]
    assert len(setup) == 1 and setup[0]["outputs"] == [], "the setup cell should run silently here"
    assert all(c["outputs"] for c in cells if c["source"].startswith(("quiz(", "timeline("))), \
        f"{path}: a quiz or timeline cell has no output"
    return cells


@pytest.mark.parametrize("front_end", list(FRONT_ENDS))
def test_chapter_runs_live(front_end, lab_page, lab_server, tmp_path):
    page = lab_page.page
    t0 = time.monotonic()
    timings = {}
    path, opener = FRONT_ENDS[front_end]

    # -- the front end's own errors, with a blank notebook: the chapter must add none -----
    blank = path.replace(NOTEBOOK, "blank.ipynb")
    page.goto(getattr(lab_server, opener)(blank), wait_until="domcontentloaded")
    page.wait_for_function(JS_PANEL, arg=blank, timeout=45_000)
    page.evaluate(JS_READY)
    page.wait_for_timeout(3000)  # the front end's own start-up settles
    baseline = {e.splitlines()[0] for e in lab_page.page_errors}
    lab_page.page_errors.clear()
    t0 = time.monotonic()

    # -- the chapter's first page: open, run every cell --------------------------------
    cells = _open_and_run(page, lab_server, getattr(lab_server, opener), path, timings, t0)
    quiz_cells = [c for c in cells if c["source"].startswith("quiz(")]
    assert quiz_cells and all("application/vnd.jupyter.widget-view+json" in o["mimes"]
                              for c in quiz_cells for o in c["outputs"]), \
        "a quiz cell has no widget output (is ipywidgets installed in the kernel?)"

    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").first.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / f"{front_end}-top.png"))

    # the prose reads as prose: dates, figures and citations resolved, no MyST markup left
    prose = " ".join(page.locator(".jp-MarkdownCell .jp-RenderedMarkdown").all_text_contents())
    assert len(prose) > 5000, "the Markdown cells did not render"
    raw = re.findall(r"\{(?:date|value|quote|footcite|term|key-terms|objectives)\}", prose)
    assert raw == [], f"MyST markup shows in the notebook: {raw[:5]}"

    # every quiz is drawn as a widget (not as the HTML fallback, not as a widget error)
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")
    assert page.evaluate(JS_WIDGET_ERRORS) == [], "a widget could not be displayed"
    expect(notebook.locator(".ck-w"), "every quiz drawn as a widget (is the labextension "
           "@jupyter-widgets/jupyterlab-manager enabled?)").to_have_count(len(quiz_cells), timeout=UI_TIMEOUT)

    # -- a quiz, answered wrongly, then rightly ------------------------------------------
    q = get_question(QUESTION)
    right = next(i for i, o in enumerate(q.options) if o.correct)
    wrong = next(i for i, o in enumerate(q.options) if not o.correct)
    quiz = _cell(notebook, f'quiz("{QUESTION}")').locator(".ck-w")
    expect(quiz).to_have_count(1, timeout=UI_TIMEOUT)
    quiz.scroll_into_view_if_needed()
    expect(quiz.locator("strong").first).to_have_text(q.prompt, timeout=UI_TIMEOUT)
    feedback = quiz.locator(".ck-feedback")
    check = _button(quiz, "Check")
    again = _button(quiz, "Try again")
    expect(again).to_be_hidden(timeout=UI_TIMEOUT)

    def answer(option: int, verdict: str, shot: str, tries: int | None = None):
        _radio(quiz, q.options[option].text).check()
        check.click()
        expect(feedback).to_have_class(re.compile(rf"\b{verdict}\b"), timeout=UI_TIMEOUT)
        expect(feedback).to_contain_text(q.check(option).headline, timeout=UI_TIMEOUT)
        assert _norm(feedback.inner_text()) == _expected(q.check(option, tries=tries))
        feedback.scroll_into_view_if_needed()
        page.screenshot(path=str(tmp_path / f"{front_end}-quiz-{shot}.png"))

    # a first wrong try: the hint, not the answer; "Show the answer" gives the full feedback
    assert q.hint
    answer(wrong, "ck-incorrect", "wrong", tries=0)
    _button(quiz, "Show the answer").click()
    expect(feedback).to_contain_text(_norm(q.options[wrong].feedback)[:40], timeout=UI_TIMEOUT)
    assert _norm(feedback.inner_text()) == _expected(q.check(wrong))
    again.click()
    expect(feedback).to_have_text("", timeout=UI_TIMEOUT)
    expect(again).to_be_hidden(timeout=UI_TIMEOUT)
    answer(right, "ck-correct", "right")
    assert "ck-incorrect" not in feedback.get_attribute("class")
    timings["quiz"] = time.monotonic() - t0 - sum(timings.values())

    # -- the review page: its timeline, made interactive by its own inline script ---------
    review = path.replace(NOTEBOOK, REVIEW)
    cells = _open_and_run(page, lab_server, getattr(lab_server, opener), review, timings, t0)
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")
    page.screenshot(path=str(tmp_path / f"{front_end}-review-top.png"))
    cell = _cell(notebook, TIMELINE_CALL)
    cell.scroll_into_view_if_needed()
    figure = cell.locator(".jp-OutputArea figure.ck-timeline.ck-tl-live")  # its script ran
    expect(figure).to_have_count(1, timeout=UI_TIMEOUT)
    events = Timeline("minusma").events
    markers = figure.locator(".ck-tl-ev")
    expect(markers).to_have_count(len(events), timeout=UI_TIMEOUT)
    assert [_norm(t) for t in markers.locator(".ck-tl-name").all_text_contents()] == [ev.title for ev in events]
    address = page.url
    markers.nth(3).click()
    expect(figure.locator(".ck-tl-headline")).to_have_text(events[3].title, timeout=UI_TIMEOUT)
    expect(figure.locator(".ck-tl-count")).to_have_text(f"4 of {len(events)}", timeout=UI_TIMEOUT)
    figure.get_by_role("button", name="Next event").click()
    expect(figure.locator(".ck-tl-headline")).to_have_text(events[4].title, timeout=UI_TIMEOUT)
    assert figure.locator(".ck-timeline-source a[href]").count() >= 1
    assert page.url == address  # selecting leaves the notebook's address alone (the book's changes)
    page.screenshot(path=str(tmp_path / f"{front_end}-timeline.png"))
    timings["timeline"] = time.monotonic() - t0 - sum(timings.values())

    # -- offline, and no script errors --------------------------------------------------
    assert lab_page.external == [], f"requests outside 127.0.0.1: {lab_page.external}"
    added = [e for e in lab_page.page_errors if e.splitlines()[0] not in baseline]
    assert added == [], f"errors in the page (beyond the front end's own {sorted(baseline)}): {added}"
    print("timings (s):", {k: round(v, 1) for k, v in timings.items()},
          "total", round(time.monotonic() - t0, 1))
