"""Collect step: find the submitted files, tell whose each one is, and read the one that counts.

Nothing here runs student code. `coursekit grade` takes a folder or a .zip in any of these
layouts, mixed freely (names as the LMS writes them; the sources are cited at each pattern):

- plain files: `ada.ipynb`, or a folder per student (`ada/anything.ipynb`); the student id is the
  notebook's metadata `coursekit.student` if it has one, else the file (or folder) name up to the
  first dot, so `ada.ipynb` and `ada.resubmitted.ipynb` are two files of one student `ada`;
- Moodle "Download all submissions": a folder per student and plugin,
  `Full Name_12345_assignsubmission_file` (Moodle 4, `mod/assign/classes/downloader.php`) or
  `Full Name_12345_assignsubmission_file_` (Moodle 3.1 to 3.11), files inside kept with their
  sub-folders; `..._assignsubmission_onlinetext/onlinetext.html` for online text; or, with
  "Download submissions in folders" off, flat files `Full Name_12345_assignsubmission_file_x.ipynb`.
  12345 is Moodle's participant id; Moodle turns `_` in names into spaces, so the name has none.
  Student id `moodle-12345`;
- Canvas "Download Submissions", as Canvas's own code names the files (instructure/canvas-lms,
  `lib/content_zipper.rb`: `get_filename`, `add_upload_submission`, `add_text_or_url`;
  Canvas's user guides do not spell the names out): `lastnamefirstname[_LATE]_12345_67890_name.ipynb`
  for an uploaded file (12345 the user id, 67890 the file's attachment id, `name.ipynb` the name
  the student gave it; a second upload of the same name gets `-1`, `-2` before its extension,
  `Attachment.make_unique_filename`), `lastnamefirstname[_LATE]_12345_text.html` or `_link.html`
  for online text or a URL (listed, not graded). The name is the sortable name lower-cased
  without punctuation ("Traoré, Aïssata" gives `traoréaïssata`). With anonymous grading there is
  no name and the id is `anon_` and five letters or digits: `[LATE_]anon_x7Kp2_67890_name.ipynb`.
  Student id `canvas-12345` (`canvas-anon_x7Kp2`, which Canvas's gradebook cannot match);
- Blackboard "Assignment File Download": `Assignment_username_attempt_2024-03-01-10-22-33_file.ipynb`
  and one receipt per attempt, `Assignment_username_attempt_2024-03-01-10-22-33.txt`, whose
  `Name: Full Name (username)` line gives the name (receipt format as in the sample download in
  github.com/codepost-io/integration-blackboard). Student id `blackboard-username`.

One Submission per student. Of several notebooks the newest counts: by the attempt time in a
Blackboard name, by the attachment id in a Canvas name (Canvas numbers uploads in order, so a
`-1` resubmission always has the larger id; the suffix breaks ties), else by the file's
modification time (a .zip keeps it); ties by name. The others are not run and are listed in the
counted one's `notes` and `reason`; other files (a PDF next to the notebook, a receipt) are
listed in `notes`. A student with no notebook still gets a row (status `not-a-notebook`).
A notebook identical to the handed-out one is `unchanged`, one with no work in it `empty`;
neither is run. Hidden files (`.ipynb_checkpoints`, `.DS_Store`) and macOS's `__MACOSX`
folders are not submissions; hidden files inside a student's folder are listed in the notes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import time
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from coursekit.errors import DataError
from coursekit.exercises import MD_PLACEHOLDER, Exercise

MAX_BYTES = 20 * 1024 * 1024
ZIP_MAX_BYTES = 2 * 1024**3  # uncompressed, all entries together
ZIP_MAX_FILES = 20_000
UNPACKED_MARKER = ".coursekit-unpacked"  # in a folder `unpack_zip` made, so a rerun may replace it
IGNORED_NAMES = {"__MACOSX"}  # macOS Archive Utility's resource forks, never a submission

# Moodle: downloader.php (4.x): clean_filename(str_replace('_', ' ', fullname) . '_' . uniqueid)
# then `_assignsubmission_<type>` as a folder, or `..._<type>_<file>` when not in folders.
MOODLE = re.compile(r"^(?P<name>[^_]+)_(?P<id>\d+)_(?P<plugin>assignsubmission_[a-z0-9]+)(?:_(?P<file>.*))?$")
# Canvas: its own code, instructure/canvas-lms lib/content_zipper.rb (ContentZipper#get_filename,
# #add_upload_submission, #add_text_or_url, #sanitize_user_name): [name_][LATE_]id, then
# `_<attachment id>_<file>` for an uploaded file, `_text.html` / `_link.html` for online text or a
# URL. The name is the sortable name ("Traoré, Aïssata"), lower-cased, with `_<digits>_` collapsed
# (so the first `_<digits>_` after it is the id) and every non-word character removed (older
# Canvas wrote `-` instead); with anonymous grading there is no name and the id is
# `anon_<5 base58 characters>` (lib/anonymity.rb, Anonymity.generate_short_id).
_CANVAS_WHO = (r"(?:(?P<alate>LATE_)?(?P<anon>anon_[1-9A-HJ-NP-Za-km-z]{5})"
               r"|(?P<name>[\w-]+?)_(?P<late>LATE_)?(?P<uid>\d+))")
CANVAS = re.compile(rf"^{_CANVAS_WHO}_(?P<aid>\d+)_(?P<file>.+)$")
CANVAS_ONLINE = re.compile(rf"^{_CANVAS_WHO}_(?P<kind>text|link)\.html$")
# A file uploaded twice under one name: Attachment.make_unique_filename adds `-1`, `-2` before
# the extension (app/models/attachment.rb).
CANVAS_RESUBMIT = re.compile(r"-(?P<n>\d+)(?:\.[^.]*)?$")
# Blackboard: `<assignment>_<username>_attempt_<YYYY-MM-DD-HH-MM-SS>` then `_<file>` or `.txt`.
BLACKBOARD = re.compile(r"^(?P<head>.+?)_attempt_(?P<ts>\d{4}(?:-\d\d){5})(?:_(?P<file>.+)|(?P<receipt>\.txt))$")


@dataclass
class Submission:
    student: str
    path: Path
    digest: str
    status: str | None = None  # set when the file is not run at all
    reason: str | None = None
    cells: list[str] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # who submitted, as the LMS's download names them (empty when the layout does not say)
    name: str = ""  # the student's full name
    lms: str = ""  # "moodle", "canvas", "blackboard" or ""
    lms_id: str = ""  # the LMS's own id: Moodle's participant id, Canvas's user id, Blackboard's user name
    meta_student: str = ""  # the notebook's own `coursekit.student` metadata, "" if none


# ---------------------------------------------------------------- zip archives


def unpack_zip(archive: str | Path, dest: str | Path) -> Path:
    """Extract `archive` into the folder `dest` (replacing an earlier unpacking there) and return it.

    Refused, with a DataError naming the archive and the entry, before anything is written:
    an entry that would land outside `dest` (absolute path, drive letter or `..`: "zip slip"),
    a symbolic link, the same name twice, more than ZIP_MAX_FILES entries or more than
    ZIP_MAX_BYTES uncompressed. Each file keeps the modification time the zip records.
    """
    archive, dest = Path(archive), Path(dest)
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as err:
        raise DataError(f"{archive}: not a readable .zip archive ({err}); download it again from the LMS") from None
    with zf:
        plan = _zip_plan(archive, zf.infolist())
        _check_replaceable(dest)
        made = [p for p in dest.parents if not p.exists()]  # folders to remove again on failure
        partial = dest.with_name(f".{dest.name}.unpacking")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        try:
            _unpack_into(archive, zf, plan, partial)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            for folder in made:  # innermost first
                try:
                    folder.rmdir()
                except OSError:
                    break
            raise
        _clear_unpacked(dest)
        partial.rename(dest)
    return dest


def _unpack_into(archive: Path, zf: zipfile.ZipFile, plan, dest: Path) -> None:
    """Write the planned entries into `dest` (a new folder, renamed into place by the caller)."""
    (dest / UNPACKED_MARKER).write_text(f"unpacked by coursekit grade from {archive.resolve()}\n")
    for info, rel in plan:
        target = dest.joinpath(*rel.parts)
        try:
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            _copy_entry(zf, info, target)
        except (OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError) as err:
            raise DataError(f"{archive}: entry `{info.filename}` cannot be unpacked ({err}); "
                            "download the archive again, or unpack it yourself and give the folder") from None
        stamp = time.mktime(info.date_time + (0, 0, -1))
        os.utime(target, (stamp, stamp))


def _entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's name; names stored without the UTF-8 flag are tried as UTF-8 before cp437."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name


def _zip_plan(archive: Path, infos: list[zipfile.ZipInfo]) -> list[tuple[zipfile.ZipInfo, PurePosixPath]]:
    """The entries to write and where, relative to the destination; raise on any unsafe entry."""
    if len(infos) > ZIP_MAX_FILES:
        raise DataError(f"{archive}: {len(infos)} entries, more than the {ZIP_MAX_FILES} allowed; "
                        "is this the LMS's download of one assignment?")
    total = sum(i.file_size for i in infos)
    if total > ZIP_MAX_BYTES:
        raise DataError(f"{archive}: {total / 2**30:.1f} GB once unpacked, more than the "
                        f"{ZIP_MAX_BYTES / 2**30:.0f} GB allowed; unpack it yourself and give the folder")
    plan, seen = [], set()
    for info in infos:
        name = _entry_name(info)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise DataError(f"{archive}: entry `{name}` is a symbolic link, which an LMS download never "
                            "holds; the archive was not unpacked")
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or ".." in parts or "\0" in name:
            raise DataError(f"{archive}: entry `{name}` would be written outside the folder it is unpacked "
                            "into (path traversal, \"zip slip\"); the archive was not unpacked")
        parts = [p for p in parts if p not in ("", ".")]
        if not parts or parts[0] in IGNORED_NAMES:
            continue
        rel = PurePosixPath(*parts)
        if not info.is_dir():
            if rel in seen:
                raise DataError(f"{archive}: entry `{name}` is in the archive twice; the archive was not unpacked")
            seen.add(rel)
        plan.append((info, rel))
    return plan


def _check_replaceable(dest: Path) -> None:
    """Refuse, before anything is written, to replace a folder coursekit did not make."""
    if dest.exists() and not (dest / UNPACKED_MARKER).is_file():
        raise DataError(f"{dest} exists and was not unpacked by coursekit: move it away or choose another --out")


def _clear_unpacked(dest: Path) -> None:
    """Remove an earlier unpacking at `dest`; refuse to touch a folder coursekit did not make."""
    if not dest.exists():
        return
    _check_replaceable(dest)
    shutil.rmtree(dest)


def _copy_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path) -> None:
    """Copy one entry, never writing more than the size its header declares."""
    written = 0
    with zf.open(info) as src, open(target, "xb") as out:
        while chunk := src.read(1 << 20):
            written += len(chunk)
            if written > info.file_size:
                raise OSError(f"more data than the {info.file_size} bytes its header declares")
            out.write(chunk)


# ---------------------------------------------------------------- reading one notebook


def find_submissions(folder: str | Path) -> list[Path]:
    """Every entry in `folder` but hidden ones, sorted by name (sub-folders too: they get a row)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError(f"{folder} is not a folder: give the folder of submitted notebooks")
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


