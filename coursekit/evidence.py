"""The audit's bookkeeping: which claims keep their evidence, and which the audit has not reached.

A citation is a promise that the source says it. Every record (event, figure, quote) and every
question keeps, for each source it cites, the source's own words and where they are
(``evidence:``, read by :mod:`coursekit.data`). Prose citations (``{footcite}`` in a chapter
page) keep theirs in ``data/evidence/*.yaml``, tied to the page and to words of the sentence.

This module finds every citation, matches it with its evidence, and compares what is missing
with ``data/evidence/pending.txt``, the audit's list of what it has not reached yet:

- a citation with no evidence that the list does not name fails validation (so a new record
  or a new sentence cannot arrive without evidence);
- prose evidence whose ``claim`` no longer appears beside its citation fails (the sentence
  changed: re-check it);
- a listed item that has its evidence is reported by :func:`stale_pending` (the tests fail on
  it, so the list stays exact).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError
from .files import course_glob

PENDING = Path("data") / "evidence" / "pending.txt"
_FOOTCITE = re.compile(r"\{footcite(?::[a-z]+)?\}`([^`]+)`")
_FENCE = re.compile(r"^(`{3,}|~{3,})")


def _norm(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class Citation:
    """One ``{footcite}`` of one source in a page: the paragraph around it, and its line."""

    page: str
    line: int
    source: str
    paragraph: str

    @property
    def pending_id(self) -> str:
        return f"{self.page} {self.source}"


def pages(root: Path) -> list[Path]:
    """The book's pages that can cite: the landing page, chapters and their sub-pages."""
    out = [root / "intro.md"] if (root / "intro.md").is_file() else []
    return out + course_glob(root / "chapters", "*.md", recursive=True)


def citations(root: Path) -> list[Citation]:
    """Every ``{footcite}`` key in the book's pages, with its paragraph (code cells skipped)."""
    out: list[Citation] = []
    for path in pages(root):
        rel = str(path.relative_to(root))
        lines = path.read_text(encoding="utf-8").splitlines()
        blocks: list[tuple[int, list[str]]] = []
        cur: list[str] = []
        start, fence, code = 0, None, False
        for i, line in enumerate(lines, 1):
            s = line.strip()
            m = _FENCE.match(s)
            if m and (fence is None or (s.startswith(fence) and not s.strip(fence[0]))):
                # a fence opens or closes: a paragraph ends here; a code cell's body is skipped,
                # a directive's (``{note}``, ``{admonition}``) is prose
                if cur:
                    blocks.append((start, cur))
                cur = []
                if fence is None:
                    fence, code = m.group(1), ("{code-cell}" in s or s == m.group(1)
                                               or not s[len(m.group(1)):].startswith("{"))
                else:
                    fence, code = None, False
                continue
            if code or not s:
                if cur:
                    blocks.append((start, cur))
                cur = []
                continue
            if not cur:
                start = i
            cur.append(line)
        if cur:
            blocks.append((start, cur))
        for start, block in blocks:
            text = _norm(" ".join(block))
            for j, line in enumerate(block):
                for m in _FOOTCITE.finditer(line):
                    for key in m.group(1).split(","):
                        out.append(Citation(rel, start + j, key.strip(), text))
    return out


def _prose_text(paragraph: str) -> str:
    """A paragraph as the claim of an evidence entry is matched against: citations removed."""
    return _norm(_FOOTCITE.sub("", paragraph))


