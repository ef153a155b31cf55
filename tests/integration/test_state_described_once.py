# -*- coding: utf-8 -*-
"""Each role that skips its change tasks when one read (host_state) finds its state in place describes
that state once: every task of its change files that writes a file or a folder loops over the role's
managed-files list, and the read compares the same list (through the host_state_files filter). A task
added beside the list, or a read fed from another list, fails here: such a pair drifts apart and then
either skips a needed change or runs the change tasks on every re-run."""
import os
import re

import pytest
import yaml

from playbook_run import ROOT

WRITERS = {"ansible.builtin.copy", "ansible.builtin.template", "ansible.builtin.file", "ansible.builtin.lineinfile",
           "ansible.builtin.blockinfile", "copy", "template", "file", "lineinfile", "blockinfile"}

# role: (the task files that write its managed files, the list they loop over, the read's files variable)
ROLES = {
    "docker": (["configure.yml"], "_docker_config_files", "_docker_wanted_files"),
    "firewall": (["nftables.yml"], "_firewall_nft_files", "_firewall_nft_files | swarmops.cluster.host_state_files"),
    "nfs_server": (["install.yml", "ganesha.yml"], "_nfs_server_files", "_nfs_server_wanted_files"),
}


def tasks_of(items):
    for task in items or []:
        yield task
        for key in ("block", "rescue", "always"):
            for inner in tasks_of(task.get(key)):
                yield inner


def load(role, *parts):
    with open(os.path.join(ROOT, "roles", role, *parts)) as handle:
        return yaml.safe_load(handle)


@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_file_task_loops_over_the_managed_list(role):
    files, managed, _read = ROLES[role]
    writers = []
    for name in files:
        for task in tasks_of(load(role, "tasks", name)):
            module = next((key for key in task if key in WRITERS), None)
            if module:
                writers.append(task)
                assert managed in str(task.get("loop", "")), (
                    "%s/tasks/%s: task %r writes with %s outside %s" % (role, name, task.get("name"), module, managed))
    assert writers, "%s: no file task found in %s" % (role, files)


@pytest.mark.parametrize("role", sorted(ROLES))
def test_the_read_compares_the_same_list(role):
    _files, managed, read = ROLES[role]
    host_state = [task["swarmops.cluster.host_state"] for task in tasks_of(load(role, "tasks", "main.yml"))
                  if "swarmops.cluster.host_state" in task]
    assert len(host_state) == 1, "%s: one read expected" % role
    given = re.sub(r"^\{\{\s*|\s*\}\}$", "", host_state[0]["files"].strip())
    assert given == read, "%s: the read compares %r, not %r" % (role, given, read)
    if given != managed + " | swarmops.cluster.host_state_files":
        expression = load(role, "vars", "main.yml")[given]
        assert "(%s | swarmops.cluster.host_state_files)" % managed in expression, (
            "%s: %s is not made from %s" % (role, given, managed))
