# -*- coding: utf-8 -*-
"""The waiting modules' action plugin (plugin_utils/progress.py, here swarm_stack_wait's): prints the module's progress lines and calls it
again with the state it handed over, until it answers for good."""
import pytest
from ansible.errors import AnsibleActionFail
from ansible.playbook.task import Task

from ansible_collections.swarmops.cluster.plugins.action import swarm_stack_wait
from ansible_collections.swarmops.cluster.plugins.plugin_utils import progress


def run(args, answers, monkeypatch, delegate_to=None):
    shown, calls = [], []
    monkeypatch.setattr(progress.display, "display", lambda msg, *a, **k: shown.append(msg))
    task = Task()
    task.args = args
    task.delegate_to = delegate_to
    action = swarm_stack_wait.ActionModule(task, connection=None, play_context=None, loader=None, templar=None,
                                           shared_loader_obj=None)
    monkeypatch.setattr(progress.ActionBase, "run", lambda self, tmp=None, task_vars=None: {})

    def execute(module_name=None, module_args=None, task_vars=None, **kwargs):
        calls.append((module_name, dict(module_args)))
        return dict(answers[len(calls) - 1])

    monkeypatch.setattr(action, "_execute_module", execute)
    return action.run(task_vars={"inventory_hostname": "m1"}), shown, calls


def test_progress_is_printed_and_the_wait_resumed(monkeypatch):
    answers = [
        {"in_progress": True, "msg": "still waiting for stack web (30s of 300s): web_api: 1/3 running",
         "resume": {"start": 1.0, "affected": []}},
        {"in_progress": True, "msg": "still waiting for stack web (60s of 300s): web_api: 2/3 running",
         "resume": {"start": 1.0, "stable_since": None}},
        {"changed": False, "converged": True, "services": {}},
    ]
    result, shown, calls = run({"name": "web"}, answers, monkeypatch, delegate_to="m2")
    assert shown == ["[m1 -> m2] still waiting for stack web (30s of 300s): web_api: 1/3 running",
                     "[m1 -> m2] still waiting for stack web (60s of 300s): web_api: 2/3 running"]
    assert [c[0] for c in calls] == ["swarmops.cluster.swarm_stack_wait"] * 3
    assert "resume" not in calls[0][1] and calls[1][1]["resume"] == {"start": 1.0, "affected": []}
    assert calls[2][1]["resume"] == {"start": 1.0, "stable_since": None} and calls[2][1]["name"] == "web"
    assert result["converged"] and "in_progress" not in result and "resume" not in result


def test_a_failure_ends_the_wait_with_its_message(monkeypatch):
    answers = [{"failed": True, "msg": "Stack web did not converge: web_api 3 failed task(s)", "converged": False}]
    result, shown, calls = run({"name": "web"}, answers, monkeypatch)
    assert result["failed"] and result["msg"].startswith("Stack web did not converge") and shown == []
    assert len(calls) == 1


def test_resume_from_the_task_is_refused(monkeypatch):
    with pytest.raises(AnsibleActionFail) as err:
        run({"name": "web", "resume": {"start": 0}}, [], monkeypatch)
    assert "resume is set by swarm_stack_wait itself" in str(err.value)
