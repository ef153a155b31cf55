# -*- coding: utf-8 -*-
"""The wait loop of swarm_stack_wait, driven by recorded API snapshots and a fake clock."""
import copy
import json

import pytest

from ansible_collections.swarmops.cluster.plugins.modules import swarm_stack_wait


class FakeClient(object):
    """Serves snapshots in order (the last one repeats)."""

    def __init__(self, snapshots):
        self.snapshots = snapshots
        self.calls = 0

    def _snap(self):
        snap = self.snapshots[min(max(self.calls - 1, 0), len(self.snapshots) - 1)]
        if isinstance(snap, Exception):
            raise snap
        return snap

    def info(self):
        return {"Swarm": {"LocalNodeState": "active", "ControlAvailable": True}}

    def services(self, filters=None):
        assert filters == {"label": "com.docker.stack.namespace=fx"}
        self.calls += 1
        return self._snap()["services"]

    def tasks(self, filters=None):
        return self._snap()["tasks"]

    def networks(self, filters=None):
        assert filters == {"label": "com.docker.stack.namespace=fx"}
        return self._snap().get("networks", [])

    def nodes(self):
        return self._snap()["nodes"]


def only(data, *names):
    data = copy.deepcopy(data)
    data["services"] = [s for s in data["services"] if s["Spec"]["Name"] in names]
    return data


def drive(run_module, args):
    """As the action plugin does: while the module reports progress, keep its line and call it again
    with the state it handed over (through JSON, as between the controller and the node)."""
    progress = []
    while True:
        result = run_module(swarm_stack_wait.main, args)
        if not result.get("in_progress"):
            result["_progress"] = progress
            return result
        progress.append(result["msg"])
        args = dict(args, resume=json.loads(json.dumps(result["resume"])))


@pytest.fixture
def run(run_module, monkeypatch, fake_clock):
    def _run(args, snapshots, now=1000.0):
        fake_time = fake_clock(now)
        monkeypatch.setattr(swarm_stack_wait, "time", fake_time)
        client = FakeClient(snapshots)
        monkeypatch.setattr(swarm_stack_wait, "api_client", lambda module: client)
        result = drive(run_module, dict({"name": "fx"}, **args))
        result["_sleeps"] = fake_time.sleeps
        result["_polls"] = client.calls
        return result
    return _run


@pytest.fixture
def mixed(fixture_json):
    return fixture_json("stack_mixed.json")


def test_converges_after_stability_window(run, mixed):
    good = only(mixed, "fx_good", "fx_global", "fx_oneshot")
    res = run({"poll_interval": 1, "stable_seconds": 3}, [good])
    assert not res.get("failed") and res["converged"] and res["changed"] is False
    assert res["_sleeps"] == 3  # converged at t=0, held through t=3
    assert set(res["services"]) == {"fx_good", "fx_global", "fx_oneshot"}


# Newest running task of fx_good/fx_global/fx_oneshot in the fixture: 2026-11-22T19:18:32.01Z.
NEWEST_RUNNING = 1795375112.011936


def test_long_running_stack_needs_no_extra_wait(run, mixed):
    good = only(mixed, "fx_good", "fx_global", "fx_oneshot")
    res = run({"poll_interval": 1, "stable_seconds": 5}, [good], now=NEWEST_RUNNING + 60)
    assert res["converged"] and res["_sleeps"] == 0
    assert abs(res["services"]["fx_good"]["running_since"] - NEWEST_RUNNING) < 30


def test_window_counts_from_the_newest_task(run, mixed):
    good = only(mixed, "fx_good", "fx_global", "fx_oneshot")
    res = run({"poll_interval": 1, "stable_seconds": 5}, [good], now=NEWEST_RUNNING + 2.5)
    assert res["converged"] and res["_sleeps"] == 3  # 2.5 s already held, 2.5 more to go


def test_instability_resets_the_window(run, mixed):
    good = only(mixed, "fx_good")
    scaled = copy.deepcopy(good)
    scaled["services"][0]["Spec"]["Mode"]["Replicated"]["Replicas"] = 3
    res = run({"poll_interval": 1, "stable_seconds": 2}, [good, scaled, good])
    assert res["converged"] and res["_sleeps"] == 4  # t=0 ok, t=1 not, t=2..4 ok


