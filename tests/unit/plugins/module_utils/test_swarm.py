# -*- coding: utf-8 -*-
import pytest

from ansible_collections.swarmops.cluster.plugins.module_utils.swarm import (
    swarm_nodes,
    backup_source,
    carried_labels,
    cert_expiry_ns,
    duration_seconds,
    health_problems,
    hint,
    local_state,
    maintenance_quorum,
    node_spec_matches,
    manager_quorum,
    node_index,
    raft_problems,
    stale_nodes,
    swarm_plan,
    topology,
    transient_api_error,
    view,
)

MANAGERS = ["m1", "m2", "m3"]
WORKERS = ["w1", "w2"]


def fresh(*hosts):
    return {h: {"state": "inactive", "control": False, "cluster_id": "", "node_id": "", "node_addr": ""} for h in hosts}


def member(cluster="C1", control=False, node_id="id", state="active"):
    return {"state": state, "control": control, "cluster_id": cluster if control else "", "node_id": node_id,
            "node_addr": "10.0.0.1"}


def test_fresh_nodes_init_on_first_manager():
    plan = swarm_plan(fresh(*(MANAGERS + WORKERS)), MANAGERS, WORKERS)
    assert plan == {"acting": "m1", "init": "m1", "errors": [], "warnings": []}


def test_bootstrap_flag_chooses_init_host():
    plan = swarm_plan(fresh(*(MANAGERS + WORKERS)), MANAGERS, WORKERS, bootstrap=["m2"])
    assert plan["init"] == "m2" and plan["acting"] == "m2"


def test_existing_swarm_is_reused_even_when_first_manager_was_replaced():
    # m1 is a brand-new machine (replaced); m2 still manages the swarm: never init a second swarm.
    nodes = fresh("m1", "w1")
    nodes.update({"m2": member(control=True), "m3": member(control=True), "w2": member()})
    plan = swarm_plan(nodes, MANAGERS, WORKERS)
    assert plan["init"] is None
    assert plan["acting"] == "m2"
    assert plan["errors"] == []


def test_bootstrap_flag_ignored_when_swarm_exists():
    nodes = fresh("m1", "m2", "w1", "w2")
    nodes["m3"] = member(control=True)
    plan = swarm_plan(nodes, MANAGERS, WORKERS, bootstrap=["m1"])
    assert plan["init"] is None and plan["acting"] == "m3"


def test_acting_manager_can_be_a_host_of_the_worker_group():
    # Nobody in the manager group manages yet, but a worker-group host is a manager (inventory changed).
    nodes = fresh(*MANAGERS)
    nodes.update({"w1": member(control=True), "w2": member()})
    plan = swarm_plan(nodes, MANAGERS, WORKERS)
    assert plan["acting"] == "w1" and plan["init"] is None


def test_two_swarms_refused():
    nodes = {"m1": member("A", control=True), "m2": member("B", control=True), "m3": member("A", control=True)}
    plan = swarm_plan(nodes, MANAGERS, [])
    assert any("different swarms" in e and "A: m1, m3" in e and "B: m2" in e for e in plan["errors"])


def test_manager_without_a_leader_is_not_a_second_swarm():
    # Right after the leader's swarm state was lost, m2 may answer before the election: control, no ID.
    nodes = fresh("m1")
    nodes.update({"m2": member("", control=True), "m3": member("A", control=True), "w1": member()})
    plan = swarm_plan(nodes, MANAGERS, WORKERS)
    assert plan["errors"] == []
    assert plan["acting"] == "m3" and plan["init"] is None


def test_lost_quorum_still_acts_on_an_answering_manager():
    # Every answering manager lacks the ID (no leader): one of them acts; the leader waits decide later.
    nodes = {"m1": member("", control=True), "w1": member()}
    plan = swarm_plan(nodes, MANAGERS, WORKERS)
    assert plan["errors"] == [] and plan["acting"] == "m1" and plan["init"] is None


