"""Does the course data loader accept good data and reject each kind of bad data clearly?"""

import datetime
from pathlib import Path

import pytest
import yaml

from coursekit.data import Date, check_bibliography_style, load_course, parse_date
from coursekit.errors import DataError

FIXTURE = Path(__file__).parent / "files" / "course"


def edit_yaml(path: Path, fn):
    data = yaml.safe_load(path.read_text())
    fn(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def error_of(root) -> str:
    with pytest.raises(DataError) as exc:
        load_course(root)
    return str(exc.value)


def test_good_fixture_loads_with_formatted_dates_and_values():
    c = load_course(FIXTURE)
    assert c.format_date("res-2100") == "25 April 2013"
    assert c.format_date("withdrawal-end") == "around December 2023"
    assert c.format_value("troop-ceiling") == "12,640 military personnel"
    assert c.format_value("deaths-range") == "between 10 and 20 deaths"
    assert [e.id for e in c.events_for("security")] == ["res-2100", "withdrawal-end"]
    assert c.sources["print-only"].url is None


@pytest.mark.parametrize("text, expected", [
    ("2013", Date(2013)), ("2013-04", Date(2013, 4)), ("2013-04-25", Date(2013, 4, 25))])
def test_dates_keep_their_precision(text, expected):
    d = parse_date(text, "here")
    assert d == expected and d.iso() == text


@pytest.mark.parametrize("text, fragment", [
    ("2023-02-30", "does not exist"), ("2023-13", "no month 13"), ("30/06/2023", "is not YYYY")])
def test_impossible_dates_are_rejected(text, fragment):
    with pytest.raises(DataError, match=fragment):
        parse_date(text, "data/events/x.yaml, event `e`")


def test_unquoted_yaml_date_asks_for_quotes(course_dir):
    p = course_dir / "data/events/minusma.yaml"
    p.write_text(p.read_text().replace('date: "2013-04-25"', "date: 2013-04-25"))
    msg = error_of(course_dir)
    assert "data/events/minusma.yaml" in msg and "res-2100" in msg


def test_event_without_source_names_file_record_and_fix(course_dir):
    edit_yaml(course_dir / "data/events/minusma.yaml", lambda d: d[2].pop("sources"))
    msg = error_of(course_dir)
    assert "data/events/minusma.yaml, record `withdrawal-end`" in msg
    assert "sources" in msg


def test_unknown_source_key(course_dir):
    edit_yaml(course_dir / "data/events/minusma.yaml", lambda d: d[0].update(sources=["nope-2099"]))
    assert error_of(course_dir) == (
        "data/events/minusma.yaml, event `res-2100`: unknown source key `nope-2099`; add it to a "
        "file in data/references/ or fix the spelling")


def test_impossible_event_date(course_dir):
    edit_yaml(course_dir / "data/events/minusma.yaml", lambda d: d[0].update(date="2013-02-29"))
    msg = error_of(course_dir)
    assert "event `res-2100`" in msg and "does not exist" in msg


def test_event_after_as_of_date(course_dir):
    edit_yaml(course_dir / "data/events/minusma.yaml", lambda d: d[0].update(date="2031-01-01"))
    assert "after the course's as-of date" in error_of(course_dir)


def test_duplicate_event_id_across_files(course_dir):
    src = course_dir / "data/events/minusma.yaml"
    (course_dir / "data/events/security.yaml").write_text(
        yaml.safe_dump([yaml.safe_load(src.read_text())[0]]))
    msg = error_of(course_dir)
    assert "duplicate event id `res-2100`" in msg and "data/events/minusma.yaml" in msg


def test_unknown_concern_is_a_schema_error(course_dir):
    edit_yaml(course_dir / "data/events/minusma.yaml", lambda d: d[0].update(concerns=["mali"]))
    msg = error_of(course_dir)
    assert "record `res-2100`" in msg and "concerns" in msg and "'mali' is not one of" in msg


def test_unknown_actor(course_dir):
    edit_yaml(course_dir / "data/events/minusma.yaml", lambda d: d[0].update(actors=["wagner"]))
    assert "unknown actor `wagner`" in error_of(course_dir)


def test_uncertain_event_needs_a_note(course_dir):
    edit_yaml(course_dir / "data/events/minusma.yaml", lambda d: d[2].pop("note"))
    assert "certainty is `approximate` but there is no `note`" in error_of(course_dir)


def test_end_before_start(course_dir):
    edit_yaml(course_dir / "data/events/minusma.yaml", lambda d: d[0].update(end="2012"))
    assert "is before `date`" in error_of(course_dir)


def test_figure_with_value_and_range(course_dir):
    edit_yaml(course_dir / "data/figures/minusma.yaml", lambda d: d[0].update(low=1, high=2))
    assert "figure `troop-ceiling`: give either `value`, or both `low` and `high`" in error_of(course_dir)


def test_figure_range_upside_down(course_dir):
    edit_yaml(course_dir / "data/figures/minusma.yaml", lambda d: d[1].update(low=30))
    assert "`low` 30 is above `high` 20" in error_of(course_dir)


def test_figure_compare_unknown(course_dir):
    edit_yaml(course_dir / "data/figures/minusma.yaml", lambda d: d[0].update(compare=["nope"]))
    assert "`compare` names unknown figure `nope`" in error_of(course_dir)


def test_figure_without_measure(course_dir):
    edit_yaml(course_dir / "data/figures/minusma.yaml", lambda d: d[0].pop("measure"))
    assert "'measure' is a required property" in error_of(course_dir)


def test_quote_without_source(course_dir):
    edit_yaml(course_dir / "data/quotes/minusma.yaml", lambda d: d[0].update(sources=[]))
    assert "record `q1`" in error_of(course_dir)


@pytest.mark.parametrize("field, fix", [
    ("title", "add the document's title"),
    ("organization", "add `organization`, `publisher`, `institution` or `journal`"),
    ("date", "add the publication date"),
    ("url", "add it, or `note = {No URL: <why>}`"),
])
def test_source_missing_a_citation_field(course_dir, field, fix):
    """Drop one field from the first entry only; the error names that entry and the fix."""
    bib = course_dir / "data/references/test.bib"
    first, rest = bib.read_text().split("@misc{unsc-2023-res2690")
    first = "\n".join(ln for ln in first.splitlines() if not ln.strip().startswith(f"{field} ="))
    bib.write_text(first + "\n@misc{unsc-2023-res2690" + rest)
    msg = error_of(course_dir)
    assert msg.startswith("data/references/test.bib, source `unsc-2013-res2100`")
    assert fix in msg


def test_malformed_yaml_names_file_and_line(course_dir):
    (course_dir / "data/figures/minusma.yaml").write_text("- id: x\n  label: [unclosed\n")
    msg = error_of(course_dir)
    assert msg.startswith("data/figures/minusma.yaml: not valid YAML at line")


def test_glossary_term_defined_twice(course_dir):
    edit_yaml(course_dir / "data/glossary/core.yaml",
              lambda d: d.append({"id": "unsc-2", "term": "UN Security Council",
                                  "definition": "Defined a second time, by mistake."}))
    assert "is defined twice" in error_of(course_dir)


def test_real_course_data_is_valid():
    """The repository's own data passes every rule (the build relies on this too)."""
    c = load_course()
    assert c.events and c.sources
    for ev in c.events.values():
        assert all(k in c.sources for k in ev.sources)


def test_source_the_bibliography_style_cannot_format(course_dir):
    """An entry type the style does not know would crash the build; validation (and the build,
    before it reads a page) says so first. Loading the course, as a notebook does, leaves it."""
    bib = course_dir / "data/references/test.bib"
    bib.write_text(bib.read_text().replace("@misc{print-only", "@webpage{print-only"))
    assert load_course(course_dir).sources["print-only"]
    with pytest.raises(DataError) as exc:
        check_bibliography_style(course_dir)
    msg = str(exc.value)
    assert msg.startswith("data/references/test.bib, source `print-only`: the bibliography style "
                          "cannot format this @webpage entry")
    assert "use @misc" in msg


def test_plain_text_is_read_as_written_only_where_latex_would_not_change_it():
    """Titles and publishers without LaTeX markup skip the (slow) decoder: for every value of
    every source of the course, and for text the decoder does change, both give the same."""
    from coursekit.data import _bib_files, _decode_latex, _plain, default_root

    values = [str(v) for _, bib in _bib_files(default_root()) for e in bib.entries.values()
              for v in [*e.fields.values(), *e.persons.get("author", [])]]
    assert len(values) > 1000
    tricky = ["50 %", "a -- b", "a---b", "Ab  cd", " lead", "a\nb", "``Quoted''", "Tour{\\'e}",
              "x~y", "R&D", "\\$80", "a_b", "été – ok", "l’État", "a - b"]
    assert [v for v in values + tricky if _plain(v) != _decode_latex(v)] == []
    assert sum(_plain(v) is v for v in values) > len(values) / 2  # the fast path is taken


def test_source_titles_read_as_text_not_latex(course_dir):
    bib = course_dir / "data/references/test.bib"
    bib.write_text(bib.read_text().replace("title = {A Printed Book}",
                                           r"title = {Tour{\'e} \'etait chass\'e: \$80 {Million}}"))
    assert load_course(course_dir).sources["print-only"].title == "Touré était chassé: $80 Million"


def test_loading_the_course_does_not_compile_jsonschemas_iri_grammar():
    """The course's schemas check no "format", so loading it (in every notebook kernel of a
    book build) must not import rfc3987_syntax, whose grammars take about a second to compile;
    and the package stays importable afterwards for anyone who wants it."""
    import subprocess
    import sys

    code = ("import sys\n"
            "from coursekit.data import load_course\n"
            "from coursekit.questions import load_all\n"
            "course = load_course()\n"
            "assert len(load_all(course.root, course)) == 7\n"
            "assert 'rfc3987_syntax' not in sys.modules, 'the IRI grammar was imported'\n"
            "import rfc3987_syntax\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_as_of_cannot_run_past_the_sources_reviewed(course_dir):
    """The as-of date is the date up to which sources were reviewed: more than a month after
    the newest source cited, it is a claim the course cannot back."""
    (course_dir / "data/course.yaml").write_text('as_of: "2024-02-15"\ncoverage: Note.\n')
    msg = error_of(course_dir)
    assert "data/course.yaml, `as_of`: 2024-02-15 is more than a month after the newest source" in msg
    assert "unsc-2023-withdrawal" in msg
    (course_dir / "data/course.yaml").write_text('as_of: "2024-01-30"\ncoverage: Note.\n')
    assert load_course(course_dir).as_of.iso() == "2024-01-30"  # within the month: fine


@pytest.mark.parametrize("text, expected", [
    ('as_of: "2023-12"\ncoverage: Note.\n', "needs a day (YYYY-MM-DD)"),
    ('as_of: "2023-12-31"\n', "`coverage`: missing"),
    ('coverage: Note.\n', "`as_of`: missing"),
])
def test_as_of_record_must_be_complete(course_dir, text, expected):
    (course_dir / "data/course.yaml").write_text(text)
    assert expected in error_of(course_dir)


def test_a_course_without_an_as_of_record_fails(course_dir):
    (course_dir / "data/course.yaml").unlink()
    assert "data/course.yaml is missing" in error_of(course_dir)


MALI_AS_OF = 'as_of: "2023-12-31"\nmali_as_of: {}\ncoverage: Note.\n'


@pytest.mark.parametrize("mali, expected", [
    ('"2023-12"', "data/course.yaml, `mali_as_of`: 2023-12 needs a day (YYYY-MM-DD)"),
    ('"2024-01-05"', "data/course.yaml, `mali_as_of`: 2024-01-05 is after the course's `as_of` (2023-12-31)"),
    ('"2023-02-30"', "does not exist"),
    # the withdrawal, at Kidal, is dated to the month: it may run to 31 December
    ('"2023-12-15"', "`mali_as_of`: 2023-12-15 is earlier than the newest event in Mali, `withdrawal-end` (2023-12"),
])
def test_mali_as_of_is_a_day_between_the_newest_event_in_mali_and_as_of(course_dir, mali, expected):
    """Sentences about Mali alone print `mali_as_of`, the date of the newest source on Mali: it
    is a full date, no later than the regional as-of date, and no earlier than the last day an
    event at a place in Mali can mean."""
    edit_yaml(course_dir / "data/events/minusma.yaml", lambda d: d[2].update(places=["kidal"]))
    (course_dir / "data/course.yaml").write_text(MALI_AS_OF.format(mali))
    assert expected in error_of(course_dir)


def test_mali_as_of_is_optional_and_offered_to_pages(course_dir):
    from coursekit.reader import substitutions

    assert load_course(course_dir).mali_as_of is None
    assert "mali_as_of" not in substitutions(load_course(course_dir))
    edit_yaml(course_dir / "data/events/minusma.yaml", lambda d: d[0].update(places=["bamako"]))
    (course_dir / "data/course.yaml").write_text(MALI_AS_OF.format('"2023-12-31"'))
    c = load_course(course_dir)
    assert c.mali_as_of.iso() == "2023-12-31"
    assert substitutions(c)["mali_as_of"] == "31 December 2023"


def test_the_real_course_states_its_as_of_date_and_coverage():
    c = load_course()
    newest = max(str(s.date)[:10] for s in c.sources.values())
    assert c.as_of.iso() >= max(e.date.iso() for e in c.events.values())
    assert c.as_of.iso() <= (datetime.date.fromisoformat(newest) + datetime.timedelta(days=31)).isoformat()
    assert "cannot know what happened after" in c.coverage
    # the record on Mali stops earlier than the region's, and the pages say so where it matters
    assert c.mali_as_of is not None and c.mali_as_of.sort_key <= c.as_of.sort_key
    assert str(c.mali_as_of) in c.coverage


def test_corrections_are_listed_newest_first(course_dir):
    fixes = load_course(course_dir).corrections
    assert [c.id for c in fixes] == ["ceiling-2026-01", "older-2025-06"]
    assert fixes[0].sources == ("unsc-2013-res2100",) and fixes[0].date.iso() == "2026-01-15"


@pytest.mark.parametrize("change, fragment", [
    ({"why": ""}, "no `why`"),
    ({"sources": ["nope"]}, "unknown source key `nope`"),
    ({"date": "2026-01"}, "must be the day of the correction"),
    ({"colour": "red"}, "unknown field(s) colour"),
])
def test_a_bad_correction_names_file_and_record(course_dir, change, fragment):
    edit_yaml(course_dir / "data" / "corrections" / "course.yaml", lambda d: d[0].update(change))
    msg = error_of(course_dir)
    assert "data/corrections/course.yaml, correction `ceiling-2026-01`" in msg and fragment in msg


def test_the_real_course_records_its_corrections():
    fixes = load_course().corrections
    assert any(c.id == "as-of-date-2026-12" for c in fixes)
    assert all(c.said != c.says for c in fixes)


def test_a_latex_quote_in_a_title_is_refused(course_dir):
    bib = course_dir / "data/references/test.bib"
    bib.write_text(bib.read_text().replace("title = {A Printed Book}", "title = {A `Printed' Book}"))
    assert "the title has a LaTeX quote" in error_of(course_dir)


def test_events_name_their_places_from_the_gazetteer(course_dir):
    edit_yaml(course_dir / "data/events/minusma.yaml", lambda d: d[0].update(places=["bamako"]))
    c = load_course(course_dir)
    assert c.events["res-2100"].places == ("bamako",) and c.places["kidal"].lat == 18.44111
    edit_yaml(course_dir / "data/events/minusma.yaml", lambda d: d[0].update(places=["gao"]))
    msg = error_of(course_dir)
    assert "data/events/minusma.yaml, event `res-2100`: unknown place `gao`" in msg


@pytest.mark.parametrize("change, fragment", [
    ({"lat": 1.40778, "lon": 18.44111}, "km outside MLI"),       # latitude and longitude swapped
    ({"country": "DZA"}, "km outside DZA"),                     # the wrong country
    ({"country": "XYZ"}, "country `XYZ` is not one the maps know"),
])
def test_a_place_outside_the_country_it_claims_fails_naming_it(course_dir, change, fragment):
    from coursekit.geo import check_places

    edit_yaml(course_dir / "data/places/mali.yaml", lambda d: d[0].update(change))
    with pytest.raises(DataError) as exc:
        check_places(load_course(course_dir))
    assert "data/places/mali.yaml, place `kidal`" in str(exc.value) and fragment in str(exc.value)


def test_a_place_missing_its_coordinates_is_a_schema_error(course_dir):
    edit_yaml(course_dir / "data/places/mali.yaml", lambda d: d[0].pop("lat"))
    assert "'lat' is a required property" in error_of(course_dir)


def test_every_place_of_the_real_course_lies_in_its_country():
    from coursekit.geo import check_places

    check_places(load_course())
