# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.swarmops.cluster.plugins.module_utils.host_state import HostStateError, files_to_compare


def host_state_files(managed):
    try:
        return files_to_compare(managed)
    except HostStateError as exc:
        raise AnsibleFilterError(str(exc))


class FilterModule(object):
    """A role's managed files as the host_state module compares them (logic in module_utils/host_state.py)."""

    def filters(self):
        return {"host_state_files": host_state_files}
