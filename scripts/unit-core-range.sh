#!/usr/bin/env bash
# The unit tests of the plugins (modules, filters, action, module_utils) and of the Galaxy package,
# on the oldest and the newest ansible-core the collection claims (meta/runtime.yml: >=2.17; 2.21 is
# today's). `make unit` runs them after the main suite (which runs on the venv's ansible-core).
# ansible-core 2.20+ needs Python 3.12: it is taken from PATH or pyenv.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {  # find_python 3.12 -> a python3.12 that runs, or nothing (pyenv shims may not)
  local candidate
  for candidate in $(ls -1 "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$1".*/bin/python"$1" 2>/dev/null | sort -rV) \
                   $(command -v "python$1" 2>/dev/null); do
    if "$candidate" -c 'import venv' >/dev/null 2>&1; then echo "$candidate"; return 0; fi
  done
}

run() {  # run <ansible-core spec> <python version>
  local spec=$1 pyver=$2 python venv
  python=$(find_python "$pyver")
  if [[ -z "$python" ]]; then
    echo "unit-core-range: no Python $pyver found (PATH or pyenv); it is needed to test $spec" >&2
    exit 1
  fi
  venv=.tmp/core-range/$(printf '%s' "$spec" | tr -c 'A-Za-z0-9.' _)
  if [[ ! -f "$venv/.stamp" || "$(cat "$venv/.stamp")" != "$spec" ]]; then
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/pip" install --quiet --upgrade pip
    "$venv/bin/pip" install --quiet "$spec" "pytest>=8,<10" "paramiko>=3.4,<6" "PyYAML>=6,<7" "jmespath>=1,<2" "jsonschema>=4,<5" "docker>=7.1,<8" "bcrypt>=4,<6"
    echo "$spec" > "$venv/.stamp"
  fi
  echo "== unit tests on $("$venv/bin/ansible" --version | head -n 1) (Python $("$venv/bin/python" -c 'import platform; print(platform.python_version())'))"
  # PATH: the project venv's tools (ignition-validate) stay reachable.
  PATH="$PWD/.venv/bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$PWD/collections" "$venv/bin/python" -m pytest -q -p no:cacheprovider \
    tests/unit/plugins tests/unit/test_build.py
}

run "ansible-core>=2.17,<2.18" 3.11
run "ansible-core>=2.21,<2.22" 3.12
