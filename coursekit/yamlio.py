"""YAML reading for the course's data: PyYAML's safe schema, parsed by libyaml when PyYAML was
built with it (the course's 48 data files load about ten times faster: every notebook of a book
build, every test process and every grading run loads them), else by PyYAML's pure-Python parser.
Both build the same plain Python values and raise ``yaml.YAMLError`` with the line of the
problem."""

from __future__ import annotations

import yaml

#: The safe loader, in C where available.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str):
    """Like ``yaml.safe_load``: one document, safe tags only."""
    return yaml.load(text, Loader=LOADER)
