# kdkmp-analysis — two commands do all set-up on a fresh machine:
#   make demo   build everything from the embedded default data into build/
#   make test   checks (ruff, ruff format, mypy) + unit and integration tests
#               + nbval over notebooks/ (offline)
# `make check` runs the checks alone; `make test-fast` the unit tests alone.
# `make lab` opens JupyterLab with the project's environment as the kernel.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Boundaries: a local copy next to the checkout (CI: ../shared/data/boundaries)
# is used when present; else the cache, a pinned download, or the labelled
# approximate fallback.
SHARED_BOUNDARIES := $(wildcard $(CURDIR)/../shared/data/boundaries)
ifneq ($(SHARED_BOUNDARIES),)
export KDKMP_DATA_DIR ?= $(SHARED_BOUNDARIES)
endif
# The public SIMKOPDES snapshot (slices of danylaksono/kopdes-report, no licence,
# never shipped): the default register uses it when present; else the cache
# (`kdkmp unduh-simkopdes`) or the labelled ilustrasi fallback.
SHARED_SIMKOPDES := $(wildcard $(CURDIR)/../shared/data/simkopdes)
ifneq ($(SHARED_SIMKOPDES),)
export KDKMP_SIMKOPDES_DIR ?= $(SHARED_SIMKOPDES)
endif

.PHONY: demo test test-fast check lab lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 12), f"Python >= 3.12 needed, found {sys.version}"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (kdkmp)" >/dev/null
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/kdkmp build --out build

test: check
	$(BIN)/python -m pytest tests notebooks --nbval-lax --nbval-current-env \
		-n 2 --dist loadscope -p no:cacheprovider --durations=20

test-fast: $(STAMP)
	$(BIN)/python -m pytest tests/unit -q -p no:cacheprovider

check: $(STAMP)
	$(BIN)/ruff check kdkmp_analysis tests benchmarks notebooks tools
	$(BIN)/ruff format --check kdkmp_analysis tests benchmarks notebooks tools
	$(BIN)/mypy

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

lint: check

clean:
	rm -rf build .pytest_cache
