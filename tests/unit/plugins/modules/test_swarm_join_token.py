# -*- coding: utf-8 -*-
import pytest

from ansible_collections.swarmops.cluster.plugins.modules import swarm_join_token


@pytest.fixture
def run(run_module, monkeypatch):
    def _run(args, client):
        monkeypatch.setattr(swarm_join_token, "api_client", lambda module: client)
        return run_module(swarm_join_token.main, args)
    return _run


class FakeSwarmClient(object):
    def __init__(self, manager=True):
        self.manager = manager
        self.tokens = {"Worker": "SWMTKN-1-w-0", "Manager": "SWMTKN-1-m-0"}
        self.updates = []

    def info(self):
        return {"Swarm": {"LocalNodeState": "active", "ControlAvailable": self.manager}}

    def inspect_swarm(self):
        return {"ID": "cluster1", "Version": {"Index": 7}, "Spec": {"Name": "default"}, "JoinTokens": dict(self.tokens)}

    def update_swarm(self, version, swarm_spec, rotate_worker_token=False, rotate_manager_token=False):
        self.updates.append((version, rotate_worker_token, rotate_manager_token))
        if rotate_worker_token:
            self.tokens["Worker"] = "SWMTKN-1-w-1"
        if rotate_manager_token:
            self.tokens["Manager"] = "SWMTKN-1-m-1"

    def nodes(self, filters=None):
        assert filters == {"role": "manager"}
        return [{"ManagerStatus": {"Addr": "10.0.0.2:2377", "Reachability": "reachable", "Leader": True}}]


def test_returns_tokens_without_change(run):
    client = FakeSwarmClient()
    result = run({}, client)
    assert result["changed"] is False
    assert result["worker_token"] == "SWMTKN-1-w-0" and result["manager_token"] == "SWMTKN-1-m-0"
    assert result["manager_addrs"] == ["10.0.0.2:2377"] and result["cluster_id"] == "cluster1"
    assert client.updates == []


def test_rotate_worker(run):
    client = FakeSwarmClient()
    result = run({"rotate": "worker"}, client)
    assert result["changed"] is True and result["rotated"] == ["worker"]
    assert client.updates == [(7, True, False)]
    assert result["worker_token"] == "SWMTKN-1-w-1" and result["manager_token"] == "SWMTKN-1-m-0"


def test_rotate_both_check_mode_does_not_rotate(run):
    client = FakeSwarmClient()
    result = run({"rotate": "both", "_ansible_check_mode": True}, client)
    assert result["changed"] is True and result["rotated"] == ["worker", "manager"]
    assert client.updates == []
    assert result["worker_token"] == "SWMTKN-1-w-0"


def test_invalid_rotate_value_names_it(run):
    result = run({"rotate": "all"}, FakeSwarmClient())
    assert result["failed"] and "all" in result["msg"] and "worker" in result["msg"]


def test_refuses_on_worker(run):
    result = run({}, FakeSwarmClient(manager=False))
    assert result["failed"] and "not an active swarm manager" in result["msg"]
