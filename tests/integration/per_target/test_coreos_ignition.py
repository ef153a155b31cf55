# -*- coding: utf-8 -*-
"""playbooks/coreos_ignition.yml against inventories/coreos: one valid Ignition config per node.

Runs the real playbook (role swarmops.cluster.ignition, filter ignition_config) on the controller and
checks every file against the Ignition 3.3.0 schema and with ignition-validate.
"""
import json
import os
from urllib.parse import unquote

import yaml

import ignition_check
from playbook_run import ROOT, run_playbook

INVENTORY = os.path.join(ROOT, "inventories", "coreos")
KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOq0f0nVh1m3G4c8xT3XkE7bB1ZfN9uYk1xq3m6y0rXb ops@laptop"


def inventory_nodes():
    with open(os.path.join(INVENTORY, "hosts.yml")) as handle:
        data = yaml.safe_load(handle)
    nodes = {}
    for group in ("swarm_managers", "swarm_workers", "nfs_server"):
        nodes.update(data["all"]["children"][group]["hosts"])
    return nodes


def run_ignition_playbook(out, *extra):
    # inventories/coreos sets ansible_become: true for the nodes; a become on the controller would run
    # this "sudo" (as another user: a become to the same user is skipped) and fail.
    return run_playbook([os.path.join(ROOT, "playbooks", "coreos_ignition.yml"), "-i", INVENTORY,
                         "-e", "ignition_output_dir=%s" % out, "-e", "ansible_become_exe=/nonexistent/sudo", "-e", "ansible_become_user=nobody"]
                        + list(extra))


def text(entry):
    return unquote(entry["contents"]["source"][len("data:,"):])


def test_every_coreos_node_gets_a_valid_config(tmp_path):
    keys = json.dumps({"ignition_ssh_authorized_keys": [KEY], "ignition_validate": "always"})
    result = run_ignition_playbook(str(tmp_path), "-e", keys)
    assert result.returncode == 0, result.stdout + result.stderr
    nodes = inventory_nodes()
    assert sorted(os.listdir(str(tmp_path))) == sorted(name + ".ign" for name in nodes)
    for name, hostvars in nodes.items():
        with open(os.path.join(str(tmp_path), name + ".ign")) as handle:
            config = json.load(handle)
        ignition_check.check(config)
        files = dict((f["path"], f) for f in config["storage"]["files"])
        assert text(files["/etc/hostname"]) == name + "\n"
        assert config["passwd"]["users"] == [{"name": "core", "sshAuthorizedKeys": [KEY]}]
        keyfile = text(files["/etc/NetworkManager/system-connections/swarmops.nmconnection"])
        assert "address1=%s/24,192.168.1.1\n" % hostvars["ansible_host"] in keyfile
        window = hostvars["ignition_update_windows"][0]
        zincati = text(files["/etc/zincati/config.d/55-swarmops-updates-strategy.toml"])
        assert 'start_time = "%s"' % window["start_time"] in zincati
    # The two managers never share an update window (they would lose quorum rebooting together).
    managers = [nodes[n]["ignition_update_windows"] for n in nodes if "manager" in n]
    assert len(managers) == 2 and managers[0] != managers[1]
    # A second run changes nothing.
    again = run_ignition_playbook(str(tmp_path), "-e", keys)
    assert again.returncode == 0 and "changed=0" in again.stdout, again.stdout


def test_missing_key_fails_naming_it(tmp_path):
    result = run_ignition_playbook(str(tmp_path), "-e", '{"ignition_ssh_authorized_keys": []}')
    assert result.returncode != 0
    assert "at least one public key is needed" in result.stdout + result.stderr
    assert not os.listdir(str(tmp_path))
