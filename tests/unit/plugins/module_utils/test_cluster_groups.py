# -*- coding: utf-8 -*-
"""The cluster's hosts from the swarmops_*_group settings, wherever the inventory sets them."""
from ansible_collections.swarmops.cluster.plugins.module_utils import cluster_groups as cg

GROUPS = {
    "all": ["m1", "w1", "nfs", "lb", "other"], "ungrouped": ["other"],
    "cluster_mgr": ["m1"], "cluster_wrk": ["w1"], "storage": ["nfs"], "lb": ["lb"],
}
NAMES = {"swarmops_managers_group": "cluster_mgr", "swarmops_workers_group": "cluster_wrk",
         "swarmops_nfs_server_group": "storage", "swarmops_proxy_group": "lb"}


def test_names_from_the_inventory_build_the_internal_groups():
    hostvars = dict((h, dict(NAMES)) for h in GROUPS["all"])
    result = cg.resolve(GROUPS["all"], hostvars, GROUPS)
    assert result["errors"] == []
    assert result["hosts"] == {
        "m1": ["_swarmops_managers", "_swarmops_nodes", "_swarmops_cluster"],
        "w1": ["_swarmops_workers", "_swarmops_nodes", "_swarmops_cluster"],
        "nfs": ["_swarmops_nfs_server", "_swarmops_cluster"],
        "lb": ["_swarmops_proxy"],
        "other": [],
    }


def test_defaults_when_unset_and_a_manager_that_serves_nfs():
    groups = {"all": ["m1", "w1"], "swarm_managers": ["m1"], "swarm_workers": ["w1"], "nfs_server": ["m1"]}
    result = cg.resolve(["m1", "w1"], {"m1": {}, "w1": {"swarmops_proxy_group": ""}}, groups)
    assert result["errors"] == []
    assert result["hosts"]["m1"] == ["_swarmops_managers", "_swarmops_nfs_server", "_swarmops_nodes", "_swarmops_cluster"]


def test_a_misspelt_group_name_is_refused_naming_the_setting_and_the_groups():
    hostvars = dict((h, dict(NAMES, swarmops_managers_group="cluster_mgrs", swarmops_workers_group="cluster_wrks",
                             swarmops_nfs_server_group="storag")) for h in GROUPS["all"])
    errors = cg.resolve(GROUPS["all"], hostvars, GROUPS)["errors"]
    # The proxy still matched, so the run is not empty: the missing manager group is named.
    assert len(errors) == 1
    assert "swarmops_managers_group is 'cluster_mgrs'" in errors[0]
    assert "cluster_mgr, cluster_wrk, lb, storage" in errors[0]


def test_no_host_in_any_group_is_refused_instead_of_matching_nothing():
    errors = cg.resolve(["m1", "w1"], {"m1": {}, "w1": {}}, {"all": ["m1", "w1"], "mgr": ["m1"]})["errors"]
    assert len(errors) == 1
    assert "no host of this run is in the cluster's groups (swarmops_managers_group=swarm_managers" in errors[0]
    assert "The inventory's groups: mgr." in errors[0]


def test_two_clusters_in_one_run_are_refused_and_one_cluster_passes():
    groups = {"all": ["a1", "b1"], "a_managers": ["a1"], "b_managers": ["b1"]}
    hostvars = {"a1": {"swarmops_managers_group": "a_managers"}, "b1": {"swarmops_managers_group": "b_managers"}}
    errors = cg.resolve(["a1", "b1"], hostvars, groups)["errors"]
    assert errors == ["this run spans several clusters (swarmops_managers_group is 'a_managers' for a1; "
                      "'b_managers' for b1): limit it to one cluster (--limit <that cluster's group>)."]
    assert cg.resolve(["a1"], hostvars, groups)["errors"] == []
