#!/usr/bin/env bash
# Run Molecule scenarios (`make molecule`, `make test`), print each one's time (and how busy the whole
# machine was meanwhile: both lanes, every core), and keep each one's whole output in
# .tmp/molecule/<scenario>.log. When a scenario fails, its failed tasks (with their messages) are
# printed again at the very end, so that the last lines of a CI log say what broke rather than only
# Molecule's recap.
# The scenarios given as arguments form a queue, taken in its order. SCENARIOS_BESIDE: a second lane
# begins at once with these runs (Molecule scenarios - the QEMU VMs of kernel first - or `doctest`, the
# README's lab commands on a lab of their own) and then takes from the same queue; SCENARIOS_BEFORE:
# a command the first lane runs before it takes from the queue (make test: the checks - lint, sanity,
# unit, integration). Whichever lane is free takes the next run, so the lanes end close together
# whatever this machine's speed. Every run has a lab of its own, so the two lanes never meet. After a
# failure no lane takes another run. When SCENARIOS_BEFORE fails, the second lane is stopped.
# Usage: [SCENARIOS_BESIDE="kernel"] [SCENARIOS_BEFORE="make checks"]
#        scripts/molecule-scenarios.sh default stacks ...
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp/molecule

run_one() {  # run_one <scenario or doctest>: its output on stdout, its exit status returned
  if [[ $1 == doctest ]]; then
    scripts/readme-lab-commands.sh
  else
    molecule test -s "$1"
  fi
}

phase_times() {  # phase_times <log>: how long each Molecule step took ("converge=120s ...")
  # Molecule's "[scenario > step] Executing" lines carry the elapsed time stamp() put before them.
  awk '/^\[\+[0-9]+s\] INFO +\[[^]]* > [a-z]+\] Executing/ {
         t=substr($1, 3) + 0; step=$5; sub(/\]$/, "", step)
         if (last != "") printf "%s=%ds ", last, t - lt
         last=step; lt=t }
       /^\[\+[0-9]+s\] INFO +\[[^]]* > [a-z]+\] Executed/ {
         t=substr($1, 3) + 0; if (last != "") printf "%s=%ds ", last, t - lt; last="" }' "$1"
}

cpu_busy() {  # cpu_busy: the machine's busy CPU time so far (all cores, in clock ticks; /proc/stat)
  local _ user nice system idle iowait irq softirq steal
  read -r _ user nice system idle iowait irq softirq steal _ </proc/stat
  echo $(( user + nice + system + irq + softirq + steal ))
}

busy_share() {  # busy_share <ticks at start> <seconds>: how busy the whole machine was meanwhile, in %
  local ticks=$(( $(cpu_busy) - $1 )) seconds=$(( $2 > 0 ? $2 : 1 ))
  echo "machine busy $(( ticks * 100 / (seconds * $(getconf CLK_TCK) * $(nproc)) ))%"
}

stamp() {  # stamp: every Molecule INFO line prefixed with the seconds since the run started
  local start=$SECONDS line
  while IFS= read -r line; do
    if [[ $line == INFO* ]]; then
      printf '[+%ds] %s\n' $(( SECONDS - start )) "$line"
    else
      printf '%s\n' "$line"
    fi
  done
}

failed_tasks() {  # failed_tasks <scenario> <took> <rc> <log>
  echo
  echo "=== molecule scenario $1 FAILED after $2 s (rc=$3); its failed tasks:"
  # A failed task: its "TASK [...]" header, the fatal:/failed: line and the indented message
  # under it. Expected failures (rescued or ignored by a test) show too; the real one comes last.
  awk '/^(TASK|PLAY) \[/ {header=$0; body=0; next}
       /^(fatal|failed):|FAILED!|^ERROR/ {if (header != shown) {print header; shown=header}; body=25; print substr($0, 1, 2000); next}
       body > 0 && /^[ \t]/ {print substr($0, 1, 2000); body--; next}
       {body=0}' "$4" | tail -n 80
  echo "=== (whole output: $4)"
}

