# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError
from ansible_collections.swarmops.cluster.plugins.module_utils.stack import StackPlanError, plan_stacks


def stack_plan(stack_list, stack_dir, defaults=None, shared_networks=None, nfs_volumes=None):
    """Validated, normalised plan of the stack role's stack_list (see module_utils/stack.py)."""
    try:
        return plan_stacks(stack_list, stack_dir, defaults, shared_networks, nfs_volumes)
    except StackPlanError as exc:
        raise AnsibleFilterError(str(exc))


class FilterModule(object):
    """Stack role filters (logic in module_utils/stack.py)."""

    def filters(self):
        return {"stack_plan": stack_plan}
