# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError
from ansible_collections.swarmops.cluster.plugins.module_utils.selinux import SELinuxPathError, container_file_rules


def selinux_container_rules(paths, setype="container_file_t"):
    """Host bind-mount paths -> validated file-context rules (see module_utils/selinux.py)."""
    try:
        return container_file_rules(paths, setype)
    except SELinuxPathError as exc:
        raise AnsibleFilterError(str(exc))


class FilterModule(object):
    """SELinux filters of the docker role (logic in module_utils/selinux.py)."""

    def filters(self):
        return {"selinux_container_rules": selinux_container_rules}
