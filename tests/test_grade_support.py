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
    {"id": "fx-accord", "date": "2015-06-20", "title": "Fixture: accord",
     "summary": "Fixture text.", "concerns": ["politics", "minusma"], "actors": ["mali-gov", "cma"],
     "sources": ["fixture"]},
    {"id": "fx-coup-a", "date": "2020-08-18", "title": "Fixture: coup",
     "summary": "Fixture text.", "concerns": ["politics"], "actors": ["fama"], "sources": ["fixture"]},
    {"id": "fx-coup-b", "date": "2021-05-24", "title": "Fixture: second coup",
     "summary": "Fixture text.", "concerns": ["politics", "minusma"], "actors": ["fama"], "sources": ["fixture"]},
    {"id": "fx-wagner", "date": "2021-12", "title": "Fixture: contractors",
     "summary": "Fixture text.", "concerns": ["russia", "security"], "actors": ["wagner"], "sources": ["fixture"]},
    {"id": "fx-request", "date": "2023-06-16", "title": "Fixture: request to leave",
     "summary": "Fixture text.", "concerns": ["minusma", "politics"], "actors": ["mali-gov"],
     "sources": ["fixture"]},
    {"id": "fx-end-mandate", "date": "2023-06-30", "title": "Fixture: mandate ends",
     "summary": "Fixture text.", "concerns": ["minusma"], "actors": ["unsc"], "sources": ["fixture"]},
    {"id": "fx-withdrawal", "date": "2023-12-31", "title": "Fixture: withdrawal ends",
     "summary": "Fixture text.", "concerns": ["minusma", "warnings"], "actors": [], "sources": ["fixture"]},
]

# the values the reference solution must produce on FIXTURE_EVENTS
EXPECTED = {
    "minusma_per_year": {2013: 2, 2015: 1, 2021: 1, 2023: 3},
    "busiest_year": 2023,
    "security_share": 30.0,
    "first_minusma": ["res-2100", "fx-deploy", "fx-accord", "fx-coup-b", "fx-request"],
    "matched": {"res-2100": "unsc", "fx-deploy": "minusma", "fx-accord": "mali-gov", "fx-coup-b": "fama"},
    "claim": "B",
}


def make_data(folder: Path) -> Path:
    """Write the fixture course data into folder/data and return that path."""
    data = Path(folder) / "data"
    (data / "events").mkdir(parents=True, exist_ok=True)
    (data / "events" / "fixture.yaml").write_text(yaml.safe_dump(FIXTURE_EVENTS, sort_keys=False))
    for kind in ("figures", "quotes", "glossary"):
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
    """Do the fixture's expected answers follow from the fixture events (checked with pandas)?"""
    from coursekit.exercises import read_course_tables

    ev = read_course_tables(make_data(tmp_path)).events
    mins = ev[ev["concerns"].map(lambda c: "minusma" in c)]
    assert mins.groupby("year").size().to_dict() == EXPECTED["minusma_per_year"]
    assert list(mins["id"].head(5)) == EXPECTED["first_minusma"]


# ---------------------------------------------------------------- fixture submissions
# File name = expected outcome: "<status>-<total>--<what it is>.<ext>". Regenerate with
# `python tests/test_grade_support.py` after changing the exercise.

IS_MINUSMA = 'events["concerns"].map(lambda cs: "minusma" in cs)'
RIGHT = {
    "minusma_per_year": f'events[{IS_MINUSMA}].groupby("year").size().to_dict()',
    "busiest_year": "max(sorted(minusma_per_year), key=lambda y: minusma_per_year[y])",
    "security_share": 'round(100 * events["concerns"].map(lambda cs: "security" in cs).mean(), 1)',
    "first_minusma": f'list(events[{IS_MINUSMA}].sort_values(["date", "id"])["id"].head(5))',
    "matched": '{i: a[0] for i, a in to_match["actors"].items()}',
    "claim": '"B"',
}
# right except busiest_year and claim: each passes its public test and fails its hidden one,
# so each question earns half its points (1 of 2 equally weighted tests)
PARTLY = {**RIGHT, "busiest_year": "min(minusma_per_year)", "claim": '"A"'}


def fixture_notebooks() -> dict:
    """File name -> notebook text or bytes, one per kind of submission the grader must handle."""
    student = student_nb()
    right = with_answers(student, RIGHT)
    partly = with_answers(student, PARTLY)
    out = {
        "ok-10--reference-solution.ipynb": nbformat.writes(reference_nb()),
        "ok-10--all-right.ipynb": nbformat.writes(right),
        "ok-0--untouched.ipynb": nbformat.writes(student),
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
    nb.cells = [c for c in nb.cells if not c.source.startswith(("claim =", "matched ="))]
    out["ok-7--deleted-two-answer-cells.ipynb"] = nbformat.writes(nb)
    out["ok-8--renamed-variable.ipynb"] = nbformat.writes(
        with_answers(student, {**RIGHT, "first_minusma": "None\nfirst_five = " + RIGHT["first_minusma"]}))
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
        "minusma_per_year = matched = Anything()\n"
        "busiest_year = security_share = first_minusma = claim = Anything()\n"
        'print("events-per-year: 2/2 ... total 10/10")'), index=len(student.cells)))
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
