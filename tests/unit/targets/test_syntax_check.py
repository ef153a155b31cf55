# -*- coding: utf-8 -*-
"""`ansible-playbook --syntax-check` of each target's entry points against that target's inventory
(the machines cannot be booted here; the playbooks, roles and inventories must still parse)."""
import os

import pytest

from playbook_run import ROOT, run_playbook


@pytest.mark.parametrize("inventory, playbooks", [
    ("inventories/rpi", ["playbooks/rpi.yml"]),
    ("inventories/coreos", ["playbooks/coreos_ignition.yml", "playbooks/coreos.yml"]),
    ("inventories/virtualbox/hosts.yml", ["playbooks/virtualbox.yml", "playbooks/healthy.yml"]),
])
def test_target_playbooks_pass_syntax_check(inventory, playbooks):
    result = run_playbook(["--syntax-check", "-i", os.path.join(ROOT, inventory)]
                          + [os.path.join(ROOT, p) for p in playbooks])
    assert result.returncode == 0, result.stdout + result.stderr
    for playbook in playbooks:
        assert "playbook: %s" % os.path.join(ROOT, playbook) in result.stdout


def test_syntax_check_can_fail(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("- hosts: all\n  tasks:\n    - ansible.builtin.debug: {msg: x}\n      bogus_keyword: 1\n")
    result = run_playbook(["--syntax-check", "-i", "localhost,", str(broken)])
    assert result.returncode != 0
