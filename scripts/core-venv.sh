#!/usr/bin/env bash
# A venv with one ansible-core release and what the unit tests need, made once and kept in
# .tmp/core-range/; prints its path. Used to test the oldest and the newest ansible-core the collection
# claims (meta/runtime.yml) beside the project venv. ansible-core 2.20+ needs Python 3.12: it is taken
# from PATH or pyenv.
# Usage: scripts/core-venv.sh "ansible-core>=2.17,<2.18" 3.11
set -euo pipefail
cd "$(dirname "$0")/.."
spec=$1 pyver=$2

venv=.tmp/core-range/$(printf '%s' "$spec" | tr -c 'A-Za-z0-9.' _)
if [[ ! -f "$venv/.stamp" || "$(cat "$venv/.stamp")" != "$spec" ]]; then
  python=$(scripts/find-python.sh "$pyver") || python=""
  if [[ -z "$python" ]]; then
    echo "core-venv: no Python $pyver found (PATH or pyenv); it is needed to test $spec" >&2
    exit 1
  fi
  rm -rf "$venv"
  "$python" -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --upgrade pip >&2
  "$venv/bin/pip" install --quiet "$spec" "pytest>=8,<10" "paramiko>=3.4,<6" "PyYAML>=6,<7" "jmespath>=1,<2" \
    "jsonschema>=4,<5" "docker>=7.1,<8" "bcrypt>=4,<6" >&2
  echo "$spec" > "$venv/.stamp"
fi
echo "$PWD/$venv"
