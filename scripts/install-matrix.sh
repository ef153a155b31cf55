#!/usr/bin/env bash
# The Galaxy package installed as users install it, WITH dependency resolution (no --no-deps), on the
# two ends of what the collection claims:
#   newest - a venv holding the newest `ansible` package on PyPI at test time (`pip install ansible`);
#            the dependencies must be satisfied by the collections that package bundles.
#   oldest - the oldest ansible-core we claim (meta/runtime.yml) with the oldest dependency collections
#            we can get offline (the newest bundle of the ansible release line that ships our lower
#            bounds: SWARMOPS_OLDEST_BUNDLE), installed into the fleet's own collections folder.
# In each: `ansible-galaxy collection install --offline <tarball>` resolves our dependencies, then every
# playbook of the package passes --syntax-check by its FQCN and ansible-doc renders our modules.
# `make integration` runs it. The venvs are kept in .tmp/install-matrix/ (the newest one is upgraded
# on every run, so it follows PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=.tmp/install-matrix
OLDEST_CORE=${SWARMOPS_OLDEST_CORE:-ansible-core>=2.17,<2.18}
OLDEST_BUNDLE=${SWARMOPS_OLDEST_BUNDLE:-ansible>=12,<13}
mkdir -p "$work"
rm -rf "$work/build"
.venv/bin/ansible-galaxy collection build --output-path "$work/build" . >/dev/null
tarball=$(ls "$work"/build/swarmops-cluster-*.tar.gz)
playbooks=$(cd playbooks && ls ./*.yml | sed 's|^\./||; s|\.yml$||')

check() {  # check <label> <venv> <extra collections path or "">
  local label=$1 venv=$2 deps=$3 fleet="$work/fleet-$1" out
  rm -rf "$fleet" && mkdir -p "$fleet/collections"
  printf '[defaults]\ncollections_path = %s\n' "$root/$fleet/collections${deps:+:$deps}" > "$fleet/ansible.cfg"
  printf 'swarm_managers:\n  hosts:\n    m1: {ansible_host: 192.0.2.10}\nswarm_workers:\n  hosts:\n    w1: {ansible_host: 192.0.2.11}\n' \
    > "$fleet/hosts.yml"
  export ANSIBLE_CONFIG=$root/$fleet/ansible.cfg
  unset ANSIBLE_COLLECTIONS_PATH
  echo "== $label: $("$venv/bin/ansible" --version | awk 'NR == 1')"
  if ! out=$(cd "$fleet" && "$venv/bin/ansible-galaxy" collection install --offline -p collections "$root/$tarball" 2>&1); then
    echo "$out"; echo "install-matrix: $label: the package does not install with its dependencies" >&2; return 1
  fi
  (cd "$fleet" && "$venv/bin/ansible-galaxy" collection list 2>/dev/null) \
    | grep -E '^(swarmops\.cluster|community\.docker|community\.general|ansible\.posix) ' | sort -u | sed 's/^/   /'
  local failed=0
  for p in $playbooks; do
    if ! out=$(cd "$fleet" && "$venv/bin/ansible-playbook" -i hosts.yml "swarmops.cluster.$p" --syntax-check 2>&1); then
      echo "$out" | tail -n 5; echo "install-matrix: $label: swarmops.cluster.$p fails --syntax-check" >&2; failed=1
    fi
  done
  for m in swarm_join_token nfs_export swarm_stack_wait; do
    if ! (cd "$fleet" && "$venv/bin/ansible-doc" "swarmops.cluster.$m" >/dev/null 2>&1); then
      echo "install-matrix: $label: ansible-doc swarmops.cluster.$m fails" >&2; failed=1
    fi
  done
  [[ $failed == 0 ]] && echo "   $(wc -w <<<"$playbooks") playbooks pass --syntax-check, 3 modules render in ansible-doc"
  return $failed
}

# newest: what `pip install ansible` gives today (Python 3.12: ansible-core 2.20+ needs it).
py312=$(scripts/find-python.sh 3.12) || { echo "install-matrix: Python 3.12 is needed for the newest ansible" >&2; exit 1; }
newest=$root/$work/newest
[[ -x $newest/bin/pip ]] || "$py312" -m venv "$newest"
"$newest/bin/pip" install --quiet --upgrade ansible
check newest "$newest" ""

# oldest: the oldest ansible-core we claim, dependency collections from the oldest bundle line.
oldest=$(scripts/core-venv.sh "$OLDEST_CORE" 3.11)
deps=$root/$work/oldest-deps
PYTHON=.venv/bin/python SWARMOPS_ANSIBLE_BUNDLE="$OLDEST_BUNDLE" SWARMOPS_COLLECTIONS_DEST="$deps/ansible_collections" \
  scripts/install-collections.sh >/dev/null
check oldest "$oldest" "$deps"
