"""The gradebook in the two files an LMS imports: Moodle's grading worksheet and Canvas's gradebook.

``coursekit grade`` and ``coursekit mark --apply`` call :func:`write_lms_gradebooks` with one
:class:`GradeLine` per student; it writes, into the grading folder:

``moodle-grading-worksheet.csv``
    What Moodle's assignment accepts under *View all submissions > Grading action: Upload
    grading worksheet* (the "Offline grading worksheet" feedback type must be on). Moodle's
    importer (``mod/assign/feedback/offline/importgradeslib.php``) finds its columns by their
    header text: ``Identifier`` (``get_string('recordid', 'assign')``), ``Grade`` and
    ``Last modified (grade)`` are required, and every enabled feedback plugin's column, here
    ``Feedback comments``, is read when present. A row is matched by the number after
    ``Participant`` in ``Identifier``: the same per-assignment participant number that Moodle puts
    in the folder names of *Download all submissions* (``Full Name_12345_assignsubmission_file_``),
    which is where ``Submission.lms_id`` comes from. A row from any other source cannot be matched
    and is left out (see :func:`left_out`). Moodle skips a row whose grade is empty, equal to the
    current one, above the maximum, or older than a grade changed in Moodle since "Last modified
    (grade)" (``mod/assign/feedback/offline/locallib.php``, ``process_import_grades``); we write the
    time of writing there, in the format of Moodle's own worksheet.
    The header is the one Moodle's *Download grading worksheet* writes, in the same order, in
    English: Moodle compares the headers with its strings in the uploading user's language, so
    this file is for a teacher whose Moodle is in English.

``moodle-grading-worksheet-fr.csv``
    The same worksheet for a teacher whose Moodle is in French (:data:`MOODLE_FR`). Its column
    names are Moodle's own French strings, taken from the French language pack as AMOS
    publishes it, in the copy kept in github.com/projectestac/moodle-langpacks:
    ``fr/assign.php`` (commit c6ae6a98: ``recordid`` "Identifiant", ``status`` "Statut",
    ``maxgrade`` "Note maximale", ``gradecanbechanged`` "La note peut être modifiée",
    ``lastmodifiedsubmission`` "Dernière modification (travail remis)", ``lastmodifiedgrade``
    "Dernière modification (note)", ``hiddenuser`` "Participant", with no space after it, so
    the identifier is ``Participant12345``), ``fr/moodle.php`` (``fullname`` "Nom complet",
    ``grade`` "Note") and ``fr/assignfeedback_comments.php`` (``pluginname`` "Feedback par
    commentaires", from the Moodle 3.0 pack). Moodle 4 looks for the grade column under the
    core string ``gradenoun``, which no stored French pack showed (its English is "Grade", like
    ``grade``); the email column is left out (its French name was not checked; Moodle writes it
    only when the site shows emails, and the importer ignores it). The importer reads "Last
    modified (grade)" with PHP's ``strtotime``, which knows English month names only, so this
    file writes that time as ``2026-12-02 23:46``, which ``strtotime`` reads in any language.
    If the comments column's name differs in the site's Moodle version, Moodle imports the
    grades and leaves the comments out; if a grade column is not found, the upload stops with
    Moodle's "invalid import" message and nothing changes (docs/lms.md).

``canvas-gradebook.csv``
    What Canvas's *Grades > Import* accepts: the columns of its own export, ``Student``, ``ID``,
    ``SIS User ID``, ``SIS Login ID``, ``Section``, then one column per assignment named as the
    assignment, and a second row whose first cell is ``Points Possible``. Canvas matches a row by
    ``ID`` (the Canvas user id, the first number of a bulk-download file name
    ``lastnamefirstname_12345_67890_name.ipynb``); rows without one are left out. A column whose
    name matches no assignment creates a new assignment. Canvas's gradebook import carries no
    comments, so the feedback stays in ``feedback/``.

Both files are UTF-8 without a byte-order mark: Moodle's upload form reads UTF-8 by default
("Encoding: UTF-8", and ``csv_import_reader`` strips a BOM if one is there), and Canvas asks for
UTF-8 ("All text should be UTF-8 encoded", Canvas's CSV format documentation). A BOM only helps
Excel guess the encoding, and the files are meant to be uploaded as written, not edited in
Excel, which may rewrite names and decimals in its own locale when it saves.
Quoting follows RFC 4180 (Python's :mod:`csv`), which both importers read: names with commas,
quotes or accents (``"Traoré, Aïssata"``) come back exactly.

A line whose grade is ``None`` (hand marks still missing) gets an empty grade cell, so the LMS
keeps what it has; :func:`left_out` lists it too.
"""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

__all__ = ["GradeLine", "write_lms_gradebooks", "left_out", "MOODLE_HEADER", "CANVAS_ID_COLUMNS",
           "MOODLE_FILE", "MOODLE_FR_FILE", "CANVAS_FILE", "MoodleStrings", "MOODLE_EN", "MOODLE_FR",
           "MOODLE_LANGUAGES"]