def test_two_known_swarms_refused_even_with_an_unknown_one():
    nodes = {"m1": member("A", control=True), "m2": member("", control=True), "m3": member("B", control=True)}
    plan = swarm_plan(nodes, MANAGERS, [])
    assert any("different swarms" in e and "A: m1" in e and "B: m3" in e and "m2" not in e for e in plan["errors"])


def test_nodes_in_swarm_without_reachable_manager_refuse_init():
    nodes = fresh("m1")
    nodes.update({"w1": member(), "w2": member(state="pending")})
    plan = swarm_plan(nodes, ["m1"], WORKERS)
    assert plan["init"] is None and plan["acting"] is None
    assert "w1, w2" in plan["errors"][0]
    assert "--force-new-cluster" in plan["errors"][0]


def test_no_manager_group():
    plan = swarm_plan(fresh("w1"), [], ["w1"])
    assert any("at least one manager" in e for e in plan["errors"])
    assert plan["init"] is None


def test_manager_group_unreachable():
    plan = swarm_plan(fresh("w1"), ["m1"], ["w1"])
    assert plan["errors"] == ["no manager is reachable (managers: m1)"]


def test_even_managers_warn_with_fault_tolerance():
    plan = swarm_plan(fresh("m1", "m2"), ["m1", "m2"], [])
    assert plan["errors"] == []
    assert "2 managers is an even number" in plan["warnings"][0]
    assert "loss of 0 manager" in plan["warnings"][0]


def test_odd_managers_no_warning():
    assert swarm_plan(fresh(*MANAGERS), MANAGERS, [])["warnings"] == []


def test_host_in_both_groups():
    plan = swarm_plan(fresh("m1", "w1"), ["m1", "w1"], ["w1"])
    assert any("both the manager and the worker group: w1" in e for e in plan["errors"])


def test_several_bootstrap_hosts():
    plan = swarm_plan(fresh(*MANAGERS), MANAGERS, [], bootstrap=["m1", "m2"])
    assert any("several hosts (m1, m2)" in e for e in plan["errors"])


def test_bootstrap_on_worker():
    plan = swarm_plan(fresh("m1", "w1"), ["m1"], ["w1"], bootstrap=["w1"])
    assert any("w1, which is not in the manager group" in e for e in plan["errors"])


def test_locked_swarm():
    nodes = {"m1": member(state="locked")}
    plan = swarm_plan(nodes, ["m1"], [])
    assert any("locked on m1" in e for e in plan["errors"])


def _node(node_id, hostname, role="worker", state="ready", reach=None, leader=False, labels=None):
    node = {"ID": node_id, "Description": {"Hostname": hostname},
            "Spec": {"Role": role, "Availability": "active", "Labels": labels or {}},
            "Status": {"State": state, "Addr": "10.0.0.9"}}
    if role == "manager":
        node["ManagerStatus"] = {"Reachability": reach or "reachable", "Leader": leader, "Addr": "10.0.0.9:2377"}
    return node


def test_node_index():
    index = node_index([_node("a", "m1", "manager", leader=True, labels={"x": "1"}), _node("b", "w1")])
    assert index["a"]["leader"] is True and index["a"]["labels"] == {"x": "1"}
    assert index["b"]["role"] == "worker" and index["b"]["reachability"] is None
    assert node_index(None) == {}


def test_stale_nodes_only_down_entries_of_rejoined_hosts():
    nodes = [
        _node("old-w1", "w1", state="down"),
        _node("new-w1", "w1"),
        _node("old-m3", "m3", "manager", state="down", reach="unreachable"),
        _node("new-m3", "m3", "manager"),
        _node("gone", "w9", state="down"),          # not an inventory host: left alone
        _node("w2", "w2", state="down"),            # down but it is the host's current ID: left alone
    ]
    stale = stale_nodes(nodes, {"w1": "new-w1", "m3": "new-m3", "w2": "w2"})
    assert [(n["id"], n["role"]) for n in stale] == [("old-m3", "manager"), ("old-w1", "worker")]


