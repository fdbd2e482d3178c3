"""Load and validate the course data in ``data/``: sources, events, figures, quotes, glossary.

Everything the course states as a fact comes through here. Loading checks each file against
its JSON Schema (``data/schema/``) and then the rules a schema cannot express (sources that
exist, dates that exist, ids that are unique), and raises :class:`DataError` naming the file,
the record and the fix. See ``data/README.md`` for the formats.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as _dt
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import yamlio
from .errors import DataError
from .files import course_glob

CONCERNS = {
    "minusma": "MINUSMA, 2013-2023",
    "security": "The security vacuum",
    "russia": "Russia and the Wagner Group",
    "jihadism": "The jihadist insurgency",
    "politics": "Political instability",
    "region": "Regional spillover",
    "warnings": "The 2023 warnings against the record",
}

PUBLISHER_FIELDS = ("organization", "publisher", "institution", "journal")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def default_root() -> Path:
    """The course repository: the folder holding ``data/`` above this package."""
    return Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Date:
    """An ISO date at year, month or day precision ("2013", "2013-04", "2013-04-25")."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def midpoint(self) -> _dt.date:
        """A calendar date to plot at: the day itself, or the middle of the month or year."""
        if self.day:
            return _dt.date(self.year, self.month, self.day)
        if self.month:
            return _dt.date(self.year, self.month, 15)
        return _dt.date(self.year, 7, 1)

    def label(self, short: bool = False) -> str:
        """"17 January 2012" (or, ``short``, "17 Jan 2012"), "January 2012", "2012": the date
        at its precision."""
        months = calendar.month_abbr if short else calendar.month_name
        if self.day:
            return f"{self.day} {months[self.month]} {self.year}"
        if self.month:
            return f"{months[self.month]} {self.year}"
        return str(self.year)

    def __str__(self) -> str:
        return self.label()