def _safe_id(raw: str) -> str:
    return re.sub(r"[^\w.@-]+", "_", raw).strip("_")[:80] or "unnamed"


def student_id(path: Path, meta: dict | None = None) -> str:
    """The id from notebook metadata `coursekit.student`, else from the file name."""
    sid = ((meta or {}).get("coursekit") or {}).get("student") if isinstance(meta, dict) else None
    raw = str(sid) if isinstance(sid, (str, int)) and str(sid).strip() else path.name.split(".")[0]
    return _safe_id(raw)


def _source(cell) -> str:
    src = cell.get("source", "") if isinstance(cell, dict) else ""
    if isinstance(src, list):
        src = "".join(s for s in src if isinstance(s, str))
    return src if isinstance(src, str) else ""


@dataclass
class HandedOut:
    """What students were given: each version's cells as (type, text), and every cell's text."""

    versions: list[list[tuple[str, str]]]
    code: set[str]  # as `_code_text` gives it


def handed_out(exercise: Exercise) -> HandedOut:
    """The student notebook as generated now, and the exercise folder's student.ipynb if any
    (the copy students actually downloaded, should the two differ)."""
    import nbformat

    from coursekit.exercises import student_notebook

    nbs = [json.loads(nbformat.writes(student_notebook(exercise)))]
    if exercise.path is not None and (exercise.path.parent / "student.ipynb").is_file():
        try:
            nbs.append(json.loads((exercise.path.parent / "student.ipynb").read_text(encoding="utf-8")))
        except (OSError, ValueError):
            pass
    versions = [_cell_texts(nb.get("cells", [])) for nb in nbs]
    code = {_code_text(t) for v in versions for kind, t in v if kind == "code"}
    return HandedOut(versions, code)


