# -*- coding: utf-8 -*-
"""The Galaxy package as a user gets it: built with `ansible-galaxy collection build`, it holds no
developer or secret-bearing files, installs into an empty fleet directory (no project ansible.cfg),
and a fleet playbook using our roles, modules and playbooks by FQCN parses and lists its tasks."""
import os
import re
import shutil
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
    # The roles' tags reach a fleet's own play that imports them (--tags docker runs the docker role).
    proc = sh([os.path.join(BIN, "ansible-playbook"), "-i", "hosts.yml", "site.yml", "--list-tags"], fleet, env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    first_play = proc.stdout.split("play #2")[0]
    for tag in ("preflight", "docker", "firewall", "swarm"):
        assert re.search(r"TASK TAGS: \[[^]]*\b%s\b" % tag, first_play), first_play
    proc = sh([os.path.join(BIN, "ansible-playbook"), "-i", "hosts.yml", "swarmops.cluster.site", "--syntax-check"],
              fleet, env)
    assert proc.returncode == 0, proc.stdout + proc.stderr


LEFTOVERS = {
    "inventories/virtualbox/.vagrant/machines/manager-1/virtualbox/private_key": "-----BEGIN OPENSSH PRIVATE KEY-----\n",
    "inventories/rpi/group_vars/vault.yml": "vault_registry_password: hunter2\n",
    "inventories/rpi/group_vars/all/vault.yml": "vault_registry_password: hunter2\n",
    "inventories/rpi/host_vars/manager-1.yml": "ansible_password: hunter2\n",
    ".env": "TOKEN=hunter2\n",
    ".vault_pass": "hunter2\n",
    "id_rsa": "-----BEGIN RSA PRIVATE KEY-----\n",
    "inventories/rpi/id_ed25519": "-----BEGIN OPENSSH PRIVATE KEY-----\n",
    "inventories/rpi/registry.pem": "-----BEGIN PRIVATE KEY-----\n",
    ".idea/workspace.xml": "<project/>\n",
    ".vscode/settings.json": "{}\n",
    "roles/swarm/tasks/.main.yml.swp": "x",
    "README.md~": "x",
}


def _plant(repo):
    for path, text in LEFTOVERS.items():
        target = repo / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)


def test_leftovers_in_a_checkout_never_ship(tmp_path):
    repo = tmp_path / "repo"
    proc = subprocess.run(["git", "clone", "-q", ROOT, str(repo)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    _plant(repo)
    # This checkout's build script (it may not be committed yet while it is being worked on).
    shutil.copy(os.path.join(ROOT, "scripts", "build.sh"), str(repo / "scripts" / "build.sh"))
    hosts = repo / "inventories" / "rpi" / "hosts.yml"
    original = hosts.read_text()
    hosts.write_text(original + "# my fleet: 10.20.30.40\n")
    env = dict(os.environ, PATH=BIN + os.pathsep + os.environ.get("PATH", ""))
    # make build: only what git holds ships (the edited example inventory ships as committed).
    proc = subprocess.run(["scripts/build.sh", str(tmp_path / "out")], cwd=str(repo), capture_output=True, text=True,
                          env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with tarfile.open(proc.stdout.strip()) as tar:
        names = tar.getnames()
        shipped_hosts = tar.extractfile("inventories/rpi/hosts.yml").read().decode()
    assert [n for n in names if n in LEFTOVERS or n.startswith(tuple(p.split("/machines")[0] for p in LEFTOVERS))] == []
    assert shipped_hosts == original
    assert "roles/swarm/tasks/main.yml" in names
    # A build straight from the folder (ansible-galaxy collection build .): galaxy.yml's build_ignore keeps
    # the secrets out too (an edited tracked file cannot be told apart there: hence scripts/build.sh).
    out = tmp_path / "direct"
    proc = subprocess.run([os.path.join(BIN, "ansible-galaxy"), "collection", "build", "--output-path", str(out), str(repo)],
                          capture_output=True, text=True, cwd=str(repo))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with tarfile.open(str(next(out.iterdir()))) as tar:
        names = tar.getnames()
    assert [n for n in names if n in LEFTOVERS or ".vagrant" in n or n.startswith((".idea", ".vscode"))] == []


def test_execution_environment_needs_only_bcrypt_on_the_controller(built, tmp_path):
    import yaml
    collections = tmp_path / "ansible_collections" / "swarmops" / "cluster"
    collections.mkdir(parents=True)
    builder = os.path.join(BIN, "ansible-builder")
    if not os.path.exists(builder):
        pytest.skip("ansible-builder is in the project venv only (make setup)")
    with tarfile.open(str(built)) as tar:
        tar.extractall(str(collections), **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    proc = subprocess.run([builder, "introspect", "--sanitize", str(tmp_path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    found = yaml.safe_load(proc.stdout.split("---", 1)[1])
    assert [line.split("#")[0].strip() for line in found["python"]] == ["bcrypt>=4"]
    assert sorted(line.split("#")[0].strip() for line in found["system"]) == [
        "openssh-client [platform:dpkg]", "openssh-clients [platform:rpm]"]


def test_readme_is_short_and_no_shipped_page_links_to_a_file_the_package_lacks(built):
    import re
    import posixpath
    with tarfile.open(str(built)) as tar:
        names = set(tar.getnames())
        pages = dict((n, tar.extractfile(n).read().decode()) for n in names if n.endswith(".md"))
    assert len(pages["README.md"].encode()) <= 10240
    folders = set(posixpath.dirname(n) for n in names)
    missing = []
    for page, text in pages.items():
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
            if re.match(r"^[a-z]+:", target):
                continue
            path = posixpath.normpath(posixpath.join(posixpath.dirname(page), target))
            if path not in names and path not in folders:
                missing.append("%s -> %s" % (page, target))
    assert missing == []
