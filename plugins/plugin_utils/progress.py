# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Long waits that say what they wait for, shared by the action plugins of the waiting modules.

Such a module returns every `progress_interval` seconds with in_progress=true, a line naming what is
not there yet (msg) and the state of its wait (`resume`). The action plugin prints the line on the
controller and calls the module again with that state, until it answers for good; the wait itself
is the same as without progress lines.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

display = Display()


def run_with_progress(action, module_name, task_vars):
    """Run `module_name` with the task's args through `action` (an ActionBase), printing its progress."""
    task = action._task
    if task.async_val:
        raise AnsibleActionFail("%s does not run with async; it reports its progress itself (progress_interval)"
                                % module_name.split(".")[-1])
    args = dict(task.args)
    if "resume" in args:
        raise AnsibleActionFail("resume is set by %s itself between two progress lines; remove it from the task"
                                % module_name.split(".")[-1])
    host = (task_vars or {}).get("inventory_hostname", "")
    where = "%s -> %s" % (host, task.delegate_to) if task.delegate_to else host
    while True:
        answer = action._execute_module(module_name=module_name, module_args=args, task_vars=task_vars)
        if not answer.get("in_progress") or answer.get("failed"):
            return answer
        display.display("[%s] %s" % (where, answer.get("msg", "still waiting")))
        args["resume"] = answer.get("resume") or {}


class ProgressAction(ActionBase):
    """The action plugin of a waiting module: set MODULE to the module's full name."""
    TRANSFERS_FILES = False
    MODULE = None

    def run(self, tmp=None, task_vars=None):
        result = super(ProgressAction, self).run(tmp, task_vars)
        result.update(run_with_progress(self, self.MODULE, task_vars))
        return result
