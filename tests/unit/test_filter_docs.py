# -*- coding: utf-8 -*-
"""Every filter and test plugin of the collection is documented (ansible-doc renders it)."""
import os
import subprocess

from playbook_run import BIN, ROOT


def test_no_filter_is_undocumented():
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, "collections"))
    proc = subprocess.run([os.path.join(BIN, "ansible-doc"), "-t", "filter", "-l", "swarmops.cluster"],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    filters = [line.split()[0] for line in proc.stdout.splitlines() if line.startswith("swarmops.cluster.")]
    assert len(filters) >= 20
    assert [line for line in proc.stdout.splitlines() if "UNDOCUMENTED" in line] == []


def test_no_test_plugin_is_undocumented():
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, "collections"))
    proc = subprocess.run([os.path.join(BIN, "ansible-doc"), "-t", "test", "-l", "swarmops.cluster"],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    tests = [line.split()[0] for line in proc.stdout.splitlines() if line.startswith("swarmops.cluster.")]
    assert "swarmops.cluster.swarm_election_error" in tests
    assert [line for line in proc.stdout.splitlines() if "UNDOCUMENTED" in line] == []
