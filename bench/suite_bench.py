"""Where the test suite's time goes, against the CI aim (issue 16: `make test` in 20 minutes).

Runs the suite exactly as `make test` does (after its build: the book must be built), with
every test's duration recorded, or reads the output of such a run (``--log``), and prints:

- the suite's wall time and its ratio to the aim (below 1.0 meets it),
- how busy the workers were (the sum of test times over workers x wall time),
- each test file's share of the summed test time, and the slowest single tests.

Seconds differ from machine to machine; the shares do not much, so compare those between runs.

    .venv/bin/python bench/suite_bench.py              # run the suite (about 20 minutes)
    .venv/bin/python bench/suite_bench.py --log FILE   # read a run's output (with --durations=0)
"""

from __future__ import annotations

import argparse
import collections
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AIM_S = 20 * 60  # the pytest part of `make test`
LINE = re.compile(r"^\s*([\d.]+)s (call|setup|teardown)\s+(\S+)")
SUMMARY = re.compile(r"=+ .*?(\d+) passed.* in ([\d.]+)s")
WORKERS = re.compile(r"created: (\d+)/\d+ workers")


def pytest_command() -> list[str]:
    """The Makefile's pytest line, with every duration reported."""
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    line = next(x.strip() for x in make.splitlines() if "-m pytest" in x)
    args = shlex.split(line.split("-m pytest", 1)[1])
    return [sys.executable, "-m", "pytest", *args, "--durations=0", "-q"]


def summarise(text: str, wall: float | None) -> str:
    per_file: collections.Counter[str] = collections.Counter()
    per_test: collections.Counter[str] = collections.Counter()
    for line in text.splitlines():
        m = LINE.match(line)
        if m:
            secs, node = float(m.group(1)), m.group(3)
            per_file[node.split("::")[0]] += secs
            per_test[f"{node} ({m.group(2)})"] += secs
    if not per_file or re.search(r"slowest \d+ durations", text):
        raise SystemExit("not every test's duration is in the output: run pytest with --durations=0")
    s = SUMMARY.search(text)
    wall = wall or (float(s.group(2)) if s else None)
    w = WORKERS.search(text)
    workers = int(w.group(1)) if w else 1
    total = sum(per_file.values())
    out = []
    if wall:
        out.append(f"suite wall time {wall:.0f} s; aim {AIM_S} s; ratio {wall / AIM_S:.2f}")
        out.append(f"summed test time {total:.0f} s on {workers} worker(s): "
                   f"workers busy {total / (workers * wall):.0%} of the wall time "
                   "(the rest: collection, start-up, waiting on a group)")
    out.append("\nshare of the summed test time, by file:")
    for f, t in per_file.most_common(15):
        out.append(f"  {t / total:6.1%}  {t:7.0f} s  {f}")
    out.append("\nslowest tests:")
    for n, t in per_test.most_common(10):
        out.append(f"  {t:7.1f} s  {n}")
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--log", type=Path, help="read this pytest output instead of running the suite")
    args = ap.parse_args(argv)
    if args.log:
        print(summarise(args.log.read_text(encoding="utf-8", errors="replace"), None))
        return 0
    if not (ROOT / "_build" / "html" / "intro.html").exists():
        raise SystemExit("the book is not built: run `make book` first")
    t = time.perf_counter()
    proc = subprocess.run(pytest_command(), cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - t
    print(summarise(proc.stdout, wall))
    if proc.returncode:
        print(f"\nthe suite failed (exit code {proc.returncode}): the times above are incomplete")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