MOODLE_FILE = "moodle-grading-worksheet.csv"
MOODLE_FR_FILE = "moodle-grading-worksheet-fr.csv"
CANVAS_FILE = "canvas-gradebook.csv"

#: The header of Moodle's own "Download grading worksheet" (assign language strings
#: ``recordid``, ``fullname``, ``email``, ``status``, ``grade``, ``maxgrade``, ``gradecanbechanged``,
#: ``lastmodifiedsubmission``, ``lastmodifiedgrade`` and the comments plugin's name).
MOODLE_HEADER = ("Identifier", "Full name", "Email address", "Status", "Grade", "Maximum Grade",
                 "Grade can be changed", "Last modified (submission)", "Last modified (grade)",
                 "Feedback comments")
#: The columns before the assignments in a Canvas gradebook export and import.
CANVAS_ID_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
#: First cell of the row under the header that carries each assignment's maximum.
CANVAS_POINTS_ROW = "Points Possible"
#: The Canvas column's header when no assignment name is given.
DEFAULT_ASSIGNMENT = "Assignment"
#: Moodle's ``get_string('hiddenuser', 'assign')`` in English, before the participant number.
MOODLE_PARTICIPANT = "Participant "


@dataclass(frozen=True)
class MoodleStrings:
    """What Moodle's worksheet says in one language: the file, the header, the text before the
    participant number, the time format and the two cells Moodle does not read back."""

    file: str
    header: tuple[str, ...]
    participant: str
    time: Callable[[datetime], str]
    graded: str
    not_complete: str
    yes: str
    #: what each column holds, one of the keys of a row in :func:`_moodle_rows`
    cells: tuple[str, ...] = ("id", "name", "email", "status", "grade", "max", "changeable",
                              "submitted", "modified", "feedback")


@dataclass
class GradeLine:
    """One student's line in the LMS gradebooks.

    Attributes:
        student: the gradebook's key for the student (file stem or LMS name).
        name: the student's name as the LMS gave it ("Aïssata Traoré").
        lms: where the submission came from: "moodle", "canvas", "blackboard" or "".
        lms_id: the LMS's id: Moodle participant number, Canvas user id, Blackboard user name.
        grade: the total, or None when it is not complete (hand marks missing): the LMS cell
            stays empty so the LMS keeps its value.
        max_grade: the most the assignment gives.
        feedback: short plain text for the LMS's feedback comment.
    """

    student: str
    name: str
    lms: str
    lms_id: str
    grade: float | None
    max_grade: float
    feedback: str


def _number(x: float) -> str:
    """A grade as Moodle and Canvas read it: a dot for decimals, no trailing zeros ("12.5")."""
    text = f"{float(x):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _moodle_time(when: datetime) -> str:
    """A time as Moodle's worksheet writes it (``strftimedatetime``: "Wednesday, 2 December 2026,
    11:46 PM"), which the importer reads back with PHP's ``strtotime``."""
    return f"{when:%A}, {when.day} {when:%B %Y}, {when:%I:%M %p}"


def _iso_time(when: datetime) -> str:
    """A time PHP's ``strtotime`` reads whatever the site's language: "2026-12-02 23:46"."""
    return f"{when:%Y-%m-%d %H:%M}"


MOODLE_EN = MoodleStrings(MOODLE_FILE, MOODLE_HEADER, MOODLE_PARTICIPANT, _moodle_time,
                          "Graded by coursekit", "Not complete: hand marks missing", "Yes")
#: French, from Moodle's French language pack (sources in the module's docstring).
MOODLE_FR = MoodleStrings(
    MOODLE_FR_FILE,
    ("Identifiant", "Nom complet", "Statut", "Note", "Note maximale", "La note peut être modifiée",
     "Dernière modification (travail remis)", "Dernière modification (note)",
     "Feedback par commentaires"),
    "Participant", _iso_time, "Évalué par coursekit", "Incomplet : notes manuelles manquantes", "Oui",
    ("id", "name", "status", "grade", "max", "changeable", "submitted", "modified", "feedback"))
#: Every Moodle worksheet :func:`write_lms_gradebooks` writes, by language code.
MOODLE_LANGUAGES = {"en": MOODLE_EN, "fr": MOODLE_FR}


def _moodle_feedback(text: str) -> str:
    """Plain feedback as the HTML the comments plugin stores: escaped, line breaks kept."""
    return html.escape(text.strip(), quote=False).replace("\r\n", "\n").replace("\n", "<br>")


def _is_moodle(line: GradeLine) -> bool:
    return line.lms == "moodle" and bool(re.fullmatch(r"\d+", line.lms_id or ""))


