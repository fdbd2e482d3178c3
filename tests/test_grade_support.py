"""Shared helpers for the grading tests: a small made-up course data folder and submissions.

The data here is fixture data, not course content: ids and titles say so.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
EXERCISE = ROOT / "exercises" / "01-minusma" / "source.ipynb"
FILES = Path(__file__).parent / "files" / "submissions"

FIXTURE_EVENTS = [
    {"id": "res-2100", "date": "2013-04-25", "title": "Fixture: mission established",
     "summary": "Fixture text: the UN Security Council adopts a resolution setting up the mission.",
     "concerns": ["minusma", "security"], "actors": ["unsc", "minusma"], "sources": ["fixture"]},
    {"id": "fx-deploy", "date": "2013-07", "title": "Fixture: deployment",
     "summary": "Fixture text.", "concerns": ["minusma"], "actors": ["minusma"], "sources": ["fixture"]},
    {"id": "fx-attack-1", "date": "2014", "title": "Fixture: attack",
     "summary": "Fixture text.", "concerns": ["security", "jihadism"], "actors": ["jnim"], "sources": ["fixture"]},
    {"id": "res-2480", "date": "2019-06-28", "title": "Fixture: second priority",
     "summary": "Fixture text: the Council adds a second strategic priority, in central Mali.",
     "concerns": ["minusma"], "actors": ["unsc", "minusma"], "sources": ["fixture"]},
    {"id": "fx-coup-a", "date": "2020-08-18", "title": "Fixture: coup",
     "summary": "Fixture text.", "concerns": ["politics"], "actors": ["fama"], "sources": ["fixture"]},
    # the seven events of exercise 1's exit-order and withdrawal-pace questions: their dates are
    # not the course's (173 days instead of 184; a tie on 2023-09-30; a month-only date last), so
    # a test that passes here computes its answer from the data rather than holding it
    {"id": "diop-withdrawal-request", "date": "2023-06-16", "title": "Fixture: request to leave",
     "summary": "Fixture text.", "concerns": ["minusma", "politics"], "actors": ["mali-gov"],
     "sources": ["fixture"]},
    {"id": "res-2690", "date": "2023-06-30", "title": "Fixture: mandate ends",
     "summary": "Fixture text.", "concerns": ["minusma"], "actors": ["unsc"], "sources": ["fixture"]},
    {"id": "minusma-drawdown-begins", "date": "2023-07-01", "title": "Fixture: drawdown begins",
     "summary": "Fixture text.", "concerns": ["minusma"], "actors": ["minusma"], "sources": ["fixture"]},
    {"id": "minusma-protection-mandate-ends", "date": "2023-09-30", "title": "Fixture: protection ends",
     "summary": "Fixture text.", "concerns": ["minusma"], "actors": ["minusma"], "sources": ["fixture"]},
    {"id": "minusma-leaves-kidal", "date": "2023-09-30", "title": "Fixture: leaves a camp",
     "summary": "Fixture text.", "concerns": ["minusma"], "actors": ["minusma"], "sources": ["fixture"]},
    {"id": "withdrawal-end", "date": "2023-12-20", "title": "Fixture: withdrawal ends",
     "summary": "Fixture text.", "concerns": ["minusma", "warnings"], "actors": [], "sources": ["fixture"]},
    {"id": "liquidation-begins", "date": "2024-01", "title": "Fixture: liquidation",
     "summary": "Fixture text.", "concerns": ["minusma"], "actors": ["minusma"], "sources": ["fixture"]},
]


def _figure(id_, value, unit, as_of, measure, note=None):
    f = {"id": id_, "label": f"Fixture: {id_}", "value": value, "unit": unit, "measure": measure,
         "as_of": as_of, "sources": ["fixture"]}
    return {**f, "note": note} if note else f


# The figures exercise 1's hidden tests read. Values are not the course's: here statement A is
# false (90 of 200 is under half), B and C true, so `supported` differs from the course's {"A", "D"}.
FIXTURE_FIGURES = [
    _figure("minusma-fatalities-all-causes", 200, "fatalities", "2023-12-31",
            "Fixture: personnel who died in service to the end of the mission, of all causes "
            "(hostile acts, illness, accidents and others), counted by the UN."),
    _figure("minusma-fatalities-2023-06", 195, "fatalities", "2023-06-16",
            "Fixture: personnel who died in service since 2013, counted by the UN in June 2023."),
    _figure("minusma-fatalities-2023-05", 150, "fatalities", "2023-05-31",
            "Fixture: personnel killed since 2013, UN fatality data as of 31 May 2023."),
    _figure("minusma-fatalities-malicious-un", 90, "fatalities", "2023-12-31",
            "Fixture: personnel killed in hostile acts to the end of the mission, counted by the UN."),
    _figure("minusma-fatalities-hostile-afp", 90, "fatalities", "2023-12-11",
            "Fixture: members killed in hostile acts, as written by a news agency."),
    _figure("unifil-fatalities-2023-05", 120, "fatalities", "2023-05-31",
            "Fixture: personnel of another mission who died since it was created, as of 31 May 2023."),
    # police: the 2013 ceiling (1000) is below the 2020 count (1200); the 2016 one (1500) is in force
    _figure("minusma-ceiling-police-2013", 1000, "police personnel", "2013-04-25",
            "Fixture: police ceiling; a ceiling, not a count."),
    _figure("minusma-ceiling-police-2016", 1500, "police personnel", "2016-06-29",
            "Fixture: police ceiling from 2016; a ceiling, not a count."),
    _figure("minusma-police-deployed-2020", 1200, "police personnel", "2020-03-30",
            "Fixture: police deployed on one date.", note="Fixture: not verified."),
    _figure("minusma-personnel-2023-withdrawal-start", 8650, "personnel", "2023-07-01",
            "Fixture: personnel in Mali at the start of the withdrawal."),
]

# the values the reference solution must produce on FIXTURE_EVENTS and FIXTURE_FIGURES
EXPECTED = {
    "hostile_share": 45.0,                         # 100 * 90 / 200
    "supported": {"B", "C", "D"},                  # A: 90 <= 200 / 2; B: 150 > 120; C: 90 == 90; D: measure
    "police_gap": 300.0,                           # 1500 (2016 ceiling, in force in 2020) - 1200
    "police_share": 80.0,                          # 100 * 1200 / 1500
    "exit_order": ["diop-withdrawal-request", "res-2690", "minusma-drawdown-begins", "minusma-leaves-kidal",
                   "minusma-protection-mandate-ends", "withdrawal-end", "liquidation-begins"],
    "withdrawal_days": 173,                        # 2023-06-30 to 2023-12-20
    "per_day": 50.0,                               # 8650 / 173
    "claim": "B",
}


def make_data(folder: Path) -> Path:
    """Write the fixture course data into folder/data and return that path."""
    data = Path(folder) / "data"
    (data / "events").mkdir(parents=True, exist_ok=True)
    (data / "events" / "fixture.yaml").write_text(yaml.safe_dump(FIXTURE_EVENTS, sort_keys=False))
    (data / "figures").mkdir(exist_ok=True)
    (data / "figures" / "fixture.yaml").write_text(yaml.safe_dump(FIXTURE_FIGURES, sort_keys=False))
    for kind in ("quotes", "glossary"):
        (data / kind).mkdir(exist_ok=True)
    return data


def source_nb():
    return nbformat.read(str(EXERCISE), as_version=4)


def student_nb():
    return nbformat.read(str(EXERCISE.parent / "student.ipynb"), as_version=4)


def reference_nb():
    """The source notebook as a student would hand it in: solutions in, tests cells out."""
    nb = source_nb()
    nb.cells = [c for c in nb.cells if not c.source.startswith("#| tests:")]
    return nb


def with_answers(nb, answers: dict):
    """The student notebook with `name = value` lines appended to each answer cell."""
    nb = json.loads(nbformat.writes(nb))
    for cell in nb["cells"]:
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for name, code in answers.items():
            if src.lstrip().startswith(f"{name} = ...") or f"\n{name} = ..." in src:
                src = src.replace(f"{name} = ...", f"{name} = {code}", 1)
        cell["source"] = src
    return nbformat.reads(json.dumps(nb), as_version=4)


def write_nb(nb, path: Path) -> Path:
    path.write_text(nbformat.writes(nb))
    return path


def add_cell(nb, source: str, index: int | None = None):
    """A copy of `nb` with a code cell holding `source` inserted (default: after the setup cell)."""
    nb = nbformat.reads(nbformat.writes(nb), as_version=4)
    cell = nbformat.v4.new_code_cell(source)
    nb.cells.insert(2 if index is None else index, cell)
    return nb


# ---------------------------------------------------------------- running as an unprivileged user

NOBODY = 65534


def _closed_dirs(paths) -> list[tuple[Path, str]]:
    """(folder, child) pairs: folders on the way to `paths` that other users cannot enter."""
    out: list[tuple[Path, str]] = []
    for p in paths:
        p = Path(p).resolve()
        for parent, child in zip(reversed(p.parents), [*reversed(p.parents[:-1]), p]):
            if not parent.stat().st_mode & 0o001 and (parent, child.name) not in out:
                out.append((parent, child.name))
    return sorted(out, key=lambda pc: len(pc[0].parts))


def as_nobody(cmd: list[str], home: Path) -> list[str]:
    """`cmd` run as uid/gid 65534 with no groups and no capabilities, like a course's instructor.

    CI runs as root and its Python may live in a folder only root can enter (e.g. /root/.pyenv).
    Then, in a mount namespace of their own only, such folders are covered by an empty tmpfs
    that anyone may enter, holding just the way to the interpreter and this repository: the
    files themselves, the machine and other processes are untouched. Needs util-linux
    (`unshare`, `setpriv`) and root; otherwise the caller skips.
    """
    import shlex
    import shutil as sh
    import sys

    if os.geteuid() != 0:
        return list(cmd)
    if not (sh.which("unshare") and sh.which("setpriv")):
        pytest.skip("needs util-linux's unshare and setpriv to drop privileges")
    home.mkdir(parents=True, exist_ok=True)
    os.chown(home, NOBODY, NOBODY)
    needed = [sys.base_prefix, sys.prefix, os.path.realpath(sys.executable), ROOT, home]
    lines = ["set -e", 'stash="$(mktemp -d)"']
    for n, (parent, child) in enumerate(_closed_dirs(needed)):
        q = shlex.quote(str(parent / child))
        lines += [f'mkdir "$stash/{n}"', f'mount --bind {q} "$stash/{n}"']
    # cover each closed folder once, then put back the children that lead somewhere
    covered: list[Path] = []
    for n, (parent, child) in enumerate(_closed_dirs(needed)):
        q = shlex.quote(str(parent / child))
        if parent not in covered:
            lines.append(f"mount -t tmpfs -o mode=755 coursekit-test {shlex.quote(str(parent))}")
            covered.append(parent)
        lines += [f"mkdir -p {q}", f'mount --bind "$stash/{n}" {q}']
    lines.append(f"exec setpriv --reuid={NOBODY} --regid={NOBODY} --clear-groups "
                 f"--inh-caps=-all -- \"$@\"")
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", "\n".join(lines),
            "as-nobody", *map(str, cmd)]


def nobody_env(home: Path) -> dict:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "LANG": "C.UTF-8",
            "PYTHONDONTWRITEBYTECODE": "1"}


def test_fixture_data_matches_expected(tmp_path):
    """Do the fixture's expected answers follow from the fixture events and figures (checked with pandas)?"""
    from datetime import date

    from coursekit.exercises import read_course_tables

    course = read_course_tables(make_data(tmp_path))
    ev, fig = course.events, course.figures
    value = lambda i: float(fig.loc[i, "value"])
    # hostile-share: the UN's two counts to the end of the mission
    assert round(100 * value("minusma-fatalities-malicious-un") / value("minusma-fatalities-all-causes"), 1) \
        == EXPECTED["hostile_share"]
    # counts-support: each statement worked out from the figures
    measure = fig.loc["minusma-fatalities-all-causes", "measure"]
    truth = {
        "A": value("minusma-fatalities-malicious-un") > value("minusma-fatalities-all-causes") / 2,
        "B": value("minusma-fatalities-2023-05") > value("unifil-fatalities-2023-05"),
        "C": value("minusma-fatalities-hostile-afp") == value("minusma-fatalities-malicious-un"),
        "D": "illness" in measure and "accident" in measure,
    }
    assert {k for k, ok in truth.items() if ok} == EXPECTED["supported"]
    # ceiling-gap: the latest police ceiling whose as_of is on or before the count's as_of
    counted_on = fig.loc["minusma-police-deployed-2020", "as_of"]
    ceilings = fig[fig.index.str.startswith("minusma-ceiling-police") & (fig["as_of"] <= counted_on)]
    in_force = float(ceilings.sort_values("as_of")["value"].iloc[-1])
    assert in_force == value("minusma-ceiling-police-2016") != value("minusma-ceiling-police-2013")
    assert in_force - value("minusma-police-deployed-2020") == EXPECTED["police_gap"]
    assert round(100 * value("minusma-police-deployed-2020") / in_force, 1) == EXPECTED["police_share"]
    # exit-order: date order, ties by id
    assert list(ev.loc[EXPECTED["exit_order"]].sort_values(["date", "id"])["id"]) == EXPECTED["exit_order"]
    assert len(set(ev.loc[EXPECTED["exit_order"], "date"])) < len(EXPECTED["exit_order"]), "no tie to break"
    # withdrawal-pace
    days = (date.fromisoformat(ev.loc["withdrawal-end", "date"]) - date.fromisoformat(ev.loc["res-2690", "date"])).days
    assert days == EXPECTED["withdrawal_days"]
    assert round(value("minusma-personnel-2023-withdrawal-start") / days, 1) == EXPECTED["per_day"]
    # passage-claim: the fixture's res-2480 summary is about a second priority (B)
    assert "second strategic priority" in ev.loc["res-2480", "summary"] and EXPECTED["claim"] == "B"
    # the fixture's answers are not the course's (the hidden tests must read the data)
    real = read_course_tables(ROOT / "data")
    assert days != (date.fromisoformat(real.events.loc["withdrawal-end", "date"])
                    - date.fromisoformat(real.events.loc["res-2690", "date"])).days
    assert value("minusma-fatalities-all-causes") != float(real.figures.loc["minusma-fatalities-all-causes", "value"])


