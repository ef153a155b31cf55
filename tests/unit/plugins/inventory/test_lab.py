# -*- coding: utf-8 -*-
from ansible_collections.swarmops.cluster.plugins.inventory.lab import lab_node_names, vm_host_vars


def test_default_lab_names():
    mgrs, wrks, nfs = lab_node_names("swarmops", 3, 2)
    assert mgrs == ["swarmops-manager-1", "swarmops-manager-2", "swarmops-manager-3"]
    assert wrks == ["swarmops-worker-1", "swarmops-worker-2"]
    assert nfs == []


def test_nfs_node_and_scale():
    mgrs, wrks, nfs = lab_node_names("lab", 1, 19, nfs_server=True)
    assert len(mgrs) == 1 and len(wrks) == 19 and wrks[-1] == "lab-worker-19"
    assert nfs == ["lab-nfs"]


def test_vm_lab_nfs_server_is_the_first_manager():
    mgrs, wrks, nfs = lab_node_names("vm", 1, 2, nfs_server=True, kind="vm")
    assert mgrs == ["vm-manager-1"] and wrks == ["vm-worker-1", "vm-worker-2"]
    assert nfs == ["vm-manager-1"]


def test_vm_host_vars_reach_each_vm_through_its_own_forward_with_checked_host_keys():
    first = vm_host_vars(1, "/var/tmp/swarmops-vm/lab", "pi", 2220)
    third = vm_host_vars(3, "/var/tmp/swarmops-vm/lab", "pi", 2220)
    assert first["ansible_host"] == first["swarm_advertise_addr"] == "192.168.66.11"
    assert third["ansible_host"] == "192.168.66.13" and third["lab_vm_ssh_port"] == 2223
    assert first["ansible_user"] == "pi" and first["ansible_ssh_timeout"] == 60
    assert first["ansible_ssh_private_key_file"] == "/var/tmp/swarmops-vm/lab/id_ed25519"
    args = third["ansible_ssh_common_args"]
    assert "ProxyCommand='nc 127.0.0.1 2223'" in args
    assert "UserKnownHostsFile=/var/tmp/swarmops-vm/lab/known_hosts" in args
    assert "StrictHostKeyChecking=yes" in args
    # Private NICs get distinct MACs, none equal to the uplink NIC's (roles/lab/tasks/vm.yml).
    macs = {vm_host_vars(n, "/d", "pi", 2220)["lab_vm_mac"] for n in range(1, 40)}
    assert len(macs) == 39 and "52:54:00:12:34:56" not in macs
