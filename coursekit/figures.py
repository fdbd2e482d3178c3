"""Figures from the data as tables and bar charts, each number shown with its measure and source.

``figure_table(["a", "b"])`` lists figures side by side (the way to show two countings of the
same thing); ``bar_chart(["deaths-2021", "deaths-2022"], "...")`` draws them as bars, with the
same table underneath as its text alternative. A range (``low``/``high``) is drawn as a bar to
its low end with an error bar to its high end, never as one invented number.
"""

from __future__ import annotations

import html
import json

from .data import Course, Figure, course as _load_course, format_number


def _period(f: Figure) -> str:
    if f.period and (f.period[0] or f.period[1]):
        a, b = f.period
        if a and b:
            return str(a) if a == b else f"{a} to {b}"
        return f"from {a}" if a else f"until {b}"
    return f"as of {f.as_of}" if f.as_of else ""


def _value(c: Course, f: Figure) -> str:
    return c.format_value(f.id)


def _sources_html(c: Course, keys) -> str:
    out = []
    for k in keys:
        s = c.sources[k]
        label = html.escape(f"{s.publisher}, \u201c{s.title}\u201d, {s.date}")
        out.append(f'<a href="{html.escape(s.url)}">{label}</a>' if s.url else label)
    return "; ".join(out)


class FigureTable:
    """Figures as an accessible table: value, what it measures, period, source, certainty."""

    def __init__(self, ids, title: str | None = None, course: Course | None = None):
        self.course = course or _load_course()
        self.figures = [self.course._get(self.course.figures, i, "figure") for i in ids]
        if not self.figures:
            raise ValueError("figure_table needs at least one figure id from data/figures/")
        self.title = title or "Figures"

    def to_html(self, open_: bool = True) -> str:
        c = self.course
        rows = []
        for f in self.figures:
            cert = "" if f.certainty == "confirmed" else (
                f'<br><span class="ck-uncertain">{html.escape(f.certainty)}: {html.escape(f.note or "")}</span>')
            rows.append(
                f'<tr id="fig-{f.id}"><th scope="row">{html.escape(f.label)}</th>'
                f'<td class="ck-num">{html.escape(_value(c, f))}</td>'
                f'<td>{html.escape(f.measure)}{cert}</td><td>{html.escape(_period(f))}</td>'
                f'<td>{_sources_html(c, f.sources)}</td></tr>')
        return (f'<div class="ck-figtable"><table><caption>{html.escape(self.title)}</caption>'
                '<thead><tr><th scope="col">Figure</th><th scope="col">Value</th>'
                '<th scope="col">What is counted</th><th scope="col">Period</th>'
                f'<th scope="col">Source</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>')

    def _repr_mimebundle_(self, include=None, exclude=None):
        text = "\n".join(f"{f.label}: {_value(self.course, f)} ({f.measure})" for f in self.figures)
        return {"text/html": self.to_html(), "text/plain": text}


class BarChart:
    """Figures as bars (one per figure, labelled by ``labels`` or the figure's label)."""

    def __init__(self, ids, title: str, labels=None, course: Course | None = None):
        self.table = FigureTable(ids, title, course)
        self.course = self.table.course
        self.title = title
        self.labels = list(labels) if labels else [f.label for f in self.table.figures]
        if len(self.labels) != len(self.table.figures):
            raise ValueError(f"bar_chart: {len(self.labels)} labels for {len(self.table.figures)} figures")
        units = {f.unit for f in self.table.figures}
        if len(units) != 1:
            raise ValueError(f"bar_chart: figures with different units {sorted(units)} cannot share an axis")
        self.unit = units.pop()
        self.slug = "chart-" + "-".join(f.id for f in self.table.figures[:2])

    def figure(self, titled: bool = True):
        """The plotly figure; ``titled=False`` leaves the title to the HTML around it, where it
        wraps on a phone instead of being clipped (the title says what is counted)."""
        import plotly.graph_objects as go

        figs = self.table.figures
        y = [f.value if f.value is not None else f.low for f in figs]
        extra = [0 if f.value is not None else f.high - f.low for f in figs]
        hover = [f"<b>{html.escape(lbl)}</b><br>{html.escape(self.course.format_value(f.id))}<br>"
                 f"{html.escape(f.measure[:120])}" for lbl, f in zip(self.labels, figs)]
        fig = go.Figure(go.Bar(
            x=self.labels, y=y, marker_color=["#0072B2" if f.certainty == "confirmed" else "#9ecae1"
                                              for f in figs],
            error_y={"type": "data", "symmetric": False, "array": extra, "arrayminus": [0] * len(figs),
                     "visible": any(extra)},
            text=[format_number(v) if e == 0 else f"{format_number(v)}\u2013{format_number(v + e)}"
                  for v, e in zip(y, extra)],
            textposition="outside", hovertext=hover, hoverinfo="text", customdata=[f.id for f in figs],
        ))
        fig.update_layout(title={"text": self.title, "font": {"size": 15}} if titled else None,
                          height=380 if titled else 340,
                          margin={"l": 60, "r": 10, "t": 60 if titled else 24, "b": 40}, template="none",
                          # categories: labels such as "2021" stay labels, not a number line
                          xaxis={"type": "category", "automargin": True},
                          yaxis={"title": {"text": self.unit}, "gridcolor": "#e5e5e5",
                                 "rangemode": "tozero", "automargin": True},
                          font={"family": "system-ui, sans-serif", "color": "#222"},
                          plot_bgcolor="#fff", paper_bgcolor="#fff")
        return fig

    def to_html(self) -> str:
        import plotly.io as pio

        chart = pio.to_html(self.figure(titled=False), include_plotlyjs=False, include_mathjax=False,
                            full_html=False, div_id=f"ck-{self.slug}",
                            config={"responsive": True, "displaylogo": False})
        return (f'<figure class="ck-chart" id="{self.slug}" aria-label="{html.escape(self.title)}">'
                f'<p class="ck-chart-title">{html.escape(self.title)}</p>{chart}'
                f'<figcaption><details class="ck-chart-table"><summary>The figures as a table, with '
                f'their measures and sources</summary>{self.table.to_html()}</details></figcaption></figure>')

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"application/vnd.plotly.v1+json": json.loads(self.figure().to_json()),
                "text/html": self.to_html(),
                "text/plain": f"<BarChart {self.title}: {len(self.labels)} figures>"}


def figure_table(ids, title: str | None = None) -> FigureTable:
    """The notebook entry point: a table of figures from ``data/figures/``."""
    return FigureTable(ids, title)


def bar_chart(ids, title: str, labels=None) -> BarChart:
    """The notebook entry point: figures with one unit as bars, with their table below."""
    return BarChart(ids, title, labels)
