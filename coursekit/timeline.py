"""Interactive timelines built from the events data, with a text alternative.

``timeline(concern="minusma")`` returns a :class:`Timeline`. In a live kernel it shows as a
plotly figure (zoom, pan, hover); in the static book as the same figure drawn by the
plotly.js the book serves itself, plus a details panel filled on click and a table listing
every event with its date, summary and sources, for readers who cannot use the chart.
Plotting code opens no files: it is handed a loaded :class:`~coursekit.data.Course`.
"""

from __future__ import annotations

import datetime as _dt
import html
import json
from dataclasses import dataclass
from pathlib import Path

from .data import CONCERNS, Course, Event, course as _load_course

#: Colour per concern (colour-blind-safe Okabe-Ito palette).
COLOURS = {
    "minusma": "#0072B2",
    "security": "#D55E00",
    "russia": "#CC79A7",
    "jihadism": "#E69F00",
    "politics": "#009E73",
    "region": "#56B4E9",
    "warnings": "#000000",
}
LANES = 5

#: The output the book renders (coursekit.sphinxext): the chart's spec and the ids of its
#: events, whose details come from the book's one shared, cached events script.
BOOK_MIME = "application/vnd.coursekit.timeline+json"


def assign_lanes(dates, lanes: int = LANES) -> list[int]:
    """Stack events that are close in time on different rows so each stays clickable.

    Greedy: each event (in date order) takes the lowest row whose last event is at least a
    fortieth of the whole span earlier; when every row is busy, the row free the longest.
    """
    if not dates:
        return []
    span = max((dates[-1] - dates[0]).days, 1)
    gap = span / 40
    last: list = [None] * lanes
    out = []
    for d in dates:
        free = [i for i in range(lanes) if last[i] is None or (d - last[i]).days >= gap]
        lane = free[0] if free else min(range(lanes), key=lambda i: last[i])
        last[lane] = d
        out.append(lane + 1)
    return out


@dataclass(frozen=True)
class Era:
    """A shaded band on a timeline, from one event's date to another's."""

    id: str
    label: str
    start: str
    end: str


def load_eras(c: Course) -> list[Era]:
    """Read ``data/eras.yaml``: bands whose ends are event ids, so no date is typed twice."""
    import yaml

    from .errors import DataError

    path = c.root / "data" / "eras.yaml"
    if not path.exists():
        return []
    eras = []
    for i, rec in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or []):
        where = f"data/eras.yaml, era `{rec.get('id', '#%d' % (i + 1))}`"
        for k in ("id", "label", "start", "end"):
            if not rec.get(k):
                raise DataError(f"{where}: missing `{k}`; an era needs id, label, start and end event ids")
        for k in ("start", "end"):
            if rec[k] not in c.events:
                raise DataError(f"{where}: `{k}` names unknown event `{rec[k]}`; use an event id from data/events/")
        eras.append(Era(rec["id"], rec["label"], rec["start"], rec["end"]))
    return eras


def _primary(ev: Event, concern: str | None = None) -> str:
    """The concern an event belongs to first: the chapter whose file holds it.

    A chapter's timeline shows events that other chapters own in those chapters' colours,
    so readers see where the story crosses into another concern.
    """
    owner = Path(ev.file).stem
    return owner if owner in ev.concerns else ev.concerns[0]


def _source_line(c: Course, key: str) -> str:
    s = c.sources[key]
    return f"{s.publisher}, {s.title} ({s.date})"


