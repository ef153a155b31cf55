# -*- coding: utf-8 -*-
"""Run one of our modules' main() in-process with given args; return what it exited with."""
import contextlib
import json

import pytest
from ansible.module_utils import basic

try:  # ansible-core >= 2.19
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # older ansible-core
    from ansible.module_utils.common.text.converters import to_bytes

    @contextlib.contextmanager
    def patch_module_args(args=None):
        old = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args or {}}))
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = old


class ModuleExit(Exception):
    pass


@pytest.fixture
def run_module(monkeypatch):
    def _run(module_main, args):
        result = {}

        def exit_json(self, **kwargs):
            result.update(kwargs)
            raise ModuleExit()

        def fail_json(self, **kwargs):
            kwargs["failed"] = True
            result.update(kwargs)
            raise ModuleExit()

        monkeypatch.setattr(basic.AnsibleModule, "exit_json", exit_json)
        monkeypatch.setattr(basic.AnsibleModule, "fail_json", fail_json)
        with patch_module_args(args):
            with pytest.raises(ModuleExit):
                module_main()
        return result
    return _run


class FakeTime(object):
    """A clock that only moves when the module sleeps (time.time / time.sleep of the waiting modules)."""

    def __init__(self, now=1000.0):
        self.now = now
        self.sleeps = 0

    def time(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps += 1
        self.now += seconds


@pytest.fixture
def fake_clock():
    """FakeTime(now=1000.0): patch it in as the module's `time`."""
    return FakeTime
