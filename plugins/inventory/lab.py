# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: lab
short_description: Inventory of the swarmops lab nodes (containers or QEMU virtual machines)
version_added: 0.1.0
description:
  - Generates the hosts of the local lab in the groups C(swarm_managers), C(swarm_workers) and
    optionally C(nfs_server), all of them also in C(lab_nodes).
  - O(kind=container) (default) - systemd Docker-in-Docker containers on the local Docker engine,
    reached with the C(community.docker.docker) connection plugin.
  - O(kind=vm) - QEMU virtual machines with their own kernels, reached over SSH as an unprivileged
    user with a key made for the lab and host keys the lab recorded (host key checking stays on).
    Each VM has an address on the lab's private segment (192.168.66.0/24, a switch that exists only
    on this machine); SSH goes through a port forward on 127.0.0.1 (a C(ProxyCommand)), so the
    inventory names the VMs by their private addresses as a real network's inventory would.
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
    description:
      - Number of manager nodes. Default 3 for O(kind=container), 1 for O(kind=vm).
      - Set it here or in the environment, not both (this file wins over the environment).
    type: int
    env:
      - name: SWARMOPS_LAB_MANAGERS
  workers:
    description: Number of worker nodes.
    type: int
    default: 2
    env:
      - name: SWARMOPS_LAB_WORKERS
  nfs_server:
    description:
      - O(kind=container) - add a separate node C(<prefix>-nfs) in the group C(nfs_server).
      - O(kind=vm) - the first manager serves NFS too (it is also in C(nfs_server)), one VM less on
        a small machine.
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
  kind:
    description: What the nodes are.
    type: str
    default: container
    choices: [container, vm]
    env:
      - name: SWARMOPS_LAB_KIND
  vm_dir:
    description:
      - O(kind=vm) - folder of the VM labs; lab C(<lab_name>) keeps its disks, SSH key and
        C(known_hosts) in C(<vm_dir>/<lab_name>).
    type: path
    default: /var/tmp/swarmops-vm
    env:
      - name: SWARMOPS_LAB_VM_DIR
  vm_user:
    description: O(kind=vm) - the unprivileged user Ansible logs in as (passwordless sudo).
    type: str
    default: pi
  ssh_port_base:
    description:
      - O(kind=vm) - VM number N (managers first, from 1) forwards its SSH port to
        C(127.0.0.1:<ssh_port_base + N>). Two labs that run at the same time need different bases.
    type: int
    default: 2220
    env:
      - name: SWARMOPS_LAB_SSH_PORT_BASE
"""

EXAMPLES = r"""
# inventories/lab/lab.swarmops.yml
plugin: swarmops.cluster.lab
managers: 3
workers: 2

# A 20-node lab without editing the file (the file sets no size, so the environment decides):
#   SWARMOPS_LAB_MANAGERS=3 SWARMOPS_LAB_WORKERS=17 ansible-playbook playbooks/lab.yml

# inventories/vmlab/lab.swarmops.yml - QEMU virtual machines, 1 manager (also the NFS server) + 2 workers:
#   plugin: swarmops.cluster.lab
#   kind: vm
#   nfs_server: true
"""

import re

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin

_PREFIX_RE = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")


# The VM lab's private segment: VM number N is 192.168.66.<VM_ADDRESS_OFFSET + N>.
VM_NETWORK = "192.168.66"
VM_ADDRESS_OFFSET = 10


def lab_node_names(prefix, managers, workers, nfs_server=False, kind="container"):
    """Return (managers, workers, nfs) node name lists for a lab of the given size."""
    mgrs = ["%s-manager-%d" % (prefix, i) for i in range(1, managers + 1)]
    wrks = ["%s-worker-%d" % (prefix, i) for i in range(1, workers + 1)]
    if not nfs_server:
        nfs = []
    elif kind == "vm":
        nfs = mgrs[:1]
    else:
        nfs = ["%s-nfs" % prefix]
    return mgrs, wrks, nfs


def vm_host_vars(number, lab_dir, user, ssh_port_base):
    """Connection and lab variables of VM number `number` (from 1) of the lab kept in `lab_dir`."""
    address = "%s.%d" % (VM_NETWORK, VM_ADDRESS_OFFSET + number)
    port = ssh_port_base + number
    return {
        "ansible_host": address,
        "ansible_user": user,
        "ansible_ssh_private_key_file": "%s/id_ed25519" % lab_dir,
        # Through the VM's port forward on 127.0.0.1; its host key is checked against the key the lab
        # recorded under the VM's private address.
        "ansible_ssh_common_args": (
            "-o ProxyCommand='nc 127.0.0.1 %d' -o UserKnownHostsFile=%s/known_hosts -o StrictHostKeyChecking=yes"
            % (port, lab_dir)
        ),
        "ansible_python_interpreter": "/usr/bin/python3",
        # An emulated VM that has just booted can take more than the default 10 s to answer or to sudo.
        "ansible_ssh_timeout": 60,
        # The uplink NIC (QEMU user-mode networking) has the same address on every VM: the swarm
        # must advertise the private one.
        "swarm_advertise_addr": address,
        "lab_vm_number": number,
        "lab_vm_address": address,
        "lab_vm_ssh_port": port,
        "lab_vm_mac": "52:54:00:66:00:%02x" % (VM_ADDRESS_OFFSET + number),
    }


class InventoryModule(BaseInventoryPlugin):
    NAME = "swarmops.cluster.lab"

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith(
            ("lab.swarmops.yml", "lab.swarmops.yaml")
        )

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._read_config_data(path)
        kind = self.get_option("kind")
        managers = self.get_option("managers")
        if managers is None:
            managers = 1 if kind == "vm" else 3
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
        lab_name = self.get_option("lab_name")
        mgrs, wrks, nfs = lab_node_names(prefix, managers, workers, self.get_option("nfs_server"), kind)
        for group in ("swarm_managers", "swarm_workers", "nfs_server", "lab_nodes"):
            self.inventory.add_group(group)
        lab_dir = "%s/%s" % (self.get_option("vm_dir").rstrip("/"), lab_name)
        numbers = {}
        for group, names in (("swarm_managers", mgrs), ("swarm_workers", wrks), ("nfs_server", nfs)):
            for name in names:
                self.inventory.add_host(name, group=group)
                self.inventory.add_child("lab_nodes", name)
                if name in numbers:
                    continue
                numbers[name] = len(numbers) + 1
                if kind == "vm":
                    host_vars = vm_host_vars(numbers[name], lab_dir, self.get_option("vm_user"),
                                             self.get_option("ssh_port_base"))
                else:
                    host_vars = {
                        "ansible_connection": "community.docker.docker",
                        "ansible_host": name,
                        "ansible_python_interpreter": "/usr/bin/python3",
                    }
                for key, value in host_vars.items():
                    self.inventory.set_variable(name, key, value)
        self.inventory.set_variable("lab_nodes", "lab_name", lab_name)
        self.inventory.set_variable("lab_nodes", "lab_kind", kind)
        if kind == "vm":
            self.inventory.set_variable("lab_nodes", "lab_vm_dir", lab_dir)
