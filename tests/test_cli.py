"""The `coursekit` command line: one error path for bad input, and a README that lists its commands.

Every command's bad input (a missing folder, an unreadable zip, a bad line in marks.csv, a bad
question bank) must end in `coursekit.cli.main` with one `error: ...` line naming the file (and
the record or line), exit code 2, no traceback, and nothing written half-way.
"""

import csv
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from coursekit.cli import EXIT_BAD_INPUT, build_parser, main

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "files" / "course"
EXERCISE = ROOT / "exercises" / "01-minusma"


def run(*args):
    return subprocess.run([sys.executable, "-m", "coursekit", *args], capture_output=True, text=True)


def fails(capsys, argv: list[str]) -> str:
    """Run `coursekit argv` in this process; it must fail as bad input does. Returns stderr."""
    code = main(argv)
    err = capsys.readouterr().err
    assert code == EXIT_BAD_INPUT == 2, err
    assert err.startswith("error: ") and "Traceback" not in err, err
    return err


def snapshot(folder: Path) -> dict:
    """Every file under `folder` with its bytes and modification time."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------- validate and the command list


def test_validate_good_course():
    proc = run("validate")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok: ") and " questions in " in proc.stdout


@pytest.mark.parametrize("path, old, new, error", [
    ("data/events/minusma.yaml", 'date: "2013-04-25"', 'date: "2013-04-31"',
     "error: data/events/minusma.yaml, event `res-2100`: date '2013-04-31' does not exist (check "
     "the day of the month)\n"),
    # checked by validate (and the build), not by every process that loads the course
    ("data/references/test.bib", "@misc{print-only", "@webpage{print-only",
     "error: data/references/test.bib, source `print-only`: the bibliography style cannot format "
     "this @webpage entry"),
], ids=["impossible-date", "entry-the-style-cannot-format"])
def test_validate_bad_course_names_file_record_and_fix(tmp_path, path, old, new, error):
    root = tmp_path / "course"
    shutil.copytree(FIXTURE, root)
    f = root / path
    assert old in f.read_text()
    f.write_text(f.read_text().replace(old, new))
    proc = run("validate", "--root", str(root))
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith(error), proc.stderr
    assert "Traceback" not in proc.stderr


def test_validate_and_evidence_without_a_course(tmp_path, capsys):
    for command in ("validate", "evidence"):
        err = fails(capsys, [command, "--root", str(tmp_path)])
        assert "data/course.yaml is missing" in err


def test_every_command_has_help():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert {"validate", "grade"} <= set(sub.choices)
    for name, p in sub.choices.items():
        assert p.description or sub._name_parser_map[name].format_help(), name
        helps = {c.dest: c.help for c in sub._choices_actions}
        assert helps.get(name), f"`coursekit {name}` has no help text"


def readme_commands() -> list[tuple[str, str]]:
    """The command table of README.md's "Everyday commands": (command, what it does)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("<!-- coursekit --help: the commands")
    end = text.index("<!-- end of the commands -->", start)
    rows = re.findall(r"^\| `([^`]+)` \| (.+?) \|$", text[start:end], re.M)
    assert rows, "README.md: no command rows between the markers"
    return rows


def test_readme_lists_the_commands_of_coursekit_help():
    """The README's list is `coursekit --help`'s, same commands, same order, same words."""
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert readme_commands() == [(a.dest, " ".join(a.help.split())) for a in sub._choices_actions]
    shown = run("--help").stdout
    for name, _ in readme_commands():
        assert re.search(rf"^\s+{re.escape(name)}\b", shown, re.M), f"`{name}` not in coursekit --help"


# ---------------------------------------------------------------- grade


def test_grade_missing_folder(tmp_path, capsys):
    err = fails(capsys, ["grade", str(tmp_path / "nope"), "--exercise", str(EXERCISE),
                         "--out", str(tmp_path / "out")])
    assert f"{tmp_path / 'nope'} is not a folder or a .zip" in err
    assert not (tmp_path / "out").exists()


def test_grade_unreadable_zip(tmp_path, capsys):
    archive = tmp_path / "moodle-download.zip"
    archive.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    err = fails(capsys, ["grade", str(archive), "--exercise", str(EXERCISE), "--out", str(tmp_path / "out")])
    assert f"{archive}: not a readable .zip archive" in err
    assert not (tmp_path / "out").exists()


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return path


def test_grade_zip_damaged_halfway_keeps_the_last_unpacking(tmp_path, capsys):
    """An entry that fails its CRC check after others were unpacked: the archive and the entry
    are named, and the folder of the earlier good unpacking is left as it was."""
    import importlib

    collect = importlib.import_module("coursekit.grade.collect")
    out = tmp_path / "out"
    good = _zip(tmp_path / "good.zip", {"Ada Lovelace_101_assignsubmission_file/a.ipynb": b"{}"})
    collect.unpack_zip(good, out / "submissions")
    before = snapshot(out)
    entries = {f"Student {i}_{100 + i}_assignsubmission_file/n.ipynb": f"notebook {i:03d} ".encode() * 50
               for i in range(5)}
    bad = _zip(tmp_path / "bad.zip", entries)
    raw = bad.read_bytes()
    at = raw.index(b"notebook 003 ")
    bad.write_bytes(raw[:at] + b"X" + raw[at + 1:])  # the fourth entry no longer matches its CRC
    err = fails(capsys, ["grade", str(bad), "--exercise", str(EXERCISE), "--out", str(out)])
    assert str(bad) in err and "Student 3_103_assignsubmission_file/n.ipynb" in err
    assert snapshot(out) == before
    assert sorted(p.name for p in out.iterdir()) == ["submissions"]  # no partial folder left