def test_quorum_safe_demotion_of_one_of_three():
    nodes = [_node("a", "m1", "manager", leader=True), _node("b", "m2", "manager"), _node("c", "m3", "manager")]
    q = manager_quorum(nodes, ["c"])
    assert q["safe"] and q["after"] == 2 and q["quorum_after"] == 2


def test_quorum_refuses_last_manager():
    q = manager_quorum([_node("a", "m1", "manager", leader=True)], ["a"])
    assert not q["safe"] and "without any manager" in q["reason"]


def test_quorum_refuses_when_remaining_majority_unreachable():
    nodes = [_node("a", "m1", "manager", leader=True), _node("b", "m2", "manager", reach="unreachable"),
             _node("c", "m3", "manager", reach="unreachable"), _node("d", "m4", "manager"),
             _node("e", "m5", "manager")]
    q = manager_quorum(nodes, ["e"])
    assert not q["safe"]
    assert q["reason"] == "only 2 of the 4 remaining managers would be reachable; Raft needs 3"


def _summary(labels=None, availability="active"):
    return {"id": "n1", "labels": labels or {}, "availability": availability}


@pytest.mark.parametrize("node, labels, state, availability, expected", [
    (_summary({"zone": "a", "ssd": "true"}), {"zone": "a"}, "merge", "active", True),
    (_summary({"zone": "a"}), {"zone": "b"}, "merge", "active", False),
    (_summary({}), {"zone": "a"}, "merge", "active", False),
    (_summary({"zone": "a", "ssd": "true"}), {"zone": "a"}, "replace", "active", False),
    (_summary({"zone": "a"}), {"zone": "a"}, "replace", "active", True),
    (_summary({"zone": "a"}), {}, "replace", "active", False),
    (_summary({}), {}, "replace", "active", True),
    (_summary({"rack": "1"}), {"rack": 1}, "merge", "active", True),  # the API stores strings
    (_summary({}, "drain"), {}, "merge", "active", False),
    (_summary({}, "drain"), {}, "merge", "drain", True),
    (_summary({}), {}, "bogus", "active", False),
    (None, {}, "merge", "active", False),
])
def test_node_spec_matches(node, labels, state, availability, expected):
    assert node_spec_matches(node, labels, state, availability) is expected


def test_hint_is_the_shared_text():
    assert "--force-new-cluster" in hint("force_new_cluster")
    with pytest.raises(ValueError, match="unknown hint 'nope': known hints are force_new_cluster"):
        hint("nope")


def _status(node, message):
    node["Status"]["Message"] = message
    return node


def test_health_problems_empty_when_every_node_ready_active_and_managers_reachable():
    nodes = [_node("a", "m1", "manager", leader=True), _node("b", "m2", "manager"), _node("c", "w1")]
    assert health_problems(nodes, ["m1", "m2", "w1"]) == []


def test_health_problems_names_each_fault():
    drained = _node("d", "w2")
    drained["Spec"]["Availability"] = "drain"
    nodes = [
        _node("a", "m1", "manager", leader=True),
        _status(_node("b", "m2", "manager", state="down"), "heartbeat failure"),  # Down yet Reachable
        _node("c", "m3", "manager", reach="unreachable"),
        drained,
    ]
    problems = health_problems(nodes, ["m1", "m2", "m3", "w1", "w2", "w1"])
    assert [(p["hostname"], p["problem"]) for p in problems] == [
        ("m2", "status down (heartbeat failure)"),
        ("w1", "not in the swarm"),
        ("w2", "availability drain"),
        ("m3", "manager unreachable"),
    ]
    assert problems[0]["id"] == "b" and problems[0]["role"] == "manager" and problems[0]["state"] == "down"
    assert problems[1]["id"] is None and problems[1]["state"] is None


def test_health_problems_ignore_the_stale_entry_of_a_rejoined_host():
    nodes = [
        _node("a", "m1", "manager", leader=True),
        _node("old-m2", "m2", "manager", state="down", reach="unreachable"),
        _node("new-m2", "m2", "manager"),
        _node("old-w1", "w1", state="down"),
        _node("new-w1", "w1"),
    ]
    assert health_problems(nodes, ["m1", "m2", "w1"]) == []
    # Without its Ready entry the host is reported, and so is its unreachable manager entry.
    problems = health_problems(nodes[:2], ["m1", "m2"])
    assert [(p["id"], p["problem"]) for p in problems] == [("old-m2", "status down"), ("old-m2", "manager unreachable")]


