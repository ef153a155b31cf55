# -*- coding: utf-8 -*-
"""Run ansible-playbook from the unit tests as `make` would: this checkout's ansible.cfg and
collections, the venv's binaries first on PATH (ansible-playbook itself, ignition-validate)."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)


def run_playbook(args, extra_env=None):
    """ansible-playbook <args> in the repository root; returns the CompletedProcess (text output)."""
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"),
               ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, "collections"),
               PATH=BIN + os.pathsep + os.environ.get("PATH", ""))
    env.update(extra_env or {})
    return subprocess.run([os.path.join(BIN, "ansible-playbook")] + list(args),
                          capture_output=True, text=True, env=env, cwd=ROOT)


def run_local_play(tmp_path, play, extra_vars):
    """Write `play` (YAML text) to tmp_path and run it on localhost (connection local, this Python),
    with `extra_vars` (a dict, passed as JSON)."""
    import json
    playbook = tmp_path / "play.yml"
    playbook.write_text(play)
    return run_playbook(["-i", "localhost,", "-e", "ansible_python_interpreter=" + sys.executable,
                         "-e", json.dumps(extra_vars), str(playbook)])
