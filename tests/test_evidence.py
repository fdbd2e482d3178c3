"""Does every claim keep its evidence (the source's words and where they are), and does the
audit's bookkeeping catch a citation without evidence, evidence that lost its sentence, and a
pending list that says less or more than the truth?"""

import datetime
from pathlib import Path

import pytest
import yaml

from coursekit import evidence
from coursekit.data import load_course
from coursekit.errors import DataError


GOOD = {"source": "unsc-2013-res2100", "at": "operative paragraph 7",
        "quote": "Decides to establish the United Nations Multidimensional Integrated "
                 "Stabilization Mission in Mali (MINUSMA)", "checked": "2026-12-02"}

PAGE = """# A page

Some intro text.

The Council created the mission in April
2013{footcite}`unsc-2013-res2100`. It ended it later{footcite}`unsc-2023-res2690`.

```{code-cell} ipython3
x = "{footcite}`unsc-2023-withdrawal` inside code is not a citation"
```

```{note}
A note that cites the withdrawal{footcite}`unsc-2023-withdrawal`.
```
"""


def edit_events(root: Path, fn):
    path = root / "data" / "events" / "minusma.yaml"
    data = yaml.safe_load(path.read_text())
    fn({r["id"]: r for r in data})
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def error_of(root) -> str:
    with pytest.raises(DataError) as exc:
        load_course(root)
    return str(exc.value)


def test_a_record_keeps_its_sources_words_and_where_they_are(course_dir):
    edit_events(course_dir, lambda r: r["res-2100"].update(evidence=[GOOD]))
    ev = load_course(course_dir).evidence_of("res-2100")
    assert len(ev) == 1
    assert ev[0].quote.startswith("Decides to establish")
    assert ev[0].as_dict() == {"source": "unsc-2013-res2100", "at": "operative paragraph 7",
                               "quote": GOOD["quote"], "lang": "en", "checked": "2026-12-02"}


@pytest.mark.parametrize("change, fragment", [
    ({"source": "unsc-1999-nothing"}, "unknown source key `unsc-1999-nothing`"),
    ({"source": "unsc-2023-res2690"}, "is not in the record's `sources`"),
    ({"unverified": "not found"}, "either `quote`"),
    ({"quote": None}, "either `quote`"),
    ({"at": None}, "no `at`"),
    ({"lang": "fr"}, "add `translation`"),
    ({"checked": None}, "'checked' is a required property"),
    ({"checked": "2026-12"}, "field `evidence/0/checked`: '2026-12' does not match"),
    ({"checked": (datetime.date.today() + datetime.timedelta(days=2)).isoformat()},
     "is in the future"),
])
def test_bad_evidence_names_file_record_and_fix(course_dir, change, fragment):
    entry = {k: v for k, v in {**GOOD, **change}.items() if v is not None}
    edit_events(course_dir, lambda r: r["res-2100"].update(evidence=[entry]))
    msg = error_of(course_dir)
    assert msg.startswith("data/events/minusma.yaml") and "`res-2100`" in msg
    assert fragment in msg


def test_a_source_the_audit_could_not_open_is_said_so_not_quoted(course_dir):
    entry = {"source": "unsc-2013-res2100", "unverified": "No copy found; searched the title.",
             "checked": "2026-12-02"}
    edit_events(course_dir, lambda r: r["res-2100"].update(evidence=[entry]))
    (ev,) = load_course(course_dir).evidence_of("res-2100")
    assert ev.quote is None and ev.unverified.startswith("No copy found")


def test_a_quote_in_french_comes_with_our_translation(course_dir):
    entry = {**GOOD, "quote": "Décide de créer la MINUSMA", "lang": "fr",
             "translation": "Decides to establish MINUSMA"}
    edit_events(course_dir, lambda r: r["res-2100"].update(evidence=[entry]))
    (ev,) = load_course(course_dir).evidence_of("res-2100")
    assert (ev.lang, ev.translation) == ("fr", "Decides to establish MINUSMA")


# ------------------------------------------------------------------- prose citations

def with_page(root: Path) -> Path:
    (root / "chapters").mkdir()
    (root / "chapters" / "01-x.md").write_text(PAGE)
    return root


def prose_entry(**kw):
    e = {"page": "chapters/01-x.md", "claim": "The Council created the mission in April",
         **{k: v for k, v in GOOD.items()}}
    e.update(kw)
    return e


