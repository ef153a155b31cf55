# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin of swarmops.cluster.problems: runs on the controller only (no remote call)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleActionFail
from ansible.module_utils.six import string_types
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

display = Display()


def _messages(value, name):
    if value is None:
        return []
    if isinstance(value, string_types):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise AnsibleActionFail("%s must be a list of messages, got %s" % (name, type(value).__name__))
    return [str(item) for item in value if item is not None and str(item).strip()]


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(("errors", "warnings", "context"))

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        unknown = sorted(set(self._task.args) - self._VALID_ARGS)
        if unknown:
            raise AnsibleActionFail("unknown option(s) %s; allowed: %s"
                                    % (", ".join(unknown), ", ".join(sorted(self._VALID_ARGS))))
        errors = _messages(self._task.args.get("errors"), "errors")
        warnings = _messages(self._task.args.get("warnings"), "warnings")
        context = str(self._task.args.get("context") or "").strip()
        prefix = context + ": " if context else ""
        for warning in warnings:
            display.warning(prefix + warning)
        result.update(changed=False, errors=errors, warnings_shown=warnings)
        if errors:
            result.update(failed=True, msg=prefix + " | ".join(errors))
        else:
            result["msg"] = prefix + ("%d warning(s)" % len(warnings) if warnings else "no problem")
        return result