def _cell_texts(cells) -> list[tuple[str, str]]:
    """Each cell's type and text with trailing blanks removed (outputs, metadata, counts ignored)."""
    return [(str(c.get("cell_type")), _source(c).rstrip()) for c in cells if isinstance(c, dict)]


def _code_text(src: str) -> str:
    """Code without blank lines, comment-only lines and trailing spaces: what would run."""
    lines = (line.rstrip() for line in src.splitlines())
    return "\n".join(line for line in lines if line.strip() and not line.lstrip().startswith("#"))


def _no_work(cells, answers: dict[str, str], given: HandedOut) -> tuple[str, str] | None:
    """("unchanged" | "empty", reason) when the notebook holds no work of the student's."""
    texts = _cell_texts(cells)
    if texts in given.versions:
        return "unchanged", ("the notebook is exactly the one handed out (no cell changed, outputs aside), "
                             "so it was not run; perhaps the student submitted the wrong file")
    # prose cells are not looked at: nothing grades them, and the exercise's own text may have
    # been edited since the notebook was handed out
    new_code = [t for kind, t in texts if kind == "code" and _code_text(t) and _code_text(t) not in given.code]
    if new_code or any(a.strip() for a in answers.values()):
        return None
    return "empty", ("no work in the notebook: its code cells hold only what was handed out (or comments) "
                     "and the open answers are blank, so it was not run")