def test_health_problems_unknown_manager_outside_the_inventory_counts():
    nodes = [_node("a", "m1", "manager", leader=True), _node("x", "elsewhere", "manager", reach="unreachable")]
    assert [p["hostname"] for p in health_problems(nodes, ["m1"])] == ["elsewhere"]


def test_health_problems_one_node_back_from_maintenance_drained_and_reachable_itself():
    drained = _node("b", "m2", "manager")
    drained["Spec"]["Availability"] = "drain"
    nodes = [_node("a", "m1", "manager", leader=True), drained, _node("c", "m3", "manager", state="down", reach="unreachable")]
    narrow = dict(availability=("active", "pause", "drain"), managers="expected", match="id")
    # m3 is down on purpose elsewhere (partitioned): the wait for m2 alone does not wait for it.
    assert health_problems(nodes, ["b"], **narrow) == []
    # The default wait counts m3, and refuses the drained m2.
    assert [(p["hostname"], p["problem"]) for p in health_problems(nodes, ["m2"])] == [
        ("m2", "availability drain"), ("m3", "manager unreachable")]
    # Still out of Raft: its own reachability counts.
    drained["ManagerStatus"]["Reachability"] = "unreachable"
    assert [(p["id"], p["problem"]) for p in health_problems(nodes, ["b"], **narrow)] == [("b", "manager unreachable")]
    # An ID the swarm does not list is named as such.
    assert [(p["id"], p["problem"]) for p in health_problems(nodes, ["zz"], **narrow)] == [("zz", "not in the swarm")]


def test_health_problems_state_down_waits_until_the_node_is_down_or_gone():
    nodes = [_node("a", "m1", "manager", leader=True), _node("b", "w1")]
    assert [(p["id"], p["problem"]) for p in health_problems(nodes, ["b"], state="down", match="id")] == [
        ("b", "status ready, not down yet")]
    nodes[1]["Status"]["State"] = "down"
    assert health_problems(nodes, ["b"], state="down", match="id") == []
    assert health_problems(nodes[:1], ["b"], state="down", match="id") == []  # already removed
    # Managers' reachability plays no part in a wait for a node to go.
    nodes.append(_node("c", "m3", "manager", reach="unreachable"))
    assert health_problems(nodes, ["w1"], state="down") == []


@pytest.mark.parametrize("message", [
    "rpc error: code = Unknown desc = raft: failed to process the request: node lost leader status",
    "The swarm does not have a leader. It's possible that too few managers are online.",
    "rpc error: code = Unknown desc = update out of sequence",
    "rpc error: code = Unavailable desc = connection error",
    # community.docker's manager check (a swarm inspect) during an election
    "Error running docker swarm module: must run on swarm manager node",
])
def test_leader_election_errors_are_transient(message):
    assert transient_api_error(message)


@pytest.mark.parametrize("message", [
    None, "", "node k84q20999filfnhhy1cf4w6sr not found",
    "This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.",
    "rpc error: code = InvalidArgument desc = name must be valid as a DNS name component",
])
def test_other_errors_are_not(message):
    assert not transient_api_error(message)


def _addr(node, addr):
    node["Status"]["Addr"] = addr
    if "ManagerStatus" in node:
        node["ManagerStatus"]["Addr"] = addr + ":2377"
    return node


