"""The ``coursekit`` command: parse arguments, call the package, print. No logic lives here."""

from __future__ import annotations

import argparse
import importlib
import sys

from .errors import DataError

#: Modules that add their own subcommands with ``register(subparsers)``.
PLUGINS = ("coursekit.grade", "coursekit.exercises", "coursekit.pdf", "coursekit.reader")


def _validate(args) -> int:
    from .data import load_course
    from .questions import load_all

    course = load_course(args.root)
    banks = load_all(course.root, course)
    nq = sum(len(b.questions) for b in banks.values())
    print(f"ok: {len(course.sources)} sources, {len(course.events)} events, "
          f"{len(course.figures)} figures, {len(course.quotes)} quotes, "
          f"{len(course.glossary)} glossary terms, {nq} questions in {len(banks)} banks")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coursekit", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("validate", help="check every data file and question bank; exit 1 on the first problem")
    p.add_argument("--root", default=None, help="course repository (default: the one coursekit is in)")
    p.set_defaults(func=_validate)
    for name in PLUGINS:
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        mod.register(sub)
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