class Timeline:
    """Events of one concern (or all) as an interactive chart and an accessible table.

    Args:
        concern: one of :data:`coursekit.data.CONCERNS`, or None for every event.
        start, end: ISO dates ("2012", "2013-04") bounding the events shown.
        title: heading of the chart; defaults to the concern's name.
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

    # -- the figure ----------------------------------------------------------------
    def figure(self, details_in_hover: bool = True):
        """The plotly figure. ``details_in_hover=False`` keeps summaries and sources out of
        the figure's JSON, for pages whose table and details panel already carry them."""
        import plotly.graph_objects as go

        c = self.course
        fig = go.Figure()
        by_concern: dict[str, list[tuple[int, Event]]] = {}
        rows = assign_lanes([ev.date.midpoint() for ev in self.events])
        for lane, ev in zip(rows, self.events):
            by_concern.setdefault(_primary(ev, self.concern), []).append((lane, ev))
        for concern, items in sorted(by_concern.items(), key=lambda kv: list(CONCERNS).index(kv[0])):
            fig.add_trace(go.Scatter(
                x=[ev.date.midpoint().isoformat() for _, ev in items],
                y=[lane for lane, _ in items],
                mode="markers",
                marker={"size": 14, "color": COLOURS[concern], "line": {"width": 1, "color": "#fff"},
                        "symbol": ["diamond" if ev.certainty != "confirmed" else "circle"
                                   for _, ev in items]},
                name=CONCERNS[concern],
                customdata=[[ev.id, str(ev.date), ev.title,
                             " (" + ev.certainty + ")" if ev.certainty != "confirmed" else "",
                             *([_wrap(ev.summary), _wrap(_source_line(c, ev.sources[0]))]
                               if details_in_hover else [])]
                            for _, ev in items],
                hovertemplate=("<b>%{customdata[2]}</b><br>%{customdata[1]}%{customdata[3]}<br>"
                               + ("%{customdata[4]}<br><i>Source: %{customdata[5]}</i>"
                                  if details_in_hover else "<i>Select for details and sources</i>")
                               + "<extra></extra>"),
            ))
        first, last = self.events[0].date.midpoint(), self.events[-1].date.midpoint()
        pad = max((last - first) * 0.08, _dt.timedelta(days=90))  # room at the ends
        for era in self.eras:
            # clipped to the period shown, so the band's label stays in view
            x0 = max(c.events[era.start].date.midpoint(), first - pad).isoformat()
            x1 = min(c.events[era.end].date.midpoint(), last + pad).isoformat()
            fig.add_vrect(x0=x0, x1=x1, fillcolor="#999", opacity=0.12, line_width=0,
                          annotation_text=era.label, annotation_position="top left",
                          annotation_font_size=10)
        fig.update_layout(
            # the static page puts the title in HTML above the chart, where it can wrap
            title={"text": self.title, "font": {"size": 16}, "y": 0.98, "yanchor": "top"}
            if details_in_hover else None,
            height=470 if details_in_hover else 380,
            margin={"l": 10, "r": 10, "t": 150 if details_in_hover else 10, "b": 10},
            yaxis={"visible": False, "range": [0.4, LANES + 0.8], "fixedrange": True},
            xaxis={"type": "date", "gridcolor": "#e5e5e5", "linecolor": "#999", "rangeslider": {"visible": True, "thickness": 0.08},
                   "range": [(first - pad).isoformat(), (last + pad).isoformat()],
                   "showgrid": True},
            legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom",
                    "font": {"size": 11}, "title": {"text": "Chapter: "}},
            showlegend=True,
            hoverlabel={"align": "left"},
            plot_bgcolor="#fff", paper_bgcolor="#fff", template="none",
            font={"family": "system-ui, sans-serif", "color": "#222"},
            dragmode="zoom",
        )
        return fig

    # -- text alternative --------------------------------------------------------------
    def table_html(self) -> str:
        c = self.course
        rows = []
        for ev in self.events:
            srcs = []
            for k in ev.sources:
                s = c.sources[k]
                label = html.escape(f"{s.publisher}, \u201c{s.title}\u201d, {s.date}")
                srcs.append(f'<a href="{html.escape(s.url)}">{label}</a>' if s.url else label)
            cert = "" if ev.certainty == "confirmed" else (
                f' <span class="ck-uncertain">({html.escape(ev.certainty)}: {html.escape(ev.note or "")})</span>')
            rows.append(
                f'<tr id="{self.slug}-{ev.id}"><td><time datetime="{ev.date.iso()}">{html.escape(str(ev.date))}'
                f'</time></td><td><b>{html.escape(ev.title)}</b>. {html.escape(ev.summary)}{cert}</td>'
                f'<td>{"; ".join(srcs)}</td></tr>')
        return (f'<details class="ck-timeline-table"><summary>The {len(self.events)} events as a table '
                f'(text alternative)</summary><table><caption>{html.escape(self.title)}</caption>'
                '<thead><tr><th scope="col">Date</th><th scope="col">Event</th><th scope="col">Source</th>'
                f'</tr></thead><tbody>{"".join(rows)}</tbody></table></details>')

    def _chart_div(self, fig) -> str:
        import plotly.io as pio

        return pio.to_html(fig, include_plotlyjs=False, include_mathjax=False,
                           full_html=False, div_id=f"ck-{self.slug}", config=CHART_CONFIG)

    def _frame(self, chart: str, caption: str) -> str:
        return (f'<figure class="ck-timeline" id="{self.slug}" aria-label="{html.escape(self.title)}">'
                f'<p class="ck-timeline-title">{html.escape(self.title)}</p>'
                f'{chart}<div class="ck-timeline-detail" aria-live="polite">'
                'Select an event for its details and sources; drag to zoom, double-click to reset.</div>'
                f'<figcaption>{caption}</figcaption></figure>')

    def to_html(self) -> str:
        """Self-contained HTML: the chart (needs plotly.js on the page), a details panel and
        the table of events. Notebook front ends without plotly's renderer show this."""
        return self._frame(self._chart_div(self.figure(details_in_hover=False)), self.table_html())

    def book_html(self) -> str:
        """The same figure for the book, holding each event's details once per site.

        The page carries the chart's layout and each event's id; ``timeline.js`` draws the
        chart and fills the table from ``ck-events.js`` (:func:`events_script`), which every
        timeline page shares and the browser caches. Chart and table are the same as
        :meth:`to_html`'s.
        """
        fig = json.loads(self.figure(details_in_hover=False).to_json())
        for trace in fig["data"]:
            trace["customdata"] = [[row[0]] for row in trace["customdata"]]
        spec = {"data": fig["data"], "layout": fig["layout"], "config": CHART_CONFIG}
        text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"))
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        height = spec["layout"].get("height", 380)
        chart = (f'<div id="ck-{self.slug}" class="plotly-graph-div ck-timeline-chart" '
                 f'style="height:{height}px; width:100%;"></div>'
                 f'<script type="application/json" class="ck-timeline-spec">{text}</script>')
        ids = " ".join(ev.id for ev in self.events)
        table = (f'<details class="ck-timeline-table" data-events="{ids}"><summary>The '
                 f'{len(self.events)} events as a table (text alternative)</summary><table><caption>'
                 f'{html.escape(self.title)}</caption><thead><tr><th scope="col">Date</th>'
                 '<th scope="col">Event</th><th scope="col">Source</th></tr></thead><tbody></tbody>'
                 '</table></details><noscript><p>The chart and its table of events need JavaScript. '
                 'The chapter\'s notebook (download button) holds the same table.</p></noscript>')
        return self._frame(chart, table)

    def _repr_mimebundle_(self, include=None, exclude=None):
        fig = self.figure()
        return {
            "application/vnd.plotly.v1+json": json.loads(fig.to_json()),
            BOOK_MIME: {"html": self.book_html()},
            "text/html": self.to_html(),
            "text/plain": f"<Timeline {self.title}: {len(self.events)} events>",
        }


CHART_CONFIG = {"responsive": True, "displaylogo": False, "doubleClick": "reset",
                "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


def events_script(c: Course) -> str:
    """``ck-events.js``: every event's date, title, summary and sources, once for the site.

    Timelines in the book list their events by id (:meth:`Timeline.book_html`); this script
    gives ``timeline.js`` the rest, as ``window.CK_EVENTS``.
    """
    events, sources = {}, {}
    for ev in sorted(c.events.values(), key=lambda e: (e.date.sort_key, e.id)):
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
            f"window.CK_EVENTS = {data};\n")


def _wrap(text: str, width: int = 60) -> str:
    import textwrap

    return "<br>".join(textwrap.wrap(text, width))


def timeline(concern: str | None = None, start: str | None = None, end: str | None = None,
             title: str | None = None) -> Timeline:
    """The notebook entry point: ``timeline("minusma")``. See :class:`Timeline`."""
    return Timeline(concern, start, end, title)
