# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: ignition_config
short_description: Ignition config (Fedora CoreOS first boot) of one swarm node
version_added: 0.1.0
author: swarmops.cluster contributors
description:
  - Builds the Ignition config (spec 3.3.0) of a node as a dict - SSH user and keys, /etc/hostname,
    optional static IPv4 address (NetworkManager keyfile), docker.service enabled, optional Zincati
    periodic update windows. Serialize it with P(ansible.builtin.to_json#filter).
  - Fails with a message naming the bad value (host name, key, address, window).
options:
  _input:
    description: Host name of the node (written to /etc/hostname).
    type: str
    required: true
  ssh_authorized_keys:
    description: Public SSH keys of O(user) (a list, or the text of an authorized_keys file).
    type: raw
    required: true
  user:
    description: User that Ansible connects as; C(core) exists on FCOS, any other is created in group C(sudo).
    type: str
    default: core
  network:
    description:
      - Static IPv4 settings - C(address) (CIDR, required), C(gateway), C(dns) (list), C(interface)
        (omit to match any ethernet device), C(id) (connection name). Omit for DHCP.
    type: dict
  update_windows:
    description:
      - Zincati periodic update windows, each with C(days) (Mon..Sun), C(start_time) (HH:MM, UTC) and
        C(length_minutes). Omit to keep Zincati's default (immediate) strategy.
    type: list
    elements: dict
  enable_docker:
    description: Enable docker.service (moby-engine) at first boot.
    type: bool
    default: true
"""

EXAMPLES = r"""
- name: Write the node's Ignition config on the controller
  ansible.builtin.copy:
    content: "{{ inventory_hostname | swarmops.cluster.ignition_config(ssh_keys, network={'address': ansible_host ~ '/24'}) | to_nice_json }}"
    dest: "ignition/{{ inventory_hostname }}.ign"
    mode: "0644"
  delegate_to: localhost
"""

RETURN = r"""
_value:
  description: The Ignition config, spec version 3.3.0.
  type: dict
"""

from ansible.errors import AnsibleFilterError
from ansible_collections.swarmops.cluster.plugins.module_utils.ignition import IgnitionError, build_config


def ignition_config(hostname, ssh_authorized_keys=None, user="core", network=None, update_windows=None,
                    enable_docker=True):
    try:
        return build_config(hostname, ssh_authorized_keys, user=user, network=network,
                            update_windows=update_windows, enable_docker=enable_docker)
    except IgnitionError as exc:
        raise AnsibleFilterError(str(exc))


class FilterModule(object):
    """Ignition filters (logic in module_utils/ignition.py)."""

    def filters(self):
        return {"ignition_config": ignition_config}
