# -*- coding: utf-8 -*-
"""The bootstrap role's raw task: package names never reach the shell as code.

Run for real on this machine (connection local): a name carrying shell syntax is refused before
`raw` runs, and a good list reaches the shell quoted (python3 is there, so raw only checks).
"""
from playbook_run import run_local_play

PLAY = """
- hosts: localhost
  connection: local
  gather_facts: false
  roles:
    - role: swarmops.cluster.bootstrap
"""


def bootstrap(tmp_path, packages):
    return run_local_play(tmp_path, PLAY, {"bootstrap_packages_apt": list(packages)})


def test_shell_syntax_in_a_package_name_is_refused_before_raw(tmp_path):
    marker = tmp_path / "pwned"
    proc = bootstrap(tmp_path, ["python3", "python3-apt; touch %s" % marker])
    assert proc.returncode != 0, proc.stdout
    assert "which are not package names" in proc.stdout and "python3-apt; touch" in proc.stdout
    assert "Install Python when the node has none" not in proc.stdout
    assert not marker.exists()


def test_good_names_pass_and_python_present_is_ok(tmp_path):
    proc = bootstrap(tmp_path, ["python3", "python3-apt"])
    assert proc.returncode == 0, proc.stdout
    assert "changed=0" in proc.stdout
