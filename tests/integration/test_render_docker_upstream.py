# -*- coding: utf-8 -*-
"""The docker role's `upstream` method, rendered for several platforms (no install is possible here)."""
import hashlib
import json
import os
import sys

import pytest

from playbook_run import ROOT, run_playbook


PLATFORMS = {
    "debian-amd64": dict(os_family="Debian", distribution="Debian", distribution_release="bookworm", architecture="x86_64"),
    "rpi-arm64": dict(os_family="Debian", distribution="Debian", distribution_release="bookworm", architecture="aarch64"),
    "rpi-armhf": dict(os_family="Debian", distribution="Debian", distribution_release="bookworm", architecture="armv7l"),
    "ubuntu-amd64": dict(os_family="Debian", distribution="Ubuntu", distribution_release="noble", architecture="x86_64"),
}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("render")
    playbook = os.path.join(ROOT, "tests", "render", "docker_upstream.yml")
    proc = run_playbook(["-i", ",".join(PLATFORMS) + ",", "-e", "ansible_python_interpreter=" + sys.executable, playbook],
                        extra_env={"RENDER_DIR": str(out), "RENDER_PLATFORMS": json.dumps(PLATFORMS)})
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return out


def read(rendered, name):
    text = (rendered / (name + ".sources")).read_text()
    fields = dict(line.split(": ", 1) for line in text.splitlines() if line and not line.startswith("#"))
    return fields, json.loads((rendered / (name + ".json")).read_text())


def test_debian_amd64(rendered):
    fields, extra = read(rendered, "debian-amd64")
    assert fields == {
        "Types": "deb",
        "URIs": "https://download.docker.com/linux/debian",
        "Suites": "bookworm",
        "Components": "stable",
        "Architectures": "amd64",
        "Signed-By": "/etc/apt/keyrings/docker.asc",
    }
    assert extra["packages"][0] == "docker-ce" and "containerd.io" in extra["packages"]


def test_raspberry_pi_64bit_uses_debian_arm64(rendered):
    fields, extra = read(rendered, "rpi-arm64")
    assert fields["Architectures"] == "arm64"
    assert fields["URIs"].endswith("/linux/debian")


def test_raspberry_pi_32bit_uses_raspbian_armhf_and_pins(rendered):
    fields, extra = read(rendered, "rpi-armhf")
    assert fields["Architectures"] == "armhf"
    assert fields["URIs"].endswith("/linux/raspbian") and extra["repo"] == "raspbian"
    assert "docker-ce=5:28.5.*" in extra["packages"] and "docker-ce-cli=5:28.5.*" in extra["packages"]
    assert "containerd.io" in extra["packages"]


def test_ubuntu(rendered):
    fields, _ = read(rendered, "ubuntu-amd64")
    assert fields["URIs"].endswith("/linux/ubuntu") and fields["Suites"] == "noble"


@pytest.mark.parametrize("name", sorted(PLATFORMS))
def test_the_one_call_read_expects_exactly_what_the_template_writes(rendered, name):
    # A mismatch would not break a run, but every re-run would take the slow path (all tasks).
    text = (rendered / (name + ".sources")).read_bytes()
    _fields, extra = read(rendered, name)
    assert extra["sources_checksum"] == hashlib.sha1(text).hexdigest()


KEY_CHECK = """
- name: The docker role's pin of Docker's repository key, evaluated as install-upstream.yml does
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Load the role's defaults and vars
      ansible.builtin.include_vars:
        file: "{{ item }}"
      loop: ["{{ role }}/defaults/main.yml", "{{ role }}/vars/main.yml"]

    - name: Print the verdict on the key
      ansible.builtin.debug:
        msg: "PINNED={{ _docker_key_pinned }} FOUND={{ _docker_key_found | join(',') }}"
      vars:
        _docker_key: {content: "{{ lookup('ansible.builtin.file', key) | b64encode }}"}
"""


@pytest.mark.parametrize("fingerprint, pinned", [
    ("02E3 F594 29F2 EFFC 15B8  0A55 F77F 1924 0B7D F5A5", True),  # the test key's, spaced as gpg prints it
    (None, False),  # the default: Docker's own fingerprint
])
def test_the_repository_key_is_used_only_with_the_pinned_fingerprint(tmp_path, fingerprint, pinned):
    from playbook_run import run_local_play
    extra = {"role": os.path.join(ROOT, "roles", "docker"),
             "key": os.path.join(ROOT, "tests", "unit", "fixtures", "openpgp", "test-key.asc")}
    if fingerprint:
        extra["docker_upstream_key_fingerprint"] = fingerprint
    proc = run_local_play(tmp_path, KEY_CHECK, extra)
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert "PINNED=%s FOUND=02E3F59429F2EFFC15B80A55F77F19240B7DF5A5,FA3FBDE315EA89E980A76D252A58DFC51687A345" % pinned \
        in proc.stdout
