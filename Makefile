# Two commands do all set-up on a fresh machine: `make book` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt constraints.txt pyproject.toml | sha1sum | cut -c1-12)
NODE_STAMP := node_modules/.installed-$(shell cat package.json package-lock.json | sha1sum | cut -c1-12)
JB_FLAGS ?= -W --keep-going

.PHONY: book test venv node notebooks validate clean bench

$(STAMP):
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt   # which applies constraints.txt
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-*; touch $@

venv: $(STAMP)

## The JavaScript the book serves (plotly.js's partial bundle) and the tests inject (axe-core).
$(NODE_STAMP):
	npm ci --no-audit --no-fund --loglevel=error
	@rm -f node_modules/.installed-*; touch $@

node: $(NODE_STAMP)

validate: venv node
	$(PY) -m coursekit validate

## Build the book into _build/html (notebooks executed, warnings are errors), and its PDF.
book: validate node
	bash scripts/ensure-chromium.sh
	$(VENV)/bin/jupyter-book build $(JB_FLAGS) .
	$(VENV)/bin/coursekit pdf
	@echo
	@echo "The book is in _build/html/index.html."
	@echo "Serve it with: $(PY) -m http.server --directory _build/html 8000  (then open http://127.0.0.1:8000)"

## Run every test: toolkit, notebooks, grader, and the built site in headless Chromium.
test: venv
	bash scripts/ensure-chromium.sh
	$(MAKE) --no-print-directory book
	$(PY) -m pytest -p no:cacheprovider -n auto --maxprocesses 4 --dist loadgroup

## After editing a chapter's .md: update its paired .ipynb and re-execute it in place.
## The .md is the source: `jupytext --sync` would take whichever file is newer, and the
## in-place execution below makes every .ipynb newer, so an .md edited meanwhile was lost.
notebooks: venv
	$(VENV)/bin/jupytext --update --to ipynb chapters/*.md chapters/*/*.md
	$(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.store_widget_state=False chapters/*.ipynb chapters/*/*.ipynb
	$(VENV)/bin/coursekit reader

## Benchmarks (on demand): book build and page weight; grader against nbgrader; transfer per page.
bench: venv
	$(PY) -m pip install -q -r bench/requirements.txt -c constraints.txt
	$(PY) bench/book_bench.py
	$(PY) bench/grade_bench.py
	$(PY) bench/transfer_bench.py

clean:
	rm -rf _build