def test_fails_fast_on_missing_image(run, mixed):
    res = run({"timeout": 300}, [only(mixed, "fx_good", "fx_noimage")])
    assert res["failed"] and res["_polls"] == 1
    assert "fx_noimage" in res["msg"] and "No such image: swarmops/does-not-exist:1" in res["msg"]


def test_unschedulable_fails_after_grace(run, mixed):
    res = run({"poll_interval": 2, "scheduler_grace": 2, "timeout": 300}, [only(mixed, "fx_noplace")])
    assert res["failed"] and res["_polls"] == 3
    assert "fx_noplace cannot be scheduled: no suitable node" in res["msg"]


def test_timeout_lists_unconverged(run, mixed):
    res = run({"poll_interval": 5, "timeout": 20, "failure_threshold": 99, "scheduler_grace": 99},
              [only(mixed, "fx_good", "fx_noplace")])
    assert res["failed"] and res["msg"].startswith("Timed out after 20s waiting for stack fx: ")
    assert "fx_noplace: 0/1 running" in res["msg"] and "fx_good" not in res["msg"]


def test_progress_lines_name_what_is_missing_and_change_nothing_else(run, mixed):
    args = {"poll_interval": 5, "timeout": 100, "failure_threshold": 99, "scheduler_grace": 99}
    snaps = [only(mixed, "fx_good", "fx_noplace")]
    silent = run(dict(args, progress_interval=0), snaps)
    talking = run(dict(args, progress_interval=30), snaps)
    assert silent["_progress"] == [] and len(talking["_progress"]) == 3  # at 30, 60 and 90 s
    assert talking["_progress"][0].startswith("still waiting for stack fx (30s of 100s): fx_noplace: 0/1 running")
    assert "no suitable node" in talking["_progress"][0] and "fx_good" not in talking["_progress"][0]
    assert talking["msg"] == silent["msg"] and talking["msg"].startswith("Timed out after 100s")
    assert (talking["_polls"], talking["_sleeps"]) == (silent["_polls"], silent["_sleeps"])


def test_progress_keeps_the_scheduler_grace(run, mixed):
    # The strikes of a "no suitable node" error carry over a progress line: it still fails after the grace.
    res = run({"poll_interval": 2, "scheduler_grace": 4, "timeout": 300, "progress_interval": 3},
              [only(mixed, "fx_noplace")])
    assert res["failed"] and res["_polls"] == 5 and len(res["_progress"]) == 2
    assert "fx_noplace cannot be scheduled" in res["msg"]


def test_progress_keeps_the_stability_window(run, mixed):
    good = only(mixed, "fx_good")
    scaled = copy.deepcopy(good)
    scaled["services"][0]["Spec"]["Mode"]["Replicated"]["Replicas"] = 3
    res = run({"poll_interval": 1, "stable_seconds": 2, "progress_interval": 1}, [good, scaled, good])
    assert res["converged"] and res["_sleeps"] == 4 and res["_progress"]


def test_absent_progress_names_what_is_left(run, mixed):
    res = run({"state": "absent", "poll_interval": 5, "timeout": 30, "progress_interval": 10},
              [removed(mixed, "running", ["fx_default"])])
    assert res["failed"] and res["msg"].startswith("Timed out after 30s")
    assert len(res["_progress"]) == 2 and "networks: fx_default" in res["_progress"][0]


def test_subset_of_services_by_short_name(run, mixed):
    res = run({"services": ["good"], "stable_seconds": 0}, [mixed])
    assert res["converged"] and list(res["services"]) == ["fx_good"]


def test_unknown_service_is_named(run, mixed):
    res = run({"services": ["nope"]}, [mixed])
    assert res["failed"] and "no service nope" in res["msg"] and "fx_good" in res["msg"]


def test_check_mode_reports_without_waiting(run, mixed):
    res = run({"_ansible_check_mode": True}, [mixed])
    assert not res.get("failed") and res["converged"] is False and res["_sleeps"] == 0
    assert res["services"]["fx_good"]["converged"] is True


def test_empty_stack(run, mixed):
    empty = dict(mixed, services=[], tasks=[])
    res = run({}, [empty])
    assert res["failed"] and "has no services" in res["msg"]


