# newscorpus — two commands: `make report` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9]*.ipynb))
export PYTHONHASHSEED := 0
export MPLBACKEND := Agg

.PHONY: env report notebooks test lint unit nbval lab lock clean

env: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name newscorpus --display-name "Python (newscorpus)" >/dev/null
	@touch $(STAMP)

## Execute every notebook in place (fresh kernel, in order), then render the HTML report.
report: notebooks
	$(BIN)/python -m newscorpus.report

## One nbconvert call: each notebook still runs top to bottom in its own fresh kernel, in order,
## and the call stops at the first failing one; the tool's start-up (~5 s) is paid once.
notebooks: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.kernel_name=newscorpus --ExecutePreprocessor.timeout=1800 \
	  --ExecutePreprocessor.record_timing=False $(NOTEBOOKS)

test: lint unit nbval

## ruff, then the import contracts of pyproject.toml (layers; no spaCy below the NLP layer).
lint: $(STAMP)
	$(BIN)/ruff check lib tests benchmarks
	$(BIN)/lint-imports

unit: $(STAMP)
	$(BIN)/python -m pytest tests -q

nbval: $(STAMP)
	$(BIN)/python -m pytest -q --nbval --nbval-current-env \
	  --nbval-sanitize-with notebooks/sanitize.cfg notebooks/

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

## Re-resolve the lock file (maintainers only; needs uv).
lock:
	uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
	  --python-platform x86_64-manylinux_2_28 -o requirements.lock

clean:
	rm -rf build .cache
