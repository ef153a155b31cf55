#!/usr/bin/env bash
# find-python.sh 3.12 -> the path of a python3.12 that runs (from pyenv or PATH), or nothing and exit 1.
# `make setup` makes the project venv with Python 3.12 when there is one (ansible-core 2.20 and newer
# need it), with python3 otherwise; scripts/core-venv.sh finds the Pythons of the range venvs with it.
set -uo pipefail
for candidate in $(ls -1 "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$1".*/bin/python"$1" 2>/dev/null | sort -rV) \
                 $(command -v "python$1" 2>/dev/null); do
  if "$candidate" -c 'import venv' >/dev/null 2>&1; then echo "$candidate"; exit 0; fi
done
exit 1
