#!/usr/bin/env bash
# Run Molecule scenarios one after the other (`make molecule`), print each one's time, and keep each
# one's whole output in .tmp/molecule/<scenario>.log. When a scenario fails, its failed tasks
# (with their messages) are printed again at the very end, so that the last lines of a CI log say
# what broke rather than only Molecule's recap.
# Usage: scripts/molecule-scenarios.sh default stacks ...
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp/molecule
times=""
for scenario in "$@"; do
  log=.tmp/molecule/$scenario.log
  start=$(date +%s)
  molecule test -s "$scenario" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  took=$(( $(date +%s) - start ))
  if (( rc != 0 )); then
    echo
    echo "=== molecule scenario $scenario FAILED after $took s (rc=$rc); its failed tasks:"
    # A failed task: its "TASK [...]" header, the fatal:/failed: line and the indented message
    # under it. Expected failures (rescued or ignored by a test) show too; the real one comes last.
    awk '/^(TASK|PLAY) \[/ {header=$0; body=0; next}
         /^(fatal|failed):|FAILED!|^ERROR/ {if (header != shown) {print header; shown=header}; body=25; print substr($0, 1, 2000); next}
         body > 0 && /^[ \t]/ {print substr($0, 1, 2000); body--; next}
         {body=0}' "$log" | tail -n 80
    echo "=== (whole output: $log)"
    exit "$rc"
  fi
  times="$times $scenario=${took}s"
  echo "molecule scenario $scenario passed in $took s"
done
echo "molecule scenario times:$times"