def test_stale_entry_with_the_hosts_own_address_is_stale_whatever_its_state():
    # Right after a manager lost its swarm state (the leader, say) its old entry reads Ready or Unknown.
    nodes = [
        _addr(_node("old-m1", "m1", "manager", state="unknown", reach="unreachable"), "10.0.0.1"),
        _addr(_node("new-m1", "m1", "manager"), "10.0.0.1"),
        _addr(_node("old-w1", "w1", state="ready"), "10.0.0.4"),
        _addr(_node("new-w1", "w1"), "10.0.0.4"),
    ]
    stale = stale_nodes(nodes, {"m1": "new-m1", "w1": "new-w1"}, {"m1": "10.0.0.1", "w1": "10.0.0.4"})
    assert [n["id"] for n in stale] == ["old-m1", "old-w1"]
    # Without the addresses only Down entries are provably stale.
    assert stale_nodes(nodes, {"m1": "new-m1", "w1": "new-w1"}) == []


def test_live_entry_of_another_machine_with_the_same_hostname_is_kept():
    nodes = [_addr(_node("other", "w1", state="ready"), "10.0.0.99"), _addr(_node("new-w1", "w1"), "10.0.0.4")]
    assert stale_nodes(nodes, {"w1": "new-w1"}, {"w1": "10.0.0.4"}) == []


def test_topology_alone():
    assert topology(MANAGERS, WORKERS) == ([], [])
    errors, warnings = topology(["m1", "m2"], ["m2"], ["w1", "m1"])
    assert any("both the manager and the worker group: m2" in e for e in errors)
    assert any("several hosts" in e for e in errors)
    assert any("2 managers is an even number" in w for w in warnings)
    assert topology([], WORKERS)[0] == ["the manager group is empty: a swarm needs at least one manager (use 1, 3 or 5)"]


def _raft(*nodes):
    return list(nodes)


def test_raft_problems_none_when_exactly_the_inventory_managers_are_members():
    nodes = _raft(_node("a", "m1", "manager", leader=True), _node("b", "m2", "manager"), _node("c", "m3", "manager"),
                  _node("d", "w1"))
    assert raft_problems(nodes, {"m1": "a", "m2": "b", "m3": "c"}, {"w1": "d"}) == []


def test_raft_problems_name_stale_members_unreachable_managers_and_leaders():
    nodes = _raft(_node("a", "m1", "manager", leader=True), _node("b", "m2", "manager", reach="unreachable"),
                  _node("old-c", "m3", "manager", state="down", reach="unreachable"), _node("c", "m3", "manager"),
                  _node("d", "w1", "manager"))
    problems = raft_problems(nodes, {"m1": "a", "m2": "b", "m3": "c"}, {"w1": "d"})
    assert any("manager m2 (node ID b) is unreachable" in p for p in problems)
    assert any("node ID old-c" in p and "does not list" in p for p in problems)
    assert any("worker w1 (node ID d) is still a manager" in p for p in problems)
    assert len(problems) == 3


def test_raft_problems_missing_manager_and_no_leader():
    nodes = _raft(_node("a", "m1", "manager"), _node("b", "m2", "worker"))
    problems = raft_problems(nodes, {"m1": "a", "m2": "b", "m3": "zz"})
    assert any("m2 (node ID b) is not a Raft member yet" in p for p in problems)
    assert any("m3 (node ID zz) is not in the swarm" in p for p in problems)
    assert "0 leaders (wanted exactly one)" in problems


def test_raft_problems_accept_reachable_managers_outside_the_run():
    nodes = _raft(_node("a", "m1", "manager", leader=True), _node("b", "m2", "manager"))
    assert raft_problems(nodes, {"m1": "a"}, {}, ["m2"]) == []
    assert raft_problems(nodes, {"m1": "a"}, {}, []) != []


@pytest.mark.parametrize("value, seconds", [
    ("2160h", 2160 * 3600), ("90d", 90 * 86400), ("1h30m", 5400), ("3600s", 3600), ("7200", 7200),
    (7200, 7200), (" 2H ", 7200), ("1d2h3m4s", 86400 + 7200 + 184),
])
def test_duration_seconds(value, seconds):
    assert duration_seconds(value) == seconds


@pytest.mark.parametrize("value", ["", "h", "1x", "2h1d", "1h1h", "1.5h", "-1h", True, "1 h"])
def test_duration_seconds_refuses(value):
    with pytest.raises(ValueError) as err:
        duration_seconds(value, "swarm_cert_expiry")
    assert "swarm_cert_expiry" in str(err.value) and "2160h" in str(err.value)


