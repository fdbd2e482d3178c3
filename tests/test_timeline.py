"""Does a timeline show exactly the events asked for, with their details and a text alternative?"""

import json
from pathlib import Path

import pytest

from coursekit.data import course as real_course, load_course
from coursekit.errors import DataError
import coursekit
from coursekit.timeline import BOOK_MIME, MARKER_W, MIN_GAP, Timeline, events_script, load_eras

FIXTURE = Path(__file__).parent / "files" / "course"


@pytest.fixture(scope="module")
def course():
    return load_course(FIXTURE)


def markers(t):
    return [m.event.id for m in t.layout().markers]


def test_concern_filter_keeps_only_that_concerns_events(course):
    t = Timeline("security", course=course)
    assert markers(t) == ["res-2100", "withdrawal-end"]


def test_period_filter(course):
    t = Timeline("minusma", start="2023", end="2023-12", course=course)
    assert [e.id for e in t.events] == ["res-2690", "withdrawal-end"]


def test_empty_selection_says_what_to_change(course):
    with pytest.raises(ValueError, match="no events for concern='russia'"):
        Timeline("russia", course=course)


def test_unknown_concern(course):
    with pytest.raises(ValueError, match="unknown concern 'mali'"):
        Timeline("mali", course=course)


def test_every_marker_shows_its_date_and_title_without_interaction(course):
    html = Timeline("minusma", course=course).to_html()
    nav = html.split('class="ck-tl-nav"')[1].split("</div></div>")[0]
    assert ('<button type="button" class="ck-tl-ev" id="res-2100" data-id="res-2100"' in nav)
    assert '<time class="ck-tl-date" datetime="2013-04-25">25 Apr 2013</time>' in nav
    assert '<time class="ck-tl-date" datetime="2023-12">Dec 2023</time>' in nav  # month precision stays month
    # one marker per event, the first one in the tab order (the others by arrow keys)
    assert nav.count('class="ck-tl-ev') == 3 and nav.count('tabindex="0"') == 1


def test_uncertain_events_are_marked(course):
    html = Timeline("minusma", course=course).to_html()
    assert html.count('class="ck-tl-ev ck-tl-uncertain" id="withdrawal-end"') == 1
    assert Timeline("minusma", course=course).book_html().count("ck-tl-uncertain") == 1
    assert "(approximate: Test record whose day is left open.)" in html


def test_era_spans_its_two_events(course):
    lay = Timeline("minusma", course=course).layout()
    x = {m.event.id: m.x for m in lay.markers}
    assert lay.eras == [("MINUSMA deployed", x["res-2100"], x["withdrawal-end"])]


def test_lanes_separate_the_chapters_own_events_from_other_chapters(course):
    t = Timeline("security", course=course)
    lay = t.layout()
    # in the fixture, both security events belong to the minusma file: one lane, "other"
    assert [(k, label) for k, label, _, _ in lay.lanes] == [("other", "Events from other chapters")]
    t = Timeline("minusma", course=course)
    assert [k for k, *_ in t.layout().lanes] == ["minusma"]


def test_era_naming_an_unknown_event_fails(tmp_path, course):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "eras.yaml").write_text("- {id: x, label: X, start: res-2100, end: nope}\n")
    course2 = load_course(FIXTURE)
    course2.root = tmp_path
    with pytest.raises(DataError, match="data/eras.yaml, era `x`: `end` names unknown event `nope`"):
        load_eras(course2)


def test_live_view_is_self_contained(course):
    """What a live notebook shows: the card, the navigator, the table filled, and the styles and
    script inline (a notebook has no book assets)."""
    html = Timeline("minusma", course=course).to_html()
    assert html.count("<tr id=\"timeline-minusma-") == 3
    assert '<time datetime="2023-12">December 2023</time>' in html
    assert 'href="https://example.org/res2100"' in html
    assert 'aria-live="polite"' in html and 'class="ck-tl-prev"' in html and 'class="ck-tl-next"' in html
    script = (Path(coursekit.__file__).parent / "assets" / "timeline.js").read_text(encoding="utf-8")
    assert html.endswith(f"<script>{script}</script></figure>")
    assert "<style>" in html and "plotly" not in html


