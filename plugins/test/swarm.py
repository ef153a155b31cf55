# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Jinja tests of swarmops.cluster (logic in module_utils/swarm.py; documentation in <test>.yml)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.swarmops.cluster.plugins.module_utils.swarm import transient_api_error


def swarm_election_error(result):
    """True when a registered result carries a Docker API error that passes (a leader election):
    a module's message, or a docker command's stderr."""
    if not isinstance(result, dict):
        return False
    return transient_api_error(result.get("msg")) or transient_api_error(result.get("stderr"))


class TestModule(object):
    def tests(self):
        return {"swarm_election_error": swarm_election_error}