def read_submission(path: str | Path, exercise: Exercise, given: HandedOut | None = None) -> Submission:
    """Read one submitted file; never raises for a bad file, sets status and reason instead.

    `given` is what was handed out (default: computed from `exercise`), to tell an `unchanged`
    or `empty` notebook, which is not run, from one with work in it.
    """
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
    if path.suffix.lower() != ".ipynb":
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
    meta = raw.get("metadata") if isinstance(raw.get("metadata"), dict) else {}
    own = (meta.get("coursekit") if isinstance(meta.get("coursekit"), dict) else {}).get("student")
    sub.meta_student = str(own).strip() if isinstance(own, (str, int)) else ""
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
    verdict = _no_work(cells, sub.answers, given or handed_out(exercise))
    if verdict:
        sub.status, sub.reason = verdict
    return sub


def _open_cells(exercise: Exercise) -> dict:
    out = {}
    for cell in exercise.notebook.cells:
        qid = cell.get("metadata", {}).get("coursekit", {}).get("open")
        if qid:
            out[qid] = cell
    return out


# ---------------------------------------------------------------- layouts: whose file is it


@dataclass
class _File:
    path: Path
    rel: str  # relative to the folder collected, as shown in notes
    order: tuple  # sorts oldest first
    when: str  # the order in words


