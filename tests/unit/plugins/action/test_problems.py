# -*- coding: utf-8 -*-
"""swarmops.cluster.problems: warnings shown as Ansible warnings, errors fail the task, nothing remote."""
import pytest
from ansible.errors import AnsibleActionFail
from ansible.playbook.task import Task

from ansible_collections.swarmops.cluster.plugins.action import problems


def run(args, monkeypatch):
    shown = []
    monkeypatch.setattr(problems.display, "warning", lambda msg, *a, **k: shown.append(msg))
    task = Task()
    task.args = args
    action = problems.ActionModule(task, connection=None, play_context=None, loader=None, templar=None,
                                   shared_loader_obj=None)
    monkeypatch.setattr(problems.ActionBase, "run", lambda self, tmp=None, task_vars=None: {})
    return action.run(task_vars={}), shown


def test_warnings_are_ansible_warnings_and_do_not_fail(monkeypatch):
    result, shown = run({"warnings": ["even managers", "", None], "context": "inventory"}, monkeypatch)
    assert shown == ["inventory: even managers"]
    assert not result.get("failed") and result["changed"] is False


def test_errors_fail_with_every_message(monkeypatch):
    result, shown = run({"errors": ["a bad", "", "b bad"], "warnings": "w"}, monkeypatch)
    assert result["failed"] and result["msg"] == "a bad | b bad" and shown == ["w"]


def test_unknown_option_is_refused(monkeypatch):
    with pytest.raises(AnsibleActionFail) as err:
        run({"error": ["typo"]}, monkeypatch)
    assert "unknown option(s) error" in str(err.value)
