# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: registry_address_problem
short_description: What is wrong with a registry address ('' when nothing)
version_added: 0.1.0
description:
  - Checks C(swarmops_registry_address) - host or host:port (letters, digits, dots and dashes, then a port
    from 1 to 65535) - before it is used as a registry name and as a folder under C(/etc/docker/certs.d).
  - Returns an empty string for a good address, else a sentence that names the value and what is allowed.
options:
  _input:
    description: The address.
    type: str
    required: true
  require_port:
    description: The address must have a port (the registry role publishes one).
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Refuse a bad registry address
  ansible.builtin.assert:
    that: swarmops_registry_address | swarmops.cluster.registry_address_problem | length == 0
    fail_msg: "{{ swarmops_registry_address | swarmops.cluster.registry_address_problem }}"
"""

RETURN = r"""
_value:
  description: Empty when the address is good, else why it is not.
  type: str
"""

from ansible_collections.swarmops.cluster.plugins.module_utils.checks import registry_address_problem, registry_tls_problem


class FilterModule(object):
    """Setting checks shared by roles and the preflight (logic in module_utils/checks.py)."""

    def filters(self):
        return {"registry_address_problem": registry_address_problem, "registry_tls_problem": registry_tls_problem}