def test_grade_missing_or_damaged_exercise(tmp_path, capsys):
    subs = tmp_path / "subs"
    subs.mkdir()
    err = fails(capsys, ["grade", str(subs), "--exercise", str(tmp_path / "ex"), "--out", str(tmp_path / "out")])
    assert f"{tmp_path / 'ex'}: no such file" in err
    (tmp_path / "ex").mkdir()
    err = fails(capsys, ["grade", str(subs), "--exercise", str(tmp_path / "ex"), "--out", str(tmp_path / "out")])
    assert f"{tmp_path / 'ex' / 'source.ipynb'}: no such file" in err
    (tmp_path / "ex" / "source.ipynb").write_text("{ not json")
    err = fails(capsys, ["grade", str(subs), "--exercise", str(tmp_path / "ex"), "--out", str(tmp_path / "out")])
    assert str(tmp_path / "ex" / "source.ipynb") in err
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- mark


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """`coursekit grade` on two submissions that are not run (the unchanged notebook and a text
    file), so the test needs no sandbox: a grading folder with open questions to mark."""
    base = tmp_path_factory.mktemp("cli-mark")
    subs = base / "subs"
    subs.mkdir()
    shutil.copy(EXERCISE / "student.ipynb", subs / "Ada Traoré_101_assignsubmission_file_ex.ipynb")
    (subs / "bob.txt").write_text("my answers")
    assert main(["grade", str(subs), "--exercise", str(EXERCISE), "--out", str(base / "out"),
                 "--data", str(ROOT / "data")]) == 0
    assert main(["mark", str(base / "out")]) == 0
    return base / "out"


def test_mark_without_results(tmp_path, capsys):
    err = fails(capsys, ["mark", str(tmp_path / "nothing")])
    assert f"{tmp_path / 'nothing' / 'results.json'} not found: run `coursekit grade" in err
    assert not (tmp_path / "nothing").exists()


def test_mark_apply_with_a_bad_line_changes_nothing(graded, tmp_path, capsys):
    out = tmp_path / "out"
    shutil.copytree(graded, out)
    sheet = out / "marking" / "marks.csv"
    with open(sheet, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        header, rows = reader.fieldnames, list(reader)
    rows[1]["points"] = "lots"  # line 3 of the file
    rows[2]["points"] = "1,5"  # a good mark on another line: not applied either
    with open(sheet, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header)
        w.writeheader()
        w.writerows(rows)
    kept = {k: v for k, v in snapshot(out).items() if not k.startswith("marking/")}
    assert {"gradebook.csv", "moodle-grading-worksheet.csv", "canvas-gradebook.csv"} <= set(kept)
    assert any(k.startswith("feedback/") for k in kept)
    err = fails(capsys, ["mark", str(out), "--apply"])
    assert f"{sheet}, line 3, column `points`: `lots` is not a number" in err
    assert "nothing applied" in err
    assert {k: v for k, v in snapshot(out).items() if not k.startswith("marking/")} == kept


# ---------------------------------------------------------------- export-bank and selfcheck


@pytest.fixture(scope="module")
def bad_bank_root(tmp_path_factory):
    """The course's data with one question naming an objective its chapter does not have."""
    root = tmp_path_factory.mktemp("bad-bank")
    shutil.copytree(ROOT / "data", root / "data")
    bank = root / "data" / "questions" / "01-minusma.yaml"
    text = bank.read_text(encoding="utf-8")
    assert "objectives: [crisis-2012]" in text
    bank.write_text(text.replace("objectives: [crisis-2012]", "objectives: [no-such-objective]", 1),
                    encoding="utf-8")
    return root


def test_export_bank_with_a_bad_bank(bad_bank_root, tmp_path, capsys):
    err = fails(capsys, ["export-bank", "--out", str(tmp_path / "banks"), "--root", str(bad_bank_root)])
    assert "data/questions/01-minusma.yaml, question `crisis-2012-order`: objective `no-such-objective`" in err
    assert not (tmp_path / "banks").exists()


def test_export_bank_into_a_file(tmp_path, capsys):
    """An OSError (here: --out is a file) is reported by main like bad data: file and reason."""
    target = tmp_path / "banks"
    target.write_text("not a folder")
    err = fails(capsys, ["export-bank", "--out", str(target), "--format", "gift"])
    assert str(target) in err and "Errno" not in err


def test_selfcheck_bad_inputs(bad_bank_root, tmp_path, capsys):
    err = fails(capsys, ["selfcheck", str(tmp_path / "records"), "--out", str(tmp_path / "overview")])
    assert f"{tmp_path / 'records'}: no such folder" in err
    archive = tmp_path / "records.zip"
    archive.write_bytes(b"not a zip at all")
    err = fails(capsys, ["selfcheck", str(archive), "--out", str(tmp_path / "overview")])
    assert f"{archive}: not a readable .zip archive" in err
    (tmp_path / "records").mkdir()
    err = fails(capsys, ["selfcheck", str(tmp_path / "records"), "--out", str(tmp_path / "overview"),
                         "--root", str(bad_bank_root)])
    assert "data/questions/01-minusma.yaml, question `crisis-2012-order`" in err
    assert not (tmp_path / "overview").exists()


def test_a_bug_is_not_hidden_as_bad_input(monkeypatch):
    """Only bad input is turned into a message: a programming error still raises."""
    import coursekit.bank_export as bank_export

    def broken(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(bank_export, "export_banks", broken)
    with pytest.raises(KeyError):
        main(["export-bank", "--out", "unused"])
