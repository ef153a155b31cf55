# -*- coding: utf-8 -*-
"""Make `ansible_collections.swarmops.cluster` importable from a plain checkout.

collections/ansible_collections/swarmops/cluster is a symlink to the repository root.
"""
import json
import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "collections"))

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


@pytest.fixture
def fixture_json():
    def load(name):
        with open(os.path.join(FIXTURES, name)) as handle:
            return json.load(handle)
    return load


@pytest.fixture
def fixture_path():
    def path(name):
        return os.path.join(FIXTURES, name)
    return path
