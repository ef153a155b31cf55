# swarmops.cluster — developer entry points. Everything runs from a fresh clone:
#   make lab    # a real 5-node Docker Swarm (3 managers + 2 workers) on the local Docker engine
#   make test   # lint, sanity, unit tests and the Molecule scenarios
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# Python 3.12 when there is one (today's ansible-core 2.21 needs it), else python3.
PYTHON   ?= $(shell scripts/find-python.sh 3.12 || command -v python3)
VENV     ?= .venv
BIN      := $(CURDIR)/$(VENV)/bin
export PATH := $(BIN):$(PATH)
export ANSIBLE_CONFIG := $(CURDIR)/ansible.cfg
export ANSIBLE_COLLECTIONS_PATH := $(CURDIR)/collections
export ANSIBLE_FORCE_COLOR ?= 0
export PY_COLORS ?= 0

# Molecule scenarios of `make molecule` (in this order). `make test` runs two lanes on the two cores:
# the second begins at once with TEST_BESIDE (the VM scenario: emulated, the longest), the first runs
# the checks (lint, sanity, unit, integration); then whichever lane is free takes the next run of
# TEST_SCENARIOS (longest first), so both lanes end close together on a fast or a slow machine. The
# machine is busy all the time (each run's line says how busy), so what counts is the work, not the
# order. Fixed lanes measured before: 4352-4714 s with one lane ending 340-900 s after the other.
SCENARIOS ?= default stacks nfs mixed ha targets kernel
TEST_SCENARIOS ?= ha default stacks mixed doctest nfs targets
TEST_BESIDE ?= kernel
# The lab of `make lab`: LAB_KIND=container (Docker-in-Docker nodes, inventories/lab) or vm (QEMU
# virtual machines with their own kernels, inventories/vmlab). Its size is read by the
# swarmops.cluster.lab inventory plugin.
LAB_KIND ?= container
LAB_INVENTORY := inventories/$(if $(filter vm,$(LAB_KIND)),vmlab,lab)
MANAGERS ?= $(if $(filter vm,$(LAB_KIND)),1,3)
WORKERS  ?= 2
lab lab-destroy: export SWARMOPS_LAB_MANAGERS := $(MANAGERS)
lab lab-destroy: export SWARMOPS_LAB_WORKERS := $(WORKERS)
# LAB_PYTHON=false: lab nodes without python3 (the Fedora CoreOS bootstrap path gives it to them).
LAB_PYTHON ?= true
lab: export SWARMOPS_LAB_PYTHON := $(LAB_PYTHON)
# LAB_OS: the Debian release of the lab's nodes (bookworm, trixie), containers and VMs alike. bookworm
# stays the default although a Pi flashed today runs trixie: every scenario but `mixed` is proven on it,
# and make test cannot run them all twice within its time; `mixed` runs trixie beside it.
LAB_OS ?= bookworm
lab: export SWARMOPS_LAB_OS := $(LAB_OS)
# LAB_DOCKER: the node image carries Debian's docker.io (built once, cached; the docker role then only
# configures the engine). LAB_DOCKER=false: bare nodes, the docker role installs the engine on each.
LAB_DOCKER ?= true
lab: export SWARMOPS_LAB_DOCKER := $(LAB_DOCKER)

# On the oldest ansible-core the collection claims: the tests whose verdict depends on the core's
# version (the style checks give the same answer on every version and run once, on the venv's).
SANITY_TESTS_OLDEST ?= validate-modules compile import ansible-doc action-plugin-docs runtime-metadata
SANITY_TESTS ?= validate-modules compile import pep8 yamllint ansible-doc shebang line-endings empty-init no-assert action-plugin-docs runtime-metadata symlinks no-smart-quotes no-illegal-filenames use-argspec-type-path replace-urlopen no-get-exception use-compat-six

.PHONY: help setup lab lab-destroy test checks lint sanity unit integration doctest molecule chaos bench build clean

