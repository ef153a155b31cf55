# -*- coding: utf-8 -*-
import pytest

from ansible_collections.swarmops.cluster.plugins.module_utils import docker_api


class FakeModule(object):
    def __init__(self):
        self.failed = None

    def fail_json(self, **kwargs):
        self.failed = kwargs
        raise SystemExit(1)


class FakeClient(object):
    def __init__(self, swarm):
        self._swarm = swarm

    def info(self):
        return {"Swarm": self._swarm}


def test_reachable_manager_addrs_leader_first_unreachable_dropped():
    nodes = [
        {"ManagerStatus": {"Addr": "10.0.0.3:2377", "Reachability": "reachable"}},
        {"ManagerStatus": {"Addr": "10.0.0.2:2377", "Reachability": "unreachable"}},
        {"ManagerStatus": {"Addr": "10.0.0.4:2377", "Reachability": "reachable", "Leader": True}},
        {"Spec": {"Role": "worker"}},
    ]
    assert docker_api.reachable_manager_addrs(nodes) == ["10.0.0.4:2377", "10.0.0.3:2377"]


def test_require_manager_rejects_worker():
    module = FakeModule()
    with pytest.raises(SystemExit):
        docker_api.require_manager(module, FakeClient({"LocalNodeState": "active", "ControlAvailable": False}))
    assert "not an active swarm manager" in module.failed["msg"]
    assert module.failed["local_node_state"] == "active"


def test_require_manager_rejects_inactive():
    module = FakeModule()
    with pytest.raises(SystemExit):
        docker_api.require_manager(module, FakeClient({}))
    assert module.failed["local_node_state"] == "inactive"


def test_require_manager_accepts_manager():
    swarm = {"LocalNodeState": "active", "ControlAvailable": True, "NodeID": "x"}
    assert docker_api.require_manager(FakeModule(), FakeClient(swarm)) == swarm


def test_argument_spec_keeps_shared_options():
    spec = docker_api.docker_argument_spec(rotate=dict(type="str"))
    assert set(spec) == {"docker_host", "api_timeout", "rotate"}
    assert "rotate" not in docker_api.DOCKER_ARGUMENT_SPEC