def parse_date(text, where: str) -> Date:
    """Parse "YYYY", "YYYY-MM" or "YYYY-MM-DD"; ``where`` prefixes the error message."""
    if isinstance(text, (_dt.date,)):
        raise DataError(f"{where}: date {text} must be quoted (\"{text}\") so YAML keeps it as text")
    m = _DATE_RE.match(str(text))
    if not m:
        raise DataError(f"{where}: date {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in m.groups())
    if month is not None and not 1 <= month <= 12:
        raise DataError(f"{where}: date {text!r} has no month {month}")
    if day is not None:
        try:
            _dt.date(year, month, day)
        except ValueError:
            raise DataError(f"{where}: date {text!r} does not exist (check the day of the month)") from None
    return Date(year, month, day)


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    publisher: str
    date: str
    url: str | None
    entry_type: str
    file: str

    def short(self) -> str:
        """One line for tables and hover text: publisher, title, date."""
        return f"{self.publisher}, \u201c{self.title}\u201d, {self.date}"


@dataclass(frozen=True)
class Evidence:
    """What one source says in support of a claim, and where (``data/README.md``, "Evidence").

    Either ``quote`` (the source's own words, verbatim, in ``lang``, with ``translation`` when
    that is not English) or ``unverified`` (what the audit searched and found instead)."""

    source: str
    checked: Date
    at: str | None = None
    quote: str | None = None
    lang: str = "en"
    translation: str | None = None
    supports: str | None = None
    unverified: str | None = None
    #: for prose citations (``data/evidence/*.yaml``): the page and the words of the sentence
    page: str | None = None
    claim: str | None = None
    file: str = ""

    def as_dict(self) -> dict:
        """The fields a reader sees (the pop-up, the reader notebooks, the PDF's notes)."""
        return {k: v for k, v in (("source", self.source), ("at", self.at),
                                  ("quote", self.quote), ("lang", self.lang),
                                  ("translation", self.translation),
                                  ("supports", self.supports), ("unverified", self.unverified),
                                  ("checked", self.checked.iso())) if v}


@dataclass(frozen=True)
class Event:
    id: str
    date: Date
    title: str
    summary: str
    concerns: tuple[str, ...]
    actors: tuple[str, ...]
    sources: tuple[str, ...]
    end: Date | None = None
    certainty: str = "confirmed"
    note: str | None = None
    file: str = ""
    evidence: tuple[Evidence, ...] = ()
    #: where it happened: ids of ``data/places/``
    places: tuple[str, ...] = ()

    @property
    def sort_key(self):
        return (self.date.sort_key, self.id)


@dataclass(frozen=True)
class Figure:
    id: str
    label: str
    unit: str
    measure: str
    sources: tuple[str, ...]
    value: float | None = None
    low: float | None = None
    high: float | None = None
    as_of: Date | None = None
    period: tuple[Date | None, Date | None] | None = None
    certainty: str = "confirmed"
    note: str | None = None
    compare: tuple[str, ...] = ()
    file: str = ""
    qualifier: str | None = None
    evidence: tuple[Evidence, ...] = ()

    @property
    def is_range(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Quote:
    id: str
    text: str
    speaker: str
    date: Date
    sources: tuple[str, ...]
    translated: bool = False
    file: str = ""
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Place:
    """A place events happen at (``data/places/``): its names, where it is, and the source of
    its coordinates."""

    id: str
    name: str
    kind: str
    lat: float
    lon: float
    country: str
    sources: tuple[str, ...]
    names: tuple[str, ...] = ()
    region: str | None = None
    note: str | None = None
    file: str = ""
    evidence: tuple[Evidence, ...] = ()


#: What can happen between two armed groups (``data/groups/``), read as "<group> <kind> <to>";
#: a group's lane ends at its first "merged into" or "renamed".
LINK_KINDS = ("formed", "merged into", "split from", "pledged to", "joined", "renamed")
ENDING_LINKS = ("merged into", "renamed")


@dataclass(frozen=True)
class GroupLink:
    """One change in an armed group's lineage: it split from, merged into, pledged allegiance
    to, joined or was renamed as another group, on a date, with sources and evidence."""

    kind: str
    source: str
    target: str
    date: Date
    sources: tuple[str, ...]
    evidence: tuple[Evidence, ...] = ()
    label: str | None = None
    certainty: str = "confirmed"
    note: str | None = None
    file: str = ""

    @property
    def id(self) -> str:
        """``mujao>merged-into>al-mourabitoun``: the link's id in the diagram and its table."""
        return f"{self.source}>{self.kind.replace(' ', '-')}>{self.target}"


@dataclass(frozen=True)
class Group:
    """An armed group (``data/groups/``): its names, when it formed, and its links to others."""

    id: str
    name: str
    short: str
    sources: tuple[str, ...]
    evidence: tuple[Evidence, ...] = ()
    names: tuple[str, ...] = ()
    formed: Date | None = None
    scope: str = "sahel"
    glossary: str | None = None
    certainty: str = "confirmed"
    note: str | None = None
    links: tuple[GroupLink, ...] = ()
    file: str = ""


@dataclass(frozen=True)
class Correction:
    """A fact the course had published and changed: what it said, what it says now, why."""

    id: str
    date: Date
    where: str
    said: str
    says: str
    why: str
    sources: tuple[str, ...] = ()
    file: str = ""


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    definition: str
    kind: str = "term"
    expansion: str | None = None
    sources: tuple[str, ...] = ()
    file: str = ""


@dataclass
class Course:
    """All course data, validated. Build it with :func:`load_course`."""

    root: Path
    sources: dict[str, Source] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)
    quotes: dict[str, Quote] = field(default_factory=dict)
    glossary: dict[str, Term] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    #: armed groups and their lineage (``data/groups/``), in the files' order
    groups: dict[str, Group] = field(default_factory=dict)
    #: the date up to which the sources were reviewed, and what readers must know about the
    #: record's edges (``data/course.yaml``)
    as_of: Date | None = None
    coverage: str = ""
    #: the date of the newest source the course cites on Mali itself (``mali_as_of`` in
    #: ``data/course.yaml``, optional): sentences about Mali alone print it, since the regional
    #: ``as_of`` can run later than anything the course has read on Mali
    mali_as_of: Date | None = None
    #: evidence for the chapters' prose citations (``data/evidence/*.yaml``)
    prose_evidence: list[Evidence] = field(default_factory=list)
    #: corrections of published facts (``data/corrections/*.yaml``), newest first
    corrections: list[Correction] = field(default_factory=list)

    def events_for(self, concern: str | None = None, start: str | None = None,
                   end: str | None = None) -> list[Event]:
        """Events of one concern (or all) between two ISO dates, in date order."""
        if concern is not None and concern not in CONCERNS:
            raise ValueError(f"unknown concern {concern!r}; use one of {', '.join(CONCERNS)}")
        lo = parse_date(start, "start").sort_key if start else None
        hi = parse_date(end, "end").sort_key if end else None
        out = [e for e in self.events.values()
               if (concern is None or concern in e.concerns)
               and (lo is None or e.date.sort_key >= lo)
               and (hi is None or e.date.sort_key <= hi)]
        return sorted(out, key=lambda e: e.sort_key)

    def format_date(self, event_id: str) -> str:
        """The event's date as prose, at its precision: "25 April 2013", "June 2023"."""
        ev = self._get(self.events, event_id, "event")
        text = str(ev.date)
        if ev.certainty == "approximate":
            text = "around " + text
        return text

    def format_count(self, figure_id: str) -> str:
        """The figure's number as prose, without its unit, for a sentence that names what is
        counted in its own words: "311", "about 174", "between 1 and 2"."""
        fig = self._get(self.figures, figure_id, "figure")
        if fig.is_range:
            return f"between {format_number(fig.low)} and {format_number(fig.high)}"
        text = format_number(fig.value)
        if fig.qualifier:
            return f"{fig.qualifier} {text}"
        if fig.certainty == "approximate":
            return "about " + text
        return text

    def format_value(self, figure_id: str) -> str:
        """The figure as prose with its unit: "311 deaths", "between 1 and 2 deaths"."""
        fig = self._get(self.figures, figure_id, "figure")
        return f"{self.format_count(figure_id)} {fig.unit}"

    def evidence_of(self, record_id: str) -> tuple[Evidence, ...]:
        """The evidence a record keeps for its sources (empty where the audit has not been)."""
        for table in (self.events, self.figures, self.quotes):
            if record_id in table:
                return table[record_id].evidence
        raise KeyError(record_id)

    def sources_of(self, record_id: str) -> tuple[str, ...]:
        for table in (self.events, self.figures, self.quotes, self.glossary):
            if record_id in table:
                return table[record_id].sources
        raise KeyError(record_id)

    @staticmethod
    def _get(table, key, kind):
        try:
            return table[key]
        except KeyError:
            raise DataError(f"no {kind} with id `{key}` in data/; check the spelling or add it") from None


def format_number(x: float) -> str:
    """12000 -> "12,000"; 1.5 -> "1.5"; large money amounts keep their digits."""
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


# --------------------------------------------------------------------------- loading

@functools.lru_cache(maxsize=None)
def _schema(root: Path, name: str):
    # The formats are the course's, not the data folder's: always this repository's schemas.
    path = default_root() / "data" / "schema" / f"{name}.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _rel(root: Path, path: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _read_yaml(root: Path, path: Path):
    try:
        data = yamlio.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise DataError(f"{_rel(root, path)}: not valid YAML{where}: {getattr(exc, 'problem', exc)}; "
                        "fix the syntax (indentation, quotes, colons)") from None
    return data


def jsonschema_module():
    """``jsonschema``, imported without its optional IRI grammar.

    On import, ``jsonschema`` registers a checker for the ``iri`` format if ``rfc3987_syntax`` is
    installed (Jupyter's dependencies install it), and that package compiles 38 grammars: about
    1.2 s in every process that loads the course, i.e. in every notebook kernel of a book build.
    The course's schemas check no ``format``, so the import is blocked while ``jsonschema``
    loads (a ``None`` in ``sys.modules`` makes ``import`` raise ``ImportError``, which
    ``jsonschema`` expects of optional packages). A process that imported either first is left
    as it is.
    """
    import sys

    if "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules:
        sys.modules["rfc3987_syntax"] = None
        try:
            import jsonschema
        finally:
            del sys.modules["rfc3987_syntax"]
    import jsonschema

    return jsonschema


def _validate_schema(root: Path, path: Path, data, schema_name: str, id_key: str = "id"):
    jsonschema = jsonschema_module()
    validator = jsonschema.Draft202012Validator(_schema(root, schema_name))
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if not errors:
        return
    err = errors[0]
    record = ""
    p = list(err.absolute_path)
    if p and isinstance(p[0], int) and isinstance(data, list) and isinstance(data[p[0]], dict):
        rid = data[p[0]].get(id_key)
        record = f", record `{rid}`" if rid else f", record #{p[0] + 1}"
    field_ = "/".join(str(x) for x in p[1:]) if len(p) > 1 else ""
    at = f" field `{field_}`:" if field_ else ""
    more = f" ({len(errors) - 1} more problem(s) after this one)" if len(errors) > 1 else ""
    raise DataError(f"{_rel(root, path)}{record}:{at} {err.message}{more}; see data/README.md "
                    f"and data/schema/{schema_name}.schema.json")


#: How far the as-of date may run past the newest source the course cites.
AS_OF_GRACE = _dt.timedelta(days=31)


def _last_day(d: Date) -> _dt.date:
    """The last calendar day a date at its precision can mean ("2025-12" -> 31 December)."""
    if d.day:
        return _dt.date(d.year, d.month, d.day)
    if d.month:
        return _dt.date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
    return _dt.date(d.year, 12, 31)


def load_as_of(root: Path, sources: dict[str, Source]) -> tuple[Date, str]:
    """Read ``data/course.yaml``: the as-of date (the date up to which sources were reviewed,
    at day precision) and the coverage note. An as-of date more than a month after the newest
    source cited is a claim the course cannot back: it fails, naming that source."""

    path = root / "data" / "course.yaml"
    if not path.exists():
        raise DataError("data/course.yaml is missing: it gives `as_of`, the date up to which the "
                        "course's sources were reviewed, and `coverage`, what readers must know "
                        "about the record's edges")
    rec = yamlio.safe_load(path.read_text(encoding="utf-8")) or {}
    where = "data/course.yaml, `as_of`"
    if not rec.get("as_of"):
        raise DataError(f"{where}: missing; give the date up to which the sources were reviewed")
    as_of = parse_date(rec["as_of"], where)
    if as_of.precision != "day":
        raise DataError(f"{where}: {as_of.iso()} needs a day (YYYY-MM-DD)")
    if not str(rec.get("coverage") or "").strip():
        raise DataError("data/course.yaml, `coverage`: missing; say what the course cannot know "
                        "after its as-of date and which recent months it covers only in part")
    dated = []
    for key, s in sources.items():
        try:
            dated.append((_last_day(parse_date(str(s.date)[:10], key)), key))
        except DataError:
            continue  # a source dated by something other than YYYY[-MM[-DD]] proves nothing here
    if dated:
        newest, key = max(dated)
        if _dt.date(as_of.year, as_of.month, as_of.day) > newest + AS_OF_GRACE:
            raise DataError(
                f"{where}: {as_of.iso()} is more than a month after the newest source the course "
                f"cites ({key}, {sources[key].date}). The as-of date is the date up to which the "
                "sources were reviewed, never a build's or an edit's: set it back, or cite what "
                "was reviewed since")
    return as_of, " ".join(str(rec["coverage"]).split())


def load_mali_as_of(root: Path, as_of: Date) -> Date | None:
    """Read ``mali_as_of`` from ``data/course.yaml`` (optional): the date of the newest source
    the course cites on Mali itself, which pages about Mali alone print as ``{{ mali_as_of }}``.
    It must be a full date and cannot run past the course's ``as_of``; that it is not earlier
    than the newest event in Mali is checked once the events are read (:func:`load_course`)."""

    rec = yamlio.safe_load((root / "data" / "course.yaml").read_text(encoding="utf-8")) or {}
    if rec.get("mali_as_of") is None:
        return None
    where = "data/course.yaml, `mali_as_of`"
    d = parse_date(rec["mali_as_of"], where)
    if d.precision != "day":
        raise DataError(f"{where}: {d.iso()} needs a day (YYYY-MM-DD)")
    if d.sort_key > as_of.sort_key:
        raise DataError(f"{where}: {d.iso()} is after the course's `as_of` ({as_of.iso()}); the "
                        "record on Mali cannot run past the date up to which all sources were "
                        "reviewed: set it back, or move `as_of`")
    return d


def _check_mali_as_of(course: "Course") -> None:
    """``mali_as_of`` says how far the course's sources on Mali run: an event at a place in Mali
    dated after it (its end, for a span) would contradict it."""
    if course.mali_as_of is None:
        return
    in_mali = [e for e in course.events.values()
               if any(course.places[p].country == "MLI" for p in e.places)]
    if not in_mali:
        return
    newest = max(in_mali, key=lambda e: _last_day(e.end or e.date))
    last = _last_day(newest.end or newest.date)
    m = course.mali_as_of
    if _dt.date(m.year, m.month, m.day) < last:
        raise DataError(f"data/course.yaml, `mali_as_of`: {m.iso()} is earlier than the newest "
                        f"event in Mali, `{newest.id}` ({(newest.end or newest.date).iso()}, "
                        f"{newest.file}); move it to the date of the newest source on Mali")


def _bib_files(root: Path):
    """Each ``data/references/*.bib`` file, relative name and parsed entries."""
    from pybtex.database import parse_file
    from pybtex.scanner import PybtexError

    for path in course_glob(root / "data" / "references", "*.bib"):
        rel = _rel(root, path)
        try:
            bib = parse_file(str(path), bib_format="bibtex")
        except PybtexError as exc:
            raise DataError(f"{rel}: not valid BibTeX: {exc}; fix the entry it names") from None
        yield rel, bib


def load_sources(root: Path) -> dict[str, Source]:
    """Read every ``data/references/*.bib`` and check each entry names title, publisher, date.
    That the book's bibliography style can format each entry is checked where the book is
    built and validated (:func:`check_bibliography_style`), not in every process that loads
    the course (each notebook's kernel: it took half the loading time)."""
    out: dict[str, Source] = {}
    for rel, bib in _bib_files(root):
        for key, entry in bib.entries.items():
            f = {k.lower(): str(v) for k, v in entry.fields.items()}
            where = f"{rel}, source `{key}`"
            if key in out:
                raise DataError(f"{where}: key already used in {out[key].file}; rename one of them")
            if not f.get("title"):
                raise DataError(f"{where}: no `title`; add the document's title")
            if re.search(r"(?<!\\)`", f["title"]):
                raise DataError(f"{where}: the title has a LaTeX quote (`...'); write the "
                                "typographic quotes \u2018...\u2019 so that the book, the pop-ups "
                                "and the notebooks print the same title")
            publisher = next((f[k] for k in PUBLISHER_FIELDS if f.get(k)), None)
            if publisher is None:
                authors = entry.persons.get("author")
                if authors:
                    publisher = " ".join(str(p) for p in authors[:1])
            if not publisher:
                raise DataError(f"{where}: no publisher; add `organization`, `publisher`, "
                                "`institution` or `journal`")
            date = f.get("date") or f.get("year")
            if not date:
                raise DataError(f"{where}: no `date`; add the publication date (YYYY-MM-DD, YYYY-MM or YYYY)")
            parse_date(date, where)
            url = f.get("url")
            if not url and not f.get("note", "").lower().startswith("no url"):
                raise DataError(f"{where}: no `url`; add it, or `note = {{No URL: <why>}}` "
                                "if the source is not online")
            out[key] = Source(key, _plain(f["title"]), _plain(publisher), date, url, entry.type, rel)
    return out


def check_bibliography_style(root: str | Path | None = None) -> None:
    """Fail, naming the file and the entry, if the book's bibliography style (pybtex's plain
    style, :mod:`coursekit.bibstyle`) cannot format an entry: ``coursekit validate`` and the
    book build call this first, so that the build does not stop midway."""
    from .bibstyle import Style

    root = Path(root).resolve() if root else default_root()
    style = Style()
    for rel, bib in _bib_files(root):
        for key, entry in bib.entries.items():
            try:
                style.format_entry(label="", entry=entry)
            except Exception as exc:  # pybtex raises KeyError/FieldIsMissing/PybtexError
                raise DataError(f"{rel}, source `{key}`: the bibliography style cannot format this "
                                f"@{entry.type} entry ({type(exc).__name__}: {exc}); use @misc "
                                "(web pages, documents), @article (news, journals) or @techreport "
                                "(reports), or add the missing field") from None


@functools.lru_cache(maxsize=1)
def _plaintext_backend():
    # One backend: pybtex's render_as() looks its plugins up again on every call (slow).
    from pybtex.backends.plaintext import Backend

    return Backend()


#: What LaTeX decoding may change: commands, braces, ties, escapes, quotes, dashes and
#: whitespace runs. Text without any of them (most titles and publishers) reads as written.
_LATEX_MARKUP = re.compile(r"[\\{}~$&%#_`'\n\r\t]|--|  |^\s")


def _plain(latex: str) -> str:
    """BibTeX text as a reader sees it: accents decoded (\\'e -> é), braces dropped."""
    if not _LATEX_MARKUP.search(latex):
        return latex
    return _decode_latex(latex)


def _decode_latex(latex: str) -> str:
    from pybtex.richtext import Text

    try:
        text = Text.from_latex(latex).render(_plaintext_backend())
    except Exception:  # malformed LaTeX: show it without braces rather than fail
        text = latex.replace("{", "").replace("}", "")
    for escaped in ("$", "&", "%", "#", "_"):
        text = text.replace("\\" + escaped, escaped)
    return text


def _check_sources(where: str, keys, sources: dict[str, Source]):
    if not keys:
        raise DataError(f"{where}: no `sources`; add at least one BibTeX key from data/references/")
    for k in keys:
        if k not in sources:
            raise DataError(f"{where}: unknown source key `{k}`; add it to a file in "
                            "data/references/ or fix the spelling")


def load_evidence(where: str, entries, cited, sources: dict[str, Source], file: str = "",
                  page: str | None = None, claim: str | None = None) -> tuple[Evidence, ...]:
    """Check a record's ``evidence`` entries against its ``sources`` (``cited``) and build them.

    Each entry names one of the cited sources, says when it was checked, and gives either the
    source's words (with a translation unless they are English) or why it could not."""
    today = _dt.date.today()
    out = []
    for i, e in enumerate(entries or [], 1):
        w = f"{where}, evidence #{i}"
        key = e.get("source")
        if key not in sources:
            raise DataError(f"{w}: unknown source key `{key}`; use a key from data/references/")
        if cited is not None and key not in cited:
            raise DataError(f"{w}: source `{key}` is not in the record's `sources`; add it there "
                            "or fix the key")
        if not e.get("checked"):
            raise DataError(f"{w}: no `checked`; give the day the passage was read (YYYY-MM-DD)")
        checked = parse_date(e.get("checked"), w + " (checked)")
        if checked.precision != "day":
            raise DataError(f"{w}: `checked` needs a day (YYYY-MM-DD)")
        if _dt.date(checked.year, checked.month, checked.day) > today:
            raise DataError(f"{w}: `checked` {checked.iso()} is in the future")
        quote, unverified = e.get("quote"), e.get("unverified")
        if bool(quote) == bool(unverified):
            raise DataError(f"{w}: give either `quote` (the source's own words) or `unverified` "
                            "(what was searched and found), not both or neither")
        if quote and not e.get("at"):
            raise DataError(f"{w}: no `at`; say where the words are (section, paragraph, page)")
        lang = e.get("lang", "en")
        if quote and lang != "en" and not e.get("translation"):
            raise DataError(f"{w}: the quote is in `{lang}`; add `translation` (our English)")
        out.append(Evidence(key, checked, e.get("at"), " ".join(quote.split()) if quote else None,
                            lang, " ".join(e["translation"].split()) if e.get("translation") else None,
                            e.get("supports"), " ".join(unverified.split()) if unverified else None,
                            page, claim, file))
    return tuple(out)


def _check_certainty(where: str, rec: dict):
    if rec.get("certainty", "confirmed") != "confirmed" and not rec.get("note"):
        raise DataError(f"{where}: certainty is `{rec['certainty']}` but there is no `note`; "
                        "say who gives which date or figure")


def _records(root: Path, folder: str, schema: str):
    """Yield (path, record) for every record in data/<folder>/*.yaml, schema-checked."""
    for path in course_glob(root / "data" / folder, "*.yaml"):
        data = _read_yaml(root, path)
        if data is None:
            continue
        _validate_schema(root, path, data, schema)
        for rec in data:
            yield path, rec


def _unique(table: dict, rid: str, where: str, kind: str):
    if not _ID_RE.match(rid):
        raise DataError(f"{where}: id `{rid}` must be kebab-case (lower-case letters, digits, hyphens)")
    if rid in table:
        raise DataError(f"{where}: duplicate {kind} id `{rid}` (also in {table[rid].file}); "
                        "an event is entered once: list all its concerns on one record")


def load_course(root: str | Path | None = None) -> Course:
    """Load and validate all course data under ``root`` (default: this repository).

    Raises:
        DataError: the first problem found, naming file, record and fix.
    """
    root = Path(root).resolve() if root else default_root()
    course = Course(root=root)
    course.sources = load_sources(root)
    S = course.sources
    course.as_of, course.coverage = load_as_of(root, S)
    course.mali_as_of = load_mali_as_of(root, course.as_of)

    for path, rec in _records(root, "glossary", "glossary"):
        where = f"{_rel(root, path)}, term `{rec['id']}`"
        _unique(course.glossary, rec["id"], where, "term")
        for k in rec.get("sources", []):
            _check_sources(where, [k], S)
        course.glossary[rec["id"]] = Term(rec["id"], rec["term"], rec["definition"].strip(),
                                          rec.get("kind", "term"), rec.get("expansion"),
                                          tuple(rec.get("sources", [])), _rel(root, path))
    terms = {t.term.lower(): t.id for t in course.glossary.values()}
    for t in course.glossary.values():
        if list(terms.values()).count(t.id) != 1 or terms.get(t.term.lower()) != t.id:
            raise DataError(f"{t.file}, term `{t.id}`: the term {t.term!r} is defined twice; "
                            "merge the two entries")

    for path, rec in _records(root, "places", "places"):
        where = f"{_rel(root, path)}, place `{rec['id']}`"
        _unique(course.places, rec["id"], where, "place")
        _check_sources(where, rec.get("sources"), S)
        course.places[rec["id"]] = Place(
            rec["id"], rec["name"], rec["kind"], float(rec["lat"]), float(rec["lon"]),
            rec["country"], tuple(rec["sources"]), tuple(rec.get("names", [])), rec.get("region"),
            rec.get("note"), _rel(root, path),
            load_evidence(where, rec.get("evidence"), rec["sources"], S, _rel(root, path)))

    for path, rec in _records(root, "events", "events"):
        where = f"{_rel(root, path)}, event `{rec['id']}`"
        _unique(course.events, rec["id"], where, "event")
        _check_sources(where, rec.get("sources"), S)
        _check_certainty(where, rec)
        date = parse_date(rec["date"], where)
        end = parse_date(rec["end"], where + " (end)") if rec.get("end") else None
        if end and end.sort_key < date.sort_key:
            raise DataError(f"{where}: `end` {end.iso()} is before `date` {date.iso()}; swap them")
        if date.sort_key > course.as_of.sort_key:
            raise DataError(f"{where}: date {date.iso()} is after the course's as-of date "
                            f"{course.as_of.iso()} (data/course.yaml); review the sources up to it "
                            "and move the as-of date, or leave the event out")
        for pid in rec.get("places", []):
            if pid not in course.places:
                raise DataError(f"{where}: unknown place `{pid}`; add it to data/places/ (with "
                                "the source of its coordinates) or fix the id")
        for a in rec.get("actors", []):
            if a not in course.glossary:
                raise DataError(f"{where}: unknown actor `{a}`; add it to data/glossary/ "
                                "or use an existing glossary id")
        course.events[rec["id"]] = Event(
            rec["id"], date, rec["title"].strip(), " ".join(rec["summary"].split()),
            tuple(rec["concerns"]), tuple(rec.get("actors", [])), tuple(rec["sources"]), end,
            rec.get("certainty", "confirmed"), rec.get("note"), _rel(root, path),
            load_evidence(where, rec.get("evidence"), rec["sources"], S, _rel(root, path)),
            tuple(rec.get("places", [])))
    _check_mali_as_of(course)

    for path, rec in _records(root, "figures", "figures"):
        where = f"{_rel(root, path)}, figure `{rec['id']}`"
        _unique(course.figures, rec["id"], where, "figure")
        _check_sources(where, rec.get("sources"), S)
        _check_certainty(where, rec)
        has_value = "value" in rec
        has_range = "low" in rec or "high" in rec
        if has_value == has_range or (has_range and not ("low" in rec and "high" in rec)):
            raise DataError(f"{where}: give either `value`, or both `low` and `high`")
        if has_range and rec["low"] > rec["high"]:
            raise DataError(f"{where}: `low` {rec['low']} is above `high` {rec['high']}")
        period = None
        if rec.get("period"):
            p = rec["period"]
            period = (parse_date(p["start"], where + " (period start)") if p.get("start") else None,
                      parse_date(p["end"], where + " (period end)") if p.get("end") else None)
        course.figures[rec["id"]] = Figure(
            rec["id"], rec["label"], rec["unit"], " ".join(rec["measure"].split()),
            tuple(rec["sources"]), rec.get("value"), rec.get("low"), rec.get("high"),
            parse_date(rec["as_of"], where + " (as_of)") if rec.get("as_of") else None,
            period, rec.get("certainty", "confirmed"), rec.get("note"),
            tuple(rec.get("compare", [])), _rel(root, path), rec.get("qualifier"),
            load_evidence(where, rec.get("evidence"), rec["sources"], S, _rel(root, path)))
    for f in course.figures.values():
        for other in f.compare:
            if other not in course.figures:
                raise DataError(f"{f.file}, figure `{f.id}`: `compare` names unknown figure `{other}`")

    for path, rec in _records(root, "quotes", "quotes"):
        where = f"{_rel(root, path)}, quote `{rec['id']}`"
        _unique(course.quotes, rec["id"], where, "quote")
        _check_sources(where, rec.get("sources"), S)
        course.quotes[rec["id"]] = Quote(rec["id"], " ".join(rec["text"].split()), rec["speaker"],
                                         parse_date(rec["date"], where), tuple(rec["sources"]),
                                         bool(rec.get("translated", False)), _rel(root, path),
                                         load_evidence(where, rec.get("evidence"), rec["sources"],
                                                       S, _rel(root, path)))
    course.groups = load_groups(root, S, course.glossary, course.as_of)
    course.prose_evidence = load_prose_evidence(root, S)
    course.corrections = load_corrections(root, S)
    return course


def _group_evidence(where: str, rec: dict, S: dict[str, Source], rel: str) -> tuple[Evidence, ...]:
    """A group's or a link's evidence: required, one entry at least for every cited source."""
    _check_sources(where, rec.get("sources"), S)
    if not rec.get("evidence"):
        raise DataError(f"{where}: no `evidence`; quote what each source says (the source's own "
                        "words, where, the day checked), see data/README.md, 'Evidence'")
    _check_certainty(where, rec)
    evidence = load_evidence(where, rec["evidence"], rec["sources"], S, rel)
    bare = [k for k in rec["sources"] if k not in {e.source for e in evidence}]
    if bare:
        raise DataError(f"{where}: no evidence for source(s) {', '.join(bare)}; add an `evidence` "
                        "entry for each, or drop the source")
    return evidence


def load_groups(root: Path, S: dict[str, Source], glossary: dict[str, Term],
                as_of: Date | None = None) -> dict[str, Group]:
    """Read ``data/groups/*.yaml``: the armed groups and their links (formed, merged into, split
    from, pledged to, joined, renamed), each with sources and evidence.

    Raises:
        DataError: naming the file, the group (and the link) and the fix: an unknown group,
            glossary or source id, a date that is not ISO, a missing ``evidence``, a group that
            ends twice.
    """
    groups: dict[str, Group] = {}
    pending: list[tuple[str, str, str, dict]] = []
    for path, rec in _records(root, "groups", "groups"):
        rel = _rel(root, path)
        where = f"{rel}, group `{rec['id']}`"
        _unique(groups, rec["id"], where, "group")
        evidence = _group_evidence(where, rec, S, rel)
        formed = parse_date(rec["formed"], where + " (formed)") if rec.get("formed") else None
        if formed is None and not rec.get("note"):
            raise DataError(f"{where}: no `formed` date and no `note`; give the date (YYYY, "
                            "YYYY-MM or YYYY-MM-DD) or say in `note` why none is recorded")
        if rec.get("glossary") and rec["glossary"] not in glossary:
            raise DataError(f"{where}: unknown glossary id `{rec['glossary']}`; use an id from "
                            "data/glossary/ or leave `glossary` out")
        groups[rec["id"]] = Group(
            rec["id"], rec["name"].strip(), rec["short"].strip(), tuple(rec["sources"]), evidence,
            tuple(rec.get("names", [])), formed, rec.get("scope", "sahel"), rec.get("glossary"),
            rec.get("certainty", "confirmed"), " ".join(rec["note"].split()) if rec.get("note") else None,
            (), rel)
        pending += [(rel, where, rec["id"], link) for link in rec.get("links", [])]
    links: dict[str, list[GroupLink]] = {}
    for rel, where, gid, rec in pending:
        w = f"{where}, link `{rec['kind']}` `{rec['to']}`"
        if rec["to"] not in groups:
            raise DataError(f"{w}: unknown group `{rec['to']}`; add it to data/groups/ or fix the id")
        if rec["to"] == gid:
            raise DataError(f"{w}: a group cannot link to itself")
        date = parse_date(rec["date"], w)
        if as_of is not None and date.sort_key > as_of.sort_key:
            raise DataError(f"{w}: date {date.iso()} is after the course's as-of date {as_of.iso()}")
        link = GroupLink(rec["kind"], gid, rec["to"], date, tuple(rec["sources"]),
                         _group_evidence(w, rec, S, rel), rec.get("label"),
                         rec.get("certainty", "confirmed"),
                         " ".join(rec["note"].split()) if rec.get("note") else None, rel)
        mine = links.setdefault(gid, [])
        if link.id in {x.id for x in mine}:
            raise DataError(f"{w}: the same link twice; keep one, with all its sources")
        ends = [x for x in mine + [link] if x.kind in ENDING_LINKS]
        if len(ends) > 1:
            raise DataError(f"{w}: the group already ends ({ends[0].kind} `{ends[0].target}`); a "
                            "group merges into or is renamed as one group only")
        mine.append(link)
    for gid, mine in links.items():
        groups[gid] = dataclasses.replace(groups[gid], links=tuple(sorted(mine, key=lambda x: x.date.sort_key)))
    return groups


_CORRECTION_FIELDS = ("id", "date", "where", "said", "says", "why", "sources")


def load_corrections(root: Path, sources: dict[str, Source]) -> list[Correction]:
    """Read ``data/corrections/*.yaml``: every correction of a published fact, newest first."""
    out: dict[str, Correction] = {}
    today = _dt.date.today()
    for path in course_glob(root / "data" / "corrections", "*.yaml"):
        rel = _rel(root, path)
        data = _read_yaml(root, path) or []
        if not isinstance(data, list):
            raise DataError(f"{rel}: must be a list of corrections; see data/README.md, 'Corrections'")
        for i, rec in enumerate(data, 1):
            rid = rec.get("id") if isinstance(rec, dict) else None
            where = f"{rel}, correction `{rid}`" if rid else f"{rel}, correction #{i}"
            if not isinstance(rec, dict):
                raise DataError(f"{where}: not a mapping; see data/README.md, 'Corrections'")
            extra = set(rec) - set(_CORRECTION_FIELDS)
            if extra:
                raise DataError(f"{where}: unknown field(s) {', '.join(sorted(extra))}; allowed: "
                                f"{', '.join(_CORRECTION_FIELDS)}")
            for k in _CORRECTION_FIELDS[:-1]:
                if not str(rec.get(k) or "").strip():
                    raise DataError(f"{where}: no `{k}`; a correction says when, where, what the "
                                    "course said, what it says now and why")
            if not _ID_RE.match(rid):
                raise DataError(f"{where}: id must be kebab-case")
            if rid in out:
                raise DataError(f"{where}: duplicate id (also in {out[rid].file})")
            date = parse_date(rec["date"], where)
            if date.precision != "day" or _dt.date(date.year, date.month, date.day) > today:
                raise DataError(f"{where}: `date` {date.iso()} must be the day of the correction "
                                "(YYYY-MM-DD), not in the future")
            keys = rec.get("sources") or []
            for k in keys:
                if k not in sources:
                    raise DataError(f"{where}: unknown source key `{k}`; add it to "
                                    "data/references/ or fix the spelling")
            text = {k: " ".join(str(rec[k]).split()) for k in ("where", "said", "says", "why")}
            out[rid] = Correction(rid, date, sources=tuple(keys), file=rel, **text)
    return sorted(out.values(), key=lambda c: (c.date.sort_key, c.id), reverse=True)


def load_prose_evidence(root: Path, sources: dict[str, Source]) -> list[Evidence]:
    """Read ``data/evidence/*.yaml``: evidence for the chapters' ``{footcite}`` citations, each
    tied to its page and to words of its sentence (``claim``)."""
    out: list[Evidence] = []
    for path in course_glob(root / "data" / "evidence", "*.yaml"):
        rel = _rel(root, path)
        data = _read_yaml(root, path) or []
        if not isinstance(data, list):
            raise DataError(f"{rel}: must be a list of entries (page, claim, source, at, quote, "
                            "checked); see data/README.md, 'Evidence'")
        for i, e in enumerate(data, 1):
            where = f"{rel}, entry #{i}"
            if not isinstance(e, dict):
                raise DataError(f"{where}: not a mapping; see data/README.md, 'Evidence'")
            extra = set(e) - {"page", "claim", "source", "at", "quote", "lang", "translation",
                              "supports", "unverified", "checked"}
            if extra:
                raise DataError(f"{where}: unknown field(s) {', '.join(sorted(extra))}")
            page, claim = e.get("page"), e.get("claim")
            # that the page exists is checked with the pages (coursekit.evidence.check): a copy
            # of the data without the book (Binder's, a test's) still loads
            if not page or not str(page).endswith(".md"):
                raise DataError(f"{where}: `page` {page!r} is not a page of the book; give its path "
                                "from the book's root, e.g. chapters/01-minusma.md")
            if not claim or not str(claim).strip():
                raise DataError(f"{where}: no `claim`; give words of the sentence the citation "
                                "closes, as typed in the page")
            if "{" in str(claim) or "`" in str(claim):
                raise DataError(f"{where}: `claim` {claim!r} holds a role or markup; give plain "
                                "words of the sentence, as typed between its roles")
            where = f"{rel}, entry #{i} ({page}, {e.get('source')})"
            out += load_evidence(where, [e], None, sources, rel, page, " ".join(str(claim).split()))
    return out


@functools.lru_cache(maxsize=4)
def _cached(root: Path) -> Course:
    return load_course(root)


def course(root: str | Path | None = None) -> Course:
    """The loaded course, cached per root (for notebooks, which call it many times)."""
    return _cached(Path(root).resolve() if root else default_root())