def test_empty_stack_in_check_mode_is_reported_not_failed(run, mixed):
    # A check run of a playbook that deploys the stack first did not deploy it.
    empty = dict(mixed, services=[], tasks=[])
    res = run({"_ansible_check_mode": True}, [empty])
    assert not res.get("failed") and res["converged"] is False and "not deployed" in res["msg"]
    assert res["_sleeps"] == 0


@pytest.mark.parametrize("option,value", [("timeout", 0), ("poll_interval", 0), ("failure_threshold", 0)])
def test_invalid_numbers_are_named(run, mixed, option, value):
    res = run({option: value}, [mixed])
    assert res["failed"] and res["msg"].startswith("%s=%s" % (option, value)) and "is not allowed" in res["msg"]


def removed(data, tasks_state=None, networks=()):
    data = copy.deepcopy(data)
    data["services"] = []
    if tasks_state is None:
        data["tasks"] = []
    else:
        for task in data["tasks"]:
            task["Status"]["State"] = tasks_state
    data["networks"] = [{"Name": n, "Id": n, "Scope": "swarm"} for n in networks]
    return data


def test_absent_waits_until_tasks_and_networks_are_gone(run, mixed):
    snaps = [mixed, removed(mixed, "running", ["fx_default"]), removed(mixed, "shutdown", ["fx_default"]),
             removed(mixed, "shutdown")]
    res = run({"state": "absent", "poll_interval": 1}, snaps)
    assert not res.get("failed") and res["converged"] and res["_polls"] == 4
    assert res["remaining"] == {"services": [], "tasks": [], "networks": []}


def test_absent_ignores_other_stacks_tasks(run, mixed):
    other = removed(mixed, "running")
    for task in other["tasks"]:
        task["Spec"]["ContainerSpec"]["Labels"]["com.docker.stack.namespace"] = "other"
    res = run({"state": "absent"}, [other])
    assert res["converged"] and res["_polls"] == 1


def test_absent_timeout_names_what_is_left(run, mixed):
    res = run({"state": "absent", "poll_interval": 5, "timeout": 10}, [removed(mixed, "running", ["fx_default"])])
    assert res["failed"] and "to be gone" in res["msg"]
    assert "networks: fx_default" in res["msg"] and "(running)" in res["msg"]
    assert res["remaining"]["networks"] == ["fx_default"]


def test_absent_check_mode_reports_once(run, mixed):
    res = run({"state": "absent", "_ansible_check_mode": True}, [mixed])
    assert not res.get("failed") and res["converged"] is False and res["_sleeps"] == 0
    assert "fx_good" in res["remaining"]["services"]


class AllClient(FakeClient):
    """Drained mode lists every service (no stack filter)."""

    def services(self, filters=None):
        self.calls += 1
        return self._snap()["services"]


@pytest.fixture
def run_all(run_module, monkeypatch, fake_clock):
    def _run(args, snapshots):
        monkeypatch.setattr(swarm_stack_wait, "time", fake_clock())
        client = AllClient(snapshots)
        monkeypatch.setattr(swarm_stack_wait, "api_client", lambda module: client)
        result = drive(run_module, dict({"state": "drained"}, **args))
        result["_polls"] = client.calls
        return result
    return _run


def good_hosts(data):
    """Hostnames of the nodes running a task of fx_good."""
    good = only(data, "fx_good")
    sid = good["services"][0]["ID"]
    ids = [t.get("NodeID") for t in good["tasks"] if t["ServiceID"] == sid and t["Status"]["State"] == "running"]
    return [n["Description"]["Hostname"] for n in good["nodes"] if n["ID"] in ids]


def drain(data, hostname, move_to=None):
    """Mark the node drained; optionally move its running tasks of fx_good to another node."""
    data = copy.deepcopy(only(data, "fx_good"))
    node = [n for n in data["nodes"] if n["Description"]["Hostname"] == hostname][0]
    node["Spec"]["Availability"] = "drain"
    target = [n for n in data["nodes"] if n["Description"]["Hostname"] == move_to][0] if move_to else None
    for task in data["tasks"]:
        if task.get("NodeID") == node["ID"] and target:
            task["NodeID"] = target["ID"]
    return data, node


