# -*- coding: utf-8 -*-
from ansible_collections.swarmops.cluster.plugins.inventory.lab import lab_node_names


def test_default_lab_names():
    mgrs, wrks, nfs = lab_node_names("swarmops", 3, 2)
    assert mgrs == ["swarmops-manager-1", "swarmops-manager-2", "swarmops-manager-3"]
    assert wrks == ["swarmops-worker-1", "swarmops-worker-2"]
    assert nfs == []


def test_nfs_node_and_scale():
    mgrs, wrks, nfs = lab_node_names("lab", 1, 19, nfs_server=True)
    assert len(mgrs) == 1 and len(wrks) == 19 and wrks[-1] == "lab-worker-19"
    assert nfs == ["lab-nfs"]