# ---------------------------------------------------------------- fixture submissions
# File name = expected outcome: "<status>-<total>--<what it is>.<ext>". Regenerate with
# `python tests/test_grade_support.py` after changing the exercise.

def _figure_value(fid: str) -> str:
    return f'figures.loc["{fid}", "value"]'


# right answers as a student would type them, computed from the course data where a student
# would compute them (on the course's data; the fixture data above is for test_grade_score)
RIGHT = {
    "hostile_share": f'round(float(100 * {_figure_value("minusma-fatalities-malicious-un")} / '
                     f'{_figure_value("minusma-fatalities-all-causes")}), 1)',
    "supported": '{"A", "D"}',
    "police_gap": f'float({_figure_value("minusma-ceiling-police-2016")} - '
                  f'{_figure_value("minusma-police-deployed-2020")})',
    "police_share": f'round(float(100 * {_figure_value("minusma-police-deployed-2020")} / '
                    f'{_figure_value("minusma-ceiling-police-2016")}), 1)',
    "exit_order": 'list(events.loc[to_order].sort_values(["date", "id"]).index)',
    "withdrawal_days": '(date.fromisoformat(events.loc["withdrawal-end", "date"]) '
                       '- date.fromisoformat(events.loc["res-2690", "date"])).days',
    "per_day": f'round(float({_figure_value("minusma-personnel-2023-withdrawal-start")} / withdrawal_days), 1)',
    "claim": '"B"',
}
# right except exit_order (latest first) and claim: each passes its public test and fails its
# hidden one, so each question (1 point, two equally weighted tests) earns half its points
PARTLY = {**RIGHT, "exit_order": RIGHT["exit_order"] + "[::-1]", "claim": '"A"'}


