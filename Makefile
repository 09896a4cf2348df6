# Descent: two commands do all the set-up.
#   make lab    create .venv if needed, install the pinned set, open JupyterLab on work/
#   make test   same install, then ruff, the unit tests, every notebook under nbval (also as
#               an older CPU would run it), and the widgets and slides in a real browser
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# JupyterLab refuses to run as root unless told to (containers, CI machines).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)
LAB_FLAGS ?=
NB ?= notebooks
# Test processes side by side: one per core for the unit tests; one per core, up to one per
# notebook, for the notebooks. The root conftest.py gives each its share of the cores' threads.
CORES := $(shell nproc 2>/dev/null || sysctl -n hw.ncpu 2>/dev/null || echo 2)
NOTEBOOK_COUNT := $(words $(wildcard notebooks/*.ipynb))
JOBS ?= $(CORES)
NB_JOBS ?= $(shell echo $$(( $(CORES) < $(NOTEBOOK_COUNT) ? $(CORES) : $(NOTEBOOK_COUNT) )))
# browser tests side by side: each worker runs its own JupyterLab and Chromium, and waits on
# the browser part of the time, so one more worker than cores (at most 4) keeps them busy
BROWSER_JOBS ?= $(shell echo $$(( $(CORES) < 3 ? $(CORES) + 1 : 4 )))
# make portable runs every variant of tests/portable.py (or VARIANTS="1thread ..."); make test
# runs the one furthest from a modern CPU's instructions. (Its plain notebook stage already runs
# one thread per kernel, while make execute stores outputs using every core.)
VARIANTS ?=
TEST_VARIANT := default-1thread

.PHONY: install lab reset slides test lint unit notebooks portable portable-one browser execute \
	data movielens bench bench-stages lock clean

install: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-install only when the pins or the package metadata change: a second `make` is quick.
# pip byte-compiles one file at a time; compileall on every core does the same work in half
# the time. (It reports the few files written for a newer Python, which pip skips too.)
$(STAMP): $(BIN)/python requirements.txt constraints.txt pyproject.toml
	$(BIN)/python -m pip install --quiet --no-compile -r requirements.txt -c constraints.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	-$(BIN)/python -m compileall -q -j 0 $(VENV)/lib > /dev/null 2>&1
	touch $(STAMP)

# JupyterLab opens on work/, the learner's own git-ignored copy of notebooks/: created on the
# first run, topped up with new notebooks later, never overwriting an edit.
lab: install
	$(BIN)/python -m descent.course.workspace sync
	$(BIN)/jupyter lab --notebook-dir=work $(ROOT_FLAG) $(LAB_FLAGS)

# Put one notebook in work/ back to the course's version: make reset NB=03
reset: install
	$(BIN)/python -m descent.course.workspace reset $(NB)

test: install lint unit notebooks portable-one browser

lint: install
	$(BIN)/ruff check conftest.py lib tests notebooks benchmarks

# The test environment (no downloads, bundled data, no progress bars) comes from conftest.py,
# so these are the plain pytest commands anyone can type.
unit: install
	$(BIN)/pytest tests --ignore=tests/browser -q -n $(JOBS)

# One notebook: make notebooks NB=notebooks/00_start_here.ipynb
notebooks: install
	$(BIN)/pytest --nbval $(NB) -q -n $(NB_JOBS) --dist loadfile

# The notebooks as other machines run them (thread counts, older CPUs): every stored output
# must come out the same. See tests/portable.py.
portable: install
	$(BIN)/python tests/portable.py -n $(NB_JOBS) $(VARIANTS) -- $(NB)

portable-one: install
	$(BIN)/python tests/portable.py -n $(NB_JOBS) $(TEST_VARIANT) -- $(NB)

# The widgets and the lecture slides in a real browser (Chromium, through JupyterLab). Without
# a browser these tests are skipped and say why. The slide libraries come from the npm
# registry once (cached); if that fails, only the static-deck test is skipped.
browser: install
	-$(BIN)/python -m descent.course.slides --vendor-only
	$(BIN)/pytest tests/browser -q -rs -n $(BROWSER_JOBS)

# Re-execute notebooks top to bottom and store their outputs, exactly as nbval will check
# them (bundled data, no progress bars): make execute NB=notebooks/03_mnist_logistic.ipynb
execute: install
	$(BIN)/python -m descent.course.notebook execute $(if $(filter notebooks,$(NB)),notebooks/*.ipynb,$(NB))

data: install
	$(BIN)/python -m descent.data mnist

# MovieLens 100k for notebook 04 (not redistributable, so fetched, never committed).
movielens: install
	$(BIN)/python -m descent.data movielens

# Lecture decks that open offline: slides/NN_name.slides.html (reveal.js, MathJax, RequireJS and
# jQuery come once from the npm registry, checksummed, into slides/vendor/). One: NB=notebooks/03_...
slides: install
	$(BIN)/python -m descent.course.slides $(filter-out notebooks,$(NB))

# Speed, as ratios against PyTorch measured in the same run (not part of `make test`).
bench: install
	$(BIN)/python benchmarks/run.py

# How long each stage of `make test` takes on a fresh clone of this commit.
bench-stages:
	$(PYTHON) benchmarks/stages.py

# After editing requirements.txt: resolve afresh and rewrite constraints.txt.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements.txt
	{ echo "# The whole resolved set, used as pip constraints (-c) so every install is the same."; \
	  echo "# Regenerate: make lock (after changing requirements.txt)."; \
	  .lock-venv/bin/pip freeze | sed -E 's/^torch==([0-9.]+)\+cpu$$/torch==\1/'; } > constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV)
