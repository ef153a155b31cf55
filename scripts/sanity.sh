#!/usr/bin/env bash
# ansible-test sanity on a copy of the collection (.tmp/sanity/<name>/ansible_collections/swarmops/cluster,
# a git repository of the tracked and new files), with the ansible-test of one venv.
# Usage: scripts/sanity.sh <venv> <name> <test>...   e.g. scripts/sanity.sh .venv main validate-modules
# `make sanity` runs it on the project venv and on the oldest and newest ansible-core the collection
# claims (the venvs of scripts/unit-core-range.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=$(cd "$1" && pwd) name=$2
shift 2
top=$PWD/.tmp/sanity/$name
root=$top/ansible_collections/swarmops/cluster
rm -rf "$top" && mkdir -p "$root"
git ls-files -z --cached --others --exclude-standard | grep -zv '^collections/' | tar --null -T - -cf - | tar -xf - -C "$root"
# ansible-test bootstraps pip in its test venvs with a script it downloads from a host that may be out
# of reach: put an offline one (ensurepip + the package index) in its cache, under the pip version it asks for.
pipver=$("$venv/bin/python" -c 'import re, inspect, ansible_test._internal.python_requirements as r; print(re.search(r"pip=.([0-9.]+)", inspect.getsource(r.get_venv_packages)).group(1))')
mkdir -p ~/.ansible/test/cache && cp scripts/get_pip_offline.py ~/.ansible/test/cache/get_pip_"${pipver//./_}".py
pyver=$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
echo "== sanity on $("$venv/bin/ansible" --version | awk 'NR == 1') (Python $pyver)"
cd "$root" && git init -q && git add -A
PATH="$venv/bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$top:$OLDPWD/collections" \
  "$venv/bin/ansible-test" sanity --local --python "$pyver" $(printf -- '--test %s ' "$@")