def test_output_is_deterministic_and_carries_both_views(course):
    a = Timeline("minusma", course=course)._repr_mimebundle_()
    b = Timeline("minusma", course=course)._repr_mimebundle_()
    assert a == b
    assert set(a) == {BOOK_MIME, "text/html", "text/plain"}


def test_book_view_lists_event_ids_and_leaves_their_details_to_the_shared_script(course):
    """Does the book's view carry the navigator and its events' ids, each event's summary and
    sources only once in the site (ck-events.js), and no inline script or style?"""
    t = Timeline("minusma", course=course)
    html = t.book_html()
    ids = [e.id for e in t.events]
    assert f'data-events="{" ".join(ids)}"' in html
    assert "<tbody></tbody>" in html and 'aria-live="polite"' in html
    assert "Resolution 2100 creates the mission" not in html  # the summary is in the script
    assert "example.org/res2100" not in html
    assert "<script" not in html and "<style" not in html
    assert [b.split('"')[0] for b in html.split('data-id="')[1:]] == ids

    assert 'data-src="ck-events-minusma.js"' in html

    def load(script):
        assert script.startswith("/*") and "window.CK_EVENTS = window.CK_EVENTS ||" in script
        return json.loads(script[script.rindex("})(") + 3:].rstrip().rstrip(";").rstrip(")"))

    data = load(events_script(course))
    assert set(data["events"]) == set(course.events)
    ev = data["events"]["res-2100"]
    assert ev["iso"] == "2013-04-25" and ev["date"] == "25 April 2013"
    assert ev["summary"].startswith("Resolution 2100 creates the mission")
    assert data["sources"][ev["sources"][0]]["url"] == "https://example.org/res2100"
    uncertain = [e for e in data["events"].values() if "certainty" in e]
    assert uncertain and all(e["note"] for e in uncertain)
    # one concern's file: exactly that timeline's events and their sources, nothing else
    own = load(events_script(course, "minusma"))
    assert set(own["events"]) == set(ids) == {e.id for e in course.events.values() if "minusma" in e.concerns}
    assert set(own["sources"]) == {k for e in t.events for k in e.sources}


REAL = real_course()
REAL_TIMELINES = sorted({k for e in REAL.events.values() for k in e.concerns})


@pytest.mark.parametrize("concern", REAL_TIMELINES)
def test_real_data_timelines_show_every_event_of_their_concern(concern):
    t = Timeline(concern, course=REAL)
    assert sorted(markers(t)) == sorted(e.id for e in REAL.events.values() if concern in e.concerns)


@pytest.mark.parametrize("concern", REAL_TIMELINES)
def test_no_marker_hides_another_and_time_runs_left_to_right(concern):
    """Every title stays readable: no two markers (or a marker and a span) of a lane overlap;
    markers go left to right in date order; each year mark sits between the events before
    and after it."""
    lay = Timeline(concern, course=REAL).layout()
    boxes = {}
    for m in lay.markers:
        right = max(m.x + MARKER_W, m.span_to or 0)
        for x0, x1 in boxes.get((m.top, m.lane), []):
            assert right <= x0 or m.x >= x1, f"{m.event.id} overlaps another marker in lane {m.lane}"
        boxes.setdefault((m.top, m.lane), []).append((m.x, right))
    xs = [m.x for m in lay.markers]
    assert xs == sorted(xs) and all(b - a >= MIN_GAP for a, b in zip(xs, xs[1:]) if b != a)
    for year, x in lay.years:
        before = [m.x for m in lay.markers if m.event.date.midpoint().year < year]
        after = [m.x for m in lay.markers if m.event.date.midpoint().year >= year]
        assert (not before or max(before) <= x) and (not after or x <= min(after)), year
    lanes = [(top, top + h) for _, _, top, h in lay.lanes]
    for m in lay.markers:
        assert any(t0 < m.top and m.top + 44 <= t1 for t0, t1 in lanes), f"{m.event.id} outside its lane"
    assert lay.height > max(m.top for m in lay.markers) + 44
