# -*- coding: utf-8 -*-
"""swarm_health_wait: polls the node list until every expected node is Ready/Active and every manager
Reachable; progress lines name what is not yet; never fails on time, returns healthy=false."""
import json

import pytest

from ansible_collections.swarmops.cluster.plugins.modules import swarm_health_wait
from ansible_collections.swarmops.cluster.plugins.module_utils.docker_api import DockerException


def node(host, role="worker", state="ready", availability="active", reachability=None, leader=False, nid=None):
    data = {"ID": nid or "id-" + host, "Description": {"Hostname": host},
            "Spec": {"Role": role, "Availability": availability}, "Status": {"State": state, "Addr": "10.0.0.1"}}
    if role == "manager":
        data["ManagerStatus"] = {"Reachability": reachability or "reachable", "Leader": leader}
    return data


HEALTHY = [node("m1", "manager", leader=True), node("m2", "manager"), node("w1")]
W1_DOWN = [node("m1", "manager", leader=True), node("m2", "manager"), node("w1", state="down")]
M2_UNREACHABLE = [node("m1", "manager", leader=True), node("m2", "manager", state="unknown", reachability="unreachable"),
                  node("w1")]


class FakeClient(object):
    def __init__(self, snapshots):
        self.snapshots = snapshots
        self.calls = 0

    def nodes(self):
        snap = self.snapshots[min(self.calls, len(self.snapshots) - 1)]
        self.calls += 1
        if isinstance(snap, Exception):
            raise snap
        return snap


@pytest.fixture
def run(run_module, monkeypatch, fake_clock):
    def _run(args, snapshots):
        fake_time = fake_clock()
        monkeypatch.setattr(swarm_health_wait, "time", fake_time)
        client = FakeClient(snapshots)
        monkeypatch.setattr(swarm_health_wait, "api_client", lambda module: client)
        args = dict({"expected": ["m1", "m2", "w1"]}, **args)
        progress = []
        while True:  # as the action plugin does
            result = run_module(swarm_health_wait.main, args)
            if not result.get("in_progress"):
                break
            progress.append(result["msg"])
            args = dict(args, resume=json.loads(json.dumps(result["resume"])))
        result["_progress"], result["_polls"], result["_sleeps"] = progress, client.calls, fake_time.sleeps
        return result
    return _run


def test_healthy_at_once(run):
    res = run({}, [HEALTHY])
    assert res["healthy"] and res["problems"] == [] and res["_polls"] == 1 and res["changed"] is False


def test_waits_and_names_what_is_not_healthy_yet(run):
    res = run({"progress_interval": 5}, [W1_DOWN] * 7 + [M2_UNREACHABLE] * 6 + [HEALTHY])
    assert res["healthy"] and res["_polls"] == 14
    assert res["_progress"][0] == "not healthy yet (5s of 300s): w1: status down"
    assert "m2: manager unreachable" in res["_progress"][-1]


def test_time_up_returns_the_problems_without_failing(run):
    res = run({"timeout": 10, "progress_interval": 4}, [W1_DOWN])
    assert not res.get("failed") and res["healthy"] is False
    assert [p["hostname"] for p in res["problems"]] == ["w1"] and res["elapsed"] == 10
    assert len(res["_progress"]) == 2  # at 4 and 8 s, none at the end


def test_a_missing_node_is_named(run):
    res = run({"timeout": 0}, [HEALTHY[:2]])
    assert res["problems"][0]["hostname"] == "w1" and res["problems"][0]["problem"] == "not in the swarm"


def test_api_errors_are_not_healthy_yet(run):
    res = run({"progress_interval": 2}, [DockerException("no leader")] * 3 + [HEALTHY])
    assert res["healthy"] and res["_progress"][0].endswith("(swarm): no node list (no leader)")


def test_a_stale_down_entry_of_a_rejoined_host_does_not_count(run):
    res = run({}, [HEALTHY + [node("w1", state="down", nid="old-w1")]])
    assert res["healthy"]


def test_check_mode_looks_once(run):
    res = run({"_ansible_check_mode": True}, [W1_DOWN])
    assert res["healthy"] is False and res["_polls"] == 1 and res["_sleeps"] == 0


@pytest.mark.parametrize("option, value", [("timeout", -1), ("poll_interval", 0.05), ("progress_interval", -5)])
def test_bad_numbers_are_named(run, option, value):
    res = run({option: value}, [HEALTHY])
    assert res["failed"] and res["msg"].startswith("%s=%s is not allowed" % (option, value))


def test_empty_expected_is_refused(run):
    res = run({"expected": []}, [HEALTHY])
    assert res["failed"] and "expected is empty" in res["msg"]


def test_narrow_wait_for_one_node_back_from_maintenance(run):
    back = [node("m1", "manager", leader=True), node("m2", "manager", availability="drain", nid="n2"),
            node("m3", "manager", state="down", reachability="unreachable")]
    res = run({"expected": ["n2"], "match": "id", "availability": ["active", "drain"], "managers": "expected"}, [back])
    assert res["healthy"] is True and res["problems"] == []


def test_state_down_until_the_node_is_seen_down(run):
    up = [node("m1", "manager", leader=True), node("w1", nid="n1")]
    down = [node("m1", "manager", leader=True), node("w1", state="down", nid="n1")]
    res = run({"expected": ["n1"], "match": "id", "state": "down", "timeout": 60}, [up, up, down])
    assert res["healthy"] is True and res["_polls"] == 3


@pytest.mark.parametrize("args, named", [
    ({"availability": ["active", "sleeping"]}, "sleeping"),
    ({"managers": "some"}, "some"),
    ({"state": "gone"}, "gone"),
    ({"match": "name"}, "name"),
])
def test_bad_choices_are_refused_naming_the_value(run_module, args, named):
    res = run_module(swarm_health_wait.main, dict({"expected": ["m1"]}, **args))
    assert res["failed"] is True and named in res["msg"]


def test_fail_on_timeout_names_what_is_left(run):
    up = [node("m1", "manager", leader=True), node("w1", nid="n1")]
    res = run({"expected": ["n1"], "match": "id", "state": "down", "timeout": 3, "fail_on_timeout": True}, [up])
    assert res["failed"] is True and res["healthy"] is False
    assert res["msg"] == "not as wanted after 3s: w1: status ready, not down yet"
