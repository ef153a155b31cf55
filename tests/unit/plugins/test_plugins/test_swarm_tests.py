# -*- coding: utf-8 -*-
"""The Jinja test swarm_election_error, as the roles' `until:` use it on registered results."""
import pytest

from ansible_collections.swarmops.cluster.plugins.test.swarm import TestModule as SwarmTests, swarm_election_error

LOST_LEADER = "rpc error: code = Unknown desc = raft: failed to process the request: node lost leader status"
NO_LEADER = ("The swarm does not have a leader. It's possible that too few managers are online. "
             "Make sure more than half of the managers are online.")


@pytest.mark.parametrize("result, expected", [
    ({"failed": True, "msg": "Can not update node: " + LOST_LEADER}, True),
    ({"failed": True, "msg": NO_LEADER}, True),
    ({"failed": False, "msg": NO_LEADER}, True),  # a task with failed_when: false
    ({"failed": True, "msg": "node ghost not found"}, False),  # a lasting error ends the retries
    ({"failed": True, "rc": 1, "msg": "non-zero return code", "stderr": "Error response from daemon: " + NO_LEADER}, True),
    ({"failed": True, "rc": 1, "msg": "non-zero return code", "stderr": "Error: invalid argument"}, False),
    ({"changed": True}, False),
    ({}, False),
    (None, False),
    ("not a result", False),
])
def test_election_errors_are_told_from_lasting_ones(result, expected):
    assert swarm_election_error(result) is expected


def test_the_test_is_registered_under_its_name():
    assert SwarmTests().tests() == {"swarm_election_error": swarm_election_error}