def fixture_notebooks() -> dict:
    """File name -> notebook text or bytes, one per kind of submission the grader must handle."""
    student = student_nb()
    right = with_answers(student, RIGHT)
    partly = with_answers(student, PARTLY)
    out = {
        "ok-10--reference-solution.ipynb": nbformat.writes(reference_nb()),
        "ok-10--all-right.ipynb": nbformat.writes(right),
        "unchanged-0--untouched.ipynb": nbformat.writes(student),
        "ok-9--partly-right.ipynb": nbformat.writes(partly),
    }
    # open answers filled in
    nb = nbformat.reads(out["ok-9--partly-right.ipynb"], as_version=4)
    for c in nb.cells:
        if c.get("metadata", {}).get("coursekit", {}).get("open") == "why-leave":
            c.source = "The transitional authorities wanted other partners (see diop-withdrawal-request)."
    out["ok-9--partly-right-with-open-answer.ipynb"] = nbformat.writes(nb)
    # reordered: answer cells moved to the end still run in the student's order
    nb = nbformat.reads(nbformat.writes(right), as_version=4)
    q6 = [c for c in nb.cells if c.source.startswith("claim =")]
    nb.cells = [c for c in nb.cells if c not in q6] + q6
    out["ok-10--reordered-cells.ipynb"] = nbformat.writes(nb)
    nb = nbformat.reads(nbformat.writes(right), as_version=4)
    # the passage-claim (1 point) and ceiling-gap (2 points) answer cells
    nb.cells = [c for c in nb.cells if not (c.source.startswith("claim =") or "\npolice_gap =" in c.source)]
    out["ok-7--deleted-two-answer-cells.ipynb"] = nbformat.writes(nb)
    # counts-support (2 points) answered under another name
    out["ok-8--renamed-variable.ipynb"] = nbformat.writes(
        with_answers(student, {**RIGHT, "supported": "None\nsupported_letters = " + RIGHT["supported"]}))
    out["errors-9--raises-exception.ipynb"] = nbformat.writes(
        with_answers(student, {**RIGHT, "claim": 'undefined_name + "B"'}))
    out["timeout-10--infinite-loop-after-answer.ipynb"] = nbformat.writes(
        with_answers(student, {**RIGHT, "claim": '"B"\nwhile True:\n    pass'}))
    out["timeout-0--infinite-loop-ignoring-interrupts.ipynb"] = nbformat.writes(add_cell(
        right, "while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass"))
    out["memory-10--memory-bomb.ipynb"] = nbformat.writes(add_cell(right, "x = bytearray(10 * 2**30)", index=len(right.cells)))
    out["errors-10--sys-exit.ipynb"] = nbformat.writes(add_cell(right, "import sys\nsys.exit(0)", index=len(right.cells) - 3))
    out["exited-10--os-exit-after-printing-score.ipynb"] = nbformat.writes(add_cell(
        right, 'print("score: 100/100")\nimport os\nos._exit(0)', index=len(right.cells)))
    out["ok-10--huge-output.ipynb"] = nbformat.writes(add_cell(right, 'for i in range(200000):\n    print("x" * 100)'))
    out["ok-0--forges-check-and-values.ipynb"] = nbformat.writes(add_cell(student, (
        "import coursekit.exercises as ce\n"
        "ce.run_test = lambda *a, **k: (True, 'passed')\n"
        "check = lambda *a, **k: 'all tests passed'\n"
        "class Anything:\n    def __eq__(self, other): return True\n"
        "hostile_share = supported = police_gap = police_share = Anything()\n"
        "exit_order = withdrawal_days = per_day = claim = Anything()\n"
        'print("hostile-share: 2/2 ... total 10/10")'), index=len(student.cells)))
    out["exited-0--forges-by-patching-builtins.ipynb"] = nbformat.writes(add_cell(student, (
        "import builtins\n"
        "builtins.isinstance = lambda *a: True\n"
        "builtins.AssertionError = type('Never', (Exception,), {})\n"
        'print("total 10/10")'), index=len(student.cells)))
    nb = nbformat.v3.new_notebook(worksheets=[nbformat.v3.new_worksheet(cells=[
        nbformat.v3.new_code_cell(input=f'{c.source}', language="python")
        for c in reference_nb().cells if c.cell_type == "code"])])
    out["ok-10--old-nbformat-3.ipynb"] = nbformat.writes(nb, version=3)
    out["invalid-0--truncated-json.ipynb"] = nbformat.writes(right)[:500]
    out["invalid-0--binary-garbage.ipynb"] = bytes(range(256)) * 4
    out["not-a-notebook-0--notes.txt"] = "I could not finish the exercise, sorry.\n"
    return out


def build_fixtures(folder: Path = FILES) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in fixture_notebooks().items():
        p = folder / name
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content if content.endswith("\n") else content + ("" if name.startswith("invalid") else "\n"))


def expected_outcome(name: str) -> tuple[str, float]:
    """('ok', 10.0) from 'ok-10--reference-solution.ipynb'."""
    head = name.split("--")[0]
    status, total = head.rsplit("-", 1)
    return status, float(total)


if __name__ == "__main__":
    build_fixtures()
    print(f"wrote {len(fixture_notebooks())} files to {FILES}")
