# -*- coding: utf-8 -*-
"""One inventory, two clusters: the group names are variables (swarmops_managers_group,
swarmops_workers_group, swarmops_nfs_server_group, swarmops_proxy_group) that the playbooks' hosts
and every role follow, set with -e or in group_vars alike (the first play of every playbook resolves
them into internal groups). A run touches one cluster only and checks only its groups."""
import json
import os
import re

import pytest

from playbook_run import ROOT, run_playbook

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


PRINT_GROUPS = """
- name: Resolve the cluster's hosts as every playbook does first
  ansible.builtin.import_playbook: swarmops.cluster.groups

- name: Print the internal groups (controller only)
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Print them
      ansible.builtin.debug:
        msg: "RESOLVED {{ dict(names | zip(names | map('extract', groups) | map('default', []) | map('sort'))) | to_json }}"
      vars:
        names: [_swarmops_managers, _swarmops_workers, _swarmops_nodes, _swarmops_nfs_server, _swarmops_cluster,
                _swarmops_proxy]
"""
GROUP_VARS_A = """swarmops_managers_group: a_managers
swarmops_workers_group: a_workers
swarmops_nfs_server_group: a_nfs
swarmops_proxy_group: a_proxy
"""
RESOLVED_A = {"_swarmops_managers": ["a-m1", "a-m2", "a-m3"], "_swarmops_workers": ["a-w1"],
              "_swarmops_nodes": ["a-m1", "a-m2", "a-m3", "a-w1"], "_swarmops_nfs_server": ["a-nfs"],
              "_swarmops_cluster": sorted(A_HOSTS), "_swarmops_proxy": ["a-lb"]}


def resolved(tmp_path, inventory, args):
    play = tmp_path / "print_groups.yml"
    play.write_text(PRINT_GROUPS)
    res = run_playbook(["-i", inventory, "-i", "localhost,", str(play)] + args,
                       extra_env={"ANSIBLE_CALLBACK_RESULT_FORMAT": "json"})
    found = re.search(r"RESOLVED (\{.*\})", res.stdout)
    return res, (json.loads(found.group(1).replace('\\"', '"')) if found else None)


def inventory_folder(tmp_path, hosts, group_vars):
    """An inventory folder as fleets keep them: hosts.yml and group_vars/<group>.yml files."""
    folder = tmp_path / "inventory"
    (folder / "group_vars").mkdir(parents=True)
    (folder / "hosts.yml").write_text(hosts)
    for group, text in group_vars.items():
        (folder / "group_vars" / ("%s.yml" % group)).write_text(text)
    return str(folder)


def test_names_given_with_extra_vars_resolve_to_that_cluster(inventory, tmp_path):
    res, groups = resolved(tmp_path, inventory, CLUSTER_A)
    assert res.returncode == 0, res.stdout[-3000:]
    assert groups == RESOLVED_A


def test_names_set_in_group_vars_resolve_to_that_cluster(tmp_path):
    # A fleet keeps its group names in group_vars/all.yml, which a play's hosts: line cannot see.
    inv = inventory_folder(tmp_path, INVENTORY, {"all": GROUP_VARS_A})
    res, groups = resolved(tmp_path, inv, [])
    assert res.returncode == 0, res.stdout[-3000:]
    assert groups == RESOLVED_A


def test_names_set_per_cluster_need_a_limit_to_one_cluster(tmp_path):
    inv = inventory_folder(tmp_path, INVENTORY + "cluster_a:\n  children: {a_managers: {}, a_workers: {}, a_nfs: {}, a_proxy: {}}\n"
                           "cluster_b:\n  children: {b_managers: {}, b_workers: {}}\n",
                           {"cluster_a": GROUP_VARS_A,
                            "cluster_b": "swarmops_managers_group: b_managers\nswarmops_workers_group: b_workers\n"})
    res, _ = resolved(tmp_path, inv, [])
    assert res.returncode != 0
    assert "this run spans several clusters" in res.stdout and "'b_managers' for b-m1" in res.stdout
    res, groups = resolved(tmp_path, inv, ["--limit", "cluster_a:localhost"])
    assert res.returncode == 0, res.stdout[-3000:]
    assert groups == RESOLVED_A


def test_a_misspelt_manager_group_fails_naming_it_and_the_inventory_groups(tmp_path):
    inv = inventory_folder(tmp_path, INVENTORY, {"all": GROUP_VARS_A.replace("a_managers", "a_manager")
                                                 .replace("a_proxy", "x").replace("a_workers", "x").replace("a_nfs", "x")})
    res = run_playbook(["-i", inv, "playbooks/site.yml"])
    assert res.returncode != 0
    assert "no host of this run is in the cluster's groups (swarmops_managers_group=a_manager" in res.stdout
    assert "a_managers, a_nfs, a_proxy, a_workers, b_managers, b_workers" in res.stdout
    assert "TASK [swarmops.cluster.docker" not in res.stdout


PLAIN_PATTERN = re.compile(r"^(?:all|localhost|lab_nodes|_swarmops_[a-z_]+(?::&?_?[a-z_]+)*)$")


def test_every_playbook_resolves_the_groups_first_and_names_plain_groups():
    import yaml
    playbooks = os.path.join(ROOT, "playbooks")
    resolving = {"groups.yml"}
    names = sorted(n for n in os.listdir(playbooks) if n.endswith(".yml"))
    for _ in names:  # follow imports: a playbook that imports one that resolves, resolves
        for name in names:
            with open(os.path.join(playbooks, name)) as fh:
                plays = yaml.safe_load(fh)
            first = [p.get("ansible.builtin.import_playbook") for p in plays[:2]]
            if any(f in resolving for f in first if f):
                resolving.add(name)
    for name in names:
        with open(os.path.join(playbooks, name)) as fh:
            plays = yaml.safe_load(fh)
        for play in plays:
            hosts = play.get("hosts")
            if hosts is None:
                continue
            assert "{{" not in hosts and PLAIN_PATTERN.match(hosts), (name, hosts)
            if hosts.startswith("_swarmops_"):
                assert name in resolving, "%s names %s without resolving the groups first" % (name, hosts)


def test_the_checks_read_the_named_cluster_only(inventory):
    # Cluster B's mistake refuses a run on B...
    res_b = run_playbook(["-i", inventory, "playbooks/preflight.yml"] + CLUSTER_B)
    assert res_b.returncode != 0
    assert "both the manager and the worker group: b-m1" in res_b.stdout
    # ...and does not concern a run on A, whose preflight passes (controller only, nothing reached).
    res_a = run_playbook(["-i", inventory, "playbooks/preflight.yml"] + CLUSTER_A)
    assert res_a.returncode == 0, res_a.stdout[-3000:]
    assert "b-m1" not in res_a.stdout and "a-m1" in res_a.stdout
