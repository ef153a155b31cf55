# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.swarmops.cluster.plugins.module_utils.cluster_groups import resolve as cluster_groups
from ansible_collections.swarmops.cluster.plugins.module_utils.swarm import (
    backup_source,
    carried_labels,
    cert_expiry_ns,
    hint,
    local_state,
    maintenance_quorum,
    manager_quorum,
    node_index,
    node_spec_matches,
    raft_problems,
    stale_nodes,
    swarm_nodes,
    topology_report,
    view,
)


def _cert_expiry_ns(value):
    try:
        return cert_expiry_ns(value)
    except ValueError as exc:
        raise AnsibleFilterError(str(exc))


def _swarm_nodes(groups, managers_group="swarm_managers", workers_group="swarm_workers", *extra_groups):
    try:
        return swarm_nodes(groups, managers_group, workers_group, extra_groups)
    except ValueError as exc:
        raise AnsibleFilterError(str(exc))


class FilterModule(object):
    """Swarm planning filters (logic in module_utils/swarm.py)."""

    def filters(self):
        return {
            "swarm_view": view,
            "swarm_maintenance_quorum": maintenance_quorum,
            "swarm_local_state": local_state,
            "swarm_nodes": _swarm_nodes,
            "swarm_hint": hint,
            "swarm_node_index": node_index,
            "swarm_node_spec_matches": node_spec_matches,
            "swarm_stale_nodes": stale_nodes,
            "swarm_carried_labels": carried_labels,
            "swarm_manager_quorum": manager_quorum,
            "swarm_topology": topology_report,
            "swarm_raft_problems": raft_problems,
            "swarm_backup_source": backup_source,
            "swarm_cert_expiry_ns": _cert_expiry_ns,
            "swarm_cluster_groups": cluster_groups,
        }
