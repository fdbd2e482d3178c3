"""Does a timeline show exactly the events asked for, with their details and a text alternative?"""

import json
from pathlib import Path

import pytest

from coursekit.data import load_course
from coursekit.errors import DataError
from coursekit.timeline import BOOK_MIME, Timeline, events_script, load_eras

FIXTURE = Path(__file__).parent / "files" / "course"


@pytest.fixture(scope="module")
def course():
    return load_course(FIXTURE)


def points(fig):
    return [c[0] for trace in fig.data for c in trace.customdata]


def test_concern_filter_keeps_only_that_concerns_events(course):
    t = Timeline("security", course=course)
    assert points(t.figure()) == ["res-2100", "withdrawal-end"]


def test_period_filter(course):
    t = Timeline("minusma", start="2023", end="2023-12", course=course)
    assert [e.id for e in t.events] == ["res-2690", "withdrawal-end"]


def test_empty_selection_says_what_to_change(course):
    with pytest.raises(ValueError, match="no events for concern='russia'"):
        Timeline("russia", course=course)


def test_unknown_concern(course):
    with pytest.raises(ValueError, match="unknown concern 'mali'"):
        Timeline("mali", course=course)


def test_hover_carries_date_summary_and_source_in_a_live_kernel(course):
    fig = Timeline("minusma", course=course).figure()
    row = next(c for tr in fig.data for c in tr.customdata if c[0] == "res-2100")
    assert row[1] == "25 April 2013"
    assert "Resolution 2100 creates the mission." in row[4]
    assert "United Nations Security Council" in row[5]


def test_uncertain_events_are_marked(course):
    fig = Timeline("minusma", course=course).figure()
    row = next(c for tr in fig.data for c in tr.customdata if c[0] == "withdrawal-end")
    assert row[3] == " (approximate)"
    symbols = [s for tr in fig.data for s in tr.marker.symbol]
    assert symbols.count("diamond") == 1


def test_era_band_spans_its_two_events(course):
    fig = Timeline("minusma", course=course).figure()
    shapes = [s for s in fig.layout.shapes if s.type == "rect"]
    assert len(shapes) == 1
    assert shapes[0].x0 == "2013-04-25" and shapes[0].x1 == "2023-12-15"


def test_era_naming_an_unknown_event_fails(tmp_path, course):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "eras.yaml").write_text("- {id: x, label: X, start: res-2100, end: nope}\n")
    course2 = load_course(FIXTURE)
    course2.root = tmp_path
    with pytest.raises(DataError, match="data/eras.yaml, era `x`: `end` names unknown event `nope`"):
        load_eras(course2)


def test_static_html_has_chart_details_panel_and_table(course):
    html = Timeline("minusma", course=course).to_html()
    assert html.count("<tr id=\"timeline-minusma-") == 3
    assert '<time datetime="2023-12">December 2023</time>' in html
    assert 'href="https://example.org/res2100"' in html
    assert 'aria-live="polite"' in html and "plotly-graph-div" in html
    assert "(approximate: Test record whose day is left open.)" in html
    # the static page's figure JSON leaves summaries to the table (smaller pages)
    assert "Resolution 2100 creates the mission.<br>" not in html.split("<details")[0]


def test_output_is_deterministic_and_carries_both_views(course):
    a = Timeline("minusma", course=course)._repr_mimebundle_()
    b = Timeline("minusma", course=course)._repr_mimebundle_()
    assert a == b
    assert set(a) == {"application/vnd.plotly.v1+json", BOOK_MIME, "text/html", "text/plain"}
    assert json.dumps(a["application/vnd.plotly.v1+json"]).count("res-2100") == 1


def test_book_view_lists_event_ids_and_leaves_their_details_to_the_shared_script(course):
    """Does the book's view carry the chart and its events' ids, each event's text only once
    in the site (ck-events.js), with what the table and panel show?"""
    t = Timeline("minusma", course=course)
    html = t.book_html()
    ids = [e.id for e in t.events]
    assert f'data-events="{" ".join(ids)}"' in html
    assert "<tbody></tbody>" in html and "plotly-graph-div" in html and 'aria-live="polite"' in html
    assert "Resolution 2100 creates the mission" not in html  # the summary is in the script
    assert "example.org/res2100" not in html
    spec = json.loads(html.split('class="ck-timeline-spec">')[1].split("</script>")[0])
    assert sorted(c[0] for tr in spec["data"] for c in tr["customdata"]) == sorted(ids)
    assert spec["config"]["doubleClick"] == "reset"

    script = events_script(course)
    assert script.startswith("/*") and "window.CK_EVENTS = " in script
    data = json.loads(script.split("window.CK_EVENTS = ", 1)[1].rstrip().rstrip(";"))
    assert set(data["events"]) == set(course.events)
    ev = data["events"]["res-2100"]
    assert ev["iso"] == "2013-04-25" and ev["date"] == "25 April 2013"
    assert ev["summary"].startswith("Resolution 2100 creates the mission")
    assert data["sources"][ev["sources"][0]]["url"] == "https://example.org/res2100"
    uncertain = [e for e in data["events"].values() if "certainty" in e]
    assert uncertain and all(e["note"] for e in uncertain)


def test_real_data_timelines_show_every_event_of_their_concern():
    c = load_course()
    for concern in {k for e in c.events.values() for k in e.concerns}:
        t = Timeline(concern, course=c)
        assert sorted(points(t.figure())) == sorted(e.id for e in c.events.values() if concern in e.concerns)
