# newscorpus — two commands: `make report` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9]*.ipynb))
export PYTHONHASHSEED := 0
export MPLBACKEND := Agg

## Another corpus: `make report CORPUS=path/to/folder` runs every notebook on that folder. The
## notebooks are then executed into build/corpus-notebooks/ (the committed ones stay as they are)
## and the book is built from there.
ifdef CORPUS
export NEWSCORPUS_CORPUS := $(abspath $(CORPUS))
NB_OUT := build/corpus-notebooks
NB_WRITE := --output-dir $(NB_OUT)
BOOK_FROM := --notebooks $(NB_OUT)
else
NB_WRITE := --inplace
BOOK_FROM :=
endif

.PHONY: env report book notebooks test lint unit nbval browser lab lock clean

env: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name newscorpus --display-name "Python (newscorpus)" >/dev/null
	@touch $(STAMP)

## Execute every notebook in place (fresh kernel, in order), then build the book
## (build/book/_build/html/index.html). With CORPUS=folder: see above.
report: notebooks
	$(BIN)/python -m newscorpus.report $(BOOK_FROM)

## The book alone, from the notebooks' committed outputs (no execution).
book: $(STAMP)
	$(BIN)/python -m newscorpus.report $(BOOK_FROM)

## One nbconvert call: each notebook still runs top to bottom in its own fresh kernel, in order,
## and the call stops at the first failing one; the tool's start-up (~5 s) is paid once.
notebooks: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute $(NB_WRITE) \
	  --ExecutePreprocessor.kernel_name=newscorpus --ExecutePreprocessor.timeout=1800 \
	  --ExecutePreprocessor.record_timing=False --ExecutePreprocessor.store_widget_state=False \
	  --Exporter.preprocessors='["nbconvert.preprocessors.CoalesceStreamsPreprocessor"]' $(NOTEBOOKS)

## lint, unit tests (including every notebook run on tests/data/fixture_corpus), strict nbval on
## the committed notebooks, then the book built and opened in headless Chromium.
test: lint unit nbval browser

## ruff, then the import contracts of pyproject.toml (layers; no spaCy below the NLP layer).
lint: $(STAMP)
	$(BIN)/ruff check lib tests benchmarks
	$(BIN)/lint-imports

unit: $(STAMP)
	$(BIN)/python -m pytest tests -q --ignore=tests/test_book.py

nbval: $(STAMP)
	$(BIN)/python -m pytest -q --nbval --nbval-current-env \
	  --nbval-sanitize-with notebooks/sanitize.cfg notebooks/

## The book in a browser: tests/test_book.py builds it (from the committed notebooks) and opens
## every page in headless Chromium; Debian's chromium is installed here, only for this target.
browser: $(STAMP)
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || \
	  { if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO="sudo -n"; fi; \
	    $$SUDO apt-get install -y --no-install-recommends chromium || \
	    { $$SUDO apt-get update -q && $$SUDO apt-get install -y --no-install-recommends chromium; }; } || \
	  echo "chromium could not be installed: tests/test_book.py will be skipped"
	$(BIN)/python -m pytest tests/test_book.py -q -rs

## JupyterLab at the repository root (as root too: --allow-root only when running as uid 0).
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=$(CURDIR) $(if $(filter 0,$(shell id -u)),--allow-root)

## Re-resolve the lock file (maintainers only; needs uv).
lock:
	uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
	  --python-platform x86_64-manylinux_2_28 -o requirements.lock

clean:
	rm -rf build .cache
