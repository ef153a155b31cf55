# -*- coding: utf-8 -*-
"""Every filter and test plugin of the collection is documented (ansible-doc renders it)."""
import os
import subprocess

import pytest

from playbook_run import BIN, ROOT


@pytest.mark.parametrize("plugin_type, at_least, named", [
    ("filter", 20, "swarmops.cluster.swarm_view"),
    ("test", 1, "swarmops.cluster.swarm_election_error"),
])
def test_no_plugin_is_undocumented(plugin_type, at_least, named):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, "collections"))
    proc = subprocess.run([os.path.join(BIN, "ansible-doc"), "-t", plugin_type, "-l", "swarmops.cluster"],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    listed = [line.split()[0] for line in proc.stdout.splitlines() if line.startswith("swarmops.cluster.")]
    assert len(listed) >= at_least and named in listed
    assert [line for line in proc.stdout.splitlines() if "UNDOCUMENTED" in line] == []


PUBLIC_FILTERS = {"ignition_config", "registry_htpasswd", "stack_versioned_compose", "openpgp_fingerprints"}


def test_every_filter_is_public_or_marked_internal():
    """The filters users are meant to call are few and listed in docs/architecture.md; every other
    one says in its documentation that it is internal (a promise under semver is made for the few only)."""
    import glob
    import yaml
    with open(os.path.join(ROOT, "docs", "architecture.md")) as handle:
        architecture = handle.read()
    for path in sorted(glob.glob(os.path.join(ROOT, "plugins", "filter", "*.yml"))):
        name = os.path.basename(path)[:-4]
        with open(path) as handle:
            description = " ".join(yaml.safe_load(handle)["DOCUMENTATION"]["description"])
        if name in PUBLIC_FILTERS:
            assert "Internal" not in description and "`%s`" % name in architecture, name
        else:
            assert description.startswith("Internal - "), name
