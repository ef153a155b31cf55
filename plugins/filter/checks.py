# -*- coding: utf-8 -*-
# Copyright: swarmops.cluster contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.swarmops.cluster.plugins.module_utils.checks import (
    controller_path_problem,
    openpgp_fingerprints,
    registry_address_problem,
    registry_tls_problem,
)


class FilterModule(object):
    """Setting checks shared by roles and the preflight (logic in module_utils/checks.py)."""

    def filters(self):
        return {"registry_address_problem": registry_address_problem, "registry_tls_problem": registry_tls_problem,
                "controller_path_problem": controller_path_problem, "openpgp_fingerprints": openpgp_fingerprints}
