"""The book's structure, read from ``_toc.yml``: its pages in reading order, and each chapter's pages.

A chapter is a top-level ``chapters/NN-name`` entry: its first page (``chapters/NN-name.md``,
which opens with the learning objectives) and the pages listed under it as ``sections``
(``chapters/NN-name/*.md``). Each page is a MyST notebook paired with its ``.ipynb``.
"""
from __future__ import annotations

from pathlib import Path

from . import yamlio

__all__ = ["chapter_notebooks", "chapter_pages", "page_title", "toc_files"]


def _toc(root: Path) -> dict:
    return yamlio.safe_load((Path(root) / "_toc.yml").read_text(encoding="utf-8"))


def toc_files(root: Path) -> list[str]:
    """Every page of the book in reading order, as docnames (``chapters/05-politics``)."""
    toc = _toc(root)
    pages = [toc["root"]]

    def walk(entries):
        for e in entries or []:
            if "file" in e:
                pages.append(e["file"])
            walk(e.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return pages


def chapter_pages(root: Path) -> dict[str, list[str]]:
    """Each chapter (``05-politics``) -> its pages' docnames, its first page first."""
    out: dict[str, list[str]] = {}
    for doc in toc_files(root):
        parts = doc.split("/")
        if parts[0] != "chapters":
            continue
        out.setdefault(parts[1], []).append(doc)
    return out


def chapter_notebooks(root: Path) -> list[Path]:
    """The paired notebook of every chapter page, in reading order."""
    return [Path(root) / f"{doc}.ipynb" for docs in chapter_pages(root).values() for doc in docs]


def page_title(root: Path, doc: str) -> str:
    """The ``# `` title of a page's MyST source."""
    for line in (Path(root) / f"{doc}.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise ValueError(f"{doc}.md has no `# ` title")
