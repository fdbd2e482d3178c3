"""Who is who: the armed groups' lineage as a diagram, with a text alternative, from data.

``lineage_diagram()`` returns a :class:`LineageDiagram`: the groups of ``data/groups/`` as
lanes on a time axis (2003-2024, wider if the data reach further), with arrows for the links
between them (formed, merged into, split from, pledged to, joined, renamed), each labelled
with its month and year. Every date, name and source comes from the loaded course; nothing
here is typed by hand.

The output is plain HTML with inline SVG and an inline ``<style>``: no script, no external
file, no extension of the book (MyST-NB shows ``text/html`` as is), the same in the book, in
live notebooks and in the PDF. It holds two drawings of the same data and shows one:

* wide (a container of 680 px or more: the book's column on a laptop): time runs left to right, one lane per group;
* narrow (a phone): time runs down, one row per change, the groups as thin tracks on the
  left and the sentence on the right, at a size that stays legible at 360 px.

Colours are CSS variables set for light and dark mode with the switches the maps use
(``html[data-theme]``, JupyterLab, VS Code, Colab); text and lanes use ``currentColor``. The
table (group, formed, what happened, when, sources) is the text alternative, and a sentence
says what the diagram shows. The ``image/svg+xml`` output (for viewers without HTML) is the
wide drawing alone, with its colours set by ``prefers-color-scheme``.
"""

from __future__ import annotations

import calendar
import html
from dataclasses import dataclass, field

from .data import ENDING_LINKS, Course, Date, Group, GroupLink, course as _load_course

#: The years the time axis shows at least (the issue's 2003-2024).
YEARS = (2003, 2024)
#: The wide drawing's size (viewBox units, drawn at about 1:1 in the book's column).
WIDE_W, LANE_PITCH, TOP = 800, 44, 62
#: The narrow drawing's size, track spacing and characters per line of text.
NARROW_W, TRACK, WRAP = 360, 12, 27

VERBS = {"formed": "formed", "merged into": "merged into", "split from": "split from",
         "pledged to": "pledged allegiance to", "joined": "joined", "renamed": "was renamed"}
#: The order of same-day changes in the narrow drawing: a split before the pledge it led to.
KIND_ORDER = ("split from", "merged into", "formed", "joined", "pledged to", "renamed")
#: How the summary counts each kind of change (singular, plural).
NOUNS = {"formed": ("formation", "formations"), "merged into": ("merger", "mergers"),
         "split from": ("split", "splits"),
         "pledged to": ("pledge of allegiance", "pledges of allegiance"),
         "joined": ("affiliation", "affiliations"), "renamed": ("renaming", "renamings")}
KIND_CLASS = {"formed": "split", "merged into": "merge", "split from": "split",
              "pledged to": "pledge", "joined": "joined", "renamed": "rename"}

