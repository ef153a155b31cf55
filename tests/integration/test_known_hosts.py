# -*- coding: utf-8 -*-
"""playbooks/known_hosts.yml against a throwaway SSH server on 127.0.0.1 (paramiko, key exchange
only): the fingerprint is shown, and the key is recorded only once confirmed."""
import base64
import hashlib
import socket
import threading

import paramiko
import pytest

from playbook_run import run_playbook


@pytest.fixture(scope="module")
def ssh_server():
    key = paramiko.ECDSAKey.generate()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.settimeout(0.5)
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except socket.timeout:
                continue
            transport = paramiko.Transport(conn)
            transport.add_server_key(key)
            try:
                transport.start_server(server=paramiko.ServerInterface())
            except (paramiko.SSHException, EOFError, OSError):
                pass
            threading.Timer(5, transport.close).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield sock.getsockname()[1], key
    stop.set()
    thread.join(2)
    sock.close()


def run(tmp_path, port, *extra):
    inventory = tmp_path / "hosts.yml"
    # The nodes need become (as in the shipped inventories); the controller's tasks must not use it: a become
    # there would run this "sudo" (as another user: a become to the same user is skipped) and fail.
    inventory.write_text("swarm_managers:\n  vars:\n    ansible_become: true\n  hosts:\n    m1:\n      ansible_host: 127.0.0.1\n"
                         "      ansible_port: %d\n" % port)
    known = tmp_path / "known_hosts"
    proc = run_playbook(["-i", str(inventory), "-e", "known_hosts_file=%s" % known, "-e", "known_hosts_types=ecdsa",
                         "-e", "ansible_become_exe=/nonexistent/sudo", "-e", "ansible_become_user=nobody", "playbooks/known_hosts.yml"] + list(extra))
    return proc, known


def fingerprint(key):
    return "SHA256:" + base64.b64encode(hashlib.sha256(key.asbytes()).digest()).decode().rstrip("=")


def test_without_confirmation_nothing_is_recorded(tmp_path, ssh_server):
    port, key = ssh_server
    proc, known = run(tmp_path, port)
    assert proc.returncode != 0
    assert fingerprint(key) in proc.stdout
    assert "Nothing was recorded" in proc.stdout + proc.stderr
    assert not known.exists() or key.get_base64() not in known.read_text()


def test_confirmed_key_is_recorded_once(tmp_path, ssh_server):
    port, key = ssh_server
    proc, known = run(tmp_path, port, "-e", "known_hosts_confirm=yes")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert fingerprint(key) in proc.stdout
    assert "[127.0.0.1]:%d ecdsa-sha2-nistp256 %s" % (port, key.get_base64()) in known.read_text()
    again, _ = run(tmp_path, port, "-e", "known_hosts_confirm=yes")
    assert again.returncode == 0 and "changed=0" in again.stdout