def test_cert_expiry_ns():
    assert cert_expiry_ns("2160h") == 7776000000000000  # Docker's default
    with pytest.raises(ValueError) as err:
        cert_expiry_ns("30m")
    assert "1800 seconds" in str(err.value) and "3600" in str(err.value)


def test_backup_source_takes_a_non_leader_whose_stop_keeps_the_quorum():
    nodes = [_node("a", "m1", "manager", leader=True), _node("b", "m2", "manager"), _node("c", "m3", "manager"),
             _node("w", "w1")]
    assert backup_source(nodes, ["m1", "m2", "m3"]) == {"host": "m3", "id": "c", "error": ""}
    # m3 unreachable: stopping m2 would leave 1 of 3 reachable
    nodes[2] = _node("c", "m3", "manager", state="down", reach="unreachable")
    refused = backup_source(nodes, ["m1", "m2", "m3"])
    assert refused["host"] is None and "Raft needs 2" in refused["error"]
    assert "swarm_backup_allow_outage=true" in refused["error"]
    assert backup_source(nodes, ["m1", "m2", "m3"], allow_outage=True)["host"] == "m2"


def test_backup_source_single_manager_needs_the_outage_accepted():
    nodes = [_node("a", "m1", "manager", leader=True), _node("w", "w1")]
    assert backup_source(nodes, ["m1"])["host"] is None
    assert backup_source(nodes, ["m1"], allow_outage=True) == {"host": "m1", "id": "a", "error": ""}
    assert "(none)" in backup_source(nodes, [])["error"]
    assert "is a Reachable" in backup_source(nodes, ["w1"])["error"]


def test_swarm_nodes_managers_first_each_host_once_missing_groups_empty():
    groups = {"swarm_managers": ["m1", "m2"], "swarm_workers": ["w1", "m2"], "nfs_server": ["nas", "m1"]}
    assert swarm_nodes(groups) == ["m1", "m2", "w1"]
    assert swarm_nodes(groups, "swarm_managers", "swarm_workers", ["nfs_server"]) == ["m1", "m2", "w1", "nas"]
    assert swarm_nodes(groups, "managers", "swarm_workers") == ["w1", "m2"]
    assert swarm_nodes({}, "swarm_managers", "swarm_workers") == []
    with pytest.raises(ValueError, match="non-empty string, got None"):
        swarm_nodes(groups, None, "swarm_workers")


def test_local_state_of_a_manager_and_of_a_fresh_engine():
    info = {"Name": "m1", "Swarm": {"LocalNodeState": "active", "ControlAvailable": True, "NodeID": "n1",
                                    "NodeAddr": "10.0.0.1", "Cluster": {"ID": "c1"}}}
    assert local_state(info) == {"state": "active", "control": True, "cluster_id": "c1", "node_id": "n1",
                                 "node_addr": "10.0.0.1", "hostname": "m1"}
    fresh_engine = {"Name": "w1", "Swarm": {"LocalNodeState": "inactive", "ControlAvailable": False, "NodeID": "",
                                            "NodeAddr": "", "RemoteManagers": None}}
    assert local_state(fresh_engine) == {"state": "inactive", "control": False, "cluster_id": "", "node_id": "",
                                         "node_addr": "", "hostname": "w1"}


def test_local_state_of_a_manager_during_an_election_has_no_cluster_id():
    info = {"Name": "m3", "Swarm": {"LocalNodeState": "active", "ControlAvailable": True, "NodeID": "n3",
                                    "NodeAddr": "10.0.0.3"}}
    assert local_state(info)["cluster_id"] == "" and local_state(info)["control"] is True
    assert local_state(None)["state"] == "inactive"


