#!/usr/bin/env bash
# The README's lab commands, run as a reader runs them: `make lab` on a fresh lab, then every command
# of the README's marked blocks (<!-- readme-lab-commands --> ... <!-- readme-lab-commands: end -->),
# one after the other; any failure fails `make doctest` (part of `make test`), so the README cannot
# drift from what `make lab` prepares. The lab gets a name of its own (DOCTEST_LAB, default
# swarmops-doc) so that it never touches a lab you made yourself; its container names in the commands
# are changed to match (swarmops-manager-1 -> swarmops-doc-manager-1). It is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${DOCTEST_LAB:-swarmops-doc}
export SWARMOPS_LAB_NAME=$name SWARMOPS_LAB_PREFIX=$name
export PATH=$PWD/.venv/bin:$PATH

mapfile -t commands < <(awk '
  /<!-- readme-lab-commands: end -->/ {marked = 0}
  /<!-- readme-lab-commands:/ && !/: end -->/ {marked = 1; next}
  marked && /^```/ {fenced = !fenced; next}
  marked && fenced && NF && $1 !~ /^#/ {print}' README.md)
if (( ${#commands[@]} < 3 )); then
  echo "readme-lab-commands: found ${#commands[@]} command(s) between the README's marks; expected the lab commands" >&2
  exit 1
fi

cleanup() { make --no-print-directory lab-destroy >/dev/null 2>&1 || echo "readme-lab-commands: could not remove lab $name" >&2; }
trap cleanup EXIT

start=$(date +%s)
echo "== make lab (lab $name)"
make --no-print-directory lab
echo "== make lab took $(( $(date +%s) - start )) s"
for command in "${commands[@]}"; do
  command=${command//swarmops-manager-/$name-manager-}
  command=${command//swarmops-worker-/$name-worker-}
  command=${command//swarmops-nfs/$name-nfs}
  echo "== README: $command"
  t=$(date +%s)
  if ! bash -o pipefail -c "$command"; then
    echo "readme-lab-commands: this README command failed on a fresh make lab: $command" >&2
    exit 1
  fi
  echo "== ok in $(( $(date +%s) - t )) s"
done
echo "readme-lab-commands: all ${#commands[@]} README lab commands passed in $(( $(date +%s) - start )) s"
