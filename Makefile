# The two commands: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

# Shared libraries Qt needs on a bare Debian/Ubuntu (the wheels bring Qt itself).
# The first set is enough offscreen (tests); a real window also needs the xcb set.
QT_HEADLESS_PACKAGES := libglib2.0-0 libgl1 libegl1 libx11-6 libdbus-1-3 libfontconfig1 \
	libfreetype6 libxkbcommon0
QT_WINDOW_PACKAGES := $(QT_HEADLESS_PACKAGES) libxkbcommon-x11-0 libxcb1 libxcb-cursor0 \
	libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 \
	libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0

.PHONY: run test bench reliability lint qt-libraries clean

run: QT_PACKAGES = $(QT_WINDOW_PACKAGES)
run: $(STAMP_RUN) qt-libraries
	$(BIN)/compdesk

test: QT_PACKAGES = $(QT_HEADLESS_PACKAGES)
test: $(STAMP_TEST) qt-libraries
	$(BIN)/ruff check compdesk tests benchmarks
	$(BIN)/mypy compdesk
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: QT_PACKAGES = $(QT_HEADLESS_PACKAGES)
bench: $(STAMP_RUN) qt-libraries
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/run_all.py

# The figures of RELIABILITY.md (about ten minutes on two cores): KILLS=1000 for more.
KILLS ?= 300
reliability: QT_PACKAGES = $(QT_HEADLESS_PACKAGES)
reliability: $(STAMP_TEST) qt-libraries
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/reliability.py --kills $(KILLS)

lint: $(STAMP_TEST)
	$(BIN)/ruff check compdesk tests benchmarks
	$(BIN)/mypy compdesk

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP_RUN)

# Qt crashes on import when these are missing: install them (as root) or say what to run.
qt-libraries:
	@if command -v dpkg-query >/dev/null 2>&1; then \
	  missing=""; \
	  for p in $(QT_PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	  done; \
	  if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = 0 ]; then \
	      echo "Installing the libraries Qt needs:$$missing"; \
	      DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	    else \
	      echo "Qt needs system libraries; run: sudo apt-get install$$missing"; exit 1; \
	    fi; \
	  fi; \
	fi

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
