"""The armed groups' lineage: its data (``data/groups/``) and its diagram (coursekit.lineage).

The loader must reject bad records with errors that name the file, the group and the link; the
diagram must show every group and every link of the data, the same in its drawings and in its
table (the text alternative), with dates read from the data; its SVG must be well-formed XML
with a <title> and a <desc> (SVG 1.1, "The 'desc' and 'title' elements",
https://www.w3.org/TR/SVG11/struct.html#DescriptionAndTitleElements), need no script and no
outside file, and stay legible at 360 px.
"""

import copy
import re
import xml.etree.ElementTree as ET

import pytest
import yaml

from coursekit.data import load_course
from coursekit.errors import DataError
from coursekit.lineage import LineageDiagram, short_date

SVG_NS = "{http://www.w3.org/2000/svg}"
GROUPS_FILE = "data/groups/test.yaml"


def _evidence(key="unsc-2013-res2100"):
    return [{"source": key, "at": "paragraph 1", "quote": "A passage of the test source.",
             "checked": "2026-12-01"}]


#: Made-up groups for the fixture course: A and B merge into C, B split from A, C pledges to G.
GROUPS = [
    {"id": "group-a", "name": "Group A", "short": "Group A", "formed": "2010-05",
     "sources": ["unsc-2013-res2100"], "evidence": _evidence(),
     "links": [{"kind": "merged into", "to": "group-c", "date": "2015-03",
                "sources": ["unsc-2013-res2100"], "evidence": _evidence()}]},
    {"id": "group-b", "name": "Group B", "short": "Group B", "formed": "2011-06",
     "sources": ["unsc-2013-res2100"], "evidence": _evidence(),
     "links": [{"kind": "split from", "to": "group-a", "date": "2011-06",
                "sources": ["unsc-2013-res2100"], "evidence": _evidence()},
               {"kind": "merged into", "to": "group-c", "date": "2015-03",
                "sources": ["unsc-2013-res2100"], "evidence": _evidence()}]},
    {"id": "group-c", "name": "Group C", "short": "Group C", "formed": "2015-03",
     "glossary": "minusma", "sources": ["unsc-2013-res2100"], "evidence": _evidence(),
     "links": [{"kind": "pledged to", "to": "group-g", "date": "2016-01-20",
                "sources": ["unsc-2013-res2100"], "evidence": _evidence()}]},
    {"id": "group-g", "name": "Group G", "short": "Group G", "scope": "global",
     "note": "Outside the period.", "sources": ["unsc-2013-res2100"], "evidence": _evidence()},
]


def write_groups(root, groups):
    path = root / GROUPS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(groups, sort_keys=False, allow_unicode=True))


def error_of(root) -> str:
    with pytest.raises(DataError) as exc:
        load_course(root)
    return str(exc.value)


@pytest.fixture
def grouped(course_dir):
    write_groups(course_dir, GROUPS)
    return course_dir


@pytest.fixture(scope="module")
def real():
    """This repository's course and its lineage diagram, drawn once."""
    c = load_course()
    d = LineageDiagram(course=c)
    return c, d, d._repr_mimebundle_()


# ---------------------------------------------------------------------- loading

def test_fixture_groups_load_with_their_links(grouped):
    c = load_course(grouped)
    assert list(c.groups) == ["group-a", "group-b", "group-c", "group-g"]
    b = c.groups["group-b"]
    assert [(x.kind, x.target, x.date.iso()) for x in b.links] == [
        ("split from", "group-a", "2011-06"), ("merged into", "group-c", "2015-03")]
    assert c.groups["group-g"].formed is None and c.groups["group-g"].scope == "global"
    assert c.groups["group-c"].links[0].id == "group-c>pledged-to>group-g"


def _set(path, value):
    """A mutation of GROUPS: set the field at ``path`` (indices and keys) to ``value``."""
    def fn(groups):
        target = groups
        for step in path[:-1]:
            target = target[step]
        if value is KeyError:
            del target[path[-1]]
        else:
            target[path[-1]] = value
    return fn