@dataclass
class _Group:
    """Everything one student submitted."""

    lms: str = ""
    lms_id: str = ""
    name: str = ""
    label: str = ""  # plain layout: the file or folder name the id comes from
    files: list[_File] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    receipts: list[Path] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)
    late: bool = False


def _visible(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if not p.name.startswith(".") and p.name not in IGNORED_NAMES)


def _mtime(path: Path) -> tuple[tuple, str]:
    t = path.stat().st_mtime
    return (t,), "modified " + datetime.fromtimestamp(t).strftime("%Y-%m-%d %H:%M:%S")


def _is_lms_name(name: str) -> bool:
    return bool(MOODLE.match(name) or CANVAS.match(name) or CANVAS_ONLINE.match(name)
                or BLACKBOARD.match(name))


def canvas_who(m: re.Match) -> tuple[str, str, bool]:
    """(user id or `anon_...`, name as in the file name, late) from a CANVAS or CANVAS_ONLINE match."""
    return (m["uid"] or m["anon"], m["name"] or "", bool(m["late"] or m["alate"]))


def _is_wrapper(folder: Path) -> bool:
    """Is this lone folder one around the whole download rather than one student's folder?
    Yes when it holds an LMS-named entry, a sub-folder or several files; an empty folder or
    one holding a single file is taken as a student's."""
    if MOODLE.match(folder.name):
        return False
    inside = _visible(folder)
    return any(_is_lms_name(p.name) or p.is_dir() for p in inside) or len(inside) > 1


