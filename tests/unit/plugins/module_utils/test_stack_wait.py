# -*- coding: utf-8 -*-
"""Convergence logic on API data recorded from a real 3+2 lab swarm (tests/unit/fixtures)."""
import copy

import pytest

from ansible_collections.swarmops.cluster.plugins.module_utils.stack_wait import (
    constraint_matches,
    describe_unconverged,
    eligible_nodes,
    evaluate_stack,
    norm_ts,
    service_mode,
    ts_epoch,
)


@pytest.fixture
def mixed(fixture_json):
    return fixture_json("stack_mixed.json")


@pytest.fixture
def updates(fixture_json):
    return fixture_json("stack_updates.json")


def run(data, threshold=3):
    return evaluate_stack(data["services"], data["tasks"], data["nodes"], threshold)


def service(data, name):
    return next(s for s in data["services"] if s["Spec"]["Name"] == name)


def node(data, hostname):
    return next(n for n in data["nodes"] if n["Description"]["Hostname"] == hostname)


def test_replicated_service_converged(mixed):
    st = run(mixed)["fx_good"]
    assert (st["desired"], st["running"], st["converged"], st["failed"]) == (2, 2, True, False)


def test_global_service_counts_only_eligible_nodes(mixed):
    st = run(mixed)["fx_global"]
    # constraint node.role == worker: 2 of the 5 nodes are eligible, both run a task
    assert (st["mode"], st["desired"], st["running"], st["converged"]) == ("global", 2, 2, True)


def test_global_service_not_converged_when_an_eligible_node_lacks_a_task(mixed):
    data = copy.deepcopy(mixed)
    worker2 = node(data, "swarmops-worker-2")["ID"]
    gid = service(data, "fx_global")["ID"]
    data["tasks"] = [t for t in data["tasks"] if not (t["ServiceID"] == gid and t.get("NodeID") == worker2)]
    st = run(data)["fx_global"]
    assert (st["desired"], st["running"], st["converged"]) == (2, 1, False)


def test_global_service_ignores_drained_nodes(mixed):
    data = copy.deepcopy(mixed)
    node(data, "swarmops-worker-2")["Spec"]["Availability"] = "drain"
    gid = service(data, "fx_global")["ID"]
    data["tasks"] = [t for t in data["tasks"]
                     if not (t["ServiceID"] == gid and t.get("NodeID") == node(data, "swarmops-worker-2")["ID"])]
    st = run(data)["fx_global"]
    assert (st["desired"], st["running"], st["converged"]) == (1, 1, True)


def test_missing_image_fails_with_task_error_and_node(mixed):
    st = run(mixed)["fx_noimage"]
    assert st["failed"] and not st["converged"]
    assert "No such image: swarmops/does-not-exist:1" in st["reason"]
    assert "rejected on swarmops-" in st["reason"]


def test_missing_image_below_threshold_is_not_yet_failed(mixed):
    st = run(mixed, threshold=50)["fx_noimage"]
    assert not st["failed"] and not st["converged"]
    assert "No such image" in st["last_error"]


def test_crash_loop_fails_with_exit_code(mixed):
    st = run(mixed)["fx_crash"]
    assert st["failed"] and "non-zero exit (3)" in st["reason"]


def test_old_failures_of_a_previous_spec_do_not_count(mixed):
    data = copy.deepcopy(mixed)
    svc = service(data, "fx_crash")
    svc["UpdatedAt"] = "2999-01-01T00:00:00Z"
    assert not run(data)["fx_crash"]["failed"]


def test_unsatisfiable_placement_reports_scheduler_error(mixed):
    st = run(mixed)["fx_noplace"]
    assert not st["converged"] and not st["failed"]  # the module fails it after scheduler_grace polls
    assert "no suitable node" in st["pending_scheduler_error"]


def test_one_shot_service_completed_counts_as_converged(mixed):
    st = run(mixed)["fx_oneshot"]
    assert (st["desired"], st["running"], st["converged"], st["failed"]) == (1, 1, True, False)


def test_one_shot_treated_as_long_running_would_not_converge(mixed):
    data = copy.deepcopy(mixed)
    svc = service(data, "fx_oneshot")
    svc["Spec"]["TaskTemplate"]["RestartPolicy"]["Condition"] = "any"
    assert not run(data)["fx_oneshot"]["converged"]


def test_rollback_completed_is_a_failure(updates):
    st = run(updates)["fx_good"]
    assert st["failed"] and "update rollback_completed" in st["reason"]


def test_paused_update_is_a_failure(updates):
    st = run(updates)["fx_global"]
    assert st["failed"] and "update paused" in st["reason"]


def test_update_in_progress_is_not_converged(mixed):
    data = copy.deepcopy(mixed)
    svc = service(data, "fx_good")
    svc["UpdateStatus"] = {"State": "updating"}
    st = run(data)["fx_good"]
    assert not st["converged"] and not st["failed"]
    svc["UpdateStatus"] = {"State": "completed"}
    assert run(data)["fx_good"]["converged"]