@pytest.mark.parametrize("mutate, where, fragment", [
    (_set([0, "links", 0, "to"], "nope"), "group `group-a`, link `merged into` `nope`",
     "unknown group `nope`"),
    (_set([1, "links", 0, "date"], "2011/06"), "record `group-b`: field `links/0/date`",
     "does not match"),  # the schema's pattern: ISO dates only
    (_set([1, "links", 0, "date"], "2011-13"), "group `group-b`, link `split from` `group-a`",
     "has no month 13"),
    (_set([1, "formed"], "2011-02-30"), "group `group-b` (formed)", "does not exist"),
    (_set([2, "sources"], ["nope-2099"]), "group `group-c`", "unknown source key `nope-2099`"),
    (_set([0, "evidence"], KeyError), "group `group-a`", "no `evidence`"),
    (_set([2, "links", 0, "evidence"], KeyError), "group `group-c`, link `pledged to` `group-g`",
     "no `evidence`"),
    (_set([2, "sources"], ["unsc-2013-res2100", "unsc-2023-res2690"]), "group `group-c`",
     "no evidence for source(s) unsc-2023-res2690"),
    (_set([2, "links", 0, "evidence", 0, "source"], "unsc-2023-res2690"),
     "group `group-c`, link `pledged to` `group-g`, evidence #1", "not in the record's `sources`"),
    (_set([2, "glossary"], "no-such-term"), "group `group-c`", "unknown glossary id `no-such-term`"),
    (_set([3, "note"], KeyError), "group `group-g`", "no `formed` date and no `note`"),
    (_set([0, "links", 0, "kind"], "renamed"), None, None),  # one ending link: still fine
    (_set([2, "links", 0, "date"], "2024-02"), "group `group-c`, link `pledged to` `group-g`",
     "after the course's as-of date 2023-12-31"),
    (_set([2, "certainty"], "approximate"), "group `group-c`", "no `note`"),
])
def test_bad_group_records_are_rejected_naming_file_group_and_link(course_dir, mutate, where,
                                                                   fragment):
    groups = copy.deepcopy(GROUPS)
    mutate(groups)
    write_groups(course_dir, groups)
    if where is None:
        assert load_course(course_dir).groups["group-a"].links[0].kind == "renamed"
        return
    msg = error_of(course_dir)
    assert msg.startswith(f"{GROUPS_FILE}, {where}"), msg
    assert fragment in msg


def test_a_group_ends_once(course_dir):
    groups = copy.deepcopy(GROUPS)
    groups[0]["links"].append({"kind": "renamed", "to": "group-b", "date": "2016",
                               "sources": ["unsc-2013-res2100"], "evidence": _evidence()})
    write_groups(course_dir, groups)
    msg = error_of(course_dir)
    assert msg.startswith(f"{GROUPS_FILE}, group `group-a`, link `renamed` `group-b`")
    assert "already ends (merged into `group-c`)" in msg


def test_unquoted_date_is_rejected_naming_the_group(course_dir):
    text = yaml.safe_dump(GROUPS, sort_keys=False).replace("formed: 2010-05\n", "formed: 2010-05-01\n")
    assert "formed: 2010-05-01" in text
    (course_dir / "data/groups").mkdir(parents=True)
    (course_dir / GROUPS_FILE).write_text(text)
    msg = error_of(course_dir)
    assert msg.startswith(f"{GROUPS_FILE}, record `group-a`: field `formed`"), msg


def test_schema_rejects_an_unknown_link_kind(course_dir):
    groups = copy.deepcopy(GROUPS)
    groups[0]["links"][0]["kind"] = "absorbed"
    write_groups(course_dir, groups)
    msg = error_of(course_dir)
    assert msg.startswith(f"{GROUPS_FILE}, record `group-a`: field `links/0/kind`"), msg


# ---------------------------------------------------------------------- the diagram

