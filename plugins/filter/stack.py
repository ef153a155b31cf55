# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.swarmops.cluster.plugins.plugin_utils.filters import input_errors_as_filter_errors
from ansible_collections.swarmops.cluster.plugins.module_utils.stack import StackPlanError, plan_stacks, versioned_compose


# Validated, normalised plan of the stack role's stack_list (see module_utils/stack.py).
stack_plan = input_errors_as_filter_errors(plan_stacks, StackPlanError)


class FilterModule(object):
    """Stack role filters (logic in module_utils/stack.py)."""

    def filters(self):
        return {"stack_plan": stack_plan, "stack_versioned_compose": versioned_compose}
