"""Figures from the data as tables and bar charts, each number shown with its measure and source.

``figure_table(["a", "b"])`` lists figures side by side (the way to show two countings of the
same thing); ``bar_chart(["deaths-2021", "deaths-2022"], "...")`` draws them as bars, with the
same table underneath as its text alternative. A range (``low``/``high``) is drawn as a bar to
its low end and a striped bar on to its high end, never as one invented number.
"""

from __future__ import annotations

import html

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
    """Figures with one unit as horizontal bars (one per figure, labelled by ``labels`` or the
    figure's label), drawn in HTML and CSS: no chart library, the same in the book, in live
    notebooks and on paper, readable at 360 px and in dark mode.

    Bars start at zero. A range (``low``/``high``) is a solid bar to its low end and a striped
    one on to its high end, labelled "low–high", never one invented number; a figure whose
    certainty is not "confirmed" is drawn pale, with a dashed edge. The figures' table (value,
    what is counted, period, sources) follows as the text alternative.
    """

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

    def bars(self) -> list[dict]:
        """Each bar: label, its solid and striped extents (per cent of the longest), the value
        as printed, and whether it is uncertain or a range."""
        figs = self.table.figures
        lows = [f.value if f.value is not None else f.low for f in figs]
        highs = [f.value if f.value is not None else f.high for f in figs]
        top = max(highs) or 1
        out = []
        for label, f, lo, hi in zip(self.labels, figs, lows, highs):
            text = format_number(lo) if lo == hi else f"{format_number(lo)}\u2013{format_number(hi)}"
            out.append({"label": label, "id": f.id, "solid": round(100 * lo / top, 2),
                        "range": round(100 * (hi - lo) / top, 2), "text": text,
                        "uncertain": f.certainty != "confirmed"})
        return out

    def to_html(self) -> str:
        bars = self.bars()
        rows = []
        for b in bars:
            cls = "ck-bar" + (" ck-bar-uncertain" if b["uncertain"] else "")
            fill = ("box-sizing:border-box;border:2px dashed var(--ck-bar,#0072B2);background:"
                    "var(--ck-bar-light,#cfe3f1)" if b["uncertain"] else "background:var(--ck-bar,#0072B2)")
            solid = (f'<span class="{cls}" style="position:absolute;left:0;top:0;bottom:0;'
                     f'width:{b["solid"]}%;{fill}"></span>')
            striped = (f'<span class="ck-bar-range" style="position:absolute;left:{b["solid"]}%;'
                       f'width:{b["range"]}%;top:0;bottom:0;box-sizing:border-box;border:1px solid '
                       'var(--ck-bar,#0072B2);background:repeating-linear-gradient(45deg,'
                       'var(--ck-bar,#0072B2) 0 2px,transparent 2px 6px)"></span>') if b["range"] else ""
            rows.append(
                f'<div class="ck-bar-row" data-figure="{b["id"]}" style="display:flex;flex-wrap:wrap;'
                'align-items:center;gap:.15rem .6rem;margin:.45rem 0">'
                f'<span class="ck-bar-label" style="flex:1 1 9rem">{html.escape(b["label"])}</span>'
                '<span class="ck-bar-track" style="flex:3 1 14rem;position:relative;height:1.15rem;'
                f'border-left:2px solid var(--ck-axis,#57606a)">{solid}{striped}</span>'
                '<span class="ck-bar-value" style="flex:0 0 5.5rem;font-variant-numeric:tabular-nums;'
                f'white-space:nowrap">{html.escape(b["text"])}</span></div>')
        said = "; ".join(f'{b["label"]}: {b["text"]}' for b in bars)
        notes = [f"{self.unit}; bars start at zero."]
        if any(b["range"] for b in bars):
            notes.append("Striped: the span between a low and a high count.")
        if any(b["uncertain"] for b in bars):
            notes.append("Pale with a dashed edge: an uncertain figure (see the table).")
        unit = self.unit[:1].upper() + self.unit[1:]
        notes[0] = unit + notes[0][len(self.unit):]
        return (f'<figure class="ck-chart" id="{self.slug}" aria-label="{html.escape(self.title)}">'
                f'<p class="ck-chart-title">{html.escape(self.title)}</p>'
                f'<div class="ck-bars" role="img" aria-label="{html.escape(self.title)}. {html.escape(said)}">'
                f'{"".join(rows)}</div><p class="ck-chart-note">{html.escape(" ".join(notes))}</p>'
                f'<figcaption><details class="ck-chart-table"><summary>The figures as a table, with '
                f'their measures and sources</summary>{self.table.to_html()}</details></figcaption></figure>')

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.to_html(),
                "text/plain": f"<BarChart {self.title}: " + "; ".join(
                    f'{b["label"]}: {b["text"]}' for b in self.bars()) + ">"}


def figure_table(ids, title: str | None = None) -> FigureTable:
    """The notebook entry point: a table of figures from ``data/figures/``."""
    return FigureTable(ids, title)


def bar_chart(ids, title: str, labels=None) -> BarChart:
    """The notebook entry point: figures with one unit as bars, with their table below."""
    return BarChart(ids, title, labels)
