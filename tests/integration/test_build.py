# -*- coding: utf-8 -*-
"""The Galaxy package as a user gets it: built with `ansible-galaxy collection build`, it holds no
developer or secret-bearing files, installs into an empty fleet directory (no project ansible.cfg),
and a fleet playbook using our roles, modules and playbooks by FQCN parses and lists its tasks."""
import os
import subprocess
import sys
import tarfile

import pytest

from playbook_run import ROOT

BIN = os.path.dirname(sys.executable)
FORBIDDEN_PREFIXES = ("tests/", "molecule/", "scripts/", "bench/", ".ci/", ".git", ".venv/", ".cache/", ".tmp/",
                      "collections/", ".ansible/", ".config/", ".pytest_cache/", "inventories/coreos/ignition/")
FORBIDDEN_NAMES = ("Makefile", "DEVELOPERS.md", ".ansible-lint", ".yamllint")
FLEET_PLAYBOOK = """
- name: A fleet's own play using the collection's roles and modules by name
  hosts: swarm_managers:swarm_workers
  gather_facts: false
  roles:
    - role: swarmops.cluster.preflight
    - role: swarmops.cluster.docker
    - role: swarmops.cluster.firewall
    - role: swarmops.cluster.swarm
  tasks:
    - name: Wait for a stack
      swarmops.cluster.swarm_stack_wait:
        name: web
      run_once: true

- name: And the collection's own playbook
  ansible.builtin.import_playbook: swarmops.cluster.site
"""
INVENTORY = """
swarm_managers:
  hosts:
    m1: {ansible_host: 192.0.2.10}
swarm_workers:
  hosts:
    w1: {ansible_host: 192.0.2.11}
"""


def sh(args, cwd, env):
    return subprocess.run(args, cwd=str(cwd), env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    proc = subprocess.run([os.path.join(BIN, "ansible-galaxy"), "collection", "build", "--output-path", str(out), ROOT],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    tarballs = [p for p in out.iterdir() if p.name.endswith(".tar.gz")]
    assert len(tarballs) == 1
    return tarballs[0]


def test_tarball_holds_no_developer_or_secret_bearing_files(built):
    with tarfile.open(str(built)) as tar:
        names = tar.getnames()
    bad = [n for n in names if n.startswith(FORBIDDEN_PREFIXES) or os.path.basename(n) in FORBIDDEN_NAMES
           or n.endswith((".ign", ".pyc", ".tar.gz"))]
    assert bad == []
    for wanted in ("LICENSE", "README.md", "MANIFEST.json", "plugins/modules/swarm_join_token.py",
                   "roles/swarm/meta/argument_specs.yml", "playbooks/site.yml"):
        assert wanted in names


def test_installs_into_an_empty_fleet_directory_and_plays_parse(built, tmp_path):
    fleet = tmp_path / "fleet"
    fleet.mkdir()
    (fleet / "ansible.cfg").write_text("[defaults]\ncollections_path = ./collections:%s\n" % (tmp_path / "deps"))
    # The dependencies (community.docker, ansible.posix, community.general) as make setup installed
    # them, without this checkout's own swarmops.cluster link.
    deps = tmp_path / "deps" / "ansible_collections"
    deps.mkdir(parents=True)
    for namespace in ("community", "ansible"):
        os.symlink(os.path.join(ROOT, "collections", "ansible_collections", namespace), str(deps / namespace))
    env = dict(os.environ, ANSIBLE_CONFIG=str(fleet / "ansible.cfg"), PATH=BIN + os.pathsep + os.environ.get("PATH", ""))
    env.pop("ANSIBLE_COLLECTIONS_PATH", None)
    proc = sh([os.path.join(BIN, "ansible-galaxy"), "collection", "install", "--no-deps", "--offline",
               "-p", "collections", str(built)], fleet, env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (fleet / "collections" / "ansible_collections" / "swarmops" / "cluster" / "MANIFEST.json").is_file()
    (fleet / "site.yml").write_text(FLEET_PLAYBOOK)
    (fleet / "hosts.yml").write_text(INVENTORY)
    for extra in (["--syntax-check"], ["--list-tasks"]):
        proc = sh([os.path.join(BIN, "ansible-playbook"), "-i", "hosts.yml", "site.yml"] + extra, fleet, env)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "swarmops.cluster.swarm : Join the nodes that are not in the swarm" in proc.stdout
    assert "swarmops.cluster.firewall" in proc.stdout
    proc = sh([os.path.join(BIN, "ansible-playbook"), "-i", "hosts.yml", "swarmops.cluster.site", "--syntax-check"],
              fleet, env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