def _is_canvas(line: GradeLine) -> bool:
    return line.lms == "canvas" and bool(re.fullmatch(r"\d+", line.lms_id or ""))


def _source(line: GradeLine) -> str:
    return f"a {line.lms.capitalize()} download" if line.lms else "a plain file, not an LMS download"


def left_out(lines: list[GradeLine]) -> list[str]:
    """What the LMS files leave out or leave empty, one sentence per student and file."""
    out = []
    for line in lines:
        who = f"{line.name or line.student} ({line.student})"
        if not _is_moodle(line):
            why = ("no Moodle participant number" if line.lms == "moodle"
                   else f"it came from {_source(line)}")
            out.append(f"{MOODLE_FILE}: {who} left out: {why}; Moodle matches rows only by the "
                       "participant number of its own download")
        if not _is_canvas(line):
            why = ("anonymous grading: the download names no Canvas user id"
                   if line.lms == "canvas" and (line.lms_id or "").startswith("anon_")
                   else "no Canvas user id" if line.lms == "canvas" else f"it came from {_source(line)}")
            out.append(f"{CANVAS_FILE}: {who} left out: {why}; Canvas matches rows by its user id")
        if line.grade is None and (_is_moodle(line) or _is_canvas(line)):
            out.append(f"{who}: grade left empty (not complete: hand marks missing); the LMS "
                       "keeps its current grade")
    return out


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)
    tmp.replace(path)
    return path


def _moodle_rows(lines: list[GradeLine], when: datetime, lang: MoodleStrings = MOODLE_EN) -> list[list[str]]:
    """The worksheet's rows in `lang`, its header first, one row per Moodle participant."""
    rows = [list(lang.header)]
    stamp = lang.time(when)
    for line in sorted((ln for ln in lines if _is_moodle(ln)), key=lambda ln: int(ln.lms_id)):
        graded = line.grade is not None
        cells = {"id": f"{lang.participant}{line.lms_id}", "name": line.name, "email": "",
                 "status": lang.graded if graded else lang.not_complete,
                 "grade": _number(line.grade) if graded else "", "max": _number(line.max_grade),
                 "changeable": lang.yes, "submitted": "", "modified": stamp,
                 "feedback": _moodle_feedback(line.feedback) if graded else ""}
        rows.append([cells[c] for c in lang.cells])
    return rows


def _canvas_rows(lines: list[GradeLine], assignment: str) -> list[list[str]]:
    chosen = [ln for ln in lines if _is_canvas(ln)]
    maximum = max((ln.max_grade for ln in chosen), default=max((ln.max_grade for ln in lines),
                                                                default=0))
    rows = [list(CANVAS_ID_COLUMNS) + [assignment],
            [CANVAS_POINTS_ROW, "", "", "", "", _number(maximum)]]
    for line in sorted(chosen, key=lambda ln: (ln.name.casefold(), ln.lms_id)):
        rows.append([line.name, line.lms_id, "", "", "",
                     _number(line.grade) if line.grade is not None else ""])
    return rows


def write_lms_gradebooks(lines: list[GradeLine], out_dir: Path, assignment: str, *,
                         now: datetime | None = None, languages: tuple[str, ...] = ("en", "fr")) -> list[Path]:
    """Write ``moodle-grading-worksheet.csv``, ``canvas-gradebook.csv`` and the Moodle worksheet
    in each other language of `languages` (``moodle-grading-worksheet-fr.csv``) into ``out_dir``.

    Args:
        lines: one line per student.
        out_dir: the grading folder.
        assignment: the assignment's name as it is in Canvas (the Canvas column's header);
            blank gives "Assignment", to rename before the upload.
        now: the time written as "Last modified (grade)" (default: now, local time).
        languages: the Moodle worksheets to write, codes of :data:`MOODLE_LANGUAGES`; English
            is always written.

    Returns:
        The paths: Moodle's English worksheet, Canvas's gradebook, then the other Moodle
        worksheets in the order of `languages`. :func:`left_out` says which students they lack.
    """
    unknown = [code for code in languages if code not in MOODLE_LANGUAGES]
    if unknown:
        raise ValueError(f"no Moodle worksheet in {unknown[0]!r}; known: {', '.join(MOODLE_LANGUAGES)}")
    out_dir = Path(out_dir)
    when = now or datetime.now()
    name = " ".join(str(assignment or "").split()) or DEFAULT_ASSIGNMENT
    texts = [(out_dir / MOODLE_FILE, _moodle_rows(lines, when, MOODLE_EN)),
             (out_dir / CANVAS_FILE, _canvas_rows(lines, name))]
    texts += [(out_dir / MOODLE_LANGUAGES[code].file, _moodle_rows(lines, when, MOODLE_LANGUAGES[code]))
              for code in dict.fromkeys(languages) if code != "en"]
    return [_write_csv(path, rows) for path, rows in texts]
