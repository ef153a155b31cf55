# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: lab
short_description: Inventory of the swarmops Docker-in-Docker lab nodes
version_added: 0.1.0
description:
  - Generates the hosts of the local lab (systemd Docker-in-Docker containers on the local Docker
    engine) in the groups C(swarm_managers), C(swarm_workers) and optionally C(nfs_server), reached
    with the C(community.docker.docker) connection plugin.
  - The node counts can be changed without editing files, through the environment variables
    named below (C(make lab MANAGERS=5 WORKERS=15) sets them).
  - The same node names are created by C(playbooks/lab.yml) (role C(swarmops.cluster.lab)).
options:
  plugin:
    description: Token that ensures this is a source file for this plugin.
    required: true
    type: str
    choices: [swarmops.cluster.lab]
  managers:
    description: Number of manager nodes.
    type: int
    default: 3
    env:
      - name: SWARMOPS_LAB_MANAGERS
  workers:
    description: Number of worker nodes.
    type: int
    default: 2
    env:
      - name: SWARMOPS_LAB_WORKERS
  nfs_server:
    description: Add a separate node C(<prefix>-nfs) in the group C(nfs_server).
    type: bool
    default: false
    env:
      - name: SWARMOPS_LAB_NFS
  prefix:
    description: Prefix of the node (container) names, e.g. C(swarmops-manager-1).
    type: str
    default: swarmops
    env:
      - name: SWARMOPS_LAB_PREFIX
  lab_name:
    description:
      - Name of the lab; every container, volume and network of the lab carries the label
        C(io.swarmops.lab=<lab_name>) so that it can be found and removed exactly.
    type: str
    default: swarmops
    env:
      - name: SWARMOPS_LAB_NAME
"""

EXAMPLES = r"""
# inventories/lab/lab.swarmops.yml
plugin: swarmops.cluster.lab
managers: 3
workers: 2

# A 20-node lab without editing the file:
#   SWARMOPS_LAB_MANAGERS=3 SWARMOPS_LAB_WORKERS=17 ansible-playbook playbooks/lab.yml
"""

import re

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin

_PREFIX_RE = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")


def lab_node_names(prefix, managers, workers, nfs_server=False):
    """Return (managers, workers, nfs) node name lists for a lab of the given size."""
    mgrs = ["%s-manager-%d" % (prefix, i) for i in range(1, managers + 1)]
    wrks = ["%s-worker-%d" % (prefix, i) for i in range(1, workers + 1)]
    nfs = ["%s-nfs" % prefix] if nfs_server else []
    return mgrs, wrks, nfs


class InventoryModule(BaseInventoryPlugin):
    NAME = "swarmops.cluster.lab"

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith(
            ("lab.swarmops.yml", "lab.swarmops.yaml")
        )

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._read_config_data(path)
        managers = self.get_option("managers")
        workers = self.get_option("workers")
        prefix = self.get_option("prefix")
        if managers < 1:
            raise AnsibleParserError(
                "lab inventory: managers=%r, a swarm needs at least 1 manager (odd numbers: 1, 3, 5)" % managers
            )
        if workers < 0:
            raise AnsibleParserError("lab inventory: workers=%r, must be 0 or more" % workers)
        if not _PREFIX_RE.match(prefix):
            raise AnsibleParserError(
                "lab inventory: prefix=%r is not a valid container name prefix ([a-zA-Z0-9][a-zA-Z0-9_.-]*)" % prefix
            )
        mgrs, wrks, nfs = lab_node_names(prefix, managers, workers, self.get_option("nfs_server"))
        for group in ("swarm_managers", "swarm_workers", "nfs_server", "lab_nodes"):
            self.inventory.add_group(group)
        for group, names in (("swarm_managers", mgrs), ("swarm_workers", wrks), ("nfs_server", nfs)):
            for name in names:
                self.inventory.add_host(name, group=group)
                self.inventory.add_child("lab_nodes", name)
                self.inventory.set_variable(name, "ansible_connection", "community.docker.docker")
                self.inventory.set_variable(name, "ansible_host", name)
                self.inventory.set_variable(name, "ansible_python_interpreter", "/usr/bin/python3")
        self.inventory.set_variable("lab_nodes", "lab_name", self.get_option("lab_name"))
