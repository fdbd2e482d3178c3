"""Collect step: find the submitted files and read each into code cells and hand-marked answers.

Nothing here runs student code. Every file in the folder becomes a Submission, including
files that are not notebooks: those carry a status and a reason instead of cells.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from coursekit.exercises import MD_PLACEHOLDER, Exercise

MAX_BYTES = 20 * 1024 * 1024


@dataclass
class Submission:
    student: str
    path: Path
    digest: str
    status: str | None = None  # set when the file cannot be run at all
    reason: str | None = None
    cells: list[str] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # who submitted, as the LMS's download names them (empty when the layout does not say)
    name: str = ""  # the student's full name
    lms: str = ""  # "moodle", "canvas", "blackboard" or ""
    lms_id: str = ""  # the LMS's own id: Moodle's participant id, Canvas's user id, Blackboard's user name


def find_submissions(folder: str | Path) -> list[Path]:
    """Every entry in `folder` but hidden ones, sorted by name (sub-folders too: they get a row)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder: give the folder of submitted notebooks")
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


def student_id(path: Path, meta: dict | None = None) -> str:
    """The id from notebook metadata `coursekit.student`, else from the file name."""
    sid = ((meta or {}).get("coursekit") or {}).get("student") if isinstance(meta, dict) else None
    raw = str(sid) if isinstance(sid, (str, int)) and str(sid).strip() else path.name.split(".")[0]
    return re.sub(r"[^\w.@-]+", "_", raw).strip("_")[:80] or "unnamed"


def _source(cell) -> str:
    src = cell.get("source", "") if isinstance(cell, dict) else ""
    if isinstance(src, list):
        src = "".join(s for s in src if isinstance(s, str))
    return src if isinstance(src, str) else ""


def read_submission(path: str | Path, exercise: Exercise) -> Submission:
    """Read one submitted file; never raises for a bad file, sets status and reason instead."""
    path = Path(path)
    if not path.is_file():
        sub = Submission(student_id(path), path, "")
        sub.status = "not-a-notebook"
        sub.reason = f"`{path.name}` is a folder, not a notebook file; ask for the .ipynb file itself"
        return sub
    with open(path, "rb") as f:
        data = f.read(MAX_BYTES + 1)
    sub = Submission(student_id(path), path, hashlib.sha256(data).hexdigest())
    if len(data) > MAX_BYTES:
        sub.status, sub.reason = "too-large", f"the file is over {MAX_BYTES // 2**20} MB, so it was not run"
        return sub
    if path.suffix != ".ipynb":
        sub.status = "not-a-notebook"
        sub.reason = f"`{path.name}` is not a notebook (.ipynb); ask the student to submit the notebook file"
        return sub
    try:
        text = data.decode("utf-8")
        raw = json.loads(text)
    except UnicodeDecodeError:
        sub.status, sub.reason = "invalid", "the file is not text (UTF-8), so it is not a notebook; ask for a new copy"
        return sub
    except json.JSONDecodeError as err:
        sub.status = "invalid"
        sub.reason = (f"the notebook file is damaged (invalid JSON at line {err.lineno}, column "
                      f"{err.colno}); ask for a new copy, e.g. File > Download in Jupyter")
        return sub
    if not isinstance(raw, dict):
        sub.status, sub.reason = "invalid", "the file is JSON but not a notebook; ask for the .ipynb file"
        return sub
    sub.student = student_id(path, raw.get("metadata"))
    major = raw.get("nbformat")
    cells = raw.get("cells")
    if major != 4 or not isinstance(cells, list):
        try:
            import nbformat

            nb = nbformat.reads(text, as_version=4)
            cells = [dict(c) for c in nb.cells]
            sub.notes.append(f"converted from notebook format {major} to 4")
        except Exception:  # noqa: BLE001
            sub.status = "invalid"
            sub.reason = (f"notebook format {major!r} cannot be read; ask the student to open and "
                          "save it in a current Jupyter")
            return sub
    open_ids = {c.get("id"): qid for qid, c in _open_cells(exercise).items()}
    for cell in cells:
        if not isinstance(cell, dict):
            continue
        kind = cell.get("cell_type")
        if kind == "code":
            sub.cells.append(_source(cell))
        elif kind == "markdown":
            meta = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
            qid = (meta.get("coursekit") or {}).get("open") if isinstance(meta.get("coursekit"), dict) else None
            qid = qid or open_ids.get(cell.get("id"))
            if qid in exercise.questions and qid not in sub.answers:
                answer = _source(cell).replace(MD_PLACEHOLDER, "").strip()
                sub.answers[str(qid)] = answer
    return sub


def _open_cells(exercise: Exercise) -> dict:
    out = {}
    for cell in exercise.notebook.cells:
        qid = cell.get("metadata", {}).get("coursekit", {}).get("open")
        if qid:
            out[qid] = cell
    return out


def collect(folder: str | Path, exercise: Exercise) -> list[Submission]:
    """Read every file in `folder`; student ids made unique by adding the file name."""
    subs = [read_submission(p, exercise) for p in find_submissions(folder)]
    counts: dict[str, int] = {}
    for s in subs:
        counts[s.student] = counts.get(s.student, 0) + 1
    for s in subs:
        if counts[s.student] > 1:
            s.notes.append(f"student id `{s.student}` is used by several files")
            s.student = f"{s.student}--{s.path.name}"
    return subs
