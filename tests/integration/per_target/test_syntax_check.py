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


@pytest.mark.parametrize("tag, present, absent", [
    ("swarm", "swarmops.cluster.swarm : Join the nodes that are not in the swarm", "Install Docker Engine (distro)"),
    ("docker", "swarmops.cluster.docker : Read the engine's files, packages, service and docker group members in one call", "swarmops.cluster.swarm : Join"),
    ("firewall", "swarmops.cluster.firewall : Read the ruleset (written and loaded), its unit and the firewall services"
                 " in one call", "swarmops.cluster.swarm : Join"),
    ("nfs", "swarmops.cluster.nfs_client : Check the client settings", "swarmops.cluster.docker : Install"),
])
def test_site_tags_select_one_part_and_always_keep_the_preflight(tag, present, absent):
    result = run_playbook(["--list-tasks", "--tags", tag, "-i", os.path.join(ROOT, "inventories/rpi"),
                           os.path.join(ROOT, "playbooks/site.yml")])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "swarmops.cluster.preflight : Check the inventory's swarm topology" in result.stdout
    assert present in result.stdout and absent not in result.stdout