def test_every_manager_lost_names_restore_and_the_newest_backup():
    nodes = fresh(*MANAGERS)
    nodes.update(dict((w, {"state": "active", "control": False, "cluster_id": "", "node_id": w, "node_addr": ""})
                      for w in WORKERS))
    backups = ["/inv/backups/swarm-abc-20261130T101010Z.tar.gz", "/inv/backups/swarm-abc-20261201T090000Z.tar.gz",
               "/inv/backups/swarm-xyz-20261001T000000Z.tar.gz", "/inv/backups/notes.tar.gz"]
    plan = swarm_plan(nodes, MANAGERS, WORKERS, backups=backups)
    assert plan["init"] is None and len(plan["errors"]) == 1
    assert plan["errors"][0].startswith("every manager (%s) has lost its swarm state" % ", ".join(MANAGERS))
    assert "playbooks/restore.yml -i <inventory> -e swarm_restore_archive=/inv/backups/swarm-abc-20261201T090000Z.tar.gz" \
        in plan["errors"][0]
    # Without an archive: where restore.yml would look, and the by-hand way.
    plan = swarm_plan(nodes, MANAGERS, WORKERS)
    assert "No backup was found in swarm_backup_dir" in plan["errors"][0] and "--force-new-cluster" in plan["errors"][0]


# view(): the one observation a play starts with (converge and operations alike).

def test_view_converge_plans_init_on_a_manager_of_the_play():
    v = view(fresh(*(MANAGERS + WORKERS)), MANAGERS, WORKERS, MANAGERS + WORKERS)
    assert (v["acting"], v["init"], v["errors"], v["answering"]) == ("m1", "m1", [], [])


def test_view_converge_limited_to_a_worker_acts_on_a_manager_outside_the_play():
    states = dict(fresh("w2"), m1=member(control=True, node_id="a"), m2=member(control=True, node_id="b"), m3=None)
    v = view(states, MANAGERS, WORKERS, ["w2"])
    assert (v["acting"], v["init"], v["errors"], v["answering"], v["cluster_id"]) == ("m1", None, [], ["m1", "m2"], "C1")


def test_view_converge_never_inits_outside_the_play():
    v = view(fresh("w1", "m1"), MANAGERS, WORKERS, ["w1"])
    assert v["init"] is None and v["acting"] is None
    assert any("the manager that creates it, m1 (group swarm_managers: m1, m2, m3), is not in this play" in e
               for e in v["errors"])


def test_plan_inits_only_on_a_host_of_the_play():
    plan = swarm_plan(fresh(*(MANAGERS + WORKERS)), MANAGERS, WORKERS, bootstrap=["m2"], play_hosts=["m1", "w1"])
    assert (plan["init"], plan["acting"]) == (None, None)
    assert any("m2 (group swarm_managers: m1, m2, m3), is not in this play" in e for e in plan["errors"])
    plan = swarm_plan(fresh(*(MANAGERS + WORKERS)), MANAGERS, WORKERS, bootstrap=["m2"], play_hosts=["m2"])
    assert (plan["init"], plan["errors"]) == ("m2", [])


def test_view_converge_keeps_the_plans_refusals():
    states = dict(fresh("m1", "m2", "m3"), w1=member(node_id="w"))
    v = view(states, MANAGERS, WORKERS, MANAGERS + ["w1"], backups=["/b/swarm-C1-20261201T120000Z.tar.gz"])
    assert v["init"] is None
    assert any("every manager (m1, m2, m3) has lost its swarm state" in e and "20261201T120000Z" in e for e in v["errors"])


def test_view_operation_acts_on_the_first_answering_manager_not_excluded():
    states = {"m1": member(control=True, node_id="a"), "m2": member(control=True, node_id="b"),
              "m3": member(control=True, node_id="c"), "w1": member(node_id="w")}
    v = view(states, MANAGERS, WORKERS, ["m1"], exclude=["m1"], converge=False)
    assert (v["acting"], v["init"], v["errors"], v["answering"]) == ("m2", None, [], MANAGERS)


def test_view_operation_prefers_a_manager_that_knows_its_swarm():
    states = {"m1": member(control=True, node_id="a", cluster=""), "m2": member(control=True, node_id="b")}
    assert view(states, MANAGERS, WORKERS, ["w1"], converge=False)["acting"] == "m2"