CSS = """
.ck-lin{--ck-lin-muted:#4f5661;--ck-lin-grid:rgba(127,127,127,.28);--ck-lin-lane:currentColor;
--ck-lin-merge:#1d5fa8;--ck-lin-split:#9a4d00;--ck-lin-pledge:#a3336b;--ck-lin-halo:#fff;
container-type:inline-size;margin:1.5rem 0}
html[data-theme="dark"] .ck-lin,body[data-jp-theme-light="false"] .ck-lin,body.vscode-dark .ck-lin,
html[theme="dark"] .ck-lin{--ck-lin-muted:#b4bcc8;--ck-lin-merge:#8ab4f8;--ck-lin-split:#f0b37e;
--ck-lin-pledge:#f48fb1;--ck-lin-halo:#161b22}
.ck-lin-title{font-weight:600;font-size:1.05rem;text-align:center;margin:0 0 .4rem}
.ck-lin svg{display:block;width:100%;height:auto;overflow:visible}
.ck-lin-narrow{display:none!important;max-width:480px;margin:0 auto}
@container (max-width:679px){.ck-lin-wide{display:none!important}.ck-lin-narrow{display:block!important}}
.ck-lin-summary{font-size:.9rem;margin:.3rem 0}
.ck-lin-table table{border-collapse:collapse;width:100%;font-size:.85rem}
.ck-lin-table th,.ck-lin-table td{border-bottom:1px solid var(--ck-lin-grid);padding:.25rem .4rem;text-align:left;vertical-align:top}
.ck-lin-table a{color:var(--ck-lin-merge)}
.ck-lin-table small{display:block;color:var(--ck-lin-muted)}
.ck-lin-table summary{cursor:pointer;min-height:44px;display:flex;align-items:center}
@container (max-width:679px){.ck-lin-table thead{display:none}
.ck-lin-table table,.ck-lin-table tbody,.ck-lin-table tr,.ck-lin-table td{display:block}
.ck-lin-table tr{border-bottom:1px solid var(--ck-lin-grid);padding:.3rem 0}
.ck-lin-table td{border:0;padding:.05rem 0}.ck-lin-table td:first-child{font-weight:600}
.ck-lin-table caption{display:block;text-align:left;font-weight:600}
.ck-lin-table td[data-label]::before{content:attr(data-label) ": ";color:var(--ck-lin-muted);font-size:.8rem}}
"""
#: Styles of the drawing itself, shared by the page and the standalone SVG.
SVG_CSS = """
.ck-lin-svg text{fill:currentColor;font-family:system-ui,-apple-system,"Segoe UI",sans-serif}
.ck-lin-svg .ck-lin-name{font-size:15px;font-weight:600}
.ck-lin-svg .ck-lin-date{font-size:13.5px}
.ck-lin-svg .ck-lin-year{font-size:13px;fill:var(--ck-lin-muted)}
.ck-lin-svg .ck-lin-grid{stroke:var(--ck-lin-grid);stroke-width:1}
.ck-lin-svg .ck-lin-bar{stroke:var(--ck-lin-lane);stroke-width:6;stroke-linecap:round;fill:none}
.ck-lin-svg .ck-lin-global{stroke-width:2.5;stroke-dasharray:2 5}
.ck-lin-svg .ck-lin-undated{stroke-dasharray:3 4;stroke-width:3}
.ck-lin-svg .ck-lin-track{stroke:var(--ck-lin-lane);stroke-width:2.5;fill:none;opacity:.75}
.ck-lin-svg .ck-lin-dot{fill:currentColor}
.ck-lin-svg .ck-lin-merge{stroke:var(--ck-lin-merge);fill:var(--ck-lin-merge)}
.ck-lin-svg .ck-lin-split{stroke:var(--ck-lin-split);fill:var(--ck-lin-split)}
.ck-lin-svg .ck-lin-pledge,.ck-lin-svg .ck-lin-joined{stroke:var(--ck-lin-pledge);fill:var(--ck-lin-pledge)}
.ck-lin-svg .ck-lin-rename{stroke:currentColor;fill:currentColor}
.ck-lin-svg line.ck-lin-merge,.ck-lin-svg line.ck-lin-split,.ck-lin-svg line.ck-lin-pledge,
.ck-lin-svg line.ck-lin-joined,.ck-lin-svg line.ck-lin-rename{stroke-width:2.2}
.ck-lin-svg line.ck-lin-pledge{stroke-dasharray:1.5 3.5;stroke-linecap:round}
.ck-lin-svg line.ck-lin-joined{stroke-dasharray:6 4}
.ck-lin-svg .ck-lin-halo{paint-order:stroke;stroke:var(--ck-lin-halo);stroke-width:4px;stroke-linejoin:round}
"""


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


def short_date(d: Date) -> str:
    """The label on the diagram: "Mar 2017", or the year alone at year precision."""
    return f"{calendar.month_abbr[d.month]} {d.year}" if d.month else str(d.year)


def _year(d: Date) -> float:
    """The date as a fractional year, at the middle of its precision (plotting position)."""
    m = d.midpoint()
    start = m.replace(month=1, day=1)
    days = 366 if calendar.isleap(m.year) else 365
    return m.year + ((m - start).days + 0.5) / days