class _Gatherer:
    """Walks the submissions folder and sorts every file into its student's group."""

    def __init__(self, root: Path):
        self.root = root
        self.groups: dict[tuple, _Group] = {}
        self.bb_files: list[tuple[str, str, Path]] = []  # (head, timestamp, path)
        self.bb_receipts: dict[tuple[str, str], Path] = {}

    def group(self, key: tuple, **kw) -> _Group:
        g = self.groups.setdefault(key, _Group())
        for k, v in kw.items():
            if v and not getattr(g, k):
                setattr(g, k, v)
        return g

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def add_tree(self, g: _Group, folder: Path) -> None:
        """Every file under a student's folder (hidden ones listed apart, symlinked folders not followed)."""
        g.folders.append(folder)
        for d, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                p = Path(d) / name
                hidden = any(part.startswith(".") for part in p.relative_to(folder).parts)
                if hidden:
                    g.hidden.append(self.rel(p))
                    continue
                order, when = _mtime(p)
                g.files.append(_File(p, self.rel(p), ("",) + order + (p.name,), when))

    def visit(self, folder: Path) -> None:
        entries = _visible(folder)
        if len(entries) == 1 and entries[0].is_dir() and _is_wrapper(entries[0]):
            return self.visit(entries[0])  # a folder around the download
        for p in entries:
            if p.is_dir():
                self.visit_folder(p)
            else:
                self.visit_file(p)

    def visit_folder(self, p: Path) -> None:
        m = MOODLE.match(p.name)
        if m and not m["file"]:
            self.add_tree(self.group(("moodle", m["id"]), lms="moodle", lms_id=m["id"], name=m["name"].strip()), p)
        elif any(_is_lms_name(c.name) for c in _visible(p)):
            self.visit(p)  # e.g. the download unpacked into a folder of its own, next to other files
        else:
            label = p.name
            self.add_tree(self.group(("", label.split(".")[0]), label=label.split(".")[0]), p)

    def visit_file(self, p: Path) -> None:
        name = p.name
        if (m := MOODLE.match(name)) and m["file"]:
            g = self.group(("moodle", m["id"]), lms="moodle", lms_id=m["id"], name=m["name"].strip())
            order, when = _mtime(p)
            g.files.append(_File(p, self.rel(p), ("",) + order + (name,), when))
        elif m := BLACKBOARD.match(name):
            if m["receipt"]:
                self.bb_receipts[(m["head"], m["ts"])] = p
            else:
                self.bb_files.append((m["head"], m["ts"], p))
        elif m := CANVAS.match(name):
            uid, who, late = canvas_who(m)
            g = self.group(("canvas", uid), lms="canvas", lms_id=uid, name=who)
            g.late = g.late or late
            r = CANVAS_RESUBMIT.search(m["file"])
            n = int(r["n"]) if r else 0
            when = f"Canvas file {m['aid']}" + (f", re-upload -{n}" if n else "") + (", LATE" if late else "")
            g.files.append(_File(p, self.rel(p), ("", int(m["aid"]), n, p.stat().st_mtime, name), when))
        elif m := CANVAS_ONLINE.match(name):  # online text or a URL: listed, never graded
            uid, who, late = canvas_who(m)
            g = self.group(("canvas", uid), lms="canvas", lms_id=uid, name=who)
            g.late = g.late or late
            order, when = _mtime(p)
            g.files.append(_File(p, self.rel(p), ("", 0, 0) + order + (name,), f"Canvas online {m['kind']}"))
        else:
            stem = name.split(".")[0]
            order, when = _mtime(p)
            self.group(("", stem), label=stem).files.append(_File(p, self.rel(p), ("",) + order + (name,), when))

    def finish_blackboard(self) -> None:
        """Blackboard's user name ends the text before `_attempt_`; a receipt says where it starts."""
        receipts = {key: read_blackboard_receipt(p) for key, p in self.bb_receipts.items()}

        def user(head: str, ts: str) -> tuple[str, str]:
            info = receipts.get((head, ts)) or {}
            u = info.get("username", "")
            if u and (head == u or head.endswith("_" + u)):
                return u, info.get("name", "")
            return head.rsplit("_", 1)[-1], info.get("name", "")

        for (head, ts), p in sorted(self.bb_receipts.items()):
            u, full = user(head, ts)
            self.group(("blackboard", u), lms="blackboard", lms_id=u, name=full).receipts.append(p)
        for head, ts, p in self.bb_files:
            u, full = user(head, ts)
            g = self.group(("blackboard", u), lms="blackboard", lms_id=u, name=full)
            stamp = datetime.strptime(ts, "%Y-%m-%d-%H-%M-%S")
            g.files.append(_File(p, self.rel(p), (ts, p.stat().st_mtime, p.name),
                                 "attempt of " + stamp.strftime("%Y-%m-%d %H:%M:%S")))


def read_blackboard_receipt(path: str | Path) -> dict:
    """Name, user name, date and files of a Blackboard attempt's .txt receipt (English receipts;
    missing lines are left out of the result)."""
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    out: dict = {}
    if m := re.search(r"^Name:\s*(?P<name>.*?)\s*\((?P<user>[^()]+)\)\s*$", text, re.M):
        out["name"], out["username"] = m["name"], m["user"].strip()
    if m := re.search(r"^Date Submitted:\s*(.+?)\s*$", text, re.M):
        out["submitted"] = m[1]
    out["files"] = dict((b, a) for a, b in re.findall(
        r"^\s*Original filename:\s*(.+?)\s*\n\s*Filename:\s*(.+?)\s*$", text, re.M))
    return out


def _gather(root: Path) -> list[_Group]:
    g = _Gatherer(root)
    g.visit(root)
    g.finish_blackboard()
    return [g.groups[k] for k in sorted(g.groups)]


# ---------------------------------------------------------------- one row per student