help:
	@echo "make setup        Python venv (.venv), dependency collections (offline from the ansible wheel)"
	@echo "make lab          create the Docker-in-Docker lab and converge playbooks/site.yml on it"
	@echo "                  (LAB_KIND=vm: QEMU virtual machines over SSH; MANAGERS=.. WORKERS=..; LAB_OS=trixie)"
	@echo "make lab-destroy  remove exactly what the lab created (LAB_KIND=vm for the VM lab)"
	@echo "make test         the checks and $(TEST_BESIDE) at once, then $(TEST_SCENARIOS) on whichever lane is free"
	@echo "make checks       lint + sanity + unit + integration (no lab)"
	@echo "make doctest      the README's lab commands on a fresh lab of their own"
	@echo "make chaos        kill the controller mid-playbook at several points; the next run must heal the cluster"
	@echo "make bench        converge / no-op / scale / wait-latency figures (bench/results.json)"
	@echo "make build        the Galaxy package (.tmp/build/swarmops-cluster-<version>.tar.gz), checked"

$(VENV)/.stamp: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

setup: $(VENV)/.stamp
	PYTHON=$(BIN)/python scripts/install-collections.sh
	@# Ruby evaluates the VirtualBox Vagrantfile in the unit tests (Debian package, when root).
	@command -v ruby >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -q ruby >/dev/null; } \
	  || echo "WARNING: install ruby to run the Vagrantfile test"
	@# ignition-validate (Debian package ignition) checks the generated Ignition configs in the unit tests.
	@[ -x $(BIN)/ignition-validate ] || scripts/install-ignition-validate.sh $(BIN) \
	  || echo "WARNING: could not install ignition-validate; the Ignition unit tests will fail"

lab: setup
	ansible-playbook playbooks/lab.yml -i $(LAB_INVENTORY)

lab-destroy: setup
	ansible-playbook playbooks/lab_destroy.yml -i $(LAB_INVENTORY)

# The second lane begins at once with TEST_BESIDE, the first with the checks; then both take from TEST_SCENARIOS.
test: setup
	SCENARIOS_BESIDE="$(TEST_BESIDE)" SCENARIOS_BEFORE="$(MAKE) --no-print-directory checks" \
	  scripts/molecule-scenarios.sh $(TEST_SCENARIOS)

# What make test runs before its scenarios (no lab needed).
checks: setup lint sanity unit integration

lint: setup
	ansible-lint --profile production
	antsibull-changelog lint
	$(BIN)/python scripts/variables-doc.py --check
	@# CHANGELOG.md is generated from changelogs/ (antsibull-changelog generate): it must be up to date.
	mkdir -p .tmp && antsibull-changelog generate --output .tmp/CHANGELOG.md --output-format md \
	  && diff -u CHANGELOG.md .tmp/CHANGELOG.md

# On the project venv's ansible-core and on the oldest the collection claims (and on the newest when
# the venv has another).
sanity: setup
	scripts/sanity.sh $(VENV) main $(SANITY_TESTS)
	scripts/sanity.sh "$$(scripts/core-venv.sh 'ansible-core>=2.17,<2.18' 3.11)" oldest $(SANITY_TESTS_OLDEST)
	$(BIN)/python -c 'import sys, ansible.release as r; sys.exit(r.__version__.startswith("2.21."))' \
	  || exit 0; scripts/sanity.sh "$$(scripts/core-venv.sh 'ansible-core>=2.21,<2.22' 3.12)" newest $(SANITY_TESTS)

unit: setup
	pytest -q tests/unit

# Tests that run this checkout's playbooks, the Galaxy build, ansible-doc or Ruby (no lab needed);
# then the plugin and package tests again on the oldest and newest ansible-core the collection claims.
integration: setup
	pytest -q tests/integration
	scripts/unit-core-range.sh
	scripts/install-matrix.sh

# The README's lab commands on a fresh `make lab` (a lab named swarmops-doc, removed afterwards).
doctest: setup
	scripts/readme-lab-commands.sh

molecule: setup
	scripts/molecule-scenarios.sh $(SCENARIOS)

# Kill points (not part of make test): the controller killed in the middle of a playbook, the next run
# heals the cluster (scripts/chaos.py; CHAOS_ARGS="--seed N --points a,b" replays a run).
chaos: setup
	$(BIN)/python scripts/chaos.py $(CHAOS_ARGS)

# Benchmarks (figures, not assertions): BENCH_SIZES="5 10 20" by default; needs the local engine.
bench: setup
	$(BIN)/python scripts/bench.py

# The Galaxy package, built from what git holds (scripts/build.sh): needs git and ansible-core only.
# tests/integration/test_build.py (part of make integration) checks what it holds and that it installs.
build:
	scripts/build.sh .tmp/build

clean:
	rm -rf .tmp .cache $(VENV)