def _svgs(html: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", html, re.S)


def _parse(svg: str) -> ET.Element:
    if "xmlns=" not in svg[:200]:
        svg = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    return ET.fromstring(svg)


def _link_ids(root: ET.Element, tag_class: str) -> set[str]:
    out = set()
    for el in root.iter():
        if tag_class in el.get("class", "").split() and el.get("data-link"):
            out.update(el.get("data-link").split())
    return out


def test_every_link_is_drawn_and_tabled_and_vice_versa(real):
    c, d, bundle = real
    data_links = {x.id for g in c.groups.values() for x in g.links}
    assert len(data_links) >= 10
    wide, narrow = (_parse(s) for s in _svgs(bundle["text/html"]))
    assert _link_ids(wide, "ck-lin-link") == data_links
    assert _link_ids(narrow, "ck-lin-row") == data_links
    table = set(re.findall(r'<tr data-group="[^"]+" data-link="([^"]+)"', bundle["text/html"]))
    assert table == {html_escape(x) for x in data_links}


def html_escape(text: str) -> str:
    return text.replace(">", "&gt;")


def test_every_group_of_the_data_appears_in_drawings_and_table(real):
    c, d, bundle = real
    wide, narrow = (_parse(s) for s in _svgs(bundle["text/html"]))
    lanes = set()
    for el in wide.iter():
        if el.get("data-groups"):
            lanes.update(el.get("data-groups").split())
    assert lanes == set(c.groups)
    names = {el.get("data-group"): el.text for el in wide.iter() if el.get("data-group")}
    assert {g: c.groups[g].short for g in c.groups} == {
        g: (t.split(" (")[0] if t else t) for g, t in names.items()}
    narrow_text = " ".join(t.text or "" for t in narrow.iter(f"{SVG_NS}text"))
    for g in c.groups.values():
        assert g.short in narrow_text, g.id
    rows = set(re.findall(r'<tr data-group="([^"]+)"', bundle["text/html"]))
    assert rows == set(c.groups)


def test_svg_is_xml_with_title_and_desc(real):
    c, d, bundle = real
    for svg in _svgs(bundle["text/html"]) + [bundle["image/svg+xml"]]:
        root = _parse(svg)
        assert root.tag == f"{SVG_NS}svg"
        title, desc = root[0], root[1]
        assert title.tag == f"{SVG_NS}title" and title.text == d.title
        assert desc.tag == f"{SVG_NS}desc" and desc.text == d.summary()
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    standalone = ET.fromstring(bundle["image/svg+xml"])
    assert standalone.find(f"{SVG_NS}style") is not None  # colours without the page's CSS


def test_self_contained_no_script_no_outside_file(real):
    c, d, bundle = real
    html = bundle["text/html"]
    for forbidden in ("<script", "<link", " src=", "@import", "url(", "<img"):
        assert forbidden not in html, forbidden
    assert "<script" not in bundle["image/svg+xml"] and "href" not in bundle["image/svg+xml"]
    # only the table's source links point off the page
    hrefs = re.findall(r'href="([^"]+)"', html)
    urls = {c.sources[k].url for g in c.groups.values() for k in
            list(g.sources) + [s for x in g.links for s in x.sources]}
    assert hrefs and {h.replace("&amp;", "&") for h in hrefs} <= urls


def test_summary_and_plain_text_come_from_the_data(real):
    c, d, bundle = real
    n_links = sum(len(g.links) for g in c.groups.values())
    assert d.summary().startswith(f"The diagram shows {len(c.groups)} armed groups and {n_links} changes")
    merges = sum(x.kind == "merged into" for g in c.groups.values() for x in g.links)
    splits = sum(x.kind == "split from" for g in c.groups.values() for x in g.links)
    assert f"{merges} mergers" in d.summary() and f"{splits} splits" in d.summary()
    plain = bundle["text/plain"]
    assert plain.splitlines()[1] == d.summary()
    for g in c.groups.values():
        for x in g.links:
            assert f"{x.date.label()}: {d.sentence([x])} [{', '.join(x.sources)}]" in plain


def _date_label(svg_root: ET.Element, link_id: str):
    el = next(e for e in svg_root.iter() if e.get("data-date-of") == link_id)
    return el.text, float(el.get("x"))


def test_dates_in_the_diagram_come_from_the_data(grouped):
    c = load_course(grouped)
    d = LineageDiagram(course=c)
    wide = _parse(d.wide_svg("t"))
    assert _date_label(wide, "group-c>pledged-to>group-g")[0] == "Jan 2016"
    text0, x0 = _date_label(wide, "group-a>merged-into>group-c")
    assert text0 == "Mar 2015"
    groups = copy.deepcopy(GROUPS)
    for g in groups[:2]:
        g["links"][-1]["date"] = "2019-11-05"
    groups[2]["formed"] = "2019-11-05"
    write_groups(grouped, groups)
    c2 = load_course(grouped)
    d2 = LineageDiagram(course=c2)
    text1, x1 = _date_label(_parse(d2.wide_svg("t")), "group-a>merged-into>group-c")
    assert text1 == short_date(c2.groups["group-a"].links[0].date) == "Nov 2019"
    assert x1 > x0 + 100  # four and a half years further right
    assert "5 November 2019" in d2.table_html() and "March 2015" not in d2.table_html()
    assert "Nov 2019" in d2.narrow_svg("n") and "Mar 2015" not in d2.narrow_svg("n")


def test_a_subset_draws_only_its_groups_and_links(grouped):
    d = LineageDiagram(["group-a", "group-b"], course=load_course(grouped))
    assert [x.id for x in d.links] == ["group-b>split-from>group-a"]
    with pytest.raises(ValueError, match="unknown group id"):
        LineageDiagram(["group-x"], course=load_course(grouped))


def test_renamed_group_continues_its_lane(real):
    c, d, _ = real
    renamed = [x for g in c.groups.values() for x in g.links if x.kind == "renamed"]
    assert renamed
    for x in renamed:
        assert d.lane_of[x.source] is d.lane_of[x.target]


# ---------------------------------------------------------------------- in a browser

@pytest.mark.slow
@pytest.mark.parametrize("width, shown, hidden", [(360, "ck-lin-narrow", "ck-lin-wide"),
                                                  (700, "ck-lin-wide", "ck-lin-narrow"),
                                                  (1000, "ck-lin-wide", "ck-lin-narrow")])
def test_legible_at_phone_and_desktop_widths_in_light_and_dark(browser, real, width, shown, hidden):
    """The drawing shown at each width keeps its text at 11 px or more, and dark mode changes
    the colours (the page's theme switch, as the maps use)."""
    c, d, bundle = real
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.route("**/*", lambda r: r.abort() if r.request.url.startswith("http") else r.continue_())
    colours = {}
    for theme, bg, fg in (("light", "#fff", "rgb(31, 35, 40)"), ("dark", "#121212", "rgb(227, 230, 234)")):
        page.set_content(f'<html data-theme="{theme}"><body style="margin:8px;background:{bg};'
                         f'color:{fg}">{bundle["text/html"]}</body></html>')
        assert page.locator(f"svg.{hidden}").is_hidden()
        svg = page.locator(f"svg.{shown}")
        assert svg.is_visible()
        smallest = svg.evaluate("""s => {
            const k = s.getBoundingClientRect().width / s.viewBox.baseVal.width;
            return Math.min(...[...s.querySelectorAll('text')].map(
                t => parseFloat(getComputedStyle(t).fontSize) * k));
        }""")
        assert smallest >= 11, smallest
        text_fill = svg.evaluate("s => getComputedStyle(s.querySelector('text.ck-lin-name')).fill")
        assert text_fill == fg
        colours[theme] = svg.evaluate(
            "s => getComputedStyle(s.querySelector('line.ck-lin-merge')).stroke")
    assert colours["light"] != colours["dark"]
    page.close()


def test_link_kinds_agree_in_schema_loader_and_diagram():
    import json

    from coursekit.data import LINK_KINDS, default_root
    from coursekit.lineage import KIND_CLASS, KIND_ORDER, NOUNS, VERBS

    schema = json.loads((default_root() / "data/schema/groups.schema.json").read_text())
    kinds = schema["items"]["properties"]["links"]["items"]["properties"]["kind"]["enum"]
    assert set(kinds) == set(LINK_KINDS) == set(VERBS) == set(NOUNS) == set(KIND_CLASS) == set(KIND_ORDER)