def write_prose(root: Path, entries):
    (root / "data" / "evidence" / "01-x.yaml").write_text(yaml.safe_dump(entries, sort_keys=False))


def test_citations_are_found_in_prose_and_directives_not_in_code(course_dir):
    cites = evidence.citations(with_page(course_dir))
    got = [(c.page, c.line, c.source) for c in cites]
    assert got == [("chapters/01-x.md", 6, "unsc-2013-res2100"),
                   ("chapters/01-x.md", 6, "unsc-2023-res2690"),
                   ("chapters/01-x.md", 13, "unsc-2023-withdrawal")]
    assert cites[0].paragraph.startswith("The Council created the mission in April 2013")


def test_prose_evidence_is_tied_to_its_sentence(course_dir):
    root = with_page(course_dir)
    write_prose(root, [prose_entry()])
    course = load_course(root)
    (c,) = [c for c in evidence.citations(root) if c.source == "unsc-2013-res2100"]
    assert [e.claim for e in evidence.for_citation(course, c)] == [
        "The Council created the mission in April"]
    assert "chapters/01-x.md unsc-2013-res2100" not in evidence.missing(course)
    assert "chapters/01-x.md unsc-2023-res2690" in evidence.missing(course)


def test_a_rewritten_sentence_sends_its_evidence_back_for_checking(course_dir):
    root = with_page(course_dir)
    write_prose(root, [prose_entry()])
    evidence.write_pending(load_course(root))
    page = root / "chapters" / "01-x.md"
    page.write_text(PAGE.replace("The Council created the mission in April",
                                 "The Council set up a mission in April"))
    with pytest.raises(DataError) as exc:
        evidence.check(load_course(root))
    msg = str(exc.value)
    assert "data/evidence/01-x.yaml" in msg and "'The Council created the mission in April'" in msg
    assert "(line 6)" in msg and "re-check it against the source" in msg


def test_evidence_for_a_citation_the_page_dropped_fails(course_dir):
    root = with_page(course_dir)
    write_prose(root, [prose_entry(source="unsc-2023-withdrawal", claim="x")])
    with pytest.raises(DataError, match="no longer cites it|not in any paragraph"):
        evidence.check(load_course(root))


def test_a_prose_entry_naming_no_page_of_the_book_fails(course_dir):
    root = with_page(course_dir)
    write_prose(root, [prose_entry(page="chapters/missing.md")])
    course = load_course(root)  # the data loads without the book (Binder, a test's copy) ...
    with pytest.raises(DataError, match=r"01-x.yaml: evidence for `unsc-2013-res2100`: `page` "
                                        r"'chapters/missing.md' is not a file of the book"):
        evidence.check(course)  # ... and validation, which has the pages, names the entry
    write_prose(root, [prose_entry(page="chapters/01-x.txt")])
    assert "is not a page of the book" in error_of(root)


def test_a_new_citation_without_evidence_fails_until_it_has_some(course_dir):
    root = with_page(course_dir)
    course = load_course(root)
    evidence.write_pending(course)
    evidence.check(course)                       # everything missing is listed: passes
    lines = (root / evidence.PENDING).read_text().splitlines()
    (root / evidence.PENDING).write_text("\n".join(
        line for line in lines if line != "event:res-2100 unsc-2013-res2100") + "\n")
    with pytest.raises(DataError, match=r"no evidence for event `res-2100`, source `unsc-2013-res2100`"):
        evidence.check(load_course(root))
    edit_events(root, lambda r: r["res-2100"].update(evidence=[GOOD]))
    evidence.check(load_course(root))           # the evidence came: passes again


def test_the_pending_list_must_not_name_what_is_done(course_dir):
    root = with_page(course_dir)
    evidence.write_pending(load_course(root))
    edit_events(root, lambda r: r["res-2100"].update(evidence=[GOOD]))
    write_prose(root, [prose_entry()])
    assert evidence.stale_pending(load_course(root)) == [
        "chapters/01-x.md unsc-2013-res2100", "event:res-2100 unsc-2013-res2100"]


def test_the_real_course_keeps_evidence_or_lists_what_the_audit_has_not_reached():
    course = load_course()
    evidence.check(course)
    assert evidence.stale_pending(course) == [], (
        "data/evidence/pending.txt names items that have evidence now: run "
        "`coursekit evidence --write-pending`")
    s = evidence.summary(course)
    assert s["pending"] == len(evidence.read_pending(course.root))
