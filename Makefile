# Descent: two commands do all the set-up.
#   make lab    create .venv if needed, install the pinned set, open JupyterLab on work/
#   make test   same install, then ruff, the unit tests, every notebook under nbval, and the
#               widgets and slides in a real browser
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# JupyterLab refuses to run as root unless told to (containers, CI machines).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)
LAB_FLAGS ?=
JOBS ?= 2
NB ?= notebooks

.PHONY: install lab reset slides test lint unit notebooks browser execute data movielens bench lock clean

install: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-install only when the pins or the package metadata change: a second `make` is quick.
$(STAMP): $(BIN)/python requirements.txt constraints.txt pyproject.toml
	$(BIN)/python -m pip install --quiet -r requirements.txt -c constraints.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# JupyterLab opens on work/, the learner's own git-ignored copy of notebooks/: created on the
# first run, topped up with new notebooks later, never overwriting an edit.
lab: install
	$(BIN)/python -m descent.workspace sync
	$(BIN)/jupyter lab --notebook-dir=work $(ROOT_FLAG) $(LAB_FLAGS)

# Put one notebook in work/ back to the course's version: make reset NB=03
reset: install
	$(BIN)/python -m descent.workspace reset $(NB)

test: install lint unit notebooks browser

lint: install
	$(BIN)/ruff check lib tests notebooks benchmarks

unit: install
	DESCENT_OFFLINE=1 $(BIN)/pytest tests --ignore=tests/browser -q -n $(JOBS)

# One notebook: make notebooks NB=notebooks/00_start_here.ipynb
notebooks: install
	DESCENT_OFFLINE=1 DESCENT_MNIST=subset DESCENT_PROGRESS=0 $(BIN)/pytest $(NB) -q --nbval --nbval-current-env \
	    --nbval-sanitize-with tests/nbval_sanitize.cfg -n $(JOBS) --dist loadfile

# The widgets and the lecture slides in a real browser (Chromium, through JupyterLab). Without
# a browser these tests are skipped and say why. The slide libraries come from the npm
# registry once (cached); if that fails, only the static-deck test is skipped.
browser: install
	-$(BIN)/python -m descent.slides --vendor-only
	$(BIN)/pytest tests/browser -q -rs -p no:xdist

# Re-execute notebooks top to bottom and store their outputs, exactly as nbval will check
# them (bundled data, no progress bars): make execute NB=notebooks/03_mnist_logistic.ipynb
execute: install
	DESCENT_OFFLINE=1 DESCENT_MNIST=subset DESCENT_PROGRESS=0 $(BIN)/jupyter nbconvert \
	    --to notebook --execute --inplace --ExecutePreprocessor.timeout=300 $(NB)
	$(BIN)/python -m descent.notebook tidy $(NB)

data: install
	$(BIN)/python -m descent.data mnist

# MovieLens 100k for notebook 04 (not redistributable, so fetched, never committed).
movielens: install
	$(BIN)/python -m descent.data movielens

# Lecture decks that open offline: slides/NN_name.slides.html (reveal.js, MathJax, RequireJS and
# jQuery come once from the npm registry, checksummed, into slides/vendor/). One: NB=notebooks/03_...
slides: install
	$(BIN)/python -m descent.slides $(filter-out notebooks,$(NB))

# Speed, as ratios against PyTorch measured in the same run (not part of `make test`).
bench: install
	$(BIN)/python benchmarks/run.py

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
