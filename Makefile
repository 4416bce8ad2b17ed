# Two commands on a fresh machine: `make demo` and `make test` (`make test-fast` while working).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test test-fast install lint bench fuzz hostile clean

$(BIN)/pfaudit: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/pfaudit

# The legacy .doc/.xls samples are read through LibreOffice; without it they are left out
# (with a note) rather than shown as unreadable files.
SOFFICE := $(shell command -v $${PFAUDIT_SOFFICE:-soffice} 2>/dev/null)
LEGACY  := $(if $(SOFFICE),,--extend-exclude '*.doc,*.xls')

demo: install
	@$(if $(SOFFICE),,echo "demo: LibreOffice (soffice) not found, so samples/formats/*.doc and *.xls are left out; see README")
	@# exit status 1 only means findings were reported; the demo is meant to show them
	$(BIN)/pfaudit samples/ $(LEGACY) || test $$? -eq 1

# Tests run in parallel, one worker per core (pytest-xdist), a module's tests on one worker so
# its browser, server or virtual environment starts once; CI runs them all.
test: install
	$(BIN)/python -m pytest -q -n auto --dist loadscope
	$(BIN)/ruff check auditor checks pfaudit tests bench

# The fast part, while working: without the tests marked slow (a real browser, a PostgreSQL
# server, a Dask cluster, LibreOffice, a fresh virtual environment, the fuzz run).
test-fast: install
	$(BIN)/python -m pytest -q -n auto --dist loadscope -m "not slow"
	$(BIN)/ruff check auditor checks pfaudit tests bench

lint: install
	$(BIN)/ruff check auditor checks pfaudit tests bench

# make bench BENCH=--quick for a run of about a minute
bench: install
	$(BIN)/python bench/bench.py $(BENCH)

# FUZZ_N seeded mutations of the samples (text, .docx, .xlsx, .pdf), 10,000 unless given
# (make fuzz FUZZ_N=2000); the suite runs 200.
FUZZ_N ?= 10000
fuzz: install
	PFAUDIT_FUZZ=$(FUZZ_N) $(BIN)/python -m pytest -q -s -p no:cacheprovider tests/test_fuzz.py

# Each hostile case's outcome, time and peak memory, and a batch of them beside the samples
# (HOSTILE_CORPUS=folder adds a set of crafted files to the generated cases).
hostile: install
	$(BIN)/python bench/hostile.py $(if $(HOSTILE_CORPUS),--corpus $(HOSTILE_CORPUS))

clean:
	rm -rf $(VENV) build *.egg-info
