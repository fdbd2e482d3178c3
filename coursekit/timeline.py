"""Timelines built from the events data: readable on a phone, with a text alternative.

``timeline(concern="minusma")`` returns a :class:`Timeline`, drawn the same way in the static
book and in a live notebook, as HTML laid out here in Python (so a reader without JavaScript
still sees every event's date and title in place) and made interactive by ``timeline.js``:

* a **card** for the selected event (date, title, summary, sources, a link to it), with
  Previous/Next buttons, the arrow keys and a swipe;
* a **navigator**: one labelled lane for the chapter's own events and one for the events it
  shares with other chapters; each event a marker showing its date and title; events that last
  (an ``end`` date) and eras (``data/eras.yaml``) drawn as spans; year marks along the bottom.
  Events are spaced for legibility (crowded months are spread out, empty years squeezed), so the
  year marks, not distances, give the scale;
* a **deep link** per event: ``page.html#<event id>`` opens the page with that event selected;
* the **table** of every event with its sources, the text alternative, compact on a phone.

Plotting code opens no files: it is handed a loaded :class:`~coursekit.data.Course`.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import html
import json
from dataclasses import dataclass
from pathlib import Path

from .data import CONCERNS, Course, Event, course as _load_course

#: The output the book renders (coursekit.sphinxext): the same HTML without the table's
#: contents and without inline script, whose events' details come from the book's one shared,
#: cached events script (``ck-events.js``).
BOOK_MIME = "application/vnd.coursekit.timeline+json"

#: Navigator geometry, in CSS pixels. Consecutive events sit MIN_GAP to MAX_GAP apart
#: (PX_PER_DAY in between); a marker is MARKER_W wide and ROW_H tall.
MIN_GAP, MAX_GAP, PX_PER_DAY = 52, 190, 1.0
MARKER_W, ROW_H, LANE_HEAD, ERA_H, AXIS_H, EDGE = 136, 50, 24, 24, 26, 12


@dataclass(frozen=True)
class Era:
    """A shaded span on a timeline, from one event's date to another's."""

    id: str
    label: str
    start: str
    end: str


def load_eras(c: Course) -> list[Era]:
    """Read ``data/eras.yaml``: spans whose ends are event ids, so no date is typed twice."""
    from . import yamlio

    from .errors import DataError

    path = c.root / "data" / "eras.yaml"
    if not path.exists():
        return []
    eras = []
    for i, rec in enumerate(yamlio.safe_load(path.read_text(encoding="utf-8")) or []):
        where = f"data/eras.yaml, era `{rec.get('id', '#%d' % (i + 1))}`"
        for k in ("id", "label", "start", "end"):
            if not rec.get(k):
                raise DataError(f"{where}: missing `{k}`; an era needs id, label, start and end event ids")
        for k in ("start", "end"):
            if rec[k] not in c.events:
                raise DataError(f"{where}: `{k}` names unknown event `{rec[k]}`; use an event id from data/events/")
        eras.append(Era(rec["id"], rec["label"], rec["start"], rec["end"]))
    return eras


def _primary(ev: Event) -> str:
    """The concern an event belongs to first: the chapter whose file holds it.

    A chapter's timeline shows events that other chapters own in their own lane and colour,
    so readers see where the story crosses into another concern.
    """
    owner = Path(ev.file).stem
    return owner if owner in ev.concerns else ev.concerns[0]


@dataclass(frozen=True)
class Marker:
    """Where the navigator draws one event: left edge ``x``, ``top``, its lane, and for
    an event that lasts, the ``x`` its span reaches."""

    event: Event
    x: int
    top: int
    lane: str
    span_to: int | None = None


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    markers: list[Marker]
    lanes: list[tuple[str, str, int, int]]  # key, label, top, height
    eras: list[tuple[str, int, int]]  # label, x0, x1
    years: list[tuple[int, int]]  # year, x


class _Scale:
    """Dates to navigator x: linear between consecutive events, which sit MIN_GAP to MAX_GAP
    apart; beyond the first and last event, a tenth of PX_PER_DAY."""

    def __init__(self, dates: list[_dt.date]):
        self.event_x, self.days, self.xs = [], [], []
        x, prev = 0, None
        for d in dates:
            if prev is not None:
                x += round(min(MAX_GAP, max(MIN_GAP, (d - prev).days * PX_PER_DAY)))
            self.event_x.append(x)
            if d != prev:  # events on one day: the first one anchors the day
                self.days.append(d.toordinal())
                self.xs.append(x)
            prev = d

    def __call__(self, d: _dt.date) -> float:
        t, days, xs = d.toordinal(), self.days, self.xs
        if t <= days[0]:
            return xs[0] - (days[0] - t) * PX_PER_DAY / 10
        if t >= days[-1]:
            return xs[-1] + (t - days[-1]) * PX_PER_DAY / 10
        i = bisect.bisect_right(days, t)
        d0, d1, x0, x1 = days[i - 1], days[i], xs[i - 1], xs[i]
        return x0 + (x1 - x0) * (t - d0) / (d1 - d0)


def _source_line(c: Course, key: str) -> str:
    s = c.sources[key]
    return f"{s.publisher}, {s.title} ({s.date})"


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


#: What the navigator's reader is told once, under it.
HOW_TO_READ = ("Select an event, or use Previous and Next (or the arrow keys, or a swipe on the card). "
               "Events are spaced so that each title can be read: the year marks along the bottom, "
               "not the distances, give the time scale. A bar under an event shows how long it "
               "lasted; a shaded band, a period. A dashed outline marks an event whose date or "
               "facts are uncertain (the card says why). Each event has its own link "
               "(page address + #event-id).")


class Timeline:
    """Events of one concern (or all) as a navigable timeline and an accessible table.

    Args:
        concern: one of :data:`coursekit.data.CONCERNS`, or None for every event.
        start, end: ISO dates ("2012", "2013-04") bounding the events shown.
        title: heading of the timeline; defaults to the concern's name.
        course: a loaded course (default: this repository's data).
    """

    def __init__(self, concern: str | None = None, start: str | None = None,
                 end: str | None = None, title: str | None = None, course: Course | None = None):
        self.course = course or _load_course()
        self.concern = concern
        self.events = self.course.events_for(concern, start, end)
        if not self.events:
            raise ValueError(f"no events for concern={concern!r} between {start} and {end}; "
                             "check the filter or add events in data/events/")
        self.title = title or (CONCERNS[concern] if concern else "All events") + ": timeline"
        self.slug = "-".join(x for x in ("timeline", concern or "all", start, end) if x)
        eras = load_eras(self.course)
        lo, hi = self.events[0].date.sort_key, self.events[-1].date.sort_key
        self.eras = [e for e in eras
                     if self.course.events[e.start].date.sort_key <= hi
                     and self.course.events[e.end].date.sort_key >= lo]

    # -- lanes and layout ----------------------------------------------------------------
    def lane_of(self, ev: Event) -> str:
        """A chapter's timeline has two lanes: its own events, and those of other chapters."""
        owner = _primary(ev)
        if self.concern is None:
            return owner
        return self.concern if owner == self.concern else "other"

    def lanes(self) -> list[tuple[str, str]]:
        """(key, label) of each lane that has events, in order."""
        if self.concern is None:
            keys = [k for k in CONCERNS if any(_primary(e) == k for e in self.events)]
            return [(k, CONCERNS[k]) for k in keys]
        out = [(self.concern, "This chapter's events"), ("other", "Events from other chapters")]
        return [(k, label) for k, label in out if any(self.lane_of(e) == k for e in self.events)]

    def layout(self) -> Layout:
        """Place every marker: x by the compressed scale, then in its lane on the first row
        where it overlaps no marker or span already placed."""
        scale = _Scale([ev.date.midpoint() for ev in self.events])
        ends: dict[str, list[int]] = {k: [] for k, _ in self.lanes()}
        placed = []
        for ev, x in zip(self.events, scale.event_x):
            span_to = round(scale(ev.end.midpoint())) + EDGE if ev.end else None
            right = max(x + MARKER_W, (span_to or 0) - EDGE) + 8
            rows = ends[self.lane_of(ev)]
            row = next((i for i, r in enumerate(rows) if r <= x), len(rows))
            if row == len(rows):
                rows.append(right)
            rows[row] = right
            placed.append((ev, x + EDGE, row, span_to))
        lanes, top = [], ERA_H
        for key, label in self.lanes():
            height = LANE_HEAD + max(1, len(ends[key])) * ROW_H
            lanes.append((key, label, top, height))
            top += height
        lane_top = {k: t for k, _, t, _ in lanes}
        markers = [Marker(ev, x, lane_top[self.lane_of(ev)] + LANE_HEAD + row * ROW_H,
                          self.lane_of(ev), span_to)
                   for ev, x, row, span_to in placed]
        width = scale.event_x[-1] + MARKER_W + 2 * EDGE
        c = self.course
        eras = []
        for era in self.eras:
            x0 = max(0, round(scale(c.events[era.start].date.midpoint())) + EDGE)
            x1 = min(width, round(scale(c.events[era.end].date.midpoint())) + EDGE)
            eras.append((era.label, x0, x1))
        years, last = [], -10**6
        first_day, last_day = self.events[0].date.midpoint(), self.events[-1].date.midpoint()
        for year in range(first_day.year + 1, last_day.year + 1):
            x = round(scale(_dt.date(year, 1, 1))) + EDGE
            if x - last >= 40:  # a label every year where there is room for it
                years.append((year, x))
                last = x
        return Layout(width, top + AXIS_H, markers, lanes, eras, years)

    # -- HTML ------------------------------------------------------------------------------
    def nav_html(self) -> str:
        """The navigator: lanes, spans, year marks and one button per event, placed in CSS px
        so that it reads (titles included) even where no script runs."""
        lay = self.layout()
        parts = []
        for label, x0, x1 in lay.eras:
            parts.append(f'<div class="ck-tl-era" style="left:{x0}px;width:{max(x1 - x0, 2)}px" '
                         f'aria-hidden="true"><span>{_esc(label)}</span></div>')
        for key, label, top, height in lay.lanes:
            parts.append(f'<div class="ck-tl-lane" data-lane="{key}" style="top:{top}px;height:{height}px">'
                         f'<span class="ck-tl-lane-label">{_esc(label)}</span></div>')
        for year, x in lay.years:
            parts.append(f'<span class="ck-tl-year" style="left:{x}px" aria-hidden="true">{year}</span>')
        for i, m in enumerate(lay.markers):
            ev = m.event
            owner = _primary(ev)
            if m.span_to is not None and m.span_to > m.x:
                parts.append(f'<span class="ck-tl-span" style="left:{m.x}px;top:{m.top + ROW_H - 9}px;'
                             f'width:{m.span_to - m.x}px" aria-hidden="true"></span>')
            cls = "ck-tl-ev" + ("" if ev.certainty == "confirmed" else " ck-tl-uncertain")
            parts.append(
                f'<button type="button" class="{cls}" id="{_esc(ev.id)}" data-id="{_esc(ev.id)}" '
                f'data-concern="{owner}" data-chapter="{_esc(CONCERNS[owner])}" '
                f'style="left:{m.x}px;top:{m.top}px" tabindex="{0 if i == 0 else -1}">'
                f'<time class="ck-tl-date" datetime="{ev.date.iso()}">{_esc(ev.date.label(short=True))}</time>'
                f'<span class="ck-tl-name">{_esc(ev.title)}</span></button>')
        return (f'<div class="ck-tl-nav" role="group" aria-label="{_esc(self.title)}: '
                f'{len(self.events)} events in date order">'
                f'<div class="ck-tl-track" style="width:{lay.width}px;height:{lay.height}px">'
                f'{"".join(parts)}</div></div>')

    def _row(self, ev: Event) -> str:
        c = self.course
        srcs = []
        for k in ev.sources:
            s = c.sources[k]
            label = _esc(f"{s.publisher}, \u201c{s.title}\u201d, {s.date}")
            srcs.append(f'<a href="{_esc(s.url)}">{label}</a>' if s.url else label)
        cert = "" if ev.certainty == "confirmed" else (
            f' <span class="ck-uncertain">({_esc(ev.certainty)}: {_esc(ev.note or "")})</span>')
        return (f'<tr id="{self.slug}-{ev.id}"><td><time datetime="{ev.date.iso()}">{_esc(ev.date)}'
                f'</time></td><td><b class="ck-tl-t">{_esc(ev.title)}</b>. <span class="ck-tl-s">'
                f'{_esc(ev.summary)}</span>{cert}</td><td>{"; ".join(srcs)}</td></tr>')

    def table_html(self, filled: bool = True) -> str:
        """The text alternative: every event with its date, summary and sources. The book's
        copy is left empty (``filled=False``) and filled from the events script that ``data-src``
        names (:func:`events_file`), which the book loads on the page."""
        ids = " ".join(ev.id for ev in self.events)
        body = "".join(self._row(ev) for ev in self.events) if filled else ""
        src = "" if filled else f' data-src="{events_file(self.concern)}"'
        return (f'<details class="ck-timeline-table" data-events="{ids}"{src}><summary>The '
                f'{len(self.events)} events as a table (text alternative)</summary><table><caption>'
                f'{_esc(self.title)}</caption><thead><tr><th scope="col">Date</th>'
                '<th scope="col">Event</th><th scope="col">Source</th></tr></thead>'
                f'<tbody>{body}</tbody></table></details>')

    def longest_card(self) -> int:
        """The characters of the longest card (title, summary, note, sources): ``timeline.js``
        sizes the card with it before the events' summaries have loaded (see :meth:`book_html`),
        so that the navigator under the card does not move when they arrive."""
        c = self.course
        return max((len(ev.title) + len(ev.summary) + len(ev.note or "") * (ev.certainty != "confirmed")
                    + sum(len(f"{c.sources[k].publisher}, \u201c{c.sources[k].title}\u201d, "
                              f"{c.sources[k].date}; ") for k in ev.sources)
                    for ev in self.events), default=0)

    def _frame(self, table: str, tail: str = "", longest: bool = False) -> str:
        size = f' data-longest="{self.longest_card()}"' if longest else ""
        return (f'<figure class="ck-timeline" id="{self.slug}" aria-label="{_esc(self.title)}"{size}>'
                f'<p class="ck-timeline-title">{_esc(self.title)}</p>'
                '<div class="ck-tl-card"><div class="ck-tl-bar">'
                '<button type="button" class="ck-tl-prev" aria-label="Previous event">\u2039 Previous</button>'
                '<span class="ck-tl-count"></span>'
                '<button type="button" class="ck-tl-next" aria-label="Next event">Next \u203a</button></div>'
                '<div class="ck-timeline-detail" aria-live="polite"><p>Select an event below to read '
                'it here, with its sources.</p></div></div>'
                f'{self.nav_html()}<p class="ck-tl-help">{_esc(HOW_TO_READ)}</p>'
                f'<figcaption>{table}</figcaption>{tail}</figure>')

    def to_html(self) -> str:
        """Self-contained HTML (styles and script inline, table filled): what live notebooks
        (JupyterLab, Notebook 7, VS Code, Colab) and notebook viewers show."""
        assets = Path(__file__).parent / "assets"
        css = (assets / "timeline.css").read_text(encoding="utf-8")
        js = (assets / "timeline.js").read_text(encoding="utf-8")
        tail = f"<style>{css}</style><script>{js}</script>"
        return self._frame(self.table_html(filled=True), tail)

    def book_html(self) -> str:
        """The book's view: the same figure, its table filled by ``timeline.js`` from its
        concern's events script (:func:`events_script`, named by ``data-src``), so each event's
        summary and sources are in the site once per concern rather than in every page that
        shows them. The script loads when the reader first uses the timeline (another event,
        the table, a link to an event, printing), not with the page: every event's date and
        title are in the page itself, and a reader who only reads the text does not pay for
        the summaries (10-25 KB gzipped a chapter)."""
        return self._frame(self.table_html(filled=False) +
                           '<noscript><p>The table of events needs JavaScript; the chapter\'s '
                           'notebook (download button) holds the same table.</p></noscript>',
                           longest=True)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {
            BOOK_MIME: {"html": self.book_html()},
            "text/html": self.to_html(),
            "text/plain": f"<Timeline {self.title}: {len(self.events)} events>",
        }


def events_file(concern: str | None) -> str:
    """The name of the events script that a timeline of ``concern`` reads in the book:
    ``ck-events-<concern>.js`` (that concern's events only), or ``ck-events.js`` (all)."""
    return f"ck-events-{concern}.js" if concern else "ck-events.js"


def events_script(c: Course, concern: str | None = None) -> str:
    """``ck-events-<concern>.js`` (or ``ck-events.js`` for every concern): each event's date,
    title, summary and sources, once for the site.

    Timelines in the book list their events by id (:meth:`Timeline.book_html`); this script
    gives ``timeline.js`` the rest, merged into ``window.CK_EVENTS`` (several files may load on
    one page). One file per concern: a chapter's timeline page loads its own chapter's events
    (10-25 KB gzipped), not the whole course's (about 50 KB).
    """
    events, sources = {}, {}
    chosen = c.events_for(concern, None, None) if concern else c.events.values()
    for ev in sorted(chosen, key=lambda e: (e.date.sort_key, e.id)):
        row = {"iso": ev.date.iso(), "date": str(ev.date), "title": ev.title,
               "summary": ev.summary, "sources": list(ev.sources)}
        if ev.certainty != "confirmed":
            row["certainty"] = ev.certainty
            row["note"] = ev.note or ""
        events[ev.id] = row
        for k in ev.sources:
            s = c.sources[k]
            sources[k] = {"publisher": s.publisher, "title": s.title, "date": str(s.date),
                          **({"url": s.url} if s.url else {})}
    data = json.dumps({"events": events, "sources": dict(sorted(sources.items()))},
                      ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return ("/* Generated by coursekit.timeline.events_script from data/: do not edit. */\n"
            "(function (d) {\n"
            "  var all = window.CK_EVENTS = window.CK_EVENTS || { events: {}, sources: {} };\n"
            "  Object.keys(d.events).forEach(function (k) { all.events[k] = d.events[k]; });\n"
            "  Object.keys(d.sources).forEach(function (k) { all.sources[k] = d.sources[k]; });\n"
            f"}})({data});\n")


def timeline(concern: str | None = None, start: str | None = None, end: str | None = None,
             title: str | None = None) -> Timeline:
    """The notebook entry point: ``timeline("minusma")``. See :class:`Timeline`."""
    return Timeline(concern, start, end, title)
