# -*- coding: utf-8 -*-
"""One inventory, two clusters: the group names are variables (swarmops_managers_group,
swarmops_workers_group, swarmops_nfs_server_group, swarmops_proxy_group) that the playbooks' hosts
and every role follow. Given with -e, a run touches one cluster only and checks only its groups."""
import re

import pytest

from playbook_run import run_playbook

INVENTORY = """
a_managers:
  hosts:
    a-m1: {ansible_host: 192.0.2.11}
    a-m2: {ansible_host: 192.0.2.12}
    a-m3: {ansible_host: 192.0.2.13}
a_workers:
  hosts:
    a-w1: {ansible_host: 192.0.2.21}
a_nfs:
  hosts:
    a-nfs: {ansible_host: 192.0.2.31}
a_proxy:
  hosts:
    a-lb: {ansible_host: 192.0.2.41}
b_managers:
  hosts:
    b-m1: {ansible_host: 198.51.100.11}
b_workers:
  hosts:
    b-w1: {ansible_host: 198.51.100.21}
    # A mistake in cluster B only: a host in both of its groups.
    b-m1:
"""
CLUSTER_A = ["-e", "swarmops_managers_group=a_managers", "-e", "swarmops_workers_group=a_workers",
             "-e", "swarmops_nfs_server_group=a_nfs", "-e", "swarmops_proxy_group=a_proxy"]
CLUSTER_B = ["-e", "swarmops_managers_group=b_managers", "-e", "swarmops_workers_group=b_workers",
             "-e", "swarmops_nfs_server_group=b_nfs"]
A_HOSTS = {"a-m1", "a-m2", "a-m3", "a-w1", "a-nfs"}


@pytest.fixture(scope="module")
def inventory(tmp_path_factory):
    path = tmp_path_factory.mktemp("two-clusters") / "hosts.yml"
    path.write_text(INVENTORY)
    return str(path)


def listed_hosts(output):
    """Every host named under a play's `hosts (N):` line of --list-hosts."""
    hosts, collecting = set(), False
    for line in output.splitlines():
        if re.match(r"\s*hosts \(\d+\):$", line):
            collecting = True
        elif collecting and line.strip():
            hosts.add(line.strip())
        else:
            collecting = False
    return hosts


@pytest.mark.parametrize("playbook, expected", [
    ("site.yml", A_HOSTS),
    ("maintenance.yml", A_HOSTS),  # the preflight's play lists the NFS server too
    ("teardown.yml", A_HOSTS),
    ("healthy.yml", A_HOSTS),
    ("known_hosts.yml", A_HOSTS | {"a-lb"}),
    ("proxy.yml", A_HOSTS | {"a-lb"}),
    ("demo.yml", A_HOSTS),
])
def test_playbooks_run_on_the_named_cluster_only(inventory, playbook, expected):
    res = run_playbook(["--list-hosts", "-i", inventory, "playbooks/" + playbook] + CLUSTER_A)
    assert res.returncode == 0, res.stderr
    hosts = listed_hosts(res.stdout)
    assert hosts == expected, res.stdout


def test_the_checks_read_the_named_cluster_only(inventory):
    # Cluster B's mistake refuses a run on B...
    res_b = run_playbook(["-i", inventory, "playbooks/preflight.yml"] + CLUSTER_B)
    assert res_b.returncode != 0
    assert "both the manager and the worker group: b-m1" in res_b.stdout
    # ...and does not concern a run on A, whose preflight passes (controller only, nothing reached).
    res_a = run_playbook(["-i", inventory, "playbooks/preflight.yml"] + CLUSTER_A)
    assert res_a.returncode == 0, res_a.stdout[-3000:]
    assert "b-m1" not in res_a.stdout and "a-m1" in res_a.stdout
