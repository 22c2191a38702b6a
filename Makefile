# widget-e2e: `make e2e` runs the suite against the reference widget, `make test` runs the
# project's own tests (reference API, detection check over every defect). Both install what
# is missing first: a virtualenv with the project, and a browser.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
WORKERS ?= auto
FLAKE_RUNS ?= 20
PROFILE ?=
ARGS ?=
SCENARIO ?= a-exits-b-opens
# WIDGET_BUILD: your own widget build (its public/ folder) served in front of the reference;
# a build runs in the upstream profile unless PROFILE says fork.
WIDGET_BUILD ?=
PROFILE_FLAG := $(if $(PROFILE),--widget-profile $(PROFILE),$(if $(WIDGET_BUILD),--widget-profile upstream,))
BUILD_FLAG := $(if $(WIDGET_BUILD),--widget-build $(WIDGET_BUILD),)

.PHONY: setup browser e2e test detect flake mutants bench reference reproduce clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $(INSTALLED)

setup: $(INSTALLED) browser

browser: $(INSTALLED)
	$(PY) -m testlib.browser_resolution

e2e: setup
	$(PY) -m pytest e2e -n $(WORKERS) $(PROFILE_FLAG) $(BUILD_FLAG) $(ARGS)

test: setup
	$(PY) -m pytest tests -n $(WORKERS) --dist loadgroup $(ARGS)

detect: setup
	$(PY) -m detection $(if $(PROFILE),--profile $(PROFILE),)

# The repeat check: the whole e2e suite FLAKE_RUNS times in every profile of the reference (or
# PROFILE); lists every test that failed at least once, with its messages (reports/flake.md).
flake: setup
	$(PY) -m detection.flake --runs $(FLAKE_RUNS) --workers $(WORKERS) $(if $(PROFILE),--profile $(PROFILE),) $(ARGS)

# Generated mutants of the reference (not part of `test`: per mutant, the tests that run its line). ARGS passes
# e.g. --sample 60 --seed 1, --file widget_api.py, --jobs 2.
mutants: setup
	$(PY) -m mutants $(ARGS)

# DETECTION=1: the detection matrix's time per profile and case instead (bail, known catchers
# first); ARGS passes e.g. --default-order --without-bail.
# MUTANTS=N: a random sample of N generated mutants instead: the median cost per mutant.
DETECTION ?=
MUTANTS ?=
bench: setup
	$(PY) -m benchmarks $(if $(MUTANTS),--mutants $(MUTANTS),$(if $(DETECTION),--detection,--suite)) $(if $(PROFILE),--profile $(PROFILE),) $(ARGS)

reference: $(INSTALLED)
	$(PY) -m reference $(if $(PROFILE),--profile $(PROFILE),)

# Replay a session-isolation scenario step by step (python -m reproduce --help): the timeline, a
# trace and a bug-report draft in reports/reproduce/. ARGS passes the suite's flags, e.g.
# --reference-defects token-kept-on-exit, --headed, --target-url ... --website-token ...
reproduce: setup
	$(PY) -m reproduce $(SCENARIO) $(PROFILE_FLAG) $(ARGS)

clean:
	rm -rf $(VENV) reports/* *.egg-info
	touch reports/.gitkeep
