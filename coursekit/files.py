"""Course files on disk, without the leftovers of the editors authors use.

Jupyter writes ``.ipynb_checkpoints/NAME-checkpoint.ipynb`` (and ``-checkpoint.yaml``, ``.md``)
beside every file it opens; Emacs leaves ``.#NAME`` locks and ``#NAME#`` autosaves, Vim
``.NAME.swp``, many editors ``NAME~``, macOS ``.DS_Store`` and LibreOffice ``.~lock.NAME#``.
None of them is a course file: every listing of chapters, data, exercises or reader notebooks
goes through :func:`course_glob`, so they never count in the tests, the build, the reader
notebooks, the PDF or the grader.
"""
from __future__ import annotations

from pathlib import Path

__all__ = ["course_glob", "is_leftover"]


def is_leftover(path: Path, root: Path | None = None) -> bool:
    """Is ``path`` (below ``root``, if given) an editor's or Jupyter's leftover?

    Any part of the path (below ``root``) that is hidden (``.name``) makes it one, as do
    autosave and backup names (``#name#``, ``name~``) and Jupyter's ``-checkpoint`` copies.
    """
    path = Path(path)
    parts = path.relative_to(root).parts if root is not None else path.parts
    for part in parts:
        if part in (".", ".."):
            continue
        if part.startswith((".", "#")) or part.endswith("~"):
            return True
    return Path(path.name).stem.endswith("-checkpoint")


def course_glob(folder: Path, pattern: str, *, recursive: bool = False) -> list[Path]:
    """``folder.glob(pattern)`` (``rglob`` if ``recursive``), sorted, leftovers left out."""
    folder = Path(folder)
    found = folder.rglob(pattern) if recursive else folder.glob(pattern)
    return sorted(p for p in found if not is_leftover(p, folder))
