#!/usr/bin/env bash
# Install the dependency collections of requirements.yml into ./collections without Ansible Galaxy.
#
# Galaxy is not reachable on the project's build machines, so we take the collections from the
# PyPI `ansible` bundle wheel (one download, cached in .cache/) and unpack only the ones we need.
# With Galaxy access you can instead run:
#   ansible-galaxy collection install -r requirements.yml -p collections
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-.venv/bin/python}
# Today's Ansible package (14.x: community.docker 5, community.general 13, ansible.posix 2), what
# `pip install ansible` gives users. Its wheel requires Python 3.12, but only its collections are
# unpacked here, so it is fetched for 3.12 whatever the Python running this script.
# scripts/install-matrix.sh unpacks an older bundle elsewhere (SWARMOPS_COLLECTIONS_DEST).
BUNDLE_SPEC=${SWARMOPS_ANSIBLE_BUNDLE:-ansible>=14}
DEST=${SWARMOPS_COLLECTIONS_DEST:-collections/ansible_collections}
CACHE=.cache/wheels/$(printf '%s' "$BUNDLE_SPEC" | tr -c 'A-Za-z0-9.' _)
WANTED=(community/docker community/library_inventory_filtering_v1 ansible/posix community/general)

stamp="$DEST/.swarmops-bundle"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$BUNDLE_SPEC" ]] \
   && for c in "${WANTED[@]}"; do [[ -f "$DEST/$c/MANIFEST.json" ]] || exit 1; done; then
  echo "collections: already installed from $BUNDLE_SPEC"
  exit 0
fi

mkdir -p "$CACHE" "$DEST"
wheel=$(ls "$CACHE"/ansible-1*.whl 2>/dev/null | sort -V | tail -n 1 || true)
if [[ -z "$wheel" ]]; then
  echo "collections: downloading the $BUNDLE_SPEC wheel from PyPI (once, ~55 MB)"
  "$PYTHON" -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.12 \
    --dest "$CACHE" "$BUNDLE_SPEC"
  wheel=$(ls "$CACHE"/ansible-1*.whl | sort -V | tail -n 1)
fi

"$PYTHON" - "$wheel" "$DEST" "${WANTED[@]}" <<'PY'
import json, shutil, sys, zipfile
from pathlib import Path

wheel, dest, wanted = sys.argv[1], Path(sys.argv[2]), sys.argv[3:]
with zipfile.ZipFile(wheel) as zf:
    for coll in wanted:
        prefix = f"ansible_collections/{coll}/"
        target = dest / coll
        if target.exists():
            shutil.rmtree(target)
        names = [n for n in zf.namelist() if n.startswith(prefix)]
        if not names:
            sys.exit(f"collections: {coll} is not in {wheel}")
        for name in names:
            rel = name[len(prefix):]
            if not rel or name.endswith("/"):
                continue
            out = target / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(name) as src, open(out, "wb") as dst:
                shutil.copyfileobj(src, dst)
        info = json.loads((target / "MANIFEST.json").read_text())["collection_info"]
        print(f"collections: {info['namespace']}.{info['name']} {info['version']}")
PY
echo "$BUNDLE_SPEC" > "$stamp"