def test_scaled_up_service_not_converged(mixed):
    data = copy.deepcopy(mixed)
    svc = service(data, "fx_good")
    svc["Spec"]["Mode"]["Replicated"]["Replicas"] = 4
    st = run(data)["fx_good"]
    assert (st["desired"], st["running"], st["converged"]) == (4, 2, False)
    lines = describe_unconverged({"fx_good": st})
    assert lines == ["fx_good: 2/4 running, latest task running"]


def test_describe_unconverged_includes_errors(mixed):
    lines = describe_unconverged(run(mixed, threshold=99))
    text = "\n".join(lines)
    assert "fx_noplace: 0/1 running" in text and "no suitable node" in text
    assert "fx_noimage: 0/1 running" in text and "No such image" in text
    assert "fx_good" not in text


def test_describe_unconverged_says_where_a_task_waits_and_for_how_long(mixed):
    data = copy.deepcopy(mixed)
    task = next(t for t in data["tasks"] if t["Status"]["State"] == "running"
                and t["ServiceID"] == service(data, "fx_good")["ID"])
    task["Status"].update(State="starting", Message="starting", Timestamp="2026-11-22T19:20:00.5Z")
    host = next(n for n in data["nodes"] if n["ID"] == task["NodeID"])["Description"]["Hostname"]
    st = run(data)["fx_good"]
    assert not st["converged"]
    assert st["waiting"] == [{"state": "starting", "node": host, "since": ts_epoch("2026-11-22T19:20:00.5Z"),
                              "message": "starting"}]
    line = describe_unconverged({"fx_good": st}, now=ts_epoch("2026-11-22T19:24:50.5Z"))[0]
    assert line.endswith("; on the way: starting on %s for 290s" % host), line
    # Without a clock: no age; Docker's own message when it says more than the state.
    task["Status"]["Message"] = "mounting volume"
    line = describe_unconverged({"fx_good": run(data)["fx_good"]})[0]
    assert line.endswith("; on the way: starting on %s (mounting volume)" % host), line


@pytest.mark.parametrize("constraint,expected", [
    ("node.role == worker", True),
    ("node.role==manager", False),
    ("node.role != manager", True),
    ("node.hostname == swarmops-worker-1", True),
    ("node.labels.swarmops.tier == worker", True),
    ("node.labels.gpu == yes", False),
    ("node.labels.gpu != yes", True),
    ("node.platform.os == linux", True),
])
def test_constraints(mixed, constraint, expected):
    assert constraint_matches(node(mixed, "swarmops-worker-1"), constraint) is expected


def test_bad_constraint_is_named():
    with pytest.raises(ValueError, match="node.role ~ worker"):
        constraint_matches({}, "node.role ~ worker")


def test_eligible_nodes_need_ready(mixed):
    data = copy.deepcopy(mixed)
    node(data, "swarmops-worker-1")["Status"]["State"] = "down"
    svc = service(data, "fx_global")
    assert [n["Description"]["Hostname"] for n in eligible_nodes(svc, data["nodes"])] == ["swarmops-worker-2"]


def test_service_modes():
    assert service_mode({"Spec": {"Mode": {"Global": {}}}})[0] == "global"
    assert service_mode({"Spec": {"Mode": {"ReplicatedJob": {"TotalCompletions": 3}}}}) == ("replicated-job", {"TotalCompletions": 3})
    assert service_mode({"Spec": {}}) == ("replicated", {"Replicas": 1})


def test_norm_ts_orders_variable_fractions():
    assert norm_ts("2026-11-22T19:18:49.1Z") > norm_ts("2026-11-22T19:18:49.000140355Z")
    assert norm_ts("2026-11-22T19:18:49Z") < norm_ts("2026-11-22T19:18:49.5Z")
    assert norm_ts(None) == ""


@pytest.mark.parametrize("value,expected", [
    ("1970-01-01T00:00:10Z", 10.0),
    ("1970-01-01T00:00:10.5Z", 10.5),
    ("1970-01-01T02:00:10.25+02:00", 10.25),
    ("1969-12-31T23:00:00-01:00", 0.0),
    ("2026-11-22T19:18:32.011936215Z", 1795375112.011936215),
    ("", None),
    (None, None),
    ("0001-01-01T00:00:00Z", -62135596800.0),
    ("yesterday", None),
])
def test_ts_epoch(value, expected):
    got = ts_epoch(value)
    assert got == expected if expected is None else abs(got - expected) < 1e-6


def test_pinned_to_a_single_node(mixed):
    from ansible_collections.swarmops.cluster.plugins.module_utils.stack_wait import pinned_to
    nodes = mixed["nodes"]
    target = nodes[0]["ID"]
    service = {"Spec": {"TaskTemplate": {"Placement": {"Constraints": ["node.id == %s" % target]}}}}
    assert pinned_to(service, nodes, target)
    assert not pinned_to(service, nodes, nodes[1]["ID"])
    assert not pinned_to({"Spec": {}}, nodes, target)
    workers = {"Spec": {"TaskTemplate": {"Placement": {"Constraints": ["node.role == worker"]}}}}
    assert not pinned_to(workers, nodes, target)
