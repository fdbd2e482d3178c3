"""A stand-in for ``coursekit.data.Course`` built from ``fake_course.yaml``.

It has the interface coursekit.questions uses (``events``, ``figures``, ``sources``,
``format_date``, ``format_value``, ``root``), so question and quiz tests do not depend on the
chapters' real data. Test files import it by path (tests/ is not a package).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent


@dataclass(frozen=True)
class FakeEvent:
    id: str
    date: str
    title: str

    @property
    def sort_key(self):
        return (tuple(int(p) for p in self.date.split("-")), self.id)


@dataclass(frozen=True)
class FakeFigure:
    id: str
    unit: str
    value: float | None = None
    low: float | None = None
    high: float | None = None


class FakeCourse:
    def __init__(self, path: Path = HERE / "fake_course.yaml", root: Path = REPO):
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        self.root = root
        self.sources = {k: k for k in data["sources"]}
        self.events = {e["id"]: FakeEvent(**e) for e in data["events"]}
        self.figures = {f["id"]: FakeFigure(**f) for f in data["figures"]}
        self.quotes, self.glossary = {}, {}

    def format_date(self, event_id: str) -> str:
        parts = [int(p) for p in self.events[event_id].date.split("-")]
        if len(parts) == 3:
            return f"{parts[2]} {calendar.month_name[parts[1]]} {parts[0]}"
        if len(parts) == 2:
            return f"{calendar.month_name[parts[1]]} {parts[0]}"
        return str(parts[0])

    def format_value(self, figure_id: str) -> str:
        f = self.figures[figure_id]
        if f.value is None:
            return f"between {f.low:,g} and {f.high:,g} {f.unit}"
        return f"{f.value:,g} {f.unit}"

