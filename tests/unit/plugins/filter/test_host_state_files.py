# -*- coding: utf-8 -*-
"""The host_state_files filter: the module_utils function, with Ansible's filter error."""
import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.swarmops.cluster.plugins.filter.host_state import FilterModule


def test_filter_is_registered_and_fails_as_a_filter():
    host_state_files = FilterModule().filters()["host_state_files"]
    assert host_state_files([{"path": "/etc/docker", "state": "directory"}]) == [{"path": "/etc/docker", "state": "directory"}]
    with pytest.raises(AnsibleFilterError, match="a managed file needs a path"):
        host_state_files([{"content": "x"}])
