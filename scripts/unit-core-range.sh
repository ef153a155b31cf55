#!/usr/bin/env bash
# The unit tests of the plugins (modules, filters, action, module_utils) and of the Galaxy package,
# on the oldest and the newest ansible-core the collection claims (meta/runtime.yml: >=2.17; 2.21 is
# today's). `make integration` runs them after its own suite (which runs on the venv's ansible-core).
# The venvs come from scripts/core-venv.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

run() {  # run <ansible-core spec> <python version>
  local venv
  venv=$(scripts/core-venv.sh "$1" "$2")
  echo "== unit tests on $("$venv/bin/ansible" --version | awk 'NR == 1') (Python $("$venv/bin/python" -c 'import platform; print(platform.python_version())'))"
  # PATH: the project venv's tools (ignition-validate) stay reachable.
  PATH="$PWD/.venv/bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$PWD/collections" "$venv/bin/python" -m pytest -q -p no:cacheprovider \
    tests/unit/plugins tests/integration/test_build.py
}

run "ansible-core>=2.17,<2.18" 3.11
# The newest: already the project venv's when it runs Python 3.12 (make setup takes it when there is one).
if ! .venv/bin/python -c 'import sys, ansible.release as r; sys.exit(not r.__version__.startswith("2.21."))'; then
  run "ansible-core>=2.21,<2.22" 3.12
fi
