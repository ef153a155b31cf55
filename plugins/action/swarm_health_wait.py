# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin of swarmops.cluster.swarm_health_wait: long waits say what they wait for
(plugin_utils/progress.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.swarmops.cluster.plugins.plugin_utils.progress import ProgressAction


class ActionModule(ProgressAction):
    MODULE = "swarmops.cluster.swarm_health_wait"
