# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.swarmops.cluster.plugins.plugin_utils.filters import input_errors_as_filter_errors
from ansible_collections.swarmops.cluster.plugins.module_utils.nfs_exports import (
    ExportsError,
    export_warnings,
    ganesha_client,
)
from ansible_collections.swarmops.cluster.plugins.module_utils.nfs_shares import (
    client_mounts,
    client_view,
    compose_volumes,
    exports_or_default,
    plan_exports,
    server_unit,
)


def _wrap(func):
    return input_errors_as_filter_errors(func, ExportsError)


def host_addresses(hosts, hostvars):
    """Inventory hosts -> the address Ansible reaches each by (ansible_host, else the name)."""
    return [hostvars[h].get("ansible_host", h) if h in hostvars else h for h in hosts or []]


class FilterModule(object):
    """NFS filters shared by nfs_server, nfs_client and stacks (logic in module_utils/nfs_shares.py and nfs_exports.py)."""

    def filters(self):
        return {
            "nfs_exports_plan": _wrap(plan_exports),
            "nfs_compose_volumes": _wrap(compose_volumes),
            "nfs_export_warnings": export_warnings,
            "nfs_ganesha_client": _wrap(ganesha_client),
            "host_addresses": host_addresses,
            "nfs_exports": exports_or_default,
            "nfs_client_mounts": _wrap(client_mounts),
            "nfs_client_view": _wrap(client_view),
            "nfs_server_unit": _wrap(server_unit),
        }
