# -*- coding: utf-8 -*-
"""The docker role's SELinux bind-mount labelling, run for real on this (SELinux-less) machine.

What can run here: the validation of docker_selinux_bind_paths inside a real play, and that a host
without SELinux is left alone. The labelling itself (sefcontext + restorecon) needs an SELinux
kernel and is only linted and syntax-checked (README: Fedora CoreOS row).
"""
import os
import re

import pytest

from playbook_run import run_local_play

PLAY = """
- hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Label bind-mount paths
      ansible.builtin.include_role:
        name: swarmops.cluster.docker
        tasks_from: selinux.yml
"""


def converge(tmp_path, paths):
    return run_local_play(tmp_path, PLAY, {"docker_selinux_bind_paths": [str(p) for p in paths]})


def test_system_path_fails_the_play_naming_it(tmp_path):
    proc = converge(tmp_path, [str(tmp_path / "data"), "/var/lib/"])
    assert proc.returncode != 0
    assert "'/var/lib/' is a system path" in proc.stdout


@pytest.mark.skipif(os.path.exists("/sys/fs/selinux/enforce"), reason="this host runs SELinux")
def test_without_selinux_nothing_is_touched(tmp_path):
    data = tmp_path / "app" / "data"
    proc = converge(tmp_path, [str(data)])
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    recap = re.search(r"localhost\s*:\s*ok=(\d+)\s+changed=(\d+).*skipped=(\d+)", proc.stdout)
    assert recap and recap.group(2) == "0", proc.stdout[-2000:]
    assert int(recap.group(3)) >= 1  # the labelling block was skipped, not absent
    assert not data.exists()