def _wrap(text: str, width: int = WRAP) -> list[str]:
    """Greedy word wrap (SVG text does not wrap by itself)."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return lines + ([line] if line else [])


@dataclass
class Lane:
    """One horizontal lane: a group, and the groups it was renamed as."""

    index: int
    groups: list[Group] = field(default_factory=list)
    end: GroupLink | None = None

    @property
    def is_global(self) -> bool:
        return self.groups[0].scope == "global"

    @property
    def start(self) -> Date | None:
        return self.groups[0].formed


class LineageDiagram:
    """The lineage of the armed groups of ``data/groups/`` (or of the given ids).

    Args:
        groups: group ids to draw (default: all, in the files' order); links to groups left
            out are left out too.
        course: a loaded course (default: this repository's).
        title: the diagram's title.
    """

    def __init__(self, groups: list[str] | None = None, course: Course | None = None,
                 title: str | None = None):
        self.course = c = course or _load_course()
        if not c.groups:
            raise ValueError("the course has no groups (data/groups/*.yaml)")
        ids = list(c.groups) if groups is None else list(groups)
        missing = [g for g in ids if g not in c.groups]
        if missing:
            raise ValueError(f"unknown group id(s): {', '.join(missing)}")
        self.groups = [c.groups[g] for g in ids]
        keep = set(ids)
        self.links = sorted((link for g in self.groups for link in g.links if link.target in keep),
                            key=lambda x: (x.date.sort_key, x.id))
        self.title = title or "Who is who: the armed groups' lineage"
        self.lanes = self._lanes()
        self.lane_of = {g.id: lane for lane in self.lanes for g in lane.groups}
        dates = [g.formed for g in self.groups if g.formed] + [x.date for x in self.links]
        self.y0 = min([YEARS[0]] + [d.year for d in dates if d.year >= YEARS[0]])
        self.y1 = max([YEARS[1]] + [d.year for d in dates]) + 1

    # ------------------------------------------------------------------ structure
    def _lanes(self) -> list[Lane]:
        """One lane per group, except that a renamed group continues its predecessor's lane."""
        lanes: list[Lane] = []
        by_group: dict[str, Lane] = {}
        renamed_to = {x.target: x for x in self.links if x.kind == "renamed"}
        for g in self.groups:
            prev = renamed_to.get(g.id)
            lane = by_group.get(prev.source) if prev else None
            if lane is None:
                lane = Lane(len(lanes))
                lanes.append(lane)
            lane.groups.append(g)
            by_group[g.id] = lane
        for lane in lanes:
            last = lane.groups[-1]
            lane.end = next((x for x in self.links if x.source == last.id and x.kind in ENDING_LINKS), None)
        return lanes

    def created_by_link(self, g: Group) -> bool:
        """Is the group's formation one of the links (a split, a merger, a renaming)?"""
        return any((x.kind == "split from" and x.source == g.id)
                   or (x.kind in ("merged into", "renamed", "formed") and x.target == g.id)
                   for x in self.links)

    def sentence(self, links: list[GroupLink]) -> str:
        """What happened, in words: "MUJAO and al-Mulathamun merged into al-Mourabitoun"."""
        first = links[0]
        names = [self.course.groups[x.source].short for x in links]
        who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        if first.label:
            return f"{who} {first.label}"
        return f"{who} {VERBS[first.kind]} {self.course.groups[first.target].short}"

    def events(self) -> list[tuple[Date, list[GroupLink]]]:
        """The links grouped by (date, kind, target): one row of the narrow drawing each."""
        out: dict[tuple, list[GroupLink]] = {}
        for x in self.links:
            out.setdefault((x.date.sort_key, x.kind, x.target, x.label), []).append(x)
        return [(v[0].date, v) for _, v in sorted(out.items(), key=lambda kv: kv[0][:1])]

    # ------------------------------------------------------------------ wide drawing
    def x(self, d: Date) -> float:
        lo, hi = 16, WIDE_W - 16
        t = (_year(d) - self.y0) / (self.y1 - self.y0)
        return lo + max(0.0, min(1.0, t)) * (hi - lo)

    def lane_y(self, lane: Lane) -> float:
        return TOP + lane.index * LANE_PITCH

    def _arrow(self, x: float, y1: float, y2: float, cls: str) -> str:
        """A vertical connector from y1 to y2 with its head at y2."""
        d = 1 if y2 > y1 else -1
        tip = y2 - d * 5
        return (f'<line class="ck-lin-{cls}" x1="{x:.1f}" y1="{y1 + d * 4:.1f}" x2="{x:.1f}" '
                f'y2="{tip - d * 5:.1f}"/><path class="ck-lin-{cls}" d="M{x - 4.5:.1f} '
                f'{tip - d * 8:.1f}L{x + 4.5:.1f} {tip - d * 8:.1f}L{x:.1f} {tip:.1f}Z"/>')

    def wide_svg(self, uid: str, standalone: bool = False) -> str:
        """Time left to right, a lane per group, arrows between lanes, dates from the data."""
        h = TOP + len(self.lanes) * LANE_PITCH + 62
        out = []
        for year in range(self.y0, self.y1 + 1):
            x = self.x(Date(year, 1, 1))
            out.append(f'<line class="ck-lin-grid" x1="{x:.1f}" y1="22" x2="{x:.1f}" y2="{h - 66}"/>')
            if year < self.y1:
                label = str(year) if (year - self.y0) % 2 == 0 else f"\u2019{year % 100:02d}"
                out.append(f'<text class="ck-lin-year" x="{self.x(Date(year, 7, 1)):.1f}" y="16" '
                           f'text-anchor="middle">{label}</text>')
        texts: list[str] = []  # drawn last, over the arrows, each with a halo
        for lane in self.lanes:
            out.append(self._wide_lane(lane, texts))
        labelled: set[tuple] = set()
        for x in self.links:
            out.append(self._wide_link(x, labelled, texts))
        out += texts
        out.append(self._legend(h - 46))
        return self._svg(uid, WIDE_W, h, "".join(out), "ck-lin-wide", standalone)

    def _wide_lane(self, lane: Lane, texts: list[str]) -> str:
        y, lo, hi = self.lane_y(lane), 16, WIDE_W - 16
        x0 = self.x(lane.start) if lane.start else lo
        x1 = self.x(lane.end.date) if lane.end else hi
        ids = " ".join(g.id for g in lane.groups)
        parts = [f'<g class="ck-lin-lane" data-groups="{ids}">']
        if lane.is_global:
            parts.append(f'<line class="ck-lin-bar ck-lin-global" x1="{lo}" y1="{y}" x2="{hi}" y2="{y}"/>')
        elif lane.start is None:
            parts.append(f'<line class="ck-lin-bar ck-lin-undated" x1="{lo}" y1="{y}" x2="{lo + 34}" y2="{y}"/>'
                         f'<line class="ck-lin-bar" x1="{lo + 34}" y1="{y}" x2="{x1:.1f}" y2="{y}"/>')
        else:
            parts.append(f'<line class="ck-lin-bar" x1="{x0:.1f}" y1="{y}" x2="{x1:.1f}" y2="{y}"/>')
        if not lane.end and not lane.is_global:
            parts.append(f'<path class="ck-lin-dot" d="M{hi + 2} {y - 6}L{hi + 12} {y}L{hi + 2} {y + 6}Z"/>')
        for i, g in enumerate(lane.groups):
            gx = x0 if i == 0 else self.x(self._renamed_on(g).date)
            name = g.short
            if i == 0 and g.formed and g.formed.year < self.y0:
                name += f" ({g.formed.year})"
            anchor, tx = ("end", hi) if gx > hi - 150 else ("start", gx + 8)
            texts.append(f'<text class="ck-lin-name ck-lin-halo" data-group="{g.id}" x="{tx:.1f}" '
                         f'y="{y - 10}" text-anchor="{anchor}">{_esc(name)}</text>')
            if i == 0 and g.formed and g.formed.year >= self.y0 and not self.created_by_link(g):
                texts.append(f'<text class="ck-lin-date ck-lin-halo" data-formed="{g.id}" '
                             f'x="{gx + 1:.1f}" y="{y + 19}">'
                             f'{_esc(self._date_text(g.formed, g.certainty))}</text>')
        return "".join(parts) + "</g>"

    def _renamed_on(self, g: Group) -> GroupLink:
        return next(x for x in self.links if x.kind == "renamed" and x.target == g.id)

    @staticmethod
    def _date_text(d: Date, certainty: str = "confirmed") -> str:
        return ("c. " if certainty != "confirmed" else "") + short_date(d)

    def _wide_link(self, link: GroupLink, labelled: set, texts: list[str]) -> str:
        """A link's arrow (from the parent, for a split) and, once per lane and date, its date."""
        cls = KIND_CLASS[link.kind]
        x = self.x(link.date) + (6 if link.kind in ("pledged to", "joined") else 0)
        src, dst = self.lane_of[link.source], self.lane_of[link.target]
        if link.kind == "split from":
            src, dst = dst, src
        ys, yd = self.lane_y(src), self.lane_y(dst)
        parts = [f'<g class="ck-lin-link" data-link="{_esc(link.id)}">']
        if link.kind == "renamed":
            parts.append(f'<line class="ck-lin-rename" x1="{x:.1f}" y1="{ys - 7}" x2="{x:.1f}" y2="{ys + 7}"/>')
        else:
            parts.append(self._arrow(x, ys, yd, cls))
        key = (dst.index, link.date.sort_key, link.kind in ("pledged to", "joined"))
        if key not in labelled:
            labelled.add(key)
            texts.append(f'<text class="ck-lin-date ck-lin-halo" data-date-of="{_esc(link.id)}" '
                         f'x="{x + 5:.1f}" y="{yd + 19}">'
                         f'{_esc(self._date_text(link.date, link.certainty))}</text>')
        return "".join(parts) + "</g>"

    def _legend(self, y: float) -> str:
        items = [("merge", "merged into"), ("split", "split from"), ("pledge", "pledged allegiance to"),
                 ("joined", "joined"), ("rename", "renamed")]
        out, x = [], 16
        for cls, text in items:
            if cls == "rename":
                out.append(f'<line class="ck-lin-rename" x1="{x + 12}" y1="{y - 11}" x2="{x + 12}" y2="{y + 3}"/>')
            else:
                out.append(f'<line class="ck-lin-{cls}" x1="{x}" y1="{y - 4}" x2="{x + 26}" y2="{y - 4}"/>')
            out.append(f'<text class="ck-lin-date" x="{x + 32}" y="{y}">{text}</text>')
            x += 40 + len(text) * 7.4
        out.append(f'<text class="ck-lin-year" x="16" y="{y + 22}">\u25b6 at a lane\u2019s end: no later '
                   'change recorded in the course\u2019s data; dotted start: founding date not '
                   'recorded;</text>'
                   f'<text class="ck-lin-year" x="16" y="{y + 38}">\u201cc.\u201d: approximate, or '
                   'sources differ (the table says which); dotted bands: organizations outside the '
                   'Sahel</text>')
        return "".join(out)

    # ------------------------------------------------------------------ narrow drawing
    def narrow_svg(self, uid: str) -> str:
        """Time top to bottom, one row per change, the groups as tracks on the left."""
        tx = 10 + len(self.lanes) * TRACK + 6
        rows: list[tuple[str, list[str], list[str], list[GroupLink]]] = []
        undated = [g.short for g in self.groups if g.formed is None]
        if undated:
            rows.append(("Not dated here", _wrap("Founding not recorded: " + ", ".join(undated)),
                         [g.id for g in self.groups if g.formed is None], []))
        items: list[tuple[tuple, str, list[str], list[str], list[GroupLink]]] = []
        for g in self.groups:
            if g.formed and not self.created_by_link(g):
                items.append(((g.formed.sort_key, 0), self._date_text(g.formed, g.certainty),
                              _wrap(f"{g.short} formed"), [g.id], []))
        for d, links in self.events():
            cert = "confirmed" if all(x.certainty == "confirmed" for x in links) else "approximate"
            ids = [x.source for x in links] + [links[0].target]
            items.append(((d.sort_key, 1 + KIND_ORDER.index(links[0].kind)), self._date_text(d, cert), _wrap(self.sentence(links)), ids, links))
        for _, date, lines, ids, links in sorted(items, key=lambda t: t[0]):
            rows.append((date, lines, ids, links))
        body, y, first_y, last_y = [], 10.0, {}, {}
        for date, lines, ids, links in rows:
            cy = y + 13
            for gid in ids:
                lane = self.lane_of[gid]
                first_y.setdefault(lane.index, cy)
                last_y[lane.index] = cy
            attr = f' data-link="{_esc(" ".join(x.id for x in links))}"' if links else ""
            body.append(f'<g class="ck-lin-row"{attr}>')
            xs = sorted({10 + self.lane_of[g].index * TRACK for g in ids})
            if links and len(xs) > 1 and links[0].kind != "renamed":
                cls = KIND_CLASS[links[0].kind]
                body.append(f'<line class="ck-lin-{cls}" x1="{xs[0]}" y1="{cy}" x2="{xs[-1]}" y2="{cy}"/>')
            for px in xs:
                body.append(f'<circle class="ck-lin-dot" cx="{px}" cy="{cy}" r="4"/>')
            body.append(f'<text class="ck-lin-name" x="{tx}" y="{cy + 5}">{_esc(date)}</text>')
            for i, line in enumerate(lines):
                body.append(f'<text class="ck-lin-date" x="{tx}" y="{cy + 24 + i * 17}">{_esc(line)}</text>')
            body.append("</g>")
            y += 30 + 17 * len(lines)
        h = y + 6
        tracks = []
        for lane in self.lanes:
            px = 10 + lane.index * TRACK
            top = 4 if lane.start is None else first_y.get(lane.index, 4)
            bottom = last_y.get(lane.index, h) if lane.end else h - 2
            cls = "ck-lin-track ck-lin-global" if lane.is_global else "ck-lin-track"
            tracks.append(f'<line class="{cls}" x1="{px}" y1="{top:.0f}" x2="{px}" y2="{bottom:.0f}"/>')
        return self._svg(uid, NARROW_W, h, "".join(tracks) + "".join(body), "ck-lin-narrow")

    # ------------------------------------------------------------------ frame
    def _svg(self, uid: str, w: float, h: float, inner: str, cls: str, standalone: bool = False) -> str:
        style = ""
        if standalone:
            dark = ("@media (prefers-color-scheme:dark){.ck-lin-svg{--ck-lin-muted:#b4bcc8;"
                    "--ck-lin-merge:#8ab4f8;--ck-lin-split:#f0b37e;--ck-lin-pledge:#f48fb1;"
                    "--ck-lin-halo:#161b22;--ck-lin-bg:#161b22;color:#e3e6ea}}")
            light = (".ck-lin-svg{--ck-lin-muted:#4f5661;--ck-lin-grid:rgba(127,127,127,.28);"
                     "--ck-lin-lane:currentColor;--ck-lin-merge:#1d5fa8;--ck-lin-split:#9a4d00;"
                     "--ck-lin-pledge:#a3336b;--ck-lin-halo:#fff;--ck-lin-bg:#fff;color:#1f2328}"
                     ".ck-lin-bg{fill:var(--ck-lin-bg)}")
            # its own background: an <img> of it may sit on a page of the other colour scheme
            style = (f'<style>{light}{SVG_CSS}{dark}</style><rect class="ck-lin-bg" x="-8" y="-8" '
                     f'width="{w + 16:.0f}" height="{h + 16:.0f}"/>')
        pad = 8 if standalone else 0
        size = f' xmlns="http://www.w3.org/2000/svg" width="{w + 16:.0f}" height="{h + 16:.0f}"' \
            if standalone else ""
        return (f'<svg{size} class="ck-lin-svg {cls}" viewBox="{-pad} {-pad} {w + 2 * pad:.0f} '
                f'{h + 2 * pad:.0f}" role="img" '
                f'aria-labelledby="{uid}-t {uid}-d"><title id="{uid}-t">{_esc(self.title)}</title>'
                f'<desc id="{uid}-d">{_esc(self.summary())}</desc>{style}{inner}</svg>')

    def summary(self) -> str:
        """The sentence that says what the diagram shows (counts and dates from the data)."""
        kinds: dict[str, int] = {}
        for x in self.links:
            kinds[x.kind] = kinds.get(x.kind, 0) + 1
        parts = [f"{n} {NOUNS[k][n != 1]}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1])]
        dates = sorted([x.date for x in self.links], key=lambda d: d.sort_key)
        span = f", from {dates[0].label()} to {dates[-1].label()}" if dates else ""
        return (f"The diagram shows {len(self.groups)} armed groups and {len(self.links)} changes "
                f"between them ({', '.join(parts)}){span}; the table below lists each with its "
                "date and sources.")

    def _sources(self, keys) -> str:
        out = []
        for k in keys:
            s = self.course.sources[k]
            text = f"{_esc(s.publisher)}, {_esc(s.date)}"
            out.append(f'<a href="{_esc(s.url)}">{text}</a>' if s.url else text)
        return "; ".join(out)

    def table_html(self) -> str:
        """The text alternative: every group, every link, with dates, notes and sources."""
        rows = []
        for g in self.groups:
            formed = _esc(g.formed.label()) if g.formed else "not recorded"
            if g.note:
                formed += f"<small>{_esc(g.note)}</small>"
            names = f"<small>{_esc('; '.join(g.names))}</small>" if g.names else ""
            group = f"{_esc(g.name)}{names}"
            mine = [x for x in self.links if x.source == g.id]
            if not mine:
                rows.append(f'<tr data-group="{g.id}"><td>{group}</td><td data-label="Formed">'
                            f'{formed}</td><td data-label="What happened">\u2014</td><td '
                            f'data-label="When">\u2014</td><td data-label="Sources">'
                            f'{self._sources(g.sources)}</td></tr>')
            for x in mine:
                when = _esc(x.date.label()) + (f"<small>{_esc(x.note)}</small>" if x.note else "")
                rows.append(f'<tr data-group="{g.id}" data-link="{_esc(x.id)}"><td>{group}</td>'
                            f'<td data-label="Formed">{formed}</td><td data-label="What happened">'
                            f'{_esc(self.sentence([x]))}</td><td data-label="When">{when}</td>'
                            f'<td data-label="Sources">{self._sources(x.sources)}</td></tr>')
        return ('<details class="ck-lin-table"><summary>The diagram as a table (text alternative)'
                f'</summary><table><caption>{_esc(self.title)}</caption><thead><tr>'
                '<th scope="col">Group</th><th scope="col">Formed</th><th scope="col">What happened'
                '</th><th scope="col">When</th><th scope="col">Sources</th></tr></thead><tbody>'
                f'{"".join(rows)}</tbody></table></details>')

    def to_html(self) -> str:
        """The figure: style, both drawings, the summary and the table (no script)."""
        LineageDiagram._count += 1
        uid = f"ck-lin-{LineageDiagram._count}"
        return (f'<figure class="ck-lin" aria-label="{_esc(self.title)}"><style>{CSS}{SVG_CSS}</style>'
                f'<p class="ck-lin-title">{_esc(self.title)}</p>{self.wide_svg(uid + "w")}'
                f'{self.narrow_svg(uid + "n")}<figcaption><p class="ck-lin-summary">'
                f'{_esc(self.summary())}</p>{self.table_html()}</figcaption></figure>')

    _count = 0

    def to_text(self) -> str:
        """Plain text: the summary and one line per change, with its sources' keys."""
        lines = [self.title, self.summary()]
        for x in self.links:
            lines.append(f"- {x.date.label()}: {self.sentence([x])} [{', '.join(x.sources)}]")
        return "\n".join(lines)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.to_html(), "image/svg+xml": self.wide_svg("ck-lin-svg", True),
                "text/plain": self.to_text()}


def lineage_diagram(groups: list[str] | None = None) -> LineageDiagram:
    """The armed groups' lineage (all groups of ``data/groups/``, or the given ids)."""
    return LineageDiagram(groups)