def read_pending(root: Path) -> set[str]:
    path = root / PENDING
    if not path.exists():
        return set()
    return {line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")}


def missing(course, root: Path | None = None) -> list[str]:
    """What has no evidence yet, as pending-list lines: ``event:ID KEY``, ``question:ID KEY``,
    ``PAGE KEY`` (some citation of KEY in PAGE)."""
    from .questions import load_all

    root = Path(root or course.root)
    out: list[str] = []
    for kind, table in (("event", course.events), ("figure", course.figures),
                        ("quote", course.quotes), ("place", course.places)):
        for rid, rec in table.items():
            have = {e.source for e in rec.evidence}
            out += [f"{kind}:{rid} {k}" for k in rec.sources if k not in have]
    for bank in load_all(root, course).values():
        for q in bank.questions:
            have = {e.source for e in q.evidence}
            out += [f"question:{q.id} {k}" for k in q.sources if k not in have]
    by_page = _prose_by_page(course)
    for c in citations(root):
        if not _matches(c, by_page.get((c.page, c.source), [])):
            out.append(c.pending_id)
    return sorted(set(out))


def _prose_by_page(course) -> dict:
    out: dict = {}
    for e in course.prose_evidence:
        out.setdefault((e.page, e.source), []).append(e)
    return out


def _matches(c: Citation, entries) -> list:
    text = _prose_text(c.paragraph)
    return [e for e in entries if e.claim in text]


def for_citation(course, c: Citation) -> list:
    """The prose evidence entries that back one citation (its page, key and paragraph)."""
    return _matches(c, _prose_by_page(course).get((c.page, c.source), []))


def check(course, root: Path | None = None) -> None:
    """Fail (:class:`DataError`) on evidence that lost its sentence, and on a citation that has
    no evidence and is not on the pending list."""
    root = Path(root or course.root)
    cites = citations(root)
    by_key: dict = {}
    for c in cites:
        by_key.setdefault((c.page, c.source), []).append(c)
    for e in course.prose_evidence:
        if not (root / e.page).is_file():
            raise DataError(f"{e.file}: evidence for `{e.source}`: `page` {e.page!r} is not a file "
                            "of the book; give its path from the book's root, e.g. "
                            "chapters/01-minusma.md")
        here = by_key.get((e.page, e.source), [])
        if not here:
            raise DataError(f"{e.file}: evidence for `{e.source}` on {e.page}: the page no longer "
                            "cites it; remove the entry or fix `page`/`source`")
        if not any(e.claim in _prose_text(c.paragraph) for c in here):
            lines = ", ".join(str(c.line) for c in here)
            raise DataError(f"{e.file}: evidence for `{e.source}` on {e.page}: the claim "
                            f"{e.claim!r} is not in any paragraph citing it (line {lines}); the "
                            "sentence changed: re-check it against the source and update `claim`")
    pending = read_pending(root)
    todo = [m for m in missing(course, root) if m not in pending]
    if todo:
        more = f" (and {len(todo) - 5} more)" if len(todo) > 5 else ""
        raise DataError("no evidence for " + "; ".join(_explain(m) for m in todo[:5]) + more +
                        ": add `evidence` (the source's words and where they are; see "
                        "data/README.md, 'Evidence')")


def _explain(item: str) -> str:
    what, key = item.rsplit(" ", 1)
    if ":" in what and not what.endswith(".md"):
        kind, rid = what.split(":", 1)
        return f"{kind} `{rid}`, source `{key}`"
    return f"{what}, citation of `{key}` (add an entry to data/evidence/)"


def stale_pending(course, root: Path | None = None) -> list[str]:
    """Lines of the pending list that are done (or name nothing): the list must be exact."""
    root = Path(root or course.root)
    return sorted(read_pending(root) - set(missing(course, root)))


def write_pending(course, root: Path | None = None) -> int:
    """Rewrite the pending list from what is missing now; return how many items it holds."""
    root = Path(root or course.root)
    items = missing(course, root)
    (root / PENDING).parent.mkdir(parents=True, exist_ok=True)
    (root / PENDING).write_text(
        "# What the evidence audit has not reached yet (data/README.md, 'Evidence').\n"
        "# One per line: `KIND:ID SOURCE` for a record or question, `PAGE SOURCE` for prose.\n"
        "# Regenerate with `coursekit evidence --write-pending` after adding evidence.\n"
        + "".join(i + "\n" for i in items), encoding="utf-8")
    return len(items)


def summary(course, root: Path | None = None) -> dict:
    """Counts for the audit report: claims (record-source and citation pairs) with evidence,
    with a quote, marked unverified, and still pending."""
    root = Path(root or course.root)
    from .questions import load_all

    recs = [e for t in (course.events, course.figures, course.quotes) for r in t.values()
            for e in r.evidence]
    qs = [e for b in load_all(root, course).values() for q in b.questions for e in q.evidence]
    allev = recs + qs + list(course.prose_evidence)
    return {"evidence entries": len(allev),
            "quoted": sum(1 for e in allev if e.quote),
            "unverified": sum(1 for e in allev if e.unverified),
            "pending": len(missing(course, root))}
