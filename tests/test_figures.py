"""Do bar charts draw each figure to scale, ranges as ranges, uncertain figures as such, with
their table, and without any chart library?"""

import re

import pytest

from coursekit.data import course as real_course
from coursekit.figures import BarChart

REAL = real_course()


def test_bars_are_to_scale_from_zero():
    ids = ["idp-mali-2014-12", "idp-mali-2023-12"]
    chart = BarChart(ids, "IDPs", course=REAL)
    bars = chart.bars()
    values = [REAL.figures[i].value for i in ids]
    assert bars[1]["solid"] == 100 and bars[0]["solid"] == pytest.approx(100 * values[0] / values[1], abs=0.01)
    html = chart.to_html()
    widths = [float(w) for w in re.findall(r'class="ck-bar[^"]*" style="[^"]*width:([\d.]+)%', html)]
    assert widths == [b["solid"] for b in bars]
    assert "plotly" not in html and "<script" not in html


def test_a_range_is_drawn_as_a_range_and_printed_low_to_high():
    ranged = [f for f in REAL.figures.values() if f.value is None and f.low is not None]
    assert ranged, "the course has no figure given as a range"
    f = ranged[0]
    others = [g.id for g in REAL.figures.values() if g.unit == f.unit and g.id != f.id][:1]
    chart = BarChart([f.id, *others], "Range", course=REAL)
    bar = chart.bars()[0]
    assert bar["range"] > 0 and "\u2013" in bar["text"]
    html = chart.to_html()
    assert html.count('class="ck-bar-range"') == sum(1 for b in chart.bars() if b["range"])
    assert "Striped: the span between a low and a high count." in html


def test_uncertain_figures_are_marked_and_everything_is_said_in_text():
    ids = ["idp-mali-2013-peak", "idp-mali-2014-12"]
    assert REAL.figures[ids[0]].certainty != "confirmed"
    chart = BarChart(ids, "IDPs in Mali", labels=["Jun 2013", "Dec 2014"], course=REAL)
    html = chart.to_html()
    assert html.count("ck-bar-uncertain") == 1 and "Pale with a dashed edge: an uncertain figure" in html
    # what a screen reader hears: every label with its value; then the table with the sources
    label = re.search(r'role="img" aria-label="([^"]+)"', html).group(1)
    for b in chart.bars():
        assert f'{b["label"]}: {b["text"]}' in label
    assert '<details class="ck-chart-table">' in html and 'id="fig-idp-mali-2013-peak"' in html
    assert set(chart._repr_mimebundle_()) == {"text/html", "text/plain"}


def test_bad_charts_say_what_to_change():
    with pytest.raises(ValueError, match="2 labels for 1 figures"):
        BarChart(["idp-mali-2014-12"], "x", labels=["a", "b"], course=REAL)
    other_unit = next(f.id for f in REAL.figures.values() if f.unit != REAL.figures["idp-mali-2014-12"].unit)
    with pytest.raises(ValueError, match="different units"):
        BarChart(["idp-mali-2014-12", other_unit], "x", course=REAL)
