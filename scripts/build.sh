#!/usr/bin/env bash
# The Galaxy package from what git holds, not from the work tree: only committed files ship, so a
# Vagrant key, a vault file, .env, an SSH key, an editor folder or an edited example inventory left in
# the checkout never ends up in the tarball. Needs git and ansible-galaxy (ansible-core) only.
# Usage: scripts/build.sh [OUTPUT_DIR]   (default .tmp/build); prints the tarball's path.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-.tmp/build}")
galaxy=$(command -v ansible-galaxy || true)
[[ -n $galaxy ]] || galaxy=$PWD/.venv/bin/ansible-galaxy
[[ -x $galaxy ]] || { echo "build: ansible-galaxy (ansible-core) is needed" >&2; exit 1; }
src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git archive --format=tar HEAD | tar -x -C "$src"
  if [[ -n "$(git status --porcelain --untracked-files=no)" ]]; then
    echo "build: uncommitted changes are not packaged (the package is built from HEAD)" >&2
  fi
else
  echo "build: not a git checkout: packaging the folder as it is (build_ignore of galaxy.yml applies)" >&2
  cp -a . "$src"
fi
rm -rf "$out" && mkdir -p "$out"
"$galaxy" collection build --output-path "$out" "$src" >/dev/null
ls "$out"/swarmops-cluster-*.tar.gz