def test_drained_waits_for_tasks_to_leave(run_all, mixed):
    hosts = good_hosts(mixed)
    busy = hosts[0]
    still, _node = drain(mixed, busy)
    moved, _node = drain(mixed, busy, move_to=[h for h in hosts if h != busy][0] if len(hosts) > 1 else busy)
    if len(hosts) == 1:
        pytest.skip("fixture has fx_good on a single node")
    res = run_all({"node": busy, "poll_interval": 1, "stable_seconds": 0}, [still, still, moved])
    assert not res.get("failed") and res["converged"] and res["_polls"] == 3
    assert res["remaining"] == {"tasks": []}


def test_drained_timeout_names_the_tasks(run_all, mixed):
    busy = good_hosts(mixed)[0]
    still, _node = drain(mixed, busy)
    res = run_all({"node": busy, "poll_interval": 5, "timeout": 10}, [still])
    assert res["failed"] and "waiting for node %s to be drained" % busy in res["msg"]
    assert "tasks still on the node" in res["msg"]


def test_drained_progress_keeps_what_it_waits_for(run_all, mixed):
    busy = good_hosts(mixed)[0]
    still, _node = drain(mixed, busy)
    silent = run_all({"node": busy, "poll_interval": 5, "timeout": 30, "progress_interval": 0}, [still])
    talking = run_all({"node": busy, "poll_interval": 5, "timeout": 30, "progress_interval": 10}, [still])
    assert talking["msg"] == silent["msg"] and talking["_polls"] == silent["_polls"]
    assert talking["_progress"] and "tasks still on the node" in talking["_progress"][0]


def test_drained_refuses_an_active_node(run_all, mixed):
    host = mixed["nodes"][0]["Description"]["Hostname"]
    res = run_all({"node": host}, [only(mixed, "fx_good")])
    assert res["failed"] and "is not drained (availability active)" in res["msg"]


def test_drained_unknown_node_lists_nodes(run_all, mixed):
    res = run_all({"node": "ghost-1"}, [mixed])
    assert res["failed"] and "Node ghost-1 is not in the swarm" in res["msg"]


def test_present_needs_a_name(run_module):
    res = run_module(swarm_stack_wait.main, {})
    assert res["failed"] and "name" in res["msg"]


LOST_LEADER = "rpc error: code = Unknown desc = raft: failed to process the request: node lost leader status"
NO_LEADER = ("The swarm does not have a leader. It's possible that too few managers are online. "
             "Make sure more than half of the managers are online.")


def api_error(explanation):
    return swarm_stack_wait.APIError("500 Server Error", explanation=explanation)


def test_leader_election_is_ridden_out(run, mixed):
    good = only(mixed, "fx_good", "fx_global", "fx_oneshot")
    res = run({"poll_interval": 1, "stable_seconds": 0}, [api_error(LOST_LEADER), api_error(NO_LEADER), good])
    assert not res.get("failed") and res["converged"] and res["_polls"] == 3


def test_no_leader_for_good_fails_after_leader_timeout(run, mixed):
    res = run({"poll_interval": 1, "leader_timeout": 5, "timeout": 300}, [api_error(NO_LEADER)])
    assert res["failed"] and NO_LEADER in res["msg"] and "(for 5.0s)" in res["msg"]
    assert res["_polls"] == 6 and res["converged"] is False


def test_other_api_errors_fail_at_once(run, mixed):
    res = run({"poll_interval": 1}, [api_error("node xyz not found"), mixed])
    assert res["failed"] and res["msg"] == "Docker API error while watching stack fx: node xyz not found"
    assert res["_polls"] == 1


def test_leader_timeout_zero_fails_on_the_first_error(run, mixed):
    res = run({"leader_timeout": 0}, [api_error(LOST_LEADER), mixed])
    assert res["failed"] and LOST_LEADER in res["msg"] and res["_polls"] == 1


def test_absent_rides_out_an_election_too(run, mixed):
    res = run({"state": "absent", "poll_interval": 1}, [api_error(NO_LEADER), removed(mixed)])
    assert not res.get("failed") and res["converged"] and res["_polls"] == 2