def test_view_operation_without_an_acting_manager_names_the_group_and_who_was_asked():
    states = {"m1": member(node_id="a", state="locked"), "m2": None, "w1": member(node_id="w")}
    v = view(states, MANAGERS, WORKERS, ["w1"], exclude=["m3"], converge=False, managers_group="cluster_mgr")
    assert v["acting"] is None
    assert len(v["errors"]) == 1
    assert "No manager of group cluster_mgr is reachable and active" in v["errors"][0]
    assert "asked: m1, m2, m3; not acting: m3" in v["errors"][0]
    assert "--force-new-cluster" in v["errors"][0]


def test_view_operation_refuses_two_swarms():
    states = {"m1": member(control=True, node_id="a", cluster="C1"), "m2": member(control=True, node_id="b", cluster="C2")}
    v = view(states, MANAGERS, WORKERS, ["m1"], converge=False)
    assert any("different swarms (C1, C2)" in e for e in v["errors"])


def _managers(*reach, workers=0):
    nodes = [{"ID": "m%d" % i, "Description": {"Hostname": "m%d" % i}, "Spec": {"Role": "manager"},
              "Status": {"State": "ready" if r == "reachable" else "down"},
              "ManagerStatus": {"Reachability": r}} for i, r in enumerate(reach, 1)]
    nodes += [{"ID": "w%d" % i, "Description": {"Hostname": "w%d" % i}, "Spec": {"Role": "worker"},
               "Status": {"State": "ready"}} for i in range(1, workers + 1)]
    return nodes


def test_maintenance_quorum_worker_always_may_go():
    assert maintenance_quorum(_managers("unreachable", "unreachable", "reachable", workers=1), "w1")["safe"]


def test_maintenance_quorum_manager_of_three_with_the_others_up():
    assert maintenance_quorum(_managers("reachable", "reachable", "reachable"), "m1") == {
        "safe": True, "reason": "", "warning": ""}


def test_maintenance_quorum_refuses_when_another_manager_is_down():
    result = maintenance_quorum(_managers("reachable", "unreachable", "reachable"), "m1")
    assert not result["safe"]
    assert result["reason"] == "only 1 other manager(s) of 3 are reachable (m3); Raft needs 2 while m1 is down"


def test_maintenance_quorum_one_or_two_managers_go_on_with_a_warning():
    for nodes in (_managers("reachable"), _managers("reachable", "reachable")):
        result = maintenance_quorum(nodes, "m1")
        assert result["safe"] and "tolerates no manager failure" in result["warning"]


def test_carried_labels_give_a_rejoined_host_the_hand_made_labels_of_its_old_entry():
    nodes = [
        {"ID": "old", "Description": {"Hostname": "m1"}, "Spec": {"Role": "manager", "Labels": {"disk": "ssd", "tier": "a"}},
         "Status": {"State": "down", "Addr": "10.0.0.1"}},
        {"ID": "new", "Description": {"Hostname": "m1"}, "Spec": {"Role": "manager", "Labels": {"tier": "b"}},
         "Status": {"State": "ready", "Addr": "10.0.0.1"}},
        {"ID": "w-old", "Description": {"Hostname": "w1"}, "Spec": {"Role": "worker", "Labels": {"x": "1"}},
         "Status": {"State": "down", "Addr": "10.0.0.5"}},
    ]
    stale = stale_nodes(nodes, {"m1": "new", "w1": "w-gone"})
    assert [n["id"] for n in stale] == ["old", "w-old"]
    # The inventory's value (tier=b, on the new entry) wins; a host whose new entry is not listed gets nothing.
    assert carried_labels(stale, nodes, {"m1": "new", "w1": "w-gone"}) == [
        {"id": "new", "hostname": "m1", "labels": {"disk": "ssd"}}]
    assert carried_labels([], nodes, {"m1": "new"}) == []
    # A key the inventory sets is the inventory's, even before the new entry carries it.
    assert carried_labels(stale, nodes, {"m1": "new"}, {"m1": {"disk": "hdd"}}) == []
