"""The ``coursekit`` command: parse arguments, call the package, print. No logic lives here.

Every command reports bad input the same way: the package raises
:class:`~coursekit.errors.DataError` (the message names the file, and the record or line), or
an :class:`OSError` for a file that cannot be read or written; :func:`main` prints one line,
``error: ...``, with no traceback, and exits with :data:`EXIT_BAD_INPUT`. A command that ran
and found something to report (``reader --check``, ``exercises check``) exits with 1.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from .errors import DataError

#: The exit code of every command given bad input (the code argparse uses for a bad command line).
EXIT_BAD_INPUT = 2

#: Modules that add their own subcommands with ``register(subparsers)``.
PLUGINS = ("coursekit.grade", "coursekit.exercises", "coursekit.pdf", "coursekit.reader",
           "coursekit.bank_export", "coursekit.selfcheck")


def _validate(args) -> int:
    from .data import check_bibliography_style, load_course
    from .questions import load_all

    from . import evidence, geo, prose

    course = load_course(args.root)
    check_bibliography_style(course.root)
    banks = load_all(course.root, course)
    evidence.check(course)
    geo.check_places(course)
    prose.check(course, prose.course_texts(course))
    nq = sum(len(b.questions) for b in banks.values())
    s = evidence.summary(course)
    print(f"ok: {len(course.sources)} sources, {len(course.events)} events, "
          f"{len(course.figures)} figures, {len(course.quotes)} quotes, {len(course.places)} places, "
          f"{len(course.glossary)} glossary terms, {nq} questions in {len(banks)} banks; "
          f"evidence: {s['quoted']} quoted, {s['unverified']} unverified, "
          f"{s['pending']} not yet audited (data/evidence/pending.txt)")
    return 0


def _evidence(args) -> int:
    from collections import Counter

    from . import evidence
    from .data import load_course

    course = load_course(args.root)
    if args.write_pending:
        n = evidence.write_pending(course)
        print(f"wrote {evidence.PENDING}: {n} item(s) without evidence")
        return 0
    evidence.check(course)
    stale = evidence.stale_pending(course)
    for s in stale:
        print(f"done but still listed as pending: {s}")
    todo = evidence.missing(course)
    where = Counter(m.split(":")[0] if ":" in m.split(" ")[0] else m.split(" ")[0] for m in todo)
    for k, n in sorted(where.items()):
        print(f"  {n:4d} without evidence: {k}")
    s = evidence.summary(course)
    print(f"evidence: {s['evidence entries']} entries ({s['quoted']} quoted, "
          f"{s['unverified']} unverified); {s['pending']} citation(s) not yet audited")
    return 1 if stale else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coursekit", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("validate", help="check every data file and question bank; exit 2 on the first problem")
    p.add_argument("--root", default=None, help="course repository (default: the one coursekit is in)")
    p.set_defaults(func=_validate)
    p = sub.add_parser("evidence", help="the audit's progress: evidence kept, citations pending")
    p.add_argument("--root", default=None, help="course repository (default: the one coursekit is in)")
    p.add_argument("--write-pending", action="store_true",
                   help="rewrite data/evidence/pending.txt from what has no evidence now")
    p.set_defaults(func=_evidence)
    for name in PLUGINS:
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        mod.register(sub)
    return parser


def describe_error(exc: BaseException) -> str:
    """One line (or a DataError's list) for the user: the file and what is wrong with it."""
    if isinstance(exc, OSError) and exc.filename is not None:
        where = f"{exc.filename}" + (f" -> {exc.filename2}" if exc.filename2 is not None else "")
        return f"{where}: {exc.strerror or exc}"
    return str(exc)


def main(argv=None) -> int:
    """Run one command; bad input ends here: ``error: ...`` on stderr, exit code 2."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (DataError, OSError) as exc:
        print(f"error: {describe_error(exc)}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
