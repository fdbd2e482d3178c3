"""Do the numbers the book prints read as sentences? A ``{value}`` role prints a figure with its
unit ("311 deaths", "20,000 soldiers trained"); the words around it must not say the unit again
("20,000 soldiers trained trained") or contradict it ("311 deaths who had lost their lives").
A sentence that names what is counted in its own words prints the bare number with ``{count}``.
"""

from pathlib import Path

import pytest

from coursekit import prose
from coursekit.data import course as real_course
from coursekit.errors import DataError

problems = prose.problems

#: The repository's course, loaded once (not once per parameter: it takes a second).
REAL = real_course()


def test_the_check_catches_a_unit_said_twice_and_passes_good_sentences():
    units = {"t": "soldiers trained", "d": "deaths", "p": "internally displaced people",
             "k": "people killed", "m": "million US dollars"}
    assert problems("it had trained {value}`t`.", units)
    assert problems("paid tribute to {value}`d` who had lost their lives", units)
    assert problems("counted {value}`p`{footcite}`x` internally displaced people", units)
    assert problems("wrote of {value}`k` killed on the boat", units)
    assert problems("cited {value}`d` killed in hostile acts", units)
    assert not problems("it had trained {count}`t` soldiers.", units)
    assert not problems("paid tribute to {count}`d` personnel who had lost their lives", units)
    assert not problems("were funded with {value}`m`. The money", units)
    assert not problems("the army announced {value}`k` in its ranks", units)
    assert not problems("reported {value}`w` killed. Wagner itself said", {"w": "Wagner fighters"})
    assert not problems("counted {value}`p`. The {term}`internally displaced people <idp>` are", units)


def test_validation_names_the_page_and_figure_of_a_repeated_unit(tmp_path):
    course = real_course()
    page = tmp_path / "page.md"
    fid = next(f.id for f in course.figures.values() if f.unit == "deaths")
    page.write_text(f"The office cited {{value}}`{fid}` killed in attacks.\n")
    with pytest.raises(DataError) as exc:
        prose.check(course, [page])
    assert str(page) in str(exc.value) and f"{{count}}`{fid}`" in str(exc.value)


@pytest.mark.parametrize("path", prose.course_texts(REAL),
                         ids=lambda p: str(Path(p).relative_to(REAL.root)))
def test_no_printed_value_repeats_its_unit(path):
    course = REAL
    assert prose.problems(Path(path).read_text(encoding="utf-8"),
                          {f.id: f.unit for f in course.figures.values()}) == []
