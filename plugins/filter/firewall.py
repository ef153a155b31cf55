# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.swarmops.cluster.plugins.plugin_utils.filters import input_errors_as_filter_errors
from ansible_collections.swarmops.cluster.plugins.module_utils.firewall import (
    FirewallError,
    firewalld_plan,
    listed_addresses,
    member_addresses,
    nfs_sources,
    nft_ruleset,
    plan,
)

MEMBER_KEYS = ("swarm_node_addr", "swarm_advertise_addr", "ansible_host", "swarm_data_path_addr")


def firewall_members(hosts, hostvars, nodes=None):
    """Inventory hosts -> member_addresses() of their variables and of the swarm's node list `nodes`
    (the swarm's hostnames are the inventory names; see module_utils/firewall.py)."""
    listed = listed_addresses(nodes)
    data = {}
    for host in hosts or []:
        variables = hostvars[host] if host in hostvars else {}
        data[host] = dict((key, variables.get(key)) for key in MEMBER_KEYS)
        data[host]["swarm_listed_addr"] = listed.get(host)
    return member_addresses(data)


def _wrap(func):
    return input_errors_as_filter_errors(func, FirewallError)


class FilterModule(object):
    """Firewall filters of the firewall role (logic in module_utils/firewall.py)."""

    def filters(self):
        return {
            "firewall_plan": _wrap(plan),
            "firewall_nft_ruleset": _wrap(nft_ruleset),
            "firewall_firewalld_plan": _wrap(firewalld_plan),
            "firewall_members": firewall_members,
            "firewall_nfs_sources": nfs_sources,
        }
