"""Numbers that read as sentences.

A ``{value}`` role prints a figure with its unit ("311 deaths", "20,000 soldiers trained"). The
words around it must not say the unit again ("20,000 soldiers trained trained") or say a death
twice ("174 deaths killed", "311 deaths who had lost their lives"). A sentence that names what
is counted in its own words prints the bare number with ``{count}`` instead. ``coursekit
validate`` (so the build) runs :func:`check` over every page and question bank.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import DataError

ROLE = re.compile(r"\{(value|count)\}`([^`]+)`")
PLACEHOLDER = re.compile(r"\{(value|count):([^{}\s]+)\}")
NOISE = re.compile(r"\{footcite(?::[a-z]+)?\}`[^`]*`|\[\^[^\]]*\]|[*_]|\{(?:term|ref)\}")
END = re.compile(r"[.;:!?](?:\s|$)")
WORD = re.compile(r"[A-Za-z\u00c0-\u024f'-]+")
#: after "N deaths" or "N people killed", "killed" or "who (had lost their lives)" says it again
DEATH = {"deaths", "killed", "dead", "died", "fatalities"}
AFTER_DEATH = DEATH | {"who", "whose"}
STOP = {"and", "the", "of", "in", "a", "an", "to", "for", "per", "by", "or", "at", "on", "its",
        "their", "from", "with", "million", "us", "dollars", "cent", "year", "month", "months"}


def problems(text: str, units: dict[str, str]) -> list[str]:
    """Each printed value in ``text`` whose neighbouring words repeat its unit (``units``: figure
    id -> unit), as a message that says what to do."""
    out = []
    clean = NOISE.sub("", text)
    for pattern in (ROLE, PLACEHOLDER):
        for m in pattern.finditer(clean):
            kind, fid = m.groups()
            if kind != "value" or fid not in units:
                continue
            unit = [w.lower() for w in WORD.findall(units[fid])]
            rest = clean[m.end():m.end() + 60]
            end = END.search(rest)
            after = [w.lower() for w in WORD.findall(rest[:end.start()] if end else rest)][:3]
            before = [w.lower() for w in WORD.findall(clean[max(0, m.start() - 40):m.start()])][-2:]
            content = {w for w in unit if w not in STOP and len(w) > 3}
            repeated = content & set(after[:2] + before)
            if set(unit) & DEATH and after[:1] and after[0] in AFTER_DEATH:
                repeated.add(after[0])
            if repeated:
                shown = " ".join(before + [f"[{units[fid]}]"] + after)
                out.append(f"figure `{fid}` reads '... {shown} ...', saying "
                           f"{', '.join(sorted(repeated))!r} twice; write {{count}}`{fid}` (the "
                           "number alone) and let the sentence name what is counted")
    return out


def check(course, files: list[Path]) -> None:
    """Fail on the first page or bank (``files``) where a printed value repeats its unit."""
    units = {f.id: f.unit for f in course.figures.values()}
    for path in files:
        found = problems(Path(path).read_text(encoding="utf-8"), units)
        if found:
            try:
                rel = Path(path).resolve().relative_to(course.root)
            except ValueError:
                rel = path
            raise DataError(f"{rel}: {found[0]}" + (f" ({len(found) - 1} more)" if len(found) > 1 else ""))


def course_texts(course) -> list[Path]:
    """The pages and question banks whose text prints figures."""
    from .evidence import pages
    from .files import course_glob

    return pages(course.root) + course_glob(course.root / "data" / "questions", "*.yaml")
