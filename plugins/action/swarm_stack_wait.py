# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin of swarmops.cluster.swarm_stack_wait: long waits say what they wait for.

The module returns every `progress_interval` seconds with in_progress=true, a line naming what is not
converged yet, and the state of its wait (`resume`); this plugin prints the line on the controller and
calls the module again with that state, until it answers for good. The wait itself is unchanged.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

display = Display()


class ActionModule(ActionBase):
    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        if self._task.async_val:
            raise AnsibleActionFail("swarm_stack_wait does not run with async; it reports its progress itself "
                                    "(progress_interval)")
        args = dict(self._task.args)
        if "resume" in args:
            raise AnsibleActionFail("resume is set by swarm_stack_wait itself between two progress lines; "
                                    "remove it from the task")
        host = (task_vars or {}).get("inventory_hostname", "")
        delegated = self._task.delegate_to
        where = "%s -> %s" % (host, delegated) if delegated else host
        while True:
            answer = self._execute_module(module_name="swarmops.cluster.swarm_stack_wait", module_args=args,
                                          task_vars=task_vars)
            if not answer.get("in_progress") or answer.get("failed"):
                break
            display.display("[%s] %s" % (where, answer.get("msg", "still waiting")))
            args["resume"] = answer.get("resume") or {}
        result.update(answer)
        return result
