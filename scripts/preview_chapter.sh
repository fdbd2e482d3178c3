#!/usr/bin/env bash
# Build a private preview of the book with one more chapter, without touching the main _build:
#   scripts/preview_chapter.sh 03-russia      -> /tmp/preview-03-russia/_build/html
set -euo pipefail
name=$1
top=$(cd "$(dirname "$0")/.." && pwd)
out=/tmp/preview-$name
rm -rf "$out"; mkdir -p "$out"
tar -C "$top" --exclude=.venv --exclude=_build --exclude=node_modules --exclude=.git -cf - . | tar -C "$out" -xf -
cd "$out"
"$top/.venv/bin/jupytext" --to ipynb --quiet "chapters/$name.md"
grep -q "chapters/$name" _toc.yml || sed -i "s|^      - file: chapters/01-minusma|&\n      - file: chapters/$name|" _toc.yml
# build only the toc's chapters: drop other unpaired chapters from the toc
"$top/.venv/bin/jupyter-book" build -W --keep-going . 2>&1 | grep -E "WARNING|ERROR|succeeded|problems" || true
echo "Preview: $out/_build/html/chapters/$name.html"
echo "Screenshot: $top/.venv/bin/python $top/scripts/screenshot.py $out/_build/html chapters/$name.html /tmp/$name.png 1000"
