# -*- coding: utf-8 -*-
"""Tests that run this checkout's playbooks, the Galaxy build, ansible-doc or Ruby as a user would
(slower than tests/unit, which calls the plugins' Python directly).

collections/ansible_collections/swarmops/cluster is a symlink to the repository root.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "collections"))
# ignition_check (the Ignition spec's JSON schema check) is shared with the unit tests.
sys.path.insert(0, os.path.join(ROOT, "tests", "unit"))