# The queue: the next run is claimed under a lock, by whichever lane asks first.
queue=.tmp/molecule/queue
printf '%s\n' "$@" | grep -v '^$' >"$queue"
stop=.tmp/molecule/stop
rm -f "$stop"
next_run() {  # next_run: print the next run of the queue and remove it; nothing after a failure
  [[ -e $stop ]] && return 1
  (
    flock 9
    local first
    first=$(head -n 1 "$queue")
    [[ -n $first ]] || exit 1
    sed -i 1d "$queue"
    echo "$first"
  ) 9>"$queue.lock"
}

# The second lane: whole output to its logs only (the first lane's output stays readable), a line per run.
beside_status=.tmp/molecule/beside.status
: >"$beside_status"
beside_pid=""
if [[ -n ${SCENARIOS_BESIDE:-} ]]; then
  (
    pending=($SCENARIOS_BESIDE)
    while :; do
      if (( ${#pending[@]} > 0 )); then
        scenario=${pending[0]} pending=("${pending[@]:1}")
      else
        scenario=$(next_run) || break
      fi
      log=.tmp/molecule/$scenario.log
      start=$(date +%s) busy=$(cpu_busy)
      echo "=== beside the other scenarios: $scenario started (output in $log)"
      run_one "$scenario" 2>&1 | stamp >"$log"
      rc=${PIPESTATUS[0]}
      took=$(( $(date +%s) - start ))
      echo "$scenario $rc $took" >>"$beside_status"
      if (( rc != 0 )); then
        echo "=== beside the other scenarios: $scenario FAILED after $took s (rc=$rc)"
        touch "$stop"
        break
      fi
      echo "molecule scenario $scenario (beside) passed in $took s ($(busy_share "$busy" "$took")): $(phase_times "$log")"
    done
  ) &
  beside_pid=$!
fi

kill_tree() {  # kill_tree <pid>: the process and everything it started
  local child
  for child in $(pgrep -P "$1"); do kill_tree "$child"; done
  kill "$1" 2>/dev/null
}

if [[ -n ${SCENARIOS_BEFORE:-} ]]; then
  start=$(date +%s) busy=$(cpu_busy)
  bash -c "$SCENARIOS_BEFORE"
  rc=$?
  if (( rc != 0 )); then
    echo "=== $SCENARIOS_BEFORE FAILED after $(( $(date +%s) - start )) s (rc=$rc); the second lane is stopped"
    [[ -n $beside_pid ]] && kill_tree "$beside_pid"
    exit "$rc"
  fi
  took=$(( $(date +%s) - start ))
  echo "=== $SCENARIOS_BEFORE passed in $took s ($(busy_share "$busy" "$took"))"
fi

times=""
while scenario=$(next_run); do
  log=.tmp/molecule/$scenario.log
  start=$(date +%s) busy=$(cpu_busy)
  run_one "$scenario" 2>&1 | stamp | tee "$log"
  rc=${PIPESTATUS[0]}
  took=$(( $(date +%s) - start ))
  if (( rc != 0 )); then
    touch "$stop"
    failed_tasks "$scenario" "$took" "$rc" "$log"
    [[ -n $beside_pid ]] && { echo "=== waiting for the second lane to end its run"; wait "$beside_pid"; }
    exit "$rc"
  fi
  times="$times $scenario=${took}s"
  echo "molecule scenario $scenario passed in $took s ($(busy_share "$busy" "$took")): $(phase_times "$log")"
done

if [[ -n $beside_pid ]]; then
  wait "$beside_pid"
  while read -r scenario rc took; do
    if (( rc != 0 )); then
      failed_tasks "$scenario" "$took" "$rc" ".tmp/molecule/$scenario.log"
      exit "$rc"
    fi
    times="$times $scenario=${took}s(beside)"
  done <"$beside_status"
  for scenario in $SCENARIOS_BESIDE; do
    grep -q "^$scenario " "$beside_status" || { echo "=== $scenario (beside) did not run"; exit 1; }
  done
fi
# Every run of the queue ran (a lane that died would leave some).
if [[ -s $queue ]]; then
  echo "=== not run: $(tr '\n' ' ' <"$queue")"
  exit 1
fi
echo "molecule scenario times:$times"
