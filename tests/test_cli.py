"""Does `coursekit validate` report good data briefly and bad data with the fix, exit 1?"""

import shutil
import subprocess
import sys
from pathlib import Path

FIXTURE = Path(__file__).parent / "files" / "course"


def run(*args):
    return subprocess.run([sys.executable, "-m", "coursekit", *args], capture_output=True, text=True)


def test_validate_good_course():
    proc = run("validate")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok: ") and " questions in " in proc.stdout


def test_validate_bad_course_names_file_record_and_fix(tmp_path):
    root = tmp_path / "course"
    shutil.copytree(FIXTURE, root)
    ev = root / "data" / "events" / "minusma.yaml"
    ev.write_text(ev.read_text().replace('date: "2013-04-25"', 'date: "2013-04-31"'))
    proc = run("validate", "--root", str(root))
    assert proc.returncode == 1
    assert proc.stderr == ("error: data/events/minusma.yaml, event `res-2100`: date '2013-04-31' does "
                           "not exist (check the day of the month)\n")
    assert "Traceback" not in proc.stderr


def test_every_command_has_help():
    from coursekit.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert {"validate", "grade"} <= set(sub.choices)
    for name, p in sub.choices.items():
        assert p.description or sub._name_parser_map[name].format_help(), name
        helps = {c.dest: c.help for c in sub._choices_actions}
        assert helps.get(name), f"`coursekit {name}` has no help text"