def _names(files) -> str:
    return ", ".join(f"`{f}`" for f in files)


def _group_submission(g: _Group, exercise: Exercise, given: HandedOut) -> Submission:
    notebooks = sorted((f for f in g.files if f.path.suffix.lower() == ".ipynb"), key=lambda f: f.order)
    others = [f for f in g.files if f.path.suffix.lower() != ".ipynb"]
    if notebooks:
        chosen = notebooks[-1]
        sub = read_submission(chosen.path, exercise, given)
        if len(notebooks) > 1:
            older = ", ".join(f"`{f.rel}` ({f.when})" for f in reversed(notebooks[:-1]))
            text = (f"{len(notebooks)} notebooks submitted: the newest, `{chosen.rel}` ({chosen.when}), "
                    f"counts; not run: {older}")
            sub.notes.append(text)
            sub.reason = f"{sub.reason}; {text}" if sub.reason else text
        if others:
            sub.notes.append(f"also submitted, not graded: {_names(f.rel for f in others)}")
    elif len(others) == 1 and not g.folders and not g.lms:
        sub = read_submission(others[0].path, exercise, given)  # one plain file: says what it is
    elif others:
        where = g.folders[0] if g.folders else others[-1].path
        sub = Submission("", where, "", status="not-a-notebook",
                         reason=(f"no notebook (.ipynb) among the {len(others)} file(s) submitted: "
                                 f"{_names(f.rel for f in others)}; ask the student to submit the notebook file"))
    elif g.folders:
        sub = Submission("", g.folders[0], "", status="not-a-notebook",
                         reason=f"`{g.folders[0].name}` is a folder with no file in it; ask for the .ipynb file itself")
    else:
        sub = Submission("", g.receipts[-1], "", status="not-a-notebook",
                         reason="only Blackboard's receipt is there, no submitted file; ask for the .ipynb file")
    if g.hidden:
        sub.notes.append(f"hidden files, not graded: {_names(g.hidden)}")
    for r in g.receipts:
        sub.notes.append(f"Blackboard receipt `{r.name}` read for the student's name")
    if g.late:
        sub.notes.append("Canvas marked this submission LATE")
    sub.name, sub.lms, sub.lms_id = g.name, g.lms, g.lms_id
    if g.lms:
        if sub.meta_student and _safe_id(sub.meta_student) not in (_safe_id(g.lms_id),):
            sub.notes.append(f"the notebook's metadata names student `{sub.meta_student}`; "
                             f"the {g.lms.capitalize()} download says {g.name or g.lms_id}")
        sub.student = f"{g.lms}-{_safe_id(g.lms_id)}"
    elif not sub.meta_student:
        sub.student = _safe_id(g.label)
    return sub


def collect(folder: str | Path, exercise: Exercise, unpack_to: str | Path | None = None) -> list[Submission]:
    """One Submission per student found in `folder` (a folder or a .zip, unpacked into `unpack_to`).

    Student ids are made unique by adding the file name when two students' notebooks claim the
    same id in their metadata (each keeps a note saying so).
    """
    folder = Path(folder)
    if folder.is_file() and folder.suffix.lower() == ".zip":
        if unpack_to is None:
            raise ValueError(f"{folder}: say where to unpack the archive (unpack_to)")
        folder = unpack_zip(folder, unpack_to)
    elif not folder.is_dir():
        raise DataError(f"{folder} is not a folder or a .zip: give the folder of submitted notebooks "
                        "or the .zip downloaded from the LMS")
    given = handed_out(exercise)
    subs = [_group_submission(g, exercise, given) for g in _gather(folder)]
    counts: dict[str, int] = {}
    for s in subs:
        counts[s.student] = counts.get(s.student, 0) + 1
    for s in subs:
        if counts[s.student] > 1:
            s.notes.append(f"student id `{s.student}` is used by several files")
            s.student = f"{s.student}--{s.path.name}"
    return subs
